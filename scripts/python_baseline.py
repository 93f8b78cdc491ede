#!/usr/bin/env python3
"""The equivalent Python job zhcorpus is compared against: term frequencies with jieba + pandas.

Usage: python3 scripts/python_baseline.py CORPUS_DIR OUT.csv

Every *.txt file under CORPUS_DIR (recursively, hidden entries skipped, sorted by path) is read
and decoded (UTF-8, with or without BOM, else GB18030); each line is cut with
jieba.lcut(line, HMM=False) (zhcorpus' default is HMM off); tokens that are white space or
hold no letter, digit or Han character (punctuation, symbols) are dropped; the rest are counted
with collections.Counter and written with pandas as CSV `term,count`, sorted by count
descending, then term. No OCR repair, sentence splitting or stopwords: the plain script a
user would write, which is what `zhcorpus freq` replaces.

Elapsed seconds (after the imports: dictionary load, reading, cutting, counting, writing) and
MB/s of input bytes (file sizes / 1048576) go to stderr. Needs `pip install jieba pandas`.
"""
import logging
import os
import sys
import time
from collections import Counter

try:
    import jieba
    import pandas as pd
except ImportError as e:
    sys.exit(f"python_baseline.py needs jieba and pandas ({e}): pip install jieba pandas")


def corpus_files(root):
    """*.txt files under root, recursively, hidden entries skipped, sorted by relative path."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.endswith(".txt") and not name.startswith("."):
                path = os.path.join(dirpath, name)
                out.append((os.path.relpath(path, root).replace(os.sep, "/"), path))
    out.sort()
    return [path for _, path in out]


def decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def counted(token):
    # str.isalnum: letters (Han characters are letters, category Lo) and digits.
    return any(c.isalnum() for c in token)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 scripts/python_baseline.py CORPUS_DIR OUT.csv")
    root, out = sys.argv[1], sys.argv[2]
    if os.path.isfile(root):
        files = [root]
    elif os.path.isdir(root):
        files = corpus_files(root)
    else:
        sys.exit(f"python_baseline.py: {root}: no such file or directory")

    start = time.perf_counter()
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    load = time.perf_counter() - start

    counts = Counter()
    nbytes = 0
    tokens = 0
    for path in files:
        with open(path, "rb") as f:
            data = f.read()
        nbytes += len(data)
        for line in decode(data).splitlines():
            words = [w for w in jieba.lcut(line, HMM=False) if counted(w)]
            tokens += len(words)
            counts.update(words)

    df = pd.DataFrame(list(counts.items()), columns=["term", "count"])
    df = df.sort_values(["count", "term"], ascending=[False, True])
    df.to_csv(out, index=False)

    total = time.perf_counter() - start
    mb = nbytes / 1048576
    print(
        f"python jieba+pandas: {mb:.1f} MB, {len(files)} files, {tokens} tokens, "
        f"{len(counts)} terms, dictionary {load:.2f} s, total {total:.2f} s, "
        f"{mb / total:.2f} MB/s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Recompute `zhcorpus collocates` from the token table, independently, and compare.

Reads `zhcorpus tokens` of the corpus, finds each node as its token sequence inside a
sentence, takes WINDOW counted tokens (word, latin, number; not a stopword) on each side,
skipping uncounted ones, and forms Brezina's (2018) 2x2 table over corpus frequencies:
O11 = pairs, R1 = node occurrences, C1 = collocate frequency, N = counted tokens. Every row
and cell of the binary's table, row order included, must match (floats to a relative 1e-9).

usage: collocates.py --bin ZHCORPUS --corpus DIR --workdir DIR [--stopwords FILE]
"""

import argparse
import csv
import io
import math
import os
import subprocess
import sys
from collections import Counter, defaultdict

COUNTED = {"word", "latin", "number"}


def run(bin_, args):
    out = subprocess.run([bin_, "-q", *args], capture_output=True)
    if out.returncode != 0:
        sys.exit(f"{bin_} {' '.join(args)}: exit {out.returncode}: {out.stderr.decode()}")
    return list(csv.reader(io.StringIO(out.stdout.decode("utf-8"))))


def segment(bin_, workdir, term):
    d = os.path.join(workdir, "node")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "t.txt"), "w", encoding="utf-8") as f:
        f.write(term + "\n")
    rows = run(bin_, ["tokens", d])
    i = rows[0].index("token")
    return [r[i] for r in rows[1:]]


def g2(o11, r1, c1, n):
    # a negative cell (overlapping windows) is taken as 0 and the margins recomputed
    cells = [max(0, c) for c in (o11, r1 - o11, c1 - o11, n - r1 - c1 + o11)]
    n = sum(cells)
    rows = (cells[0] + cells[1], cells[2] + cells[3])
    cols = (cells[0] + cells[2], cells[1] + cells[3])
    s = 0.0
    for i, o in enumerate(cells):
        if o:
            s += o * math.log(o / (rows[i // 2] * cols[i % 2] / n))
    return 2 * s


def expected(sentences, stop, node, window, min_count):
    n, freq, r1, pairs = 0, Counter(), 0, Counter()
    for words, kinds in sentences:
        counted = [k in COUNTED and w not in stop for w, k in zip(words, kinds)]
        n += sum(counted)
        freq.update(w for w, c in zip(words, counted) if c)
        kept = [i for i, c in enumerate(counted) if c]
        m = len(node)
        for p in range(len(words) - m + 1):
            if words[p : p + m] == node:
                r1 += 1
                j = kept.index(p)
                for i in kept[max(0, j - window) : j] + kept[j + m : j + m + window]:
                    pairs[words[i]] += 1
    rows = []
    for w, o in pairs.items():
        if o < min_count:
            continue
        c1 = freq[w]
        e = r1 * c1 / n
        rows.append(
            [w, o, c1, r1, math.log2(o / e), (o - e) / math.sqrt(o),
             14 + math.log2(2 * o / (r1 + c1)), g2(o, r1, c1, n)]
        )
    rows.sort(key=lambda r: (-r[6], r[0]))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--stopwords")
    args = ap.parse_args()
    stop_args = ["--stopwords", args.stopwords] if args.stopwords else []
    stop = set()
    if args.stopwords:
        with open(args.stopwords, encoding="utf-8") as f:
            stop = {l.strip() for l in f if l.strip()}
    table = run(args.bin, ["tokens", args.corpus])
    h = table[0]
    key = [h.index(c) for c in ("issue", "article", "sentence")]
    pos, tok, kind = h.index("position"), h.index("token"), h.index("kind")
    by_sentence = defaultdict(list)
    for r in table[1:]:
        by_sentence[tuple(r[k] for k in key)].append((int(r[pos]), r[tok], r[kind]))
    sentences = []
    for toks in by_sentence.values():
        toks.sort()
        sentences.append(([t for _, t, _ in toks], [k for _, _, k in toks]))
    failed = 0
    for term, window, min_count in [("核酸", 5, 2), ("核酸检测", 5, 1), ("疫情", 2, 1),
                                    ("防控", 10, 2), ("检测", 3, 1)]:
        node = segment(args.bin, args.workdir, term)
        want = expected(sentences, stop, node, window, min_count)
        got = run(args.bin, ["collocates", args.corpus, term, "--window", str(window),
                             "--min-count", str(min_count), *stop_args])[1:]
        problems = 0
        if len(got) != len(want):
            print(f"{term}: {len(got)} rows, want {len(want)}")
            problems += 1
        for g, w in zip(got, want):
            if g[:4] != [str(x) for x in w[:4]] or any(
                abs(float(a) - b) > 1e-9 * max(1.0, abs(b)) for a, b in zip(g[4:], w[4:])
            ):
                print(f"{term}: got {g}, want {w}")
                problems += 1
        print(f"collocates {term} --window {window}: {len(want)} rows, {problems} problems")
        failed += problems
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

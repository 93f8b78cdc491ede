#!/usr/bin/env python3
"""Build a synthetic news-like corpus with planted reprints, for benchmarking `--dedup`.

Usage: scripts/make-news-corpus.py OUT_DIR SIZE_MB [--reprints SHARE] [--seed N] [--dict FILE]

`make-corpus.py` pages are shuffled seed paragraphs: every article shares paragraphs with
hundreds of others, the worst case for `reprints` (nearly every pair of articles is a
candidate). Real news is the opposite: most articles share no 5-character string with any
other, and a minority is wire copy printed several times. This script writes that: articles
of words drawn from jieba's dictionary with their dictionary frequencies (so the text segments
like Chinese, with a vocabulary of hundreds of thousands of words), in sentences and
paragraphs under `#` headings, ~4 KB an article, five articles a page; a share SHARE (default
0.1) of the articles are copies of one of the previous 2,000 articles: half verbatim, three in
ten under a new headline with one paragraph cut, one in five with OCR noise (one Han
character in 60 replaced by 口). metadata.csv gives each page a newspaper and a date.
Deterministic for a given --seed; the planted copies are counted on stderr.
"""
import argparse
import bisect
import os
import random
import sys

from pages import Pages, jieba_dict

HERE = os.path.dirname(os.path.abspath(__file__))


def load_words(path):
    words, cum, total = [], [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in parts[0]):
                continue
            total += int(parts[1])
            words.append(parts[0])
            cum.append(total)
    return words, cum


class Writer:
    def __init__(self, rng, words, cum):
        self.rng, self.words, self.cum = rng, words, cum

    def draw(self, n):
        total = self.cum[-1]
        r = self.rng.random
        return [self.words[bisect.bisect_right(self.cum, r() * total)] for _ in range(n)]

    def sentence(self):
        rng = self.rng
        ws = self.draw(rng.randint(6, 20))
        out = []
        for i, w in enumerate(ws):
            out.append(w)
            if i + 1 < len(ws) and rng.random() < 0.12:
                out.append("，")
        return "".join(out) + "。"

    def article(self):
        rng = self.rng
        title = "".join(self.draw(rng.randint(2, 4)))
        paras, size = [], 0
        while size < 4000:
            p = "".join(self.sentence() for _ in range(rng.randint(2, 6)))
            paras.append(p)
            size += len(p.encode("utf-8"))
        return title, paras


def noisy(paras):
    n = 0
    out = []
    for p in paras:
        chars = []
        for c in p:
            if "\u4e00" <= c <= "\u9fff":
                n += 1
                if n % 60 == 0:
                    c = "口"
            chars.append(c)
        out.append("".join(chars))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--reprints", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dict", default=None)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    words, cum = load_words(args.dict or jieba_dict())
    w = Writer(rng, words, cum)
    target = int(args.size_mb * 1024 * 1024)
    pages = Pages(args.out)
    pool = []
    planted = {"verbatim": 0, "cut": 0, "noise": 0}
    articles = 0
    while pages.written < target:
        parts = []
        for _ in range(5):
            articles += 1
            if pool and rng.random() < args.reprints:
                title, paras = rng.choice(pool)
                kind = rng.random()
                if kind < 0.5:
                    planted["verbatim"] += 1
                elif kind < 0.8 and len(paras) > 1:
                    planted["cut"] += 1
                    title = w.article()[0]
                    paras = paras[:]
                    del paras[rng.randrange(len(paras))]
                else:
                    planted["noise"] += 1
                    paras = noisy(paras)
            else:
                title, paras = w.article()
                pool.append((title, paras))
                if len(pool) > 2000:
                    pool.pop(0)
            parts.append(f"# {title}\n\n" + "\n\n".join(paras) + "\n")
        pages.write("\n".join(parts).encode("utf-8"))
    pages.finish()
    copies = sum(planted.values())
    print(f"{args.out}: {pages.page} pages, {articles} articles, {pages.written / 1048576:.1f} MB; "
          f"{copies} planted copies ({planted['verbatim']} verbatim, {planted['cut']} with a "
          f"new headline and a paragraph cut, {planted['noise']} with OCR noise)",
          file=sys.stderr)


if __name__ == "__main__":
    main()

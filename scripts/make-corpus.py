#!/usr/bin/env python3
"""Build a large synthetic benchmark corpus from the seed pages.

Usage: scripts/make-corpus.py OUT_DIR SIZE_MB [--seed N] [--page-kb K]

Real newspaper text at scale is not redistributable, so the benchmark corpora are made from
the seed pages: each output file (one "page", ~K KB, default 20) is a random sequence of seed
paragraphs, lines re-wrapped at random column widths (the OCR hard-wrap noise the seeds show).
Every tenth page is written in GB18030 and every seventh with CRLF line ends, so decoding and
line-end handling are on the measured path. The vocabulary is the seeds' (a few thousand
types), so peak-memory figures from these corpora show how memory grows with input size at a
fixed vocabulary. Deterministic for a given --seed. A metadata.csv gives each page a newspaper
and a date. The corpora are not committed: build them where you benchmark.
"""
import argparse
import os
import random
import sys

from pages import Pages

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(HERE, "..", "seeds")


def paragraphs():
    out = []
    for name in sorted(os.listdir(SEEDS)):
        if name.endswith(".txt"):
            with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
                text = f.read()
            for block in text.split("\n\n"):
                block = block.strip()
                if block:
                    out.append(block.replace("\n", ""))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--page-kb", type=int, default=20)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    paras = paragraphs()
    target = int(args.size_mb * 1024 * 1024)
    page_bytes = args.page_kb * 1024
    pages = Pages(args.out)
    while pages.written < target:
        lines = []
        size = 0
        while size < page_bytes:
            p = rng.choice(paras)
            width = rng.randint(15, 40)
            if p.startswith("#") or rng.random() < 0.5:
                lines.append(p)
            else:
                lines.extend(p[i:i + width] for i in range(0, len(p), width))
            lines.append("")
            size += len(p.encode("utf-8")) + 2
        text = "\n".join(lines)
        if pages.page % 7 == 3:
            text = text.replace("\n", "\r\n")
        pages.write(text.encode("gb18030" if pages.page % 10 == 5 else "utf-8"))
    pages.finish()
    print(f"{args.out}: {pages.page} pages, {pages.written / 1048576:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()

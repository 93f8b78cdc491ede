"""Writing a synthetic benchmark corpus (`make-corpus.py`, `make-news-corpus.py`,
`make-zipf-corpus.py`): pages in folders of a thousand, a metadata.csv giving each page a
newspaper and a date, and jieba-rs's dictionary for the generators that draw its words."""
import os
import glob
import json
import subprocess
import sys

# The repository (this file is in its scripts/).
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PAPERS = ["吕梁日报", "朔州日报", "山西日报"]


def jieba_dict():
    """jieba-rs's dict.txt: the package `jieba-rs` of this repository's dependency graph (cargo
    metadata), else the newest one under ~/.cargo/registry."""
    for offline in (["--offline"], []):  # offline first: no index update when all is fetched
        try:
            meta = subprocess.run(["cargo", "metadata", "--format-version", "1", *offline],
                                  cwd=REPO, capture_output=True, check=True, timeout=300).stdout
            for p in json.loads(meta)["packages"]:
                if p["name"] == "jieba-rs":
                    path = os.path.join(os.path.dirname(p["manifest_path"]), "src", "data",
                                        "dict.txt")
                    if os.path.isfile(path):
                        return path
        except (OSError, subprocess.SubprocessError, ValueError, KeyError):
            pass
    found = sorted(glob.glob(os.path.expanduser(
        "~/.cargo/registry/src/*/jieba-rs-*/src/data/dict.txt")))
    if not found:
        sys.exit("jieba-rs's dict.txt not found (cargo metadata, ~/.cargo/registry): fetch the "
                 "dependencies (cargo fetch) or give --dict PATH")
    return found[-1]


def paper_and_date(page):
    """The newspaper and the date (year, month, day) of page number `page`."""
    day = 1 + page % 28
    month = 1 + (page // 28) % 12
    year = 2020 + (page // 336) % 3
    return PAPERS[page % 3], (year, month, day)


class Pages:
    """Pages written one after another under `out`, counted (`page`) with their bytes
    (`written`); `finish` writes metadata.csv."""

    def __init__(self, out):
        self.out = out
        self.page = 0
        self.written = 0
        self.meta = ["file,newspaper,date"]
        os.makedirs(out, exist_ok=True)

    def write(self, data):
        page = self.page
        name = f"p{page:07d}.txt"
        sub = f"{page // 1000:04d}"
        os.makedirs(os.path.join(self.out, sub), exist_ok=True)
        with open(os.path.join(self.out, sub, name), "wb") as f:
            f.write(data)
        paper, (year, month, day) = paper_and_date(page)
        self.meta.append(f"{sub}/{name},{paper},{year}-{month:02d}-{day:02d}")
        self.written += len(data)
        self.page += 1

    def finish(self):
        with open(os.path.join(self.out, "metadata.csv"), "w", encoding="utf-8") as f:
            f.write("\n".join(self.meta) + "\n")

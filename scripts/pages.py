"""Writing a synthetic benchmark corpus (`make-corpus.py`, `make-news-corpus.py`): pages in
folders of a thousand, and a metadata.csv giving each page a newspaper and a date."""
import os

PAPERS = ["吕梁日报", "朔州日报", "山西日报"]


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

#!/usr/bin/env python3
"""Build a newspaper-like benchmark corpus whose vocabulary keeps growing with its size.

Usage: scripts/make-zipf-corpus.py OUT_DIR SIZE_MB [--seed N] [--dict PATH] [--jobs N]

`make-corpus.py` repeats the seed pages (a few thousand types at any size) and
`make-news-corpus.py` draws words with jieba's own dictionary frequencies; neither has the
vocabulary growth of real news (Heaps' law: types = K * tokens^beta, beta about 0.5 for
newswire; Manning, Raghavan & Schuetze, Introduction to Information Retrieval, 2008, sec. 5.1.1:
Reuters RCV1, 44 * T^0.49), which is what makes term tables, n-gram tables, phrase candidates
and the report grow. This script writes text with that growth:

Words. jieba's whole dictionary (the dict.txt that jieba-rs ships: found with `cargo metadata`
in this repository, else under ~/.cargo/registry, or --dict PATH), about 350,000 words ranked by
their dictionary frequency (ties by word, code-point order). Rank r is drawn with probability
proportional to 1/r^S1 up to rank R0 and, continuing from there, to R0^S1 * (R0/r)^S2 beyond
(S1 = 1.0, R0 = 10,000, S2 = 2.0). A single exponent cannot grow like news on a closed
dictionary: with 1/r^1.0 a 10 MB corpus already uses 220,000 of the 350,000 words and 100 MB
all of them (no growth after that), and an exponent steep enough to grow slowly (1.4) makes the
commonest word a third of the text. The two-regime law is the shape measured on large corpora
(Ferrer i Cancho & Sole 2001: exponent about 1 for a core lexicon of some thousands of words,
about 2 beyond) and the shape of jieba's dictionary itself (its frequencies fall as r^-1.0 from
rank 50 to 20,000 and as r^-2.0 beyond); it keeps the head of real Chinese text (the commonest
word about 9% of tokens, the top 100 about 47%, the top 10,000 about 90%) and draws new
dictionary words as tokens^0.5 until the dictionary is spent (about 70,000 words at 2 million
tokens = 10 MB, 190,000 at 100 MB, 335,000 at 1 GB).

New words, outside the dictionary, as in news, so that the vocabulary keeps growing past the
dictionary: personal names (a common surname + one or two given-name characters; the people of
an article recur in it; bylines from each paper's reporters), place names (two characters + 县,
镇, 村, 街道...), numbers (counts with units, sums in 万元/亿元 with decimals, percentages, dates
such as 2022年10月3日, times, phone and document numbers; one in twenty in full-width digits),
and Latin (COVID-19, PCR, GDP, 5G..., train numbers such as G1234). jieba (HMM off, the default)
cuts unknown Han names into known pieces, so names and places add character strings (phrases,
n-grams) more than word types; numbers and Latin add types.

Topics. Each article has a handful of topic words (drawn from ranks 200 to 30,000) that recur in
it, so terms cluster in articles as in news (dispersion, keywords); an epidemic topic (疫情,
核酸检测, 防控...) is more common in 2020 and 2022 than in 2021, so trends and keyness by date
have something to find.

Layout, as the seed pages: one file per issue (pages of 20-60 KB, folders of a thousand, via
pages.py), articles under `# ` titles, some with a `## ` subtitle, a byline and `### ` section
headings; paragraphs of sentences of 8-40 words ending in 。！？ with ，、；“”《》 inside; a third
of the paragraphs hard-wrapped at 15-40 characters (OCR column breaks). metadata.csv gives each
page a newspaper (three) and a date (2020-2022). All UTF-8, LF.

Measured (zhcorpus 573d03d, `freq` rows = types of counted terms, HMM off):

    size     counted tokens   types     of which numbers / Latin   cN (make-corpus.py)
    10 MB      2.09 million    76,946     5,111 /    790             3,831
    100 MB    20.8 million    223,553    30,305 /  4,830             4,078
    1 GB       208 million    483,136   132,572 / 23,442             4,114

Heaps' exponent 0.46 from 10 to 100 MB and 0.34 from 100 MB to 1 GB (RCV1's law above gives
55,000, 171,000 and 527,000 types at these token counts).

Deterministic: the same bytes for the same --seed and dictionary (Python 3.11's `random`),
whatever --jobs (page i is drawn from its own generator, seeded with the seed and i; default: one
process per core). 1 GB took 219 s on two cores that were also compiling (237 s of CPU).
`scripts/bench` prints the types and tokens that `zhcorpus freq` counts on it.
"""
import argparse
import bisect
import itertools
import math
import multiprocessing
import os
import random
import sys
import time

from pages import PAPERS, Pages, jieba_dict, paper_and_date

# The rank-frequency law of the dictionary words (see the docstring).
S1, R0, S2 = 1.0, 10_000, 2.0
CELL_BITS = 20

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
            "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
            "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
            "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
            "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
            "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
DOUBLE_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆帅旭"
         "宁龙林欣佳怡雪梅琳晨阳博文斌建国志海峰亮成新永春庆东荣生德福祥瑞嘉婷颖倩晶莉琴慧丹蕾薇菲"
         "妍萱涵轩泽睿铭昊然子梓思晓立云飞宏兵鑫波晖毅泉远光中保卫金银喜顺发贵有和安乐力民振兴家秋"
         "冬月香琦璐悦琪露蓉岚洁晴彤翠仙鹤松柏竹兰菊莲蓓蕊珊瑶璇琛琨瑜璋珂钰锋锐铮钢铁鑫淼森焱垚"
         "磊犇骏驰腾跃翔鸿鹰雁燕鹃莺凤麟彪虎豹威武雄杰俊豪英贤良善仁义礼智信忠孝廉耻勤俭恭让谦")
PLACE = ("柳林石楼汾阳交口岚兴临方山中孝义文水平遥大同朔右玉怀仁应宁武静乐河曲保德偏关五寨神池代"
         "繁峙原定襄忻府盂寿昔榆社左权和顺沁源黎城壶长治屯留潞垣高陵川泽州晋霍洪洞吉隰蒲永济芮稷"
         "绛闻喜夏垣翼浮襄汾侯马古交清徐娄烦阳曲广灵浑源灵丘天镇阳高新荣云冈南郊北关东西上下前后"
         "王家李张刘赵杨马庄沟峪坪坡湾堡寨营屯桥渠源泉岭峰梁峁塔窑店铺集坊园")
PLACE_SUFFIX = ("县", "镇", "乡", "村", "街道", "社区", "区", "路", "小区", "庄", "村委会", "工业园区")
LATIN = ("COVID-19", "PCR", "GDP", "CPI", "PPI", "PMI", "APP", "5G", "AI", "VR", "WiFi", "CT", "ICU",
         "SUV", "PM2.5", "NBA", "CEO", "IT", "3D", "LED", "USB", "QQ", "WTO", "APEC", "ETC", "KTV",
         "MBA", "Omicron", "Delta", "BA.5", "BF.7", "XBB", "N95", "IPO", "B2B", "O2O", "4G", "H5N1",
         "GPS", "DNA", "CBD", "VIP", "ATM", "NGO", "WHO", "CCTV", "PPT", "Excel", "iPhone", "Android")
UNITS = ("人", "个", "家", "户", "名", "次", "万元", "亿元", "元", "吨", "公里", "亩", "平方米", "项",
         "件", "所", "辆", "场", "万人", "余人", "多名", "个村", "万亩", "千瓦", "立方米", "套", "台")
DEC_UNITS = ("万元", "亿元", "公里", "万吨", "万人", "亿千瓦时", "平方公里", "万亩", "倍", "万平方米")
EPIDEMIC = ("疫情", "核酸检测", "防控", "疫情防控", "核酸", "隔离", "疫苗", "接种", "健康码", "志愿者",
            "封控", "静默", "确诊", "病例", "密切接触者", "流调", "消毒", "社区", "防疫", "新冠")
EPIDEMIC_SHARE = {2020: 0.35, 2021: 0.10, 2022: 0.30}  # share of articles on the epidemic
ENDS = "。" * 46 + "！！？？"
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def load_ranked(path):
    """The dictionary's words by frequency, highest first, ties by word."""
    entries = {}
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                entries[parts[0]] = max(int(parts[1]), entries.get(parts[0], 0))
    if len(entries) < 1000:
        sys.exit(f"{path}: not a jieba dictionary (word freq [tag] lines)")
    return [w for w, _ in sorted(entries.items(), key=lambda e: (-e[1], e[0]))]


def cumulative(n, start=1):
    """Cumulative weights of ranks start..start+n-1 under the two-regime law."""
    c = R0 ** -S1

    def weight(r):
        return r ** -S1 if r <= R0 else c * (R0 / r) ** S2

    return list(itertools.accumulate(weight(r) for r in range(start, start + n)))


class Writer:
    """Pages of text; page `i` is drawn with its own generator (seeded with the corpus seed and
    i), so that pages can be written in any order by any number of processes, same bytes."""

    def __init__(self, seed, words):
        self.seed = seed
        self.words = words
        # The dictionary words: a uniform 52-bit draw x picks rank bisect(cum, x / 2^52) with cum
        # the normalised cumulative weights. `cells` holds that word for the 2^20 cells of x (its
        # top 20 bits) that lie inside one word's interval (94% of the probability), None for
        # the others (where the bisection decides): the same draw as random.choices would make
        # from the same number, at half the cost.
        cum = cumulative(len(words))
        total = cum[-1]
        self.cum = [c / total for c in cum]
        self.cum[-1] = 1.0
        m = 1 << CELL_BITS
        cells = [None] * m
        prev = 0.0
        for w, c in zip(words, self.cum):
            lo, hi = math.ceil(prev * m), math.ceil(c * m - 1)  # cells lo..hi-1 lie inside
            if hi > lo:
                cells[lo:hi] = [w] * (hi - lo)
            prev = c
        self.cells = cells
        self.content = words[100:]  # titles and topics: no function words
        self.content_cum = cumulative(len(self.content), start=101)
        self.topic_pool = words[200:30_000]
        self.topic_cum = cumulative(len(self.topic_pool), start=201)
        self.reseed("reporters")
        # sentence lengths 8..40 words, most around 14-20 (a triangular law)
        self.lengths = [round(self.rng.triangular(8, 40, 14)) for _ in range(4096)]
        self.reporters = {p: [self.name() for _ in range(300)] for p in PAPERS}
        self.year = 2020
        self.cast = []
        self.places = []
        self.topic = []

    def reseed(self, what):
        self.rng = random.Random(f"{self.seed}/{what}")
        self.r = self.rng.random

    # new words -------------------------------------------------------------------------
    def name(self):
        r = self.r
        x = r()
        if x < 0.01:
            s = DOUBLE_SURNAMES[int(r() * len(DOUBLE_SURNAMES))]
        else:  # common surnames first: a rough Zipf law over the list
            s = SURNAMES[int(len(SURNAMES) * r() ** 2.5)]
        g = GIVEN[int(r() * len(GIVEN))]
        if r() < 0.7:
            g += GIVEN[int(r() * len(GIVEN))]
        return s + g

    def place(self):
        r = self.r
        return (PLACE[int(r() * len(PLACE))] + PLACE[int(r() * len(PLACE))]
                + PLACE_SUFFIX[int(r() * len(PLACE_SUFFIX))])

    def number(self):
        r = self.r
        x = r()
        if x < 0.22:  # dates
            y = self.year if r() < 0.7 else 1990 + int(r() * 33)
            m, d = 1 + int(r() * 12), 1 + int(r() * 31)
            k = r()
            s = f"{y}年{m}月{d}日" if k < 0.35 else f"{m}月{d}日" if k < 0.8 else f"{y}年"
        elif x < 0.52:  # counts: log-uniform up to 10^5
            s = f"{int(math.exp(r() * 11.5))}{UNITS[int(r() * len(UNITS))]}"
        elif x < 0.66:  # sums and lengths with decimals
            v = math.exp(r() * 9.2 - 2.3)
            s = f"{v:.{1 + int(r() * 2)}f}{DEC_UNITS[int(r() * len(DEC_UNITS))]}"
        elif x < 0.82:  # percentages
            s = f"{r() * 100:.1f}%" if r() < 0.7 else f"{1 + int(r() * 100)}%"
        elif x < 0.90:  # times of day
            h, mi = int(r() * 24), int(r() * 60)
            s = f"{h}时{mi:02d}分" if r() < 0.6 else f"{h}:{mi:02d}"
        elif x < 0.95:  # ordinals
            s = f"第{1 + int(r() * 120)}{'期届次批名'[int(r() * 5)]}"
        elif x < 0.985:  # document numbers
            s = f"晋政发〔{self.year}〕{1 + int(r() * 200)}号"
        else:  # phone numbers
            s = (f"0358-{int(r() * 9_000_000) + 1_000_000}" if r() < 0.5
                 else f"1{3 + int(r() * 6)}{int(r() * 1e9):09d}")
        return s.translate(FULL) if r() < 0.05 else s

    def latin(self):
        r = self.r
        if r() < 0.75:
            return LATIN[int(len(LATIN) * r() ** 2)]
        return f"{'GDKZT'[int(r() * 5)]}{1 + int(math.exp(r() * 9.2))}次"  # train numbers

    # text ------------------------------------------------------------------------------
    def draw(self, k):
        cells, words, cum = self.cells, self.words, self.cum
        bits = self.rng.getrandbits
        return [cells[x >> (52 - CELL_BITS)] or words[bisect.bisect_right(cum, x * 2.0 ** -52)]
                for x in [bits(52) for _ in range(k)]]

    def clause_items(self, ws):
        """Insert this sentence's new words and topic words into the drawn words `ws`."""
        r = self.r
        n = len(ws)
        if r() < 0.55 and self.topic:
            ws[int(r() * n)] = self.topic[int(r() * len(self.topic))]
        if r() < 0.25 and self.topic:
            ws[int(r() * n)] = self.topic[int(r() * len(self.topic))]
        if r() < 0.38:
            ws.insert(int(r() * n), self.number())
        if r() < 0.12 and self.cast:
            ws.insert(int(r() * n), self.cast[int(r() * len(self.cast))])
        if r() < 0.06 and self.places:
            ws.insert(int(r() * n), self.places[int(r() * len(self.places))])
        if r() < 0.04:
            ws.insert(int(r() * n), self.latin())
        if r() < 0.05:  # a book or document title
            i = int(r() * n)
            ws.insert(i, "《" + "".join(self.rng.choices(
                self.content, cum_weights=self.content_cum, k=2 + int(r() * 3))) + "》")
        return ws

    def sentence(self, ws):
        r = self.r
        ws = self.clause_items(ws)
        n = len(ws)
        parts = []
        i = 0
        while i < n:
            c = 3 + int(r() * 9)
            if r() < 0.12 and c >= 4:  # an enumeration
                parts.append("、".join(ws[i:i + 3]) + "".join(ws[i + 3:i + c]))
            else:
                parts.append("".join(ws[i:i + c]))
            i += c
        if len(parts) > 1 and r() < 0.1:
            j = int(r() * len(parts))
            parts[j] = "“" + parts[j] + "”"
        s = "，".join(parts)
        if r() < 0.08:
            s = s.replace("，", "；", 1)
        return s + ENDS[int(r() * len(ENDS))]

    def paragraph(self):
        r = self.r
        lens = [self.lengths[int(r() * 4096)] for _ in range(1 + int(r() * 5))]
        ws = self.draw(sum(lens))
        out = []
        i = 0
        for n in lens:
            out.append(self.sentence(ws[i:i + n]))
            i += n
        p = "".join(out)
        if r() < 0.33:  # hard-wrapped at the column width
            w = 15 + int(r() * 26)
            p = "\n".join(p[j:j + w] for j in range(0, len(p), w))
        return p

    def title(self, lo, hi):
        r = self.r
        ws = self.rng.choices(self.content, cum_weights=self.content_cum, k=lo + int(r() * (hi - lo + 1)))
        if self.topic and r() < 0.5:
            ws[int(r() * len(ws))] = self.topic[0]
        if r() < 0.3:
            return "".join(ws[:2]) + " " + "".join(ws[2:])
        return "".join(ws)

    def article(self, paper):
        r = self.r
        rng = self.rng
        self.cast = [self.name() for _ in range(int(r() * 5))]
        self.places = [self.place() for _ in range(int(r() * 3))]
        topic = rng.choices(self.topic_pool, cum_weights=self.topic_cum, k=3 + int(r() * 6))
        if r() < EPIDEMIC_SHARE.get(self.year, 0.2):
            topic = list(rng.sample(EPIDEMIC, 4)) + topic[:3]
        self.topic = topic
        lines = ["# " + self.title(2, 6), ""]
        if r() < 0.3:
            lines += ["## " + self.title(3, 8), ""]
        k = r()
        reporters = self.reporters[paper]
        if k < 0.4:
            lines += [f"本报记者 {reporters[int(r() * 300)]}", ""]
        elif k < 0.6:
            lines += [f"本报讯（记者 {reporters[int(r() * 300)]} 通讯员 {self.name()}）", ""]
        size = 0
        target = 800 + int(r() ** 2 * 7000)
        paras = 0
        while size < target:
            if paras and paras % 5 == 0 and r() < 0.5:
                lines += ["### " + self.title(2, 4), ""]
            p = self.paragraph()
            lines += [p, ""]
            size += 3 * len(p)
            paras += 1
        return lines

    def page(self, i):
        """Page i, in UTF-8."""
        self.reseed(i)
        paper, (year, _, _) = paper_and_date(i)
        self.year = year
        target = 20_000 + int(self.r() * 40_000)  # bytes, about 3 per character
        lines = []
        size = 0
        while size < target:
            a = self.article(paper)
            lines += a
            size += 3 * sum(len(x) for x in a)
        return "\n".join(lines).encode("utf-8")


WRITER = None  # the workers' Writer (inherited by fork)


def page(i):
    return WRITER.page(i)


def main():
    global WRITER
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dict", default=None, help="jieba dictionary (default: jieba-rs's dict.txt)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="processes (default: all cores; the same bytes with any number)")
    args = ap.parse_args()
    if args.size_mb <= 0:
        sys.exit("SIZE_MB must be positive")
    start = time.time()
    path = args.dict or jieba_dict()
    words = load_ranked(path)
    WRITER = Writer(args.seed, words)
    target = int(args.size_mb * 1024 * 1024)
    pages = Pages(args.out)
    articles = 0
    pool = multiprocessing.get_context("fork").Pool(args.jobs) if args.jobs > 1 else None
    batch = 16 * max(1, args.jobs)
    while pages.written < target:
        first = pages.page
        if pool:
            data = pool.map(page, range(first, first + batch), chunksize=4)
        else:
            data = [page(first)]
        for d in data:
            if pages.written >= target:
                break
            articles += d.count(b"\n# ") + 1
            pages.write(d)
    if pool:
        pool.terminate()
    pages.finish()
    print(f"{args.out}: {pages.page} pages, {articles} articles, {pages.written / 1048576:.1f} MB "
          f"in {time.time() - start:.0f} s ({args.jobs} processes); dictionary: {path}",
          file=sys.stderr)


if __name__ == "__main__":
    main()

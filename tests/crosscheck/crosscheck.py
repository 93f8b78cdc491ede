#!/usr/bin/env python3
"""Independent cross-check of zhcorpus's freq, ngrams, issues, keyness and trend analyses.

Everything is recomputed in plain Python from the token and sentence tables that
`zhcorpus tokens` exports, following the definitions of the README (not the Rust code),
and compared cell by cell, row order included, with what the binary prints.

    python3 tests/crosscheck/crosscheck.py --bin PATH --corpus DIR [--stopwords zh]
                                           [--workdir TMPDIR]

Exit status 0 when every check passes, 1 on any mismatch (the first mismatches of each
check are printed), 2 when the binary fails or the input is unusable.
"""

import argparse
import csv
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from fractions import Fraction

try:  # only to cross-check this file's own Clopper-Pearson bounds; CI does without it
    from scipy.stats import beta as scipy_beta
except ImportError:
    scipy_beta = None

COUNTED = {"word", "latin", "number"}
TRACKED = ["核酸", "疫情", "核酸检测"]
# keyness --target: the column, and the test an issue's value must pass (empty never does)
KEYNESS_TARGET = ("date<2021-01-01", "date", lambda v: v != "" and v < "2021-01-01")
# keyness --alpha values checked (None: the default, 0.05)
KEYNESS_ALPHAS = (None, 0.001)
TREND_TERMS = ["疫情", "核酸检测"]
TREND_BY = "date"
NGRAM_SIZES = (2, 3)
MAX_SHOWN = 10
REL_TOL = 1e-9
ABS_TOL = 1e-12

HAN_RANGES = [
    (0x2E80, 0x2FDF),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),
]


def is_han(ch):
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in HAN_RANGES)


def fail_hard(msg):
    print(f"crosscheck: {msg}", file=sys.stderr)
    sys.exit(2)


# ---------------------------------------------------------------------------------------
# Running the binary and reading its tables


class Runner:
    def __init__(self, binary, stopwords):
        self.binary = binary
        self.stopwords = stopwords

    def run(self, args, stop=True):
        cmd = [self.binary, "-q"] + args
        if stop and self.stopwords:
            cmd += ["--stopwords", self.stopwords]
        proc = subprocess.run(cmd, capture_output=True)
        if proc.returncode != 0:
            fail_hard(
                f"{' '.join(cmd)} exited with {proc.returncode}:\n"
                + proc.stderr.decode("utf-8", "replace")
            )
        return proc.stdout.decode("utf-8")


def parse_csv(text):
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return [], []
    return rows[0], rows[1:]


def read_csv_file(path):
    with open(path, encoding="utf-8", newline="") as f:
        return parse_csv(f.read())


class TokenTable:
    """The token table: rows in file order, grouped by sentence."""

    def __init__(self, header, rows):
        if header[:6] != ["issue", "article", "sentence", "position", "token", "kind"]:
            fail_hard(f"unexpected token table header {header}")
        self.header = header
        self.meta_cols = header[6:]
        self.rows = []  # (issue, article, sentence, position, token, kind, meta tuple)
        for r in rows:
            self.rows.append(
                (r[0], int(r[1]), int(r[2]), int(r[3]), r[4], r[5], tuple(r[6:]))
            )
        # issue -> metadata tuple (first row of the issue)
        self.meta = {}
        # (issue, article, sentence) -> [(position, token, counted)] in file order
        self.sentences = {}
        for issue, art, sen, pos, tok, kind, meta in self.rows:
            self.meta.setdefault(issue, meta)
            self.sentences.setdefault((issue, art, sen), []).append(
                (pos, tok, kind in COUNTED)
            )

    def counted_by_issue(self):
        out = defaultdict(list)
        for issue, _a, _s, _p, tok, kind, _m in self.rows:
            if kind in COUNTED:
                out[issue].append(tok)
        return out

    def runs(self):
        """Maximal runs of counted tokens at consecutive positions, per issue."""
        for (issue, _a, _s), toks in self.sentences.items():
            run = []
            prev = None
            for pos, tok, counted in sorted(toks, key=lambda t: t[0]):
                if counted and run and prev is not None and pos == prev + 1:
                    run.append(tok)
                else:
                    if run:
                        yield issue, run
                    run = [tok] if counted else []
                prev = pos
            if run:
                yield issue, run


# ---------------------------------------------------------------------------------------
# Independent computations


def expected_freq(tt, by):
    """Rows [group?, term, count, rank, per_10k, doc_freq]."""

    def group_of(issue):
        if by is None:
            return None
        if by == "issue":
            return issue
        return tt.meta[issue][tt.meta_cols.index(by)]

    counts = defaultdict(Counter)
    docs = defaultdict(lambda: defaultdict(set))
    for issue, toks in tt.counted_by_issue().items():
        g = group_of(issue)
        counts[g].update(toks)
        for t in toks:
            docs[g][t].add(issue)
    rows = []
    for g in sorted(counts, key=lambda x: "" if x is None else x):
        c = counts[g]
        n = sum(c.values())
        values = sorted(c.values(), reverse=True)
        first_index = {}
        for i, v in enumerate(values):
            first_index.setdefault(v, i)
        for term in sorted(c, key=lambda t: (-c[t], t)):
            row = [term, c[term], first_index[c[term]] + 1, 10000 * c[term] / n,
                   len(docs[g][term])]
            rows.append(([g] if by is not None else []) + row)
    header = (["group"] if by is not None else []) + [
        "term", "count", "rank", "per_10k", "doc_freq"]
    types = (["str"] if by is not None else []) + ["str", "int", "int", "float", "int"]
    return header, types, rows


def xlogx_over(o, e):
    if o == 0:
        return 0.0
    return o * math.log(o / e)


def association(o11, fx, fy, n):
    """pmi, npmi, t_score, log_dice, g2 of a 2x2 table from O11, margins and N."""
    e11 = fx * fy / n
    pmi = math.log2(o11 / e11)
    npmi = None if o11 == n else pmi / -math.log2(o11 / n)
    t_score = (o11 - e11) / math.sqrt(o11)
    log_dice = 14 + math.log2(2 * o11 / (fx + fy))
    o12 = fx - o11
    o21 = fy - o11
    o22 = n - fx - fy + o11
    r1, r2 = fx, n - fx
    c1, c2 = fy, n - fy
    g2 = 2 * math.fsum([
        xlogx_over(o11, r1 * c1 / n),
        xlogx_over(o12, r1 * c2 / n),
        xlogx_over(o21, r2 * c1 / n),
        xlogx_over(o22, r2 * c2 / n),
    ])
    return [pmi, npmi, t_score, log_dice, g2]


def expected_ngrams(tt, sizes):
    rows = []
    for n in sizes:
        counts = Counter()
        docs = defaultdict(set)
        for issue, run in tt.runs():
            for i in range(len(run) - n + 1):
                g = tuple(run[i:i + n])
                counts[g] += 1
                docs[g].add(issue)
        total = sum(counts.values())
        # f(l) and f(r) for every split point k: occurrences beginning with l / ending with r
        left = [None] + [Counter() for _ in range(1, n)]
        right = [None] + [Counter() for _ in range(1, n)]
        for g, c in counts.items():
            for k in range(1, n):
                left[k][g[:k]] += c
                right[k][g[k:]] += c
        for g, c in counts.items():
            # min pmi = max f(l)*f(r) (O11 and N are shared by all splits); compared on exact
            # integers so that mathematically equal splits tie, and the first k wins the tie
            best_k, best_prod = None, -1
            for k in range(1, n):
                prod = left[k][g[:k]] * right[k][g[k:]]
                if prod > best_prod:
                    best_k, best_prod = k, prod
            fl = left[best_k][g[:best_k]]
            fr = right[best_k][g[best_k:]]
            rows.append(
                ["".join(g), " ".join(g), n, c, len(docs[g])] + association(c, fl, fr, total)
            )
    rows.sort(key=lambda r: (-r[3], r[0], r[1], r[2]))
    header = ["ngram", "tokens", "n", "count", "doc_freq", "pmi", "npmi", "t_score",
              "log_dice", "g2"]
    types = ["str", "str", "int", "int", "int"] + ["float"] * 5
    return header, types, rows


def count_sequence(tt, issue_sentences, seq):
    """Occurrences of the token sequence seq at consecutive positions, all counted."""
    total = 0
    for key in issue_sentences:
        toks = sorted(tt.sentences[key], key=lambda t: t[0])
        for i in range(len(toks) - len(seq) + 1):
            window = toks[i:i + len(seq)]
            if all(w[2] for w in window) and [w[1] for w in window] == seq and all(
                window[j + 1][0] == window[j][0] + 1 for j in range(len(seq) - 1)
            ):
                total += 1
    return total


def expected_issues(tt, sent_rows, issue_ids, meta_fallback, tracked_segs):
    sentences = defaultdict(int)
    articles = defaultdict(set)
    chars = defaultdict(int)
    for issue, art, _sen, text in sent_rows:
        sentences[issue] += 1
        articles[issue].add(art)
        chars[issue] += sum(1 for ch in text if is_han(ch))
    counted = tt.counted_by_issue()
    sent_keys = defaultdict(list)
    for key in tt.sentences:
        sent_keys[key[0]].append(key)
    rows = []
    for issue in sorted(issue_ids):
        if issue in tt.meta:
            meta = list(tt.meta[issue])
        else:
            meta = [meta_fallback.get(issue, {}).get(c, "") for c in tt.meta_cols]
        meta = [m if m != "" else None for m in meta]
        c = Counter(counted.get(issue, []))
        ntok = sum(c.values())
        types = len(c)
        ttr = types / ntok if ntok else None
        hapax = sum(1 for v in c.values() if v == 1)
        top = sorted(c, key=lambda t: (-c[t], t))[:10]
        top_terms = "、".join(top) if top else None
        row = [issue] + meta + [len(articles[issue]), sentences[issue], chars[issue], ntok,
                                types, ttr, hapax, top_terms]
        for term in TRACKED:
            seg = tracked_segs[term]
            if len(seg) == 1:
                occ = c[seg[0]]
            else:
                occ = count_sequence(tt, sent_keys[issue], seg)
            row.append(10000 * occ / ntok if ntok else None)
        rows.append(row)
    header = ["issue"] + tt.meta_cols + [
        "articles", "sentences", "chars", "tokens", "types", "ttr", "hapax", "top_terms"
    ] + [f"per_10k:{t}" for t in TRACKED]
    types_ = ["str"] + ["str"] * len(tt.meta_cols) + [
        "int", "int", "int", "int", "int", "float", "int", "str"] + ["float"] * len(TRACKED)
    return header, types_, rows


def issue_meta(tt, issue, meta_fallback):
    """The issue's metadata values (aligned with tt.meta_cols), "" where missing."""
    if issue in tt.meta:
        return list(tt.meta[issue])
    return [meta_fallback.get(issue, {}).get(c, "") for c in tt.meta_cols]


def binomial_tail(k, n, t, upper):
    """P(X >= k) (upper) or P(X <= k) for X ~ Binomial(n, p), p = 1/(1 + e^-t).

    Summed term by term from k away from the mean (pmf(j+1) = pmf(j)(n-j)/(j+1) p/q), or
    as 1 minus the other side when k lies beyond the mean, so that the terms summed always
    shrink and the sum stops when they no longer count."""
    # log p and log q without overflow
    if t <= 0:
        lp, lq = t - math.log1p(math.exp(t)), -math.log1p(math.exp(t))
    else:
        lp, lq = -math.log1p(math.exp(-t)), -t - math.log1p(math.exp(-t))
    mean = n * math.exp(lp)
    if upper and k <= 0:
        return 1.0
    if not upper and k >= n:
        return 1.0

    def run(start, step):
        ln_pmf = (math.lgamma(n + 1) - math.lgamma(start + 1) - math.lgamma(n - start + 1)
                  + start * lp + (n - start) * lq)
        terms, total, j, ratio_log = [], 0.0, start, lp - lq
        while 0 <= j <= n:
            term = math.exp(ln_pmf)
            terms.append(term)
            total += term
            if term < 1e-20 * total:
                break
            if step > 0:
                ln_pmf += math.log((n - j) / (j + 1)) + ratio_log if j < n else 0
            else:
                ln_pmf += math.log(j / (n - j + 1)) - ratio_log if j > 0 else 0
            j += step
        return math.fsum(terms)

    if upper:  # P(X >= k)
        return run(k, 1) if k >= mean else 1.0 - run(k - 1, -1)
    # P(X <= k)
    return run(k, -1) if k <= mean else 1.0 - run(k + 1, 1)


def bisect_logit(g, target):
    """The t in [-60, 60] where the increasing g(t) crosses target, by bisection."""
    lo, hi = -60.0, 60.0
    if not (g(lo) < target < g(hi)):
        fail_hard(f"clopper-pearson bound outside [-60, 60] ({g(lo)}, {g(hi)}, {target})")
    while True:
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi) or hi - lo <= 4e-16 * max(1.0, abs(mid)):
            return mid
        if g(mid) < target:
            lo = mid
        else:
            hi = mid


_CP_CACHE = {}


def clopper_pearson_logits(k, n, alpha):
    """The exact two-sided 1 - alpha interval of a binomial share, k of n, as log-odds
    (ln(p/(1-p)) of p_lo, p_hi): p_lo solves P(X >= k | p) = alpha/2 (p_lo = 0 when k = 0),
    p_hi solves P(X <= k | p) = alpha/2 (p_hi = 1 when k = n)."""
    key = (k, n, alpha)
    if key not in _CP_CACHE:
        half = alpha / 2
        lo = -math.inf if k == 0 else bisect_logit(
            lambda t: binomial_tail(k, n, t, True), half)
        hi = math.inf if k == n else bisect_logit(
            lambda t: -binomial_tail(k, n, t, False), -half)
        if scipy_beta is not None:  # the same bounds from SciPy's Beta quantiles
            for got, ref in ((lo, 0.0 if k == 0 else scipy_beta.ppf(half, k, n - k + 1)),
                             (hi, 1.0 if k == n else scipy_beta.ppf(1 - half, k + 1, n - k))):
                if 0.0 < ref < 1.0:
                    p = 1 / (1 + math.exp(-got))
                    if abs(p - ref) > 1e-9 * max(ref, 1e-300) + 1e-15:
                        fail_hard(f"clopper-pearson {k}/{n}: {p} here, {ref} from scipy")
        _CP_CACHE[key] = (lo, hi)
    return _CP_CACHE[key]


def lr_conservative(a, b, c1, c2, alpha):
    """Hardie's conservative log ratio (Evert's LRC): the Clopper-Pearson interval of
    p = a/(a+b) mapped by f(p) = log2(p/(1-p) * c2/c1); the bound nearest 0, or 0 when the
    interval holds 0."""
    if a + b == 0:
        return 0.0
    lo, hi = clopper_pearson_logits(a, a + b, alpha)
    shift = math.log(c2 / c1)
    f_lo = (lo + shift) / math.log(2)
    f_hi = (hi + shift) / math.log(2)
    if f_lo > 0:
        return f_lo
    if f_hi < 0:
        return f_hi
    return 0.0


def expected_keyness(tt, issue_ids, meta_fallback, target, alpha):
    """Rows [term, count_target, count_reference, per_10k_target, per_10k_reference, g2,
    p_value, log_ratio, pct_diff, lr_conservative]: the target against every other issue."""
    _expr, column, test = target
    ci = tt.meta_cols.index(column)
    in_target = {i for i in issue_ids if test(issue_meta(tt, i, meta_fallback)[ci])}
    sides = (Counter(), Counter())
    for issue, toks in tt.counted_by_issue().items():
        sides[0 if issue in in_target else 1].update(toks)
    target_counts, reference_counts = sides
    c1, c2 = sum(target_counts.values()), sum(reference_counts.values())
    n = c1 + c2
    rows = []
    for term in set(target_counts) | set(reference_counts):
        a, b = target_counts[term], reference_counts[term]
        # the 2x2 table [a, b; c1 - a, c2 - b], E = row total * column total / N
        r1, r2 = a + b, n - a - b
        g2 = 2 * (xlogx_over(a, r1 * c1 / n) + xlogx_over(b, r1 * c2 / n)
                  + xlogx_over(c1 - a, r2 * c1 / n) + xlogx_over(c2 - b, r2 * c2 / n))
        # the sign on exact integers: a/c1 against b/c2
        direction = (a * c2 > b * c1) - (a * c2 < b * c1)
        g2 = abs(g2) * direction
        p_value = math.erfc(math.sqrt(abs(g2) / 2))
        # log_ratio and pct_diff with 0.5 for a zero count, but 0 where that 0.5 gives
        # them a sign other than the direction (compared exactly, as fractions)
        a5 = Fraction(a) if a else Fraction(1, 2)
        b5 = Fraction(b) if b else Fraction(1, 2)
        smoothed = (a5 / c1 > b5 / c2) - (a5 / c1 < b5 / c2)
        if direction != 0 and smoothed == direction:
            rel_t, rel_r = float(a5) / c1, float(b5) / c2
            log_ratio = math.log2(rel_t / rel_r)
            pct_diff = 100 * (rel_t - rel_r) / rel_r
        else:
            log_ratio = pct_diff = 0.0
        lrc = lr_conservative(a, b, c1, c2, 0.05 if alpha is None else alpha)
        rows.append([term, a, b, 10000 * a / c1, 10000 * b / c2, g2, p_value,
                     log_ratio, pct_diff, lrc])
    rows.sort(key=lambda r: (-r[5], r[0]))
    header = ["term", "count_target", "count_reference", "per_10k_target",
              "per_10k_reference", "g2", "p_value", "log_ratio", "pct_diff",
              "lr_conservative"]
    types = ["str", "int", "int"] + ["float"] * 7
    return header, types, rows


def poisson_cdf(x, mu):
    """P(X <= x) for X ~ Poisson(mu), summed in log space with math.fsum."""
    if mu == 0:
        return 1.0
    return math.fsum(math.exp(k * math.log(mu) - mu - math.lgamma(k + 1)) for k in range(x + 1))


def solve_mu(f, target):
    """The mu at which the decreasing function f(mu) equals target, by bisection."""
    lo, hi = 0.0, 1.0
    while f(hi) > target:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) > target:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15 * hi:
            break
    return (lo + hi) / 2


def garwood(x):
    """The exact (Garwood) 95% interval of a Poisson mean from a count x, found directly
    from its definition (not from chi-square quantiles): the lower bound is the mu with
    P(X >= x) = 0.025 (0 when x = 0), the upper the mu with P(X <= x) = 0.025."""
    # P(X >= x) = 0.025 is P(X <= x - 1) = 0.975
    lower = 0.0 if x == 0 else solve_mu(lambda mu: poisson_cdf(x - 1, mu), 0.975)
    upper = solve_mu(lambda mu: poisson_cdf(x, mu), 0.025)
    return lower, upper


def expected_trend(tt, issue_ids, meta_fallback, by, term_segs):
    """Rows [group, term, count, per_10k, ci_low, ci_high] for every group of `by` and every
    term; the interval is Garwood's, scaled per 10,000 tokens."""
    sent_keys = defaultdict(list)
    for key in tt.sentences:
        sent_keys[key[0]].append(key)
    counted = tt.counted_by_issue()
    tokens = Counter()
    counts = defaultdict(Counter)
    for issue in issue_ids:
        g = issue if by == "issue" else issue_meta(tt, issue, meta_fallback)[
            tt.meta_cols.index(by)]
        tokens[g] += len(counted.get(issue, []))
        for term, seg in term_segs.items():
            counts[g][term] += count_sequence(tt, sent_keys[issue], seg)
    rows = []
    for g in sorted(tokens):
        for term in sorted(term_segs):
            c = counts[g][term]
            if tokens[g]:
                lo, hi = garwood(c)
                rows.append([g, term, c, 10000 * c / tokens[g],
                             10000 * lo / tokens[g], 10000 * hi / tokens[g]])
            else:
                rows.append([g, term, c, None, None, None])
    return (["group", "term", "count", "per_10k", "ci_low", "ci_high"],
            ["str", "str", "int", "float", "float", "float"], rows)


# ---------------------------------------------------------------------------------------
# Comparison


def close(a, b):
    if a == b:
        return True
    if math.isnan(a) or math.isnan(b) or math.isinf(a) or math.isinf(b):
        return False
    return abs(a - b) <= max(REL_TOL * max(abs(a), abs(b)), ABS_TOL)


def cell_matches(kind, expected, got):
    if expected is None:
        return got == ""
    if kind == "str":
        return got == expected
    if kind == "int":
        return got == str(expected)
    try:
        g = float(got)
    except ValueError:
        return False
    return close(float(expected), g)


def show(v):
    return "null" if v is None else repr(v)


class Report:
    def __init__(self):
        self.failed = False

    def ok(self, line):
        print(line)

    def bad(self, name, problems, total):
        self.failed = True
        print(f"{name}: MISMATCH ({total} problem(s)); first {min(total, MAX_SHOWN)}:")
        for p in problems[:MAX_SHOWN]:
            print(f"  {p}")


def compare_table(report, name, expected, got_text):
    header, types, rows = expected
    got_header, got_rows = parse_csv(got_text)
    problems = []
    if got_header != header:
        problems.append(f"header: expected {header}, got {got_header}")
        report.bad(name, problems, len(problems))
        return
    if len(got_rows) != len(rows):
        problems.append(f"row count: expected {len(rows)}, got {len(got_rows)}")
    total = len(problems)
    for i, (exp, got) in enumerate(zip(rows, got_rows), start=1):
        if len(got) != len(header):
            total += 1
            problems.append(f"row {i}: {len(got)} fields, expected {len(header)}: {got}")
            continue
        for col, kind, e, g in zip(header, types, exp, got):
            if not cell_matches(kind, e, g):
                total += 1
                if len(problems) < MAX_SHOWN:
                    key = " ".join(str(x) for x in exp[:2] if x is not None)
                    problems.append(
                        f"row {i} ({key}), column {col}: expected {show(e)}, got {g!r}"
                    )
    if total:
        report.bad(name, problems, total)
    else:
        report.ok(f"{name}: {len(rows)} rows match")


def check(report, name, problems, summary):
    if problems:
        report.bad(name, problems, len(problems))
    else:
        report.ok(f"{name}: {summary}")


# ---------------------------------------------------------------------------------------
# Invariants


def check_freq_sum(report, name, tt, got_text):
    header, rows = parse_csv(got_text)
    col = header.index("count")
    total = sum(int(r[col]) for r in rows)
    counted = sum(1 for r in tt.rows if r[5] in COUNTED)
    problems = []
    if total != counted:
        problems.append(f"sum of counts {total} != counted token rows {counted}")
    check(report, f"{name} sum", problems, f"sum of counts = {counted} counted tokens")


def check_text_and_positions(report, full, sent_rows):
    problems = []
    texts = {(i, a, s): t for i, a, s, t in sent_rows}
    for key in full.sentences:
        if key not in texts:
            problems.append(f"sentence {key} of the token table is not in the sentence table")
    for key, text in texts.items():
        toks = full.sentences.get(key, [])
        joined = "".join(t[1] for t in toks)
        want = "".join(text.split())
        if joined != want:
            problems.append(f"sentence {key}: tokens join to {joined!r}, text is {want!r}")
        positions = [t[0] for t in toks]
        if positions != list(range(1, len(toks) + 1)):
            problems.append(f"sentence {key}: positions {positions} are not 1..{len(toks)}")
    check(report, "tokens", problems,
          f"{len(texts)} sentences: tokens concatenate to the text, positions 1..n")


def check_stopword_table(report, full, stop):
    """The --stopwords table is the full table minus whole terms, positions kept."""
    problems = []
    kept_terms, dropped_terms = set(), set()
    j = 0
    for row in full.rows:
        if j < len(stop.rows) and stop.rows[j] == row:
            kept_terms.add(row[4])
            j += 1
        else:
            dropped_terms.add(row[4])
    if j != len(stop.rows):
        problems.append(
            f"stopword table row {j + 2} {stop.rows[j][:6]} is not a row of the full table"
        )
    both = sorted(kept_terms & dropped_terms)
    if both:
        problems.append(f"terms both kept and dropped: {both[:20]}")
    check(report, "stopwords", problems,
          f"{len(full.rows) - len(stop.rows)} rows of {len(dropped_terms)} terms dropped, "
          "positions kept")


def check_issue_bounds(report, tt, got_text):
    header, rows = parse_csv(got_text)
    ia, isen = header.index("articles"), header.index("sentences")
    arts = defaultdict(set)
    sens = defaultdict(set)
    for issue, art, sen in tt.sentences:
        arts[issue].add(art)
        sens[issue].add((art, sen))
    problems = []
    for r in rows:
        if int(r[ia]) < len(arts[r[0]]) or int(r[isen]) < len(sens[r[0]]):
            problems.append(
                f"issue {r[0]}: articles {r[ia]} / sentences {r[isen]} below the token "
                f"table's {len(arts[r[0]])} / {len(sens[r[0]])}"
            )
    check(report, "issues bounds", problems,
          "articles and sentences >= those seen in the token table")


# ---------------------------------------------------------------------------------------
# Corpus inputs that the token table cannot show (empty issues, their metadata)


def corpus_issue_ids(corpus):
    if os.path.isfile(corpus):
        return {os.path.splitext(os.path.basename(corpus))[0]}
    ids = set()
    for root, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if not f.startswith(".") and f.endswith(".txt"):
                ids.add(f[: -len(".txt")])
    return ids


def corpus_metadata(corpus):
    path = os.path.join(corpus, "metadata.csv")
    if not os.path.isfile(path):
        return {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        out = {}
        for row in csv.DictReader(f):
            stem = os.path.splitext(os.path.basename(row.get("file", "")))[0]
            out[stem] = row
        return out


def segment(runner, workdir, term, index):
    d = os.path.join(workdir, f"track{index}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "t.txt"), "w", encoding="utf-8") as f:
        f.write(term + "\n")
    header, rows = parse_csv(runner.run(["tokens", d], stop=False))
    seg = [r[header.index("token")] for r in rows]
    if "".join(seg) != term:
        fail_hard(f"tracked term {term!r} segments to {seg}")
    return seg


# ---------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the zhcorpus binary")
    ap.add_argument("--corpus", required=True, help="corpus directory")
    ap.add_argument("--stopwords", help="passed on as --stopwords (e.g. zh)")
    ap.add_argument("--workdir", help="directory for intermediate files (default: temporary)")
    args = ap.parse_args()

    own_tmp = args.workdir is None
    workdir = tempfile.mkdtemp(prefix="crosscheck") if own_tmp else args.workdir
    os.makedirs(workdir, exist_ok=True)
    try:
        failed = run_checks(args, workdir)
    finally:
        if own_tmp:
            shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(1 if failed else 0)


def run_checks(args, workdir):
    runner = Runner(args.bin, args.stopwords)
    corpus = args.corpus
    report = Report()

    full_path = os.path.join(workdir, "tokens_full.csv")
    sent_path = os.path.join(workdir, "sentences.csv")
    runner.run(["tokens", corpus, "-o", full_path, "--sentences", sent_path], stop=False)
    full = TokenTable(*read_csv_file(full_path))
    sent_header, sent_raw = read_csv_file(sent_path)
    if sent_header != ["issue", "article", "sentence", "text"]:
        fail_hard(f"unexpected sentence table header {sent_header}")
    sent_rows = [(r[0], int(r[1]), int(r[2]), r[3]) for r in sent_raw]

    if args.stopwords:
        stop_path = os.path.join(workdir, "tokens.csv")
        runner.run(["tokens", corpus, "-o", stop_path])
        tt = TokenTable(*read_csv_file(stop_path))
    else:
        tt = full

    check_text_and_positions(report, full, sent_rows)
    if args.stopwords:
        check_stopword_table(report, full, tt)

    freq_runs = [("freq", None)]
    if "newspaper" in tt.meta_cols:
        freq_runs.append(("freq --by newspaper", "newspaper"))
    freq_runs.append(("freq --by issue", "issue"))
    for name, by in freq_runs:
        got = runner.run(["freq", corpus] + (["--by", by] if by else []))
        compare_table(report, name, expected_freq(tt, by), got)
        check_freq_sum(report, name, tt, got)

    got = runner.run(["ngrams", corpus, "-n", "2..3", "--min-count", "1"])
    compare_table(report, "ngrams", expected_ngrams(tt, NGRAM_SIZES), got)

    segs = {t: segment(runner, workdir, t, i) for i, t in enumerate(TRACKED)}
    track_args = []
    for t in TRACKED:
        track_args += ["--track", t]
    got = runner.run(["issues", corpus] + track_args)
    issue_ids = corpus_issue_ids(corpus) | {r[0] for r in sent_rows} | set(tt.meta)
    expected = expected_issues(tt, sent_rows, issue_ids, corpus_metadata(corpus), segs)
    compare_table(report, "issues", expected, got)
    check_issue_bounds(report, tt, got)

    meta_fallback = corpus_metadata(corpus)
    if KEYNESS_TARGET[1] in tt.meta_cols:
        for alpha in KEYNESS_ALPHAS:
            flags = ["--target", KEYNESS_TARGET[0]]
            if alpha is not None:
                flags += ["--alpha", str(alpha)]
            got = runner.run(["keyness", corpus] + flags)
            expected = expected_keyness(tt, issue_ids, meta_fallback, KEYNESS_TARGET, alpha)
            compare_table(report, f"keyness {' '.join(flags)}", expected, got)
    if TREND_BY in tt.meta_cols:
        term_segs = {t: segment(runner, workdir, t, len(TRACKED) + i)
                     for i, t in enumerate(TREND_TERMS)}
        got = runner.run(["trend", corpus] + TREND_TERMS + ["--by", TREND_BY])
        expected = expected_trend(tt, issue_ids, meta_fallback, TREND_BY, term_segs)
        compare_table(report, f"trend {' '.join(TREND_TERMS)} --by {TREND_BY}", expected, got)

    return report.failed


if __name__ == "__main__":
    main()

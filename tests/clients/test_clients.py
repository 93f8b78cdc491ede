"""zhcorpus's outputs in the tools researchers load them into (README: "Output compatibility").

- Every Parquet output is read by DuckDB (`read_parquet`) and by polars, and must hold the rows
  of the same command's CSV output: the same column names in the same order, the same number of
  rows, and every value equal once the CSV text is read as the column's type in that client
  (integers and text exactly; floats exactly too, since zhcorpus writes each float in the
  shortest decimal form that reads back as the same double; `date` as a calendar date).
- Shards of the seeds counted apart are aggregated by Spark (local[2]) as `merge` aggregates
  them, and the result is `zhcorpus merge` of the same shards, row for row.
- CSV written with `--bom` is converted to .xlsx by LibreOffice headless and read back with
  openpyxl: the Chinese text and the numbers are intact and the BOM is not in the first cell.

Run by `tests/clients/run` (which `.ci/run` calls); the binary is $ZHCORPUS.
"""

import csv
import datetime
import math
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ZH = os.environ.get("ZHCORPUS", "")

# (name, corpus, arguments after the corpus): every command with a table output, and the
# variants that add columns or nulls. "seeds+" is the seeds with a reprinted, undated page.
COMMANDS = [
    ("tokens", "seeds", ["tokens"]),
    ("tokens-undated", "seeds+", ["tokens"]),
    ("freq", "seeds", ["freq"]),
    ("freq-by-date", "seeds", ["freq", "--by", "date"]),
    ("ngrams", "seeds", ["ngrams", "-n", "2..3"]),
    ("issues", "seeds+", ["issues", "--track", "核酸", "--track", "疫情"]),
    ("keyness", "seeds", ["keyness", "--target", "date<2021-01-01"]),
    ("trend", "seeds", ["trend", "核酸", "疫情", "核酸检测", "--by", "date", "--test"]),
    # 长江大桥 never occurs: a row of empty (null) statistics.
    ("dispersion", "seeds", ["dispersion", "核酸", "疫情", "核酸检测", "武汉", "长江大桥"]),
    ("kwic", "seeds+", ["kwic", "核酸检测"]),
    ("collocates", "seeds", ["collocates", "核酸"]),
    ("keywords", "seeds", ["keywords"]),
    ("phrases", "seeds", ["phrases"]),
    ("reprints", "seeds+", ["reprints"]),
    ("count", "seeds+", ["count"]),
]

# A client's column type, reduced to how the CSV text is read for it.
POLARS_KINDS = {
    pl.Int8: int, pl.Int16: int, pl.Int32: int, pl.Int64: int,
    pl.UInt8: int, pl.UInt16: int, pl.UInt32: int, pl.UInt64: int,
    pl.Float32: float, pl.Float64: float,
    pl.String: str, pl.Boolean: bool, pl.Date: datetime.date,
}
DUCKDB_KINDS = {
    "TINYINT": int, "SMALLINT": int, "INTEGER": int, "BIGINT": int, "HUGEINT": int,
    "UTINYINT": int, "USMALLINT": int, "UINTEGER": int, "UBIGINT": int,
    "FLOAT": float, "DOUBLE": float,
    "VARCHAR": str, "BOOLEAN": bool, "DATE": datetime.date,
}


def zh(*args):
    """Run zhcorpus quietly; fail with its stderr."""
    done = subprocess.run([ZH, "-q", *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, f"zhcorpus {' '.join(map(str, args))}: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    """A work directory with the corpora: `seeds`, and `seeds+` = the seeds and a copy of page
    000 as 005, a reprint with no date (so that reprints has rows and `date` has a null)."""
    assert ZH and os.access(ZH, os.X_OK), f"ZHCORPUS={ZH!r} is not an executable zhcorpus"
    work = tmp_path_factory.mktemp("clients")
    plus = work / "seeds+"
    shutil.copytree(SEEDS, plus)
    shutil.copy(SEEDS / "000_797ed97eab3695c8.txt", plus / "005_reprint.txt")
    with open(plus / "metadata.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["005_reprint.txt", "吕梁日报", "", "page 000 again, undated (client tests)"])
    (work / "seeds").symlink_to(SEEDS)
    return work


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def from_text(text, kind):
    """A CSV field as a value of a column of type `kind` (an empty field is null; CSV cannot
    tell an empty string from a null, so text columns compare nulls as empty strings)."""
    if kind is str:
        return text
    if text == "":
        return None
    if kind is int:
        return int(text)
    if kind is float:
        return float(text)
    if kind is bool:
        assert text in ("true", "false"), text
        return text == "true"
    if kind is datetime.date:
        return datetime.date.fromisoformat(text)
    raise AssertionError(kind)


def same(a, b):
    """Equal, NaN equal to NaN; floats exactly."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def assert_same_table(client, names, kinds, columns, csv_header, csv_rows):
    """A client's table (column names, their kinds, column-wise values) equals the CSV's."""
    assert names == csv_header, f"{client}: columns {names} != CSV {csv_header}"
    heights = {len(c) for c in columns}
    assert heights == {len(csv_rows)}, f"{client}: {heights} rows, CSV {len(csv_rows)}"
    for i, (name, kind, values) in enumerate(zip(names, kinds, columns)):
        assert kind is not None, f"{client}: column {name}: unexpected type"
        if kind is str:
            values = ["" if v is None else v for v in values]
        want = [from_text(row[i], kind) for row in csv_rows]
        bad = [(r, v, w) for r, (v, w) in enumerate(zip(values, want)) if not same(v, w)]
        assert not bad, f"{client}: column {name}: {len(bad)} rows differ, first (row, got, CSV): {bad[0]}"


def read_polars(path):
    df = pl.read_parquet(path)
    kinds = [POLARS_KINDS.get(t) for t in df.dtypes]
    return df.columns, kinds, [df.get_column(c).to_list() for c in df.columns]


def read_duckdb(path):
    with duckdb.connect() as con:
        result = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
        names = [d[0] for d in result.description]
        rows = result.fetchall()
        types = con.execute(
            "SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", [str(path)]
        ).fetchall()
    kinds = [DUCKDB_KINDS.get(t) for (t,) in types]
    return names, kinds, [[row[i] for row in rows] for i in range(len(names))]


@pytest.mark.parametrize("name,corpus,args", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_parquet_is_the_csv_in_duckdb_and_polars(work, name, corpus, args):
    csv_path, pq_path = work / f"{name}.csv", work / f"{name}.parquet"
    for out in (csv_path, pq_path):
        zh(args[0], work / corpus, *args[1:], "-o", out)
    header, rows = read_csv(csv_path)
    assert rows, f"{name}: the CSV has no rows"
    readers = {"DuckDB": read_duckdb, "polars": read_polars}
    kinds_by_client = {}
    for client, read in readers.items():
        names, kinds, columns = read(pq_path)
        assert_same_table(f"{name} in {client}", names, kinds, columns, header, rows)
        kinds_by_client[client] = kinds
    # Both read each column as the same kind, and the metadata `date` as a date.
    assert kinds_by_client["DuckDB"] == kinds_by_client["polars"], name
    kinds = dict(zip(header, kinds_by_client["polars"]))
    if "date" in kinds:
        assert kinds["date"] is datetime.date, name
    for column in ("count", "per_10k", "g2"):
        if column in kinds:
            assert kinds[column] is (int if column == "count" else float), (name, column)
    nulls = sum(1 for r in rows for v in r if v == "")
    print(f"\n  {name}: DuckDB and polars read {len(rows)} rows x {len(header)} columns "
          f"({', '.join(f'{c}:{k.__name__}' for c, k in kinds.items())}), "
          f"= the CSV ({nulls} empty fields)")


def test_merge_output_in_duckdb_and_polars(work):
    """`merge` writes what `count` writes: both clients read the merged shards as its CSV."""
    for i, files in enumerate([["000", "001", "002"], ["003", "004", "005"]]):
        shard = work / f"half-{i}"
        shard.mkdir()
        shutil.copy(work / "seeds+" / "metadata.csv", shard)
        for f in (work / "seeds+").glob("*.txt"):
            if f.name[:3] in files:
                (shard / f.name).symlink_to(f)
        zh("count", "--follow-links", shard, "-o", work / f"half-{i}.parquet")
    halves = [work / "half-0.parquet", work / "half-1.parquet"]
    zh("merge", *halves, "-o", work / "merge.csv")
    zh("merge", *halves, "-o", work / "merge.parquet")
    zh("count", work / "seeds+", "-o", work / "whole.csv")
    assert (work / "merge.csv").read_bytes() == (work / "whole.csv").read_bytes()
    header, rows = read_csv(work / "merge.csv")
    for client, read in {"DuckDB": read_duckdb, "polars": read_polars}.items():
        assert_same_table(f"merge in {client}", *read(work / "merge.parquet"), header, rows)
    print(f"\n  merge: DuckDB and polars read {len(rows)} rows x {len(header)} columns = the CSV")


def test_counts_written_by_duckdb_and_polars_are_read(work):
    """A counts file rewritten by another tool (DuckDB's COPY; polars with statistics, and with
    the counts as signed 64-bit integers) is read by `merge` as the file zhcorpus wrote."""
    original = work / "count-rewritten.parquet"
    zh("count", work / "seeds+", "-o", original)
    counts = ["count", "articles", "sentences", "chars"]
    rewritten = {
        "DuckDB": lambda out: duckdb.sql(
            f"COPY (SELECT * FROM read_parquet('{original}')) TO '{out}' (FORMAT parquet)"),
        "polars": lambda out: pl.read_parquet(original).write_parquet(out, statistics=True),
        "polars, Int64 counts": lambda out: pl.read_parquet(original).with_columns(
            pl.col(counts).cast(pl.Int64)).write_parquet(out, compression="snappy"),
    }
    zh("merge", original, "-o", work / "count-rewritten.csv")
    want = (work / "count-rewritten.csv").read_bytes()
    for i, (client, write) in enumerate(rewritten.items()):
        out = work / f"rewritten-{i}.parquet"
        write(out)
        zh("merge", out, "-o", work / f"rewritten-{i}.csv")
        assert (work / f"rewritten-{i}.csv").read_bytes() == want, client
    print(f"\n  counts rewritten by {', '.join(rewritten)}: merge reads each as zhcorpus's own")


def shards_of_seeds(work, n):
    """scripts/sharded-count's shards: contiguous runs of the seeds' files in path order, each
    a directory of links plus metadata.csv, counted as separate jobs (one thread each)."""
    files = sorted(SEEDS.glob("*.txt"))
    per = -(-len(files) // n)
    out = []
    for s in range(n):
        shard = work / f"shard-{s:04d}"
        shard.mkdir()
        shutil.copy(SEEDS / "metadata.csv", shard)
        for f in files[s * per:(s + 1) * per]:
            (shard / f.name).symlink_to(f)
        zh("--threads", "1", "count", "--follow-links", shard, "-o", f"{shard}.parquet")
        out.append(Path(f"{shard}.parquet"))
    return out


def spark_merge(spark, paths):
    """What `zhcorpus merge` computes, in Spark SQL, as a DataFrame: per (issue, term) the summed count; per
    issue its sizes summed over the inputs (taken once per input) and its metadata; issues in
    the order of the inputs (the shards are in path order, so by issue id), terms in code-point
    order (Spark compares strings by their UTF-8 bytes, which is code-point order)."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(*map(str, paths)).withColumn("input", F.input_file_name())
    terms = (df.where(F.col("term").isNotNull())
             .groupBy("issue", "term")
             .agg(F.sum("count").alias("count"), F.min("kind").alias("kind"),
                  F.countDistinct("kind").alias("kinds")))
    sizes = (df.groupBy("input", "issue")
             .agg(*[F.first(c).alias(c) for c in ("articles", "sentences", "chars")])
             .groupBy("issue")
             .agg(*[F.sum(c).alias(c) for c in ("articles", "sentences", "chars")]))
    meta = df.groupBy("issue").agg(
        *[F.first(c).alias(c) for c in ("newspaper", "date", "date_basis")],
        F.countDistinct("newspaper", "date_basis").alias("metas"))
    # Spark reads Parquet's unsigned 64-bit integers as DECIMAL(20,0): back to integers.
    sums = [F.col(c).cast("bigint").alias(c) for c in ("count", "articles", "sentences", "chars")]
    merged = (terms.join(sizes, "issue").join(meta, "issue")
              .orderBy("issue", "term")
              .select("issue", "term", "kind", *sums, "newspaper", "date", "date_basis",
                      "kinds", "metas"))
    assert merged.where((F.col("kinds") != 1) | (F.col("metas") != 1)).count() == 0
    return merged.drop("kinds", "metas")


def test_spark_aggregates_shards_as_merge_does(work):
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    shards = shards_of_seeds(work, 3)
    again = work / "shard-0000-again.parquet"  # a shard counted twice: sums across inputs
    shutil.copy(shards[0], again)
    spark = (SparkSession.builder.master("local[2]").appName("zhcorpus-clients")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "4")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for inputs in (shards, shards + [again]):
            merged = work / f"merged-{len(inputs)}.parquet"
            zh("merge", *inputs, "-o", merged)
            df = pl.read_parquet(merged)
            assert df.schema["date"] == pl.Date
            want = list(df.iter_rows())
            got = [tuple(r) for r in spark_merge(spark, inputs).collect()]
            assert len(got) == len(want) > 6000
            bad = [(i, g, w) for i, (g, w) in enumerate(zip(got, want)) if g != w]
            assert not bad, f"{len(bad)} rows differ, first (row, Spark, merge): {bad[0]}"
            print(f"\n  Spark local[2] over {len(inputs)} shard files: {len(got)} "
                  f"(issue, term) rows = zhcorpus merge, row for row")
        # Spark's aggregate written as Parquet (one file) is a counts file zhcorpus reads: its
        # merge is the merge of the shards, byte for byte.
        out = work / "spark-merged"
        spark_merge(spark, shards).coalesce(1).write.parquet(str(out))
        [part] = out.glob("part-*.parquet")
        zh("merge", part, "-o", work / "spark-merged.csv")
        zh("merge", *shards, "-o", work / "merged-3.csv")
        assert (work / "spark-merged.csv").read_bytes() == (work / "merged-3.csv").read_bytes()
        print(f"  Spark's aggregate written as Parquet ({part.stat().st_size} bytes): "
              f"zhcorpus merge reads it as the shards' merge, byte for byte")
        # Per (term, kind) over the shards: freq's counts of the merged file and of the text.
        totals = (spark.read.parquet(*map(str, shards)).where(F.col("term").isNotNull())
                  .groupBy("term", "kind").agg(F.sum("count").alias("n")).collect())
        by_term = {r["term"]: int(r["n"]) for r in totals}
        assert len(by_term) == len(totals), "a term with two kinds"
        for source in (work / "merged-3.parquet", SEEDS):
            header, rows = read_csv_text(zh("freq", source))
            t, c = header.index("term"), header.index("count")
            assert {r[t]: int(r[c]) for r in rows} == by_term, source
        print(f"  Spark per (term, kind): {len(by_term)} terms, "
              f"{sum(by_term.values())} tokens = zhcorpus freq")
    finally:
        spark.stop()


def read_csv_text(text):
    rows = list(csv.reader(text.splitlines()))
    return rows[0], rows[1:]


def xlsx_cells(path):
    return [list(r) for r in openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True)]


def test_libreoffice_opens_bom_csv(work):
    """`--bom` CSV through LibreOffice's CSV import (UTF-8; options 44,34,76,1: comma, double
    quote, UTF-8, from line 1) into .xlsx, read back with openpyxl."""
    for name, args in [("freq-bom", ["freq"]), ("kwic-bom", ["kwic", "核酸检测"])]:
        zh(args[0], SEEDS, *args[1:], "--bom", "-o", work / f"{name}.csv")
        assert (work / f"{name}.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    profile = work / "lo-profile"
    done = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}",
         "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", str(work),
         str(work / "freq-bom.csv"), str(work / "kwic-bom.csv")],
        capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr

    header, rows = read_csv(work / "freq-bom.csv")
    assert header[0] == "\ufeffterm"  # Python's csv keeps the BOM; the spreadsheet must not
    cells = xlsx_cells(work / "freq-bom.xlsx")
    assert cells[0] == ["term", "count", "rank", "per_10k", "doc_freq"], cells[0]
    assert len(cells) - 1 == len(rows)
    assert cells[1][:3] == ["的", 567, 1] and rows[0][:3] == ["的", "567", "1"]
    numeric_terms = 0
    for cell, row in zip(cells[1:], rows):
        term, count, rank, per_10k, doc_freq = cell
        # A term of digits (kind `number`) becomes a number cell of the same value.
        if not isinstance(term, str):
            numeric_terms += 1
            term = str(term)
        assert [term, count, rank, doc_freq] == [row[0], int(row[1]), int(row[2]), int(row[4])]
        # .xlsx keeps 15 significant digits (as Excel does): not the double's last digits.
        assert math.isclose(per_10k, float(row[3]), rel_tol=1e-14, abs_tol=0), (per_10k, row[3])
    han = sum(1 for r in rows if any("\u4e00" <= ch <= "\u9fff" for ch in r[0]))
    print(f"\n  LibreOffice freq --bom: {len(rows)} rows; {han} Chinese terms intact, "
          f"{numeric_terms} digit terms as number cells, per_10k to 15 digits")

    header, rows = read_csv(work / "kwic-bom.csv")
    cells = xlsx_cells(work / "kwic-bom.xlsx")
    assert cells[0] == [header[0].lstrip("\ufeff")] + header[1:], cells[0]
    assert len(cells) - 1 == len(rows) == 31
    for cell, row in zip(cells[1:], rows):
        # Numbers become number cells, the date a date cell; the text (quotes, commas) stays.
        as_text = [c.date().isoformat() if isinstance(c, datetime.datetime)
                   else "" if c is None else str(c) for c in cell]
        assert as_text == row, (cell, row)
    print(f"  LibreOffice kwic --bom: {len(rows)} concordance lines, every cell intact "
          f"(dates as date cells)")

"""Aligns an article archive on Apache Spark with the crosscheck binary's stages.

    spark-submit spark/crosscheck_spark.py ARCHIVE.jsonl[.gz] OUT_DIR [--binary PATH]

Each partition of the archive's lines is piped through `crosscheck stage
extract`; Spark counts every blocking key's documents, keeps the keys found
in 2..=max_df documents (the bucket cap), groups the statements by kept key,
and pipes the buckets through `crosscheck stage verify`. The aligned pairs
are written to OUT_DIR as JSON Lines, sorted, in one part file.

The binary must be on every executor: on a cluster, ship it with
`spark-submit --files target/release/crosscheck` and pass `--binary
./crosscheck`.
"""

import argparse
import json
import operator
import os
import shlex

from pyspark.sql import SparkSession


def blocking_keys(unit):
    """The unit's blocking keys as (bucket kind, key) pairs."""
    kind = unit["kind"]
    keys = [(kind, k) for k in unit["keys"]]
    if unit.get("text_key"):
        keys.append(("text", unit["text_key"]))
    return keys


def unit_id(unit):
    return (unit["kind"], unit["doc"], unit["index"])


def with_kept(unit, kept):
    """The unit, told which of its keys the shuffle kept, and its buckets."""
    kept = sorted(kept)
    unit = dict(unit)
    unit["kept"] = [k for (kind, k) in kept if kind != "text"]
    return [(bucket, unit) for bucket in kept]


def bucket_line(item):
    (kind, key), units = item
    return json.dumps({"kind": kind, "key": key, "units": list(units)}, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", help="JSONL article records (any Spark-readable path; .gz is read too)")
    ap.add_argument("out", help="folder for the aligned pairs (JSON Lines)")
    ap.add_argument("--binary", default="crosscheck", help="the crosscheck binary on the executors")
    ap.add_argument("--name", help="the archive's name in reports (default: its file name)")
    ap.add_argument("--config", help="a crosscheck.toml whose [align] settings both stages use")
    ap.add_argument("--max-df", type=int, default=100, help="the aligner's max_df (as in crosscheck.toml)")
    ap.add_argument("--partitions", type=int, default=0, help="partitions of the archive (default: Spark's)")
    args = ap.parse_args()

    spark = SparkSession.builder.appName("crosscheck").getOrCreate()
    sc = spark.sparkContext
    name = args.name or os.path.basename(args.archive)
    config = ["--config", args.config] if args.config else []
    stage = lambda *a: " ".join(shlex.quote(x) for x in [args.binary, "stage", *a, *config, "--quiet"])

    # Line numbers are the records' lines in the file: documents keep the
    # order and the names they have when crosscheck reads the file itself.
    numbered = sc.textFile(args.archive).zipWithIndex().map(lambda x: "%d\t%s" % (x[1] + 1, x[0]))
    if args.partitions:
        numbered = numbered.repartition(args.partitions)
    units = numbered.pipe(stage("extract", "--records", name)).map(json.loads).map(lambda u: (unit_id(u), u)).cache()

    # Each key's documents, counted; the keys in 2..=max_df documents are kept.
    max_df = args.max_df
    kept = (
        units.flatMap(lambda x: [(k, x[1]["doc"]) for k in blocking_keys(x[1])])
        .distinct()
        .map(lambda kd: (kd[0], 1))
        .reduceByKey(operator.add)
        .filter(lambda kc: 2 <= kc[1] <= max_df)
    )
    # Each unit's kept keys, then the units grouped by kept key.
    unit_keys = (
        units.flatMap(lambda x: [(k, x[0]) for k in blocking_keys(x[1])])
        .join(kept)
        .map(lambda kv: (kv[1][0], kv[0]))
        .groupByKey()
    )
    buckets = units.join(unit_keys).flatMap(lambda x: with_kept(x[1][0], x[1][1])).groupByKey().map(bucket_line)
    pairs = buckets.pipe(stage("verify"))
    # One sorted file, whatever the partitioning: sorted by the pair's sides.
    order = lambda p: (p["a"]["doc"], p["a"]["index"], p["b"]["doc"], p["b"]["index"], p["kind"])
    (
        pairs.map(json.loads)
        .sortBy(order, numPartitions=1)
        .map(lambda p: json.dumps(p, ensure_ascii=False, sort_keys=True))
        .saveAsTextFile(args.out)
    )
    spark.stop()


if __name__ == "__main__":
    main()

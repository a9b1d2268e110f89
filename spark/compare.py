"""Compares the Spark driver's aligned pairs with `crosscheck align --format json`
on the same JSONL file; exits 1 when they differ.

    python3 spark/compare.py SPARK_OUT_DIR ALIGN.json
"""

import glob
import json
import os
import sys


def line_of(path):
    """The record's line from a report path "FILE:LINE"."""
    return int(path.rsplit(":", 1)[1])


def from_align(p):
    side = lambda s: (line_of(s["path"]), s["byte_start"], s["byte_end"])
    return (p["kind"], p["relation"], side(p["a"]), side(p["b"]), p["score"], tuple(p["shared"]))


def from_spark(p):
    # Documents are numbered by their line when the driver reads records.
    side = lambda s: (s["doc"], s["src"][0], s["src"][1])
    return (p["kind"], p["relation"], side(p["a"]), side(p["b"]), round(p["score"] * 10000) / 10000, tuple(p["shared"]))


def main():
    spark_dir, align_json = sys.argv[1:3]
    spark = []
    for part in sorted(glob.glob(os.path.join(spark_dir, "part-*"))):
        with open(part, encoding="utf-8") as f:
            spark.extend(from_spark(json.loads(line)) for line in f if line.strip())
    with open(align_json, encoding="utf-8") as f:
        single = [from_align(p) for p in json.load(f)["pairs"]]
    spark.sort()
    single.sort()
    print(f"spark: {len(spark)} pairs; crosscheck align: {len(single)} pairs")
    if spark != single:
        only_spark = sorted(set(spark) - set(single))
        only_single = sorted(set(single) - set(spark))
        for p in only_spark[:5]:
            print("only in spark:", p)
        for p in only_single[:5]:
            print("only in crosscheck align:", p)
        print(f"DIFFERENT: {len(only_spark)} only in spark, {len(only_single)} only in crosscheck align")
        return 1
    print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())

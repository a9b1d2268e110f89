"""Compares the Spark driver's output with the single-machine run on the same
JSONL file; exits 1 when they differ.

    python3 spark/compare.py SPARK_OUT_DIR ALIGN.json FINDINGS.jsonl FINDINGS.sarif

ALIGN.json: `crosscheck align --format json`; FINDINGS.jsonl and
FINDINGS.sarif: `crosscheck --format jsonl` and `--format sarif`, run
with the archive named as the driver names it. Pairs must be the same;
findings and SARIF the same bytes.
"""

import glob
import math
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
    return (p["kind"], p["relation"], side(p["a"]), side(p["b"]), math.floor(p["score"] * 10000 + 0.5) / 10000, tuple(p["shared"]))


def read_parts(folder):
    data = b""
    for part in sorted(glob.glob(os.path.join(folder, "part-*"))):
        with open(part, "rb") as f:
            data += f.read()
    return data


def same_bytes(what, spark, single):
    if spark == single:
        print(f"{what}: identical ({len(single.splitlines())} lines)")
        return True
    a, b = spark.splitlines(), single.splitlines()
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    print(f"{what}: DIFFERENT ({len(a)} lines from spark, {len(b)} from crosscheck; first difference at line {first + 1})")
    return False


def main():
    spark_dir, align_json, findings, sarif = sys.argv[1:5]
    spark = []
    with_pairs = os.path.join(spark_dir, "pairs")
    for part in sorted(glob.glob(os.path.join(with_pairs, "part-*"))):
        with open(part, encoding="utf-8") as f:
            spark.extend(from_spark(json.loads(line)) for line in f if line.strip())
    with open(align_json, encoding="utf-8") as f:
        single = [from_align(p) for p in json.load(f)["pairs"]]
    spark.sort()
    single.sort()
    print(f"pairs: {len(spark)} from spark, {len(single)} from crosscheck align")
    ok = True
    if spark != single:
        only_spark = sorted(set(spark) - set(single))
        only_single = sorted(set(single) - set(spark))
        for p in only_spark[:5]:
            print("only in spark:", p)
        for p in only_single[:5]:
            print("only in crosscheck align:", p)
        print(f"pairs: DIFFERENT: {len(only_spark)} only in spark, {len(only_single)} only in crosscheck align")
        ok = False
    with open(findings, "rb") as f:
        ok &= same_bytes("findings", read_parts(os.path.join(spark_dir, "findings")), f.read())
    with open(sarif, "rb") as f:
        ok &= same_bytes("SARIF", read_parts(os.path.join(spark_dir, "findings.sarif")), f.read())
    if not ok:
        return 1
    print("identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())

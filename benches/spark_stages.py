"""Per-stage rates of the binary's stages, one core each, on the inputs a
Spark run kept (`spark/crosscheck_spark.py ... --keep-stages`), and the
core-hours they imply for larger archives.

    python3 benches/spark_stages.py OUT_DIR --binary target/release/crosscheck \
        [--name archive.jsonl] [--spark-seconds S] [--scale 10000000 100000000]

Each stage runs with RAYON_NUM_THREADS=1 on its whole input, from a file,
output to /dev/null; its time is the wall time of that one process. The
figures assume each stage's work grows linearly with the archive (the
bucket cap bounds a bucket; a check bundle is an article and the articles
aligned with it). With --spark-seconds (the Spark run's wall time on this
machine), the Spark overhead (shuffles, Python, JVM) is what the run took
beyond the stages' own core time, per article.
"""

import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time


def concat(folder, dest):
    n = 0
    with open(dest, "wb") as out:
        for part in sorted(glob.glob(os.path.join(folder, "part-*"))):
            with open(part, "rb") as f:
                for line in f:
                    if line.strip():
                        out.write(line)
                        n += 1
    return n


def timed(cmd, path):
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    with open(path, "rb") as src, open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        subprocess.run(cmd, stdin=src, stdout=sink, env=env, check=True)
        return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="the Spark run's OUT_DIR, written with --keep-stages")
    ap.add_argument("--binary", default="target/release/crosscheck")
    ap.add_argument("--name", default="archive.jsonl", help="the archive's name, as the run gave it")
    ap.add_argument("--spark-seconds", type=float, help="the Spark run's wall time")
    ap.add_argument("--cores", type=int, default=2, help="cores the Spark run had")
    ap.add_argument("--scale", type=int, nargs="*", default=[10_000_000, 100_000_000])
    args = ap.parse_args()

    stages = [
        ("extract", os.path.join(args.out, "stages", "extract"), ["extract", "--records", args.name], "records"),
        ("verify", os.path.join(args.out, "stages", "verify"), ["verify"], "buckets"),
        ("stories", os.path.join(args.out, "pairs"), ["stories"], "pairs"),
        ("people", os.path.join(args.out, "stages", "people"), ["people"], "names"),
        ("corpus", os.path.join(args.out, "stages", "corpus"), ["corpus"], "bundles"),
        ("check", os.path.join(args.out, "stages", "check"), ["check", "--records", args.name], "bundles"),
    ]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        docs = None
        for name, folder, command, unit in stages:
            path = os.path.join(tmp, name)
            n = concat(folder, path)
            if name == "extract":
                docs = n
            seconds = timed([args.binary, "stage", *command, "--quiet"], path)
            rows.append((name, n, unit, seconds))
    total = sum(r[3] for r in rows)
    print(f"{docs} articles; one core per stage\n")
    print(f"{'stage':8} {'input':>10} {'':8} {'seconds':>8} {'per s':>10} {'core-ms/article':>16}")
    for name, n, unit, seconds in rows:
        print(f"{name:8} {n:>10} {unit:8} {seconds:8.2f} {n / seconds:10.0f} {1000 * seconds / docs:16.2f}")
    print(f"{'stages':8} {'':>10} {'':8} {total:8.2f} {'':>10} {1000 * total / docs:16.2f}")
    per_doc = total / docs
    if args.spark_seconds:
        overhead = (args.spark_seconds * args.cores - total) / docs
        print(
            f"\nSpark local[{args.cores}]: {args.spark_seconds:.0f} s wall = {args.spark_seconds * args.cores:.0f} core-s; "
            f"beyond the stages: {1000 * overhead:.2f} core-ms/article"
        )
        per_doc_all = per_doc + overhead
    else:
        per_doc_all = per_doc
    print()
    for n in args.scale:
        line = f"{n:>12,} articles: stages {n * per_doc / 3600:8.1f} core-hours"
        if args.spark_seconds:
            line += f"; with this run's Spark overhead {n * per_doc_all / 3600:8.1f} core-hours"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

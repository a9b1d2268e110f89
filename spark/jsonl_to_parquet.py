"""Writes a JSONL archive as a Parquet dataset with the rows in the file's
order (one part file), for `crosscheck_spark.py --parquet`.

    spark-submit spark/jsonl_to_parquet.py ARCHIVE.jsonl[.gz] OUT.parquet
"""

import sys

from pyspark.sql import SparkSession


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    spark = SparkSession.builder.appName("crosscheck-jsonl-to-parquet").getOrCreate()
    # One partition end to end: a JSONL file is read in line order, and
    # one part file keeps it.
    spark.read.json(sys.argv[1]).coalesce(1).write.mode("error").parquet(sys.argv[2])
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

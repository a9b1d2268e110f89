"""Checks an article archive on Apache Spark with the crosscheck binary's stages.

    spark-submit spark/crosscheck_spark.py ARCHIVE OUT_DIR [--binary PATH]

ARCHIVE is a JSONL file (.gz too) or a Parquet dataset (--parquet), with
the fields `crosscheck` reads from JSON records (outlet, date, title, text,
...). OUT_DIR receives:

- findings/: the findings as JSON Lines (the JSON finding format), sorted
  as `crosscheck ARCHIVE --format jsonl` sorts them, in one part file;
- findings.sarif/: the same as SARIF 2.1.0, written by `crosscheck stage
  report`;
- pairs/: the aligned pairs (`crosscheck stage verify` records), sorted
  across its part files.

The stages:

1. `stage extract --records`: each partition's records → statements with
   their blocking keys, and one tally per article (names, terms).
2. Spark counts each key's articles and keeps the keys in 2..=max_df
   articles (the bucket cap: boilerplate cannot go quadratic), leaves out
   the sentences whose text is in more than --outlet-max-df articles of
   their outlet (its stock text) when that is given, groups the statements
   by kept key, and `stage verify` decides each bucket's pairs.
   The shuffles are Spark SQL over the stages' JSON, read with a schema:
   records stay in the JVM between the binary's calls.
3. `stage stories` (once, over the pairs) numbers the stories; `stage
   people` (once, over the name counts) groups people's names.
4. `stage corpus`: the corpus-wide rules over tallies grouped by rule, or
   by story and person.
5. `stage check --records`: each article with the articles aligned with
   it and the pairs between any two of them (its record and theirs joined
   back by id) → its findings on aligned statements.

The binary must be on every executor: on a cluster, ship it with
`spark-submit --files target/release/crosscheck` and pass `--binary
./crosscheck`.
"""

import argparse
import json
import os
import shlex

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T

L = T.LongType()
S = T.StringType()

# The stages' records, as the binary writes them (src/align/stage.rs,
# src/check/tally.rs, src/report/mod.rs). Fields left out are not needed
# by the driver and are not written back.
UNIT = T.StructType(
    [
        T.StructField("kind", S),
        T.StructField("doc", L),
        T.StructField("index", L),
        T.StructField("src", T.ArrayType(L)),
        T.StructField("outlet", S),
        T.StructField("day", L),
        T.StructField("text_key", S),
        T.StructField("keys", T.ArrayType(S)),
        T.StructField("text", S),
    ]
)
AT = T.StructType([T.StructField("doc", L), T.StructField("index", L), T.StructField("src", T.ArrayType(L))])
PAIR = T.StructType(
    [
        T.StructField("kind", S),
        T.StructField("relation", S),
        T.StructField("a", AT),
        T.StructField("b", AT),
        T.StructField("score", T.DoubleType()),
        T.StructField("shared", T.ArrayType(S)),
    ]
)
SPAN = T.StructType([T.StructField("start", L), T.StructField("end", L)])
PLACE = T.StructType(
    [T.StructField(n, S) for n in ("path", "outlet")]
    + [T.StructField(n, L) for n in ("start_line", "start_column", "end_line", "end_column", "byte_start", "byte_end")]
    + [T.StructField("text", S), T.StructField("file", S), T.StructField("record", L)]
)
MENTION = T.StructType(
    [
        T.StructField("person", S),
        T.StructField("byline", T.BooleanType()),
        T.StructField("src", SPAN),
        T.StructField("text", S),
        T.StructField("titles", T.ArrayType(S)),
        T.StructField("at", PLACE),
    ]
)
TERM = T.StructType(
    [T.StructField("variant", L), T.StructField("src", SPAN), T.StructField("text", S), T.StructField("at", PLACE)]
)
TALLY = T.StructType(
    [
        T.StructField("kind", S),
        T.StructField("doc", L),
        T.StructField("label", S),
        T.StructField("path", S),
        T.StructField("outlet", S),
        T.StructField("ignore", T.ArrayType(S)),
        T.StructField("day", L),
        T.StructField("names", T.ArrayType(MENTION)),
        T.StructField("terms", T.MapType(S, T.ArrayType(TERM))),
    ]
)
FINDING = T.StructType(
    [
        T.StructField("rule", S),
        T.StructField("message", S),
        T.StructField(
            "locations",
            T.ArrayType(T.StructType([T.StructField(n, L) for n in ("record", "byte_start", "byte_end")])),
        ),
    ]
)


def dedup(lines):
    """Drops a finding that repeats the one before it (one rule, the same
    locations), as the single-machine run does."""
    last = None
    for line in lines:
        f = json.loads(line)
        key = (f["rule"], f["locations"])
        if key != last:
            yield line
        last = key


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("archive", help="JSONL article records, or a Parquet dataset with --parquet (any Spark-readable path)")
    ap.add_argument("out", help="folder for findings/, findings.sarif/ and pairs/")
    ap.add_argument("--binary", default="crosscheck", help="the crosscheck binary on the executors")
    ap.add_argument("--parquet", action="store_true", help="ARCHIVE is a Parquet dataset (rows in read order)")
    ap.add_argument("--name", help="the archive's name in reports (default: its file name)")
    ap.add_argument("--config", help="a crosscheck.toml that every stage reads")
    ap.add_argument("--rules", action="append", default=[], help="rule files or folders every stage loads")
    ap.add_argument("--max-df", type=int, default=100, help="the aligner's max_df (as in crosscheck.toml)")
    ap.add_argument(
        "--outlet-max-df", type=int, help="the aligner's outlet_max_df, when crosscheck.toml sets one (default: no limit)"
    )
    ap.add_argument("--partitions", type=int, default=0, help="partitions of the archive (default: Spark's)")
    ap.add_argument(
        "--keep-stages",
        action="store_true",
        help="also write each stage's input to OUT_DIR/stages/ (for measuring the stages one by one)",
    )
    args = ap.parse_args()

    spark = SparkSession.builder.appName("crosscheck").getOrCreate()
    sc = spark.sparkContext
    name = args.name or os.path.basename(args.archive.rstrip("/"))
    extra = (["--config", args.config] if args.config else []) + [x for r in args.rules for x in ("--rules", r)]
    stage = lambda *a: " ".join(shlex.quote(x) for x in [args.binary, "stage", *a, *extra, "--quiet"])

    def piped(df, column, *command):
        """The rows' JSON in `column` through `crosscheck stage COMMAND`: its output lines."""
        lines = df.select(column).rdd.map(lambda r: r[0])
        if args.keep_stages:
            lines = lines.cache()
            lines.saveAsTextFile(os.path.join(args.out, "stages", command[0]))
        return lines.pipe(stage(*command))

    # Records numbered by their line in the file (a Parquet row by its
    # place): documents keep the order and names they have when crosscheck
    # reads the file itself.
    if args.parquet:
        lines = spark.read.parquet(args.archive).toJSON()
    else:
        lines = sc.textFile(args.archive)
    numbered = lines.zipWithIndex().map(lambda x: (x[1] + 1, x[0]))
    if args.partitions:
        numbered = numbered.repartition(args.partitions)
    numbered = numbered.filter(lambda x: x[1].strip())
    records = spark.createDataFrame(numbered, T.StructType([T.StructField("doc", L), T.StructField("record", S)]))
    records = records.cache()

    # 1. Statements and tallies.
    extract_input = numbered.map(lambda x: "%d\t%s" % x)
    if args.keep_stages:
        extract_input.saveAsTextFile(os.path.join(args.out, "stages", "extract"))
    extracted = extract_input.pipe(stage("extract", "--records", name)).cache()
    units = spark.read.json(extracted.filter(lambda s: not s.startswith('{"kind":"doc"')), schema=UNIT).cache()
    tallies = spark.read.json(extracted.filter(lambda s: s.startswith('{"kind":"doc"')), schema=TALLY)

    # 2. Each key's documents counted; the keys in 2..=max_df documents kept;
    # each statement told its kept keys and grouped by them.
    uid = ["kind", "doc", "index"]
    blocking = units.select(*uid, F.col("kind").alias("bkind"), F.explode("keys").alias("key")).unionByName(
        units.where(F.col("text_key").isNotNull()).select(
            *uid, F.lit("text").alias("bkind"), F.col("text_key").alias("key")
        )
    )
    kept = (
        blocking.select("bkind", "key", "doc")
        .distinct()
        .groupBy("bkind", "key")
        .count()
        .where(F.col("count").between(2, args.max_df))
        .drop("count")
    )
    unit_kept = (
        blocking.join(kept, ["bkind", "key"])
        .groupBy(*uid)
        .agg(F.array_sort(F.collect_list(F.struct("bkind", "key"))).alias("buckets"))
    )
    # A sentence whose text is in more than outlet_max_df articles of its
    # outlet is that outlet's stock text: its keys count above, but it joins
    # no bucket.
    eligible = units
    if args.outlet_max_df is not None:
        outlet_stock = (
            units.where(F.col("text_key").isNotNull() & F.col("outlet").isNotNull())
            .select("text_key", "outlet", "doc")
            .distinct()
            .groupBy("text_key", "outlet")
            .count()
            .where(F.col("count") > args.outlet_max_df)
            .drop("count")
        )
        eligible = units.join(outlet_stock, ["text_key", "outlet"], "left_anti")
    told = eligible.join(unit_kept, uid).withColumn(
        "kept", F.expr("transform(filter(buckets, b -> b.bkind != 'text'), b -> b.key)")
    )
    # A bucket's statements carry their kept keys, not all their keys.
    unit_cols = [c for c in UNIT.fieldNames() if c != "keys"] + ["kept"]
    buckets = (
        told.select(F.explode("buckets").alias("b"), F.struct(*unit_cols).alias("u"))
        .groupBy(F.col("b.bkind").alias("kind"), F.col("b.key").alias("key"))
        .agg(F.collect_list("u").alias("units"))
        .select(F.to_json(F.struct("kind", "key", "units")).alias("json"))
    )
    pair_lines = piped(buckets, "json", "verify").cache()
    pairs = spark.read.json(pair_lines, schema=PAIR).cache()
    # Sorted across the part files, in parallel (one part would sort on one core).
    pairs.orderBy("a.doc", "a.index", "b.doc", "b.index", "kind").select(
        F.to_json(F.struct(*PAIR.fieldNames())).alias("json")
    ).write.text(os.path.join(args.out, "pairs"))

    # 3. Stories need every pair, people's groups every name: one call each.
    story_schema = T.StructType([T.StructField("doc", L), T.StructField("story", L)])
    stories = spark.read.json(pair_lines.coalesce(1).pipe(stage("stories")), schema=story_schema).cache()
    counts = (
        tallies.select(F.explode("names.person").alias("person"))
        .groupBy("person")
        .count()
        .select(F.to_json(F.struct("person", "count")).alias("json"))
    )
    # What the name scopes read of each document: its story, day and people.
    scope_docs = (
        tallies.join(stories, "doc", "left")
        .select(
            "doc",
            "story",
            "day",
            F.array_distinct(
                F.expr("transform(filter(coalesce(names, array()), n -> NOT coalesce(n.byline, false)), n -> n.person)")
            ).alias("people"),
        )
        .select(F.to_json(F.struct("doc", "story", "day", "people")).alias("json"))
    )
    group_schema = T.StructType(
        [T.StructField(n, S) for n in ("rule", "person", "group")] + [T.StructField(n, L) for n in ("doc", "scope")]
    )
    people = spark.read.json(
        piped(counts.unionByName(scope_docs).coalesce(1), "json", "people"), schema=group_schema
    ).cache()
    name_rules = people.select("rule").distinct()
    mapping = people.where(F.col("person").isNotNull())
    name_scopes = people.where(F.col("doc").isNotNull()).select("rule", "doc", F.col("scope").alias("name_scope"))

    # 4. Corpus-wide rules over tallies, told their story: a consistency
    # rule's terms together; a name rule's mentions by story (or lone
    # article) and person group, with that group's keys.
    base = ["kind", "doc", "label", "path", "outlet", "ignore", "story", "day"]
    tallies = tallies.join(stories, "doc", "left")
    terms = tallies.select(*base, F.explode("terms").alias("rule", "uses")).select(
        "rule",
        F.struct(
            *base,
            F.lit(None).cast(T.ArrayType(MENTION)).alias("names"),
            F.create_map("rule", "uses").alias("terms"),
            F.lit(None).cast(L).alias("scope"),
        ).alias("tally"),
    )
    term_bundles = terms.groupBy("rule").agg(
        F.collect_list("tally").alias("tallies"), F.create_map().cast("map<string,string>").alias("people")
    )
    mentions = (
        tallies.select(*base, F.explode("names").alias("n"))
        .crossJoin(name_rules)
        .alias("m")
        .join(
            mapping.alias("g"),
            (F.col("m.rule") == F.col("g.rule")) & (F.col("m.n.person") == F.col("g.person")),
            "left",
        )
        .select("m.*", F.coalesce(F.col("g.group"), F.col("m.n.person")).alias("group"))
        .join(name_scopes, ["rule", "doc"], "left")
        .withColumn("scope", F.col("name_scope"))
        .withColumn(
            "compared",
            F.when(F.col("scope").isNotNull(), F.array(F.lit(0), "scope")).otherwise(F.array(F.lit(1), "doc")),
        )
    )
    # A document's mentions in their order in it (collect_list follows no order).
    name_tallies = mentions.groupBy("rule", "compared", "group", "scope", *base).agg(
        F.expr("transform(array_sort(collect_list(struct(n.src.start as at, n))), x -> x.n)").alias("names")
    )
    group_keys = mapping.groupBy("rule", "group").agg(F.map_from_entries(F.collect_list(F.struct("person", "group"))).alias("people"))
    name_bundles = (
        name_tallies.groupBy("rule", "compared", "group")
        .agg(
            F.collect_list(
                F.struct(*base, "names", F.lit(None).cast(TALLY["terms"].dataType).alias("terms"), "scope")
            ).alias("tallies")
        )
        .join(group_keys, ["rule", "group"], "left")
        .select("rule", "tallies", F.coalesce("people", F.create_map().cast("map<string,string>")).alias("people"))
    )
    corpus = piped(
        term_bundles.unionByName(name_bundles).select(F.to_json(F.struct("rule", "tallies", "people")).alias("json")),
        "json",
        "corpus",
    )

    # 5. Rules on aligned statements: each article with its partners'
    # records (joined back by id) and the pairs between any two of them (a
    # fact's support is counted from the articles aligned with its own).
    pair_struct = F.struct(*PAIR.fieldNames()).alias("pair")
    members = (
        pairs.select(F.col("a.doc").alias("center"), F.col("b.doc").alias("doc"))
        .unionByName(pairs.select(F.col("b.doc").alias("center"), F.col("a.doc").alias("doc")))
        .unionByName(records.select(F.col("doc").alias("center"), "doc"))
        .distinct()
    )
    m1, m2 = members.alias("m1"), members.alias("m2")
    incident = (
        pairs.select(F.col("a.doc").alias("adoc"), F.col("b.doc").alias("bdoc"), pair_struct)
        .join(m1, F.col("m1.doc") == F.col("adoc"))
        .join(m2, (F.col("m2.center") == F.col("m1.center")) & (F.col("m2.doc") == F.col("bdoc")))
        .groupBy(F.col("m1.center").alias("center"))
        .agg(F.collect_list("pair").alias("pairs"))
    )
    articles = (
        members.join(records.join(stories, "doc", "left"), "doc")
        .groupBy("center")
        .agg(
            F.collect_list(F.struct("doc", F.col("doc").alias("line"), "record")).alias("articles"),
            F.collect_list(F.when(F.col("story").isNotNull(), F.array("doc", "story"))).alias("stories"),
        )
    )
    bundles = (
        articles.join(incident, "center", "left")
        .select(
            F.to_json(
                F.struct(
                    F.col("center").alias("doc"),
                    "articles",
                    F.coalesce("pairs", F.array()).alias("pairs"),
                    "stories",
                )
            ).alias("json")
        )
    )
    checked = piped(bundles, "json", "check", "--records", name)

    # Every finding in the single-machine order, in one file; then SARIF.
    found = spark.createDataFrame(corpus.union(checked), S).select(
        "value", F.from_json("value", FINDING).alias("f")
    )
    locs = F.expr("transform(f.locations, l -> struct(coalesce(l.record, 1) as doc, l.byte_start as s, l.byte_end as e))")
    ordered = (
        found.select("value", locs.alias("locs"), "f.rule", "f.message")
        .repartition(1)
        .sortWithinPartitions(F.col("locs")[0], "rule", "message", "locs")
        .select("value")
        .rdd.map(lambda r: r[0])
        .mapPartitions(dedup)
        .cache()
    )
    ordered.saveAsTextFile(os.path.join(args.out, "findings"))
    ordered.pipe(stage("report", "--format", "sarif")).saveAsTextFile(os.path.join(args.out, "findings.sarif"))
    spark.stop()


if __name__ == "__main__":
    main()

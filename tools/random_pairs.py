#!/usr/bin/env python3
"""Random sentence pairs from different articles that share a content word:
negatives for tools/fit_aligner.py, so that the model learns to reject the
topical look-alikes an archive is full of (labelled pair sets hold few).

    ./target/release/crosscheck extract --format json ARCHIVE.jsonl > /tmp/docs.json
    python3 tools/random_pairs.py /tmp/docs.json 6000 > /tmp/negatives.tsv

Writes 0<TAB>SENTENCE<TAB>SENTENCE lines; pairs whose content-word Dice is
0.6 or more are skipped (they may well say the same thing).
"""
import collections
import json
import random
import re
import sys

STOP_FILE = "rules/lexicon/align.toml"


def main():
    docs = json.load(open(sys.argv[1], encoding="utf-8"))["documents"]
    wanted = int(sys.argv[2])
    toml = open(STOP_FILE, encoding="utf-8").read()
    stop = set(toml.split("stopwords = [")[1].split("]")[0].replace('"', " ").replace(",", " ").split())
    clean = lambda t: re.sub(r"\s+", " ", t).strip()
    sents = [(i, clean(s["text"])) for i, d in enumerate(docs) for s in d["sentences"]
             if 8 <= len(s["text"].split()) <= 45]
    words = [{w for w in re.findall(r"[a-z0-9]+", t.lower()) if w not in stop} for _, t in sents]
    index = collections.defaultdict(list)
    for n, ws in enumerate(words):
        for w in ws:
            index[w].append(n)
    rnd = random.Random(5)
    order = list(range(len(sents)))
    rnd.shuffle(order)
    out = 0
    for n in order:
        shared = [w for w in words[n] if 2 <= len(index[w]) <= 2000]
        if not shared:
            continue
        m = rnd.choice(index[rnd.choice(shared)])
        if sents[m][0] == sents[n][0]:
            continue
        dice = 2 * len(words[n] & words[m]) / (len(words[n]) + len(words[m]))
        if 0.2 <= dice < 0.6:
            print("0\t%s\t%s" % (sents[n][1], sents[m][1]))
            out += 1
            if out >= wanted:
                break


if __name__ == "__main__":
    main()

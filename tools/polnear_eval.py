#!/usr/bin/env python3
"""Scores crosscheck's quote extraction on PolNeAr (brat standoff).

Usage: tools/polnear_eval.py [--bin target/release/crosscheck] [--errors N] [SPLIT_DIR ...]
Default splits: ../shared/corpora/polnear/train and .../dev.

Gold: annotated Content spans that are direct quotations (the span opens
with a quotation mark) of 4 or more words, one annotator per text (the
first .ann file). A second recall reads gold as the words inside the
marks only (an annotated content may run on into indirect speech:
"“Christian” as their religion"). Predicted: crosscheck's quotes that are statements, not
fragments, of 4 or more words.

- recall: gold quotes covered at least half by a predicted quote, or by
  the parts of a quote that its attribution splits ("“A,” she said,
  “B.”" is one annotated quote and two of ours);
- precision: predicted quotes that cover at least half of a gold quote, or
  lie at least half inside any annotated Content span (direct or
  indirect); "strict" counts only the first;
- speaker accuracy: matched gold quotes whose annotated Source is a name
  (not a pronoun or a description), where crosscheck's speaker shares the
  source's surname.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys

PRONOUNS = {"he", "she", "they", "i", "we", "it", "you", "his", "her", "their", "him", "them", "who", "which", "that"}
QUOTE_OPEN = "“\"«‘'"


def words(s):
    return len([w for w in s.split() if any(c.isalnum() for c in w)])


def load_split(split):
    texts = {}
    for ann in sorted(glob.glob(os.path.join(split, "attributions", "*.ann"))):
        base = os.path.basename(ann)[:-4]
        name = base.rsplit("_", 1)[0] + ".txt"
        if name in texts:
            continue  # one annotator per text
        path = os.path.join(split, "text", name)
        text = open(path, encoding="utf-8").read()
        ents, rels = {}, []
        for line in open(ann, encoding="utf-8"):
            p = line.rstrip("\n").split("\t")
            if len(p) < 2 or not p[0] or p[0][0] not in "TE":
                continue
            if p[0].startswith("T"):
                typ, rest = p[1].split(" ", 1)
                spans = [tuple(map(int, s.split())) for s in rest.split(";")]
                ents[p[0]] = (typ, spans)
            else:
                rels.append(dict(x.split(":", 1) for x in p[1].split(" ") if ":" in x))
        contents, gold = [], []
        for r in rels:
            if "Content" not in r or r["Content"] not in ents:
                continue
            spans = ents[r["Content"]][1]
            contents.append(spans)
            first = text[spans[0][0]:spans[0][1]].lstrip()
            before = text[spans[0][0] - 1] if spans[0][0] > 0 else ""
            if not (first[:1] in QUOTE_OPEN or before in QUOTE_OPEN):
                continue
            body = " ".join(text[a:b] for a, b in spans)
            if words(body) < 4:
                continue
            source = None
            if "Source" in r and r["Source"] in ents:
                s_spans = ents[r["Source"]][1]
                source = " ".join(text[a:b] for a, b in s_spans)
            gold.append({"spans": spans, "text": body, "source": source, "quoted": quoted_parts(text, spans)})
        texts[name] = {"path": path, "text": text, "gold": gold, "contents": contents}
    return texts


CLOSE_FOR = {"“": "”\"", "\"": "\"”", "«": "»", "‘": "’", "'": "'"}


def quoted_parts(text, spans):
    """The parts of an annotated content that sit inside quotation marks."""
    parts = []
    for a, b in spans:
        i = a
        while i < b:
            c = text[i]
            if c in CLOSE_FOR and (i == 0 or not text[i - 1].isalnum()):
                j = i + 1
                while j < b and text[j] not in CLOSE_FOR[c]:
                    j += 1
                if j < b or (j == b and j > i + 1):
                    parts.append((i + 1, j))
                i = j + 1
            else:
                i += 1
    return parts


def char_offsets(text):
    """byte offset -> char offset."""
    m = {}
    b = 0
    for i, ch in enumerate(text):
        m[b] = i
        b += len(ch.encode("utf-8"))
    m[b] = len(text)
    return m


def overlap(a, spans):
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in spans)


def is_name(source):
    if not source:
        return False
    s = source.strip()
    first = s.split()[0].lower()
    if first in PRONOUNS or first in {"the", "a", "an", "one", "some", "many", "several", "officials", "sources"}:
        return False
    return s[:1].isupper()


def surname_match(gold, ours):
    if not ours:
        return False
    g = [w.strip(".,’'s").lower() for w in gold.split()]
    o = [w.strip(".,’'s").lower() for w in ours.split()]
    g = [w for w in g if w]
    o = [w for w in o if w]
    return bool(g and o) and (g[-1] in o or o[-1] in g)


def score(split, binary, show_errors):
    texts = load_split(split)
    out = subprocess.run([binary, "extract", "--quiet", "--format", "json", os.path.join(split, "text")],
                         check=True, capture_output=True, text=True).stdout
    docs = {os.path.basename(d["path"]): d for d in json.loads(out)["documents"]}
    n_gold = n_found = n_pred = n_correct = n_strict = 0
    n_spk = n_spk_ok = 0
    n_qgold = n_qfound = 0
    errors = {"missed": [], "spurious": [], "speaker": []}
    for name, t in sorted(texts.items()):
        doc = docs.get(name)
        if doc is None:
            continue
        b2c = char_offsets(t["text"])
        preds, found = [], []
        for q in doc.get("quotes", []):
            span = (b2c[q["byte_start"]], b2c[q["byte_end"]])
            found.append((span, q))
            if q["fragment"] or words(q["text"]) < 4:
                continue
            preds.append((span, q))
        # The quoted-words reading: gold is the marked part, 4+ words.
        for g in t["gold"]:
            q_spans = [p for p in g["quoted"] if words(t["text"][p[0]:p[1]]) >= 4]
            if not q_spans:
                continue
            n_qgold += 1
            qlen = sum(e - s for s, e in q_spans)
            if sum(overlap(span, q_spans) for span, _ in found) * 2 >= qlen:
                n_qfound += 1
        for g in t["gold"]:
            n_gold += 1
            glen = sum(e - s for s, e in g["spans"])
            # Found when one quote, or the parts of a quote split by its
            # attribution together, cover half of it.
            hit = next((q for (span, q) in preds if overlap(span, g["spans"]) * 2 >= glen), None)
            parts = [(span, q) for (span, q) in found if overlap(span, g["spans"]) > 0]
            if hit is None and sum(overlap(span, g["spans"]) for span, _ in parts) * 2 >= glen:
                hit = max(parts, key=lambda p: overlap(p[0], g["spans"]))[1]
            if hit is None:
                errors["missed"].append((name, g["text"][:120]))
                continue
            n_found += 1
            if is_name(g["source"]):
                n_spk += 1
                if surname_match(g["source"], hit["speaker"]):
                    n_spk_ok += 1
                else:
                    errors["speaker"].append((name, g["source"], hit["speaker"], hit.get("speaker_source"), g["text"][:80]))
        for span, q in preds:
            n_pred += 1
            plen = span[1] - span[0]
            strict = any(overlap(span, g["spans"]) * 2 >= sum(e - s for s, e in g["spans"]) for g in t["gold"])
            loose = strict or any(overlap(span, c) * 2 >= plen for c in t["contents"])
            n_strict += strict
            n_correct += loose
            if not loose:
                errors["spurious"].append((name, q["text"][:120]))
    p = n_correct / n_pred if n_pred else 0.0
    ps = n_strict / n_pred if n_pred else 0.0
    r = n_found / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    acc = n_spk_ok / n_spk if n_spk else 0.0
    print(f"{split}: {len(texts)} texts, {n_gold} gold direct quotes (4+ words), {n_pred} predicted")
    print(f"  precision {p:.3f} (strict {ps:.3f})  recall {r:.3f}  F1 {f:.3f}")
    rq = n_qfound / n_qgold if n_qgold else 0.0
    print(f"  recall of the quoted words alone (marked part of 4+ words): {rq:.3f} ({n_qfound}/{n_qgold})")
    print(f"  speaker accuracy {acc:.3f} ({n_spk_ok}/{n_spk} matched quotes whose source is a name)")
    if show_errors:
        for kind, rows in errors.items():
            print(f"  -- {kind} ({len(rows)})")
            for row in rows[:show_errors]:
                print("    ", row)
    return p, r, acc


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap.add_argument("--bin", default=os.path.join(root, "target", "release", "crosscheck"))
    ap.add_argument("--errors", type=int, default=0, help="show up to N errors of each kind")
    ap.add_argument("splits", nargs="*", default=[os.path.join(root, "..", "shared", "corpora", "polnear", s) for s in ("train", "dev")])
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} not found: run cargo build --release first")
    for split in args.splits:
        score(os.path.normpath(split), args.bin, args.errors)


if __name__ == "__main__":
    main()

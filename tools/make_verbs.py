#!/usr/bin/env python3
"""Derives rules/lexicon/verbs.tsv from WordNet 3.0 and the word frequencies.

    tools/make_verbs.py [WORDNET_DIR] > rules/lexicon/verbs.tsv

WORDNET_DIR holds WordNet 3.0's database (index.verb, data.verb, verb.exc,
data.noun); Debian's wordnet-base installs it in /usr/share/wordnet (the
default). Without root: `apt-get download wordnet-base && dpkg-deb -x
wordnet-base_*.deb wn` and pass wn/usr/share/wordnet.

The table maps a word to the verb it is a form of, so that fact frames can
tell that "endorsed", "endorses", "endorsing" and "endorsement" name one
event, and "said" and "told" the verbs "say" and "tell":

    FORM<TAB>LEMMA<TAB>v     an inflected form of a verb (or the verb itself)
    FORM<TAB>LEMMA<TAB>n     a noun WordNet derives from the verb, naming the act
                             ("resignation" -> resign, "approval" -> approve)

Only one-word verbs that news uses are kept: the verb's (crudely stemmed)
form must occur in at least MIN_DF of the background corpus's documents
(rules/lexicon/wordfreq.tsv). A form that is the form of several verbs
keeps the more frequent verb. Nouns are taken from derivational links
("+") to noun senses of acts, events, communication and processes, not
people or things ("announcer", "painting" as an object stay out).
"""
import os
import re
import sys

MIN_DF = 30
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
# noun.act, noun.communication, noun.event, noun.possession, noun.process
EVENT_NOUN_FILES = {4, 10, 11, 21, 22}
SUFFIXES = ["ings", "ing", "edly", "ed", "es", "s", "ly"]  # as rules/lexicon/align.toml


def crude_stem(w):
    for s in SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 3:
            return w[: -len(s)]
    return w


def load_df():
    df = {}
    with open(os.path.join(ROOT, "rules/lexicon/wordfreq.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            w, n = line.rstrip("\n").split("\t")
            df[w] = int(n)
    return df


def regular_forms(v):
    """Third person, past and present participle by the regular rules."""
    forms = set()
    if re.search(r"(s|sh|ch|x|z|o)$", v):
        forms.add(v + "es")
    elif re.search(r"[^aeiou]y$", v):
        forms.add(v[:-1] + "ies")
    else:
        forms.add(v + "s")
    if v.endswith("e"):
        forms |= {v + "d", v[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", v):
        forms |= {v[:-1] + "ied", v + "ing"}
    elif re.search(r"[^aeiou][aeiou][bdgklmnprtv]$", v) and len(v) <= 4:
        # one-syllable consonant-vowel-consonant: stop -> stopped
        forms |= {v + v[-1] + "ed", v + v[-1] + "ing", v + "ed", v + "ing"}
    else:
        forms |= {v + "ed", v + "ing"}
    return forms


def main():
    wn = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
    df = load_df()

    def news_df(w):
        return df.get(crude_stem(w), 0)

    verbs = {}
    with open(os.path.join(wn, "index.verb"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            lemma = line.split(" ", 1)[0]
            if "_" in lemma or "-" in lemma or not lemma.isalpha():
                continue
            if news_df(lemma) >= MIN_DF:
                verbs[lemma] = news_df(lemma)
    irregular = {}
    with open(os.path.join(wn, "verb.exc"), encoding="utf-8") as f:
        for line in f:
            form, *lemmas = line.split()
            for lemma in lemmas:
                if lemma in verbs:
                    irregular.setdefault(lemma, set()).add(form)
    # Nouns from derivational links of verb senses.
    noun_lexfile = {}
    with open(os.path.join(wn, "data.noun"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split()
            noun_lexfile[parts[0]] = (int(parts[1]), parts)
    nouns = {}
    with open(os.path.join(wn, "data.verb"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split(" | ")[0].split()
            w_cnt = int(parts[3], 16)
            words = [parts[4 + 2 * i].lower() for i in range(w_cnt)]
            k = 4 + 2 * w_cnt
            p_cnt = int(parts[k])
            for j in range(p_cnt):
                sym, off, pos, st = parts[k + 1 + 4 * j: k + 5 + 4 * j]
                if sym != "+" or pos != "n":
                    continue
                src, tgt = int(st[:2], 16), int(st[2:], 16)
                if src == 0 or src > len(words):
                    continue
                verb = words[src - 1]
                if verb not in verbs:
                    continue
                lexfile, nparts = noun_lexfile.get(off, (None, None))
                if lexfile not in EVENT_NOUN_FILES:
                    continue
                n_cnt = int(nparts[3], 16)
                if tgt == 0 or tgt > n_cnt:
                    continue
                noun = nparts[4 + 2 * (tgt - 1)].lower()
                if "_" in noun or "-" in noun or not noun.isalpha() or news_df(noun) < MIN_DF:
                    continue
                # A noun whose verb differs from its own form only keeps
                # verbs it plausibly derives from (shares the first 3 letters).
                if noun[:3] != verb[:3]:
                    continue
                nouns.setdefault(noun, set()).add(verb)
    table = {}
    for v, n in verbs.items():
        forms = {v} | irregular.get(v, set())
        # Irregular verbs take the regular forms too ("pleaded" beside
        # "pled"); a regular form no one writes ("goed") matches nothing.
        forms |= regular_forms(v)
        for form in forms:
            best = table.get(form)
            if best is None or (best[1] == "v" and verbs[best[0]] < n):
                table[form] = (v, "v")
    for noun, vs in nouns.items():
        if noun in table:
            continue  # a verb form already ("release", "vote")
        v = max(vs, key=lambda x: (verbs[x], x))
        table[noun] = (v, "n")
    print("# form\tverb\tpart (v: a form of the verb, n: a noun naming its act)")
    print("# Generated by tools/make_verbs.py from WordNet 3.0 (Princeton University;")
    print("# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved;")
    print("# see the WordNet 3.0 license) and rules/lexicon/wordfreq.tsv. Do not edit by hand.")
    for form in sorted(table):
        v, part = table[form]
        print(f"{form}\t{v}\t{part}")


if __name__ == "__main__":
    main()

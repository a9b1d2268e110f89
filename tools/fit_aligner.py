#!/usr/bin/env python3
"""Fits the aligner's model (rules/lexicon/align-model.toml) on labelled
sentence pairs, using the features crosscheck itself computes.

    cargo build --release
    tail -n +2 PAIRS.tsv > /tmp/pairs.tsv        # LABEL<TAB>SENTENCE<TAB>SENTENCE, no header
    ./target/release/crosscheck score --format features /tmp/pairs.tsv > /tmp/features.tsv
    python3 tools/random_pairs.py /tmp/docs.json 6000 > /tmp/negatives.tsv   # see that script
    ./target/release/crosscheck score --format features /tmp/negatives.tsv > /tmp/negative-features.tsv
    python3 tools/fit_aligner.py /tmp/pairs.tsv /tmp/features.tsv /tmp/negative-features.tsv \
        > rules/lexicon/align-model.toml

The optional third file holds features of random pairs from an archive
(all negatives): the first NEGATIVES of them join the training data, the
rest measure how often the model aligns such look-alikes.

Needs numpy and scikit-learn (a development tool; crosscheck does not).
Prints 10-fold cross-validated accuracy and F1 on standard error, and
the lowest content-word Dice of a pair the model aligns (the aligner's
cheap pre-filter, MIN_CONTENT_DICE in src/align/index.rs, must stay
below it).
"""
import sys

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

NAMES = ["dice", "sdice", "cdice", "bidice", "tridice", "lenratio", "lendiff", "minlen", "lcsmin", "lcsmax",
         "contain", "idfdice", "idfcontain", "unmax", "unmin", "wunmax", "wunmin", "pmin1", "pmax1", "pmin2", "pmax2",
         "ted", "capun", "neg", "numdiff", "cbi"]
NETS, HIDDEN, ALPHA, THRESHOLD, NEGATIVES = 5, 16, 1.0, 0.45, 500
MIN_CONTENT_DICE = 0.25  # the aligner's bound (min_content_dice)


def fit(X, y):
    scaler = StandardScaler().fit(X)
    Z = scaler.transform(X)
    nets = [MLPClassifier((HIDDEN,), alpha=ALPHA, max_iter=3000, random_state=r).fit(Z, y) for r in range(NETS)]
    return scaler, nets


def predict(model, X, lo=None, hi=None):
    scaler, nets = model
    Z = scaler.transform(X if lo is None else np.clip(X, lo, hi))
    return np.mean([n.predict_proba(Z)[:, 1] for n in nets], axis=0)


def fmt(v):
    return "[" + ", ".join("%.6g" % x for x in v) + "]"


def main():
    labels = [int(line.split("\t")[0]) for line in open(sys.argv[1], encoding="utf-8")]
    X = np.loadtxt(sys.argv[2], delimiter="\t")
    y = np.array(labels)
    assert X.shape == (len(y), len(NAMES)), X.shape
    XN = np.loadtxt(sys.argv[3], delimiter="\t") if len(sys.argv) > 3 else np.zeros((0, len(NAMES)))
    XT, XH = XN[:NEGATIVES], XN[NEGATIVES:]
    zeros = np.zeros(len(XT), dtype=int)
    p = np.zeros(len(y))
    for tr, va in StratifiedKFold(10, shuffle=True, random_state=7).split(X, y):
        p[va] = predict(fit(np.vstack([X[tr], XT]), np.concatenate([y[tr], zeros])), X[va])
    pred = p >= THRESHOLD
    print("10-fold CV: accuracy %.4f F1 %.4f (threshold %.2f, %d pairs)"
          % (accuracy_score(y, pred), f1_score(y, pred), THRESHOLD, len(y)), file=sys.stderr)
    model = fit(np.vstack([X, XT]), np.concatenate([y, zeros]))
    full = predict(model, X) >= THRESHOLD
    cd = NAMES.index("cdice")
    if len(XH):
        fp = ((predict(model, XH) >= THRESHOLD) & (XH[:, cd] >= MIN_CONTENT_DICE)).mean()
        print("held-out random pairs aligned: %.4f of %d" % (fp, len(XH)), file=sys.stderr)
    print("lowest cdice of an aligned pair: %.3f" % X[full | pred, NAMES.index("cdice")].min(), file=sys.stderr)
    scaler, nets = model
    print("# The aligner's scoring model: written by tools/fit_aligner.py; see README (Alignment).")
    print("# %d networks of %d hidden units (ReLU), averaged; fitted on %d labelled news sentence pairs" % (NETS, HIDDEN, len(y)))
    print("# and %d random cross-article pairs from an archive (negatives);" % len(XT))
    print("# 10-fold cross-validation: accuracy %.3f, F1 %.3f." % (accuracy_score(y, pred), f1_score(y, pred)))
    print("features = [" + ", ".join('"%s"' % n for n in NAMES) + "]")
    print("mean = " + fmt(scaler.mean_))
    print("scale = " + fmt(scaler.scale_))
    print("min = " + fmt(X.min(axis=0)))
    print("max = " + fmt(X.max(axis=0)))
    print("threshold = %g" % THRESHOLD)
    for n in nets:
        print("\n[[net]]")
        print("hidden = [")
        for row in n.coefs_[0].T:
            print("  " + fmt(row) + ",")
        print("]")
        print("hidden_bias = " + fmt(n.intercepts_[0]))
        print("output = " + fmt(n.coefs_[1][:, 0]))
        print("output_bias = %.6g" % n.intercepts_[1][0])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Peer baseline for `storyline eval cluster`: scikit-learn TF-IDF grouping.

Reads the common JSON Lines format (id, event, title, text, published),
replays articles in publication order (undated ones keep their input place)
and groups them two ways, reporting B-cubed P/R/F1 and articles per second
for the best threshold of a sweep (the threshold is tuned on the file
itself, as the reference figures in the issue were):

  online:        each article joins the most similar story centroid
                 (cosine over TF-IDF fitted on the articles seen so far is
                 approximated by a vectorizer fitted once: the baseline's
                 speed is what matters here) or starts a new story;
  agglomerative: average-linkage clustering of all articles at once.

Usage: python3 bench/peers/sklearn_cluster.py FILE.jsonl
Needs Debian's python3-sklearn.
"""
import json
import sys
import time

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer


def load(path):
    seen, docs = set(), []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            line = line.strip()
            if not line:
                continue
            d = json.loads(line)
            if d["id"] in seen:
                continue
            seen.add(d["id"])
            docs.append((d.get("published") or "", i, d))
    last, keyed = "", []
    for pub, i, d in docs:
        if pub:
            last = pub
        keyed.append((pub or last, i, d))
    keyed.sort(key=lambda k: (k[0], k[1]))
    return [d for _, _, d in keyed]


def bcubed(pred, gold):
    from collections import defaultdict
    P, G = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        P[p].add(i)
        G[g].add(i)
    n = len(pred)
    prec = sum(len(P[pred[i]] & G[gold[i]]) / len(P[pred[i]]) for i in range(n)) / n
    rec = sum(len(P[pred[i]] & G[gold[i]]) / len(G[gold[i]]) for i in range(n)) / n
    return prec, rec, 2 * prec * rec / (prec + rec)


def online(X, threshold):
    cents, sizes, labels = [], [], []
    for i in range(X.shape[0]):
        v = X[i].toarray().ravel()
        best, bs = -1, threshold
        if cents:
            C = np.vstack(cents)
            norms = np.linalg.norm(C, axis=1) + 1e-12
            sims = C @ v / norms
            j = int(np.argmax(sims))
            if sims[j] >= bs:
                best = j
        if best < 0:
            cents.append(v.copy())
            sizes.append(1)
            labels.append(len(cents) - 1)
        else:
            cents[best] = cents[best] + v
            sizes[best] += 1
            labels.append(best)
    return labels


def main():
    docs = load(sys.argv[1])
    gold = [d["event"] for d in docs]
    texts = [(d.get("title") or "") + "\n" + (d.get("text") or "") for d in docs]
    out = {"file": sys.argv[1], "articles": len(docs)}
    for name in ("online", "agglomerative"):
        best = None
        for t in [x / 100 for x in range(5, 95, 5)]:
            start = time.perf_counter()
            X = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
            if name == "online":
                labels = online(X, t)
            else:
                labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                                 distance_threshold=1 - t).fit_predict(X.toarray())
            secs = time.perf_counter() - start
            p, r, f = bcubed(labels, gold)
            if best is None or f > best["bcubed_f1"]:
                best = {"threshold": t, "bcubed_precision": p, "bcubed_recall": r, "bcubed_f1": f,
                        "stories": len(set(labels)), "articles_per_second": len(docs) / secs}
        out[name] = best
    json.dump(out, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()

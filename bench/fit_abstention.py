"""Fit the extractive abstention rule (ExtractiveConfig in luodi/answer/extractive.py).

    .venv/bin/python bench/fit_abstention.py                 # 1,500 DRCD + 800 CMRC, target 0.93
    .venv/bin/python bench/fit_abstention.py --target 0.95 --json

Every fitting question is searched twice, with its gold paragraph and with it hidden (a document
filter), and the features the rule reads (`Extraction.features`) are kept for both. A logistic
regression then tells "gold present" from "gold hidden": once over the four features every dense
answer has, once over the six of the clause rule (its passages only: several clauses, 200+
characters). Each rule's bias is then moved until it declines `--target` of its hidden-gold rows.
Both rules are finally scored, beside the shipped ones, through the whole answer path on DRCD
questions that were not fitted on: answers containing a gold answer, and declines with the gold
hidden. The keyword-only rule (no encoder) is set by hand and not fitted here.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.answers import Gold, Hidden  # noqa: E402
from bench.common import encoder_with_cache, load_cmrc, load_drcd  # noqa: E402
from bench.retrieval import build_kb  # noqa: E402
from luodi.answer import Answerer, AskOptions  # noqa: E402
from luodi.answer.extractive import ExtractiveConfig, Features, extract  # noqa: E402
from luodi.answer.idf import stats_for  # noqa: E402
from luodi.retrieve import Retriever  # noqa: E402


def vector(f: Features, clause: bool) -> list[float]:
    """The rule's inputs, in ExtractiveConfig's order."""
    d = f.dense
    values = [f.sentence, f.passage, d.best, f.margin]
    return values + [d.clause, d.lead] if clause else values


def logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 30) -> np.ndarray:
    """Weights and bias (last) of a ridge logistic regression, by Newton's method on
    standardised features, returned on the raw features' scale."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = np.zeros(z.shape[1])
    reg = l2 * np.eye(z.shape[1])
    reg[-1, -1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        grad = z.T @ (p - y) + reg @ w
        hess = (z * (p * (1 - p))[:, None]).T @ z + reg
        w -= np.linalg.solve(hess, grad)
    raw = w[:-1] / sd
    return np.append(raw, w[-1] - raw @ mu)


def with_target_bias(rule: np.ndarray, hidden: np.ndarray, target: float) -> np.ndarray:
    """The same weights, the bias moved so that `target` of the hidden rows score below zero."""
    scores = hidden @ rule[:-1]
    return np.append(rule[:-1], -float(np.quantile(scores, target)))


def collect(retriever, gold: Gold, questions, stats, model: str) -> list[tuple[Features, bool]]:
    rows = []
    for q in questions:
        for present in (True, False):
            r = retriever if present else Hidden(retriever, gold.all_ids - gold.doc_ids(q))
            f = extract(q.question, r.search(q.question, 5), ExtractiveConfig(), stats, model).features
            if f is not None and f.dense is not None:
                rows.append((f, present))
    return rows


def fit(rows: list[tuple[Features, bool]], clause: bool, target: float) -> tuple[np.ndarray, int]:
    rows = [(f, p) for f, p in rows if f.dense.long_passage or not clause]
    x = np.array([vector(f, clause) for f, _ in rows])
    y = np.array([p for _, p in rows], dtype=float)
    rule = logistic(x, y)
    return with_target_bias(rule, x[y == 0], target), len(rows)


def score(retriever, gold: Gold, questions, cfg: ExtractiveConfig) -> dict:
    """Contains-gold with the gold present, declines with it hidden: the whole answer path."""
    answerer = Answerer(retriever, None, None, cfg)
    contains = declined = 0
    for q in questions:
        ans = answerer.ask(q.question, AskOptions())
        contains += not ans.abstained and gold.contains(q, ans)
        hidden = Answerer(Hidden(retriever, gold.all_ids - gold.doc_ids(q)), None, None, cfg)
        declined += hidden.ask(q.question, AskOptions()).abstained
    n = max(1, len(questions))
    return {"questions": len(questions), "contains_gold": round(contains / n, 4),
            "declined_when_gold_removed": round(declined / n, 4)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--drcd", type=int, default=1500, help="DRCD fitting questions")
    ap.add_argument("--cmrc", type=int, default=800, help="CMRC fitting questions")
    ap.add_argument("--heldout", type=int, default=1500, help="other DRCD questions to score on")
    ap.add_argument("--target", type=float, default=0.93, help="share of hidden-gold rows declined")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    found = encoder_with_cache()
    if found is None:
        return 2
    embedder, cache = found
    rows: list[tuple[Features, bool]] = []
    kept = {}
    for name, loader, n in (("drcd", load_drcd, args.drcd), ("cmrc", load_cmrc, args.cmrc)):
        docs, questions = loader()
        random.Random(0).shuffle(questions)
        store, _ = build_kb(docs, Path(tempfile.mkdtemp(prefix=f"luodi-fit-{name}-")), embedder, cache)
        retriever, gold = Retriever(store, embedder), Gold(name, store)
        rows += collect(retriever, gold, questions[:n], stats_for(store), embedder.name)
        if name == "drcd":
            kept = {"retriever": retriever, "gold": gold, "heldout": questions[n : n + args.heldout]}
    dense_rule, n_dense = fit(rows, False, args.target)
    clause_rule, n_clause = fit(rows, True, args.target)
    shipped = ExtractiveConfig()
    fitted = replace(shipped, dense_rule=tuple(round(float(v), 3) for v in dense_rule),
                     clause_rule=tuple(round(float(v), 3) for v in clause_rule))
    out = {"fit_rows": {"dense_rule": n_dense, "clause_rule": n_clause}, "target": args.target,
           "dense_rule": fitted.dense_rule, "clause_rule": fitted.clause_rule,
           "heldout_drcd": {label: score(kept["retriever"], kept["gold"], kept["heldout"], cfg)
                            for label, cfg in (("shipped", shipped), ("fitted", fitted))}}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"fitted on {n_dense} rows (clause rule: {n_clause}), target decline {args.target}")
        print(f"dense_rule:  {fitted.dense_rule}\nclause_rule: {fitted.clause_rule}")
        for label, res in out["heldout_drcd"].items():
            print(f"held-out DRCD, {label:8}: {res}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

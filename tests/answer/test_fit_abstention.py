"""The abstention rule's fitting (bench/fit_abstention.py) on synthetic features, and the
features an extraction reports being the ones its decision used."""

from __future__ import annotations

import numpy as np

from bench.fit_abstention import logistic, with_target_bias
from luodi.answer.extractive import ExtractiveConfig, answerable, extract
from luodi.types import Hit


def test_logistic_finds_the_separating_direction_on_the_raw_scale():
    rng = np.random.default_rng(0)
    # feature 0 separates present from hidden, feature 1 is noise on a much larger scale
    present = np.column_stack([rng.normal(0.9, 0.02, 400), rng.normal(50, 10, 400)])
    hidden = np.column_stack([rng.normal(0.8, 0.02, 400), rng.normal(50, 10, 400)])
    x = np.vstack([present, hidden])
    y = np.r_[np.ones(400), np.zeros(400)]
    rule = logistic(x, y)
    assert rule[0] > 0 and abs(rule[1]) * 10 < rule[0] * 0.02  # noise weighs far less
    accuracy = ((x @ rule[:-1] + rule[-1] >= 0) == (y == 1)).mean()
    assert accuracy > 0.97


def test_target_bias_declines_the_asked_share_of_hidden_rows():
    rng = np.random.default_rng(1)
    hidden = rng.normal(0.0, 1.0, (1000, 3))
    rule = with_target_bias(np.array([1.0, -0.5, 2.0, 7.0]), hidden, 0.93)
    declined = (hidden @ rule[:-1] + rule[-1] < 0).mean()
    assert abs(declined - 0.93) <= 0.002
    assert list(rule[:-1]) == [1.0, -0.5, 2.0]  # only the bias moves


def test_an_extraction_reports_the_features_it_decided_on():
    hits = [Hit(chunk_id=1, document="d.md", section="第十二条", text="快递员上门取件前30分钟应致电寄件人。",
                score=1.0, scores={"keyword": 3.0, "dense": 0.91})]
    cfg = ExtractiveConfig()
    ex = extract("上门取件前多久打电话？", hits, cfg, None, cfg.dense_model)
    assert ex.features is not None and ex.features.dense.best == 0.91
    assert ex.abstain == (not answerable(ex.features, cfg, dense_ok=True))

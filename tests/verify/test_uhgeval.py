"""The verifier on UHGEval news continuations: numeric hallucinated keywords must be caught."""

from __future__ import annotations

import pytest


@pytest.mark.data
def test_numeric_recall_on_uhgeval(shared_data):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "bench" / "verify.py"
    spec = importlib.util.spec_from_file_location("bench_verify", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    load, run = bench.load, bench.run
    data = shared_data / "uhgeval_zh"
    if not data.is_dir():
        pytest.skip("uhgeval_zh not in ../shared/data")
    numeric = run(load(data))["systems"]["atoms"]["numeric"]
    assert numeric["recall"] >= 0.9
    assert numeric["precision"] >= 0.85

"""The approximate index's loading order (luodi.index.ann)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("first", ["from luodi.index import ann; ann.available()",
                                   "from luodi.index import ann; ann.AnnIndex(8)"])
def test_loading_usearch_first_does_not_crash_the_e5_engine(first):
    # In a separate process: the crash this guards against is a SIGSEGV, which would end pytest.
    # A search on a large knowledge base loads usearch before the query is embedded.
    code = f"{first}\nimport onnxruntime\nprint('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert (out.returncode, out.stdout.strip()) == (0, "ok"), out.stderr[-2000:]

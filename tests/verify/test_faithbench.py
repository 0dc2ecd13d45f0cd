"""The verifier on FaithBench's English summaries (real model output against real sources)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from luodi.verify.atoms import extract_atoms
from luodi.verify.check import check_atoms


@pytest.fixture(scope="module")
def samples(shared_data):
    from bench.faithbench import load

    data = shared_data / "faithbench"
    if not data.is_dir():
        pytest.skip("faithbench not in ../shared/data")
    return load(data)


@pytest.mark.data
def test_an_atom_the_source_states_verbatim_is_never_flagged(samples):
    # 1,365 atoms of 400 summaries; the source spells Café with a combining accent, 14:00 ends a
    # sentence, "2:00 PM" and "39-year-old" restate it: none of these may be called unsupported
    wrong = []
    for s in samples:
        summary, source = s["summary"], unicodedata.normalize("NFC", s["source"])
        atoms = extract_atoms(summary)
        for atom, check in zip(atoms, check_atoms(summary, [s["source"]], atoms), strict=True):
            text = re.escape(unicodedata.normalize("NFC", atom.text))
            if not check.supported and re.search(rf"(?<![\w.,:-]){text}(?![\w,:-]|\.\d)", source):
                wrong.append(atom.text)
    assert not wrong


@pytest.mark.data
def test_flagged_summaries_are_mostly_hallucinated(samples):
    from bench.faithbench import run

    result = run(samples)
    assert result["samples"] == 400
    assert result["summaries"]["precision"] >= 0.7  # 0.767 when written: an unsupported atom is usually a real error

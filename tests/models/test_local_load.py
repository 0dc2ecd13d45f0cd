"""Loading a local model with llama.cpp's extra buffer types off (no model needed)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from luodi.models.local import _without_extra_buffers


def _fake_llama_cpp():
    def defaults():
        return SimpleNamespace(use_extra_bufts=True, n_gpu_layers=0)

    return SimpleNamespace(llama_cpp=SimpleNamespace(llama_model_default_params=defaults))


def test_extra_buffers_are_off_only_for_the_load_and_only_when_asked():
    fake = _fake_llama_cpp()
    original = fake.llama_cpp.llama_model_default_params
    with _without_extra_buffers(fake, True):
        assert fake.llama_cpp.llama_model_default_params().use_extra_bufts is False
    assert fake.llama_cpp.llama_model_default_params is original
    with _without_extra_buffers(fake, False):
        assert fake.llama_cpp.llama_model_default_params().use_extra_bufts is True
    with pytest.raises(RuntimeError), _without_extra_buffers(fake, True):
        raise RuntimeError("a failed load")
    assert fake.llama_cpp.llama_model_default_params is original

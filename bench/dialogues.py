"""Dialogue suite for memory: follow-ups, coreference, cross-session facts, updates, forgetting,
isolation — zh-Hans, zh-Hant and en, over the demo courier handbook.

    .venv/bin/python bench/dialogues.py [--mode extractive|llm] [--backend auto|http|python]
                                        [--embedder hash|e5] [--json] [--verbose]

Each line of bench/data/dialogues.jsonl is a dialogue of turns in named sessions; a turn says
something (or calls the memory API) and carries probes:
  rewritten / not_rewritten   substrings of the answer's `rewritten_question`
  answer / not_answer         substrings of the answer text
  recalled / not_recalled     in (or absent from) answer + rewritten question + facts given to the model
  api list|history has/lacks  the caller's facts (active / with history) through the memory API
  check stored_absent         the values are in no stored turn and no fact row of the user
Strings are compared after folding to simplified Chinese and lower case. Users are prefixed with
the dialogue id, so dialogues never see each other. "Forgotten" probes (not_recalled, lacks,
stored_absent in forget dialogues) must all pass.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SUITE = REPO / "bench" / "data" / "dialogues.jsonl"
REWRITES: dict[str, int] = defaultdict(int)  # rewrite_by -> count, for the summary
BASE_TIME = datetime.fromisoformat("2026-03-02T09:00:00+08:00")


def _fold(text: str) -> str:
    from luodi.fold import to_simplified

    return to_simplified(text or "").lower()


# -- backends: the same calls through Luodi directly or through the HTTP API ------------------------
class PythonBackend:
    name = "python"

    def __init__(self, lu: Any):
        self.lu = lu

    def close(self) -> None:
        self.lu.close()

    def ask(self, text: str, *, user: str, tenant: str, session: str, now: datetime, mode: str | None) -> dict:
        return self.lu.ask(text, user=user, tenant=tenant, session=session, now=now, mode=mode).to_dict()

    def forget(self, user: str, tenant: str, what: str) -> dict:
        return self.lu.memory.forget_what(user, what, tenant)

    def facts(self, user: str, tenant: str, history: bool = False) -> list[dict]:
        return self.lu.memory.facts(user, tenant, history=history)

    def turns(self, user: str, tenant: str) -> list[dict]:
        out = []
        for s in self.lu.memory.sessions(user, tenant):
            out += self.lu.memory.turns(user, s["session"], tenant)
        return out


class HttpBackend:
    """Through FastAPI's TestClient on luodi.server.app.create_app (no sockets)."""

    name = "http"

    def __init__(self, kb: Path, home: Path):
        from fastapi.testclient import TestClient

        from luodi.server.app import create_app

        self.app = create_app(home, kb=kb)
        self.client = TestClient(self.app)
        self.registry = self.app.state.luodi.registry
        self._auth: dict[tuple[str, str], dict[str, str]] = {}

    def close(self) -> None:
        self.app.state.luodi.close()

    def _headers(self, user: str, tenant: str) -> dict[str, str]:
        # One API key per (tenant, user), bound to that user: the server decides who is asking.
        # Role admin: the dialogues run on a simulated clock, which only an admin key may set.
        key = (tenant, user)
        if key not in self._auth:
            if not self.registry.tenant_exists(tenant):
                self.registry.create_tenant(tenant)
            _, token = self.registry.create_key(tenant, role="admin", user=user)
            self._auth[key] = {"Authorization": f"Bearer {token}"}
        return self._auth[key]

    def _ok(self, resp: Any) -> Any:
        if resp.status_code >= 400:
            raise RuntimeError(f"HTTP {resp.status_code}: {resp.text[:200]}")
        return resp.json()

    def ask(self, text: str, *, user: str, tenant: str, session: str, now: datetime, mode: str | None) -> dict:
        body = {"question": text, "session": session, "now": now.isoformat()}
        if mode:
            body["mode"] = mode
        return self._ok(self.client.post("/api/ask", json=body, headers=self._headers(user, tenant)))

    def forget(self, user: str, tenant: str, what: str) -> dict:
        return self._ok(self.client.post("/api/memory/forget", json={"what": what},
                                         headers=self._headers(user, tenant)))

    def facts(self, user: str, tenant: str, history: bool = False) -> list[dict]:
        url = "/api/memory" + ("?history=true" if history else "")
        return self._ok(self.client.get(url, headers=self._headers(user, tenant)))["facts"]

    def turns(self, user: str, tenant: str) -> list[dict]:
        h = self._headers(user, tenant)
        out = []
        for s in self._ok(self.client.get("/api/sessions", headers=h))["sessions"]:
            out += self._ok(self.client.get(f"/api/sessions/{s['session']}/turns", headers=h))["turns"]
        return out


# -- running ------------------------------------------------------------------------------------
def load_suite(path: Path = SUITE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def build_kb(kb: Path) -> None:
    from luodi.app import Luodi

    with Luodi(kb) as lu:
        if not lu.documents():
            lu.ingest([REPO / "demo" / "handbook"])


def _probe(results: list[dict], dlg: dict, turn_no: int, kind: str, ok: bool, detail: str) -> None:
    forgotten = dlg["category"] == "forget" and kind in ("not_recalled", "lacks", "stored_absent")
    results.append({"dialogue": dlg["id"], "category": dlg["category"], "lang": dlg["lang"],
                    "turn": turn_no, "kind": kind, "ok": ok, "forgotten": forgotten, "detail": detail})


def run_dialogue(backend: Any, dlg: dict, mode: str | None, results: list[dict]) -> list[dict]:
    """Run one dialogue; append its probe results; return the answers (for --verbose)."""
    answers = []
    for i, turn in enumerate(dlg["turns"]):
        user = f"{dlg['id']}:{turn.get('user', 'u')}"
        tenant = turn.get("tenant", "default")
        now = BASE_TIME + timedelta(minutes=i)
        if "say" in turn:
            out = backend.ask(turn["say"], user=user, tenant=tenant, session=turn["s"], now=now, mode=mode)
            answers.append(out)
            REWRITES[out.get("rewrite_by", "none")] += 1
            rewritten = _fold(out.get("rewritten_question", ""))
            answer = _fold(out.get("answer", ""))
            recalled = " ".join([answer, rewritten, _fold(" ".join(out.get("memory_facts", [])))])
            for want in turn.get("rewritten", []):
                _probe(results, dlg, i, "rewritten", _fold(want) in rewritten, f"{want!r} in {rewritten!r}")
            for bad in turn.get("not_rewritten", []):
                _probe(results, dlg, i, "not_rewritten", _fold(bad) not in rewritten, f"{bad!r} not in {rewritten!r}")
            for want in turn.get("answer", []):
                _probe(results, dlg, i, "answer", _fold(want) in answer, f"{want!r} in {answer[:120]!r}")
            for bad in turn.get("not_answer", []):
                _probe(results, dlg, i, "not_answer", _fold(bad) not in answer, f"{bad!r} not in answer")
            for want in turn.get("recalled", []):
                _probe(results, dlg, i, "recalled", _fold(want) in recalled, f"{want!r} recalled")
            for bad in turn.get("not_recalled", []):
                _probe(results, dlg, i, "not_recalled", _fold(bad) not in recalled,
                       f"{bad!r} not in {recalled[:160]!r}")
        elif turn.get("api") == "forget":
            backend.forget(user, tenant, turn["what"])
        elif turn.get("api") in ("list", "history"):
            facts = backend.facts(user, tenant, history=turn["api"] == "history")
            values = _fold(" ".join(f["value"] for f in facts))
            for want in turn.get("has", []):
                _probe(results, dlg, i, "has", _fold(want) in values, f"{want!r} in {values!r}")
            for bad in turn.get("lacks", []):
                _probe(results, dlg, i, "lacks", _fold(bad) not in values, f"{bad!r} not in {values!r}")
        elif turn.get("check") == "stored_absent":
            stored = [t["content"] + " " + t.get("standalone", "") for t in backend.turns(user, tenant)]
            stored += [f["value"] + " " + f.get("statement", "") for f in backend.facts(user, tenant, history=True)]
            blob = _fold(" ".join(stored))
            for bad in turn["values"]:
                _probe(results, dlg, i, "stored_absent", _fold(bad) not in blob, f"{bad!r} stored")
    return answers


def summarize(results: list[dict]) -> dict:
    def rate(rows: list[dict]) -> dict:
        ok = sum(r["ok"] for r in rows)
        return {"passed": ok, "probes": len(rows), "rate": round(ok / len(rows), 4) if rows else None}

    groups: dict[str, dict[str, list[dict]]] = {"category": defaultdict(list), "lang": defaultdict(list),
                                                "kind": defaultdict(list)}
    for r in results:
        for g in groups:
            groups[g][r[g]].append(r)
    return {
        "overall": rate(results),
        "forgotten_never_recalled": rate([r for r in results if r["forgotten"]]),
        **{f"by_{g}": {k: rate(v) for k, v in sorted(rows.items())} for g, rows in groups.items()},
        "rewrites": dict(REWRITES),
        "failures": [r for r in results if not r["ok"]],
    }


def run_suite(kb: Path, *, mode: str | None = None, backend: str = "auto",
              suite: list[dict] | None = None, home: Path | None = None) -> tuple[dict, str]:
    """Run every dialogue; returns (summary, backend name). Also counts model rewrites."""
    from luodi.app import Luodi

    suite = suite or load_suite()
    results: list[dict] = []
    be: Any = None
    if backend in ("auto", "http"):
        try:
            be = HttpBackend(kb, home or kb.parent / "home")
        except ImportError:
            if backend == "http":
                raise
    if be is None:
        be = PythonBackend(Luodi(kb))
    try:
        for dlg in suite:
            run_dialogue(be, dlg, mode, results)
    finally:
        be.close()
    return summarize(results), be.name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mode", choices=["extractive", "llm", "llm-rewrite"], default="extractive",
                    help="llm-rewrite: the model rewrites follow-ups, answers stay extractive")
    ap.add_argument("--backend", choices=["auto", "http", "python"], default="auto")
    ap.add_argument("--embedder", default=None, help="override LUODI_EMBEDDER (hash is fast, e5 is the default)")
    ap.add_argument("--kb", type=Path, default=None, help="reuse a knowledge base directory")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print every failed probe")
    ap.add_argument("--only", default=None, help="run dialogues whose id starts with this")
    args = ap.parse_args()
    if args.embedder:
        os.environ["LUODI_EMBEDDER"] = args.embedder
    os.environ["LUODI_MODE"] = "llm" if args.mode.startswith("llm") else "extractive"
    ask_mode = "extractive" if args.mode == "llm-rewrite" else args.mode
    tmp = None
    kb = args.kb
    if kb is None:
        tmp = tempfile.TemporaryDirectory(prefix="luodi-dialogues-")
        kb = Path(tmp.name) / "kb"
    start = time.perf_counter()
    build_kb(kb)
    suite = [d for d in load_suite() if not args.only or d["id"].startswith(args.only)]
    summary, backend = run_suite(kb, mode=ask_mode, backend=args.backend, suite=suite)
    summary.update(mode=args.mode, backend=backend, seconds=round(time.perf_counter() - start, 1),
                   embedder=os.environ.get("LUODI_EMBEDDER", "(config)"))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        _print(summary, args.verbose)
    if tmp is not None:
        tmp.cleanup()
    ok = summary["overall"]["rate"] >= 0.9 and summary["forgotten_never_recalled"]["rate"] == 1.0
    sys.exit(0 if ok else 1)


def _print(summary: dict, verbose: bool) -> None:
    def line(name: str, r: dict) -> str:
        return f"  {name:16} {r['passed']:4}/{r['probes']:<4} {100 * (r['rate'] or 0):6.1f}%"

    print(f"mode {summary['mode']} · backend {summary['backend']} · embedder {summary['embedder']} "
          f"· {summary['seconds']} s")
    print(line("overall", summary["overall"]))
    print(line("forgotten=never", summary["forgotten_never_recalled"]))
    print(f"  rewrites by: {summary['rewrites']}")
    for group in ("by_category", "by_lang", "by_kind"):
        print(group.replace("by_", "by "))
        for name, r in summary[group].items():
            print(line(name, r))
    if verbose:
        for f in summary["failures"]:
            print(f"FAIL {f['dialogue']} turn {f['turn']} {f['kind']}: {f['detail']}")


if __name__ == "__main__":
    main()

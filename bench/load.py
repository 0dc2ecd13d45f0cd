"""Load test of `luodi serve` on the loopback interface: 50 concurrent clients, bounded time.

Starts a server in a subprocess (a fresh LUODI_HOME, a random free port, one tenant with an API
key), uploads the demo handbook through the API, then runs two phases against
`/v1/chat/completions`:

  extractive  every request a distinct question (no cache hits), answered in extractive mode
  cache       a few questions asked over and over (answers come from the answer cache)

and prints requests, errors (must be 0), throughput and p50/p95/p99 latency per phase.

    .venv/bin/python bench/load.py [--clients 50] [--duration 20] [--embedder hash] [--store URL] [--json]

The per-key rate limit is turned off for the run (LUODI_SERVER_RATE_PER_MINUTE=0): the point
is the server's capacity, not the limiter. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
HANDBOOK = REPO / "demo" / "handbook"
QUESTIONS = REPO / "demo" / "questions.txt"
LUODI = [sys.executable, "-m", "luodi.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def questions() -> list[str]:
    lines = [q.strip() for q in QUESTIONS.read_text(encoding="utf-8").splitlines()]
    return [q for q in lines if q and not q.startswith("#")]


class Server:
    """`luodi serve` in a subprocess with its own LUODI_HOME; always stopped on exit."""

    def __init__(self, embedder: str, mode: str, store: str | None = None):
        self.home = Path(tempfile.mkdtemp(prefix="luodi-load-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "LUODI_HOME": str(self.home), "LUODI_CONFIG": str(self.home / "none.toml"),
                    "LUODI_EMBEDDER": embedder, "LUODI_MODE": mode, "LUODI_SERVER_RATE_PER_MINUTE": "0",
                    "PYTHONUNBUFFERED": "1"}
        for name in ("LUODI_KB", "LUODI_STORE"):
            self.env.pop(name, None)
        if store:  # the tenant's tables go to their own schema of this database
            self.env["LUODI_STORE"] = store
        self.proc: subprocess.Popen | None = None
        self.key = ""

    def admin(self, *args: str) -> str:
        out = subprocess.run(LUODI + ["admin", *args], env=self.env, cwd=REPO, check=True,
                             capture_output=True, text=True, timeout=60)
        return out.stdout.strip()

    def __enter__(self) -> Server:
        self.admin("tenant", "create", "bench")
        self.key = json.loads(self.admin("key", "create", "bench", "--role", "admin", "--json"))["key"]
        self.log = open(self.home / "server.log", "w")
        self.proc = subprocess.Popen(LUODI + ["serve", "--host", "127.0.0.1", "--port", str(self.port),
                                              "--log-level", "warning"],
                                     env=self.env, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {(self.home / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("server did not start within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)


def upload_handbook(server: Server) -> dict:
    files = [("files", (p.name, p.read_bytes())) for p in sorted(HANDBOOK.iterdir()) if p.is_file()]
    start = time.perf_counter()
    r = httpx.post(f"{server.url}/api/documents", files=files, timeout=300,
                   headers={"Authorization": f"Bearer {server.key}"})
    r.raise_for_status()
    body = r.json()
    if body["failed"]:
        raise RuntimeError(f"upload failed: {body}")
    return {"files": body["files"], "chunks": sum(x["chunks"] for x in body["results"]),
            "seconds": round(time.perf_counter() - start, 2)}


async def phase(server: Server, name: str, clients: int, duration: float, pick) -> dict:
    """`clients` tasks ask until the deadline; `pick(client, n)` gives each request's question."""
    latencies: list[float] = []
    errors: dict[str, int] = {}
    cached = 0
    deadline = time.monotonic() + duration
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=60,
                                 headers={"Authorization": f"Bearer {server.key}"}) as http:

        async def client(i: int) -> None:
            nonlocal cached
            n = 0
            while time.monotonic() < deadline:
                body = {"model": "luodi", "messages": [{"role": "user", "content": pick(i, n)}]}
                start = time.perf_counter()
                try:
                    r = await http.post("/v1/chat/completions", json=body)
                    ok = r.status_code == 200
                    if ok:
                        cached += bool(r.json()["luodi"].get("cached"))
                    else:
                        errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                except httpx.HTTPError as exc:
                    ok = False
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                if ok:
                    latencies.append((time.perf_counter() - start) * 1000)
                n += 1

        start = time.monotonic()
        await asyncio.gather(*(client(i) for i in range(clients)))
        wall = time.monotonic() - start
    done = len(latencies)
    return {"phase": name, "clients": clients, "seconds": round(wall, 1), "requests": done,
            "errors": sum(errors.values()), "error_kinds": errors,
            "throughput_rps": round(done / wall, 1), "cached": cached,
            "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
            "p99_ms": round(percentile(latencies, 99), 1), "max_ms": round(max(latencies, default=0), 1)}


async def run(args: argparse.Namespace) -> dict:
    qs = questions()
    with Server(args.embedder, "extractive", args.store) as server:
        ingest = upload_handbook(server)
        # distinct: the demo questions made unique per client and request, so none is a cache hit
        distinct = await phase(server, "extractive", args.clients, args.duration,
                               lambda i, n: f"{qs[(i + n) % len(qs)]}（客户{i}第{n}问）")
        hot = qs[: args.hot]
        for q in hot:  # every hot question asked once, so the measured phase is all hits
            httpx.post(f"{server.url}/v1/chat/completions", timeout=60,
                       headers={"Authorization": f"Bearer {server.key}"},
                       json={"messages": [{"role": "user", "content": q}]}).raise_for_status()
        cache = await phase(server, "cache", args.clients, args.duration,
                            lambda i, n: hot[(i + n) % len(hot)])
    return {"embedder": args.embedder, "ingest": ingest, "phases": [distinct, cache],
            "cpu_count": os.cpu_count()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=20.0, help="seconds per phase")
    ap.add_argument("--embedder", default="hash", help="hash (fast, default) or e5 (the real one)")
    ap.add_argument("--hot", type=int, default=5, help="distinct questions in the cache phase")
    ap.add_argument("--store", help="a store URL for the server (e.g. postgresql://…); default: "
                    "SQLite in a fresh LUODI_HOME")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not 1 <= args.clients <= 500 or not 0 < args.duration <= 600:
        ap.error("--clients must be 1-500 and --duration 0-600 s")
    result = asyncio.run(run(args))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        i = result["ingest"]
        print(f"ingest: {i['files']} files, {i['chunks']} chunks in {i['seconds']} s (embedder {args.embedder})")
        print(f"{'phase':11} {'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>8} "
              f"{'p95 ms':>8} {'p99 ms':>8} {'cached':>7}")
        for p in result["phases"]:
            print(f"{p['phase']:11} {p['clients']:>7} {p['requests']:>8} {p['errors']:>6} "
                  f"{p['throughput_rps']:>7} {p['p50_ms']:>8} {p['p95_ms']:>8} {p['p99_ms']:>8} {p['cached']:>7}")
    if any(p["errors"] for p in result["phases"]):
        sys.exit(1)


if __name__ == "__main__":
    main()

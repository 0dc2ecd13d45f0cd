"""Benchmark the local model through Luodi against raw llama-cpp-python, in the same process.

Measures (median of --runs, runs of the two sides interleaved so background load hits both):
  * generation tokens/s and prompt (prefill) tokens/s: Luodi's LocalModel vs Llama.create_completion
    on the same loaded weights; overhead should stay under 10%;
  * JSON-constrained generation tokens/s: Luodi's grammar loop vs llama-cpp-python's
    create_chat_completion(response_format=json_object+schema);
  * first-answer latency for a typical knowledge question (~300 tokens of evidence, JSON answer),
    and time to the first streamed piece;
  * answer-cache hit latency (SQLite store), and peak memory (ru_maxrss).

Usage: python bench/models.py [--runs 5] [--model NAME|PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from luodi import cache  # noqa: E402
from luodi.models.install import DEFAULT_MODEL, resolve_model_path  # noqa: E402
from luodi.models.local import LocalModel  # noqa: E402

EVIDENCE = """[1] 顺达快递《收费与时效规则》第三条：同城件首重1公斤收费12元，续重每公斤2元；省内件首重1公斤
收费15元，续重每公斤3元；省外件首重1公斤收费20元，续重每公斤6元。体积重量按长×宽×高（厘米）÷6000计算，
与实际重量比较取较大者计费。
[2] 第五条：同城件承诺次日18:00前送达，省内件承诺2天内送达，省外件承诺3至5天送达。遇台风、暴雨等
不可抗力时时效顺延，并以短信通知收件人。超过承诺时效48小时仍未送达的，可申请退还运费的50%。
[3] 第八条：保价服务按声明价值的0.5%收取保价费，最低1元。未保价快件丢失的，按运费的3倍赔偿，最高不超过
300元；保价快件丢失的，按声明价值赔偿。收件人应当场验货，签收后发现破损的，须在24小时内联系客服。"""
QUESTION = "省内件首重多少钱？超时多久可以退运费？"
SCHEMA = {
    "type": "object",
    "properties": {
        "answer": {"type": "string", "maxLength": 120},
        "citations": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
    },
    "required": ["answer", "citations"],
}


def knowledge_messages(nonce: int) -> list[dict]:
    return [
        {
            "role": "system",
            "content": f"#{nonce} 你是顺达快递的客服。只根据资料回答，用[编号]引用资料，输出JSON。",
        },
        {"role": "user", "content": f"资料：\n{EVIDENCE}\n\n问题：{QUESTION}"},
    ]


def timed(fn, *args, **kw) -> tuple[object, float]:
    """(fn's result, seconds it took)."""
    start = time.perf_counter()
    result = fn(*args, **kw)
    return result, time.perf_counter() - start


def bench_generation(model: LocalModel, runs: int, n: int) -> dict:
    llm = model.llm
    msgs = [{"role": "user", "content": "Count from 1 to 500, separated by commas."}]
    tokens = model._tokens(model._format(msgs)[0])
    raw_tps, ours_tps = [], []
    model.complete(msgs, max_tokens=4)  # the prompt stays cached for both sides below
    for _ in range(runs):
        r, t = timed(llm.create_completion, tokens, max_tokens=n, temperature=0, top_k=1)
        raw_tps.append(r["usage"]["completion_tokens"] / t)
        c, t = timed(model.complete, msgs, max_tokens=n)
        ours_tps.append(c.tokens_out / t)
    raw, ours = statistics.median(raw_tps), statistics.median(ours_tps)
    return {
        "raw_tok_s": round(raw, 2),
        "luodi_tok_s": round(ours, 2),
        "overhead_pct": round((raw / ours - 1) * 100, 1),
        "max_tokens": n,
    }


def bench_prefill(model: LocalModel, runs: int) -> dict:
    llm = model.llm
    raw_tps, ours_tps, sizes = [], [], []
    for i in range(runs):
        # A different first token each time defeats the prefix cache: a cold prompt every run.
        a, b = knowledge_messages(1000 + 2 * i), knowledge_messages(1001 + 2 * i)
        tokens = model._tokens(model._format(a)[0])
        sizes.append(len(tokens))
        _, t = timed(llm.create_completion, tokens, max_tokens=1, temperature=0, top_k=1)
        raw_tps.append(len(tokens) / t)
        c, t = timed(model.complete, b, max_tokens=1)
        ours_tps.append(c.tokens_in / t)
    raw, ours = statistics.median(raw_tps), statistics.median(ours_tps)
    return {
        "raw_tok_s": round(raw, 1),
        "luodi_tok_s": round(ours, 1),
        "overhead_pct": round((raw / ours - 1) * 100, 1),
        "prompt_tokens": int(statistics.median(sizes)),
    }


def bench_json(model: LocalModel, runs: int, n: int) -> dict:
    llm = model.llm
    raw_tps, ours_tps = [], []
    msgs = knowledge_messages(7)
    model.complete(msgs, max_tokens=1)  # cache the prompt for both sides
    for _ in range(runs):
        fmt = {"type": "json_object", "schema": SCHEMA}
        r, t = timed(
            llm.create_chat_completion,
            msgs,
            max_tokens=n,
            temperature=0,
            top_k=1,
            response_format=fmt,
        )
        raw_tps.append(r["usage"]["completion_tokens"] / t)
        c, t = timed(model.complete, msgs, max_tokens=n, json_schema=SCHEMA)
        ours_tps.append(c.tokens_out / t)
    return {
        "raw_tok_s": round(statistics.median(raw_tps), 2),
        "luodi_tok_s": round(statistics.median(ours_tps), 2),
        "max_tokens": n,
    }


def bench_first_answer(model: LocalModel, runs: int) -> dict:
    totals, firsts, outs, answers = [], [], [], []
    for i in range(runs):
        start = time.perf_counter()
        first = None
        text = ""
        for item in model.stream(knowledge_messages(5000 + i), max_tokens=96, json_schema=SCHEMA):
            if isinstance(item, str):
                first = first or time.perf_counter() - start
                text += item
            else:
                outs.append(item.tokens_out)
        totals.append(time.perf_counter() - start)
        firsts.append(first or totals[-1])
        answers.append(text)
    return {
        "total_s": round(statistics.median(totals), 2),
        "first_piece_s": round(statistics.median(firsts), 2),
        "tokens_out": int(statistics.median(outs)),
        "example": answers[0],
    }


def bench_cache(runs: int = 200) -> dict:
    from luodi.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "kb.db")
        settings = {"mode": "llm", "model": DEFAULT_MODEL}
        answer = {
            "answer": "省内件首重15元。" * 10,
            "citations": [{"document": "rules.md", "quote": EVIDENCE[:300]}],
        }
        cache.put(store, QUESTION, "default", settings, answer, [1])
        cache.get(store, QUESTION, "default", settings)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            assert cache.get(store, "省內件首重多少錢?超時多久可以退運費", "default", settings)
            times.append((time.perf_counter() - start) * 1000)
        store.close()
    times.sort()
    return {
        "median_ms": round(times[len(times) // 2], 3),
        "p95_ms": round(times[int(len(times) * 0.95)], 3),
    }


# Hand-written pairs: same meaning vs. one word apart with a different answer.
PARAPHRASES = [
    ("同城件首重多少钱？", "同城快递首重收费是多少"),
    ("超时多久可以退运费", "快递超时多长时间能退运费？"),
    ("保价费怎么收", "保价服务收费标准是什么"),
    ("签收后发现破损怎么办", "收到快递后发现东西坏了怎么处理"),
    ("省外件几天到", "寄到外省要多少天"),
]
DIFFERENT = [
    ("同城件首重多少钱？", "省内件首重多少钱？"),
    ("同城件首重多少钱？", "同城件续重多少钱？"),
    ("超时24小时可以退运费吗", "超时48小时可以退运费吗"),
    ("保价费最低多少", "保价费最高多少"),
    ("省外件几天到", "省内件几天到"),
]


def bench_near_duplicates() -> dict:
    """Cosine similarity (multilingual-e5-small) of paraphrases vs. different questions: a
    near-duplicate cache is only safe if some threshold separates the two."""
    import numpy as np

    from luodi.index.dense import E5Embedder

    emb = E5Embedder()

    def sim(a: str, b: str) -> float:
        x, y = emb.embed_query(a), emb.embed_query(b)
        return round(float(np.dot(x, y) / np.linalg.norm(x) / np.linalg.norm(y)), 3)

    same = [sim(a, b) for a, b in PARAPHRASES]
    diff = [sim(a, b) for a, b in DIFFERENT]
    return {
        "paraphrase_min": min(same),
        "different_max": max(diff),
        "separable": min(same) > max(diff),
        "paraphrases": same,
        "different": diff,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="catalogue name or GGUF path")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--tokens", type=int, default=64, help="max_tokens for generation runs")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument(
        "--near-duplicates",
        action="store_true",
        help="also measure whether embedding similarity can spot repeated questions",
    )
    args = ap.parse_args()

    path, label = resolve_model_path(args.model)
    model = LocalModel(path, name=label, n_ctx=4096)
    _, load_s = timed(getattr, model, "llm")
    result = {
        "model": label,
        "threads": model.n_threads,
        "runs": args.runs,
        "load_s": round(load_s, 2),
        "generation": bench_generation(model, args.runs, args.tokens),
        "prefill": bench_prefill(model, args.runs),
        "json_generation": bench_json(model, max(1, args.runs // 2), 32),
        "first_answer": bench_first_answer(model, max(1, args.runs // 2 + 1)),
        "cache_hit": bench_cache(),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }
    if args.near_duplicates:
        result["near_duplicates"] = bench_near_duplicates()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    g, p, j, f, c = (
        result[k] for k in ("generation", "prefill", "json_generation", "first_answer", "cache_hit")
    )
    print(
        f"model {label}, {model.n_threads} threads, load {result['load_s']} s, "
        f"median of {args.runs} runs (load average {result['load_avg']})"
    )
    print(
        f"generation tok/s   raw {g['raw_tok_s']:>7}  luodi {g['luodi_tok_s']:>7}  "
        f"overhead {g['overhead_pct']}%"
    )
    print(
        f"prefill tok/s      raw {p['raw_tok_s']:>7}  luodi {p['luodi_tok_s']:>7}  "
        f"overhead {p['overhead_pct']}% ({p['prompt_tokens']} prompt tokens)"
    )
    print(
        f"JSON gen tok/s     raw {j['raw_tok_s']:>7}  luodi {j['luodi_tok_s']:>7}  "
        "(grammar on the whole vocabulary vs on the best candidates)"
    )
    print(
        f"first answer       {f['total_s']} s total, first piece after {f['first_piece_s']} s, "
        f"{f['tokens_out']} tokens: {f['example'][:100]}"
    )
    print(f"cache hit          median {c['median_ms']} ms, p95 {c['p95_ms']} ms")
    print(f"peak memory        {result['peak_rss_mb']} MB (ru_maxrss)")
    if "near_duplicates" in result:
        nd = result["near_duplicates"]
        print(
            f"near duplicates    paraphrases >= {nd['paraphrase_min']}, different questions "
            f"<= {nd['different_max']}: {'separable' if nd['separable'] else 'NOT separable'}"
        )


if __name__ == "__main__":
    main()

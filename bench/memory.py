"""What memory costs per turn as a conversation grows: latency added and prompt tokens used.

    .venv/bin/python bench/memory.py [--turns 200] [--json]

Memory is measured on its own (`Memory.before` + `Memory.after` around a fixed answer), so the
figures are what memory adds to a turn, not retrieval or the model. Prompt tokens: the rewrite
prompt (bounded window of recent exchanges) and the facts given to the answer prompt, against
what sending the whole history would cost. Tokens are the tokenizer-free estimate used for
budgets (1 per CJK character, 1 per ~4 other characters).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

CHECKPOINTS = (1, 10, 50, 100, 200)
QUESTIONS = ["我负责的区域下周有什么安排？", "北京的同城件首重多少钱？", "那上海呢？", "那如果是跨省呢", "它的续重是多少？",
             "What is the speed limit for electric tricycles?", "and for vans?", "签回单服务每票收费多少？",
             "那定时派送呢？", "我的车在小区里限速多少？"]
FACTS = ["我负责西城区", "my employee number is B{n:04d}", "我周五休息", "I work at the Haidian depot",
         "我的电话是1381234{n:04d}", "我负责东城区", "我上夜班"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--turns", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("LUODI_EMBEDDER", "hash")
    os.environ["LUODI_MODE"] = "extractive"
    from luodi.app import Luodi
    from luodi.memory import rewrite
    from luodi.models.base import estimate_message_tokens, estimate_tokens
    from luodi.types import Answer

    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("LUODI_HOME", str(Path(tmp) / "home"))
        lu = Luodi(Path(tmp) / "kb")
        mem = lu.memory
        now = datetime.fromisoformat("2026-03-02T09:00:00+08:00")
        answer_text = "第五十七条 国内快件标准运费按下表执行，同城首重8元，续重每公斤2元。 [1]"
        rows, per_turn = [], []
        for n in range(1, args.turns + 1):
            message = FACTS[(n // 10) % len(FACTS)].format(n=n) if n % 10 == 5 else QUESTIONS[n % len(QUESTIONS)]
            ctx = mem.before(message, user="bench", tenant="default", session="long", now=now + timedelta(seconds=n))
            answer = ctx.reply or Answer(answer_text)
            mem.after(ctx, answer)
            window = lu.store.memory_turns(ctx.session_id, limit=2 * mem.max_exchanges)
            everything = lu.store.memory_turns(ctx.session_id)
            rewrite_tokens = estimate_message_tokens(rewrite.model_messages(message, window))
            fact_tokens = sum(estimate_tokens(f) + 2 for f in ctx.facts)
            full_tokens = estimate_message_tokens([{"role": t["role"], "content": t["content"]} for t in everything])
            per_turn.append(ctx.timings_ms.get("before", 0) + ctx.timings_ms.get("after", 0))
            if n in CHECKPOINTS:
                recent = per_turn[-10:]
                rows.append({"turns": n, "memory_ms_median": round(statistics.median(recent), 2),
                             "memory_ms_max": round(max(recent), 2),
                             "rewrite_prompt_tokens": rewrite_tokens, "fact_tokens": fact_tokens,
                             "facts_known": len(mem.facts("bench")), "whole_history_tokens": full_tokens})
        lu.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    print(f"{'turns':>5} {'memory ms (median, max of last 10)':>36} {'rewrite prompt tok':>19} "
          f"{'fact tok':>9} {'facts':>6} {'whole history tok':>18}")
    for r in rows:
        print(f"{r['turns']:>5} {r['memory_ms_median']:>20.2f} {r['memory_ms_max']:>15.2f} "
              f"{r['rewrite_prompt_tokens']:>19} {r['fact_tokens']:>9} {r['facts_known']:>6} "
              f"{r['whole_history_tokens']:>18}")


if __name__ == "__main__":
    main()

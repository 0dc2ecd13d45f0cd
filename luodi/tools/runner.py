"""ToolRunner: plan, permit, confirm, execute once, audit.

Side-effecting calls are stored as pending_confirmation and run only on `confirm`; read-only calls
run at once. Each call has an idempotency key: `confirm` claims the call with a compare-and-set on
its status, so replays, double clicks and concurrent confirmations run it exactly once (the demo
outbox also refuses a second message with the same key). Every proposal, denial, confirmation,
rejection, execution and failure is appended to the audit log.
"""

from __future__ import annotations

import logging
import secrets
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from luodi.errors import InputError, LuodiError, NotFoundError
from luodi.tools import courier
from luodi.tools.planner import Planner
from luodi.tools.registry import PermissionDenied, Registry, Tool, ToolContext
from luodi.tools.rules import lang_of
from luodi.types import Answer, Usage

TOOLSETS = ("courier-demo",)
MAX_REASON = 500  # characters of a rejection's or failure's reason kept in the append-only audit
STALE = timedelta(hours=24)  # a proposal older than this is not run: the situation has moved on
STUCK = timedelta(minutes=10)  # running this long: its process stopped (a tool call takes seconds)
_log = logging.getLogger(__name__)


def runner_for(lu: Any) -> ToolRunner:
    """The knowledge base's one runner (shared with `Luodi.ask`), enabled or not."""
    runner = lu._optional("_tools", "luodi.tools", "ToolRunner") if hasattr(lu, "_optional") else None
    return runner if runner is not None else ToolRunner(lu)


class ToolRunner:
    """The tools of one knowledge base (`Luodi`): enabled toolsets, calls and their audit."""

    def __init__(self, lu: Any):
        self.lu = lu
        self.store = lu.store
        self._lock = threading.Lock()
        self._built: tuple[Registry, dict[str, Any]] | None = None

    # -- configuration -------------------------------------------------------------------------
    @property
    def enabled(self) -> bool:
        return any(name in TOOLSETS for name in self.store.toolsets())

    def enable(self, name: str) -> None:
        if name not in TOOLSETS:
            raise InputError(f"unknown toolset {name!r}: available are {', '.join(TOOLSETS)}")
        self.store.toolset_enable(name)
        self._build()  # create the demo database now, so the first request is not slower

    @property
    def registry(self) -> Registry:
        return self._build()[0]

    def _build(self) -> tuple[Registry, dict[str, Any]]:
        with self._lock:
            if self._built is None:
                self._built = courier.toolset(self.lu.settings.kb)
            return self._built

    def tools(self, role: str | None = None) -> list[dict[str, Any]]:
        """The declared tools (and whether `role` may use each)."""
        return [{"name": t.name, "description": t.description, "side_effect": t.side_effect,
                 "roles": sorted(t.roles), "parameters": t.parameters, "allowed": t.allowed(role)[0]}
                for t in self.registry]

    def _planner(self, user: str | None, tenant: str, session: str | None) -> Planner:
        cfg = self.lu.settings.section("tools")
        mode = str(cfg.get("planner", "auto"))
        model = None
        if mode != "rules" and self.lu.answer_mode() == "llm" and self.lu.model is not None:
            model = self.lu.ledger.metered(self.lu.model, "tool", user, tenant, session)
        return Planner(self.registry, mode=mode, model=model)

    # -- planning ------------------------------------------------------------------------------
    def maybe_handle(self, question: str, *, original: str | None = None, user: str | None = None,
                     tenant: str = "default", session: str | None = None, role: str | None = None,
                     now: datetime | None = None) -> Answer | None:
        """An Answer with route "tool" when the user's own words ask for an action, else None."""
        from luodi.tools.rules import order_ids

        now = now or datetime.now().astimezone()
        text = original or question
        # IDs the conversation supplied (a follow-up rewritten by memory) may fill a missing order,
        # but only the user's own message decides whether anything is done.
        context = [oid for oid, _ in order_ids(question) if oid not in text] if original else []
        plan = self._planner(user, tenant, session).plan(text, now, context_ids=context)
        if not plan.proposals:
            return None
        calls = [self._record(p, text, user=user, tenant=tenant, session=session, role=role, now=now)
                 for p in plan.proposals]
        usage = Usage(model="rules")
        if plan.usage is not None:
            c = plan.usage
            usage = Usage(model=c.model, tokens_in=c.tokens_in, tokens_out=c.tokens_out,
                          cost_li=getattr(c, "cost_li", 0.0), latency_ms=round(c.latency_ms, 2))
        return Answer(answer=_summary(calls, lang_of(text)), route="tool",
                      mode="llm" if plan.used_model else "extractive", usage=usage,
                      extra={"tool_calls": calls})

    def _record(self, p: Any, text: str, *, user: str | None, tenant: str, session: str | None,
                role: str | None, now: datetime) -> dict[str, Any]:
        tool = self.registry.get(p.name)
        call_id = "tc_" + secrets.token_hex(6)
        row = {"id": call_id, "tenant": tenant, "user_id": user, "session": session, "role": role,
               "name": p.name, "arguments": p.arguments, "idempotency_key": f"{tenant}:{call_id}",
               "side_effect": bool(tool and tool.side_effect), "utterance": text, "result": None}
        allowed, reason = tool.allowed(role) if tool else (False, "unknown tool")
        if p.missing:
            row |= {"status": "needs_input", "reason": p.question or ""}
            event = "needs_input"
        elif not allowed:
            row |= {"status": "rejected", "reason": reason}
            event = "denied"
        elif tool.side_effect:
            row |= {"status": "pending_confirmation"}
            event = "proposed"
        else:
            row |= {"status": "running"}
            event = "proposed"
        self.store.tool_call_add(row)
        self._audit(row, event, user=user, role=role, note=row.get("reason", ""))
        if row["status"] == "running":
            return self._execute(tool, self.store.tool_call(call_id), user=user, role=role, now=now)
        return _view(self.store.tool_call(call_id))

    # -- confirmation --------------------------------------------------------------------------
    def confirm(self, call_id: str, *, user: str | None = None, role: str | None = None,
                now: datetime | None = None, tenant: str | None = None, wait_s: float = 30.0) -> dict[str, Any]:
        """Run a pending call once. Replays return the first result; `role` None means the
        proposer's role (the CLI operator confirming their own proposal)."""
        call = self._get(call_id, tenant)
        if call["status"] == "running" and _age(call["updated_at"]) > STUCK:
            return self._interrupted(call, user, role)
        if call["status"] in ("executed", "failed", "running"):
            return self._settled(call_id, wait_s)
        if call["status"] != "pending_confirmation":
            raise InputError(f"call {call_id} is {call['status']}; only pending calls can be confirmed")
        tool, acting = self._permitted(call, user, role)
        if not self.enabled:
            raise InputError(f"call {call_id} belongs to a disabled toolset: enable it with "
                             "`luodi tools enable courier-demo`, or reject the call")
        if stale := _expired(call, now or datetime.now().astimezone()):
            if self.store.tool_call_transition(call_id, "pending_confirmation", "rejected", reason=stale):
                self._audit(call, "expired", user=user, role=acting, note=stale)
            raise InputError(f"call {call_id} was not run: {stale}; ask again for a new proposal")
        if not self.store.tool_call_transition(call_id, "pending_confirmation", "running"):
            settled = self._settled(call_id, wait_s)  # someone else confirmed (or rejected) first
            if settled["status"] == "rejected":
                raise InputError(f"call {call_id} was rejected meanwhile and was not run")
            return settled
        self._audit(call, "confirmed", user=user, role=acting)
        return self._execute(tool, self.store.tool_call(call_id), user=user, role=acting, now=now)

    def _interrupted(self, call: dict[str, Any], user: str | None, role: str | None) -> dict[str, Any]:
        """A call left running by a process that stopped mid-run: failed, so it is settled (whether
        its effect happened is unknown; the tool saw its idempotency key, so proposing it again and
        confirming is safe)."""
        note = ("interrupted: the process running it stopped; ask again to propose it anew (the tool "
                "ignores a repeat of a call it already carried out)")
        if self.store.tool_call_transition(call["id"], "running", "failed", reason=note):
            self._audit(call, "failed", user=user, role=role if role is not None else call["role"], note=note)
        return _view(self.store.tool_call(call["id"]))

    def _permitted(self, call: dict[str, Any], user: str | None, role: str | None) -> tuple[Tool, str | None]:
        """The call's tool and the acting role (None: the proposer's, the CLI operator's own
        proposal), when that role may use the tool; a denial is audited."""
        tool = self.registry.get(call["name"])
        acting = role if role is not None else call["role"]
        allowed, reason = tool.allowed(acting) if tool else (False, "unknown tool")
        if not allowed:
            self._audit(call, "denied", user=user, role=acting, note=reason)
            raise PermissionDenied(f"not allowed: {reason}")
        return tool, acting

    def reject(self, call_id: str, *, user: str | None = None, role: str | None = None,
               now: datetime | None = None, tenant: str | None = None, reason: str = "") -> dict[str, Any]:
        call = self._get(call_id, tenant)
        if call["status"] == "rejected":
            return _view(call)
        self._permitted(call, user, role)  # who may not run it may not cancel it either
        note = (reason or "rejected by user")[:MAX_REASON]
        if not self.store.tool_call_transition(call_id, ("pending_confirmation", "needs_input"), "rejected",
                                               reason=note):
            raise InputError(f"call {call_id} is {self._get(call_id, tenant)['status']} and cannot be rejected")
        self._audit(call, "rejected", user=user, role=role if role is not None else call["role"], note=note)
        return _view(self._get(call_id, tenant))

    def call(self, call_id: str, tenant: str | None = None) -> dict[str, Any]:
        """One proposed call, as stored (NotFoundError when the tenant has none by that id)."""
        return self._get(call_id, tenant)

    def _get(self, call_id: str, tenant: str | None) -> dict[str, Any]:
        call = self.store.tool_call(call_id, tenant)
        if call is None:
            raise NotFoundError(f"no tool call {call_id!r}: list them with `luodi audit`")
        return call

    def _settled(self, call_id: str, wait_s: float) -> dict[str, Any]:
        deadline = time.monotonic() + wait_s
        call = self.store.tool_call(call_id)
        while call["status"] == "running" and time.monotonic() < deadline:
            time.sleep(0.02)
            call = self.store.tool_call(call_id)
        return _view(call)

    def _execute(self, tool: Tool, call: dict[str, Any], *, user: str | None, role: str | None,
                 now: datetime | None) -> dict[str, Any]:
        ctx = ToolContext(call["id"], call["idempotency_key"], call["tenant"], user, role, now,
                          self._build()[1])
        try:
            result = tool.run(ctx, call["arguments"])
        except Exception as exc:  # a locked database, a refused webhook: failed, never left running
            note = str(exc) if isinstance(exc, LuodiError) else f"the tool failed ({type(exc).__name__}: {exc})"
            if not isinstance(exc, LuodiError):
                _log.exception("tool call %s failed", call["id"])
            self.store.tool_call_transition(call["id"], "running", "failed", reason=note[:MAX_REASON])
            self._audit(call, "failed", user=user, role=role, note=note[:MAX_REASON])
            return _view(self.store.tool_call(call["id"]))
        self.store.tool_call_transition(call["id"], "running", "executed", result=result)
        self._audit(call, "executed", user=user, role=role, result=result)
        return _view(self.store.tool_call(call["id"]))

    def _audit(self, call: dict[str, Any], event: str, *, user: str | None, role: str | None,
               note: str = "", result: Any = None) -> None:
        self.store.audit_append({"tenant": call["tenant"], "user_id": user, "role": role,
                                 "call_id": call["id"], "event": event, "name": call["name"],
                                 "arguments": call["arguments"], "result": result, "note": note})

    def audit(self, tenant: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        return self.store.audit_log(tenant, limit=limit)


def _age(iso: str) -> timedelta:
    return datetime.now(UTC) - datetime.fromisoformat(iso)


def _expired(call: dict[str, Any], now: datetime) -> str | None:
    """Why a pending call may no longer run: its time or date has passed, or it is stale."""
    args = call["arguments"]
    local = now.astimezone().replace(tzinfo=None) if now.tzinfo else now
    try:
        if args.get("eta") and datetime.fromisoformat(str(args["eta"])) < local:
            return f"its time {args['eta']} has passed"
        if args.get("date") and str(args["date"]) < local.date().isoformat():
            return f"its date {args['date']} has passed"
        if _age(call["created_at"]) > STALE:
            return "it was proposed more than 24 hours ago"
    except ValueError:
        return "its time could not be read"
    return None


def _view(call: dict[str, Any]) -> dict[str, Any]:
    """The `tool_calls` item of the ask JSON (DESIGN.md) plus reason/question/result."""
    out = {"id": call["id"], "name": call["name"], "arguments": call["arguments"], "status": call["status"],
           "side_effect": call["side_effect"]}
    if call["status"] == "needs_input":
        out["question"] = call["reason"]
    elif call["reason"]:
        out["reason"] = call["reason"]
    if call["result"] is not None:
        out["result"] = call["result"]
    return out


def _summary(calls: list[dict[str, Any]], lang: str) -> str:
    lines = []
    for c in calls:
        args = ", ".join(f"{k}={v}" for k, v in c["arguments"].items())
        head = f"{c['name']}({args})"
        if c["status"] == "pending_confirmation":
            lines.append(f"待确认 {head}；确认请运行 luodi tools confirm {c['id']}" if lang == "zh" else
                         f"Pending confirmation: {head}. Confirm with: luodi tools confirm {c['id']}")
        elif c["status"] == "executed":
            lines.append(courier.describe(c.get("result") or {}))
        elif c["status"] == "needs_input":
            lines.append(c.get("question") or "")
        elif c["status"] == "rejected":
            lines.append(("已拒绝 " if lang == "zh" else "Refused ") + f"{head}: {c.get('reason', '')}")
        else:
            lines.append(f"{head}: {c['status']} {c.get('reason', '')}".strip())
    return "\n".join(lines)

"""Tool declarations: a JSON Schema for the arguments, a side-effect flag, the roles allowed.

A tool is implemented by a Python function `fn(ctx, args) -> dict` or by an HTTP webhook; webhooks
go out only through `luodi.net.guarded_request` (the one outbound door, with its SSRF checks).
Argument validation is a small JSON Schema subset (type, required, enum, pattern, minimum,
maximum, maxLength, additionalProperties=false) so the core needs no extra dependency.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from luodi.errors import ConfigError, LuodiError


class PermissionDenied(LuodiError):
    """The caller's role may not use this tool."""

    exit_code = 9
    http_status = 403


# Roles the deployment knows. A role outside this set (or none) may use read-only tools only.
KNOWN_ROLES = frozenset({"admin", "courier", "customer_service", "viewer"})


@dataclass
class ToolContext:
    """What an implementation may know about the call it serves."""

    call_id: str
    idempotency_key: str
    tenant: str = "default"
    user: str | None = None
    role: str | None = None
    now: Any = None
    state: dict[str, Any] = field(default_factory=dict)  # toolset-wide objects (e.g. a demo DB)


Impl = Callable[[ToolContext, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    parameters: dict[str, Any]  # JSON Schema of an object
    side_effect: bool
    roles: frozenset[str]
    fn: Impl
    summary_zh: str = ""  # a short label for messages ("发送派送通知")

    def allowed(self, role: str | None) -> tuple[bool, str]:
        """(allowed, reason). Unknown roles fall back to read-only tools."""
        if role in self.roles:
            return True, ""
        if role not in KNOWN_ROLES and not self.side_effect:
            return True, ""
        who = f"role {role!r}" if role else "a caller without a role"
        return False, f"{who} may not use {self.name} (allowed: {', '.join(sorted(self.roles))})"

    def run(self, ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
        return self.fn(ctx, args)


def webhook(url: str, *, allow_hosts: Iterable[str] = (), timeout: float = 10.0,
            headers: dict[str, str] | None = None) -> Impl:
    """An implementation that POSTs {tool, arguments, idempotency_key} as JSON to `url`."""
    hosts = tuple(allow_hosts)

    def call(ctx: ToolContext, args: dict[str, Any]) -> dict[str, Any]:
        from luodi.net import guarded_request

        body = {"arguments": args, "idempotency_key": ctx.idempotency_key, "call_id": ctx.call_id}
        response = guarded_request(
            "POST", url, allow_hosts=hosts, json=body, timeout=timeout,
            headers={"Idempotency-Key": ctx.idempotency_key, **(headers or {})},
        )
        if response.status_code >= 400:
            raise LuodiError(f"webhook {url} answered HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            data = {"text": response.text[:2000]}
        return data if isinstance(data, dict) else {"result": data}

    return call


class Registry:
    """The tools of one toolset, by name."""

    def __init__(self, tools: Iterable[Tool] = ()):
        self.tools: dict[str, Tool] = {}
        for t in tools:
            self.add(t)

    def add(self, tool: Tool) -> None:
        if tool.parameters.get("type") != "object":
            raise ConfigError(f"tool {tool.name}: parameters must be a JSON Schema object")
        self.tools[tool.name] = tool

    def get(self, name: str) -> Tool | None:
        return self.tools.get(name)

    def __iter__(self):
        return iter(self.tools.values())

    def names(self) -> list[str]:
        return list(self.tools)


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "object": (dict,), "array": (list,),
}


def validate(schema: dict[str, Any], value: Any, path: str = "") -> list[str]:
    """Problems with `value` against `schema` (empty when valid)."""
    problems: list[str] = []
    kind = schema.get("type")
    if kind:
        kinds = kind if isinstance(kind, list) else [kind]
        ok = any(isinstance(value, _TYPES.get(k, (object,))) and
                 not (k in ("integer", "number") and isinstance(value, bool)) for k in kinds)
        if not ok:
            return [f"{path or 'value'} should be {kind}"]
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{path or 'value'} should be one of {schema['enum']}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            problems.append(f"{path or 'value'} {value!r} has the wrong form")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            problems.append(f"{path or 'value'} is too long")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{path or 'value'} should be at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{path or 'value'} should be at most {schema['maximum']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"missing {name}")
        for name, item in value.items():
            if name in props:
                problems.extend(validate(props[name], item, f"{path}.{name}" if path else name))
            elif schema.get("additionalProperties") is False:
                problems.append(f"unknown argument {name}")
    return problems

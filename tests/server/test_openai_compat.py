"""What an OpenAI client relies on: error types it switches on, parameters refused rather than
dropped, usage where `stream_options` asks for it, and routes (not CLI commands) in messages."""

from __future__ import annotations

import json

import pytest

Q = "快件损毁要在几天内提出索赔？"
CHAT = "/v1/chat/completions"


def _ask(client, home, **more):
    body = {"model": "luodi", "messages": [{"role": "user", "content": Q}], **more}
    return client.post(CHAT, headers=home.auth("acme_admin"), json=body)


@pytest.mark.parametrize(("more", "says"), [
    ({"n": 2}, "n: Input should be less than or equal to 1"),
    ({"temperature": 5}, "temperature"),
    ({"response_format": {"type": "json_object"}}, "leave response_format out"),
    ({"tools": [{"type": "function", "function": {"name": "get_weather"}}]}, "without tools"),
    ({"tool_choice": "required"}, "without tools"),
    ({"functions": [{"name": "get_weather", "parameters": {}}]}, "without tools"),
    ({"messages": [{"role": "bogus", "content": "锂电池能寄吗"}]}, "messages.0.role: Input should be"),
])
def test_what_luodi_does_not_do_is_refused_not_dropped(client, home, more, says):
    r = _ask(client, home, **more)
    assert r.status_code == 400 and says in r.json()["error"]["message"], r.text
    assert r.json()["error"]["type"] == "invalid_request_error"


def test_accepted_sampling_fields_change_nothing(client, home):
    r = _ask(client, home, temperature=0.2, top_p=0.9, n=None, response_format={"type": "text"}, tool_choice="auto")
    assert r.status_code == 200 and "7日" in r.json()["choices"][0]["message"]["content"]


def test_stream_options_include_usage_sends_a_last_chunk_without_choices(client, home):
    r = _ask(client, home, stream=True, stream_options={"include_usage": True})
    events = [json.loads(line[6:]) for line in r.text.splitlines() if line.startswith("data: {")]
    assert events[-1]["choices"] == [] and events[-1]["usage"]["total_tokens"] >= 0
    assert events[-2]["choices"][0]["finish_reason"] == "stop" and events[-2]["usage"] is None


@pytest.mark.parametrize(("status", "kind", "request_args"), [
    (401, "authentication_error", {"headers": {"Authorization": "Bearer wrong"}}),
    (404, "not_found_error", {"path": "/api/documents/999999"}),
    (403, "permission_error", {"path": "/api/costs", "key": "acme_user"}),
])
def test_error_types_are_openais(client, home, status, kind, request_args):
    headers = request_args.get("headers") or home.auth(request_args.get("key", "acme_admin"))
    r = client.get(request_args.get("path", "/v1/models"), headers=headers)
    assert r.status_code == status and r.json()["error"]["type"] == kind
    assert set(r.json()["error"]) == {"message", "type", "param", "code"}


def test_messages_name_the_http_route_and_what_to_send(client, home):
    r = client.get("/api/documents/999999", headers=home.auth("acme_admin"))
    assert "GET /api/documents" in r.json()["error"]["message"] and "luodi docs" not in r.text
    r = client.post(CHAT, headers={**home.auth("acme_admin"), "content-type": "text/plain"},
                    content=json.dumps({"messages": [{"role": "user", "content": Q}]}))
    assert r.status_code == 400 and "Content-Type: application/json" in r.json()["error"]["message"]
    r = client.post(CHAT, headers={**home.auth("acme_admin"), "content-type": "application/json"},
                    content='{"messages": [')
    assert r.status_code == 400 and "breaks at character" in r.json()["error"]["message"]
    r = client.post("/v1/embeddings", headers=home.auth("acme_admin"), json={"input": "x"})
    assert r.status_code == 404 and "/v1/chat/completions" in r.json()["error"]["message"]


def test_a_proposed_actions_confirmation_names_the_route():
    from luodi.server.deps import for_http

    assert for_http("待确认 send(…)；确认请运行 luodi tools confirm tc_ab12") == \
        "待确认 send(…)；确认请运行 `POST /api/tools/tc_ab12/confirm`"
    assert for_http("no tool call 'x': list them with `luodi audit`").endswith("`GET /api/audit`")

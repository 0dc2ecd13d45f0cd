"""The HTTP endpoints through FastAPI's TestClient (no network)."""

from __future__ import annotations

import json

import pytest

Q_CLAIM = "快件损毁要在几天内提出索赔？"


def sse_events(text: str) -> list[dict]:
    out = []
    for block in text.split("\n\n"):
        if block.startswith("data: ") and block != "data: [DONE]":
            out.append(json.loads(block[6:]))
    return out


def test_health_needs_no_key(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok" and r.json()["auth"] is True


@pytest.mark.parametrize("headers", [
    {}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"},
    {"Authorization": "Bearer lk_000000000000_" + "x" * 43},
])
def test_missing_or_wrong_key_is_401(client, headers):
    r = client.get("/api/documents", headers=headers)
    assert r.status_code == 401
    assert r.json()["error"]["type"] == "authentication_error" and r.json()["error"]["code"] == "auth_error"
    assert "key" in r.json()["error"]["message"]


def test_revoked_key_is_401(client, home):
    assert client.get("/api/documents", headers=home.auth("revoked")).status_code == 401


@pytest.mark.parametrize("header", ["api-key", "x-api-key"])
def test_openai_style_key_headers(client, home, header):
    r = client.get("/v1/models", headers={header: home.keys["acme_user"]})
    assert r.status_code == 200
    assert [m["id"] for m in r.json()["data"]] == ["luodi", "luodi-extractive", "luodi-llm"]


def test_ask_answers_with_citations_and_checks(client, home):
    r = client.post("/api/ask", json={"question": Q_CLAIM, "use_cache": False}, headers=home.auth("acme_user"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert "7日" in body["answer"] and not body["abstained"]
    assert body["citations"][0]["document"] == "upload:claims.md"
    assert any(c["atom"] == "7日" and c["supported"] for c in body["checks"])
    assert body["mode"] == "extractive" and body["route"] == "knowledge"
    r = client.post("/api/ask", json={"question": Q_CLAIM, "as_of": "2026-01-01"}, headers=home.auth("acme_user"))
    assert r.status_code == 200 and "7日" in r.json()["answer"]  # no dated versions: the same answer
    r = client.post("/api/ask", json={"question": Q_CLAIM, "as_of": "someday"}, headers=home.auth("acme_user"))
    assert r.status_code in (400, 422) and "YYYY-MM-DD" in r.text


def test_chat_completion_non_streaming(client, home):
    r = client.post("/v1/chat/completions", headers=home.auth("acme_user"), json={
        "model": "luodi", "user": "bob", "session": "s1",
        "messages": [{"role": "system", "content": "be brief"}, {"role": "user", "content": Q_CLAIM}]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["object"] == "chat.completion"
    text = body["choices"][0]["message"]["content"]
    assert "7日" in text
    extra = body["luodi"]
    assert extra["citations"] and extra["checks"] and extra["route"] == "knowledge"
    assert "cost_li" in extra["usage"] and extra["tool_calls"] == []
    assert "citations" not in text and "quote" not in text  # evidence travels beside the text


def test_chat_completion_streams_verified_text_then_extra(client, home):
    r = client.post("/v1/chat/completions", headers=home.auth("acme_user"), json={
        "stream": True, "messages": [{"role": "user", "content": [{"type": "text", "text": Q_CLAIM}]}]})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/event-stream")
    assert r.text.rstrip().endswith("data: [DONE]")
    events = sse_events(r.text)
    assert all(e["object"] == "chat.completion.chunk" for e in events)
    assert len(events) > 3
    text = "".join(e["choices"][0]["delta"].get("content", "") for e in events)
    final = events[-1]
    assert final["choices"][0]["finish_reason"] == "stop"
    assert "luodi" in final and all("luodi" not in e for e in events[:-1])
    assert "7日" in text and final["luodi"]["citations"]


def test_chat_completion_errors(client, home):
    auth = home.auth("acme_user")
    # OpenAI's code for invalid input is 400 (the native API's is 422)
    r = client.post("/v1/chat/completions", headers=auth, json={"messages": [{"role": "system", "content": "x"}]})
    assert r.status_code == 400 and "user" in r.json()["error"]["message"]
    r = client.post("/v1/chat/completions", headers=auth, json={"model": "gpt-4", "messages": [{"role": "user", "content": "x"}]})
    assert r.status_code == 400 and "luodi-extractive" in r.json()["error"]["message"]
    r = client.post("/v1/chat/completions", headers=auth, json={"messages": []})
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"


def test_search(client, home):
    r = client.get("/api/search", params={"q": "索赔", "k": 2}, headers=home.auth("acme_user"))
    assert r.status_code == 200
    hits = r.json()["hits"]
    assert hits and hits[0]["document"].startswith("upload:") and {"chunk", "section", "text", "score"} <= set(hits[0])
    doc_id = hits[0]["document_id"]
    r = client.get("/api/search", params={"q": "索赔", "as_of": "2026-01-01", "document": [doc_id]},
                   headers=home.auth("acme_user"))
    assert r.status_code == 200 and {h["document_id"] for h in r.json()["hits"]} == {doc_id}
    r = client.get("/api/search", params={"q": "索赔", "as_of": "soon"}, headers=home.auth("acme_user"))
    assert r.status_code in (400, 422) and "YYYY-MM-DD" in r.text


def test_documents_list_show_text_and_chunk(client, home):
    auth = home.auth("acme_user")
    docs = client.get("/api/documents", headers=auth).json()["documents"]
    assert {d["uri"] for d in docs} == {"upload:claims.md", "upload:oversize.md"}
    doc_id = home.docs["acme:claims.md"]
    r = client.get(f"/api/documents/{doc_id}", headers=auth)
    assert r.status_code == 200 and r.json()["versions"] and r.json()["text"] is None
    r = client.get(f"/api/documents/{doc_id}", params={"text": 1}, headers=auth)
    assert "7日内" in r.json()["text"]
    ask = client.post("/api/ask", json={"question": Q_CLAIM}, headers=auth).json()
    chunk = client.get(f"/api/chunks/{ask['citations'][0]['chunk']}", headers=auth).json()
    assert chunk["document"] == "upload:claims.md" and "7日" in chunk["text"] and chunk["current"]
    assert chunk["section"]


def test_upload_then_answer_then_forget(client, home):
    admin = home.auth("acme_admin")
    content = "# 夜间派送\n\n## 第九条 夜间派送费\n夜间派送每票加收15元。\n".encode()
    r = client.post("/api/documents", headers=admin, data={"collection": "default"},
                    files=[("files", ("night.md", content, "text/markdown"))])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["files"] == 1 and body["bytes"] == len(content) and body["failed"] == 0
    assert body["results"][0]["status"] == "added" and body["results"][0]["chunks"] >= 1
    doc_id = body["results"][0]["document_id"]
    answer = client.post("/api/ask", json={"question": "夜间派送每票加收多少钱？"}, headers=admin).json()
    assert "15元" in answer["answer"] and answer["citations"][0]["document"] == "upload:night.md"
    # a user key may read but not change the knowledge base
    assert client.delete(f"/api/documents/{doc_id}", headers=home.auth("acme_user")).status_code == 403
    r = client.delete(f"/api/documents/{doc_id}", headers=admin)
    assert r.status_code == 200 and r.json()["removed"]["chunks"] >= 1
    assert client.get(f"/api/documents/{doc_id}", headers=admin).status_code == 404


def test_dated_versions_upload_and_chat_as_of(client, home):
    admin = home.auth("acme_admin")

    def upload(fee: int, day: str):
        content = f"# 偏远地区\n\n## 第五条 附加费\n偏远地区附加费每票{fee}元。\n".encode()
        return client.post("/api/documents", headers=admin, data={"effective_date": day},
                           files=[("files", ("remote.md", content, "text/markdown"))])

    assert upload(10, "2026-01-01").json()["results"][0]["status"] == "added"
    r = upload(12, "2099/1/1")  # the new fee takes effect in a later year
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "updated", r.text
    doc_id = r.json()["results"][0]["document_id"]
    docs = {d["uri"]: d for d in client.get("/api/documents", headers=admin).json()["documents"]}
    assert docs["upload:remote.md"]["effective_date"] == "2099-01-01"
    assert "takes effect 2099-01-01" in r.json()["results"][0]["message"]
    bad = upload(13, "next year")
    assert bad.status_code in (400, 422) and "YYYY-MM-DD" in bad.text
    question = "偏远地区附加费每票多少钱？"

    def chat(**extra):
        r = client.post("/v1/chat/completions", headers=admin,
                        json={"messages": [{"role": "user", "content": question}], **extra})
        assert r.status_code == 200, r.text
        return r.json()

    now = chat()  # today's fee: the new one is not in force yet
    assert "10元" in now["choices"][0]["message"]["content"] and "as_of" not in now["luodi"]
    for extra in ({"as_of": "2099-06-01"}, {"metadata": {"as_of": "2099-06-01"}}):
        then = chat(**extra)
        assert "12元" in then["choices"][0]["message"]["content"], then
        assert then["luodi"]["as_of"] == "2099-06-01"

    def cited(answer):  # the citation viewer's passage
        chunk = answer["luodi"]["citations"][0]["chunk"]
        return client.get(f"/api/chunks/{chunk}", headers=admin).json()

    assert (cited(now)["current"], cited(now)["pending"], cited(now)["effective_date"]) == (True, False, "2026-01-01")
    assert (cited(then)["current"], cited(then)["pending"], cited(then)["effective_date"]) == (False, True, "2099-01-01")
    assert now["luodi"]["takes_effect_later"] == [{"document": "upload:remote.md", "effective_date": "2099-01-01"}]
    hits = client.get("/api/search", params={"q": "偏远地区附加费", "k": 1}, headers=admin).json()["hits"]
    assert "10元" in hits[0]["text"] and hits[0]["superseded"] and hits[0]["effective_date"] == "2026-01-01"
    r = client.post("/v1/chat/completions", headers=admin, json={
        "as_of": "someday", "messages": [{"role": "user", "content": question}]})
    assert r.status_code in (400, 422) and "YYYY-MM-DD" in r.text
    assert client.delete(f"/api/documents/{doc_id}", headers=admin).status_code == 200


def test_user_keys_cannot_upload_or_read_costs(client, home):
    user = home.auth("acme_user")
    r = client.post("/api/documents", headers=user, files=[("files", ("x.md", b"# x\n\nhello", "text/markdown"))])
    assert r.status_code == 403 and "admin" in r.json()["error"]["message"]
    assert client.get("/api/costs", headers=user).status_code == 403


def test_costs_by_day_model_user(client, home):
    admin = home.auth("acme_admin")
    client.post("/api/ask", json={"question": Q_CLAIM, "user": "carol"}, headers=admin)
    for by in ("day", "model", "user"):
        r = client.get("/api/costs", params={"by": by}, headers=admin)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["by"] == by and body["rows"] and body["total"]["calls"] >= 1
    users = {row["user"] for row in client.get("/api/costs?by=user", headers=admin).json()["rows"]}
    assert {"carol", "alice"} <= users  # alice: the acme_user key is bound to her
    assert client.get("/api/costs?by=week", headers=admin).status_code == 422
    assert client.get("/api/costs?since=yesterday", headers=admin).status_code == 422


def test_errors_use_the_cli_message(client, home):
    r = client.get("/api/documents/999999", headers=home.auth("acme_user"))
    assert r.status_code == 404
    assert r.json() == {"error": {"message": "No document 999999 in this knowledge base (see `GET /api/documents`).",
                                  "type": "not_found_error", "param": None, "code": "not_found_error"}}


def test_page_and_static_files(client):
    r = client.get("/")
    assert r.status_code == 200 and "<title>Luodi" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for name in ("app.js", "app.css"):
        assert client.get(f"/static/{name}").status_code == 200
    assert "http" not in client.get("/").text.replace("http-equiv", "")  # nothing loaded from elsewhere


def test_openapi_declares_response_models(client):
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/v1/chat/completions"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/ChatCompletion")
    assert "401" in spec["paths"]["/api/documents"]["get"]["responses"]


@pytest.mark.parametrize("text", [
    "", "短", "（二）快件损毁的，自签收之日起7日内提出； [1] 第二条 [12] end.",
    "See https://www.feige-express.example/rates?x=1 and call 400-800-1234 [2]",
])
def test_stream_pieces_rebuild_the_text_and_keep_markers_whole(text):
    from luodi.server.routes_ask import pieces

    parts = pieces(text)
    assert "".join(parts) == text
    for marker in ("[1]", "[12]", "[2]", "https://www.feige-express.example/rates?x=1"):
        if marker in text:
            assert any(marker in p for p in parts)


def test_metadata_session_is_passed_to_ask(client, home, monkeypatch):
    seen = {}
    lu = client.app.state.luodi.pool.get("acme")
    real = lu.ask

    def spy(question, **kw):
        seen.update(kw)
        return real(question, **kw)

    monkeypatch.setattr(lu, "ask", spy)
    r = client.post("/v1/chat/completions", headers=home.auth("acme_user"), json={
        "messages": [{"role": "user", "content": Q_CLAIM}], "metadata": {"session": "m-7"}, "user": "zed"})
    assert r.status_code == 200
    assert seen["session"] == "m-7" and seen["tenant"] == "acme" and seen["role"] == "user"
    assert seen["user"] == "alice"  # the key is bound to alice: a request cannot name another user


def test_fetch_by_url_then_answer_then_refusals(client, home, web_server):
    base, routes = web_server
    routes["/night"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                        "<html><body><article><h1>夜间派送</h1><p>夜间派送每票加收18元。</p></article></body></html>".encode())
    admin = home.auth("acme_admin")
    r = client.post("/api/documents/fetch", headers=admin, json={"urls": [f"{base}/night", f"{base}/gone"]})
    assert r.status_code == 200, r.text
    added, missing = r.json()["results"]
    assert (added["status"], added["uri"]) == ("added", f"{base}/night") and r.json()["failed"] == 1
    assert missing["status"] == "failed" and "HTTP 404" in missing["message"]
    answer = client.post("/api/ask", headers=admin, json={"question": "夜间派送每票加收多少钱？"}).json()
    assert "18元" in answer["answer"] and answer["citations"][0]["document"] == f"{base}/night"
    # Not a path on the server's disk, not an internal host the operator did not name, not for users.
    assert client.post("/api/documents/fetch", headers=admin, json={"urls": ["/etc/passwd"]}).status_code == 422
    refused = client.post("/api/documents/fetch", headers=admin,
                          json={"urls": [base.replace("127.0.0.1", "localhost") + "/night"]}).json()
    assert refused["failed"] == 1 and "allow_hosts" in refused["results"][0]["message"]
    user = client.post("/api/documents/fetch", headers=home.auth("acme_user"), json={"urls": [f"{base}/night"]})
    assert user.status_code == 403
    doc = added["document_id"]
    assert client.delete(f"/api/documents/{doc}", headers=admin).status_code == 200


def test_a_store_failure_tells_the_client_nothing_of_the_database(client, home, monkeypatch, caplog):
    from luodi.app import Luodi
    from luodi.errors import StoreError

    def broken(self, *a, **kw):
        raise StoreError("Cannot connect to the PostgreSQL store at postgresql://kb:***@db.internal/luodi")

    monkeypatch.setattr(Luodi, "search", broken)
    with caplog.at_level("ERROR", logger="luodi.server"):
        r = client.get("/api/search", params={"q": "索赔时限"}, headers=home.auth("acme_admin"))
    assert r.status_code == 500 and r.json()["error"]["code"] == "store_error"
    assert "db.internal" not in r.text and "server's log" in r.json()["error"]["message"]
    assert "db.internal" in caplog.text


def test_odd_requests_get_a_clear_4xx_never_a_bare_500(client, home):
    auth = home.auth("acme_user")
    chat = "/v1/chat/completions"
    # "40 minutes from now" read against the calendar's last day would overflow a date
    r = client.post("/api/ask", headers=home.auth("acme_admin"),
                    json={"question": "跟客户说我40分钟后到", "now": "9999-12-31T23:59:59"})
    assert r.status_code == 422 and "out of range" in r.json()["error"]["message"]
    r = client.delete("/api/memory/99999999999999999999", headers=auth)  # past SQLite's integers
    assert r.status_code == 422
    # the last user message is the question: an image-only one is not answered with an earlier one
    parts = [{"type": "image_url", "image_url": {"url": "https://example.com/x.png"}}]
    r = client.post(chat, headers=auth, json={"messages": [
        {"role": "user", "content": Q_CLAIM}, {"role": "assistant", "content": "…"},
        {"role": "user", "content": parts}]})
    assert r.status_code == 400 and "has no text" in r.json()["error"]["message"]
    for session in ("s" * 201, {"id": 1}):  # not cut or stringified into someone else's session
        r = client.post(chat, headers=auth, json={"messages": [{"role": "user", "content": Q_CLAIM}],
                                                  "metadata": {"session": session}})
        assert r.status_code == 400 and "metadata.session" in r.json()["error"]["message"]


def test_a_session_made_by_name_is_the_one_an_ask_reaches(client, home):
    auth = home.auth("acme_user")
    made = client.post("/api/sessions", headers=auth, json={"session": "a\u0000b"}).json()["session"]
    assert "\u0000" not in made
    client.post("/api/ask", headers=auth, json={"question": Q_CLAIM, "session": "a\u0000b"})
    assert [s["turns"] for s in client.get("/api/sessions", headers=auth).json()["sessions"]
            if s["session"] == made] == [2]


def test_a_bug_still_answers_in_the_error_shape(client, home, monkeypatch):
    from fastapi.testclient import TestClient

    from luodi.app import Luodi

    def bug(self, *a, **kw):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Luodi, "search", bug)
    c = TestClient(client.app, raise_server_exceptions=False)  # no `with`: the app stays up
    r = c.get("/api/search", params={"q": "索赔时限"}, headers=home.auth("acme_admin"))
    assert r.status_code == 500 and r.json()["error"]["type"] == "server_error"
    assert "a bug" not in r.text


def test_an_openai_client_s_history_makes_a_follow_up_standalone(client, home):
    """OpenAI clients send the whole conversation and no session: "那第三条呢" is read against it."""
    auth = home.auth("acme_admin")
    history = [{"role": "user", "content": "理赔规则第一条说了什么"},
               {"role": "assistant", "content": "第一条 索赔时限 快件损毁的，收件人应当自签收之日起7日内提出索赔。"},
               {"role": "user", "content": "那第三条呢"}]
    r = client.post("/v1/chat/completions", headers=auth, json={"messages": history})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["luodi"]["rewritten_question"] == "理赔规则第三条说了什么"
    assert "400-800-1234" in body["choices"][0]["message"]["content"]
    # a question of its own is asked as it is
    r = client.post("/v1/chat/completions", headers=auth, json={"messages": history[:2] + [
        {"role": "user", "content": Q_CLAIM}]})
    assert r.json()["luodi"]["rewritten_question"] is None


def test_openai_conversations_without_a_session_are_kept_apart(client, home):
    """Without a session the messages sent are the conversation: a user's other chat is not read."""
    auth = home.auth("acme_admin")
    first = [{"role": "user", "content": "理赔规则第一条说了什么"}]
    assert client.post("/v1/chat/completions", headers=auth, json={"messages": first, "user": "ocu"}).status_code == 200
    r = client.post("/v1/chat/completions", headers=auth,
                    json={"messages": [{"role": "user", "content": "那第三条呢"}], "user": "ocu"})
    assert r.status_code == 200
    assert r.json()["luodi"]["rewritten_question"] in (None, "那第三条呢")  # not 理赔规则第三条…
    # nor are these requests written into the user's own default conversation
    sessions = client.get("/api/sessions", headers=auth, params={"user": "ocu"}).json()["sessions"]
    assert [s["session"] for s in sessions] == ["api"], sessions
    r = client.post("/api/ask", headers=auth, json={"question": "那第三条呢", "user": "ocu"})
    assert r.status_code == 200, r.text
    assert r.json().get("rewritten_question") in (None, "那第三条呢"), r.json()
    # the name is kept: a session a user names "api" would read these requests' turns
    r = client.post("/api/ask", headers=auth, json={"question": "那第三条呢", "user": "ocu", "session": "api"})
    assert r.status_code == 422 and "kept for OpenAI requests" in r.text

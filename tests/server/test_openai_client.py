"""The official openai Python client, unchanged, against a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import pytest

from .conftest import LiveServer

openai = pytest.importorskip("openai")
Q = "快件损毁要在几天内提出索赔？"


@pytest.fixture(scope="module")
def live(home):
    from luodi.server import create_app
    from luodi.server.limits import ServerLimits

    with LiveServer(create_app(home.path, limits=ServerLimits(rate_per_minute=0))) as server:
        yield server


def client_for(live, key: str):
    return openai.OpenAI(base_url=f"{live.url}/v1", api_key=key, max_retries=0, timeout=30)


def test_streaming_answer_with_citations_in_the_extra_field(live, home):
    client = client_for(live, home.keys["acme_user"])
    stream = client.chat.completions.create(
        model="luodi", messages=[{"role": "user", "content": Q}], stream=True,
        extra_body={"session": "openai-1"}, user="dave")
    text, extra, chunks = "", None, 0
    for chunk in stream:
        chunks += 1
        if chunk.choices and chunk.choices[0].delta.content:
            text += chunk.choices[0].delta.content
        if (chunk.model_extra or {}).get("luodi"):
            extra = chunk.model_extra["luodi"]
    assert chunks > 3 and "7日" in text
    assert extra is not None
    assert extra["citations"][0]["document"] == "upload:claims.md"
    assert any(c["supported"] for c in extra["checks"])
    assert extra["route"] == "knowledge" and extra["mode"] == "extractive"
    assert "cost_li" in extra["usage"]


def test_non_streaming_and_models(live, home):
    client = client_for(live, home.keys["acme_user"])
    done = client.chat.completions.create(model="luodi-extractive", messages=[{"role": "user", "content": Q}])
    assert "7日" in done.choices[0].message.content
    assert done.model_extra["luodi"]["citations"]
    assert done.usage.total_tokens == done.usage.prompt_tokens + done.usage.completion_tokens
    assert {m.id for m in client.models.list()} == {"luodi", "luodi-extractive", "luodi-llm"}
    assert client.models.retrieve("luodi-extractive").id == "luodi-extractive"
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-x")


def test_client_errors_map_to_openai_exceptions(live, home):
    with pytest.raises(openai.AuthenticationError):
        client_for(live, "lk_bad").chat.completions.create(model="luodi", messages=[{"role": "user", "content": Q}])
    with pytest.raises(openai.BadRequestError):  # OpenAI's own error for an unknown model
        client_for(live, home.keys["acme_user"]).chat.completions.create(
            model="gpt-x", messages=[{"role": "user", "content": Q}])

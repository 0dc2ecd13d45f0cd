"""The web page in Debian's chromium, driven by Playwright (no browser download, ever)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import LiveServer

CHROMIUM = Path(os.environ.get("LUODI_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (scripts/setup.sh does) to run the "
                "browser tests", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")

Q = "快件损毁要在几天内提出索赔？"
XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def live(home):
    from luodi.server import create_app
    from luodi.server.limits import ServerLimits

    with LiveServer(create_app(home.path, limits=ServerLimits(rate_per_minute=0))) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, live, home):
    ctx = browser.new_context(base_url=live.url)
    pg = ctx.new_page()
    pg.set_default_timeout(30_000)  # a busy 2-core CI machine
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.goto("/")
    pg.fill("#api-key", home.keys["acme_admin"])
    pg.click("#key-form button[type=submit]")
    pg.wait_for_selector("#key-state:has-text('key saved')")
    yield pg
    ctx.close()
    assert not errors, errors


def ask(page, question: str):
    """Ask and wait for the answer to finish; returns the answer bubble and text updates seen."""
    page.evaluate("""() => {
        window.__updates = 0;
        new MutationObserver((records) => { window.__updates += records.length; })
            .observe(document.querySelector('#messages'), {childList: true, subtree: true, characterData: true});
    }""")
    before = page.locator("li.msg.assistant").count()
    page.fill("#question", question)
    page.click("#ask-button")
    bubble = page.locator("li.msg.assistant").nth(before)
    bubble.locator(".badges").wait_for()
    return bubble, page.evaluate("window.__updates")


def test_ask_see_streamed_answer_and_open_citation(page):
    bubble, updates = ask(page, Q)
    assert "7日" in bubble.locator(".text").inner_text()
    assert updates > 3  # the text arrived in pieces
    assert bubble.locator(".badge.checks").inner_text().endswith("✓")
    assert "厘" in bubble.locator(".badge.cost").inner_text()
    assert bubble.locator(".badge.mode").inner_text() == "extractive"
    bubble.locator("button.cite").first.click()
    panel = page.locator("#citation-panel")
    panel.locator("mark").first.wait_for()
    assert panel.is_visible()
    assert "claims.md" in page.locator("#cite-title").inner_text()
    assert "7日" in page.locator("#cite-text").inner_text()
    assert "7日" in page.locator("#cite-text mark").all_inner_texts()
    assert "✓ 7日" in page.locator("#cite-checks").inner_text()


def test_upload_then_answered_from_then_forget(page, tmp_path):
    doc = tmp_path / "holiday-rules.md"
    doc.write_text("# 节日安排\n\n## 第三条 春节停运\n春节期间停运的日期为2月9日至2月13日。\n", encoding="utf-8")
    page.click("button.tab[data-page=kb]")
    page.set_input_files("#upload-files", str(doc))
    page.click("#upload-button")
    page.wait_for_selector("#upload-results li.result")
    assert page.locator("#upload-progress").get_attribute("value") == "100"
    assert "added upload:holiday-rules.md" in page.locator("#upload-results").inner_text()
    row = page.locator("#docs-table tbody tr", has_text="holiday-rules.md")
    row.wait_for()

    page.click("button.tab[data-page=chat]")
    bubble, _ = ask(page, "春节期间停运的日期是哪几天？")
    assert "2月9日" in bubble.locator(".text").inner_text()
    bubble.locator("button.cite").first.click()
    page.wait_for_selector("#cite-title:has-text('holiday-rules.md')")

    page.click("button.tab[data-page=kb]")
    page.once("dialog", lambda d: d.accept())
    row.locator("button.forget").click()
    page.wait_for_selector("#docs-state:has-text('forgot')")
    page.locator("#docs-table tbody tr", has_text="holiday-rules.md").wait_for(state="detached")


def test_fetch_a_page_by_its_address(page, web_server):
    base, routes = web_server
    routes["/depots"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                         "<html><body><article><h1>网点</h1><p>城东网点周日休息。</p></article></body></html>".encode())
    page.click("button.tab[data-page=kb]")
    page.fill("#fetch-urls", f"{base}/depots {base}/missing")
    page.click("#fetch-button")
    page.wait_for_selector("#upload-state:has-text('1 failed')")
    results = page.locator("#upload-results").inner_text()
    assert f"added {base}/depots" in results and "HTTP 404" in results
    row = page.locator("#docs-table tbody tr", has_text=f"{base}/depots")
    row.wait_for()
    page.once("dialog", lambda d: d.accept())
    row.locator("button.forget").click()
    row.wait_for(state="detached")


def test_dated_upload_then_ask_as_of_a_day(page, tmp_path):
    doc = tmp_path / "remote-fees.md"
    page.click("button.tab[data-page=kb]")
    for fee, day, status in ((10, "2026-01-01", "added"), (12, "2099-01-01", "updated")):
        doc.write_text(f"# 偏远地区\n\n## 第五条 附加费\n偏远地区附加费每票{fee}元。\n", encoding="utf-8")
        page.fill("#upload-effective", day)
        page.set_input_files("#upload-files", str(doc))
        page.click("#upload-button")
        page.wait_for_selector(f"#upload-results li.result:has-text('{status} upload:remote-fees.md')")
    row = page.locator("#docs-table tbody tr", has_text="remote-fees.md")
    row.locator("td:has-text('2099-01-01')").wait_for()

    page.click("button.tab[data-page=chat]")
    page.fill("#as-of", "2099-06-01")
    bubble, _ = ask(page, "偏远地区附加费每票多少钱？")
    assert "12元" in bubble.locator(".text").inner_text()
    assert bubble.locator(".badge.as-of").inner_text() == "as of 2099-06-01"
    bubble.locator("button.cite").first.click()  # the citation viewer says when its version takes effect
    page.locator("#cite-meta", has_text="(takes effect 2099-01-01)").wait_for()
    page.fill("#as-of", "")
    bubble, _ = ask(page, "偏远地区附加费每票多少钱？")  # today's fee: the new one is not in force yet
    assert "10元" in bubble.locator(".text").inner_text()
    assert bubble.locator(".badge.as-of").count() == 0
    later = bubble.locator(".badge.later").inner_text()
    assert "remote-fees.md takes effect 2099-01-01" in later
    bubble.locator("button.cite").first.click()  # the version in force: no note
    page.wait_for_function("document.querySelector('#cite-meta').textContent === '偏远地区'")

    page.click("button.tab[data-page=kb]")
    page.once("dialog", lambda d: d.accept())
    row.locator("button.forget").click()
    row.wait_for(state="detached")


def test_model_output_is_text_never_markup(page):
    extra = {"citations": [{"document": XSS, "chunk": 1, "quote": XSS, "section": XSS}],
             "checks": [{"atom": XSS, "kind": "name", "supported": True, "citation": 0, "detail": ""}],
             "route": "tool", "mode": XSS, "abstained": False,
             "usage": {"model": "x", "tokens_in": 1, "tokens_out": 1, "cost_li": 0.5, "latency_ms": 1},
             "tool_calls": [{"name": XSS, "arguments": {"text": XSS}, "status": "pending_confirmation", "id": "t-1"}]}
    events = [{"choices": [{"index": 0, "delta": {"content": part}, "finish_reason": None}]}
              for part in ("答案：", XSS, " [1]")]
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "luodi": extra})
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    page.route("**/v1/chat/completions", lambda route: route.fulfill(
        status=200, headers={"content-type": "text/event-stream"}, body=body))
    confirmed = []

    def tool_route(route):
        confirmed.append(route.request.url)
        route.fulfill(status=200, content_type="application/json", body='{"status": "executed"}')

    page.route("**/api/tools/*/confirm", tool_route)
    passage = {"id": 1, "document": XSS, "document_id": 1, "version_id": 1, "section": XSS,
               "text": f"before {XSS} after", "start": 0, "end": 1, "current": True}
    page.route("**/api/chunks/*", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(passage)))
    bubble, _ = ask(page, "anything")
    assert XSS in bubble.locator(".text").inner_text()
    assert page.locator("#messages img, #messages script").count() == 0
    bubble.locator("button.cite").click()
    page.wait_for_selector("#cite-text mark")
    assert page.locator("#citation-panel img, #citation-panel script").count() == 0
    assert XSS in page.locator("#cite-text").inner_text()
    tool = bubble.locator(".tool")
    assert XSS in tool.inner_text()
    assert tool.locator("button.reject").is_visible()
    tool.locator("button.confirm").click()
    tool.locator(".status:has-text('executed')").wait_for()
    assert confirmed and confirmed[0].endswith("/api/tools/t-1/confirm")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None


def test_costs_page_draws_charts(page):
    ask(page, Q)
    page.click("button.tab[data-page=costs]")
    page.wait_for_selector("#chart-day svg rect.bar")
    page.wait_for_selector("#chart-model svg rect.bar")
    assert page.locator("#costs-table tbody tr").count() >= 2  # models + total
    assert "total" in page.locator("#costs-state").inner_text()


def test_wrong_key_shows_the_error(page):
    page.fill("#api-key", "lk_wrong")
    page.click("#key-form button[type=submit]")
    page.fill("#question", Q)
    page.click("#ask-button")
    err = page.locator("li.msg.assistant.error")
    err.wait_for()
    assert "401" in err.inner_text()

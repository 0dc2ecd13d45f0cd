// Luodi web page: chat (streamed answers with citations), knowledge base, costs.
// Model output and document text are only ever inserted as text (textContent / text nodes),
// never as markup: an answer quoting "<img onerror=…>" shows those characters, it does not run.
"use strict";

const KEY_STORE = "luodi.apiKey";
const SESSION_STORE = "luodi.session";
const $ = (sel) => document.querySelector(sel);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// -- API -------------------------------------------------------------------------------------
function authHeaders(extra = {}) {
  const key = localStorage.getItem(KEY_STORE);
  return key ? { ...extra, Authorization: `Bearer ${key}` } : extra;
}

async function errorMessage(resp) {
  try {
    const body = await resp.json();
    if (body && body.error && body.error.message) return `${resp.status}: ${body.error.message}`;
  } catch (_) { /* not JSON */ }
  return `${resp.status} ${resp.statusText}`;
}

async function api(path, opts = {}) {
  const resp = await fetch(path, { ...opts, headers: authHeaders(opts.headers || {}) });
  if (!resp.ok) throw new Error(await errorMessage(resp));
  return resp.json();
}

function sessionId() {
  let s = localStorage.getItem(SESSION_STORE);
  if (!s) {
    s = "web-" + Math.random().toString(36).slice(2, 12);
    localStorage.setItem(SESSION_STORE, s);
  }
  return s;
}

// -- chat --------------------------------------------------------------------------------------
// Reads an SSE body: calls onEvent(obj) for every `data:` JSON event until [DONE].
async function readSSE(resp, onEvent) {
  const reader = resp.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      for (const line of block.split("\n")) {
        if (!line.startsWith("data:")) continue;
        const data = line.slice(5).trim();
        if (data === "[DONE]") return;
        onEvent(JSON.parse(data));
      }
    }
  }
}

// Text with [n] markers: plain text nodes plus one button per marker.
function renderAnswerText(container, text, citations) {
  container.replaceChildren();
  const re = /\[(\d+)\]/g;
  let last = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    container.append(document.createTextNode(text.slice(last, m.index)));
    const n = Number(m[1]);
    if (citations && n >= 1 && n <= citations.length) {
      container.append(el("button", {
        type: "button", class: "cite", text: `[${n}]`, "data-cite": String(n),
        title: citations[n - 1].document,
      }));
    } else {
      container.append(document.createTextNode(m[0]));
    }
    last = m.index + m[0].length;
  }
  container.append(document.createTextNode(text.slice(last)));
}

function badges(extra) {
  const box = el("div", { class: "badges" });
  const checks = extra.checks || [];
  if (checks.length) {
    const ok = checks.filter((c) => c.supported).length;
    const all = ok === checks.length;
    box.append(el("span", { class: `badge ${all ? "ok" : "bad"} checks`,
      text: `${ok}/${checks.length} ${all ? "✓" : "✗"}`, title: "checked atoms supported by the cited text" }));
  } else {
    box.append(el("span", { class: "badge checks", text: "no atoms to check" }));
  }
  const usage = extra.usage || {};
  box.append(el("span", { class: "badge cost", text: `${Number(usage.cost_li || 0)} 厘` }));
  box.append(el("span", { class: "badge mode", text: extra.mode || "" }));
  box.append(el("span", { class: "badge route", text: extra.route || "" }));
  if (extra.as_of) box.append(el("span", { class: "badge as-of", text: `as of ${extra.as_of}` }));
  for (const later of extra.takes_effect_later || []) {  // answered from today's version
    box.append(el("span", { class: "badge later",
      text: `a newer version of ${later.document} takes effect ${later.effective_date}` }));
  }
  if (extra.cached) box.append(el("span", { class: "badge", text: "cached" }));
  if (extra.abstained) box.append(el("span", { class: "badge bad", text: "abstained" }));
  return box;
}

function toolBox(call) {
  const box = el("div", { class: "tool", "data-tool": String(call.id) });
  box.append(el("strong", { text: call.name }), " ",
    el("span", { class: "muted status", text: call.status }),
    el("pre", { text: JSON.stringify(call.arguments || {}, null, 1) }));
  if (call.status === "pending_confirmation") {
    const act = async (verb) => {
      for (const b of box.querySelectorAll("button")) b.disabled = true;
      const status = box.querySelector(".status");
      try {
        const res = await api(`/api/tools/${encodeURIComponent(call.id)}/${verb}`, { method: "POST" });
        status.textContent = res.status || `${verb}ed`;
      } catch (err) {
        status.textContent = `${verb} failed: ${err.message}`;
        for (const b of box.querySelectorAll("button")) b.disabled = false;
      }
    };
    box.append(el("button", { type: "button", class: "confirm", text: "Confirm", onclick: () => act("confirm") }),
      el("button", { type: "button", class: "reject", text: "Reject", onclick: () => act("reject") }));
  }
  return box;
}

function addMessage(role, text) {
  const li = el("li", { class: `msg ${role}` });
  const body = el("div", { class: "text" });
  body.textContent = text;
  li.append(body);
  $("#messages").append(li);
  li.scrollIntoView({ block: "end" });
  return li;
}

async function ask(question) {
  addMessage("user", question);
  const li = addMessage("assistant", "");
  li.classList.add("streaming");
  const body = li.querySelector(".text");
  let text = "";
  let extra = null;
  try {
    const resp = await fetch("/v1/chat/completions", {
      method: "POST",
      headers: authHeaders({ "Content-Type": "application/json" }),
      body: JSON.stringify({ model: $("#mode").value, stream: true, session: sessionId(),
        as_of: $("#as-of").value || undefined, messages: [{ role: "user", content: question }] }),
    });
    if (!resp.ok) throw new Error(await errorMessage(resp));
    await readSSE(resp, (event) => {
      const choice = (event.choices || [])[0];
      if (choice && choice.delta && choice.delta.content) {
        text += choice.delta.content;
        body.textContent = text;
      }
      if (event.luodi) extra = event.luodi;
    });
  } catch (err) {
    li.classList.add("error");
    body.textContent = `Error: ${err.message}`;
    li.classList.remove("streaming");
    return;
  }
  li.classList.remove("streaming");
  if (!extra) return;
  li.luodi = extra;
  renderAnswerText(body, text, extra.citations);
  li.append(badges(extra));
  for (const call of extra.tool_calls || []) li.append(toolBox(call));
  li.classList.add("done");
}

// Passage text with every supported atom that occurs in it wrapped in <mark> (as text nodes).
function highlighted(text, atoms) {
  const spans = [];
  for (const atom of atoms) {
    if (!atom) continue;
    let from = 0;
    let at;
    while ((at = text.indexOf(atom, from)) >= 0) {
      spans.push([at, at + atom.length]);
      from = at + atom.length;
    }
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (const [s, e] of spans) {
    if (s < pos) continue; // overlapping: the longer, earlier one is already marked
    frag.append(document.createTextNode(text.slice(pos, s)), el("mark", { text: text.slice(s, e) }));
    pos = e;
  }
  frag.append(document.createTextNode(text.slice(pos)));
  return frag;
}

async function openCitation(extra, n) {
  const cite = extra.citations[n - 1];
  const panel = $("#citation-panel");
  panel.hidden = false;
  $("#cite-title").textContent = `[${n}] ${cite.document}`;
  $("#cite-meta").textContent = cite.section || "";
  $("#cite-text").textContent = "…";
  const checks = (extra.checks || []).filter((c) => c.citation === n - 1);
  const list = $("#cite-checks");
  list.replaceChildren(...checks.map((c) => el("li", { class: c.supported ? "ok" : "bad",
    text: `${c.supported ? "✓" : "✗"} ${c.atom} (${c.kind})` })));
  let passage;
  try {
    passage = await api(`/api/chunks/${cite.chunk}`);
  } catch (err) {
    passage = { text: cite.quote, section: cite.section, document: cite.document };
    $("#cite-meta").textContent = `${cite.section || ""} (stored passage unavailable: ${err.message})`;
  }
  const atoms = checks.filter((c) => c.supported).map((c) => c.atom);
  $("#cite-text").replaceChildren(highlighted(passage.text, atoms));
  if (passage.section) $("#cite-meta").textContent = passage.section + versionNote(passage);
}

function versionNote(passage) {
  if (passage.pending) return ` (takes effect ${passage.effective_date})`;
  return passage.current === false ? " (superseded version)" : "";
}

// -- knowledge base ---------------------------------------------------------------------------
function upload(files, collection, effective) {
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  form.append("collection", collection || "default");
  if (effective) form.append("effective_date", effective);
  const bar = $("#upload-progress");
  const state = $("#upload-state");
  bar.hidden = false;
  bar.value = 0;
  state.textContent = "uploading…";
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
    };
    xhr.upload.onload = () => { bar.value = 100; state.textContent = "indexing…"; };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (_) { /* not JSON */ }
      showResults([]);
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        state.textContent = `done: ${body.files} file(s), ${body.bytes} bytes, ${body.failed} failed`;
        showResults(body.results);
      } else {
        state.textContent = `upload failed: ${xhr.status} ${(body && body.error && body.error.message) || ""}`;
      }
      resolve();
      loadDocuments();
    };
    xhr.onerror = () => { state.textContent = "upload failed: network error"; resolve(); };
    xhr.send(form);
  });
}

function showResults(results) {
  $("#upload-results").replaceChildren(...results.map((r) =>
    el("li", { class: `result ${r.status}`, text: `${r.status} ${r.uri}: ${r.message}` })));
}

async function fetchUrls(text, collection, effective) {
  const urls = text.split(/\s+/).filter(Boolean);
  const state = $("#upload-state");
  $("#upload-progress").hidden = true;
  showResults([]);
  state.textContent = "fetching…";
  const request = { urls, collection: collection || "default" };
  if (effective) request.effective_date = effective;
  try {
    const body = await api("/api/documents/fetch", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request),
    });
    state.textContent = `done: ${body.results.length} address(es), ${body.failed} failed`;
    showResults(body.results);
  } catch (err) {
    state.textContent = `fetch failed: ${err.message}`;
  }
  loadDocuments();
}

async function loadDocuments() {
  const tbody = $("#docs-table tbody");
  try {
    const { documents } = await api("/api/documents");
    tbody.replaceChildren(...documents.map((d) => el("tr", { "data-id": String(d.id) },
      el("td", { text: d.id }), el("td", { text: d.uri }), el("td", { text: d.title || "" }),
      el("td", { text: d.chunks }), el("td", { text: d.effective_date || "" }),
      el("td", { text: (d.updated_at || "").slice(0, 19) }),
      el("td", {}, el("button", { type: "button", class: "forget", text: "Forget",
        onclick: () => forget(d) })))));
    $("#docs-state").textContent = `${documents.length} document(s)`;
  } catch (err) {
    $("#docs-state").textContent = `cannot list documents: ${err.message}`;
  }
}

async function forget(doc) {
  if (!window.confirm(`Forget ${doc.uri}? It is purged everywhere.`)) return;
  try {
    await api(`/api/documents/${doc.id}`, { method: "DELETE" });
  } catch (err) {
    $("#docs-state").textContent = `forget failed: ${err.message}`;
    return;
  }
  await loadDocuments();
  $("#docs-state").textContent = `forgot ${doc.uri}`;
}

// -- costs --------------------------------------------------------------------------------------
const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

// A bar chart of cost (厘) per key; calls are written above each bar.
function barChart(rows, key) {
  const width = 480, height = 220, left = 48, bottom = 40, top = 18;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
  if (!rows.length) {
    root.append(svg("text", { x: 10, y: 30 }, "no usage yet"));
    return root;
  }
  const max = Math.max(...rows.map((r) => r.cost_li), 0) || 1;
  const slot = (width - left - 8) / rows.length;
  const bw = Math.max(4, Math.min(48, slot * 0.7));
  root.append(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: "#999" }));
  root.append(svg("text", { x: 2, y: top + 4 }, String(+max.toPrecision(3))));
  root.append(svg("text", { x: 2, y: height - bottom }, "0"));
  rows.forEach((r, i) => {
    const h = ((height - bottom - top) * r.cost_li) / max;
    const x = left + i * slot + (slot - bw) / 2;
    const y = height - bottom - h;
    const bar = svg("rect", { class: "bar", x, y, width: bw, height: Math.max(h, 0.5), "data-key": r[key] });
    bar.append(svg("title", {}, `${r[key]}: ${r.cost_li} 厘, ${r.calls} calls`));
    root.append(bar);
    root.append(svg("text", { x: x + bw / 2, y: y - 3, "text-anchor": "middle" }, `${r.calls}`));
    const label = String(r[key]);
    root.append(svg("text", { x: x + bw / 2, y: height - bottom + 14, "text-anchor": "middle" },
      label.length > 14 ? label.slice(0, 13) + "…" : label));
  });
  return root;
}

async function loadCosts() {
  const state = $("#costs-state");
  try {
    const [day, model] = await Promise.all([api("/api/costs?by=day"), api("/api/costs?by=model")]);
    $("#chart-day").replaceChildren(barChart(day.rows, "day"));
    $("#chart-model").replaceChildren(barChart(model.rows, "model"));
    $("#costs-table tbody").replaceChildren(...model.rows.concat([model.total]).map((r) => el("tr", {},
      ...["model", "calls", "cached", "tokens_in", "tokens_out", "cost_li"].map((k) => el("td", { text: r[k] })))));
    state.textContent = `total ${model.total.cost_li} 厘 over ${model.total.calls} calls`;
  } catch (err) {
    state.textContent = `cannot read costs: ${err.message}`;
  }
}

// -- wiring -----------------------------------------------------------------------------------
function showPage(name) {
  for (const b of document.querySelectorAll("button.tab")) b.classList.toggle("active", b.dataset.page === name);
  for (const p of document.querySelectorAll(".page")) p.classList.toggle("active", p.id === `page-${name}`);
  if (name === "kb") loadDocuments();
  if (name === "costs") loadCosts();
}

function init() {
  const keyInput = $("#api-key");
  keyInput.value = localStorage.getItem(KEY_STORE) || "";
  $("#key-state").textContent = keyInput.value ? "key saved" : "";
  $("#key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const v = keyInput.value.trim();
    if (v) localStorage.setItem(KEY_STORE, v); else localStorage.removeItem(KEY_STORE);
    $("#key-state").textContent = v ? "key saved" : "no key";
  });
  for (const b of document.querySelectorAll("button.tab")) b.addEventListener("click", () => showPage(b.dataset.page));
  $("#ask-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = $("#question").value.trim();
    if (!q) return;
    $("#question").value = "";
    $("#ask-button").disabled = true;
    try { await ask(q); } finally { $("#ask-button").disabled = false; }
  });
  $("#question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); $("#ask-form").requestSubmit(); }
  });
  $("#new-session").addEventListener("click", () => {
    localStorage.removeItem(SESSION_STORE);
    $("#messages").replaceChildren();
    $("#citation-panel").hidden = true;
  });
  $("#messages").addEventListener("click", (e) => {
    const btn = e.target.closest("button.cite");
    if (!btn) return;
    const li = btn.closest("li.msg");
    if (li && li.luodi) openCitation(li.luodi, Number(btn.dataset.cite));
  });
  $("#cite-close").addEventListener("click", () => { $("#citation-panel").hidden = true; });
  $("#upload-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const files = $("#upload-files").files;
    if (!files.length) return;
    $("#upload-button").disabled = true;
    try { await upload(files, $("#upload-collection").value, $("#upload-effective").value); } finally { $("#upload-button").disabled = false; }
  });
  $("#fetch-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("#fetch-button").disabled = true;
    try { await fetchUrls($("#fetch-urls").value, $("#upload-collection").value, $("#upload-effective").value); } finally { $("#fetch-button").disabled = false; }
  });
  $("#docs-refresh").addEventListener("click", loadDocuments);
  $("#costs-refresh").addEventListener("click", loadCosts);
}

document.addEventListener("DOMContentLoaded", init);

/* press-events review page. Vanilla JS, no framework.
 * Rule: every piece of data reaches the page through textContent / value / setAttribute on known-safe
 * attributes. Never innerHTML with data (articles come from the web and may hold <script>). */
"use strict";

const META = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || "";
const TOKEN = META("review-token");
const LABELS = ["PER", "ORG", "LOC", "DATE", "MONEY"];
const LABEL_NAMES = { PER: "person", ORG: "organisation", LOC: "place", DATE: "date", MONEY: "amount" };
const TYPES = ["VISIT", "MEETING", "AGREEMENT", "DELEGATION", "EXERCISE", "ARMS_TRANSFER", "OTHER"];
const STATUSES = ["pending", "accepted", "corrected", "rejected"];
const FILTER_KEYS = ["status", "type", "country", "article", "missing", "date_from", "date_to", "min_conf", "q", "sort"];
const UNKNOWN_DATE = "date inconnue", UNKNOWN_PLACE = "lieu inconnu";
const MISSING = { date: "without a date", place: "without a place", both: "without date nor place" };
function unknown(text) { return el("span", { class: "unknown", text }); }
const SORTS = [["", "Newest article first"], ["conf", "Least sure first"], ["conf_desc", "Most sure first"]];

const state = { filters: {}, list: null, listKey: "", detail: null, mention: null, facets: null, queue: null, lastDecided: "" };

/* ---------- reviewer: chosen in the page, kept per browser, sent with every decision ---------- */
const REVIEWER_KEY = "press-events.reviewer";
function storedReviewer() { try { return localStorage.getItem(REVIEWER_KEY) || ""; } catch (_) { return ""; } }
function reviewer() { return ($("#reviewer-name") && $("#reviewer-name").value.trim()) || ""; }
function setupReviewer() {
  const input = $("#reviewer-name");
  input.value = storedReviewer() || META("default-reviewer");
  input.addEventListener("change", () => {
    const name = input.value.trim();
    try { if (name) localStorage.setItem(REVIEWER_KEY, name); else localStorage.removeItem(REVIEWER_KEY); } catch (_) { /* private mode */ }
    if (name) toast(`Decisions are now recorded as ${name}`, "ok");
  });
}

/* ---------- DOM helpers ---------- */
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(node.dataset, v);
    else if (k === "value") node.value = v;
    else if (k === "checked" || k === "disabled" || k === "selected" || k === "hidden") node[k] = !!v;
    else node.setAttribute(k, v);
  }
  return node;
}
const $ = (sel) => document.querySelector(sel);
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
function option(value, label, selected) { return el("option", { value, selected: value === selected }, label); }
function badge(status) { return el("span", { class: `badge st-${STATUSES.includes(status) ? status : "pending"}` }, status); }
function labelClass(label) { return LABELS.includes(label) ? `lab-${label}` : "lab-other"; }
function fmtAmount(a, cur) {
  if (a === null || a === undefined || a === "") return "";
  return `${Number(a).toLocaleString("fr-FR")} ${cur || ""}`.trim();
}

function toast(msg, kind) {
  const t = $("#toast");
  t.textContent = msg; t.className = `toast ${kind || ""}`; t.hidden = false;
  clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 3500);
}
function banner(msg, withReload) {
  const b = clear($("#banner"));
  if (!msg) { b.hidden = true; return; }
  b.append(el("span", { text: msg }));
  if (withReload) b.append(el("button", { class: "btn small", onclick: () => { banner(""); render(); } }, "Reload"));
  b.hidden = false;
}

/* ---------- API ---------- */
async function api(method, path, body) {
  const opts = { method, headers: { Accept: "application/json" } };
  if (method !== "GET") {
    const who = reviewer();
    if (!who) { $("#reviewer-name").focus(); const e = new Error("Enter your name (reviewer) at the top right first: every decision is recorded under it."); e.status = 400; throw e; }
    opts.headers["Content-Type"] = "application/json";
    opts.headers["X-Review-Token"] = TOKEN;
    opts.body = JSON.stringify({ ...(body || {}), reviewer: who });
  }
  const res = await fetch(path, opts);
  let data = {};
  try { data = await res.json(); } catch (_) { /* empty */ }
  if (!res.ok) { const e = new Error(data.error || res.statusText); e.status = res.status; throw e; }
  return data;
}
function failed(err) {
  if (err.status === 409) banner(`⚠ ${err.message}`, true);
  else if (err.status === 403) banner(`Refused: ${err.message}`, true);
  else toast(err.message || String(err), "error");
}

/* ---------- routing ---------- */
function parseHash() {
  const h = location.hash.replace(/^#/, "") || "/";
  const [path, query] = h.split("?");
  const params = new URLSearchParams(query || "");
  return { path, params };
}
function listHash(filters) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k]) p.set(k, filters[k]);
  const s = p.toString();
  return s ? `#/?${s}` : "#/";
}
function setNav(which) {
  for (const n of ["events", "queue", "entities", "history"]) $(`#nav-${n}`).classList.toggle("active", n === which);
}
function queueHash(filters, id) {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k] && k !== "status") p.set(k, filters[k]);
  const s = p.toString();
  return `#/queue${id ? `/${encodeURIComponent(id)}` : ""}${s ? `?${s}` : ""}`;
}
const inQueue = () => parseHash().path.startsWith("/queue");

/* ---------- progress counter (header) ---------- */
function showProgress(p) {
  if (!p) return;
  $("#progress-today").textContent = p.reviewed_today;
  $("#progress-left").textContent = p.remaining;
  $("#progress").hidden = false;
}
async function refreshProgress() {
  try { showProgress(await api("GET", "/api/progress")); } catch (_) { /* the counter is a convenience */ }
}
/* A newer render (another hash, another decision) makes an older one still waiting for its data drop out,
 * so a slow answer never paints a page the reviewer already left. */
async function render() {
  state.seq = (state.seq || 0) + 1;
  const { path, params } = parseHash();
  try {
    const filtersOf = () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || ""]));
    if (path.startsWith("/event/")) { setNav("events"); await renderEvent(decodeURIComponent(path.slice(7))); }
    else if (path === "/queue" || path.startsWith("/queue/")) {
      setNav("queue"); state.filters = filtersOf(); await renderQueue(decodeURIComponent(path.slice(7)));
    }
    else if (path === "/entities") { setNav("entities"); await renderEntities(params); }
    else if (path === "/history") { setNav("history"); await renderHistory(); }
    else { setNav("events"); state.filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || ""])); await renderList(); }
  } catch (err) { failed(err); }
}
window.addEventListener("hashchange", () => { banner(""); render(); });

/* ---------- event list ---------- */
async function loadList() {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (state.filters[k]) p.set(k, state.filters[k]);
  const data = await api("GET", `/api/events?${p}`);
  state.list = data.events.map((e) => e.event_id);
  state.listKey = p.toString();
  state.facets = data.facets;
  showProgress(data.progress);
  return data;
}

/* ---------- review queue: pending events, least sure first, one after the other ---------- */
async function loadQueue() {
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (state.filters[k] && k !== "status") p.set(k, state.filters[k]);
  p.set("status", "pending");
  if (!state.filters.sort) p.set("sort", "conf");
  const data = await api("GET", `/api/events?${p}`);
  state.queue = data.events.map((e) => e.event_id);
  state.facets = data.facets;
  showProgress(data.progress);
  return data;
}
async function renderQueue(id) {
  await loadQueue();
  if (!id && state.queue.length) { location.replace(queueHash(state.filters, state.queue[0])); return; }
  if (!id) {
    state.detail = null;
    clear($("#app")).append(el("section", { class: "card queue-done", id: "queue-done" },
      el("h2", { text: "Queue empty: no pending event matches these filters." }),
      el("p", {}, el("a", { href: listHash(state.filters) }, "← Back to the list"))));
    return;
  }
  await renderEvent(id, true);
}
function nextInQueue(cur, skip) {
  const q = state.queue || [];
  const i = q.indexOf(cur);
  const order = i < 0 ? q : [...q.slice(i + 1), ...q.slice(0, i)];
  return order.find((x) => x !== cur && !(skip || []).includes(x)) || "";
}
function advance(cur, skip) { location.hash = queueHash(state.filters, nextInQueue(cur, skip)); }

async function renderList() {
  const seq = state.seq;
  const data = await loadList();
  if (seq !== state.seq) return;
  const app = clear($("#app"));
  const f = state.filters;
  const go = (patch) => { location.hash = listHash({ ...f, ...patch }); };

  const chips = el("div", { class: "chips", role: "tablist" },
    el("button", { class: `chip ${!f.status ? "on" : ""}`, onclick: () => go({ status: "" }) }, "All ", el("b", { text: data.total })),
    STATUSES.map((s) => el("button", { class: `chip st-${s} ${f.status === s ? "on" : ""}`, dataset: { status: s }, onclick: () => go({ status: s }) },
      s, " ", el("b", { class: "count", text: data.counts[s] || 0 }))));

  const sel = (name, label, values, fmt) => el("label", {}, el("span", { text: label }),
    el("select", { name, onchange: (ev) => go({ [name]: ev.target.value }) },
      option("", "any", f[name] || ""), values.map((v) => (fmt ? fmt(v, f[name]) : option(v, v, f[name])))));
  const inp = (name, label, type, extra) => el("label", {}, el("span", { text: label }),
    el("input", { name, type, value: f[name] || "", onchange: (ev) => go({ [name]: ev.target.value }), ...(extra || {}) }));

  const filters = el("aside", { class: "filters card" },
    el("h2", { text: "Filters" }),
    sel("status", "Status", STATUSES),
    sel("type", "Type", data.facets.types),
    sel("country", "Country", data.facets.countries),
    sel("article", "Article", data.facets.articles, (a, cur) => option(a.article_id, `${a.published || UNKNOWN_DATE} · ${a.title || a.article_id}`, cur)),
    sel("missing", "Missing", data.facets.missing || [], (m, cur) => option(m, MISSING[m] || m, cur)),
    inp("date_from", "Date from", "date"),
    inp("date_to", "Date to", "date"),
    inp("min_conf", "Min. confidence", "number", { min: "0", max: "1", step: "0.05", placeholder: "0–1" }),
    inp("q", "Search", "search", { placeholder: "name, place, text…" }),
    el("label", {}, el("span", { text: "Sort" }),
      el("select", { name: "sort", onchange: (ev) => go({ sort: ev.target.value }) }, SORTS.map(([v, t]) => option(v, t, f.sort || "")))),
    el("button", { class: "btn ghost", onclick: () => { location.hash = "#/"; } }, "Clear filters"));

  const table = el("table", { class: "grid events", id: "event-table" },
    el("colgroup", {}, ["status", "type", "date", "participants", "location", "amount", "article", "conf", "trigger"].map((c) => el("col", { class: `c-${c}` }))),
    el("thead", {}, el("tr", {}, ["Status", "Type", "Date", "Participants", "Location", "Amount", "Article", "Conf.", "Trigger"].map((h) => el("th", { text: h })))),
    el("tbody", {}, groupRows(data.events).map(({ e, i, head, inGroup }) => head ? groupHead(head) : el("tr", {
      tabindex: "0", dataset: { eventId: e.event_id, index: i, group: e.group_id },
      class: `${e.suggestion_for ? "suggestion" : ""}${inGroup ? " in-group" : ""}`,
      onclick: () => openEvent(e.event_id), onkeydown: (ev) => { if (ev.key === "Enter") openEvent(e.event_id); },
    },
    el("td", {}, badge(e.review_status)),
    el("td", {}, el("span", { class: "type", text: breakable(e.type) }), e.planned ? el("span", { class: "tag", text: "planned" }) : null),
    el("td", { class: "nowrap" }, e.date || unknown(UNKNOWN_DATE)),
    el("td", { text: e.participants.join(" · ") }),
    el("td", {}, e.location || unknown(UNKNOWN_PLACE), e.country ? el("span", { class: "muted", text: ` (${e.country})` }) : null),
    el("td", { class: "nowrap num", text: fmtAmount(e.amount, e.currency) }),
    el("td", { class: "article-cell" }, el("div", { text: e.article_title || e.article_id }), el("div", { class: "muted small", text: e.article_published || UNKNOWN_DATE })),
    el("td", { class: "conf-cell" }, confBar(e.confidence)),
    el("td", { class: "muted trigger-cell", text: e.trigger }),
    ))));

  const empty = data.events.length ? null : el("p", { class: "empty", text: "No event matches these filters." });
  app.append(el("div", { class: "list-layout" }, filters,
    el("section", { class: "card list" },
      el("div", { class: "list-head" }, el("h2", { text: "Events" }), chips,
        el("span", { class: "muted", text: `${data.events.length} shown` }),
        el("span", { class: "spacer" }),
        el("a", { class: "btn primary", id: "start-queue", href: queueHash(f, "") }, "Review queue · least sure first ", el("kbd", { text: "q" }))),
      table, empty)));
  const rows = table.querySelectorAll("tbody tr[data-event-id]");
  if (rows.length && document.activeElement === document.body) rows[0].focus({ preventScroll: true });
}

/* ---------- groups: the events of one evidence sentence (a visit and its meeting) ---------- */
/* Rows in list order, the members of a group kept together (where its first member stands) under a head row. */
function groupRows(events) {
  const byGroup = new Map();
  events.forEach((e, i) => { if (!byGroup.has(e.group_id)) byGroup.set(e.group_id, []); byGroup.get(e.group_id).push({ e, i }); });
  const out = [];
  for (const members of byGroup.values()) {
    if (members.length > 1) out.push({ head: members.map((m) => m.e) });
    for (const m of members) out.push({ ...m, inGroup: members.length > 1 });
  }
  return out;
}
function groupHead(events) {
  const pending = events.filter((e) => e.review_status === "pending").length;
  return el("tr", { class: "group-head", dataset: { groupHead: events[0].group_id } },
    el("td", { colspan: "9" },
      el("div", { class: "group-line" },
        el("span", { class: "group-tag", text: `Same sentence · ${events.length} events` }),
        el("span", { class: "group-evidence", text: `“${events[0].evidence}”` }),
        el("span", { class: "group-actions" },
          el("button", { class: "btn small accept", dataset: { act: "accept" }, onclick: (ev) => { ev.stopPropagation(); decideGroup(events, "accept"); } }, `Accept all ${events.length}`),
          el("button", { class: "btn small reject", dataset: { act: "reject" }, onclick: (ev) => { ev.stopPropagation(); decideGroup(events, "reject"); } }, `Reject all ${events.length}`),
          el("span", { class: "muted small", text: pending ? `${pending} pending` : "all decided" })))));
}
async function decideGroup(events, action) {
  const versions = Object.fromEntries(events.map((e) => [e.event_id, e.version]));
  try {
    await api("POST", "/api/groups/decision", { action, versions });
    state.lastDecided = state.detail && versions[state.detail.event.event_id] !== undefined ? state.detail.event.event_id : events[0].event_id;
    toast(`${action === "accept" ? "Accepted" : "Rejected"}: ${events.length} events of one sentence (u undoes all)`, "ok");
    refreshProgress();
    if (inQueue() && state.detail) { advance(state.detail.event.event_id, events.map((e) => e.event_id)); return; }
    await render();
  } catch (err) { failed(err); }
}
function groupPanel(d) {
  if (!d.group || d.group.length < 2) return null;
  const cur = d.event.event_id;
  return el("section", { class: "card side group-panel", id: "group-panel" },
    el("h3", { text: `Same sentence: ${d.group.length} events` }),
    el("ul", { class: "group-list" }, d.group.map((g) => el("li", { class: g.event_id === cur ? "current" : "" },
      badge(g.review_status), " ",
      g.event_id === cur ? el("b", { class: "type", text: g.type }) : el("a", { href: inQueue() ? queueHash(state.filters, g.event_id) : `#/event/${encodeURIComponent(g.event_id)}`, class: "type", text: g.type }),
      " ", el("span", { class: "muted small", text: `${g.participants.join(" · ")} · “${g.trigger}”` })))),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn accept small", id: "btn-group-accept", onclick: () => decideGroup(d.group, "accept"), title: "Shift+A" }, `Accept all ${d.group.length} `, el("kbd", { text: "⇧A" })),
      el("button", { type: "button", class: "btn reject small", id: "btn-group-reject", onclick: () => decideGroup(d.group, "reject"), title: "Shift+R" }, `Reject all ${d.group.length} `, el("kbd", { text: "⇧R" }))));
}

/* ARMS_TRANSFER may wrap after its underscore in a narrow column (zero-width space, invisible). */
function breakable(type) { return String(type || "").replace(/_/g, "_\u200b"); }

function confBar(c) {
  const pct = Math.round((Number(c) || 0) * 100);
  const bar = el("span", { class: "conf" }, el("span", { class: `conf-fill ${pct >= 75 ? "hi" : pct >= 50 ? "mid" : "lo"}` }), el("span", { class: "conf-num", text: `${pct}%` }));
  bar.firstChild.style.width = `${pct}%`;
  return bar;
}
function openEvent(id) { location.hash = `#/event/${encodeURIComponent(id)}`; }

/* ---------- event view ---------- */
async function renderEvent(id, queueMode) {
  const seq = state.seq;
  if (!queueMode && !state.list) await loadList();
  const d = await api("GET", `/api/events/${encodeURIComponent(id)}`);
  if (seq !== state.seq) return;
  state.detail = d;
  if (state.mention) state.mention = d.mentions.find((m) => m.mention_id === state.mention.mention_id) || null;
  const e = d.event, a = d.article;
  const list = queueMode ? state.queue : state.list;
  const idx = list.indexOf(e.event_id);
  const app = clear($("#app"));
  const where = queueMode
    ? (idx >= 0 ? `Queue, least sure first: ${idx + 1} of ${list.length} pending` : "Queue: this event is decided")
    : (idx >= 0 ? `${idx + 1} of ${list.length}` : "not in the filtered list");

  const head = el("div", { class: `event-head${queueMode ? " queue" : ""}` },
    el("a", { href: listHash(state.filters), class: "back" }, "← Events"),
    el("span", { class: "muted", id: "position", text: where }),
    el("h2", {}, el("span", { class: "type", text: e.type }), " ", el("span", { class: "muted mono", text: e.event_id })),
    badge(e.review_status),
    el("span", { class: "muted small", id: "version", text: `version ${e.version}` + (e.reviewed_by ? ` · ${e.review_status} by ${e.reviewed_by} at ${e.reviewed_at.replace("T", " ").slice(0, 16)}` : "") }),
    el("span", { class: "conf-head", title: "confidence" }, confBar(e.confidence)),
    el("span", { class: "spacer" }),
    el("button", { class: "btn ghost", onclick: () => step(-1), title: "k / p" }, "‹ Prev"),
    el("button", { class: "btn ghost", onclick: () => step(1), title: "j / n" }, "Next ›"));

  const suggestion = e.suggestion_for
    ? el("p", { class: "note" }, "New extraction from a rerun, beside the reviewed event ", el("a", { href: `#/event/${encodeURIComponent(e.suggestion_for)}`, text: e.suggestion_for }), ".")
    : (d.related.filter((r) => r.event_id !== e.event_id).length
      ? el("p", { class: "note" }, "A rerun proposed another version: ", d.related.filter((r) => r.event_id !== e.event_id).map((r) => el("a", { href: `#/event/${encodeURIComponent(r.event_id)}`, text: `${r.event_id} (${r.review_status}) ` })))
      : null);

  const link = /^https?:\/\//i.test(a.url || "") ? el("a", { href: a.url, target: "_blank", rel: "noopener noreferrer", text: a.url }) : (a.url || "");
  const text = el("div", { class: "article-text", id: "article-text", lang: "fr" });
  renderHighlighted(text, a.text || "", d.mentions, e, a.skip_regions || []);
  const article = el("section", { class: "card article" },
    el("h3", { class: "article-title", text: a.title || a.article_id }),
    el("div", { class: "meta muted small" }, `${a.article_id} · published ${a.published || UNKNOWN_DATE} (${a.published_source}) · `, link),
    legend(), text,
    mentionTable(d.mentions));

  app.append(el("div", { class: "event-layout" }, el("div", { class: "col-main" }, head, suggestion, article),
    el("div", { class: "col-side" }, groupPanel(d), slotsPanel(e), mentionPanel(), historyPanel(d.history))));
  if (state.shownEvent !== e.event_id) {  // first view of this event: bring its evidence sentence into sight
    state.shownEvent = e.event_id;
    const first = text.querySelector(".evidence");
    if (first && first.getBoundingClientRect().bottom > window.innerHeight) first.scrollIntoView({ block: "center" });
  }
}

function legend() {
  return el("div", { class: "legend", "aria-label": "legend" },
    LABELS.map((l) => el("span", { class: "legend-item" }, el("span", { class: `swatch ${labelClass(l)}` }), el("b", { text: l }), ` ${LABEL_NAMES[l]}`)),
    el("span", { class: "legend-item" }, el("span", { class: "swatch evidence-swatch" }), "evidence sentence"),
    el("span", { class: "legend-item" }, el("span", { class: "swatch trigger-swatch" }), "trigger"),
    el("span", { class: "legend-item" }, el("span", { class: "swatch rejected-swatch" }), "rejected"));
}

/* Article text with mentions as <mark>s, the evidence sentence and trigger marked; text nodes only. */
function renderHighlighted(container, text, mentions, ev, skips) {
  const chosen = [];
  let lastEnd = -1;
  const sorted = [...mentions].sort((x, y) => x.start - y.start || (y.end - y.start) - (x.end - x.start));
  for (const m of sorted) {
    if (m.start >= lastEnd && m.end <= text.length && m.start < m.end) { chosen.push(m); lastEnd = m.end; }
  }
  const ranges = [];
  if (ev) ranges.push({ s: ev.sentence_start, e: ev.sentence_end, cls: "evidence" });
  if (ev && ev.trigger_end > ev.trigger_start) ranges.push({ s: ev.trigger_start, e: ev.trigger_end, cls: "trigger" });
  for (const g of (state.detail && state.detail.group) || []) {  // the other triggers of the same sentence
    if (ev && g.event_id !== ev.event_id && g.trigger_end > g.trigger_start) ranges.push({ s: g.trigger_start, e: g.trigger_end, cls: "trigger-sib" });
  }
  for (const [s, e] of skips) ranges.push({ s, e, cls: "skip" });

  const pieces = (parent, a, b) => {
    const cuts = new Set([a, b]);
    for (const r of ranges) { if (r.s > a && r.s < b) cuts.add(r.s); if (r.e > a && r.e < b) cuts.add(r.e); }
    const pts = [...cuts].sort((x, y) => x - y);
    for (let i = 0; i < pts.length - 1; i++) {
      const s = pts[i], e = pts[i + 1];
      const cls = ranges.filter((r) => r.s <= s && r.e >= e).map((r) => r.cls);
      const t = text.slice(s, e);
      parent.append(cls.length ? el("span", { class: cls.join(" "), text: t }) : document.createTextNode(t));
    }
  };
  let pos = 0;
  for (const m of chosen) {
    if (m.start > pos) pieces(container, pos, m.start);
    const selected = state.mention && state.mention.mention_id === m.mention_id;
    const mark = el("mark", {
      class: `ent ${labelClass(m.label)} st-${m.review_status}${selected ? " selected" : ""}`,
      dataset: { mid: m.mention_id, label: m.label }, tabindex: "0",
      title: `${m.label} · ${m.norm || "no norm"} · ${m.review_status}`,
      onclick: () => selectMention(m.mention_id),
    });
    pieces(mark, m.start, m.end);
    mark.append(el("span", { class: "ent-label", text: m.label }));
    container.append(mark);
    pos = m.end;
  }
  if (pos < text.length) pieces(container, pos, text.length);
}

function mentionTable(mentions) {
  return el("details", { class: "mentions", open: mentions.length <= 40 },
    el("summary", {}, `Mentions in this article (${mentions.length})`, " ",
      el("button", { class: "btn small ghost", onclick: (ev) => { ev.preventDefault(); acceptAllMentions(); } }, "Accept all pending mentions")),
    el("table", { class: "grid compact" },
      el("thead", {}, el("tr", {}, ["", "Text", "Norm", "Span", "Status"].map((h) => el("th", { text: h })))),
      el("tbody", {}, mentions.map((m) => el("tr", { class: state.mention && state.mention.mention_id === m.mention_id ? "sel" : "", onclick: () => selectMention(m.mention_id) },
        el("td", {}, el("span", { class: `chip-label ${labelClass(m.label)}`, text: m.label })),
        el("td", { text: m.text }), el("td", { text: m.norm }),
        el("td", { class: "mono small", text: `${m.start}–${m.end}` }), el("td", {}, badge(m.review_status)))))));
}

function field(name, label, value, extra) {
  return el("label", { class: "slot" }, el("span", { text: label }),
    el("input", { name, value: value === null || value === undefined ? "" : String(value), autocomplete: "off", ...(extra || {}) }));
}

function slotsPanel(e) {
  const form = el("form", { class: "slots", id: "slots", onsubmit: (ev) => { ev.preventDefault(); saveCorrection(); } },
    el("label", { class: "slot" }, el("span", { text: "Type" }),
      el("select", { name: "type" }, TYPES.map((t) => option(t, t, e.type)))),
    el("label", { class: "slot" }, el("span", { text: "Participants (one per line)" }),
      el("textarea", { name: "participants", rows: String(Math.max(2, e.participants.length)), value: e.participants.join("\n") })),
    field("initiator", "Initiator", e.initiator),
    field("counterpart", "Counterpart", e.counterpart),
    el("div", { class: "row2" }, field("location", "Location", e.location), field("country", "Country", e.country, { maxlength: "2", placeholder: "ISO2" })),
    field("date", "Date (ISO 8601)", e.date, { placeholder: "2025-04-14, 2025-04, 2025-06/2025-08" }),
    el("div", { class: "row2" }, field("amount", "Amount", e.amount === null ? "" : e.amount, { inputmode: "decimal" }), field("currency", "Currency", e.currency, { maxlength: "3", placeholder: "ISO 4217" })),
    field("trigger", "Trigger", e.trigger),
    el("div", { class: "muted small", text: `CAMEO ${e.cameo || "—"} · confidence ${Math.round(e.confidence * 100)}% · date bounds ${e.date_start ? `${e.date_start} → ${e.date_end}` : UNKNOWN_DATE}` }),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn accept", id: "btn-accept", onclick: () => decide("accept"), title: "a" }, "Accept ", el("kbd", { text: "a" })),
      el("button", { type: "button", class: "btn reject", id: "btn-reject", onclick: () => decide("reject"), title: "r" }, "Reject ", el("kbd", { text: "r" })),
      el("button", { type: "submit", class: "btn primary", id: "btn-save" }, "Save corrections"),
      el("button", { type: "button", class: "btn ghost", id: "btn-undo", onclick: () => undoLast(), title: "u" }, "Undo ", el("kbd", { text: "u" }))));
  form.addEventListener("input", () => form.classList.add("dirty"));
  return el("section", { class: "card side" }, el("h3", { text: "Event slots" }),
    el("blockquote", { class: "evidence-quote", text: e.evidence }), form);
}

function collectChanges() {
  const f = $("#slots");
  const e = state.detail.event;
  const changes = {};
  const parts = f.participants.value.split(/\n|\|/).map((s) => s.trim()).filter(Boolean);
  if (parts.join("\n") !== e.participants.join("\n")) changes.participants = parts;
  if (f.type.value !== e.type) changes.type = f.type.value;
  for (const k of ["initiator", "counterpart", "location", "country", "date", "currency", "trigger"]) {
    if (f[k].value.trim() !== (e[k] || "")) changes[k] = f[k].value.trim();
  }
  const amt = f.amount.value.trim();
  const cur = e.amount === null || e.amount === undefined ? "" : String(e.amount);
  if (amt !== cur) changes.amount = amt;
  return changes;
}

async function decide(action) {
  const e = state.detail.event;
  let changes = {};
  if (action === "accept") {
    changes = collectChanges();
    if (Object.keys(changes).length) action = "correct"; // accepting with edits = a correction
  }
  try {
    await api("POST", `/api/events/${encodeURIComponent(e.event_id)}/decision`, { action, version: e.version, changes });
    state.lastDecided = e.event_id;
    const what = { accept: "Accepted", reject: "Rejected", correct: "Corrected and saved" }[action];
    if (inQueue()) { toast(`${what} — next pending event (u undoes)`, "ok"); refreshProgress(); advance(e.event_id); return; }
    toast(`${what} — j for the next event`, "ok");
    refreshProgress();
    await renderEvent(e.event_id);
  } catch (err) { failed(err); }
}
async function saveCorrection() {
  const changes = collectChanges();
  if (!Object.keys(changes).length) { toast("Nothing changed: edit a slot first, or press a to accept as is."); return; }
  const e = state.detail.event;
  try {
    await api("POST", `/api/events/${encodeURIComponent(e.event_id)}/decision`, { action: "correct", version: e.version, changes });
    state.lastDecided = e.event_id;
    toast("Correction saved", "ok");
    refreshProgress();
    if (inQueue()) { advance(e.event_id); return; }
    await renderEvent(e.event_id);
  } catch (err) { failed(err); }
}
/* Undo: this reviewer's own last decision on the event in view (in the queue, which has moved on, the event
 * this tab decided last; in the list, the same). Never another reviewer's, never another event's. */
function undoTarget() {
  const onEvent = parseHash().path.startsWith("/event/");
  if (onEvent && state.detail) return state.detail.event.event_id;
  return state.lastDecided || (state.detail && inQueue() ? state.detail.event.event_id : "");
}
function undoneText(r) {
  const ch = r.changes.find((c) => c.field === "review_status") || r.changes[0];
  const what = ch ? ` (${ch.field}: ${fmtVal(ch.from)} → ${fmtVal(ch.to)})` : "";
  return `Undone: ${r.reviewer}'s ${r.action} of ${r.kind} ${r.target_id}${what}`;
}
async function undoLast(groupId) {
  const body = groupId ? { group_id: groupId } : { event_id: undoTarget() };
  if (!groupId && !body.event_id) { toast("Open an event to undo your last decision on it."); return; }
  try {
    const r = await api("POST", "/api/undo", body);
    toast(undoneText(r), "ok");
    $("#toast").dataset.undone = String(r.group_id);
    refreshProgress();
    const eid = r.event_id || (r.kind === "event" ? r.target_id : "");
    if (eid && inQueue()) {
      const h = queueHash(state.filters, eid);
      if (location.hash !== h) location.hash = h; else await render();
    } else if (eid && !groupId && !(state.detail && eid === state.detail.event.event_id) && parseHash().path.startsWith("/event/")) openEvent(eid);
    else await render();
  } catch (err) { failed(err); }
}
async function step(delta) {
  const list = inQueue() ? state.queue : state.list;
  if (!list || !list.length) return;
  const cur = state.detail ? list.indexOf(state.detail.event.event_id) : -1;
  const next = cur < 0 ? 0 : cur + delta;
  if (next < 0 || next >= list.length) { toast(delta > 0 ? "Last event of the list" : "First event of the list"); return; }
  if (inQueue()) location.hash = queueHash(state.filters, list[next]); else openEvent(list[next]);
}
function startEditing() {
  const f = $("#slots");
  if (!f) return;
  f.classList.add("editing");
  f.elements.type.focus();
  toast("Editing: Tab between slots, Enter saves (Ctrl+Enter in a text box), Esc leaves");
}
async function acceptAllMentions() {
  try {
    const r = await api("POST", `/api/articles/${encodeURIComponent(state.detail.article.article_id)}/accept-mentions`, {});
    state.lastDecided = state.detail.event.event_id;
    toast(`${r.accepted} mention(s) accepted`, "ok");
    await renderEvent(state.detail.event.event_id);
  } catch (err) { failed(err); }
}

/* ---------- mention editor ---------- */
function selectMention(mid) {
  state.mention = state.detail.mentions.find((m) => m.mention_id === mid) || null;
  renderEvent(state.detail.event.event_id).catch(failed);
}
function mentionPanel() {
  const m = state.mention;
  if (!m) return el("section", { class: "card side muted small", id: "mention-panel" }, el("h3", { text: "Mention" }), "Click a highlighted mention to check its label, span or normal form.");
  const text = state.detail.article.text || "";
  const preview = el("div", { class: "span-preview", id: "span-preview", text: text.slice(m.start, m.end) });
  const upd = () => {
    const f = $("#mention-form");
    const s = parseInt(f.start.value, 10), e = parseInt(f.end.value, 10);
    preview.textContent = Number.isFinite(s) && Number.isFinite(e) && s < e ? text.slice(s, e) : "(empty span)";
  };
  const f = el("form", { id: "mention-form", class: "slots", oninput: upd, onsubmit: (ev) => { ev.preventDefault(); decideMention("correct"); } },
    el("label", { class: "slot" }, el("span", { text: "Label" }), el("select", { name: "label" }, LABELS.map((l) => option(l, `${l} — ${LABEL_NAMES[l]}`, m.label)))),
    el("div", { class: "row2" }, field("start", "Start", m.start, { type: "number", min: "0" }), field("end", "End", m.end, { type: "number", min: "1" })),
    preview,
    field("norm", "Normal form", m.norm),
    el("div", { class: "muted small", text: `${m.entity_id || "no entity id"} · ${m.source || "?"} · v${m.version}` }),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn accept small", onclick: () => decideMention("accept") }, "Accept"),
      el("button", { type: "button", class: "btn reject small", onclick: () => decideMention("reject") }, "Reject"),
      el("button", { type: "submit", class: "btn primary small" }, "Save"),
      el("button", { type: "button", class: "btn ghost small", onclick: () => { state.mention = null; renderEvent(state.detail.event.event_id); } }, "Close")));
  return el("section", { class: "card side", id: "mention-panel" },
    el("h3", {}, "Mention ", el("span", { class: `chip-label ${labelClass(m.label)}`, text: m.label }), " ", badge(m.review_status)), f);
}
async function decideMention(action) {
  const m = state.mention, f = $("#mention-form");
  const changes = {};
  if (action === "correct") {
    if (f.label.value !== m.label) changes.label = f.label.value;
    if (parseInt(f.start.value, 10) !== m.start) changes.start = parseInt(f.start.value, 10);
    if (parseInt(f.end.value, 10) !== m.end) changes.end = parseInt(f.end.value, 10);
    if (f.norm.value.trim() !== m.norm) changes.norm = f.norm.value.trim();
    if (!Object.keys(changes).length) { toast("Nothing changed in this mention."); return; }
  }
  try {
    await api("POST", `/api/mentions/${m.mention_id}/decision`, { action, version: m.version, changes });
    state.lastDecided = state.detail.event.event_id;
    toast(`Mention ${action === "correct" ? "corrected" : action + "ed"}`, "ok");
    await renderEvent(state.detail.event.event_id);
  } catch (err) { failed(err); }
}

function historyPanel(rows) {
  const groups = [];
  for (const h of rows) {  // newest first; one entry per user action
    const g = groups.length && groups[groups.length - 1].group_id === h.group_id ? groups[groups.length - 1] : null;
    if (g) g.rows.push(h); else groups.push({ group_id: h.group_id, head: h, rows: [h] });
  }
  return el("section", { class: "card side" }, el("h3", { text: "Decisions on this event" }),
    groups.length ? el("ul", { class: "history" }, groups.map((g) => el("li", { class: g.head.undone_at ? "undone" : "" },
      el("span", { class: "muted small", text: `${g.head.at.replace("T", " ").slice(0, 19)} · ${g.head.reviewer} · ${g.head.action}` + (g.head.undone_at ? " (undone)" : "") }),
      g.rows.slice().reverse().map((h) => el("div", {}, el("b", { text: h.field }), ": ",
        el("span", { class: "old", text: fmtVal(h.old_value) }), " → ", el("span", { class: "new", text: fmtVal(h.new_value) }))))))
      : el("p", { class: "muted small", text: "No decision yet." }));
}
function fmtVal(v) {
  if (v === null || v === undefined || v === "") return "∅";
  if (typeof v === "string" && v.startsWith("[")) { try { return JSON.parse(v).join(" | "); } catch (_) { return v; } }
  return String(v);
}

/* ---------- entities ---------- */
async function renderEntities(params) {
  const q = params.get("q") || "", label = params.get("label") || "";
  const seq = state.seq;
  const data = await api("GET", `/api/entities?${new URLSearchParams({ q, label })}`);
  if (seq !== state.seq) return;
  const app = clear($("#app"));
  const picked = [];
  const mergeBar = el("div", { class: "merge-bar", id: "merge-bar" });
  const updateBar = () => {
    clear(mergeBar);
    if (picked.length !== 2) { mergeBar.append(el("span", { class: "muted", text: "Tick two entities (e.g. two transliterations of one person) to merge them." })); return; }
    const [x, y] = picked;
    const btn = (s, t) => el("button", { class: "btn primary small", onclick: () => merge(s, t) }, `Merge “${s.name}” into “${t.name}”`);
    mergeBar.append(btn(x, y), btn(y, x));
  };
  const merge = async (s, t) => {
    if (!confirm(`Merge ${s.entity_id} into ${t.entity_id}? Every mention and event follows.`)) return;
    try { const r = await api("POST", "/api/entities/merge", { source_id: s.entity_id, target_id: t.entity_id }); toast(`Merged: ${r.mentions} mention(s), ${r.events} event(s) updated`, "ok"); render(); } catch (err) { failed(err); }
  };
  const rename = async (ent, input) => {
    const name = input.value.trim();
    if (!name || name === ent.name) return;
    try { const r = await api("POST", "/api/entities/rename", { entity_id: ent.entity_id, name }); toast(`Renamed: ${r.mentions} mention(s), ${r.events} event(s) updated`, "ok"); render(); } catch (err) { failed(err); }
  };
  const go = (patch) => { const p = new URLSearchParams({ q, label, ...patch }); location.hash = `#/entities?${p}`; };
  app.append(el("section", { class: "card list wide" },
    el("div", { class: "list-head" }, el("h2", { text: "Entities across articles" }),
      el("input", { type: "search", placeholder: "search names…", value: q, onchange: (ev) => go({ q: ev.target.value }) }),
      el("select", { onchange: (ev) => go({ label: ev.target.value }) }, option("", "all labels", label), ["PER", "ORG", "LOC"].map((l) => option(l, l, label))),
      el("span", { class: "muted", text: `${data.entities.length} entities` })),
    mergeBar,
    el("table", { class: "grid", id: "entity-table" },
      el("thead", {}, el("tr", {}, ["", "Label", "Canonical name", "Entity id", "Surface forms", "Mentions", "Articles", ""].map((h) => el("th", { text: h })))),
      el("tbody", {}, data.entities.map((ent) => {
        const input = el("input", { value: ent.name, class: "inline", "aria-label": `name of ${ent.entity_id}`,
          onkeydown: (ev) => { if (ev.key === "Enter") rename(ent, ev.target); } });
        return el("tr", { dataset: { entityId: ent.entity_id } },
          el("td", {}, el("input", { type: "checkbox", onchange: (ev) => {
            if (ev.target.checked) picked.push(ent); else picked.splice(picked.indexOf(ent), 1);
            while (picked.length > 2) { const old = picked.shift(); const box = app.querySelector(`tr[data-entity-id="${CSS.escape(old.entity_id)}"] input[type=checkbox]`); if (box) box.checked = false; }
            updateBar();
          } })),
          el("td", {}, el("span", { class: `chip-label ${labelClass(ent.label)}`, text: ent.label })),
          el("td", {}, input),
          el("td", { class: "mono small", text: ent.entity_id }),
          el("td", { text: ent.variants.join(" · ") }),
          el("td", { class: "num", text: ent.n_mentions }),
          el("td", { class: "num", text: ent.n_articles }),
          el("td", {}, el("button", { class: "btn small ghost", onclick: () => rename(ent, input) }, "Rename")));
      })))));
  updateBar();
}

/* ---------- history ---------- */
async function renderHistory() {
  const seq = state.seq;
  const data = await api("GET", "/api/history?limit=200");
  if (seq !== state.seq) return;
  const seen = new Set();
  const firstOfGroup = (h) => (seen.has(h.group_id) ? false : (seen.add(h.group_id), true));
  const app = clear($("#app"));
  app.append(el("section", { class: "card list wide" },
    el("div", { class: "list-head" }, el("h2", { text: "Decision log" }), el("span", { class: "muted small", text: "Every decision stays here; an undone one is struck through. You can undo your own." })),
    data.decisions.length ? el("table", { class: "grid", id: "history-table" },
      el("thead", {}, el("tr", {}, ["When", "Who", "Action", "On", "Field", "Old", "New", ""].map((h) => el("th", { text: h })))),
      el("tbody", {}, data.decisions.map((h) => el("tr", { class: h.undone_at ? "undone" : "" },
        el("td", { class: "nowrap small", text: h.at.replace("T", " ").slice(0, 19) }), el("td", { text: h.reviewer }), el("td", { text: h.action }),
        el("td", {}, h.kind === "event" ? el("a", { href: `#/event/${encodeURIComponent(h.target_id)}`, text: `event ${h.target_id}` }) : `${h.kind} ${h.target_id}`),
        el("td", { text: h.field }), el("td", { class: "old", text: fmtVal(h.old_value) }), el("td", { class: "new", text: fmtVal(h.new_value) }),
        el("td", { class: "muted small" }, h.undone_at ? `undone by ${h.undone_by}` : (h.reviewer === reviewer() && firstOfGroup(h)
          ? el("button", { class: "btn small ghost", dataset: { undoGroup: h.group_id }, onclick: () => undoLast(h.group_id) }, "Undo") : ""))))))
      : el("p", { class: "empty", text: "No decision yet." })));
}

/* ---------- keyboard ---------- */
document.addEventListener("keydown", (ev) => {
  const tag = (ev.target.tagName || "").toLowerCase();
  if (ev.key === "Escape") {
    if (["input", "textarea", "select"].includes(tag)) { ev.target.blur(); return; }
    if (parseHash().path.startsWith("/event/") || inQueue()) location.hash = listHash(state.filters);
    return;
  }
  if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && ev.target.closest && ev.target.closest("#slots")) {
    ev.preventDefault(); saveCorrection(); return;
  }
  if (["input", "textarea", "select"].includes(tag) || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const onEvent = parseHash().path.startsWith("/event/") || inQueue();
  const k = ev.key.toLowerCase();
  if (onEvent && state.detail) {
    if (ev.shiftKey && (k === "a" || k === "r") && state.detail.group && state.detail.group.length > 1) {
      ev.preventDefault(); decideGroup(state.detail.group, k === "a" ? "accept" : "reject"); return;
    }
    if (k === "a") { ev.preventDefault(); decide("accept"); }
    else if (k === "r") { ev.preventDefault(); decide("reject"); }
    else if (k === "j" || k === "n") { ev.preventDefault(); step(1); }
    else if (k === "k" || k === "p") { ev.preventDefault(); step(-1); }
    else if (k === "u") { ev.preventDefault(); undoLast(); }
    else if (k === "e") { ev.preventDefault(); startEditing(); }
  } else if (parseHash().path === "/" || parseHash().path === "") {
    const rows = [...document.querySelectorAll("#event-table tbody tr[data-event-id]")];
    const i = rows.indexOf(document.activeElement);
    if (k === "j" || k === "n") { ev.preventDefault(); (rows[i + 1] || rows[0])?.focus(); }
    else if (k === "k" || k === "p") { ev.preventDefault(); (rows[i - 1] || rows[0])?.focus(); }
    else if (k === "q") { ev.preventDefault(); location.hash = queueHash(state.filters, ""); }
    else if (k === "u") { ev.preventDefault(); undoLast(); }
  } else if (k === "u") { ev.preventDefault(); undoLast(); }
});

document.addEventListener("DOMContentLoaded", () => {
  setupReviewer();
  $("#dbname").textContent = META("db-name");
  render();
});

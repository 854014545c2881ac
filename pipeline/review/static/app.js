/* press-events review page, part 2 of 4 (i18n.js, app.js, event.js, pages.js): helpers, API, routing, list.
 * Vanilla JS, no framework.
 * Rule: every piece of data reaches the page through textContent / value / setAttribute on known-safe
 * attributes. Never innerHTML with data (articles come from the web and may hold <script>). */
"use strict";

const META = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || "";
const TOKEN = META("review-token");
const LABELS = ["PER", "ORG", "LOC", "DATE", "MONEY"];
const labelName = (l) => t(`label.${l}`);
const TYPES = ["VISIT", "MEETING", "AGREEMENT", "DELEGATION", "EXERCISE", "ARMS_TRANSFER", "OTHER"];
const STATUSES = ["pending", "accepted", "corrected", "rejected"];
const FILTER_KEYS = ["status", "type", "country", "article", "missing", "place", "date_from", "date_to", "min_conf", "q", "sort"];
const UNKNOWN_DATE = () => t("unknown.date"), UNKNOWN_PLACE = () => t("unknown.place");
function unknown(text) { return el("span", { class: "unknown", text }); }
const SORTS = [["", "sort.date"], ["conf", "sort.conf"], ["conf_desc", "sort.conf_desc"]];

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
    if (name) toast(t("reviewer.now", { name }), "ok");
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
function badge(status) { return el("span", { class: `badge st-${STATUSES.includes(status) ? status : "pending"}`, dataset: { status } }, statusName(status)); }
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
  if (withReload) b.append(el("button", { class: "btn small", onclick: () => { banner(""); render(); } }, t("btn.reload")));
  b.hidden = false;
}

/* ---------- API ---------- */
async function api(method, path, body) {
  const opts = { method, headers: { Accept: "application/json" } };
  if (method !== "GET") {
    const who = reviewer();
    if (!who) { $("#reviewer-name").focus(); const e = new Error(t("reviewer.missing")); e.status = 400; throw e; }
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
  else if (err.status === 403) banner(t("err.refused", { msg: err.message }), true);
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
  for (const n of ["events", "queue", "map", "entities", "history"]) $(`#nav-${n}`).classList.toggle("active", n === which);
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
    else if (path === "/map") { setNav("map"); await renderMap(params); }
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
      el("h2", { text: t("queue.empty") }),
      el("p", {}, el("a", { href: listHash(state.filters) }, t("queue.back")))));
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
    el("button", { class: `chip ${!f.status ? "on" : ""}`, onclick: () => go({ status: "" }) }, `${t("list.all")} `, el("b", { text: data.total })),
    STATUSES.map((s) => el("button", { class: `chip st-${s} ${f.status === s ? "on" : ""}`, dataset: { status: s }, onclick: () => go({ status: s }) },
      statusName(s), " ", el("b", { class: "count", text: data.counts[s] || 0 }))));

  const sel = (name, label, values, fmt) => el("label", {}, el("span", { text: label }),
    el("select", { name, onchange: (ev) => go({ [name]: ev.target.value }) },
      option("", t("list.any"), f[name] || ""), values.map((v) => (fmt ? fmt(v, f[name]) : option(v, v, f[name])))));
  const inp = (name, label, type, extra) => el("label", {}, el("span", { text: label }),
    el("input", { name, type, value: f[name] || "", onchange: (ev) => go({ [name]: ev.target.value }), ...(extra || {}) }));

  const filters = el("aside", { class: "filters card" },
    el("h2", { text: t("list.filters") }),
    sel("status", t("f.status"), STATUSES, (s, cur) => option(s, statusName(s), cur)),
    sel("type", t("f.type"), data.facets.types, (ty, cur) => option(ty, typeName(ty), cur)),
    sel("country", t("f.country"), data.facets.countries),
    sel("article", t("f.article"), data.facets.articles, (a, cur) => option(a.article_id, `${a.published || UNKNOWN_DATE()} · ${a.title || a.article_id}`, cur)),
    sel("missing", t("f.missing"), data.facets.missing || [], (m, cur) => option(m, t(`missing.${m}`), cur)),
    f.place ? el("div", { class: "place-filter", id: "place-filter" }, el("span", { class: "muted small", text: t("f.place") }),
      el("b", { text: f.place }), " ", el("button", { class: "btn small ghost", onclick: () => go({ place: "" }) }, t("map.clear"))) : null,
    inp("date_from", t("f.date_from"), "date"),
    inp("date_to", t("f.date_to"), "date"),
    inp("min_conf", t("f.min_conf"), "number", { min: "0", max: "1", step: "0.05", placeholder: "0–1" }),
    inp("q", t("f.q"), "search", { placeholder: t("f.q.placeholder") }),
    el("label", {}, el("span", { text: t("f.sort") }),
      el("select", { name: "sort", onchange: (ev) => go({ sort: ev.target.value }) }, SORTS.map(([v, key]) => option(v, t(key), f.sort || "")))),
    el("button", { class: "btn ghost", onclick: () => { location.hash = "#/"; } }, t("f.clear")));

  const table = el("table", { class: "grid events", id: "event-table" },
    el("colgroup", {}, ["status", "type", "date", "participants", "location", "amount", "article", "conf", "trigger"].map((c) => el("col", { class: `c-${c}` }))),
    el("thead", {}, el("tr", {}, ["status", "type", "date", "participants", "location", "amount", "article", "conf", "trigger"].map((h) => el("th", { text: t(`col.${h}`) })))),
    el("tbody", {}, groupRows(data.events).map(({ e, i, head, inGroup }) => head ? groupHead(head) : el("tr", {
      tabindex: "0", dataset: { eventId: e.event_id, index: i, group: e.group_id },
      class: `${e.suggestion_for ? "suggestion" : ""}${inGroup ? " in-group" : ""}`,
      onclick: () => openEvent(e.event_id), onkeydown: (ev) => { if (ev.key === "Enter") openEvent(e.event_id); },
    },
    el("td", {}, badge(e.review_status)),
    el("td", {}, el("span", { class: "type", text: breakable(typeName(e.type)), title: e.type }), e.planned ? el("span", { class: "tag", text: t("planned") }) : null),
    el("td", { class: "nowrap" }, e.date || unknown(UNKNOWN_DATE())),
    el("td", { text: e.participants.join(" · ") }),
    el("td", {}, e.location || unknown(UNKNOWN_PLACE()), e.country ? el("span", { class: "muted", text: ` (${e.country})` }) : null),
    el("td", { class: "nowrap num", text: fmtAmount(e.amount, e.currency) }),
    el("td", { class: "article-cell" }, el("div", { text: e.article_title || e.article_id }), el("div", { class: "muted small", text: e.article_published || UNKNOWN_DATE() })),
    el("td", { class: "conf-cell" }, confBar(e.confidence)),
    el("td", { class: "muted trigger-cell", text: e.trigger }),
    ))));

  const empty = data.events.length ? null : el("p", { class: "empty", text: t("list.empty") });
  app.append(el("div", { class: "list-layout" }, filters,
    el("section", { class: "card list" },
      el("div", { class: "list-head" }, el("h2", { text: t("list.title") }), chips,
        el("span", { class: "muted", text: t("list.shown", { n: data.events.length }) }),
        el("span", { class: "spacer" }),
        el("a", { class: "btn primary", id: "start-queue", href: queueHash(f, "") }, t("list.queue"), el("kbd", { text: "q" }))),
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
        el("span", { class: "group-tag", text: t("group.tag", { n: events.length }) }),
        el("span", { class: "group-evidence", text: `“${events[0].evidence}”` }),
        el("span", { class: "group-actions" },
          el("button", { class: "btn small accept", dataset: { act: "accept" }, onclick: (ev) => { ev.stopPropagation(); decideGroup(events, "accept"); } }, t("group.acceptN", { n: events.length }).trim()),
          el("button", { class: "btn small reject", dataset: { act: "reject" }, onclick: (ev) => { ev.stopPropagation(); decideGroup(events, "reject"); } }, t("group.rejectN", { n: events.length }).trim()),
          el("span", { class: "muted small", text: pending ? t("group.pending", { n: pending }) : t("group.alldecided") })))));
}
async function decideGroup(events, action) {
  const versions = Object.fromEntries(events.map((e) => [e.event_id, e.version]));
  try {
    await api("POST", "/api/groups/decision", { action, versions });
    state.lastDecided = state.detail && versions[state.detail.event.event_id] !== undefined ? state.detail.event.event_id : events[0].event_id;
    toast(t(`group.done.${action}`, { n: events.length }), "ok");
    refreshProgress();
    if (inQueue() && state.detail) { advance(state.detail.event.event_id, events.map((e) => e.event_id)); return; }
    await render();
  } catch (err) { failed(err); }
}
function groupPanel(d) {
  if (!d.group || d.group.length < 2) return null;
  const cur = d.event.event_id;
  return el("section", { class: "card side group-panel", id: "group-panel" },
    el("h3", { text: t("group.panel", { n: d.group.length }) }),
    el("ul", { class: "group-list" }, d.group.map((g) => el("li", { class: g.event_id === cur ? "current" : "" },
      badge(g.review_status), " ",
      g.event_id === cur ? el("b", { class: "type", text: typeName(g.type) }) : el("a", { href: inQueue() ? queueHash(state.filters, g.event_id) : `#/event/${encodeURIComponent(g.event_id)}`, class: "type", text: typeName(g.type) }),
      " ", el("span", { class: "muted small", text: `${g.participants.join(" · ")} · “${g.trigger}”` })))),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn accept small", id: "btn-group-accept", onclick: () => decideGroup(d.group, "accept"), title: "Shift+A" }, t("group.acceptN", { n: d.group.length }), el("kbd", { text: "⇧A" })),
      el("button", { type: "button", class: "btn reject small", id: "btn-group-reject", onclick: () => decideGroup(d.group, "reject"), title: "Shift+R" }, t("group.rejectN", { n: d.group.length }), el("kbd", { text: "⇧R" }))));
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


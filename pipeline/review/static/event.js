/* press-events review page, part 3 of 4: the event view (article, slots, decisions, undo, mentions).
 * Same rule as app.js: data reaches the page through textContent / value only, never innerHTML. */
"use strict";

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
    ? (idx >= 0 ? t("queue.position", { i: idx + 1, n: list.length }) : t("queue.decided"))
    : (idx >= 0 ? t("list.position", { i: idx + 1, n: list.length }) : t("list.notin"));

  const head = el("div", { class: `event-head${queueMode ? " queue" : ""}` },
    el("a", { href: listHash(state.filters), class: "back" }, t("ev.back")),
    el("span", { class: "muted", id: "position", text: where }),
    el("h2", {}, el("span", { class: "type", text: typeName(e.type), title: e.type }), " ", el("span", { class: "muted mono", text: e.event_id })),
    badge(e.review_status),
    el("span", { class: "muted small", id: "version", text: t("ev.version", { v: e.version }) + (e.reviewed_by ? t("ev.by", { status: statusName(e.review_status), who: e.reviewed_by, at: e.reviewed_at.replace("T", " ").slice(0, 16) }) : "") }),
    el("span", { class: "conf-head", title: t("ev.conf") }, confBar(e.confidence)),
    el("span", { class: "spacer" }),
    el("button", { class: "btn ghost", onclick: () => step(-1), title: "k / p" }, t("ev.prev")),
    el("button", { class: "btn ghost", onclick: () => step(1), title: "j / n" }, t("ev.next")));

  const suggestion = e.suggestion_for
    ? el("p", { class: "note" }, t("ev.suggestion"), el("a", { href: `#/event/${encodeURIComponent(e.suggestion_for)}`, text: e.suggestion_for }), ".")
    : (d.related.filter((r) => r.event_id !== e.event_id).length
      ? el("p", { class: "note" }, t("ev.related"), d.related.filter((r) => r.event_id !== e.event_id).map((r) => el("a", { href: `#/event/${encodeURIComponent(r.event_id)}`, text: `${r.event_id} (${statusName(r.review_status)}) ` })))
      : null);

  const link = /^https?:\/\//i.test(a.url || "") ? el("a", { href: a.url, target: "_blank", rel: "noopener noreferrer", text: a.url }) : (a.url || "");
  const text = el("div", { class: "article-text", id: "article-text", lang: "fr" });
  renderHighlighted(text, a.text || "", d.mentions, e, a.skip_regions || []);
  const article = el("section", { class: "card article" },
    el("h3", { class: "article-title", text: a.title || a.article_id }),
    el("div", { class: "meta muted small" }, `${a.article_id} · ${t("ev.published", { date: a.published || UNKNOWN_DATE() })} (${a.published_source}) · `, link),
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
  return el("div", { class: "legend", "aria-label": t("legend.title") },
    LABELS.map((l) => el("span", { class: "legend-item" }, el("span", { class: `swatch ${labelClass(l)}` }), el("b", { text: l }), ` ${labelName(l)}`)),
    el("span", { class: "legend-item" }, el("span", { class: "swatch evidence-swatch" }), t("legend.evidence")),
    el("span", { class: "legend-item" }, el("span", { class: "swatch trigger-swatch" }), t("legend.trigger")),
    el("span", { class: "legend-item" }, el("span", { class: "swatch rejected-swatch" }), t("legend.rejected")));
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
      title: `${m.label} · ${m.norm || t("mention.nonorm")} · ${statusName(m.review_status)}`,
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
    el("summary", {}, t("mentions.title", { n: mentions.length }), " ",
      el("button", { class: "btn small ghost", onclick: (ev) => { ev.preventDefault(); acceptAllMentions(); } }, t("mentions.acceptAll"))),
    el("table", { class: "grid compact" },
      el("thead", {}, el("tr", {}, ["", "text", "norm", "span", "status"].map((h) => el("th", { text: h && t(`mcol.${h}`) })))),
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
    el("label", { class: "slot" }, el("span", { text: t("slot.type") }),
      el("select", { name: "type" }, TYPES.map((ty) => option(ty, `${ty} — ${typeName(ty)}`, e.type)))),
    el("label", { class: "slot" }, el("span", { text: t("slot.participants") }),
      el("textarea", { name: "participants", rows: String(Math.max(2, e.participants.length)), value: e.participants.join("\n") })),
    field("initiator", t("slot.initiator"), e.initiator),
    field("counterpart", t("slot.counterpart"), e.counterpart),
    el("div", { class: "row2" }, field("location", t("slot.location"), e.location), field("country", t("slot.country"), e.country, { maxlength: "2", placeholder: "ISO2" })),
    field("date", t("slot.date"), e.date, { placeholder: "2025-04-14, 2025-04, 2025-06/2025-08" }),
    el("div", { class: "row2" }, field("amount", t("slot.amount"), e.amount === null ? "" : e.amount, { inputmode: "decimal" }), field("currency", t("slot.currency"), e.currency, { maxlength: "3", placeholder: "ISO 4217" })),
    field("trigger", t("slot.trigger"), e.trigger),
    el("div", { class: "muted small", text: t("slot.info", { cameo: e.cameo || "—", conf: Math.round(e.confidence * 100), bounds: e.date_start ? `${e.date_start} → ${e.date_end}` : UNKNOWN_DATE() }) }),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn accept", id: "btn-accept", onclick: () => decide("accept"), title: "a" }, t("btn.accept"), el("kbd", { text: "a" })),
      el("button", { type: "button", class: "btn reject", id: "btn-reject", onclick: () => decide("reject"), title: "r" }, t("btn.reject"), el("kbd", { text: "r" })),
      el("button", { type: "submit", class: "btn primary", id: "btn-save" }, t("btn.save")),
      el("button", { type: "button", class: "btn ghost", id: "btn-undo", onclick: () => undoLast(), title: "u" }, t("btn.undo"), el("kbd", { text: "u" }))));
  form.addEventListener("input", () => form.classList.add("dirty"));
  return el("section", { class: "card side" }, el("h3", { text: t("slot.title") }),
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
    const what = t(`done.${action}`);
    if (inQueue()) { toast(t("done.queue", { what }), "ok"); refreshProgress(); advance(e.event_id); return; }
    toast(t("done.next", { what }), "ok");
    refreshProgress();
    await renderEvent(e.event_id);
  } catch (err) { failed(err); }
}
async function saveCorrection() {
  const changes = collectChanges();
  if (!Object.keys(changes).length) { toast(t("nothing.changed")); return; }
  const e = state.detail.event;
  try {
    await api("POST", `/api/events/${encodeURIComponent(e.event_id)}/decision`, { action: "correct", version: e.version, changes });
    state.lastDecided = e.event_id;
    toast(t("done.saved"), "ok");
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
  const shown = (v) => fmtField(ch.field, v);
  const what = ch ? ` (${ch.field}: ${shown(ch.from)} → ${shown(ch.to)})` : "";
  return t("undo.done", { who: r.reviewer, action: actionName(r.action), target: `${t(`kind.${r.kind}`)} ${r.target_id}`, what });
}
async function undoLast(groupId) {
  const body = groupId ? { group_id: groupId } : { event_id: undoTarget() };
  if (!groupId && !body.event_id) { toast(t("undo.none")); return; }
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
  if (next < 0 || next >= list.length) { toast(delta > 0 ? t("list.last") : t("list.first")); return; }
  if (inQueue()) location.hash = queueHash(state.filters, list[next]); else openEvent(list[next]);
}
function startEditing() {
  const f = $("#slots");
  if (!f) return;
  f.classList.add("editing");
  f.elements.type.focus();
  toast(t("edit.hint"));
}
async function acceptAllMentions() {
  try {
    const r = await api("POST", `/api/articles/${encodeURIComponent(state.detail.article.article_id)}/accept-mentions`, {});
    state.lastDecided = state.detail.event.event_id;
    toast(t("mentions.accepted", { n: r.accepted }), "ok");
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
  if (!m) return el("section", { class: "card side muted small", id: "mention-panel" }, el("h3", { text: t("mention.title") }), t("mention.hint"));
  const text = state.detail.article.text || "";
  const preview = el("div", { class: "span-preview", id: "span-preview", text: text.slice(m.start, m.end) });
  const upd = () => {
    const f = $("#mention-form");
    const s = parseInt(f.start.value, 10), e = parseInt(f.end.value, 10);
    preview.textContent = Number.isFinite(s) && Number.isFinite(e) && s < e ? text.slice(s, e) : t("mention.empty");
  };
  const f = el("form", { id: "mention-form", class: "slots", oninput: upd, onsubmit: (ev) => { ev.preventDefault(); decideMention("correct"); } },
    el("label", { class: "slot" }, el("span", { text: t("mention.label") }), el("select", { name: "label" }, LABELS.map((l) => option(l, `${l} — ${labelName(l)}`, m.label)))),
    el("div", { class: "row2" }, field("start", t("mention.start"), m.start, { type: "number", min: "0" }), field("end", t("mention.end"), m.end, { type: "number", min: "1" })),
    preview,
    field("norm", t("mention.norm"), m.norm),
    el("div", { class: "muted small", text: `${m.entity_id || t("mention.noentity")} · ${m.source || "?"} · v${m.version}` }),
    el("div", { class: "actions" },
      el("button", { type: "button", class: "btn accept small", onclick: () => decideMention("accept") }, t("btn.accept").trim()),
      el("button", { type: "button", class: "btn reject small", onclick: () => decideMention("reject") }, t("btn.reject").trim()),
      el("button", { type: "submit", class: "btn primary small" }, t("btn.saveShort")),
      el("button", { type: "button", class: "btn ghost small", onclick: () => { state.mention = null; renderEvent(state.detail.event.event_id); } }, t("btn.close"))));
  return el("section", { class: "card side", id: "mention-panel" },
    el("h3", {}, `${t("mention.title")} `, el("span", { class: `chip-label ${labelClass(m.label)}`, text: m.label }), " ", badge(m.review_status)), f);
}
async function decideMention(action) {
  const m = state.mention, f = $("#mention-form");
  const changes = {};
  if (action === "correct") {
    if (f.label.value !== m.label) changes.label = f.label.value;
    if (parseInt(f.start.value, 10) !== m.start) changes.start = parseInt(f.start.value, 10);
    if (parseInt(f.end.value, 10) !== m.end) changes.end = parseInt(f.end.value, 10);
    if (f.norm.value.trim() !== m.norm) changes.norm = f.norm.value.trim();
    if (!Object.keys(changes).length) { toast(t("mention.nochange")); return; }
  }
  try {
    await api("POST", `/api/mentions/${m.mention_id}/decision`, { action, version: m.version, changes });
    state.lastDecided = state.detail.event.event_id;
    toast(t(`mention.done.${action}`), "ok");
    await renderEvent(state.detail.event.event_id);
  } catch (err) { failed(err); }
}

function historyPanel(rows) {
  const groups = [];
  for (const h of rows) {  // newest first; one entry per user action
    const g = groups.length && groups[groups.length - 1].group_id === h.group_id ? groups[groups.length - 1] : null;
    if (g) g.rows.push(h); else groups.push({ group_id: h.group_id, head: h, rows: [h] });
  }
  return el("section", { class: "card side" }, el("h3", { text: t("hist.panel") }),
    groups.length ? el("ul", { class: "history" }, groups.map((g) => el("li", { class: g.head.undone_at ? "undone" : "" },
      el("span", { class: "muted small", text: `${g.head.at.replace("T", " ").slice(0, 19)} · ${g.head.reviewer} · ${actionName(g.head.action)}` + (g.head.undone_at ? t("hist.undone") : "") }),
      g.rows.slice().reverse().map((h) => el("div", {}, el("b", { text: h.field }), ": ",
        el("span", { class: "old", text: fmtField(h.field, h.old_value) }), " → ", el("span", { class: "new", text: fmtField(h.field, h.new_value) }))))))
      : el("p", { class: "muted small", text: t("hist.none") }));
}
/* A decision's value as the reader's language says it (statuses are translated, the rest shown as stored). */
function fmtField(field, v) { return field === "review_status" && STATUSES.includes(v) ? statusName(v) : fmtVal(v); }
function fmtVal(v) {
  if (v === null || v === undefined || v === "") return "∅";
  if (typeof v === "string" && v.startsWith("[")) { try { return JSON.parse(v).join(" | "); } catch (_) { return v; } }
  return String(v);
}


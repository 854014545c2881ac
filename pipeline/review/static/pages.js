/* press-events review page, part 4 of 4: entities, the decision log, the keyboard and start-up.
 * Same rule as app.js: data reaches the page through textContent / value only, never innerHTML. */
"use strict";

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
    if (picked.length !== 2) { mergeBar.append(el("span", { class: "muted", text: t("ent.tick") })); return; }
    const [x, y] = picked;
    const btn = (s, tg) => el("button", { class: "btn primary small", onclick: () => merge(s, tg) }, t("ent.merge", { a: s.name, b: tg.name }));
    mergeBar.append(btn(x, y), btn(y, x));
  };
  const merge = async (s, tg) => {
    if (!confirm(t("ent.confirm", { a: s.entity_id, b: tg.entity_id }))) return;
    try { const r = await api("POST", "/api/entities/merge", { source_id: s.entity_id, target_id: tg.entity_id }); toast(t("ent.merged", { m: r.mentions, e: r.events }), "ok"); render(); } catch (err) { failed(err); }
  };
  const rename = async (ent, input) => {
    const name = input.value.trim();
    if (!name || name === ent.name) return;
    try { const r = await api("POST", "/api/entities/rename", { entity_id: ent.entity_id, name }); toast(t("ent.renamed", { m: r.mentions, e: r.events }), "ok"); render(); } catch (err) { failed(err); }
  };
  const go = (patch) => { const p = new URLSearchParams({ q, label, ...patch }); location.hash = `#/entities?${p}`; };
  app.append(el("section", { class: "card list wide" },
    el("div", { class: "list-head" }, el("h2", { text: t("ent.title") }),
      el("input", { type: "search", placeholder: t("ent.search"), value: q, onchange: (ev) => go({ q: ev.target.value }) }),
      el("select", { onchange: (ev) => go({ label: ev.target.value }) }, option("", t("ent.alllabels"), label), ["PER", "ORG", "LOC"].map((l) => option(l, l, label))),
      el("span", { class: "muted", text: t("ent.count", { n: data.entities.length }) })),
    mergeBar,
    el("table", { class: "grid", id: "entity-table" },
      el("thead", {}, el("tr", {}, ["", "label", "name", "id", "variants", "mentions", "articles", ""].map((h) => el("th", { text: h && t(`ecol.${h}`) })))),
      el("tbody", {}, data.entities.map((ent) => {
        const input = el("input", { value: ent.name, class: "inline", "aria-label": t("ent.nameof", { id: ent.entity_id }),
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
          el("td", {}, el("button", { class: "btn small ghost", onclick: () => rename(ent, input) }, t("btn.rename"))));
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
    el("div", { class: "list-head" }, el("h2", { text: t("hist.title") }), el("span", { class: "muted small", text: t("hist.note") })),
    data.decisions.length ? el("table", { class: "grid", id: "history-table" },
      el("thead", {}, el("tr", {}, ["when", "who", "action", "on", "field", "old", "new", ""].map((h) => el("th", { text: h && t(`hcol.${h}`) })))),
      el("tbody", {}, data.decisions.map((h) => el("tr", { class: h.undone_at ? "undone" : "" },
        el("td", { class: "nowrap small", text: h.at.replace("T", " ").slice(0, 19) }), el("td", { text: h.reviewer }), el("td", { text: actionName(h.action) }),
        el("td", {}, h.kind === "event" ? el("a", { href: `#/event/${encodeURIComponent(h.target_id)}`, text: `${t("kind.event")} ${h.target_id}` }) : `${t(`kind.${h.kind}`)} ${h.target_id}`),
        el("td", { text: h.field }), el("td", { class: "old", text: fmtField(h.field, h.old_value) }), el("td", { class: "new", text: fmtField(h.field, h.new_value) }),
        el("td", { class: "muted small" }, h.undone_at ? t("hist.undoneBy", { who: h.undone_by }) : (h.reviewer === reviewer() && firstOfGroup(h)
          ? el("button", { class: "btn small ghost", dataset: { undoGroup: h.group_id }, onclick: () => undoLast(h.group_id) }, t("btn.undoOne")) : ""))))))
      : el("p", { class: "empty", text: t("hist.none") })));
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

document.addEventListener("DOMContentLoaded", async () => {
  await loadMessages();
  translatePage();
  setupLang(() => render());
  setupReviewer();
  $("#dbname").textContent = META("db-name");
  render();
});

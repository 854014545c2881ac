/* press-events review page, part 5: the map. Country outlines shipped with the package (basemap.json, from
 * Natural Earth), events as points coloured by type, planned events dashed; a click on a point filters the
 * event list to that place. SVG built with createElementNS and textContent only (no innerHTML). */
"use strict";

const SVG_NS = "http://www.w3.org/2000/svg";
function svgEl(tag, attrs, ...children) {
  const n = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) n.setAttribute(k, String(v));
  for (const c of children) if (c) n.append(c);
  return n;
}

async function renderMap(params) {
  const seq = state.seq;
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || ""]));
  const p = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filters[k] && k !== "place") p.set(k, filters[k]);
  const data = await api("GET", `/api/map?${p}`);
  if (seq !== state.seq) return;
  const svg = svgEl("svg", { viewBox: `0 0 ${data.width} ${data.height}`, class: "map", id: "map-svg", role: "img", "aria-label": t("map.title") });
  svg.append(svgEl("rect", { x: 0, y: 0, width: data.width, height: data.height, class: "sea" }));
  const land = svgEl("g", { class: "land" });
  for (const c of data.countries) land.append(svgEl("path", { d: c.d, "data-iso": c.iso }, svgEl("title", {}, document.createTextNode(c.name))));
  svg.append(land);
  const pts = svgEl("g", { class: "points" });
  for (const pt of data.points) {
    const tip = `${typeName(pt.type)} — ${pt.location}${pt.date ? ` — ${pt.date}` : ""}${pt.planned ? ` (${t("planned")})` : ""} · ${pt.event_id}`;
    const c = svgEl("circle", {
      cx: pt.x, cy: pt.y, r: 6, fill: pt.planned ? "#ffffff" : pt.colour, stroke: pt.colour, "stroke-width": 2.5,
      "stroke-dasharray": pt.planned ? "3 2" : null, class: `pt${pt.planned ? " planned" : ""}${filters.place === pt.location ? " sel" : ""}`,
      "data-event-id": pt.event_id, "data-place": pt.location, "data-type": pt.type, tabindex: "0",
    }, svgEl("title", {}, document.createTextNode(tip)));
    const go = () => { location.hash = listHash({ ...filters, place: pt.location }); };
    c.addEventListener("click", go);
    c.addEventListener("keydown", (ev) => { if (ev.key === "Enter") go(); });
    pts.append(c);
  }
  svg.append(pts);
  const legend = el("div", { class: "legend map-legend" },
    TYPES.map((ty) => el("span", { class: "legend-item" }, el("span", { class: "swatch dot", style: null, dataset: { type: ty } }), typeName(ty))),
    el("span", { class: "legend-item" }, el("span", { class: "swatch dot planned" }), t("planned")));
  for (const sw of legend.querySelectorAll(".swatch.dot[data-type]")) sw.classList.add(`ty-${sw.dataset.type}`);
  clear($("#app")).append(el("section", { class: "card list wide map-card" },
    el("div", { class: "list-head" }, el("h2", { text: t("map.title") }), el("span", { class: "muted small", text: t("map.hint") })),
    legend, el("div", { class: "map-wrap" }, svg),
    data.off_map ? el("p", { class: "muted small", id: "map-off", text: t("map.offmap", { n: data.off_map }) }) : null));
}

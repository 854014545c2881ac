/* press-events review page: the interface language. ONE message catalogue (static/messages.json, with "fr"
 * and "en" tables) holds every string of the page; French by default, English on request, the choice kept
 * per browser (localStorage). t("key", {name: value}) fills {name} placeholders; a key missing in English
 * falls back to French, then to the key itself. */
"use strict";

const LANG_KEY = "press-events.lang";
const LANGS = ["fr", "en"];
const I18N = { lang: "fr", messages: { fr: {}, en: {} } };

function storedLang() {
  try { const l = localStorage.getItem(LANG_KEY); return LANGS.includes(l) ? l : "fr"; } catch (_) { return "fr"; }
}
async function loadMessages() {
  I18N.lang = storedLang();
  try {
    const res = await fetch("/static/messages.json", { headers: { Accept: "application/json" } });
    if (res.ok) I18N.messages = await res.json();
  } catch (_) { /* keys stay visible: better than no page */ }
}
function t(key, params) {
  let s = (I18N.messages[I18N.lang] || {})[key];
  if (s === undefined) s = (I18N.messages.fr || {})[key];
  if (s === undefined) return key;
  return params ? s.replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined && params[k] !== null ? String(params[k]) : m)) : s;
}
/* A catalogue string whose {x} placeholders become nodes (e.g. <kbd>), the rest stays text. */
function tNodes(key, nodes) {
  const out = [];
  for (const part of t(key).split(/(\{\w+\})/)) {
    const m = /^\{(\w+)\}$/.exec(part);
    if (m && nodes[m[1]]) out.push(nodes[m[1]]()); else if (part) out.push(document.createTextNode(part));
  }
  return out;
}
const statusName = (s) => t(`status.${s}`);
const typeName = (ty) => { const s = t(`type.${ty}`); return s === `type.${ty}` ? ty : s; };
const actionName = (a) => { const s = t(`action.${a}`); return s === `action.${a}` ? a : s; };

/* The fixed parts of index.html: data-i18n (text), data-i18n-title (tooltip); the footer's key list. */
function translatePage() {
  document.documentElement.lang = I18N.lang;
  document.title = t("app.title");
  for (const n of document.querySelectorAll("[data-i18n]")) n.textContent = t(n.dataset.i18n);
  for (const n of document.querySelectorAll("[data-i18n-title]")) n.title = t(n.dataset.i18nTitle);
  const foot = document.querySelector("#keys");
  if (foot) {
    const kbd = (k) => () => { const x = document.createElement("kbd"); x.textContent = k; return x; };
    foot.replaceChildren(...tNodes("footer.keys", { a: kbd("a"), r: kbd("r"), j: kbd("j"), n: kbd("n"), k: kbd("k"),
      p: kbd("p"), e: kbd("e"), u: kbd("u"), q: kbd("q"), esc: kbd("Esc") }));
  }
  const sel = document.querySelector("#lang");
  if (sel) sel.value = I18N.lang;
}
function setupLang(onChange) {
  const sel = document.querySelector("#lang");
  sel.addEventListener("change", () => {
    I18N.lang = LANGS.includes(sel.value) ? sel.value : "fr";
    try { localStorage.setItem(LANG_KEY, I18N.lang); } catch (_) { /* private mode: this page only */ }
    translatePage();
    onChange();
  });
}

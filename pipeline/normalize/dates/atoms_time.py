"""Pass 1, the atoms of time: times of day, parts of day, and bare numbers that need a neighbour.

Why a module: the time atoms ('15h30', 'huit heures moins le quart', '7 pm', 'ce soir',
'dans la nuit', 'à 7', 'de 5 à 7 heures') and the context cues that tell a time from a
duration ('pendant 3 heures') are a grammar of their own.  They are declared into
`atoms.ATOM_TABLE` after the date atoms (import order = declaration order = tie-break order).
"""
from __future__ import annotations

import re

from pipeline.normalize.dates.atoms import AMPM, _num, atom
from pipeline.normalize.dates.specs import Ctx, DSpec, Expr, PSpec, TSpec, _adjust_time_by_part, _ampm_of, _apply_ampm

# times of day ---------------------------------------------------------------------


@atom(
    "time_hm",
    rf"(?<![\d.,:/])(?P<h>[01]?\d|2[0-3])\s?(?P<sep>:|h|\s?h\s?)\s?(?P<mi>[0-5]\d)(?:\s?[:m]\s?(?P<s>[0-5]\d))?(?![\d]|\s?[/.,]\d)(?:\s*(?P<ap>{AMPM}))?",
)
def _a_time_hm(m, cx):
    h, mi = int(m.group("h")), int(m.group("mi"))
    s = m.group("s")
    ap = _ampm_of(m.group("ap"))
    if ap and h > 12:
        return None
    t = TSpec(_apply_ampm(h, ap), mi, int(s) if s else 0, "second" if s else "minute", ap, explicit24=h > 12 or h == 0 or (m.group("sep") == ":" and len(m.group("h")) == 2 and h < 10 and m.group("h")[0] == "0"))
    e = Expr(m.start(), m.end(), time=t, kind="time")
    if _duration_context(cx, m.start(), m.end()):
        return None
    return e


@atom("time_ap", lambda w: rf"(?<![\d.,:/])(?P<h>1[0-2]|0?\d)(?::(?P<mi>[0-5]\d))?(?::(?P<s>[0-5]\d))?\s*(?P<ap>{AMPM})(?:\s*(?P<frac>{w.FRACW})(?![a-z]))?")
def _a_time_ap(m, cx):
    h = int(m.group("h"))
    ap = _ampm_of(m.group("ap"))
    mi, s = m.group("mi"), m.group("s")
    prec = "second" if s else ("minute" if mi else "hour")
    mi = int(mi or 0)
    if m.group("frac") and not m.group("mi"):
        mi = cx.g.FRAC[m.group("frac")]
        prec = "minute"
        if mi < 0:
            h, mi = h - 1, 60 + mi
    return Expr(m.start(), m.end(), time=TSpec(_apply_ampm(h, ap), mi, int(s or 0), prec, ap), kind="time")


@atom("time_ap4", rf"(?<![\d.,:/])(?P<hm>\d{{3,4}})\s*(?P<ap>{AMPM})")
def _a_time_ap4(m, cx):
    hm = m.group("hm")
    h, mi = int(hm[:-2]), int(hm[-2:])
    if not (1 <= h <= 12 and mi < 60):
        return None
    ap = _ampm_of(m.group("ap"))
    return Expr(m.start(), m.end(), time=TSpec(_apply_ampm(h, ap), mi, 0, "minute", ap), kind="time")


@atom(
    "time_h",
    lambda w: rf"(?<![\d.,:/])(?P<h>[01]?\d|2[0-4]|{w.HOURW}(?![a-z\-]))\s*(?P<hw>heures?|h)(?![a-z])"
    rf"(?:\s*(?P<frac>{w.FRACW})(?![a-z])|\s*moins\s+(?P<minus>[0-5]?\d|{w.MINW}(?![a-z\-]))(?:\s*minutes?)?|\s*(?:et\s+)?(?P<mi>[0-5]?\d|{w.MINW}(?![a-z\-]))(?![\d])(?:\s*(?:minutes?|min|mn)(?![a-z]))?)?"
    rf"(?:\s*(?P<ap>{AMPM}))?",
)
def _a_time_h(m, cx):
    h = _num(cx, m.group("h"))
    if h is None or h > 24:
        return None
    mi, prec = 0, "hour"
    if m.group("frac"):
        mi = cx.g.FRAC[m.group("frac")]
        prec = "minute"
    elif m.group("minus"):
        mi = -_num(cx, m.group("minus"))
        prec = "minute"
    elif m.group("mi"):
        v = _num(cx, m.group("mi"))
        if v is None or v > 59:
            return None
        mi, prec = v, "minute"
    if mi < 0:
        h, mi = (h - 1) % 24, 60 + mi
    ap = _ampm_of(m.group("ap"))
    h = _apply_ampm(h % 24, ap)
    word_form = m.group("hw").startswith("heure") or not m.group("h")[0].isdigit()
    if _duration_context(cx, m.start(), m.end()):
        return None
    e = Expr(m.start(), m.end(), time=TSpec(h, mi, 0, prec, ap, explicit24=h >= 13), kind="time")
    if word_form and prec == "hour" and not _time_cue(cx, m.start()):
        e.weak = True
    return e


@atom(
    "time_words",
    lambda w: rf"(?<![\w])(?P<h>{w.HOURW}(?![a-z\-])|[01]?\d(?![\d])|2[0-3](?![\d]))\s+(?:(?P<frac>{w.FRACW})|(?P<mi>{w.MINW10})(?:\s+(?P<mi2>un|deux|trois|quatre|cinq|six|sept|huit|neuf)(?![a-z]))?)(?![a-z\-])(?P<hw>\s*heures?)?"
    rf"(?=\s*(?:$|[^\w\s]|{AMPM}|{w.PARTW}|(?:du|de|dans|ce|cette|a|vers|le|la)\s|heure))(?:\s*(?P<ap>{AMPM}))?",
)
def _a_time_words(m, cx):
    h = _num(cx, m.group("h"))
    if h is None or h > 23:
        return None
    if m.group("frac"):
        mi = cx.g.FRAC[m.group("frac")]
        if mi < 0:
            h, mi = (h - 1) % 24, 60 + mi
    else:
        if m.group("h")[0].isdigit():
            return None
        mi = _num(cx, m.group("mi"))
        if m.group("mi2"):
            mi += _num(cx, m.group("mi2"))
        if mi is None or mi > 59:
            return None
    ap = _ampm_of(m.group("ap"))
    return Expr(m.start(), m.end(), time=TSpec(_apply_ampm(h, ap), mi, 0, "minute", ap), kind="time")


@atom("named_time", r"(?<![a-z\-])(?<!apres )(?<!apres-)(?P<t>midi|minuit)(?![a-z\-])")
def _a_named_time(m, cx):
    h, mi = cx.g.lex.raw["named_times"][m.group("t")]
    e = Expr(m.start(), m.end(), time=TSpec(h, mi, 0, "hour", explicit24=True), kind="time")
    if not (_time_cue(cx, m.start()) or m.start() == 0):
        e.weak = True
    return e


@atom("mid_part", lambda w: rf"(?<![a-z])milieu\s+(?:du|de|d')\s*(?:la\s+|l')?(?P<p>{w.PARTW}|jour|journee|midi)")
def _a_mid_part(m, cx):
    p = m.group("p").rstrip("s")
    code = cx.g.lex.parts.get(p, "JOUR")
    h = cx.g.lex.raw["part_of_day_mid_hour"][code]
    return Expr(m.start(), m.end(), time=TSpec(h, 0, 0, "hour", explicit24=True), kind="time")


@atom(
    "hour_part",
    lambda w: rf"(?<![\d.,:/\w])(?P<h>[01]?\d(?![\d])|2[0-3](?![\d])|{w.HOURW}(?![a-z\-]))\s*,?\s*(?P<pp>(?:du|de la|de l'|de|dans la|dans le|dans l'|ce|cette|cet)\s*)?(?P<p>{w.PARTW})",
)
def _a_hour_part(m, cx):
    h = _num(cx, m.group("h"))
    if h is None or h > 23:
        return None
    if not m.group("pp") and m.group("p").endswith("s"):
        return None
    code = cx.g.lex.parts[m.group("p").rstrip("s") if m.group("p").rstrip("s") in cx.g.lex.parts else m.group("p")]
    if code in cx.g.lex.raw["part_of_day_pm"] and h < 12 and not (code == "NI" and h <= 5):
        h += 12
    e = Expr(m.start(), m.end(), time=TSpec(h, 0, 0, "hour", explicit24=True), kind="time")
    if (m.group("pp") or "").strip() in ("ce", "cette", "cet"):
        e.date = DSpec("rel", n=0)
    return e


# parts of day ------------------------------------------------------------------------


@atom(
    "part",
    lambda w: rf"(?:(?P<demo>ce|cette|cet)\s+(?:l'\s*|la\s+|le\s+)?|(?P<rel>prochaine|prochain|derniere|dernier)\s+)?"
    rf"(?:(?P<pre>dans|de|du|en|durant|pendant|au cours de|au|d')\s*)?(?:(?P<art>la|le|l')\s*)?"
    rf"(?:(?P<mod>tot|tard|debut|fin|petit)\s*(?:de\s+|d'|du\s+|dans\s+)?(?:(?:la|le|l')\s*)?)?"
    rf"(?<![a-z\-])(?P<p>{w.PARTW})(?:\s+(?P<mod2>tot|tard)(?![a-z])|\s+(?P<rel2>derniere|dernier|prochaine|prochain)(?![a-z]))?",
)
def _a_part(m, cx):
    pw = m.group("p")
    code = cx.g.lex.parts.get(pw, cx.g.lex.parts.get(pw.rstrip("s")))
    if code is None:
        return None
    mod = m.group("mod") or m.group("mod2")
    half = "early" if mod in cx.g.EARLY else ("late" if mod in cx.g.LATE else "")
    ps = PSpec(code, half)
    if m.group("demo"):
        ps.rel = 0
    elif m.group("rel") or m.group("rel2"):
        ps.rel = 1 if (m.group("rel") or m.group("rel2")).startswith("prochain") else -1
    pre = m.group("pre")
    if pre in ("de", "d'") and not (m.group("art") or mod or m.group("demo")):
        prev = re.search(r"([a-z'\-]+)\s*$", cx.folded[max(0, m.start() - 20): m.start()])
        temporal_prev = prev and cx.g.TEMPORAL_WORD_RX.fullmatch(prev.group(1))
        if prev and not temporal_prev:
            # "boîte de nuit", "vol de nuit": adjectival, not a time
            return None
    starts = [m.start(g) for g in ("demo", "rel", "mod", "p") if m.group(g)]
    e = Expr(min(starts), m.end(), part=ps, kind="part")
    if not (m.group("demo") or m.group("rel") or m.group("rel2") or mod or pre or m.group("art")):
        e.weak = True
    return e


@atom("eod", lambda w: r"(?<![a-z])(?:la\s+)?fin\s+(?:de\s+(?:la\s+)?|du\s+)?(?=(?:demain|aujourd'hui|journee|jour|ce jour|cette\s+\w+|" + w.WEEKDAY_ALT[3:-1] + r")(?![a-z]))")
def _a_eod(m, cx):
    e = Expr(m.start(), m.end(), time=TSpec(23, 59, 59, "second", explicit24=True), kind="eod", weak=True)
    if cx.folded.startswith("journee", m.end()) or cx.folded.startswith("jour", m.end()):
        e.date = DSpec("rel", n=0)
        e.end = m.end() + (7 if cx.folded.startswith("journee", m.end()) else 4)
        e.weak = False
    return e


# bare numbers that only count with a neighbour ------------------------------------------


@atom(
    "dayonly",
    lambda w: rf"(?<![a-z])(?:le|du|au)\s+(?P<d>(?<![\d,.])(?:0?[1-9]|[12]\d|3[01])(?:er)?(?![\d:h]|[,.]\d)|{w.DAYW}(?![a-z\-]))"
    rf"(?=\s*(?:$|[.;:!?)]|,\s|{w.WEEKDAY}|(?:de|entre|a|à|vers)\s+(?:\d|midi|{w.HOURW}\s+h)|pour\b(?!\s+cent)))",
)
def _a_dayonly(m, cx):
    d = _num(cx, m.group("d"))
    if not d or d > 31:
        return None
    return Expr(m.start("d"), m.end(), date=DSpec("dmy", d=d), kind="date", bare_day=True)


@atom(
    "hrange",
    lambda w: rf"(?<![\w.,:/])(?P<h1>[01]?\d(?![\d])|2[0-4](?![\d])|{w.HOURW}(?![a-z\-]))(?P<hw1>\s*(?:heures?|h)(?![a-z]))?(?P<ap1>\s*{AMPM})?"
    rf"\s*(?:a|à|au|jusqu'a|jusqu'au|et|-)\s*"
    rf"(?P<h2>[01]?\d(?![\d])|2[0-4](?![\d])|{w.HOURW}(?![a-z\-]))(?P<hw2>\s*(?:heures|h)(?![a-z]))?(?P<ap2>\s*{AMPM})?",
)
def _a_hrange(m, cx):
    h1, h2 = _num(cx, m.group("h1")), _num(cx, m.group("h2"))
    if h1 is None or h2 is None or h1 > 24 or h2 > 24:
        return None
    a1, a2 = _ampm_of(m.group("ap1")), _ampm_of(m.group("ap2"))
    if a2 and not a1 and h1 <= 12:
        a1 = a2 if h1 < h2 or a2 == "am" else "am"
    t1 = TSpec(_apply_ampm(h1, a1), 0, 0, "hour", a1)
    t2 = TSpec(_apply_ampm(h2, a2), 0, 0, "hour", a2)
    strong = bool(m.group("hw2") or a2 or a1 or m.group("hw1"))
    if re.search(r"\bet\b", m.group(0)) and not re.search(r"entre\s+$", cx.folded[max(0, m.start() - 8): m.start()]):
        return None
    if _duration_context(cx, m.start(), m.end()):
        return None
    e = Expr(m.start(), m.end(), time=t1, kind="trange", weak=not strong)
    e.to = Expr(m.start(), m.end(), time=t2, kind="time")
    return e


@atom("bare_hour", lambda w: rf"(?<![\w'])(?P<cue>a|vers|(?:a\s+)?peu\s+pres)\s+(?P<h>[01]?\d(?![\d])|2[0-3](?![\d])|{w.HOURW}(?![a-z\-]))(?![\d:,.]|\s*(?:h|heures?)(?![a-z]))")
def _a_bare_hour(m, cx):
    """"à 7", "vers sept": a time only next to a day or a part of day ("demain matin à 7")."""
    h = _num(cx, m.group("h"))
    if h is None or h > 23:
        return None
    if re.match(r"\s*(?:[a-z]{3,}|%|€|\$)", cx.folded[m.end(): m.end() + 6]) and not re.match(r"\s*(?:ce|cette|du|de|dans|le|la)\b", cx.folded[m.end(): m.end() + 6]):
        return None
    strong = m.group("cue") != "a" and re.match(r"\s*(?:$|[.;!?])", cx.folded[m.end(): m.end() + 2]) is not None
    return Expr(m.start("h") if not strong else m.start(), m.end(), time=TSpec(h, 0, 0, "hour"), kind="time", weak=not strong)


@atom("part_hour", lambda w: rf"(?<![a-z\-])(?P<p>{w.PARTW})\s+(?P<h>[01]?\d(?![\d])|2[0-3](?![\d])|{w.HOURW}(?![a-z\-]))(?=\s*(?:$|[.;!?,]))")
def _a_part_hour(m, cx):
    """"l'après-midi sept": part of day then a bare hour."""
    h = _num(cx, m.group("h"))
    code = cx.g.lex.parts.get(m.group("p"), cx.g.lex.parts.get(m.group("p").rstrip("s")))
    if h is None or h > 23 or code is None:
        return None
    t = _adjust_time_by_part(TSpec(h, 0, 0, "hour"), PSpec(code), cx.g)
    return Expr(m.start(), m.end(), time=t, kind="time")


# context cues ---------------------------------------------------------------------


def _time_cue(cx: Ctx, start: int) -> bool:
    before = cx.low[max(0, start - 25): start]
    return bool(cx.g.TIME_CUE_RX.search(before)) or bool(re.search(r"(?:^|[.;:!?\n])\s*$", before))


def _duration_context(cx: Ctx, start: int, end: int) -> bool:
    before = cx.low[max(0, start - 25): start]
    if cx.g.DUR_BEFORE_RX.search(before) and not re.search(r"(?:à|a|vers)\s+(?:environ\s+)?$", before):
        return True
    return bool(cx.g.DUR_AFTER_RX.search(cx.folded[end: end + 30]))



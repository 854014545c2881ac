"""Pass 1, the atoms of calendar units named by number, code or abbreviation: numeric dates typed with spaces,
dotted weekday abbreviations on their own, day ranges without a month, relative quarters and half-years and
their business codes ("T3 2024"), ISO week numbers.

Why a module: these atoms share nothing with each other but the registry; declared after `atoms` (and before
`atoms_time`, see `grammar`), they break no tie with an older atom, since none of them matches an older atom's
span.
"""
from __future__ import annotations

import re

from pipeline.normalize.dates.atoms import DAYDIG, YEAR4, _mk_dmy, _mode_of, _num, atom
from pipeline.normalize.dates.specs import DSpec, Expr, _year


@atom("numdate_spaced", r"(?<![\d,.])(?P<a>\d{1,2})[ \t]?(?P<s>[/.\-])[ \t]?(?P<b>\d{1,2})[ \t]?(?P=s)[ \t]?(?P<c>(?:19|20)\d\d)(?![\d])")
def _a_numdate_spaced(m, cx):
    """'19 / 03 / 2025', '19 .03. 2025': a numeric date typed with spaces round its separators (a full year)."""
    ds = _mk_dmy(m.group("a"), m.group("b"), m.group("c"))
    return Expr(m.start(), m.end(), date=ds, kind="date") if ds else None


@atom(
    "weekday_abbr_alone",
    lambda w: rf"(?<![a-z])(?P<wd>{w.WD_ABBR_ALONE})(?:\.(?:\s+(?P<post>{w.NEXTW}|{w.LASTW})(?![a-z]))?|\s+(?P<post2>{w.NEXTW}|{w.LASTW})(?![a-z]))"
    rf"(?!\s*,?\s*(?:le\s+)?\d)",
)
def _a_weekday_abbr_alone(m, cx):
    """'lun.', 'sam. prochain', 'ven dernier': an abbreviated weekday without a date.  Only the abbreviations the
    lexicon marks as safe alone ('mer.' is the sea, 'jeu.' a game) stand without a qualifier, and never after a
    capitalised word ("l'Oncle Sam.")."""
    wd = cx.g.lex.wd_abbr.get(m.group("wd"))
    post = m.group("post") or m.group("post2")
    if wd is None or (not post and m.group("wd") not in cx.g.WD_ABBR_SAFE_ALONE):
        return None
    if re.search(r"[A-ZÀ-Ý][\w'-]*\s+$", cx.text[max(0, m.start() - 30):m.start()]):
        return None
    if cx.text[m.start()].isupper() and not re.search(r"(?:^|[.!?:\n])\s*$", cx.text[max(0, m.start() - 3):m.start()]):
        return None  # "la classe Sam.": capitalised mid-sentence, a name (French weekdays are lower-case)
    mode = _mode_of(cx, post)
    return Expr(m.start(), m.end(), date=DSpec("weekday", wd=wd, mode=mode), kind="date", future=mode == "next")


@atom(
    "dayrange_bare",
    r"(?<![a-z])(?:du|entre\s+le)\s+(?P<d1>" + DAYDIG + r")\s*(?:au|et\s+le)\s+(?P<d2>" + DAYDIG + r")(?=\s*(?:$|[.;:!?)\n]|,\s))",
)
def _a_dayrange_bare(m, cx):
    """'du 10 au 12', 'entre le 3 et le 5' closing a clause: days of the month the anchor gives (the clause end
    keeps out 'du 10 au 12 %' and 'entre le 3 et le 5 du classement')."""
    d1, d2 = _num(cx, m.group("d1")), _num(cx, m.group("d2"))
    if d1 is None or d2 is None or not 1 <= d1 < d2 <= 31:
        return None
    e = Expr(m.start("d1"), m.end(), date=DSpec("dmy", d=d1), kind="date")
    e.to = Expr(m.start("d1"), m.end(), date=DSpec("dmy", d=d2), kind="date")
    return e


@atom(
    "quarter_rel",
    lambda w: rf"(?:(?P<pre>ce|le)\s+)?(?<![a-z])(?P<q>trimestre|semestre)(?:\s+(?P<post>{w.NEXTW_UNIT}|{w.LASTW_UNIT}|en cours)(?![a-z\-]))?",
)
def _a_quarter_rel(m, cx):
    """'ce trimestre', 'le semestre dernier', 'le trimestre prochain': the anchor's quarter or half-year, or a
    neighbour; a bare 'trimestre' is no date."""
    post = m.group("post")
    if not (m.group("pre") == "ce" or post):
        return None
    rel = {"next": 1, "last": -1}.get(_mode_of(cx, post), 0) if post != "en cours" else 0
    ds = DSpec("quarter", extra={"rel": rel, "size": cx.g.lex.raw["quarters"][m.group("q")]})
    return Expr(m.start(), m.end(), date=ds, kind="date", future=rel > 0)


@atom("quarter_code", rf"(?<![a-z0-9])(?P<k>[ts])(?P<n>[1-4])\s*(?:-\s*)?(?P<y>{YEAR4}|'?\d\d(?![\d]))")
def _a_quarter_code(m, cx):
    """'T3 2024', 'S1 2025', 'T4-25': a quarter or half-year in the capitals of a business page."""
    if not cx.text[m.start()].isupper():
        return None
    size = 3 if m.group("k") == "t" else 6
    n = int(m.group("n"))
    if n * size > 12:
        return None
    return Expr(m.start(), m.end(), date=DSpec("quarter", y=_year(m.group("y")), extra={"nth": n, "size": size}), kind="date")


@atom("week_number", rf"(?:la\s+)?(?<![a-z])semaine\s+(?:n[°o]\s*|numero\s+)?(?P<n>\d{{1,2}})(?!\d|[,.]\d)"
      rf"(?:\s*(?:de\s+l'annee\s+|de\s+|d')?(?P<y>{YEAR4}))?(?=\s*(?:$|[.;:!?)\n]|,\s))")
def _a_week_number(m, cx):
    """'la semaine 12', 'semaine n° 7 de 2025': the ISO week of that number, in the anchor's year unless named."""
    n = int(m.group("n"))
    if not 1 <= n <= 53:
        return None
    y = int(m.group("y")) if m.group("y") else None
    return Expr(m.start(), m.end(), date=DSpec("week", y=y, n=n, extra={"iso": True}), kind="date")

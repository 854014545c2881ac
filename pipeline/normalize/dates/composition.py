"""Pass 2, composition: adjacent atoms merged by the grammar of French dates.

Why a module: the rules that join atoms into one expression (date + time, time + part of day,
"du X au Y", "les 27 et 28 novembre", "la veille de X", "début octobre", "dans la nuit de
samedi à dimanche" ...) read only the atoms and the text between them; they are independent
of how the atoms were found (pass 1) and of how the result is resolved (pass 3).
"""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.normalize.dates.specs import Ctx, DSpec, Expr, _adjust_time_by_part, _apply_ampm

# --------------------------------------------------------------------------- composition


_R_RANGE = re.compile(r"^\s*(?:au|a|à|jusqu'(?:a|au|à)|jusqu au|et|-|–)\s*(?:le\s+|l')?$")
_R_DT = re.compile(r"^(?:t|\s*,?\s*(?:a|à|vers|le|de|pour|sur|des|en|avant|apres|apres\s+|au|dans la|dans le|dans l')?\s*,?\s*)$")
_R_TD = re.compile(r"^\s*,?\s*(?:le|sur|de|du|sur la|la|pour)?\s*,?\s*$")
_R_DP = re.compile(r"^\s*,?\s*(?:en|dans la|dans le|dans l'|au|a|à|d'|de|du|le|la|l'|de la|en fin de|en debut de)?\s*$")
_R_PD = re.compile(r"^\s*,?\s*(?:de|du|d'|le|la)?\s*$")
_R_TP = re.compile(r"^\s*,?\s*(?:ce|cette|du|de|dans|de la|dans la|dans le)?\s*$")
_R_PT = re.compile(r"^\s*,?\s*(?:a|à|vers|sur|,)?\s*$")


def _has_date(e: Expr) -> bool:
    return e.date is not None and e.kind not in ("mod",)


def _names_a_day(e: Expr) -> bool:
    """One day, before resolution: '3 mai', 'mardi', 'Noël' (not a month, a range or a time)."""
    if not _has_date(e) or e.to is not None or e.time is not None:
        return False
    return e.date.kind in ("weekday", "holiday", "rel") or (e.date.kind == "dmy" and e.date.d is not None)


def _is_relative_period(e: Expr) -> bool:
    """'l'année dernière', 'la semaine prochaine', 'ce mois-ci': a whole period counted from the anchor."""
    if not _has_date(e) or e.to is not None or e.time is not None or e.date.sub:
        return False
    d = e.date
    return (d.kind == "year" and d.y is None) or (d.kind == "week" and d.y is None) or (d.kind == "month" and "rel" in d.extra)


def _fits_in(inner: DSpec, box: DSpec) -> bool:
    if box.kind == "week":
        return inner.kind == "weekday"
    if box.kind == "month":
        return inner.kind == "dmy" and inner.m is None and inner.d is not None
    return inner.kind in ("dmy", "month", "holiday", "nthwd", "quarter", "season") and (inner.kind != "dmy" or inner.m is not None)


def _gap(cx: Ctx, a: Expr, b: Expr) -> str:
    return cx.folded[a.end: b.start]


def _merge_pair(cx: Ctx, a: Expr, b: Expr) -> Expr | None:
    g = _gap(cx, a, b)
    if len(g) > 22 or "\n" in g:
        return None
    # la veille / le lendemain de X
    if a.kind == "relday" and a.label and re.fullmatch(r"\s*(?:de|du|d')\s*(?:la\s+|l')?", g) and _has_date(b) and b.to is None and b.time is None:
        ds = DSpec("shift", n=a.date.n, unit="day", extra={"base": b.date})
        return Expr(a.start, b.end, date=ds, kind="date")
    # "deux jours avant le 3 mai", "une semaine après Noël": an offset ('après'/'avant' + noun) from the day that follows
    if a.kind == "reloffset" and a.weak and re.fullmatch(r"\s*(?:le\s+|la\s+|l')?", g) and _names_a_day(b):
        ds = DSpec("shift", n=a.date.n, unit=a.date.unit, extra={"base": b.date})
        return Expr(a.start, b.end, date=ds, kind="date")
    # "mardi en huit", "demain en quinze": the day named (a weekday: the next one on or after the anchor) plus a week or two
    if b.kind == "week_after" and re.fullmatch(r"\s*(?:en\s+)?", g) and _names_a_day(a) and a.date.kind in ("weekday", "rel") and not a.date.mode:
        ds = DSpec("shift", n=b.date.n, unit="day", extra={"base": a.date, "prefer": "future"})
        return Expr(a.start, b.end, date=ds, kind="date", future=True)
    # "le 6 octobre de l'année dernière", "Noël de l'an prochain", "le 3 du mois suivant": a day inside a relative period
    if _is_relative_period(b) and re.fullmatch(r"\s*(?:de|du|d')\s*", g) and _has_date(a) and a.to is None and a.time is None \
            and a.date.y is None and not a.date.mode and "within" not in a.date.extra and "month_offset" not in a.date.extra \
            and _fits_in(a.date, b.date):
        ds = replace(a.date, extra={**a.date.extra, "within": b.date})
        return Expr(a.start, b.end, date=ds, kind="date", part=a.part, future=b.future)
    # "le dernier jour de mars", "la première semaine du mois prochain", "le deuxième week-end de 2026": a day,
    # week or weekend counted inside the month or year that follows
    if a.kind == "nth_unit" and re.fullmatch(r"\s*(?:de|du|d')\s*", g) and _has_date(b) and b.to is None and b.time is None \
            and b.date.kind in ("month", "year") and not b.date.sub and "within" not in b.date.extra:
        ds = replace(a.date, extra={"box": b.date})
        return Expr(a.start, b.end, date=ds, kind="date", future=b.future)
    # "le week-end du 12 avril", "le week-end des 12 et 13 avril": the weekend that holds the day, or the days named
    if a.kind == "weekend_of" and re.fullmatch(r"\s*(?:du|des)\s*", g) and _has_date(b) and b.time is None:
        if b.to is not None:
            return replace(b, start=a.start)
        if _names_a_day(b):
            return Expr(a.start, b.end, date=DSpec("weekend_of", extra={"base": b.date}), kind="date", future=b.future)
    # "la semaine du 5 avril": the week that holds the day
    if a.kind == "week_of" and re.fullmatch(r"\s*", g) and _names_a_day(b):
        return Expr(a.start, b.end, date=DSpec("week_of", extra={"base": b.date}), kind="date", future=b.future)
    # début / mi / fin + month/year
    if a.kind == "mod" and _has_date(b) and b.date.kind in ("month", "year") and b.to is None:
        ds = replace(b.date)
        if ds.kind == "month":
            ds.sub = tuple(cx.g.lex.raw["period_modifiers"][a.mod])
        else:
            ds.sub = tuple(cx.g.lex.raw["year_modifier_months"][a.mod])
        return Expr(a.start, b.end, date=ds, kind="date")
    # ranges
    if _R_RANGE.match(g) and a.to is None and b.to is None:
        if _has_date(a) and _has_date(b) and a.time is None and b.time is None and a.part is None and b.part is None:
            if "et" in g.split() and not a.bare_day:
                before = cx.folded[max(0, a.start - 10): a.start]
                if not re.search(r"entre\s+(?:le\s+|la\s+|l')?$", before):
                    return None
            e = Expr(a.start, b.end, date=a.date, kind="date")
            e.to = b
            return e
        if a.time is not None and b.time is not None and a.part is None:
            if "et" in g.split() and not re.search(r"entre\s+$", cx.folded[max(0, a.start - 8): a.start]):
                return None
            t1 = a.time
            if b.time.ampm and not t1.ampm and not t1.explicit24 and t1.h < 12:
                t1 = replace(t1, h=_apply_ampm(t1.h, b.time.ampm))
            e = Expr(a.start, b.end, time=t1, date=a.date, kind="trange")
            e.to = replace(b)
            return e
    # "dans la nuit de samedi à dimanche": a night across two days
    if _R_RANGE.match(g) and a.part is not None and _has_date(a) and a.time is None and a.to is None and _has_date(b) and b.time is None and b.part is None and b.to is None:
        e = Expr(a.start, b.end, date=a.date, part=a.part, kind="date")
        e.to = b
        return e
    # "dans la nuit du 21 au 22 mars": a night across the two days of a range
    if a.part is not None and a.date is None and a.time is None and a.to is None and _has_date(b) and b.to is not None \
            and b.time is None and b.part is None and re.fullmatch(r"\s*(?:du|de)\s*", g):
        e = Expr(a.start, b.end, date=b.date, part=a.part, kind="date", future=b.future)
        e.to = b.to
        return e
    # time range + date  /  date + time range
    if a.kind == "trange" and a.to is not None and _has_date(b) and a.date is None and re.fullmatch(r"\s*(?:,|de|du|le|la)?\s*", g):
        e = replace(a, end=b.end, date=b.date, weak=False)
        return e
    if _has_date(a) and a.time is None and a.to is None and b.kind == "trange" and b.to is not None and b.date is None and re.fullmatch(r"\s*,?\s*(?:de|entre|,|le)?\s*", g):
        return replace(b, start=a.start, date=a.date, weak=False)
    # time range + part of day ("entre 17 et 18 heures de l'après-midi", "5 au 6 ce soir")
    if a.kind == "trange" and a.to is not None and a.to.time is not None and b.part is not None and b.date is None and _R_TP.match(g):
        e = replace(a, end=b.end, time=_adjust_time_by_part(a.time, b.part, cx.g), weak=False)
        e.to = replace(a.to, time=_adjust_time_by_part(a.to.time, b.part, cx.g))
        if b.part.rel is not None and e.date is None:
            e.date = DSpec("rel", n=b.part.rel)
        return e
    # time + part of day
    if a.time is not None and a.to is None and b.part is not None and b.date is None and a.part is None and _R_TP.match(g):
        e = replace(a, end=b.end, time=_adjust_time_by_part(a.time, b.part, cx.g), weak=False)
        if b.part.rel is not None and e.date is None:
            e.date = DSpec("rel", n=b.part.rel)
        return e
    if a.part is not None and a.time is None and b.time is not None and b.to is None and b.kind != "eod" and _R_PT.match(g):
        e = replace(b, start=a.start, time=_adjust_time_by_part(b.time, a.part, cx.g), weak=False, part=None)
        if e.date is None:
            if a.date is not None:
                e.date = a.date
            elif a.part.rel is not None:
                e.date = DSpec("rel", n=a.part.rel)
        return e
    # date + time / time + date
    if _has_date(a) and a.time is None and a.to is None and b.time is not None and b.to is None and b.date is None and b.kind != "eod" and _R_DT.match(g):
        return Expr(a.start, b.end, date=a.date, time=b.time, part=a.part, kind="dt", future=a.future)
    if a.time is not None and a.to is None and _has_date(b) and b.time is None and b.to is None and (a.date is None or a.kind == "eod" or (a.date.kind == "rel" and a.date.n == 0)) and (_R_TD.match(g) or a.kind == "eod"):
        return Expr(a.start, b.end, date=b.date, time=a.time, part=b.part, kind="dt", future=b.future)
    # date + part / part + date
    if _has_date(a) and a.part is None and a.to is None and b.part is not None and b.date is None and b.part.rel is None and _R_DP.match(g):
        return Expr(a.start, b.end, date=a.date, part=b.part, time=a.time, kind="dp", future=a.future)
    if a.part is not None and a.date is None and a.part.rel is None and _has_date(b) and b.part is None and b.to is None and b.kind != "relday-only" and _R_PD.match(g):
        return Expr(a.start, b.end, date=b.date, part=a.part, time=b.time, kind="dp", future=b.future)
    # weekday + numeric date ("samedi 23/06/18"), day number + weekday ("le 25 mardi")
    if _has_date(a) and _has_date(b) and re.fullmatch(r"\s*,?\s*(?:le\s+)?", g) and a.time is None and b.time is None:
        if a.date.kind == "weekday" and a.date.mode in ("", "this") and not a.date.n and b.date.kind == "dmy" and b.date.wd is None:
            return Expr(a.start, b.end, date=replace(b.date, wd=a.date.wd), kind="date")
        if a.date.kind == "dmy" and a.date.m is None and b.date.kind == "weekday" and not b.date.mode:
            return Expr(a.start, b.end, date=replace(a.date, wd=b.date.wd), kind="date")
        if a.date.kind == "weekday" and b.date.kind == "rel" and b.date.n == 0:
            return Expr(a.start, b.end, date=a.date, kind="date")
    # "huit ce soir aujourd'hui": a time already dated 'today' + aujourd'hui
    if a.date is not None and a.date.kind == "rel" and b.kind == "relday" and b.date.n == a.date.n and re.fullmatch(r"\s*,?\s*", g):
        return replace(a, end=b.end)
    return None


def _compose(cx: Ctx, atoms: list[Expr]) -> list[Expr]:
    items = atoms[:]
    changed = True
    while changed:
        changed = False
        out: list[Expr] = []
        i = 0
        while i < len(items):
            if i + 1 < len(items):
                merged = _merge_pair(cx, items[i], items[i + 1])
                if merged is not None:
                    merged.future = merged.future or items[i].future or items[i + 1].future
                    out.append(merged)
                    i += 2
                    changed = True
                    continue
            out.append(items[i])
            i += 1
        items = out
    return [e for e in items if not e.weak and e.kind not in ("mod",)]



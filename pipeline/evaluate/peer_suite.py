"""Run a peer test suite (kind 'date' and 'money') against our taggers.

Suite format: /work/shared/peer-suites/README.md (Recognizers-Text French
specs turned into JSONL).  For each case our tagger runs on `text` with
`reference` as the anchor; one prediction a line is written when asked.

How a case is scored (honest, and the same for every case):

* A case passes when one of our mentions overlaps the expected span (first
  expected entity) and its value equals the expected one.  Negatives pass when
  we find nothing.
* Dates, expected `instant`:
  - grain day: our day bounds are that day (the press norm stops at the day: "dimanche matin" is the
    Sunday), or our finest reading is that day ("il y a deux ans", a year in press tables, is that day
    by plain arithmetic);
  - grain hour/minute/second: our `finest` is one point in time and equals the
    expected one after normalising both to HH:MM:SS (our '15:15' == '15:15:00');
    when the expected value has a date, ours must have the same date; when it is
    date-less (`date_less`), only the time of day is compared.
* A case may carry its own `prefer` (past/future, from the tense of its sentence); it wins over the run's.
* Dates, expected `instant` of grain month or year ('2019-03', '2019'): our value is that period.
* Dates, expected `interval` (both ends must match):
  - date ends: our `date_start` equals `start`, and `end` equals our inclusive
    `date_end`, or the day after it (the library writes month, week and decade
    periods with an exclusive end: '2016-09-01'..'2016-10-01' is our '2016-09'),
    or the first day of the last element of our interval (the library writes
    "de 2010 à 2018" as 2010-01-01..2018-01-01, we write '2010/2018');
  - time ends (times of day, parts of day): our `finest` is an interval whose two
    ends equal the expected ends, compared like instants.  Parts of day use the
    TIMEX3 windows of the lexicon (matin 08-12, après-midi 12-16, soir 16-20,
    nuit 20-23:59:59; tôt/tard halve them), the same convention as the suite.
* Dates, expected `open_interval` ("avant 17h", "après 8pm"): we do not model
  the open side; the given bound must equal our point (instant rule).
* Money: amount (relative tolerance 1e-6), `amount_max` for intervals, and the
  currency: an ISO code must be equal; a family (`DOLLAR`, `POUND`, `FRANC`,
  `DINAR` ...) accepts any code of that family; sub-units
  (`CENT`, `PENCE`, `CENTIME`, `PESEWA` ...) are compared on the amount and unit as
  written (pipeline.normalize.money.as_expressed), since the pipeline itself
  converts them into the parent currency.

The report gives pass rates per kind, per grain, for the subsets used by the
acceptance criteria (cases with a `reference`), negatives, and mentions/second.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from pipeline.normalize.dates import TemporalMatch, find_dates

DAY_GRAINS = ("day", "week", "weekend", "month")
TIME_GRAINS = ("hour", "minute", "second", "part_of_day")


@dataclass
class CaseResult:
    id: str
    kind: str
    grain: str
    has_reference: bool
    negative: bool
    passed: bool
    found: list[dict]
    expected: dict | None
    text: str
    reason: str = ""


@dataclass
class SuiteReport:
    path: str
    prefer: str
    results: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0
    n_mentions: int = 0

    def rate(self, pred) -> tuple[int, int, float]:
        sel = [r for r in self.results if pred(r)]
        ok = sum(r.passed for r in sel)
        return ok, len(sel), (ok / len(sel) if sel else 0.0)

    @property
    def subsets(self) -> dict[str, tuple[int, int, float]]:
        """The numbers the acceptance criteria name."""
        out = {
            "all": self.rate(lambda r: True),
            "negatives": self.rate(lambda r: r.negative),
        }
        if any(r.kind == "date" for r in self.results):
            out["date day/week/weekend/month with reference"] = self.rate(
                lambda r: r.kind == "date" and not r.negative and r.has_reference and r.grain in DAY_GRAINS
            )
            out["date all grains with reference"] = self.rate(lambda r: r.kind == "date" and not r.negative and r.has_reference)
            out["date all values (with or without reference)"] = self.rate(lambda r: r.kind == "date" and not r.negative)
        if any(r.kind == "money" for r in self.results):
            out["money values"] = self.rate(lambda r: r.kind == "money" and not r.negative)
        return out

    @property
    def mentions_per_second(self) -> float:
        return self.n_mentions / self.seconds if self.seconds > 0 else 0.0


# --------------------------------------------------------------------------- value helpers


def _parse_point(s: str) -> tuple[date | None, tuple[int, int, int] | None]:
    """'2016-11-07T15:00:00' / '15:00:00' / 'T15:00' / '2016-11-07' -> (date, (h, m, s))."""
    s = s.strip()
    d, t = None, None
    if "T" in s:
        ds, ts = s.split("T", 1)
        d = date.fromisoformat(ds) if ds else None
    elif ":" in s:
        ts = s
    else:
        return date.fromisoformat(s[:10]), None
    parts = [int(x) for x in ts.split(":")]
    while len(parts) < 3:
        parts.append(0)
    t = (parts[0], parts[1], parts[2])
    return d, t


def _point_eq(expected: str, ours: str, date_less: bool) -> bool:
    try:
        ed, et = _parse_point(expected)
        od, ot = _parse_point(ours)
    except ValueError:
        return False
    if et is None:
        return ot is None and ed == od
    if ot is None or et != ot:
        return False
    if ed is None or date_less:
        return True
    return od == ed


def _date_end_ok(expected_end: str, m: dict) -> bool:
    e = date.fromisoformat(expected_end[:10])
    de = m.get("date_end")
    if not de:
        return False
    de = date.fromisoformat(de)
    if e in (de, de + timedelta(days=1)):
        return True
    value = m.get("value", "")
    if "/" in value:
        last = value.split("/")[-1]
        try:
            if len(last) == 4:
                return e == date(int(last), 1, 1)
            if len(last) == 7:
                return e == date(int(last[:4]), int(last[5:7]), 1)
        except ValueError:
            return False
    return False


def _has_time(s: str) -> bool:
    return "T" in s or ":" in s


def _period_bounds(v: str) -> tuple[str, str]:
    """First and last day of 'YYYY' or 'YYYY-MM'."""
    year = int(v[:4])
    if len(v) == 4:
        return f"{year}-01-01", f"{year}-12-31"
    month = int(v[5:7])
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return f"{year}-{month:02d}-01", (nxt - timedelta(days=1)).isoformat()


def date_value_ok(exp: dict, m: dict) -> tuple[bool, str]:
    """Does our mention `m` (prediction dict) carry the expected value?"""
    typ, grain = exp["type"], exp["grain"]
    finest = m.get("value", "")
    date_less = bool(exp.get("date_less"))
    if typ == "instant":
        v = exp["value"]
        if _has_time(v):
            if "/" in finest:
                return False, "ours is an interval"
            return _point_eq(v, finest, date_less), "time"
        if len(v) in (4, 7):  # a month or a year as one value ('2019-03', '2019')
            first, last = _period_bounds(v)
            return (finest == v or (m.get("date_start"), m.get("date_end")) == (first, last)), "period"
        day_norm = m.get("date_start") == v and m.get("date_end") == v  # the press norm stops at the day
        return (day_norm or finest == v), "day"
    if typ == "interval":
        s, e = exp["start"], exp["end"]
        if _has_time(s) or _has_time(e):
            if "/" not in finest:
                return False, "ours is not an interval"
            a, b = finest.split("/", 1)
            return (_point_eq(s, a, date_less) and _point_eq(e, b, date_less)), "time interval"
        if m.get("date_start") != s[:10]:
            return False, "start differs"
        return _date_end_ok(e, m), "date interval"
    if typ == "open_interval":
        bound = exp.get("end") or exp.get("start")
        if bound is None:
            return False, "no bound"
        if _has_time(bound):
            if "/" in finest:
                return False, "ours is an interval"
            return _point_eq(bound, finest, date_less), "open"
        return m.get("date_start") == bound[:10], "open"
    return False, f"unknown type {typ}"


_FAMILIES = {
    "DOLLAR": {"USD", "CAD", "AUD", "NZD", "HKD", "SGD", "TWD", "JMD", "BSD", "BBD", "BZD", "BMD", "BND", "KYD", "FJD", "GYD", "LRD", "NAD", "SBD", "SRD", "TTD", "XCD", "ZWL", "ERN"},
    "POUND": {"GBP", "EGP", "LBP", "SYP", "SDG", "SSP", "FKP", "GIP", "SHP", "JEP", "GGP", "IMP"},
    "FRANC": {"CHF", "XOF", "XAF", "XPF", "CDF", "GNF", "KMF", "RWF", "BIF", "DJF", "MGA", "FRF", "BEF", "LUF"},
    "DINAR": {"DZD", "TND", "LYD", "IQD", "JOD", "KWD", "BHD", "RSD", "MKD", "YUD"},
    "PESO": {"MXN", "ARS", "CLP", "COP", "CUP", "DOP", "PHP", "UYU"},
    "RUPEE": {"INR", "PKR", "LKR", "NPR", "MUR", "SCR", "IDR"},
    "RIAL": {"IRR", "OMR", "YER", "SAR", "QAR"},
    "KRONE": {"DKK", "NOK", "SEK", "ISK"},
    "DIRHAM": {"MAD", "AED"},
}


def _family_ok(expected: str, ours: str) -> bool:
    if expected == ours:
        return True
    try:
        from pipeline.normalize.money import currency_family

        if currency_family(ours) == expected:
            return True
    except ImportError:
        pass
    return ours in _FAMILIES.get(expected, set())


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def money_value_ok(exp: dict, m: dict) -> tuple[bool, str]:
    cur = exp.get("currency", "")
    amount, unit = m.get("amount"), m.get("currency", "")
    if m.get("unit_as_written") and m.get("unit_as_written") == cur:
        # sub-units are scored as written ("470 pence" is 470 PENCE, not 4.70 GBP)
        amount, unit = m.get("amount_as_written"), cur
    if exp["type"] == "value":
        return (_close(exp.get("amount"), amount) and _family_ok(cur, unit)), "value"
    if exp["type"] == "interval":
        return (_close(exp.get("min"), amount) and _close(exp.get("max"), m.get("amount_max")) and _family_ok(cur, unit)), "interval"
    if exp["type"] == "open_interval":
        bound = exp.get("min", exp.get("max", exp.get("amount")))
        return (_close(bound, amount) and _family_ok(cur, unit)), "open"
    return False, "unknown type"


# --------------------------------------------------------------------------- running


def _date_pred(m: TemporalMatch) -> dict:
    return {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "label": "DATE",
        "value": m.finest,
        "date_start": m.date_start.isoformat() if m.date_start else None,
        "date_end": m.date_end.isoformat() if m.date_end else None,
        "grain": m.grain,
    }


def _money_preds(text: str) -> list[dict]:
    from pipeline.normalize import money as money_mod

    out = []
    for m in money_mod.find_money(text):
        d = {
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "label": "MONEY",
            "amount": m.amount,
            "amount_max": m.amount_max,
            "currency": m.currency,
            "qualifier": m.qualifier,
        }
        if hasattr(money_mod, "as_expressed"):
            amt, unit = money_mod.as_expressed(m)
            if unit != m.currency:
                d["amount_as_written"], d["unit_as_written"] = amt, unit
        out.append(d)
    return out


def _anchor(ref: str | None) -> datetime | None:
    if not ref:
        return None
    return datetime.fromisoformat(ref)


def run_suite(path: Path, prefer: str = "future", predictions_out: Path | None = None) -> SuiteReport:
    """Run every case of the suite file `path`; write predictions (one JSON a line) if asked."""
    path = Path(path)
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    report = SuiteReport(path=str(path), prefer=prefer)
    preds_lines = []
    elapsed = 0.0
    for c in cases:
        kind = c.get("kind", "date")
        t0 = time.perf_counter()
        if kind == "money":
            found = _money_preds(c["text"])
        else:
            reading = c.get("prefer") or prefer  # a case written with its tense says how to read it
            found = [_date_pred(m) for m in find_dates(c["text"], anchor=_anchor(c.get("reference")), prefer=reading)]
        elapsed += time.perf_counter() - t0
        report.n_mentions += len(found)
        preds_lines.append(json.dumps({"id": c["id"], "found": found}, ensure_ascii=False))
        exp = c.get("expected")
        if c.get("negative") or exp is None:
            passed, reason, grain = not found, ("found something" if found else ""), "negative"
        else:
            grain = exp.get("grain", "value") if kind == "date" else exp.get("type", "value")
            passed, reason = False, "no overlapping mention"
            s, e = exp["char_start"], exp["char_end"]
            for m in found:
                if m["end"] <= s or m["start"] >= e:
                    continue
                ok, why = date_value_ok(exp, m) if kind == "date" else money_value_ok(exp, m)
                if ok:
                    passed, reason = True, ""
                    break
                reason = f"value differs ({why})"
        report.results.append(
            CaseResult(
                id=c["id"], kind=kind, grain=grain, has_reference=c.get("reference") is not None,
                negative=bool(c.get("negative")) or exp is None, passed=passed, found=found, expected=exp,
                text=c["text"], reason=reason,
            )
        )
    report.seconds = elapsed
    if predictions_out is not None:
        Path(predictions_out).parent.mkdir(parents=True, exist_ok=True)
        Path(predictions_out).write_text("\n".join(preds_lines) + "\n", encoding="utf-8")
    return report


def format_report(report: SuiteReport) -> str:
    """A readable table: pass rate per kind and grain, acceptance subsets, negatives, speed."""
    lines = [f"Suite {report.path}  (prefer={report.prefer})", ""]
    lines.append(f"{'subset':<48} {'pass':>6} {'total':>6} {'rate':>7}")
    for name, (ok, n, rate) in report.subsets.items():
        lines.append(f"{name:<48} {ok:>6} {n:>6} {rate:>7.1%}")
    lines.append("")
    lines.append(f"{'kind / grain (with reference | without)':<48} {'pass':>6} {'total':>6} {'rate':>7}")
    keys = sorted({(r.kind, r.grain, r.has_reference) for r in report.results})
    for kind, grain, ref in keys:
        ok, n, rate = report.rate(lambda r, k=kind, g=grain, h=ref: r.kind == k and r.grain == g and r.has_reference == h)
        label = f"{kind} / {grain} ({'ref' if ref else 'no ref'})"
        lines.append(f"{label:<48} {ok:>6} {n:>6} {rate:>7.1%}")
    lines.append("")
    lines.append(f"mentions found: {report.n_mentions}   tagging time: {report.seconds:.3f} s   "
                 f"mentions/second: {report.mentions_per_second:,.0f}")
    return "\n".join(lines)


def failures(report: SuiteReport, limit: int | None = None) -> list[str]:
    """One line per failed case, for iterating on rules."""
    out = []
    for r in report.results:
        if r.passed:
            continue
        exp = r.expected or {}
        want = exp.get("value") or (exp.get("start"), exp.get("end")) if r.kind == "date" else (exp.get("amount"), exp.get("currency"))
        got = [(m["text"], m.get("value") or (m.get("amount"), m.get("currency"))) for m in r.found]
        out.append(f"{r.id} [{r.grain}] {r.text!r} span={exp.get('span')!r} want={want} got={got} ({r.reason})")
    return out[:limit] if limit else out


if __name__ == "__main__":  # pragma: no cover
    import sys

    rep = run_suite(Path(sys.argv[1]), prefer=sys.argv[2] if len(sys.argv) > 2 else "future")
    print(format_report(rep))

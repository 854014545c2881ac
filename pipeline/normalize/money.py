"""French MONEY tagger and normalizer (pure Python, no spaCy).

`find_money(text)` finds amounts of money in French press text and normalizes
them (amount in units, ISO 4217 currency, qualifier, range maximum, conversion
links).  Span rules follow DESIGN.md: the span is number + currency, without
qualifier words ("plus de", "environ" ...) and without the range opener
("entre", "de"); a range ("4 et 4,6 milliards de dollars") is one span.

The word lists live in models/lexicon/currencies_fr.csv (currency surface forms
-> ISO code, family) and models/lexicon/money_fr.json (qualifiers, scales,
number words, context cues).  They are read once at import and compiled into a
few regular expressions, so tagging an article costs a handful of regex scans.

Representation choices (documented because the suites differ):
- sub-units are converted into their parent currency: "34 cents" -> 0.34 USD,
  "15 dollars et 15 cents" -> 15.15 USD, "470 pence" -> 4.70 GBP, so every
  `currency` is an ISO 4217 code.  `as_expressed(match)` gives back the
  amount as written and the sub-unit name ((34.0, 'CENT')) for suites that
  score sub-units separately.
- ambiguous currency words take, in order: the code of an earlier explicit
  mention of the same family in the same text ("dinars libyens" ... "dinars"),
  else the code whose country cue words are most frequent in the text (Libye ->
  LYD, Égypte -> EGP ...; never for dollars), else the lexicon default
  (dollar/$ -> USD, livre/£ -> GBP, dinar -> DZD, franc -> CHF, franc CFA -> XOF,
  riyal -> SAR, dirham -> MAD, roupie -> INR, cents -> the currency of the
  previous mention, else USD; centimes -> previous mention, else EUR).
- `money_norm` writes "4000000000 USD" (decimals kept when not whole); a range
  normalizes to its lower bound, like the gold files, `amount_max` holding the top.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from text_to_num import text2num

from pipeline.text import fold

__all__ = [
    "MoneyMatch",
    "find_money",
    "parse_money",
    "money_norm",
    "as_expressed",
    "currency_family",
]



@dataclass(frozen=True)
class MoneyMatch:
    start: int
    end: int
    text: str  # char offsets into text, end exclusive
    amount: float | None  # in units: "4 milliards" -> 4000000000.0
    amount_max: float | None  # ranges: "entre 4 et 4,6 milliards de dollars" -> 4.6e9
    currency: str  # ISO 4217
    qualifier: str  # '' | 'more_than' | 'less_than' | 'about'
    linked_to: int | None = None  # index in the returned list of the amount this one converts


@dataclass(frozen=True)
class _Unit:
    """One row of currencies_fr.csv."""

    surface: str
    code: str
    family: str
    ambiguous: bool
    subunit: str
    factor: float
    case_sensitive: bool
    position: str
    pattern: re.Pattern

    @property
    def symbolic(self) -> bool:
        """Symbols and codes ($, €, USD, DA) can follow an abbreviated scale ("4 M€")."""
        return self.case_sensitive or any(not (c.isalpha() or c in " '’-()") for c in self.surface)


# ---------------------------------------------------------------------------
# Lexicon loading and regex construction (once, at import)
# ---------------------------------------------------------------------------

_SP = r"[^\S\n]"  # any space but a newline (incl. U+00A0, U+202F)
_WS0 = rf"(?:{_SP}*(?:\n{_SP}*)?)"  # optional spaces, at most one line break (unambiguous: no backtracking)
_WS1 = rf"(?:{_SP}+(?:\n{_SP}*)?|\n{_SP}*)"  # at least one space
_ACCENTS = {
    "e": "[eéèêë]", "é": "[eéèêë]", "è": "[eéèêë]", "ê": "[eéèêë]",
    "i": "[iïî]", "ï": "[iïî]", "o": "[oô]", "ô": "[oô]", "a": "[aàâ]", "à": "[aàâ]",
}


def _surface_regex(surface: str) -> str:
    """Mini-syntax of the lexicon: '(x)' optional, space = any spaces, accents optional."""
    out: list[str] = []
    i = 0
    while i < len(surface):
        ch = surface[i]
        if ch == "(" and ")" in surface[i:]:
            j = surface.index(")", i)
            out.append(f"(?:{_surface_regex(surface[i + 1:j])})?")
            i = j + 1
            continue
        if ch == " ":
            out.append(_WS0 if (i > 0 and not surface[i - 1].isalnum()) or
                       (i + 1 < len(surface) and not surface[i + 1].isalnum()) else _WS1)
        elif ch in "'’":
            out.append(r"['’]\s*")
        elif ch == "-":
            out.append(r"[-\s]?")
        elif ch.lower() in _ACCENTS:
            out.append(_ACCENTS[ch.lower()] if ch.islower() else _ACCENTS[ch.lower()].upper())
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


def _unit_regex(surface: str, case_sensitive: bool, glued: bool = False) -> str:
    """glued=True: the unit may stick to a preceding scale abbreviation ("200 MUSD")."""
    body = _surface_regex(surface)
    if surface[-1].isalpha() or surface[-1] == ")":
        body += r"(?![\w'’])"
    if surface[0].isalpha() and not glued:
        body = r"(?<![\w])" + body
    return f"(?-i:{body})" if case_sensitive else body


def _phrase_regex(phrase: str) -> str:
    """Qualifier / joiner phrase: spaces flexible, apostrophes either kind, word edges."""
    parts = []
    for ch in phrase:
        if ch == " ":
            parts.append(_WS1)
        elif ch in "'’":
            parts.append(r"['’]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if phrase[-1].isalpha():
        body += r"(?![\w])"
    return body


def _fold(s: str) -> str:
    """Lookup key of a matched word or phrase ('Milliards', 'près  de'): pipeline.text.fold, spaces collapsed."""
    return " ".join(fold(s).split())


@dataclass(frozen=True)
class MoneyLexicon:
    """Everything compiled from money_fr.json and currencies_fr.csv; built once, passed to every call."""

    units: tuple[_Unit, ...]
    families: dict[str, str]
    qualifiers: dict[str, str]  # folded phrase -> qualifier
    scales: dict[str, float]  # folded word -> factor
    abbreviations: dict[str, float]  # case-sensitive abbreviation -> factor
    cues: dict[str, re.Pattern]
    candidates: dict[str, tuple[str, ...]]
    feminine: tuple[str, ...]
    main_re: re.Pattern
    before_re: re.Pattern
    qual_re: re.Pattern
    range_re: re.Pattern
    subext_re: re.Pattern
    link_re: re.Pattern
    subunit_only_re: re.Pattern
    one_follow_re: re.Pattern
    pound_explicit_re: re.Pattern


LEXICON_FILES = ("money_fr.json", "currencies_fr.csv")


def load_money_lexicon(folder: Path | str) -> MoneyLexicon:
    """The money lexicon of a folder holding money_fr.json and currencies_fr.csv (models/lexicon, or a
    pipeline directory written by the press_money component)."""
    folder = Path(folder)
    cfg = json.loads((folder / "money_fr.json").read_text(encoding="utf-8"))
    with (folder / "currencies_fr.csv").open(encoding="utf-8") as fh:
        return compile_money_lexicon(cfg, list(fh))


@lru_cache(maxsize=1)
def default_money_lexicon() -> MoneyLexicon:
    """The lexicon under models/, for callers outside a pipeline (tests, peer suites)."""
    from pipeline.paths import MODELS_DIR
    return load_money_lexicon(MODELS_DIR / "lexicon")


def compile_money_lexicon(cfg: dict, csv_lines: list[str]) -> MoneyLexicon:
    """Compile the parsed money_fr.json and the lines of currencies_fr.csv (comments allowed)."""
    rows = [line for line in csv_lines if line.strip() and not line.startswith("#")]
    units: list[_Unit] = []
    for row in csv.DictReader(rows):
        surface = row["surface"].strip()
        cs = row["case"].strip() == "cs"
        units.append(_Unit(
            surface=surface, code=row["code"].strip(), family=row["family"].strip(),
            ambiguous=row["ambiguous"].strip() == "1", subunit=row["subunit"].strip(),
            factor=float(row["factor"] or 1), case_sensitive=cs, position=row["position"].strip(),
            pattern=re.compile(_unit_regex(surface, cs), re.IGNORECASE),
        ))
    # longest surfaces first so "dollars canadiens" wins over "dollars", "$ CA" over "$"
    units.sort(key=lambda u: -len(u.surface.replace("(", "").replace(")", "")))
    families: dict[str, str] = {}
    for u in units:
        if not u.subunit and u.family not in ("CENT", "CENTIME"):
            families.setdefault(u.code, u.family)

    after_units = [u for u in units if u.position in ("after", "both")]
    after = "|".join(_unit_regex(u.surface, u.case_sensitive) for u in after_units)
    after_first = re.escape("".join(sorted({c for u in after_units for c in {
        u.surface[0], u.surface[0].lower(), u.surface[0].upper(),
        *(_ACCENTS.get(u.surface[0].lower(), "")[1:-1])}})))
    symbolic = "|".join(_unit_regex(u.surface, u.case_sensitive, glued=True) for u in units
                        if u.position in ("after", "both") and u.symbolic)
    before = "|".join(_unit_regex(u.surface, u.case_sensitive) for u in units if u.position in ("before", "both"))

    scales = {_fold(k): float(v) for k, v in cfg["scales"]["words"].items()}
    abbreviations = {k: float(v) for k, v in cfg["scales"]["abbreviations_before_symbol"].items()}
    scale_alt = "|".join(re.escape(w) for w in sorted(scales, key=len, reverse=True))
    abbr_alt = "|".join(re.escape(w) for w in sorted(abbreviations, key=len, reverse=True))
    half_alt = "|".join(_phrase_regex(p) for p in cfg["half"])

    words = sorted(cfg["number_words"], key=len, reverse=True)
    word_alt = "|".join(_surface_regex(w) for w in words)
    w1 = rf"(?:{word_alt})(?![\w])"
    # bounded repetition: no catastrophic backtracking on runs like "un un un ..."
    word_num = (rf"(?<![\w-])(?:{w1})(?:(?:(?:-|{_SP})+|[-\s]+et[-\s]+(?=(?:un|une|onze)\b))(?:{w1})){{0,12}}")
    digits = (r"(?<![\w.,])(?:\d{1,3}(?:(?:[ \u00a0\u202f\u2009.]|['’])\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?![\d])")
    number = rf"(?:{digits}|{word_num})"
    first_letters = "".join(sorted({c for w in words for c in (w[0], w[0].upper())}))
    scale = rf"(?:{scale_alt})(?![\w])"
    amount = rf"(?:{number})(?:{_WS0}(?:{scale})(?:{_WS1}(?:{half_alt}))?)?"

    def named_amount(p: str) -> str:
        # "1 milliard 200 millions": a second, smaller number + scale is added to the first
        return (rf"(?P<{p}num>{number})(?:{_WS0}(?P<{p}scale>{scale})"
                rf"(?:{_WS1}(?P<{p}half>{half_alt})|{_WS1}(?:et{_WS1})?(?P<{p}num2>{number}){_WS0}(?P<{p}scale2>{scale}))?)?")

    main = (
        rf"(?<![\w])(?=[\d{first_letters}]){named_amount('a')}"
        rf"(?:{_WS0}(?P<abbr>(?-i:{abbr_alt})){_WS0}(?P<symcur>{symbolic})"
        rf"|(?P<de>{_WS1}(?:de|d['’]){_WS0}|{_WS0})(?=[{after_first}])(?P<cur>{after}))"
    )
    # cheap guards first: a unit before the number is short, has no space, and is followed by a digit
    before_pat = rf"(?<![\w])(?=\S{{1,5}}{_SP}*\d)(?P<bcur>{before}){_WS0}{named_amount('b')}"

    qual_map: dict[str, str] = {}
    for q, phrases in cfg["qualifiers"].items():
        for p in phrases:
            qual_map[_fold(p)] = q
    qual_alt = "|".join(_phrase_regex(p) for p in sorted(
        (p for ps in cfg["qualifiers"].values() for p in ps), key=len, reverse=True))
    qual_re = rf"(?:^|(?<=[\s(,;:'’\"«]))(?P<q>{qual_alt}){_WS0}$"

    rg = cfg["range"]
    opens = "|".join(_phrase_regex(p) for p in rg["open_between"])
    froms = "|".join(_phrase_regex(p) for p in rg["from"])
    range_pat = (
        rf"(?:(?<![\w])(?P<open>{opens}){_WS1}|(?<![\w])(?P<from>{froms}){_WS0})?"
        rf"{named_amount('r')}{_WS0}(?P<join>et|à|-|–|—)(?![\w]){_WS0}$"
    )
    sub_units = "|".join(_unit_regex(u.surface, u.case_sensitive) for u in units
                         if u.subunit and u.family in ("CENT", "CENTIME"))
    sub_num = rf"\d{{1,2}}(?![\d.,]\d)|{word_num}"
    subext = (rf"(?:{_WS1}et)?{_WS1}(?:(?P<sub>{sub_num}){_WS1}(?P<subcur>{sub_units})"
              rf"|(?P<subbare>{sub_num})(?=\s*(?:[.,;:!?)\]]|$)))")
    conv = cfg["conversion_openers"]
    openers = "|".join(_phrase_regex(p) for p in sorted(conv["openers"], key=len, reverse=True))
    direct = "|".join(_phrase_regex(p) for p in sorted(conv["direct_only"], key=len, reverse=True))
    link_pat = (rf"^\s*(?:[(\[]\s*(?:{openers})?|(?:{direct})"
                rf"|(?:[^.;:!?()\[\]\n]{{0,40}}?)?,?\s*(?:{openers}))\s*$")
    all_sub = "|".join(_unit_regex(u.surface, u.case_sensitive) for u in units if u.subunit)
    subunit_only = rf"{amount}{_WS0}(?:de{_WS1}|d['’])?(?:{all_sub})"

    cues: dict[str, re.Pattern] = {}  # one scan per family; the named group says which code
    for fam, table in cfg["context_cues"].items():
        if fam.startswith("_"):
            continue
        alts = "|".join(f"(?P<{code}>" + "|".join(_surface_regex(w) for w in ws) + ")" for code, ws in table.items())
        cues[fam] = re.compile(rf"(?<![\w])(?:{alts})(?![\w])", re.IGNORECASE)
    candidates = {k: tuple(v) for k, v in cfg["resolution_candidates"].items() if not k.startswith("_")}
    one_follow = r"\s*(?:[.,;:!?)\]]|$|par\b|pour\b|de\b|d['’]|et\b|symbolique)"
    flags = re.IGNORECASE
    return MoneyLexicon(
        units=tuple(units), families=families, qualifiers=qual_map, scales=scales,
        abbreviations=abbreviations, cues=cues, candidates=candidates,
        feminine=tuple(_fold(w) for w in cfg["feminine_units"]),
        main_re=re.compile(main, flags), before_re=re.compile(before_pat, flags),
        qual_re=re.compile(qual_re, flags), range_re=re.compile(range_pat, flags),
        subext_re=re.compile(subext, flags), link_re=re.compile(link_pat, flags),
        subunit_only_re=re.compile(subunit_only, flags), one_follow_re=re.compile(one_follow, flags),
        pound_explicit_re=re.compile("|".join(_unit_regex(u.surface, u.case_sensitive) for u in units
                                              if u.family == "POUND" and not u.ambiguous and not u.subunit
                                              and len(u.surface) > 3), flags),
    )


# ---------------------------------------------------------------------------
# Number parsing
# ---------------------------------------------------------------------------


def _parse_number(raw: str) -> float | None:
    """French digits ("4 000", "4.000.000", "1 234,56", "4,5") or spelled-out words."""
    s = raw.strip()
    if s[0].isdigit():
        s = re.sub(r"[ \u00a0\u202f\u2009'’]", "", s)
        if "," in s:
            whole, frac = s.split(",", 1)
            return float(whole.replace(".", "") + "." + frac)
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", s):
            return float(s.replace(".", ""))
        return float(s)
    words = re.sub(r"\s+", " ", s.lower())
    try:
        return float(text2num(words, "fr"))
    except ValueError:
        return None


def _amount(lex: MoneyLexicon, m: re.Match, p: str) -> tuple[float | None, float]:
    """Value of the named amount groups with prefix p, and the scale factor of its head."""
    value = _parse_number(m.group(p + "num"))
    if value is None:
        return None, 1.0
    scale = m.group(p + "scale")
    factor = lex.scales.get(_fold(scale), 1.0) if scale else 1.0
    if m.group(p + "half"):
        value += 0.5
    total = value * factor
    if m.group(p + "num2"):
        extra = _parse_number(m.group(p + "num2"))
        factor2 = lex.scales.get(_fold(m.group(p + "scale2")), 1.0)
        if extra is None or factor2 >= factor:
            return None, factor
        total += extra * factor2
    return total, factor


# ---------------------------------------------------------------------------
# Tagging
# ---------------------------------------------------------------------------


@dataclass
class _Cand:
    start: int
    end: int
    amount: float
    amount_max: float | None
    unit: _Unit
    factor: float  # scale of the amount (for ranges whose first number has none)
    spelled_one: bool
    pre_start: int = -1  # start of qualifier / range opener, for conversion links
    qualifier: str = ""
    currency: str = ""


def _unit_for(lex: MoneyLexicon, text: str) -> _Unit | None:
    for u in lex.units:
        if u.pattern.fullmatch(text):
            return u
    return None


def _main_cand(lex: MoneyLexicon, text: str, m: re.Match) -> _Cand | None:
    """Candidate for 'number [scale] currency', or None when a guard rejects it."""
    cur = m.group("cur") or m.group("symcur")
    unit = _unit_for(lex, cur.strip())
    if unit is None or unit.position == "before":
        return None
    value, factor = _amount(lex, m, "a")
    if value is None:
        if m.group("anum2"):  # "500 millions et 1 milliard de dollars": not a compound, retry on the 2nd
            m2 = lex.main_re.match(text, m.start("anum2"))
            return _main_cand(lex, text, m2) if m2 else None
        return None
    if m.group("de") and m.group("de").strip() and not m.group("ascale") and (value < 1e6 or value % 1e6):
        return None  # "de dollars" only after a scale: "4 millions de", "4 000 000 de dollars"
    if m.group("abbr"):
        factor = lex.abbreviations[m.group("abbr")]
        value *= factor
    spelled = not m.group("anum")[0].isdigit()
    if spelled and unit.subunit and unit.family in ("CENT", "CENTIME"):
        return None  # "deux cents" is a number, not 2 cents
    if spelled and _fold(m.group("anum")) in ("un", "une"):
        if _fold(m.group("anum")) == "un" and _fold(cur).startswith(lex.feminine):
            return None  # "un livre" is a book
        if unit.ambiguous and not m.group("ascale") and not lex.one_follow_re.match(text, m.end()):
            return None  # "un franc succès"
    if (unit.ambiguous and unit.surface.startswith("livre") and not m.group("ascale")
            and value.is_integer() and not lex.pound_explicit_re.search(text)):
        return None  # "3 livres" are books unless a scale, decimals or an explicit pound currency make it money
    cand = _Cand(m.start(), m.end(), value * unit.factor, None, unit, factor, spelled)
    if not m.group("ascale") and not m.group("abbr") and not unit.subunit and unit.surface[0].isalpha():
        ext = lex.subext_re.match(text, m.end())
        if ext:
            sub = _parse_number(ext.group("sub") or ext.group("subbare"))
            if sub is not None and 0 < sub < 100:
                cand.amount = value + sub / 100
                cand.end = ext.end("subcur") if ext.group("subcur") else ext.end("subbare")
    return cand


def _candidates(lex: MoneyLexicon, text: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in lex.main_re.finditer(text):
        cand = _main_cand(lex, text, m)
        if cand is not None:
            out.append(cand)
    for m in lex.before_re.finditer(text):
        unit = _unit_for(lex, m.group("bcur").strip())
        if unit is None or unit.position == "after":
            continue
        value, factor = _amount(lex, m, "b")
        if value is None or not m.group("bnum")[0].isdigit():
            continue
        out.append(_Cand(m.start(), m.end(), value * unit.factor, None, unit, factor, False))
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Cand] = []
    for c in out:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept


_BARE_SCALED = re.compile(
    r"(?<![\w,.])(?P<num>\d{1,3}(?:[.,]\d{1,3})?)\s+(?P<scale>millions?|milliards?)(?![\w])(?!\s*(?:de|d['’]|d’))")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")


def _with_implicit_currency(lex: MoneyLexicon, text: str, cands: list[_Cand]) -> list[_Cand]:
    """'15 milliards de dollars ..., contre environ 10 milliards aujourd'hui': the second amount, later in
    the same sentence with a scale word but no unit, is in the currency just named."""
    if not cands:
        return cands
    extra: list[_Cand] = []
    for c in cands:
        stop = _SENTENCE_END.search(text, c.end)
        limit = stop.start() if stop else len(text)
        for m in _BARE_SCALED.finditer(text, c.end, limit):
            if any(o.start < m.end() and m.start() < o.end for o in cands + extra):
                continue
            factor = lex.scales.get(_fold(m.group("scale")))
            if not factor:
                continue
            value = float(m.group("num").replace(",", ".")) * factor
            extra.append(_Cand(m.start(), m.end(), value * c.unit.factor, None, c.unit, factor, False))
    return sorted(cands + extra, key=lambda c: c.start) if extra else cands


def _apply_range(lex: MoneyLexicon, text: str, cand: _Cand) -> None:
    """'entre 4 et 4,6 milliards', 'de 3 à 5 millions', '3-5 millions': one span."""
    lo = max(0, cand.start - 80)
    m = lex.range_re.search(text, lo, cand.start)
    if not m:
        return
    join = m.group("join")
    if join == "et" and not m.group("open"):
        return
    if join in ("-", "–", "—") and m.group("open"):
        return
    if join == "à" and m.group("open"):
        return
    value, factor = _amount(lex, m, "r")
    if value is None:
        return
    if not m.group("rscale"):
        value *= cand.factor
    value *= cand.unit.factor
    if value > cand.amount:
        return
    cand.amount_max = cand.amount
    cand.amount = value
    cand.start = m.start("rnum")
    cand.pre_start = m.start()


def _apply_qualifier(lex: MoneyLexicon, text: str, cand: _Cand) -> None:
    anchor = cand.pre_start if cand.pre_start >= 0 else cand.start
    m = lex.qual_re.search(text, max(0, anchor - 40), anchor)
    if m:
        cand.qualifier = lex.qualifiers.get(_fold(m.group("q")), "")
        cand.pre_start = m.start("q")
    elif cand.pre_start < 0:
        cand.pre_start = cand.start


def _merge_ranges(text: str, cands: list[_Cand]) -> list[_Cand]:
    """'entre 3 millions de dollars et 5 millions de dollars' -> one range."""
    out: list[_Cand] = []
    for c in cands:
        if out and out[-1].amount_max is None and c.amount_max is None and out[-1].unit.code == c.unit.code:
            prev = out[-1]
            gap = text[prev.end:c.start].strip().lower()
            before = text[max(0, prev.start - 8):prev.start].lower()
            if ((gap == "et" and re.search(r"entre\s+$", before)) or
                    (gap == "à" and re.search(r"(?<![\w])(?:de|d['’])\s*$", before))) and prev.amount <= c.amount:
                prev.amount_max = c.amount
                prev.end = c.end
                continue
        out.append(c)
    return out


def _resolve_currency(lex: MoneyLexicon, text: str, cands: list[_Cand]) -> None:
    """Ambiguous units: earlier explicit same-family mention, else country cues, else default."""
    cue_cache: dict[str, str | None] = {}
    for i, c in enumerate(cands):
        u = c.unit
        if not u.ambiguous:
            c.currency = u.code
            continue
        if u.family in ("CENT", "CENTIME"):
            c.currency = cands[i - 1].currency if i > 0 else u.code
            continue
        allowed = lex.candidates.get(u.code)
        earlier = [p.currency for p in cands[:i] if p.unit.family == u.family and not p.unit.ambiguous
                   and (allowed is None or p.currency in allowed)]
        if earlier:
            c.currency = earlier[-1]
            continue
        if u.family in lex.cues:
            key = u.family + ":" + ",".join(allowed or ())
            if key not in cue_cache:
                counts = Counter(m.lastgroup for m in lex.cues[u.family].finditer(text)
                                 if allowed is None or m.lastgroup in allowed)
                best = counts.most_common(2)
                cue_cache[key] = best[0][0] if best and best[0][1] > 0 and (
                    len(best) < 2 or best[0][1] > best[1][1]) else None
            if cue_cache[key]:
                c.currency = cue_cache[key]
                continue
        c.currency = u.code


def find_money(text: str, lexicon: MoneyLexicon | None = None) -> list[MoneyMatch]:
    """All MONEY mentions of `text`, in order, normalized and linked."""
    if not text:
        return []
    lex = lexicon or default_money_lexicon()
    cands = _candidates(lex, text)
    cands = _with_implicit_currency(lex, text, cands)
    for c in cands:
        _apply_range(lex, text, c)
    cands = _merge_ranges(text, cands)
    for c in cands:
        _apply_qualifier(lex, text, c)
    _resolve_currency(lex, text, cands)
    # a number beyond what a float holds ("1111…1111 euros", 400 digits) is no amount: not a mention
    cands = [c for c in cands if all(x is None or math.isfinite(x) for x in (c.amount, c.amount_max))]
    out: list[MoneyMatch] = []
    for i, c in enumerate(cands):
        link = None
        if i > 0:
            prev = cands[i - 1]
            if prev.currency != c.currency and lex.link_re.match(text[prev.end:c.pre_start]):
                link = i - 1 if out[i - 1].linked_to is None else out[i - 1].linked_to
        out.append(MoneyMatch(c.start, c.end, text[c.start:c.end], _clean(c.amount),
                              _clean(c.amount_max), c.currency, c.qualifier, link))
    return out


def _clean(x: float | None) -> float | None:
    """Remove float noise (1.2 * 1e9 = 1199999999.9999998)."""
    if x is None:
        return None
    return float(round(x, 6))


def parse_money(expression: str, lexicon: MoneyLexicon | None = None) -> MoneyMatch | None:
    """Normalize one isolated expression ("plus de 3 milliards d'euros"); None if no amount."""
    found = find_money(expression, lexicon)
    if not found:
        return None
    return max(found, key=lambda m: m.end - m.start)


def _fmt(x: float) -> str:
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.6f}".rstrip("0").rstrip(".")


def money_norm(match: MoneyMatch) -> str:
    """'4000000000 USD'; '' without an amount.

    A range normalizes to its lower bound (as the gold files do); its upper bound
    travels in the `amount_max` column, the qualifier in `qualifier`.
    """
    if match.amount is None:
        return ""
    return f"{_fmt(match.amount)} {match.currency}"


def as_expressed(match: MoneyMatch, lexicon: MoneyLexicon | None = None) -> tuple[float | None, str]:
    """Amount and unit as written: (34.0, 'CENT') for "34 cents", else (amount, currency).

    Suites such as Recognizers-Text score sub-units on their own; the pipeline
    itself always reports the parent currency.
    """
    lex = lexicon or default_money_lexicon()
    m = lex.subunit_only_re.fullmatch(match.text)
    if m and match.amount is not None:
        for u in lex.units:
            if u.subunit and u.pattern.search(match.text):
                return _clean(match.amount / u.factor), u.subunit
    return match.amount, match.currency


def currency_family(code: str, lexicon: MoneyLexicon | None = None) -> str:
    """Family of an ISO code (USD -> DOLLAR, EGP -> POUND, XOF -> FRANC, LYD -> DINAR)."""
    return (lexicon or default_money_lexicon()).families.get(code, code)

"""People and organisation names -> canonical name and stable entity id.

Pure functions over the hand-made gazetteers models/gazetteers/people.csv and organisations.csv (loaded once).
Transliterations of one person ("Choïgou", "Shoigu") fold to one gazetteer entry, hence one id; acronyms and
full names of an organisation ("ANL", "l'Armée nationale libyenne") likewise. Unknown names still get a
stable id: a slug of the folded name.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path


from pipeline.paths import MODELS_DIR
from pipeline.text import ascii_key

GAZETTEERS = MODELS_DIR / "gazetteers"

# Arabic article/particles written as separate words or with a hyphen ("al-Sarraj", "el Sissi", "Es-Sider").
PARTICLES = frozenset({"al", "el", "ad", "ed", "ag", "ar", "as", "ash", "at", "az", "ech", "es", "er"})
_APOS = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u02bb`\u00b4\u2032"})
_DASH = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_LEADING_ARTICLE = re.compile(r"^(?:l'|d'|le\s+|la\s+|les\s+|au\s+|aux\s+|du\s+|des\s+)", re.IGNORECASE)
_HONORIFIC = re.compile(r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Dr\.?|Me)\s+")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Za-z0-9+\-]{1,5}$")


@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Comparison key for names: lowercase, no accents, one space between words, Arabic particles dropped.

    "Fayez al-Sarraj", "Fayez el Sarraj" and "FAYEZ SARRAJ" all give "fayez sarraj"; "bin"/"ibn" become "ben".
    Apostrophes inside a word vanish ("N'Djamena" = "Ndjamena"). Not for display.
    """
    s = unicodedata.normalize("NFKC", name).translate(_APOS).translate(_DASH)
    s = ascii_key(s, keep="+", join_apostrophes=True)
    words = [w for w in s.split() if w not in PARTICLES]
    words = ["ben" if w in ("bin", "ibn") else w for w in words]
    return " ".join(words)


def strip_article(surface: str) -> str:
    """Drop one leading French article or contraction: "l'ANL" -> "ANL", "au Caire" -> "Caire"."""
    s = " ".join(unicodedata.normalize("NFKC", surface).translate(_APOS).split())
    return _LEADING_ARTICLE.sub("", s, count=1)


@lru_cache(maxsize=1 << 16)
def translit_key(folded: str) -> str:
    """Looser key than fold(), for French/English transliteration pairs not listed in the gazetteer.

    "shoigu"/"choigou", "yevkurov"/"ievkourov", "haftar"/"hefter" meet here. Only used as a fallback when it
    selects a single entry.
    """
    s = folded
    for a, b in (("sch", "ch"), ("sh", "ch"), ("zh", "j"), ("dj", "j"), ("kh", "k"), ("gh", "g"), ("ph", "f"),
                 ("th", "t"), ("dh", "d"), ("q", "k"), ("ck", "k"), ("ou", "u"), ("y", "i"), ("w", "u")):
        s = s.replace(a, b)
    s = re.sub(r"gu(?=[ei])", "g", s)
    s = re.sub(r"(?<=[a-z])h", "", s)            # silent/ornamental h after a letter
    s = re.sub(r"([a-z])\1+", r"\1", s)          # doubled letters
    s = re.sub(r"[aeiou]+", "a", s)              # vowels carry little in transliterations
    s = re.sub(r"(?<=[a-z]{3})a\b", "", s)       # final vowel (Prigojine/Prigozhin, Dbeiba/Dbeibah)
    return s


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "x"


@dataclass(frozen=True)
class GazetteerEntry:
    """One known person or organisation."""

    id: str
    canonical: str
    label: str                      # PER or ORG
    variants: tuple[str, ...] = ()
    country: str = ""
    note: str = field(default="", compare=False)   # role hint (people) or kind (organisations)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.canonical, *self.variants)


def read_hand_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a hand-made CSV whose '#' lines are comments."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.lstrip().startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def _variants(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


@cache
def people() -> tuple[GazetteerEntry, ...]:
    rows = read_hand_csv(GAZETTEERS / "people.csv")
    return tuple(GazetteerEntry(r["id"], r["canonical"], "PER", _variants(r["variants"]), r["country"], r["role"])
                 for r in rows)


@cache
def organisations() -> tuple[GazetteerEntry, ...]:
    rows = read_hand_csv(GAZETTEERS / "organisations.csv")
    return tuple(GazetteerEntry(r["id"], r["canonical"], "ORG", _variants(r["variants"]), r["country"], r["kind"])
                 for r in rows)


class _Index:
    """key -> entries, canonical names before variants so a canonical form wins a collision."""

    def __init__(self, entries: tuple[GazetteerEntry, ...], keyf) -> None:
        self.keyf = keyf
        self.map: dict[str, list[GazetteerEntry]] = {}
        self.loose: dict[str, list[GazetteerEntry]] = {}
        for canonical_first in (True, False):
            for e in entries:
                names = (e.canonical,) if canonical_first else e.variants
                for n in names:
                    k = keyf(n)
                    if k:
                        self._add(self.map, k, e)
                        self._add(self.loose, translit_key(k), e)

    @staticmethod
    def _add(m: dict[str, list[GazetteerEntry]], k: str, e: GazetteerEntry) -> None:
        lst = m.setdefault(k, [])
        if e not in lst:
            lst.append(e)

    def get(self, surface: str) -> GazetteerEntry | None:
        k = self.keyf(surface)
        if not k:
            return None
        hits = self.map.get(k)
        if hits:
            return hits[0] if len(hits) == 1 or self._is_canonical(hits[0], k) else None
        lk = translit_key(k)
        if len(lk.replace(" ", "")) < 5:  # short keys collide by chance ("Sassi" / "Sissi")
            return None
        loose = self.loose.get(lk, [])
        return loose[0] if len(loose) == 1 else None

    def _is_canonical(self, e: GazetteerEntry, k: str) -> bool:
        return self.keyf(e.canonical) == k


def _person_key(s: str) -> str:
    return fold(_HONORIFIC.sub("", s.strip()))


def _org_key(s: str) -> str:
    return fold(strip_article(s))


@cache
def _person_index() -> _Index:
    return _Index(people(), _person_key)


@cache
def _org_index() -> _Index:
    return _Index(organisations(), _org_key)


@cache
def _org_acronyms() -> dict[str, GazetteerEntry]:
    """Exact-case acronyms ("EI", "UA"): checked first so case carries meaning when it can."""
    out: dict[str, GazetteerEntry] = {}
    for e in organisations():
        for n in e.names:
            if _ACRONYM.match(n) and n.upper() == n and n not in out:
                out[n] = e
    return out


@lru_cache(maxsize=1 << 14)
def lookup_person(surface: str) -> GazetteerEntry | None:
    """The gazetteer person a surface form names ("Serguei Shoigu", "M. Choïgou"), None if unknown/ambiguous."""
    return _person_index().get(surface)


@lru_cache(maxsize=1 << 14)
def lookup_org(surface: str) -> GazetteerEntry | None:
    """The gazetteer organisation of an acronym or any name variant ("l'ANL", "FAAL", "Nations unies")."""
    bare = strip_article(surface).strip()
    hit = _org_acronyms().get(bare)
    return hit if hit is not None else _org_index().get(surface)


def _tokens_match(a: str, b: str) -> bool:
    return a == b or translit_key(a) == translit_key(b)


def _contains(full: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(all(_tokens_match(full[i + j], part[j]) for j in range(n)) for i in range(len(full) - n + 1))


def clean_name(surface: str) -> str:
    """The name without honorific ("M.", "Mme") and with one space between words."""
    return " ".join(_HONORIFIC.sub("", surface.strip().translate(_APOS)).split())


def canonical_person(surface: str, names_in_article: list[str]) -> str:
    """The person's full name as the article establishes it.

    "Haftar" with ["Khalifa Haftar", "Saddam Haftar", "Haftar", "Khalifa Haftar"] -> "Khalifa Haftar" (the
    fuller name containing the surface that is cited most, first introduced on a tie, except that a bare
    surname the gazetteer gives to one person goes to that person when the article names him); "Saddam" with
    "Saddam Haftar" in the article -> "Saddam Haftar". With no fuller name in the article, a partial name the
    gazetteer knows ("Poutine") gets the gazetteer's canonical name; a given name alone gets a gazetteer person
    whose family name the article cites ("Saddam" beside "Khalid Haftar"). Otherwise the surface, cleaned.
    """
    s = clean_name(surface)
    part = fold(s).split()
    if not part:
        return s
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    display: dict[str, str] = {}
    for i, n in enumerate(names_in_article):
        n_clean = clean_name(n)
        k = fold(n_clean)
        toks = k.split()
        if len(toks) > len(part) and _contains(toks, part):
            counts[k] += 1
            first.setdefault(k, i)
            display.setdefault(k, n_clean)
    if counts:
        # a bare surname the gazetteer gives to one person ("Haftar" = the marshal) keeps that person when the
        # article names him, even if a son is cited more often
        owner = lookup_person(s) if len(part) == 1 else None
        if owner is not None:
            for k in sorted(counts, key=lambda k: first[k]):
                if lookup_person(display[k]) == owner:
                    return _gazetteer_form(display[k])
        best = min(counts, key=lambda k: (-counts[k], first[k]))
        return _gazetteer_form(display[best])
    if len(part) > 1:
        return _gazetteer_form(s)
    entry = lookup_person(s)
    if entry is not None:
        return entry.canonical
    article_tokens = {t for n in names_in_article for t in fold(clean_name(n)).split()} - set(part)
    candidates = {e for token in part for e in _people_by_token().get(translit_key(token), ())}
    cands = [e for e in people() if e in candidates
             if any(len(fold(v).split()) > 1 and _contains(fold(v).split(), part)
                    and set(fold(v).split()) & article_tokens for v in e.names)]
    if len(cands) == 1:
        return cands[0].canonical
    return s


@cache
def _people_by_token() -> dict[str, tuple[GazetteerEntry, ...]]:
    """Loose key of each word of a multi-word name -> the people named so: a cheap first cut."""
    index: dict[str, list[GazetteerEntry]] = {}
    for e in people():
        for v in e.names:
            words = fold(v).split()
            if len(words) > 1:
                for w in words:
                    bucket = index.setdefault(translit_key(w), [])
                    if e not in bucket:
                        bucket.append(e)
    return {k: tuple(v) for k, v in index.items()}


def _gazetteer_form(full: str) -> str:
    """A full name as written -> the gazetteer's canonical spelling ("Serguei Shoigu" -> "Sergueï Choïgou"),
    unless the article's form is a fuller version of it ("Mohammed ben Zayed Al Nahyane" stays)."""
    entry = lookup_person(full)
    if entry is None:
        return full
    written, canon = fold(full).split(), fold(entry.canonical).split()
    if len(written) > len(canon) and _contains(written, canon):
        return full
    return entry.canonical


@lru_cache(maxsize=1 << 14)
def canonical_org(surface: str) -> str:
    """Full canonical name of an organisation ("ANL" -> "Armée nationale libyenne"), else the surface without
    its leading article."""
    e = lookup_org(surface)
    return e.canonical if e else strip_article(surface).strip()

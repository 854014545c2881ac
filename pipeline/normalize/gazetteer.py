"""The name and place gazetteers as one object, handed through the pipeline.

A `Gazetteer` holds the people, organisations and places of five files (GAZETTEER_FILES: people.csv,
organisations.csv, countries_fr.csv, places_domain.csv, cities.csv; models/tools/build_gazetteers.py
writes the generated ones), the indexes built over them, and answers every lookup with caches of its
own, so two gazetteers never share an answer:

- people and organisations -> canonical name and stable id. Transliterations of one person ("Choïgou",
  "Shoigu") fold to one entry, hence one id; acronyms and full names of an organisation ("ANL",
  "l'Armée nationale libyenne") likewise. Unknown names still get a stable id: a slug of the folded name.
- places -> canonical French name, ISO country code, coordinates. Matching is case-, accent-, hyphen- and
  article-insensitive: "au Caire", "Le Caire" and "caire" are one key. When a key names several places, a
  country beats a domain place, which beats a city with a French exonym, which beats the most populous
  other city ("Tripoli" is the Libyan capital, not the Lebanese port).

Who holds one: in a spaCy pipeline the `press_mentions` component owns it (read in `initialize` from the
folder its [initialize.components.press_mentions] block names, saved with `to_disk`, read back with
`from_disk`); the other components and the events extractor take that object from it
(pipeline.components.mentions.GazetteerLink). Callers outside a pipeline (tests, the cross-article
clustering, scripts) get `default_gazetteer()`, loaded once from pipeline.paths.MODELS_DIR / "gazetteers":
this function is the one place that knows the default folder. The module-level functions of names.py,
places.py and entities.py are that default's lookups, each with an optional `gazetteer=`.

The string keys (fold, strip_article, translit_key, place_key...) live here too, below every lookup, so
that names.py and places.py can offer the default's lookups without an import cycle.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from pipeline.paths import MODELS_DIR
from pipeline.text import ascii_key

GAZETTEER_FILES = ("people.csv", "organisations.csv", "countries_fr.csv", "places_domain.csv", "cities.csv")
KINDS = ("country", "city", "region", "site")

# Arabic article/particles written as separate words or with a hyphen ("al-Sarraj", "el Sissi", "Es-Sider").
PARTICLES = frozenset({"al", "el", "ad", "ed", "ag", "ar", "as", "ash", "at", "az", "ech", "es", "er"})
_APOS = str.maketrans({c: "'" for c in "\u2019\u2018\u02bc\u02bb`\u00b4\u2032"})
_DASH = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
_LEADING_ARTICLE = re.compile(r"^(?:l'|d'|le\s+|la\s+|les\s+|au\s+|aux\s+|du\s+|des\s+)", re.IGNORECASE)
_LOWER_ARTICLE = re.compile(r"^(?:l'|d'|le\s+|la\s+|les\s+|au\s+|aux\s+|du\s+|des\s+)")
_HONORIFIC = re.compile(r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Dr\.?|Me)\s+")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Za-z0-9+\-]{1,5}$")


# --- string keys (pure, shared by every gazetteer) ------------------------------------------------
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


def clean_name(surface: str) -> str:
    """The name without honorific ("M.", "Mme") and with one space between words."""
    return " ".join(_HONORIFIC.sub("", surface.strip().translate(_APOS)).split())


def surname_in_capitals(name: str) -> str:
    """"Komi Edem TCHALLA", "TCHALLA Komi Edem" -> "Komi Edem Tchalla": a press convention of West and Central
    Africa writes the surname in capitals, first or last; the norm writes it like the given names, last.
    A name all in capitals (a headline) or with no capitalised given name is left as it is."""
    words = re.sub(r"\s*-\s*", "-", name).split()
    caps = [i for i, w in enumerate(words) if len(w.replace("-", "")) >= 3 and w.replace("-", "").isalpha() and w.isupper()]
    given = [i for i, w in enumerate(words) if w[:1].isupper() and not w.isupper()]
    if len(caps) != 1 or not given or len(words) < 2:
        return name
    i = caps[0]
    surname = "-".join(part.capitalize() for part in words[i].split("-"))
    if i == 0:
        return " ".join(words[1:] + [surname])
    return " ".join(words[:i] + [surname] + words[i + 1:])


@lru_cache(maxsize=1 << 16)
def place_key(surface: str) -> str:
    """Comparison key: article/contraction dropped, then fold() ("aux États-Unis" -> "etats unis")."""
    return fold(strip_article(surface))


def _person_key(s: str) -> str:
    return fold(_HONORIFIC.sub("", s.strip()))


def _org_key(s: str) -> str:
    return fold(strip_article(s))


def _tokens_match(a: str, b: str) -> bool:
    return a == b or translit_key(a) == translit_key(b)


def _contains(full: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(all(_tokens_match(full[i + j], part[j]) for j in range(n)) for i in range(len(full) - n + 1))


# --- records ------------------------------------------------------------------------------------
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


@dataclass(frozen=True)
class Place:
    """A known place. lat/lon are None when the gazetteer has no coordinates (most countries)."""

    name: str
    country: str              # ISO 3166-1 alpha-2, "" for a region spanning countries
    lat: float | None
    lon: float | None
    kind: str                 # country | city | region | site
    geonameid: int | None = None
    id: str = ""


# --- reading the files --------------------------------------------------------------------------
def parse_hand_csv(text: str) -> list[dict[str, str]]:
    """Rows of a hand-made CSV (its text) whose '#' lines are comments."""
    lines = [ln for ln in io.StringIO(text, newline="") if ln.strip() and not ln.lstrip().startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def read_hand_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a hand-made CSV file whose '#' lines are comments."""
    return parse_hand_csv(Path(path).read_bytes().decode("utf-8"))


def _entry_variants(cell: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in cell.split("|") if v.strip())


def _place_variants(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def _float(x: str) -> float | None:
    try:
        return float(x)
    except (TypeError, ValueError):
        return None


def _place_index(countries: list[dict[str, str]], domain: list[dict[str, str]],
                 cities: list[dict[str, str]]) -> dict[str, Place]:
    """key -> best place for that key; sources are added in priority order, the first claim wins."""
    idx: dict[str, Place] = {}

    def add(names: list[str], place: Place) -> None:
        for n in names:
            k = place_key(n)
            if k and k not in idx:
                idx[k] = place

    def country(r: dict[str, str]) -> Place:
        return Place(r["name_fr"], r["code"], _float(r["lat"]), _float(r["lon"]), "country", None,
                     f"loc:country:{r['code'].lower()}")

    for r in countries:
        add([r["name_fr"]], country(r))
    for r in countries:  # variants after every canonical name
        add(_place_variants(r["variants"]), country(r))
    for r in domain:
        p = Place(r["name"], r["country"], _float(r["lat"]), _float(r["lon"]), r["kind"], None, r["id"])
        add([r["name"], *_place_variants(r["variants"])], p)
    # exonym cities first, then the others by population (the file is sorted by population already)
    for exonym_pass in ("1", "0"):
        for r in cities:
            if r["exonym"] != exonym_pass:
                continue
            gid = int(r["geonameid"])
            p = Place(r["name_fr"], r["country"], _float(r["lat"]), _float(r["lon"]), "city", gid, f"loc:geo:{gid}")
            add([r["name_fr"], r["name"], *_place_variants(r["variants"])], p)
    return idx


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


# --- the gazetteer ------------------------------------------------------------------------------
class Gazetteer:
    """People, organisations and places with every lookup over them.

    Built from the files' texts (`from_texts`, `load_gazetteer(folder)`); every index is built here, so a
    pipeline pays for it when it loads, not on its first article. The lookups named in CACHED are wrapped
    per object in an lru_cache at construction (the instance attribute shadows the method), so repeated
    surfaces cost a dict lookup and two gazetteers never answer from each other's cache.
    """

    CACHED = {"lookup_person": 1 << 14, "lookup_org": 1 << 14, "canonical_org": 1 << 14,
              "lookup_place": 1 << 14, "is_place_name": 1 << 14, "canonical_place": 1 << 14,
              "entity_id": 1 << 14}

    def __init__(self, people: tuple[GazetteerEntry, ...], organisations: tuple[GazetteerEntry, ...],
                 places: dict[str, Place], capitals: dict[str, str]) -> None:
        self.people = people
        self.organisations = organisations
        self.places = places        # place_key -> Place
        self.capitals = capitals    # ISO country code -> French name of its capital
        self._person_index = _Index(people, _person_key)
        self._org_index = _Index(organisations, _org_key)
        self._org_acronyms = self._acronyms(organisations)
        self._people_by_token = self._token_index(people)
        for name, size in self.CACHED.items():
            setattr(self, name, lru_cache(maxsize=size)(getattr(self, name)))

    @classmethod
    def from_texts(cls, texts: Mapping[str, str]) -> Gazetteer:
        """From the contents of GAZETTEER_FILES, by file name."""
        missing = [name for name in GAZETTEER_FILES if name not in texts]
        if missing:
            raise ValueError(f"gazetteer: no text given for {', '.join(missing)}")
        people = tuple(GazetteerEntry(r["id"], r["canonical"], "PER", _entry_variants(r["variants"]), r["country"],
                                      r["role"]) for r in parse_hand_csv(texts["people.csv"]))
        organisations = tuple(GazetteerEntry(r["id"], r["canonical"], "ORG", _entry_variants(r["variants"]),
                                             r["country"], r["kind"]) for r in parse_hand_csv(texts["organisations.csv"]))
        cities = list(csv.DictReader(io.StringIO(texts["cities.csv"], newline="")))
        places = _place_index(parse_hand_csv(texts["countries_fr.csv"]), parse_hand_csv(texts["places_domain.csv"]),
                              cities)
        capitals: dict[str, str] = {}
        for r in cities:  # GeoNames' capital flag
            if r["capital"] == "1":
                capitals.setdefault(r["country"], r["name_fr"])
        return cls(people, organisations, places, capitals)

    @staticmethod
    def _acronyms(organisations: tuple[GazetteerEntry, ...]) -> dict[str, GazetteerEntry]:
        """Exact-case acronyms ("EI", "UA"): checked first so case carries meaning when it can."""
        out: dict[str, GazetteerEntry] = {}
        for e in organisations:
            for n in e.names:
                if _ACRONYM.match(n) and n.upper() == n and n not in out:
                    out[n] = e
        return out

    @staticmethod
    def _token_index(people: tuple[GazetteerEntry, ...]) -> dict[str, tuple[GazetteerEntry, ...]]:
        """Loose key of each word of a multi-word name -> the people named so: a cheap first cut."""
        index: dict[str, list[GazetteerEntry]] = {}
        for e in people:
            for v in e.names:
                words = fold(v).split()
                if len(words) > 1:
                    for w in words:
                        bucket = index.setdefault(translit_key(w), [])
                        if e not in bucket:
                            bucket.append(e)
        return {k: tuple(v) for k, v in index.items()}

    # --- people and organisations ---------------------------------------------------------------
    def lookup_person(self, surface: str) -> GazetteerEntry | None:
        """The gazetteer person a surface form names ("Serguei Shoigu", "M. Choïgou"), None if unknown/ambiguous."""
        return self._person_index.get(surface)

    def lookup_org(self, surface: str) -> GazetteerEntry | None:
        """The gazetteer organisation of an acronym or any name variant ("l'ANL", "FAAL", "Nations unies")."""
        bare = strip_article(surface).strip()
        hit = self._org_acronyms.get(bare)
        return hit if hit is not None else self._org_index.get(surface)

    def canonical_org(self, surface: str) -> str:
        """Full canonical name of an organisation ("ANL" -> "Armée nationale libyenne"), else the surface without
        its leading article."""
        e = self.lookup_org(surface)
        return e.canonical if e else strip_article(surface).strip()

    def canonical_person(self, surface: str, names_in_article: list[str]) -> str:
        """The person's full name as the article establishes it.

        "Haftar" with ["Khalifa Haftar", "Saddam Haftar", "Haftar", "Khalifa Haftar"] -> "Khalifa Haftar" (the
        fuller name containing the surface that is cited most, first introduced on a tie, except that a bare
        surname the gazetteer gives to one person goes to that person when the article names him); "Saddam" with
        "Saddam Haftar" in the article -> "Saddam Haftar". With no fuller name in the article, a partial name the
        gazetteer knows ("Poutine") gets the gazetteer's canonical name; a given name alone gets a gazetteer person
        whose family name the article cites ("Saddam" beside "Khalid Haftar"). Otherwise the surface, cleaned.
        """
        s = surname_in_capitals(clean_name(surface))
        part = fold(s).split()
        if not part:
            return s
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        display: dict[str, str] = {}
        for i, n in enumerate(names_in_article):
            n_clean = surname_in_capitals(clean_name(n))
            k = fold(n_clean)
            toks = k.split()
            if len(toks) > len(part) and _contains(toks, part):
                counts[k] += 1
                first.setdefault(k, i)
                display.setdefault(k, n_clean)
        if counts:
            # a bare surname the gazetteer gives to one person ("Haftar" = the marshal) keeps that person when the
            # article names him, even if a son is cited more often
            owner = self.lookup_person(s) if len(part) == 1 else None
            if owner is not None:
                for k in sorted(counts, key=lambda k: first[k]):
                    if self.lookup_person(display[k]) == owner:
                        return self._gazetteer_form(display[k])
            best = min(counts, key=lambda k: (-counts[k], first[k]))
            return self._gazetteer_form(display[best])
        if len(part) > 1:
            return self._gazetteer_form(s)
        entry = self.lookup_person(s)
        if entry is not None:
            return entry.canonical
        article_tokens = {t for n in names_in_article for t in fold(clean_name(n)).split()} - set(part)
        candidates = {e for token in part for e in self._people_by_token.get(translit_key(token), ())}
        cands = [e for e in self.people if e in candidates
                 if any(len(fold(v).split()) > 1 and _contains(fold(v).split(), part)
                        and set(fold(v).split()) & article_tokens for v in e.names)]
        if len(cands) == 1:
            return cands[0].canonical
        return s

    def _gazetteer_form(self, full: str) -> str:
        """A full name as written -> the gazetteer's canonical spelling ("Serguei Shoigu" -> "Sergueï Choïgou"),
        unless the article's form is a fuller version of it ("Mohammed ben Zayed Al Nahyane" stays)."""
        entry = self.lookup_person(full)
        if entry is None:
            return full
        written, canon = fold(full).split(), fold(entry.canonical).split()
        if len(written) > len(canon) and _contains(written, canon):
            return full
        return entry.canonical

    # --- places ---------------------------------------------------------------------------------
    def lookup_place(self, surface: str) -> Place | None:
        """The place a surface names: "Caire"/"au Caire" -> Le Caire (EG), "Etats-Unis" -> États-Unis (US)."""
        k = place_key(surface)
        return self.places.get(k) if k else None

    def is_place_name(self, surface: str) -> bool:
        """True when the surface is a known place and not a known person or organisation.

        Used to relabel a statistical PER/ORG ("Benghazi", "Washington") as LOC.
        """
        if self.lookup_place(surface) is None:
            return False
        return self.lookup_person(surface) is None and self.lookup_org(surface) is None

    def canonical_place(self, surface: str) -> str:
        """Canonical French name of a place; else the surface without a lowercase leading article or contraction
        (a capitalised one is part of the name: "La Celle-Saint-Cloud"), first letter capitalised
        ("palais Chigi" -> "Palais Chigi")."""
        p = self.lookup_place(surface)
        if p is not None:
            return p.name
        s = " ".join(surface.replace("\u2019", "'").split())
        s = _LOWER_ARTICLE.sub("", s, count=1)
        return s[:1].upper() + s[1:]

    def capital_of(self, country_code: str) -> str:
        """French name of a country's capital ("NE" -> "Niamey"), "" when unknown."""
        return self.capitals.get((country_code or "").upper(), "")

    def is_capital(self, place: Place) -> bool:
        """The place is its country's capital city ("Moscou" for RU)."""
        return place.kind == "city" and self.capital_of(place.country) == place.name

    # --- ids ------------------------------------------------------------------------------------
    def entity_id(self, label: str, canonical: str) -> str:
        """Stable id: the gazetteer id when the name is known (so variants share it), else '<label>:' + slug."""
        label = label.upper()
        if label == "PER":
            e = self.lookup_person(canonical)
            return e.id if e else f"per:{slug(clean_name(canonical))}"
        if label == "ORG":
            e = self.lookup_org(canonical)
            return e.id if e else f"org:{slug(strip_article(canonical))}"
        if label == "LOC":
            p = self.lookup_place(canonical)
            return p.id if p else f"loc:{slug(strip_article(canonical))}"
        return f"{label.lower()}:{slug(canonical)}"


def load_gazetteer(folder: Path | str) -> Gazetteer:
    """The gazetteer of a folder holding GAZETTEER_FILES."""
    folder = Path(folder)
    return Gazetteer.from_texts({name: (folder / name).read_bytes().decode("utf-8") for name in GAZETTEER_FILES})


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of models/gazetteers (pipeline.paths.MODELS_DIR), loaded once: for callers outside a
    pipeline. A pipeline's components use the object their press_mentions component owns instead."""
    return load_gazetteer(MODELS_DIR / "gazetteers")

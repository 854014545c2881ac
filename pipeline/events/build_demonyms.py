"""Build models/events/demonyms.csv from a short hand list of French demonyms.

Why generated: the country name comes from a real source (pycountry's ISO 3166
French translation, common name, the part before a comma: "Russie, Fédération
de" -> "Russie") and the inflected forms (libyen, libyenne, libyens,
libyennes) follow French agreement rules, so the hand list stays one line per
country.  Run: `.venv/bin/python -m pipeline.events.build_demonyms`.
"""
from __future__ import annotations

import csv
import gettext
from pathlib import Path

import pycountry

MODELS = Path(__file__).resolve().parents[2] / "models" / "events"


def inflect(demonym: str) -> list[str]:
    """Masculine/feminine, singular/plural forms of a French demonym adjective."""
    d = demonym
    if d.endswith("e"):
        return [d, d + "s"]
    if d.endswith("en"):
        return [d, d + "ne", d + "s", d + "nes"]
    if d.endswith(("s", "x")):
        return [d, d + "e", d + "es"]
    return [d, d + "e", d + "s", d + "es"]


def french_country_name(iso2: str) -> str:
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    c = pycountry.countries.get(alpha_2=iso2)
    name = fr.gettext(getattr(c, "common_name", c.name))
    return name.split(",")[0].strip()


def gazetteer_country_names(path: Path = MODELS.parent / "gazetteers" / "countries_fr.csv") -> dict[str, str]:
    """ISO code -> the country's canonical name in the place gazetteer, so that a demonym ("vietnamien") names
    the country with the very norm a place mention of it gets ("Vietnam", not pycountry's "Viêt Nam")."""
    with path.open(encoding="utf-8") as f:
        return {r["code"]: r["name_fr"] for r in csv.DictReader(line for line in f if not line.startswith("#"))}


def build(source: Path = MODELS / "demonyms_source.csv", out: Path = MODELS / "demonyms.csv") -> int:
    rows = []
    canonical = gazetteer_country_names()
    with source.open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            country = canonical.get(r["iso2"]) or r["country_override"] or french_country_name(r["iso2"])
            forms = r["forms"].split("|") if r["forms"] else inflect(r["demonym"])
            for form in dict.fromkeys(forms):
                rows.append({"form": form, "lemma": r["demonym"], "country": country, "iso2": r["iso2"]})
    with out.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["form", "lemma", "country", "iso2"])
        w.writeheader()
        w.writerows(rows)
    return len(rows)


if __name__ == "__main__":
    print(build(), "forms written")

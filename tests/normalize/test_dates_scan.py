"""The atom prefilter (pipeline/normalize/dates/scan.py) only saves time: on any text it must give every
atom exactly the matches of `rx.finditer`, which it is checked against here on the bundled corpus and on
fresh sentences full of numbers, abbreviations and words glued by scraping."""
from pathlib import Path

import pytest

from pipeline.normalize.dates import default_grammar, fold

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = [
    "Mis à jour le12.11.2019 à 17h05, le convoi est reparti de Gao.Le lendemain, 3 blindés ont sauté.",
    "Du 3 au 5 mars 2025, puis les 27 et 28 nov., l'escadre a mouillé à 2 milles ; 2025-3-4 ; 17/03 ; 17.03.2013.",
    "LUN. 14/07 - DAKAR, 3 janv. (APS) - Il y a dix jours, 1 500 hommes ; dans 48 h ; vers 21h30 GMT+1.",
    "Le 1er-Mai, rue du 4-Septembre ; «mardi en huit» ; T3 2024 ; S1 2025 ; 09h40 ; 2027.  3 questions.",
    "Entre 80 et 100 millions de dollars, fin 2026, mi-juin, début avril, courant 2025, l'an 2000, 1990-1995.",
]


def _texts():
    files = sorted((ROOT / "corpus" / "articles").rglob("*.txt"))[::7]  # a spread of the corpus
    return SENTENCES + [p.read_text(encoding="utf-8") for p in files]


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:30])
def test_prefilter_gives_every_atom_the_matches_of_finditer(text):
    grammar = default_grammar()
    folded = fold(text)
    scanned = grammar.prefilter.scan(folded)
    for rx, matches in zip(grammar.prefilter.patterns, scanned):
        assert [m.span() for m in matches] == [m.span() for m in rx.finditer(folded)], rx.pattern[:80]


def test_the_prefilter_narrows_the_search():
    """Every atom pattern gets a prefix table (none is tried at every position) and the candidate regex is
    selective: on running press text it keeps a minority of the word starts."""
    grammar = default_grammar()
    assert grammar.prefilter.unselective == ()
    text = fold(" ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "articles").rglob("*.txt"))[:20]))
    assert 0 < len(list(grammar.prefilter.candidate_rx.finditer(text))) < len(text.split()) // 3

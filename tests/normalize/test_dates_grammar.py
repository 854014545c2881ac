"""The date grammar as an object: built from a lexicon path or dict, passed as `grammar=`."""
from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from pipeline.normalize.dates import (
    DEFAULT_LEXICON_PATH,
    DateGrammar,
    default_grammar,
    find_dates,
    introduces_target,
    load_grammar,
    names_a_month,
    normalize_date,
)
from pipeline.paths import MODELS_DIR

PUB = date(2026, 2, 4)
TEXT = "Le sommet prévu le 3 brumaire 2020 a été reporté au 22 août, puis à demain soir à 8 heures."


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(DEFAULT_LEXICON_PATH.read_text(encoding="utf-8"))


def test_default_grammar_is_the_project_lexicon_and_cached():
    assert DEFAULT_LEXICON_PATH == MODELS_DIR / "lexicon" / "temporal_fr.json"
    g = default_grammar()
    assert isinstance(g, DateGrammar)
    assert default_grammar() is g


def test_grammar_from_path_or_dict_reads_like_the_default(raw):
    expected = find_dates(TEXT, anchor=PUB)
    assert [m.text for m in expected] == ["22 août", "demain soir à 8 heures"]
    assert find_dates(TEXT, anchor=PUB, grammar=load_grammar(DEFAULT_LEXICON_PATH)) == expected
    assert find_dates(TEXT, anchor=PUB, grammar=load_grammar(raw)) == expected


def test_the_patterns_come_from_the_lexicon(raw):
    custom = copy.deepcopy(raw)
    custom["months"]["brumaire"] = 11
    g = load_grammar(custom)
    found = find_dates(TEXT, anchor=PUB, grammar=g)
    assert found[0].text == "3 brumaire 2020" and found[0].value == "2020-11-03"
    assert names_a_month("fin brumaire", grammar=g) and not names_a_month("fin brumaire")
    assert normalize_date("le 3 brumaire 2020", grammar=g).value == "2020-11-03"
    assert normalize_date("le 3 brumaire 2020") is None
    # the raw dict is copied: changing it afterwards does not change the grammar
    custom["months"].pop("brumaire")
    assert find_dates(TEXT, anchor=PUB, grammar=g)[0].value == "2020-11-03"


def test_introduces_target_accepts_a_grammar():
    assert introduces_target("annoncé pour ", grammar=default_grammar())
    assert not introduces_target("annoncé le ", grammar=default_grammar())

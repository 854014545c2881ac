"""Named extraction rules: every decision has an id and a family, and can be switched off for an ablation."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.records import Article

# written for this test: a meeting with its place and day in the same clause
TEXT = ("Le ministre tchèque de la Défense, Pavel Novák, a rencontré jeudi à Varsovie "
        "son homologue polonais, Tomasz Wiśniewski.")


@pytest.fixture(scope="module")
def parsed(press):
    article = Article(id="rules-1", text=TEXT, published=date(2025, 3, 7))
    (_, doc), = list(press.docs([article]))
    return article, doc, press.result_for(article, doc).mentions


def _rows(events):
    return [(e.type, e.initiator, e.counterpart, e.location, e.date, tuple(e.participants)) for e in events]


def test_registry_ids_and_families():
    from pipeline.events.extract import RULES
    from pipeline.events.rules import families

    assert len(RULES) >= 90
    assert {"candidates", "roles", "slots", "merging", "build"} <= set(families())
    for rid, r in RULES.items():
        assert rid == f"{r.family}.{rid.split('.', 1)[1]}" and r.description


def test_nothing_disabled_is_the_default(parsed):
    from pipeline.events.extract import extract_events

    article, doc, mentions = parsed
    full = extract_events(doc, mentions, article)
    assert _rows(extract_events(doc, mentions, article, disabled_rules=frozenset())) == _rows(full)
    meeting = next(e for e in full if e.type == "MEETING")
    assert meeting.location == "Varsovie" and meeting.date == "2025-03-06"


def test_switching_off_a_family_changes_the_output(parsed):
    from pipeline.events.extract import extract_events

    article, doc, mentions = parsed
    full = _rows(extract_events(doc, mentions, article))
    no_slots = extract_events(doc, mentions, article, disabled_rules={"slots"})
    assert _rows(no_slots) != full
    assert all(e.location != "Varsovie" for e in no_slots)
    # one rule: the verb's object is no longer the counterpart
    no_object = extract_events(doc, mentions, article, disabled_rules={"roles.verb_object"})
    assert _rows(no_object) != full
    # switches do not leak into the next call
    assert _rows(extract_events(doc, mentions, article)) == full


def test_unknown_rule_raises(parsed):
    from pipeline.events.extract import extract_events

    article, doc, mentions = parsed
    with pytest.raises(ValueError, match="unknown event rule"):
        extract_events(doc, mentions, article, disabled_rules={"slots.no_such_rule"})


def test_trigger_lookup_finds_what_a_spacy_matcher_of_the_same_patterns_finds(press):
    """The dict lookup replaced a spaCy Matcher for speed; the Matcher, built here from the same lexicon, is
    the reference."""
    from spacy.matcher import Matcher

    from pipeline.events.lexicon import POS_OF, load_lexicon

    lex = load_lexicon()
    matcher = Matcher(press.nlp.vocab)
    for lemma, pos in lex.rules:
        tags = POS_OF.get(pos, [pos])
        patterns = [[{"LEMMA": lemma, "POS": {"IN": tags}}],
                    [{"LOWER": lemma, "POS": {"IN": tags + ["ADJ", "PROPN", "ADV"] if pos == "NOUN" else tags}}]]
        if pos == "VERB" and lemma.endswith("er") and " " not in lemma:
            patterns.append([{"LOWER": {"IN": [lemma[:-2] + e for e in ("é", "ée", "és", "ées")]},
                              "POS": {"IN": ["NOUN", "ADJ", "PROPN"]}}])
        matcher.add(f"{pos}:{lemma}", patterns)
    text = ("Le ministre kényan a téléphoné lundi à son homologue. La frégate a fait escale à Djibouti, où un "
            "accord de coopération a été signé ; des drones seront livrés en mars, après une visite à Ankara.")
    doc = press.nlp(text)
    expected = [(press.nlp.vocab.strings[m], s, e) for m, s, e in matcher(doc)]
    assert expected and lex.trigger_matches(doc) == expected

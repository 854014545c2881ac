"""Events from one article: trigger lexicon + dependency parse + normalized mentions.

This module only orchestrates. Flow per article, with the module of each step:
0. context.py: per-article lookups (`_Ctx`) and the candidate record (`_Cand`); syntax.py: tree helpers;
1. candidates.py: lexicon lemmas matched in each sentence (never in skip regions);
2. roles.py (parties.py for noun phrase -> names): the trigger's predicate (the verb itself, or the verb a noun hangs
   from: "effectuer une visite") gives initiator / counterpart through the
   subject, object, "avec", "par" arguments; the noun's own arguments
   ("visite de X", "délégation russe", "sur invitation de X") add to them;
   pronouns, bare titles ("le maréchal") and "les deux parties" are resolved to
   entities already named in the article;
3. slots.py: location (LOC attached by à/en/au/chez, then the clause, then the
   sentence), date (clause DATE, then sentence, then the event the sentence
   refers back to, then the nearest preceding DATE of the paragraph), amount
   (MONEY of the sentence);
4. merging.py: triggers describing one event in one sentence ("la délégation est
   arrivée", "la signature d'un accord") become one event; anaphoric mentions
   ("cette visite", "la rencontre") add participants to the event they refer to;
   reports of the same event inside the article are merged.
build.py runs steps 2-3 per candidate (pass 1) and turns candidates into Event rows (pass 2).
"""
from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc

from pipeline.events.lexicon import Lexicon, load_lexicon
from pipeline.normalize.gazetteer import Gazetteer, default_gazetteer
from pipeline.records import Article, Event, Mention
from pipeline.events.syntax import _participial_adjunct, _subjects
from pipeline.events.context import _Ctx
from pipeline.events.candidates import _candidates
from pipeline.events.merging import _combine_in_sentence, _merge_article
from pipeline.events.build import _emit_events, _settle_candidate
from pipeline.events.rules import RULES, resolve, running

__all__ = ["RULES", "extract_events", "mentions_from_ents", "_subjects"]  # _subjects: pipeline/evaluate/scoring.py


def mentions_from_ents(doc: Doc, article_id: str = "") -> list[Mention]:
    """Mentions straight from doc.ents (PER/LOC/ORG), for use before the normalizers run."""
    out = []
    for e in doc.ents:
        if e.label_ in {"PER", "LOC", "ORG", "DATE", "MONEY"}:
            out.append(Mention(article_id, e.start_char, e.end_char, e.text, e.label_, norm=e.text))
    return out


def extract_events(doc: Doc, mentions: list[Mention], article: Article, lexicon: Lexicon | None = None,
                   disabled_rules: Iterable[str] = frozenset(), gazetteer: Gazetteer | None = None) -> list[Event]:
    """Typed events of one article, each with participants, trigger and evidence offsets.

    `lexicon`: the word lists and triggers (default: models/events/ under pipeline.paths.MODELS_DIR, loaded once).
    `disabled_rules`: rule ids or rule families (pipeline.events.rules.RULES) to switch off, for ablations;
    an unknown name raises ValueError.
    `gazetteer`: the places looked up (kinds, countries, capitals); the pipeline passes its own, the default is
    pipeline.normalize.gazetteer.default_gazetteer(). It reaches every finder through the context (`ctx.gazetteer`)."""
    lex = lexicon or load_lexicon()
    with running(lex, resolve(disabled_rules)):
        return _extract(doc, mentions, article, lex, gazetteer or default_gazetteer())


def _extract(doc: Doc, mentions: list[Mention], article: Article, lex: Lexicon, gazetteer: Gazetteer) -> list[Event]:
    ctx = _Ctx(doc, mentions, article, lex, gazetteer)
    cands = _candidates(doc, ctx, lex)
    events: list[Event] = []
    sent_of_event: dict[str, int] = {}
    # pass 1: roles and places, per candidate
    adjuncts = [x for x in cands if _participial_adjunct(x.tok)]  # "arrivé la veille": their dates are their own
    for c in cands:
        _settle_candidate(c, cands, ctx, events, adjuncts)
    _combine_in_sentence([c for c in cands if not c.absorbed])
    # pass 2: events in text order, with anaphora, context dates and fallbacks
    for c in cands:
        _emit_events(c, cands, ctx, events, sent_of_event)
    return _merge_article(events, sent_of_event, ctx)

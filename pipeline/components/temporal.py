"""DATE tagger: French temporal expressions found and resolved by pipeline.normalize.dates."""
from __future__ import annotations

import calendar
import json
import re
from datetime import date, datetime

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.components.assets import FileAssets
from pipeline.components.extensions import text_of  # also registers Doc._.published
from pipeline.components.spans import char_span, overwrite_ents
from pipeline.normalize.dates import DateGrammar, TemporalMatch, find_dates, introduces_target, load_grammar, names_a_month

# a year-less date this far in the past is read as the next one when its clause is planned
# ("les manœuvres doivent se tenir du 12 au 15 octobre" in June); closer, it is a report of it
PLANNED_MIN_DAYS_PAST = 90
YEAR = re.compile(r"\d{4}")
TIME_GRAINS = frozenset({"part_of_day", "hour", "minute", "second"})
PROBE_DAY = date(2001, 1, 3)  # any day: does the expression resolve to a day once it has one to resolve against?


class TemporalTagger(FileAssets):
    """Owns the French temporal lexicon (models/lexicon/temporal_fr.json): read in `initialize`,
    saved with the pipeline, compiled into the date grammar handed to the normalizer."""

    asset_files = ("temporal_fr.json",)

    def __init__(self, prefer: str = "past", future_lemmas: list[str] | None = None, bare_times: bool = False):
        super().__init__()
        self.prefer = prefer
        self.bare_times = bare_times
        self.future_lemmas = set(future_lemmas or [])
        self.grammar = None
        self.past_markers: re.Pattern | None = None

    def initialize(self, get_examples=None, *, nlp=None, lexicon_path: str = "") -> None:
        self.load_files({"temporal_fr.json": lexicon_path})

    def _build(self) -> None:
        raw = json.loads(self.text("temporal_fr.json"))
        self.grammar = load_grammar(raw)
        # "en octobre dernier": a year-less date marked as past is never read forward
        self.past_markers = re.compile(rf"\b(?:{'|'.join(map(re.escape, raw['past_markers']))})\b", re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        self.require_ready("press_dates")
        spans = []
        anchor = doc._.published
        for match in self._matches(text_of(doc), anchor, doc._.published_grain):
            if not self.bare_times and not self._names_a_day(match):
                continue  # "dans la soirée", "16h05 -": a time of day with no day is no DATE (GUIDELINES DATE)
            span = char_span(doc, match.start, match.end, "DATE")
            if span is not None:
                if self.prefer == "past" and _reads_forward(match, anchor, self.grammar, self.past_markers) and self._planned_clause(span):
                    match = _forward(match, anchor, self.grammar)
                span._.press = match
                span._.rule = "temporal"
                spans.append(span)
        overwrite_ents(doc, spans)
        return doc

    def _names_a_day(self, match: TemporalMatch) -> bool:
        """The expression has a day in it ("mardi soir", "ce matin", "le 3 mai à 15 h"), not only a time of day."""
        if match.grain not in TIME_GRAINS or match.date_start is not None:
            return True
        return any(m.date_start is not None for m in find_dates(match.text, anchor=PROBE_DAY, grammar=self.grammar))

    def _matches(self, text: str, anchor, grain: str) -> list[TemporalMatch]:
        """Dates resolved against the publication date. When only its month or year is known, an
        expression is resolved as far as that allows. It is read against the first and the last day of
        the period: a value both readings agree on is kept ("mars 2023"); two readings a whole number of
        years apart only disagree on which year a year-less date falls in, and the one in the period's
        own year wins, else the later ("28 septembre" in 2023-09 is 2023-09-28); any other disagreement means the
        expression needs the day ("hier", "lundi") and it is left unresolved."""
        if anchor is None or grain not in ("month", "year"):
            return find_dates(text, anchor=anchor, prefer=self.prefer, grammar=self.grammar)
        last = date(anchor.year, 12, 31) if grain == "year" else \
            date(anchor.year, anchor.month, calendar.monthrange(anchor.year, anchor.month)[1])
        early = find_dates(text, anchor=anchor, prefer=self.prefer, grammar=self.grammar)
        late = {(m.start, m.end): m for m in find_dates(text, anchor=last, prefer=self.prefer, grammar=self.grammar)}
        out = []
        for m in early:
            other = late.get((m.start, m.end))
            if other is not None and other.value and YEAR.sub("", other.value) == YEAR.sub("", m.value):
                m = m if m.date_start and m.date_start.year == anchor.year else other
            elif other is None or (other.value, other.date_start, other.date_end) != (m.value, m.date_start, m.date_end):
                m = TemporalMatch(m.start, m.end, m.text, "", None, None, m.grain, time=m.time, finest="", planned=m.planned)
            out.append(m)
        return out

    def _planned_clause(self, span: Span) -> bool:
        """The date's clause speaks of the future: a future or conditional verb, or a planning verb in the
        present ('doivent se tenir', 'prévoient d'organiser', 'sont convenues d'organiser', 'prévu mi-mai')."""
        if not span.doc.has_annotation("DEP"):
            return False
        v = span.root
        for _ in range(4):
            if v.pos_ in {"VERB", "AUX"} or v.head.i == v.i:
                break
            v = v.head
        before = text_of(span.doc)[max(0, span.start_char - 16):span.start_char]
        if introduces_target(before, grammar=self.grammar):
            return True  # "annoncé pour début décembre", "d'ici à la fin mai": a date aimed at
        head = v.head
        if "VerbForm=Inf" in str(v.morph) and head.lemma_ in self.future_lemmas and not any(
                a.dep_.startswith("aux") and ("Tense=Imp" in str(a.morph) or "Tense=Past" in str(a.morph))
                for a in head.children):
            return True  # "sont convenues d'organiser ... du 12 au 15 octobre" (not "avaient prévu de")
        verbs = [v, head] + [a for a in v.children if a.dep_.startswith("aux")]
        for t in verbs:
            morph = str(t.morph)
            if "Tense=Fut" in morph or "Mood=Cnd" in morph:
                return True
            if t.lemma_ in self.future_lemmas and ("Tense=Pres" in morph or (
                    "VerbForm=Part" in morph and not any(a.dep_.startswith("aux") for a in t.children))):
                return True
        return False


def _reads_forward(match: TemporalMatch, anchor, grammar: DateGrammar, past_markers: re.Pattern) -> bool:
    """A month, a day-month or a part of a month, with no year and no 'dernier', well before publication."""
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    if not isinstance(anchor, date) or match.date_end is None or re.search(r"\b\d{4}\b", match.text):
        return False
    if past_markers.search(match.text) or not names_a_month(match.text, grammar=grammar):
        return False
    return (anchor - match.date_end).days >= PLANNED_MIN_DAYS_PAST


def _forward(match: TemporalMatch, anchor: date, grammar: DateGrammar) -> TemporalMatch:
    ahead = [m for m in find_dates(match.text, anchor=anchor, prefer="future", grammar=grammar) if m.text == match.text]
    if not ahead or ahead[0].date_start is None:
        return match
    m = ahead[0]
    return TemporalMatch(match.start, match.end, match.text, m.value, m.date_start, m.date_end, m.grain,
                         time=m.time, finest=m.finest, planned=True)


@Language.factory("press_dates", default_config={"prefer": "past", "future_lemmas": [], "bare_times": False})
def make_temporal_tagger(nlp: Language, name: str, prefer: str, future_lemmas: list[str], bare_times: bool) -> TemporalTagger:
    """`prefer`: how a bare weekday or day-month resolves, `past` for press, `future` for assistant-style text.
    `future_lemmas`: planning verbs whose clause reads a year-less month forward.
    `bare_times`: keep a time of day that names no day ("dans la soirée", "16h05") as a DATE."""
    return TemporalTagger(prefer, future_lemmas, bare_times)

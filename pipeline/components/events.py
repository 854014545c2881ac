"""Events as a pipeline component: reads the Doc's normalized mentions, writes `doc._.events`.

It owns the event lexicon (models/events/: triggers, demonyms, cue words), read in `initialize`
and saved with the pipeline, and hands it to the extractor on every call, with the pipeline's gazetteer
(owned by press_mentions, fetched per Doc through a GazetteerLink) for the places it looks up.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.components.extensions import text_of
from pipeline.components.mentions import GazetteerLink, doc_to_mentions
from pipeline.events import extract_events, load_lexicon
from pipeline.events.confidence import EventModel, apply_model
from pipeline.events.linker import SlotModel, apply_linker
from pipeline.records import Article


def article_of(doc: Doc) -> Article:
    """The Article a Doc was made from, rebuilt from the extensions the batch set on it."""
    return Article(id=doc._.article_id, text=text_of(doc), published=doc._.published,
                   skip_regions=list(doc._.skip_regions or []))


class EventExtractor:
    """Rules propose events; the learned models (models/events/*_model.json, when present and
    `use_model` is on) choose each event's place and date among its sentence's mentions, then give
    it its probability of being real and drop the unlikely ones."""

    def __init__(self, nlp: Language | None = None, use_model: bool = True) -> None:
        self.lexicon = None
        self.model: EventModel | None = None
        self.slot_model: SlotModel | None = None
        self.use_model = use_model
        self.disabled_rules: frozenset[str] = frozenset()  # rule ids or families switched off (ablations)
        self.source_dir: Path | None = None
        self.gazetteer_link = GazetteerLink(nlp)

    def initialize(self, get_examples=None, *, nlp=None, lexicon_dir: str = "") -> None:
        self._load(Path(lexicon_dir))

    def _load(self, folder: Path) -> None:
        self.lexicon = load_lexicon(folder)
        self.model = EventModel.load(folder)
        self.slot_model = SlotModel.load(folder)
        self.source_dir = folder

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for item in sorted(self.source_dir.iterdir()):
            if item.is_file() and item.resolve() != (path / item.name).resolve():
                shutil.copyfile(item, path / item.name)

    def from_disk(self, path, *, exclude=()) -> "EventExtractor":
        self._load(Path(path))
        return self

    def __call__(self, doc: Doc) -> Doc:
        if self.lexicon is None:
            raise RuntimeError("press_events has no lexicon: build the pipeline with pipeline.nlp.build_nlp() "
                               "or load a saved one with spacy.load(DIR).")
        gazetteer = self.gazetteer_link.get()
        mentions = doc._.mentions if doc._.mentions is not None else doc_to_mentions(doc, gazetteer=gazetteer)
        events = extract_events(doc, mentions, article_of(doc), lexicon=self.lexicon, gazetteer=gazetteer,
                                disabled_rules=self.disabled_rules)
        if self.use_model and self.slot_model is not None:
            events = apply_linker(self.slot_model, events, doc, mentions, self.lexicon)
        if self.use_model and self.model is not None:
            events = apply_model(self.model, events, doc)
        doc._.events = events
        return doc


@Language.factory("press_events", default_config={"use_model": True})
def make_event_extractor(nlp: Language, name: str, use_model: bool) -> EventExtractor:
    """`use_model`: apply the learned event model when the pipeline has one (off: rules only)."""
    return EventExtractor(nlp, use_model=use_model)

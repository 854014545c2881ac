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
from pipeline.records import Article


def article_of(doc: Doc) -> Article:
    """The Article a Doc was made from, rebuilt from the extensions the batch set on it."""
    return Article(id=doc._.article_id, text=text_of(doc), published=doc._.published,
                   skip_regions=list(doc._.skip_regions or []))


class EventExtractor:
    def __init__(self, nlp: Language | None = None) -> None:
        self.lexicon = None
        self.source_dir: Path | None = None
        self.gazetteer_link = GazetteerLink(nlp)

    def initialize(self, get_examples=None, *, nlp=None, lexicon_dir: str = "") -> None:
        self._load(Path(lexicon_dir))

    def _load(self, folder: Path) -> None:
        self.lexicon = load_lexicon(folder)
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
        doc._.events = extract_events(doc, mentions, article_of(doc), lexicon=self.lexicon, gazetteer=gazetteer)
        return doc


@Language.factory("press_events")
def make_event_extractor(nlp: Language, name: str) -> EventExtractor:
    return EventExtractor(nlp)

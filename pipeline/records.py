"""Typed records that travel along the data flow: ingest -> pipeline -> normalize -> events -> store.

Field names match the CSV output contract of DESIGN.md so that a record turns into a
table row without renaming.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

LABELS = ("PER", "LOC", "ORG", "DATE", "MONEY")
EVENT_TYPES = ("VISIT", "MEETING", "AGREEMENT", "DELEGATION", "EXERCISE", "ARMS_TRANSFER", "OTHER")
PUBLISHED_SOURCES = ("cli", "field", "header", "html", "text", "inferred", "unknown")


@dataclass
class Article:
    """One article as ingested. `text` is never rewritten: offsets everywhere point into it."""

    id: str
    text: str
    published: date | None = None
    published_source: str = "unknown"
    url: str = ""
    title: str = ""
    source_path: str = ""
    # (start, end) character regions that are metadata or boilerplate: no entity comes from there.
    skip_regions: list[tuple[int, int]] = field(default_factory=list)
    # how much of `published` is known: "day", "month" (2019-05: published is its first day) or "year"
    published_grain: str = "day"
    # what ingest ignored but did not fail on ("unreadable 'published' value ..."), "; "-separated
    warning: str = ""
    language: str = ""  # ISO 639 code detected at ingest ("" when too short to tell)

    @property
    def published_text(self) -> str:
        """The publication date at its own precision: '2019-05-14', '2019-05' or '2019'."""
        if self.published is None:
            return ""
        return self.published.isoformat()[: {"year": 4, "month": 7}.get(self.published_grain, 10)]

    @property
    def n_chars(self) -> int:
        return len(self.text)


@dataclass
class IngestFailure:
    """An input that could not become an Article; recorded as a `failed` row, never dropped.
    `status` "skipped": readable but not for this pipeline (another language); not a failure."""

    id: str
    source_path: str
    error: str
    status: str = "failed"


@dataclass
class Mention:
    """One entity mention, normalized. Columns of entities.csv."""

    article_id: str
    start: int
    end: int
    text: str
    label: str
    norm: str = ""
    entity_id: str = ""
    date_start: str = ""
    date_end: str = ""
    date_grain: str = ""
    amount: float | None = None
    amount_max: float | None = None
    currency: str = ""
    qualifier: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    title: str = ""
    # extras beyond the contract
    time: str = ""          # time of day kept from a DATE ("20:00", "soir")
    linked_to: int | None = None  # index (in the article's mention list) of the amount this MONEY converts
    source: str = ""        # which rule produced it: model, gazetteer, temporal, money, title, alias

    def as_row(self) -> dict:
        return _shallow_row(self)  # every field is a plain value: no deep copy needed


@dataclass
class Event:
    """One typed event. Columns of events.csv."""

    event_id: str
    article_id: str
    type: str
    cameo: str = ""
    date: str = ""
    date_start: str = ""
    date_end: str = ""
    location: str = ""
    country: str = ""
    participants: list[str] = field(default_factory=list)
    initiator: str = ""
    counterpart: str = ""
    amount: float | None = None
    currency: str = ""
    trigger: str = ""
    evidence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    confidence: float = 0.0
    review_status: str = "pending"
    # extras beyond the contract
    trigger_start: int = 0
    trigger_end: int = 0
    planned: bool = False
    cluster_id: str = ""

    def as_row(self) -> dict:
        row = _shallow_row(self)
        row["participants"] = " | ".join(self.participants)
        return row


def _shallow_row(record) -> dict:
    """Field name -> value (what dataclasses.asdict gives for records of plain values, without its deep
    copy, which cost more than the SQLite insert it feeds)."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


@dataclass
class ArticleResult:
    """What the pipeline made of one article (or why it could not)."""

    article: Article | None
    failure: IngestFailure | None = None
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failure is None

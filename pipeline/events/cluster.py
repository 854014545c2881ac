"""Cross-article clusters: the same event reported by several articles becomes one row.

Two events join when they have the same type, share a participant, their dates
overlap (an undated event joins only with a matching place and two shared
participants) and their places agree (same place, same country, or one unknown).
Greedy over events in date order, so the result does not depend on article order
more than it must; two events of one article never share a cluster (the article
stage has already merged what it should).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from pipeline.normalize.gazetteer import Gazetteer, default_gazetteer
from pipeline.records import Event
from pipeline.text import ascii_key

CLUSTER_COLUMNS = ["cluster_id", "type", "date", "date_start", "date_end", "location", "country",
                   "participants", "n_sources", "sources", "article_ids"]


@dataclass
class EventCluster:
    cluster_id: str
    type: str
    date: str = ""
    location: str = ""
    participants: list[str] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (article_id, event_id)
    date_start: str = ""
    date_end: str = ""
    country: str = ""

    @property
    def event_ids(self) -> list[str]:
        """Member event ids (what the store assigns `cluster_id` to)."""
        return [e for _, e in self.sources]

    def as_row(self) -> dict:
        return {
            "cluster_id": self.cluster_id, "type": self.type, "date": self.date,
            "date_start": self.date_start, "date_end": self.date_end,
            "location": self.location, "country": self.country,
            "participants": " | ".join(self.participants), "n_sources": len(self.sources),
            "sources": "; ".join(f"{a}:{e}" for a, e in self.sources),
            "article_ids": " | ".join(dict.fromkeys(a for a, _ in self.sources)),
        }


def _fold(name: str) -> str:
    return ascii_key(name)


def _party_key(name: str, gazetteer: Gazetteer) -> str:
    """One key for a state whatever the article called it: "Russie", or "Moscou" in an article that never
    names the state (GUIDELINES' capital convention)."""
    place = gazetteer.lookup_place(name) if name else None
    if place is not None and (place.kind == "country" or gazetteer.is_capital(place)):
        return "state:" + place.country.upper()
    return _fold(name)


def _bounds(e: Event) -> tuple[str, str] | None:
    if e.date_start and e.date_end:
        return e.date_start[:10], e.date_end[:10]
    return None


def _dates_overlap(a: Event, b: Event) -> bool | None:
    """True/False when both are dated, None when one is not."""
    ba, bb = _bounds(a), _bounds(b)
    if ba is None or bb is None:
        if a.date and b.date:
            return a.date.startswith(b.date) or b.date.startswith(a.date)
        return None
    return not (ba[1] < bb[0] or bb[1] < ba[0])


def _places_agree(a: Event, b: Event) -> bool:
    if not a.location or not b.location:
        return True
    if _fold(a.location) == _fold(b.location):
        return True
    return bool(a.country and b.country and a.country == b.country and
                (_fold(a.location) in {_fold(a.country)} or _fold(b.location) in {_fold(b.country)}))


def compatible(a: Event, b: Event, gazetteer: Gazetteer | None = None) -> bool:
    """Could these two reports describe the same event? (`gazetteer`: where states and capitals are looked
    up; default: default_gazetteer())"""
    if a.type != b.type or a.article_id == b.article_id:
        return False
    gaz = gazetteer or default_gazetteer()
    shared = {_party_key(p, gaz) for p in a.participants} & {_party_key(p, gaz) for p in b.participants}
    if not shared:
        return False
    if a.initiator and b.initiator and _party_key(a.initiator, gaz) != _party_key(b.initiator, gaz) \
            and _party_key(a.initiator, gaz) not in {_party_key(p, gaz) for p in b.participants}:
        return False
    if not _places_agree(a, b):
        return False
    overlap = _dates_overlap(a, b)
    if overlap is None:
        return bool(a.location and b.location and _fold(a.location) == _fold(b.location)) and len(shared) >= 2
    return overlap


def _precision(e: Event) -> int:
    b = _bounds(e)
    if b is None:
        return 10 ** 6
    return (pd.Timestamp(b[1]) - pd.Timestamp(b[0])).days


def cluster_events(events: list[Event], gazetteer: Gazetteer | None = None) -> list[EventCluster]:
    """Group events across articles; sets `Event.cluster_id` on every event.

    `gazetteer`: where party names are looked up to tell states and capitals (the pipeline's, when the caller
    has one; default: default_gazetteer())."""
    gaz = gazetteer or default_gazetteer()
    order = sorted(events, key=lambda e: ((_bounds(e) or ("9999",))[0], e.article_id, e.trigger_start))
    groups: list[list[Event]] = []
    for e in order:
        home = None
        for g in groups:
            if all(compatible(e, o, gaz) for o in g):
                home = g
                break
        if home is None:
            groups.append([e])
        else:
            home.append(e)
    clusters = []
    for g in groups:
        seed = min(g, key=lambda e: (e.article_id, e.event_id))
        cid = "c" + hashlib.sha1(seed.event_id.encode()).hexdigest()[:12]
        best_date = min(g, key=_precision)
        locs = Counter(e.location for e in g if e.location)
        location = locs.most_common(1)[0][0] if locs else ""
        country = next((e.country for e in g if e.location == location and e.country), "")
        parts = Counter(p for e in g for p in e.participants)
        first_seen = {p: i for i, p in reversed(list(enumerate(p for e in g for p in e.participants)))}
        participants = sorted(parts, key=lambda p: (-parts[p], first_seen[p]))
        for e in g:
            e.cluster_id = cid
        clusters.append(EventCluster(
            cluster_id=cid, type=g[0].type, date=best_date.date, date_start=best_date.date_start,
            date_end=best_date.date_end, location=location, country=country, participants=participants,
            sources=[(e.article_id, e.event_id) for e in sorted(g, key=lambda e: (e.article_id, e.trigger_start))],
        ))
    return clusters


def event_clusters_frame(clusters: list[EventCluster]) -> pd.DataFrame:
    """The table written as event_clusters.csv."""
    return pd.DataFrame([c.as_row() for c in clusters], columns=CLUSTER_COLUMNS)

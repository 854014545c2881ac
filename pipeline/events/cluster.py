"""Cross-article clusters: the same event reported by several articles becomes one row.

Two events may join when they have the same type, share a party, their dates overlap (two day-dated reports
may be a day apart; an undated event joins only with two shared parties) and their places agree (same
place, a city and its country, a venue the gazetteer does not know in the same state, or one unknown); two
meetings of one person with two different people stay apart.  Parties match by name, by the state they stand for
or belong to, and, for people, by a spelling-tolerant comparison of their names ("Abbas Araqchi", "Abbas
Araghchi").  Joins are made best pair first (agglomerative, complete linkage: every member of a cluster is
compatible with every other), so a near-identical report is not taken by a looser one first; two events of
one article never share a cluster (the article stage has already merged what it should).
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from dataclasses import dataclass, field

import pandas as pd

from pipeline.normalize.gazetteer import Gazetteer, default_gazetteer, translit_key
from pipeline.records import Event
from pipeline.text import ascii_key

DAY_TOLERANCE = 1  # days between two day-dated reports of one event
DIRECTED_TYPES = frozenset({"ARMS_TRANSFER", "VISIT", "DELEGATION"})

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
    return ascii_key(name.replace("\u2019", "'"))


def _party_key(name: str, gazetteer: Gazetteer) -> str:
    """One key for a state whatever the article called it: "Russie", or "Moscou" in an article that never
    names the state (GUIDELINES' capital convention)."""
    place = gazetteer.lookup_place(name) if name else None
    if place is not None and (place.kind == "country" or gazetteer.is_capital(place)):
        return "state:" + place.country.upper()
    return _fold(name)


def _party_keys(name: str, gazetteer: Gazetteer) -> set[str]:
    """Every key under which two reports may name the same party: the name, and the state it stands for or
    belongs to ("Ibrahim Traoré" and "Burkina Faso" when the gazetteer knows him; "Moscou" and "Russie")."""
    keys = {_party_key(name, gazetteer), _fold(name)}
    person = gazetteer.lookup_person(name) if name else None
    org = gazetteer.lookup_org(name) if name and person is None else None
    country = (person or org).country if (person or org) is not None else ""
    if country:
        keys.add("state:" + country.upper())
    return keys


NAME_PARTICLES = frozenset({"al", "el", "ben", "bin", "ibn", "ould", "ag", "abou", "abu", "sayyid", "cheikh", "sheikh"})


def _name_tokens(name: str) -> list[str]:
    """Folded name tokens without particles, an article glued to a surname dropped ("Albusaidi" -> "busaidi")."""
    out = []
    for t in _fold(name).replace("-", " ").split():
        if t in NAME_PARTICLES:
            continue
        if len(t) > 5 and t[:2] in ("al", "el") and t[2] not in "aeiou":
            t = t[2:]
        out.append(t)
    return out


def _similar(a: str, b: str) -> bool:
    """One name token in two transliterations ("araqchi"/"araghtchi", "mirziyoyev"/"mirzioiev")."""
    if a == b:
        return True
    if len(a) <= 3 or len(b) <= 3:
        return False
    ka, kb = translit_key(a), translit_key(b)
    return ka == kb or ka.replace("c", "s") == kb.replace("c", "s") \
        or SequenceMatcher(None, a, b).ratio() >= 0.8 or SequenceMatcher(None, ka, kb).ratio() >= 0.8
    # ("yasar"/"yachar": the Turkish ş folds to s, French writes ch)


def same_person(a: str, b: str) -> bool:
    """Two spellings of one person's name: the surnames alike, and the given names alike where both have one
    ("Abbas Araqchi" / "Abbas Araghchi", "Badr Albusaidi" / "Sayyid Badr ben Hamad al-Boussaïdi")."""
    ta, tb = _name_tokens(a), _name_tokens(b)
    if len(ta) < 2 or len(tb) < 2 or not _similar(ta[-1], tb[-1]):
        return False
    return any(_similar(x, y) for x in ta[:-1] for y in tb[:-1])


def _parties_match(a: str, keys_a: set[str], b: str, keys_b: set[str]) -> bool:
    return bool(keys_a & keys_b) or same_person(a, b)


def _states(names, gazetteer: Gazetteer) -> set[str]:
    return {k for n in names for k in _party_keys(n, gazetteer) if k.startswith("state:")}


def _bounds(e: Event) -> tuple[str, str] | None:
    if e.date_start and e.date_end:
        return e.date_start[:10], e.date_end[:10]
    return None


def _dates_overlap(a: Event, b: Event, same_place: bool = False) -> bool | None:
    """True/False when both are dated, None when one is not.  Two reports dated a day apart at the same place
    may be one event (one dates the arrival, the other the talks)."""
    ba, bb = _bounds(a), _bounds(b)
    if ba is None or bb is None:
        if a.date and b.date:
            return a.date.startswith(b.date) or b.date.startswith(a.date)
        return None
    if same_place and ba[0] == ba[1] and bb[0] == bb[1]:
        return abs((pd.Timestamp(ba[0]) - pd.Timestamp(bb[0])).days) <= DAY_TOLERANCE
    return not (ba[1] < bb[0] or bb[1] < ba[0])


def _places_agree(a: Event, b: Event, gazetteer: Gazetteer | None = None) -> bool:
    """Same place, or one inside the other: a city and its country ("Bangkok", "Thaïlande"), a venue the
    gazetteer does not know and a city of the same country or of no stated one ("palais de Koulouba",
    "Bamako"). Two known cities, or two countries, that differ are two places."""
    if not a.location or not b.location:
        return True
    if _fold(a.location) == _fold(b.location):
        return True
    gaz = gazetteer or default_gazetteer()
    pa, pb = gaz.lookup_place(a.location), gaz.lookup_place(b.location)
    ca = (pa.country if pa is not None else "") or a.country
    cb = (pb.country if pb is not None else "") or b.country
    if ca and cb and ca.upper() != cb.upper():
        return False
    if pa is None or pb is None:
        return True  # a venue inside a city (the other) or a place the gazetteer does not know, same state
    return pa.kind == "country" or pb.kind == "country"


def _other_people_differ(a: Event, keys_a: list, b: Event, keys_b: list, gaz: Gazetteer) -> bool:
    """Both reports name a person besides the ones they share, and those persons are not the same."""
    def people(ev: Event, keys: list, other: Event, other_keys: list) -> list[str]:
        return [p for p, k in zip(ev.participants, keys)
                if gaz.lookup_place(p) is None and gaz.lookup_org(p) is None and len(p.split()) >= 2
                and not any(_parties_match(p, k, q, kq) for q, kq in zip(other.participants, other_keys))]
    return bool(people(a, keys_a, b, keys_b)) and bool(people(b, keys_b, a, keys_a))


def compatible(a: Event, b: Event, gazetteer: Gazetteer | None = None) -> bool:
    """Could these two reports describe the same event? (`gazetteer`: where states and capitals are looked
    up; default: default_gazetteer())"""
    if a.type != b.type or a.article_id == b.article_id:
        return False
    gaz = gazetteer or default_gazetteer()
    keys_a = [_party_keys(p, gaz) for p in a.participants]
    keys_b = [_party_keys(p, gaz) for p in b.participants]
    n_shared = sum(1 for pa, ka in zip(a.participants, keys_a)
                   if any(_parties_match(pa, ka, pb, kb) for pb, kb in zip(b.participants, keys_b)))
    if not n_shared:
        return False
    # the same supplier or visitor with another counterpart: two deliveries, two trips ("drones to Mali",
    # "drones to Niger"); only for directed events, and only when both reports name the other side's state
    if a.type in DIRECTED_TYPES:
        mains = _states([a.initiator or a.participants[0], b.initiator or b.participants[0]], gaz)
        others_a = _states(a.participants, gaz) - mains
        others_b = _states(b.participants, gaz) - mains
        if others_a and others_b and not others_a & others_b:
            return False
    if a.type == "MEETING" and _other_people_differ(a, keys_a, b, keys_b, gaz):
        return False  # one visitor's talks with two different hosts: two meetings
    if a.initiator and b.initiator:
        ka, kb = _party_keys(a.initiator, gaz), _party_keys(b.initiator, gaz)
        a_in_b = any(_parties_match(a.initiator, ka, p, k) for p, k in zip(b.participants, keys_b))
        b_in_a = any(_parties_match(b.initiator, kb, p, k) for p, k in zip(a.participants, keys_a))
        if not (_parties_match(a.initiator, ka, b.initiator, kb) or a_in_b or b_in_a):
            return False  # two different visitors or suppliers
    if not _places_agree(a, b, gaz):
        return False
    same_place = bool(a.location and b.location and _fold(a.location) == _fold(b.location))
    overlap = _dates_overlap(a, b, same_place)
    if overlap is None:  # one report does not date it: two shared parties (and places that agree) say it is one
        return n_shared >= 2
    return overlap


def _precision(e: Event) -> int:
    b = _bounds(e)
    if b is None:
        return 10 ** 6
    return (pd.Timestamp(b[1]) - pd.Timestamp(b[0])).days


def _likeness(a: Event, b: Event) -> tuple:
    """How alike two compatible reports are: same place, same date, then the number of shared parties."""
    same_place = bool(a.location and b.location and _fold(a.location) == _fold(b.location))
    same_date = bool(a.date and a.date == b.date)
    shared = len({_fold(p) for p in a.participants} & {_fold(p) for p in b.participants})
    return (same_place + same_date, shared)


def _candidate_pairs(events: list[Event]) -> list[tuple[int, int]]:
    """Pairs worth testing: same type, and dates within reach of each other (sorted sweep), or, for an undated
    report, the same place."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        by_type[e.type].append(i)
    pairs: list[tuple[int, int]] = []
    for idx in by_type.values():
        dated = sorted((i for i in idx if _bounds(events[i])), key=lambda i: _bounds(events[i]))
        undated = [i for i in idx if not _bounds(events[i])]
        reach = [(pd.Timestamp(_bounds(events[i])[0]), pd.Timestamp(_bounds(events[i])[1]) + pd.Timedelta(days=DAY_TOLERANCE))
                 for i in dated]
        for n, i in enumerate(dated):
            end_i = reach[n][1]
            for m in range(n + 1, len(dated)):
                if reach[m][0] > end_i:
                    break
                pairs.append((i, dated[m]))
        by_place: dict[str, list[int]] = defaultdict(list)
        for i in idx:
            if events[i].location:
                by_place[_fold(events[i].location)].append(i)
        for i in undated:
            pairs += [(i, j) for j in by_place.get(_fold(events[i].location), []) if j != i] if events[i].location else []
    return pairs


def cluster_events(events: list[Event], gazetteer: Gazetteer | None = None) -> list[EventCluster]:
    """Group events across articles; sets `Event.cluster_id` on every event.

    `gazetteer`: where party names are looked up to tell states and capitals (the pipeline's, when the caller
    has one; default: default_gazetteer())."""
    gaz = gazetteer or default_gazetteer()
    events = sorted(events, key=lambda e: ((_bounds(e) or ("9999",))[0], e.article_id, e.trigger_start, e.event_id))
    scored = []
    compatible_pairs: set[tuple[int, int]] = set()
    for i, j in _candidate_pairs(events):
        a, b = events[i], events[j]
        if compatible(a, b, gaz):
            key = (min(i, j), max(i, j))
            if key not in compatible_pairs:
                compatible_pairs.add(key)
                scored.append((_likeness(a, b), a.article_id, a.event_id, b.article_id, b.event_id, key))
    scored.sort(key=lambda t: (-t[0][0], -t[0][1], t[1:5]))
    group_of = list(range(len(events)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(events))}
    for *_rank, (i, j) in scored:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        if {events[x].article_id for x in members[gi]} & {events[x].article_id for x in members[gj]}:
            continue
        if not all((min(x, y), max(x, y)) in compatible_pairs for x in members[gi] for y in members[gj]):
            continue  # complete linkage
        for x in members[gj]:
            group_of[x] = gi
        members[gi] += members.pop(gj)
    groups = [[events[x] for x in sorted(m)] for _g, m in sorted(members.items())]
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

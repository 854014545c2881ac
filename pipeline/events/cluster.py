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
from collections.abc import Iterator
from functools import lru_cache
from difflib import SequenceMatcher
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from pipeline.normalize.gazetteer import Gazetteer, default_gazetteer, translit_key
from pipeline.records import Event
from pipeline.text import ascii_key

DAY_TOLERANCE = 1  # days between two day-dated reports of one event
# An undated report is compared with every report of the same party at its place; past this many (years of an
# archive), that party does not pair it: the comparison would grow with the square of the archive.
UNDATED_GROUP_LIMIT = 500
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


@lru_cache(maxsize=65536)
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


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    """Folded name tokens without particles, an article glued to a surname dropped ("Albusaidi" -> "busaidi")."""
    out = []
    for t in _fold(name).replace("-", " ").split():
        if t in NAME_PARTICLES:
            continue
        if len(t) > 5 and t[:2] in ("al", "el") and t[2] not in "aeiou":
            t = t[2:]
        out.append(t)
    return tuple(out)


_SOUND_CLASS = str.maketrans("aeiouhcqkgjszxtdfpbv", "aaaaaakkkkkkkkttffff")


def _first_sound(key: str) -> str:
    """A coarse class of a transliteration key's first letter ("Araqchi"/"Araghchi", "Qaddafi"/"Kadhafi",
    "Ibrahim"/"Ebrahim", "Hovsepian"/"Ovsepian", "Qarashi"/"Gharashi", "Cheikh"/"Sheikh" share one)."""
    return key[:1].translate(_SOUND_CLASS)


@lru_cache(maxsize=262144)
def _similar(a: str, b: str) -> bool:
    """One name token in two transliterations ("araqchi"/"araghtchi", "mirziyoyev"/"mirzioiev")."""
    if a == b:
        return True
    if len(a) <= 3 or len(b) <= 3:
        return False
    ka, kb = translit_key(a), translit_key(b)
    if _first_sound(ka or a) != _first_sound(kb or b):
        return False  # spellings of one name start alike ("Dabrane" is not "Orvan", however close the rest)
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


def _surname_class(name: str) -> str:
    """The first sound of a person's surname: two spellings same_person() joins share it, so it can block
    candidate pairs."""
    tokens = _name_tokens(name)
    if len(tokens) < 2:
        return ""
    return "~" + _first_sound(translit_key(tokens[-1]) or tokens[-1])


def _day(iso: str) -> int:
    """Day number of a YYYY-MM-DD bound (pandas parses anything else the way it always did)."""
    try:
        return date.fromisoformat(iso).toordinal()
    except ValueError:
        return pd.Timestamp(iso).toordinal()


@dataclass
class _Report:
    """What the pairwise tests need of one event, worked out once per event rather than once per pair."""
    event: Event
    keys: list[set[str]]
    people: list[bool]           # per participant: a person's name (not a place, not an organisation)
    initiator_keys: set[str]
    main_states: set[str]        # states of the initiator (or first participant)
    states: set[str]             # states of every participant
    place: object                # the gazetteer's entry for the location, or None
    fold_location: str
    bounds: tuple[int, int] | None
    blocks: set[str] = field(default_factory=set)
    match_keys: list[set[str]] = field(default_factory=list)  # per participant: its party keys and surname class


class _Reports:
    """Builds _Report records with the gazetteer lookups of each distinct name made once."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self._keys: dict[str, set[str]] = {}
        self._person: dict[str, bool] = {}
        self._place: dict[str, object] = {}

    def keys(self, name: str) -> set[str]:
        if name not in self._keys:
            self._keys[name] = _party_keys(name, self.gaz)
        return self._keys[name]

    def place(self, name: str):
        if name not in self._place:
            self._place[name] = self.gaz.lookup_place(name)
        return self._place[name]

    def is_person(self, name: str) -> bool:
        if name not in self._person:
            self._person[name] = self.place(name) is None and self.gaz.lookup_org(name) is None and len(name.split()) >= 2
        return self._person[name]

    def __call__(self, e: Event) -> _Report:
        keys = [self.keys(p) for p in e.participants]
        states = lambda sets: {k for ks in sets for k in ks if k.startswith("state:")}  # noqa: E731
        main = e.initiator or (e.participants[0] if e.participants else "")
        b = _bounds(e)
        report = _Report(
            event=e, keys=keys, people=[self.is_person(p) for p in e.participants],
            initiator_keys=self.keys(e.initiator) if e.initiator else set(),
            main_states=states([self.keys(main)]) if main else set(), states=states(keys),
            place=self.place(e.location) if e.location else None, fold_location=_fold(e.location) if e.location else "",
            bounds=(_day(b[0]), _day(b[1])) if b else None)
        classes = [_surname_class(p) for p in e.participants]
        report.match_keys = [ks | {c} if c else ks for ks, c in zip(keys, classes)]
        report.blocks = {k for ks in report.match_keys for k in ks}
        return report


def _bounds(e: Event) -> tuple[str, str] | None:
    if e.date_start and e.date_end:
        return e.date_start[:10], e.date_end[:10]
    return None


def _dates_overlap(a: _Report, b: _Report, same_place: bool = False) -> bool | None:
    """True/False when both are dated, None when one is not.  Two reports dated a day apart at the same place
    may be one event (one dates the arrival, the other the talks)."""
    ba, bb = a.bounds, b.bounds
    if ba is None or bb is None:
        ea, eb = a.event, b.event
        if ea.date and eb.date:
            return ea.date.startswith(eb.date) or eb.date.startswith(ea.date)
        return None
    if same_place and ba[0] == ba[1] and bb[0] == bb[1]:
        return abs(ba[0] - bb[0]) <= DAY_TOLERANCE
    return not (ba[1] < bb[0] or bb[1] < ba[0])


def _places_agree(a: _Report, b: _Report) -> bool:
    """Same place, or one inside the other: a city and its country ("Bangkok", "Thaïlande"), a venue the
    gazetteer does not know and a city of the same country or of no stated one ("palais de Koulouba",
    "Bamako"). Two known cities, or two countries, that differ are two places."""
    if not a.fold_location or not b.fold_location or a.fold_location == b.fold_location:
        return True
    pa, pb = a.place, b.place
    ca = (pa.country if pa is not None else "") or a.event.country
    cb = (pb.country if pb is not None else "") or b.event.country
    if ca and cb and ca.upper() != cb.upper():
        return False
    if pa is None or pb is None:
        return True  # a venue inside a city (the other) or a place the gazetteer does not know, same state
    return pa.kind == "country" or pb.kind == "country"


def _other_people_differ(a: _Report, b: _Report) -> bool:
    """Both reports name a person besides the ones they share, and those persons are not the same."""
    def people(x: _Report, y: _Report) -> list[str]:
        return [p for p, k, person in zip(x.event.participants, x.keys, x.people)
                if person and not any(_parties_match(p, k, q, kq) for q, kq in zip(y.event.participants, y.keys))]
    return bool(people(a, b)) and bool(people(b, a))


def compatible(a: Event, b: Event, gazetteer: Gazetteer | None = None) -> bool:
    """Could these two reports describe the same event? (`gazetteer`: where states and capitals are looked
    up; default: default_gazetteer())"""
    if a.type != b.type or a.article_id == b.article_id:
        return False
    reports = _Reports(gazetteer or default_gazetteer())
    return _compatible(reports(a), reports(b))


def _compatible(ra: _Report, rb: _Report) -> bool:
    a, b = ra.event, rb.event
    if a.type != b.type or a.article_id == b.article_id:
        return False
    n_shared = sum(1 for pa, ka in zip(a.participants, ra.keys)
                   if any(_parties_match(pa, ka, pb, kb) for pb, kb in zip(b.participants, rb.keys)))
    if not n_shared:
        return False
    # the same supplier or visitor with another counterpart: two deliveries, two trips ("drones to Mali",
    # "drones to Niger"); only for directed events, and only when both reports name the other side's state
    if a.type in DIRECTED_TYPES:
        mains = ra.main_states | rb.main_states
        others_a = ra.states - mains
        others_b = rb.states - mains
        if others_a and others_b and not others_a & others_b:
            return False
    if a.type == "MEETING" and _other_people_differ(ra, rb):
        return False  # one visitor's talks with two different hosts: two meetings
    if a.initiator and b.initiator:
        ka, kb = ra.initiator_keys, rb.initiator_keys
        a_in_b = any(_parties_match(a.initiator, ka, p, k) for p, k in zip(b.participants, rb.keys))
        b_in_a = any(_parties_match(b.initiator, kb, p, k) for p, k in zip(a.participants, ra.keys))
        if not (_parties_match(a.initiator, ka, b.initiator, kb) or a_in_b or b_in_a):
            return False  # two different visitors or suppliers
    if not _places_agree(ra, rb):
        return False
    same_place = bool(ra.fold_location and ra.fold_location == rb.fold_location)
    overlap = _dates_overlap(ra, rb, same_place)
    if overlap is None:  # one report does not date it: two shared parties (and places that agree) say it is one
        return n_shared >= 2
    return overlap


def _precision(e: Event) -> int:
    b = _bounds(e)
    if b is None:
        return 10 ** 6
    return _day(b[1]) - _day(b[0])


def _likeness(a: Event, b: Event) -> tuple:
    """How alike two compatible reports are: same place, same date, then the number of shared parties."""
    same_place = bool(a.location and b.location and _fold(a.location) == _fold(b.location))
    same_date = bool(a.date and a.date == b.date)
    shared = len({_fold(p) for p in a.participants} & {_fold(p) for p in b.participants})
    return (same_place + same_date, shared)


def _may_share_two(a: _Report, b: _Report) -> bool:
    """Could two of a's parties each match one of b's? A party matches only through a shared key or, for a person,
    a shared surname class (same_person() implies it), so this test never drops a pair compatible() would join
    when it needs two shared parties (an undated report)."""
    found = 0
    for keys in a.match_keys:
        if not keys.isdisjoint(b.blocks):
            found += 1
            if found == 2:
                return True
    return False


def _candidate_pairs(reports: list[_Report]) -> Iterator[tuple[int, int]]:
    """Pairs worth testing: same type, a party key in common (a name, the state it stands for, or the first
    sound of a person's surname), and dates within reach of each other (sorted sweep), or, for an undated
    report, the same place. Blocking on parties keeps the work near linear in a large archive: only reports
    that share a party and a few days are ever compared, and a pair that shares several keys comes from the
    first of them only, so nothing is held but the pairs that match. A dated pair comes once, the
    earlier-dated report first; two undated reports come both ways, the lower index first (compatible()
    counts shared parties from its first report's side); an undated report comes first with a dated one."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        for key in r.blocks:
            blocks[(r.event.type, key)].append(i)
    order = {i: n for n, i in enumerate(sorted((i for i, r in enumerate(reports) if r.bounds),
                                               key=lambda i: (reports[i].bounds, i)))}
    for (_type, key), idx in blocks.items():
        if len(idx) < 2:
            continue

        def first_shared(i: int, j: int) -> bool:
            return min(reports[i].blocks & reports[j].blocks) == key

        dated = sorted((i for i in idx if reports[i].bounds), key=order.__getitem__)
        for n, i in enumerate(dated):
            end_i = reports[i].bounds[1] + DAY_TOLERANCE
            for m in range(n + 1, len(dated)):
                j = dated[m]
                if reports[j].bounds[0] > end_i:
                    break
                if first_shared(i, j):
                    yield i, j
        by_place: dict[str, list[int]] = defaultdict(list)
        for i in idx:
            if reports[i].fold_location:
                by_place[reports[i].fold_location].append(i)
        for i in idx:
            if reports[i].bounds is not None or not reports[i].fold_location:
                continue
            same_place = by_place[reports[i].fold_location]
            if len(same_place) > UNDATED_GROUP_LIMIT:
                continue  # an archive's years of reports of one party at one place: no date, too weak to pair
            for j in same_place:
                if j == i or (reports[j].bounds is None and j < i) or not first_shared(i, j):
                    continue
                # an undated pair joins on two shared parties (compatible()): skip the pairs that cannot have them
                needs_two = not (reports[i].event.date and reports[j].event.date)
                if not needs_two or _may_share_two(reports[i], reports[j]):
                    yield i, j
                if reports[j].bounds is None and (not needs_two or _may_share_two(reports[j], reports[i])):
                    yield j, i


def cluster_events(events: list[Event], gazetteer: Gazetteer | None = None) -> list[EventCluster]:
    """Group events across articles; sets `Event.cluster_id` on every event.

    `gazetteer`: where party names are looked up to tell states and capitals (the pipeline's, when the caller
    has one; default: default_gazetteer())."""
    gaz = gazetteer or default_gazetteer()
    events = sorted(events, key=lambda e: ((_bounds(e) or ("9999",))[0], e.article_id, e.trigger_start, e.event_id))
    make_report = _Reports(gaz)
    reports = [make_report(e) for e in events]
    scored = []
    compatible_pairs: set[tuple[int, int]] = set()
    for i, j in _candidate_pairs(reports):
        a, b = events[i], events[j]
        key = (min(i, j), max(i, j))
        if key not in compatible_pairs and _compatible(reports[i], reports[j]):
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

"""Per-article state of event extraction: the candidate record (`_Cand`) and the lookups shared by the
candidate, role and slot finders (`_Ctx`: mentions by token, recent parties and states, venues..., and the
gazetteer places are looked up in: `ctx.gazetteer`, the pipeline's own, passed to extract_events)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
import hashlib
import re

from spacy.attrs import ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from pipeline.normalize.gazetteer import Gazetteer
from pipeline.events.lexicon import Lexicon, TriggerRule
from pipeline.records import Article, Mention
from pipeline.events.syntax import _title_words


PARTY_LABELS = {"PER", "ORG"}


def _event_id(article_id: str, type_: str, start: int, end: int, k: int = 0) -> str:
    key = f"{article_id}|{type_}|{start}|{end}" + (f"|{k}" if k else "")
    return hashlib.sha1(key.encode()).hexdigest()[:16]


@dataclass
class _Cand:
    rule: TriggerRule
    tok: Token
    pred: Token
    unit: tuple[int, int]          # evidence char span (sentence cut to the trigger's line)
    sent_idx: int
    type: str = ""
    cameo: str = ""
    initiator: list[str] = field(default_factory=list)
    counterpart: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    location: Mention | None = None
    loc_direct: bool = False
    date: Mention | None = None
    date_source: str = ""
    money: Mention | None = None
    planned: bool = False
    anaphoric: bool = False
    direct: bool = False
    fallback_parties: bool = False
    absorbed: bool = False
    leader: list[str] = field(default_factory=list)
    headline: bool = False
    undated: bool = False  # a participle on a noun: the sentence's date is another clause's

    def participants(self) -> list[str]:
        return list(dict.fromkeys(self.leader + self.initiator + self.counterpart + self.others))


class _Ctx:
    """Per-article lookups shared by the role and slot finders."""

    def __init__(self, doc: Doc, mentions: list[Mention], article: Article, lex: Lexicon, gazetteer: Gazetteer):
        self.doc, self.article, self.lex = doc, article, lex
        self.gazetteer = gazetteer
        self.text = article.text
        self.skip = list(article.skip_regions or [])
        self.mentions = [m for m in mentions if not self.in_skip(m.start)]
        self.at: dict[int, Mention] = {}
        self.root_of: dict[int, Token] = {}
        for idx, m in enumerate(self.mentions):
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            self.root_of[id(m)] = span.root
            for t in span:
                old = self.at.get(t.i)
                if old is None or (old.end - old.start) < (m.end - m.start):
                    self.at[t.i] = m
        self.titles = lex.cue("titles")
        self.recent_parties: list[list[str]] = []
        self.recent_states: list[list[str]] = []
        self._states: dict[str, str] = {}  # states of earlier events (actors' countries, place), for "les deux pays"
        self.leaders: list[tuple[str, int]] = []  # (delegation leader, position) for "la délégation"
        self.initiators: list[tuple[str, int]] = []  # (initiator, sentence start) of earlier triggers  # participants of earlier triggers, for "les deux parties"
        self.headline_events: set[str] = set()
        self.resident_events: set[str] = set()
        self.per_names = {self.name(m) for m in self.mentions if m.label == "PER"}
        self.org_heads = self._org_heads()
        # "au palais de Dolmabahçe": a name the text introduces with a venue word is a venue, whatever its norm
        words = "|".join(re.escape(w) for w in lex.cue("venue_words"))
        self.venue_names = {self.name(m) for m in self.mentions if m.label == "LOC" and re.search(
            rf"\b(?:{words})\s+(?:de\s+la\s+|de\s+l['’]\s*|de\s+|d['’]\s*|du\s+|des\s+)?$",
            self.text[max(0, m.start - 30):m.start], re.IGNORECASE)}
        # "reçu à l'Élysée": a seat of power tagged ORG is the venue when the text puts the event there
        self.venue_orgs = {id(m) for m in self.mentions if m.label == "ORG" and _is_venue(self.name(m), self)
                           and re.search(r"\b(?:à l'|à l’|au|aux)\s*$", self.text[max(0, m.start - 6):m.start])}
        # « Shaheen X »: a quoted name (an exercise, an operation) is never a party
        self.quoted = {id(m) for m in self.mentions if self.text[max(0, m.start - 2):m.start].strip() in {"«", "\""}
                       and self.text[m.end:m.end + 2].strip() in {"»", "\""}}
        self.pronouns = lex.cue("pronouns")
        self.paren = self._paren_tokens()
        self.paragraphs = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", self.text)]
        self.sent_units: list[Span] = []
        self.clause_dated: set[str] = set()  # events whose date is their own clause's
        self.made: list[Mention] = []  # mentions the extractor builds ("le ciel égyptien" -> Égypte)

    def _org_heads(self) -> dict[str, str]:
        """ORG -> the person the article introduces as its head: "le Premier ministre du Gouvernement
        d'union nationale (GUN), Abdelhamid Dbeibeh" makes "le chef du GUN" Dbeibah."""
        heads: dict[str, str] = {}
        titles = self.lex.cue("leader_titles")
        orgs = [m for m in self.mentions if m.label == "ORG"]
        for p in (m for m in self.mentions if m.label == "PER"):
            org = next((o for o in reversed(orgs) if o.end <= p.start and
                        re.fullmatch(r"\s*(?:\([^()]{1,15}\))?\s*,?\s*(?:\w+\s+){0,1}", self.text[o.end:p.start])), None)
            if org is None:
                continue
            before = self.text[max(0, org.start - 60):org.start].lower()
            if any(re.search(r"\b" + re.escape(ti.lower()) + r"\b[^,.;]*$", before) for ti in titles):
                heads.setdefault(self.name(org), self.name(p))
        return heads

    def in_skip(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.skip)

    def _paren_tokens(self) -> set[int]:
        out, depth = set(), 0
        if "(" not in self.text:
            return out
        opening, closing = hash_string("("), hash_string(")")
        for i, orth in enumerate(self.doc.to_array(ORTH).tolist()):  # hashes: no Token object per word
            if orth == opening:
                depth += 1
            elif orth == closing:
                depth = max(0, depth - 1)
            elif depth:
                out.add(i)
        return out

    def paragraph_of(self, pos: int) -> tuple[int, int]:
        for a, b in self.paragraphs:
            if a <= pos < b:
                return a, b
        return 0, len(self.text)

    def name(self, m: Mention) -> str:
        return (m.norm or m.text).strip()

    def compatriots(self, tok: Token, country: str) -> list[str]:
        """The last two distinct persons named before `tok` who belong to `country` (gazetteer or title)."""
        code = self.lex.countries.get(country, "")
        out: list[str] = []
        for m in sorted((m for m in self.mentions if m.label == "PER" and m.end <= tok.idx), key=lambda m: -m.start):
            name = self.name(m)
            if name not in out and ((code and (m.country or "").upper() == code.upper()) or self.state_of(name) == country):
                out.append(name)
                if len(out) == 2:
                    break
        return out[::-1]

    def antecedent_by_country(self, tok: Token, country: str) -> Mention | None:
        """Latest person of an earlier sentence whose surroundings name `country` or its demonym."""
        limit = tok.sent.start_char
        words = {w.lower() for w in self.lex.forms_of.get(country, set())} | {country.lower()}
        seen = 0
        for m in sorted((m for m in self.mentions if m.label == "PER" and m.end <= limit),
                        key=lambda m: -m.start):
            window = self.text[max(0, m.start - 100):min(limit, m.end + 100)].lower()
            if any(re.search(r"\b" + re.escape(w) + r"\b", window) for w in words):
                return m
            seen += 1
            if seen >= 6:
                break
        return None

    def person_near_country(self, name: str, country: str) -> bool:
        """Some mention of the person has the country or its demonym within a few words."""
        words = {w.lower() for w in self.lex.forms_of.get(country, set())} | {country.lower()}
        for m in self.mentions:
            if m.label == "PER" and self.name(m) == name:
                window = self.text[max(0, m.start - 80):m.end + 80].lower()
                if any(re.search(r"\b" + re.escape(w) + r"\b", window) for w in words):
                    return True
        return False

    def first_titled_after(self, tok: Token, title: str, country: str) -> Mention | None:
        """'Le vice-ministre russe ...' in a headline or standfirst, named later in the article."""
        words = {w.lower() for w in self.lex.forms_of.get(country, set())} | {country.lower()}
        for m in sorted((m for m in self.mentions if m.label == "PER" and m.start > tok.idx), key=lambda m: m.start):
            if title in _title_words(m.title):
                window = self.text[max(0, m.start - 80):m.end + 80].lower()
                if any(re.search(r"\b" + re.escape(w) + r"\b", window) for w in words):
                    return m
        return None

    def recent_initiator(self, tok: Token) -> str:
        """The person who initiated the latest earlier event, if it was at most two sentences back."""
        for name, pos in reversed(self.initiators):
            if pos < tok.idx and tok.idx - pos < 600 and name in self.per_names:
                return name
        return ""

    def state_of(self, name: str) -> str:
        """The state a party stands for: a country itself, or a person's country from his title ('ministre turc')."""
        if name in self.lex.countries:
            return name
        if name not in self._states:
            self._states[name] = next((d[0] for m in self.mentions if m.label == "PER" and m.title
                                       and self.name(m) == name
                                       for d in map(self.lex.demonym, m.title.lower().split()) if d), "")
        return self._states[name]

    def party_state(self, name: str) -> str:
        """The state of a party: a country, a person's by his title, an organisation's by its gazetteer country."""
        state = self.state_of(name)
        if not state:
            code = next((m.country for m in self.mentions if m.label == "ORG" and m.country and self.name(m) == name), "")
            state = self.lex.country_of_code.get(code.upper(), "") if code else ""
        return state

    def is_org_name(self, name: str) -> bool:
        return any(m.label == "ORG" and self.name(m) == name for m in self.mentions)

    def party_name(self, m: Mention) -> str:
        """A city acting as a party stands for its state ('Moscou a livré' -> Russie)."""
        if m.label == "LOC" and not self.is_country(m) and m.country:
            return self.lex.country_of_code.get(m.country.upper(), self.name(m))
        return self.name(m)

    def is_country(self, m: Mention) -> bool:
        return m.label == "LOC" and self.name(m) in self.lex.countries

    def last_people(self, tok: Token, n: int) -> list[str]:
        """The last `n` distinct persons named before `tok`, in text order."""
        names: list[str] = []
        for m in reversed(self.mentions):
            if m.label == "PER" and m.end <= tok.idx and self.name(m) not in names:
                names.append(self.name(m))
                if len(names) == n:
                    break
        return names[::-1] if len(names) == n else []

    def last_states(self, tok: Token, n: int) -> list[str]:
        """The last `n` distinct states named before `tok` (countries, or demonyms that stand for one), in text
        order; none when fewer were named: 'Oman et le Pakistan ... Les deux marines'."""
        found: list[tuple[int, str]] = []
        for m in self.mentions:
            if m.label == "LOC" and m.end <= tok.idx and self.is_country(m):
                found.append((m.start, self.name(m)))
        for t in tok.doc[max(0, tok.sent.start - 120):tok.i]:
            d = self.lex.demonym(t.lower_) if t.is_lower and t.pos_ == "ADJ" else None
            if d:
                found.append((t.idx, d[0]))
        names: list[str] = []
        for _, name in sorted(found, reverse=True):
            if name not in names:
                names.append(name)
            if len(names) == n:
                return names[::-1]
        return []

    def last_before(self, pos: int, labels: set[str], title: str = "") -> Mention | None:
        """The latest mention of `labels` ending before `pos`; with `title`, the latest one so titled
        ('le maréchal' -> the last person introduced as 'maréchal ...'), else the latest of all."""
        before = [m for m in self.mentions if m.label in labels and m.end <= pos]
        if not before:
            return None
        if title:
            titled = [m for m in before if title in _title_words(m.title)]
            if titled:
                return max(titled, key=lambda m: m.start)
        return max(before, key=lambda m: m.start)


def _kin(a: str, b: str) -> bool:
    """Types one anaphor may refer back to: 'la délégation' after 'X est arrivé à Y' and the reverse."""
    return a == b or {a, b} == {"VISIT", "DELEGATION"}


def _is_venue(name: str, ctx: _Ctx) -> bool:
    low = name.lower()
    return any(low.startswith(w.lower()) for w in ctx.lex.cue("venue_words")) \
        or name in ctx.venue_names


def _kind(name: str, ctx: _Ctx) -> str:
    """'country', 'city', 'region', 'site' for a known place, '' otherwise."""
    place = ctx.gazetteer.lookup_place(name)
    return place.kind if place is not None else ""

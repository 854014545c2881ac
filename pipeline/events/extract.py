"""Events from one article: trigger lexicon + dependency parse + normalized mentions.

Flow per article:
1. triggers: lexicon lemmas matched in each sentence (never in skip regions);
2. roles: the trigger's predicate (the verb itself, or the verb a noun hangs
   from: "effectuer une visite") gives initiator / counterpart through the
   subject, object, "avec", "par" arguments; the noun's own arguments
   ("visite de X", "délégation russe", "sur invitation de X") add to them;
   pronouns, bare titles ("le maréchal") and "les deux parties" are resolved to
   entities already named in the article;
3. slots: location (LOC attached by à/en/au/chez, then the clause, then the
   sentence), date (clause DATE, then sentence, then the event the sentence
   refers back to, then the nearest preceding DATE of the paragraph), amount
   (MONEY of the sentence);
4. merging: triggers describing one event in one sentence ("la délégation est
   arrivée", "la signature d'un accord") become one event; anaphoric mentions
   ("cette visite", "la rencontre") add participants to the event they refer to;
   reports of the same event inside the article are merged.
"""
from __future__ import annotations

import dataclasses
from collections import Counter
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Span, Token

from pipeline.normalize.dates import introduces_target, names_a_month
from pipeline.normalize.places import capital_of, is_capital, lookup_place
from pipeline.events.lexicon import Lexicon, TriggerRule, load_lexicon
from pipeline.records import Article, Event, Mention

PARTY_LABELS = {"PER", "ORG"}
SUBJ = {"nsubj", "nsubj:pass", "csubj", "expl:subj"}
TERMINAL = {".", "!", "?", "…"}
ORDINAL = re.compile(r"premi(?:er|ère)|\w+ième|dernière|dernier")
SINCE = re.compile(r"\bdepuis\s+(?:le\s+|l'|la\s+)?$", re.IGNORECASE)
JOINT_BODIES = {"comité", "commission", "conseil", "groupe"}  # with "mixte", "conjoint": a body of both states
PEOPLE_NOUNS = {"dirigeant", "homme", "chef", "président", "ministre", "responsable"}  # "les deux dirigeants libyens"
FIRST_TIME = re.compile(r"\b(?:c['’]est|il s['’]agit de) la (?:première|deuxième|troisième|\w+ième) fois\b.*\bqu[e'’]",
                        re.IGNORECASE)
PHONE = re.compile(r"\b(?:au téléphone|téléphoniques?|par visioconférence)\b", re.IGNORECASE)
OCCASION = re.compile(r"\b(?:à cette occasion|à l'issue de (?:cette|la) (?:visite|rencontre|réunion)|"
                      r"(?:lors|au cours|pendant|durant) de (?:cette|la) (?:visite|rencontre|réunion|séjour))\b",
                      re.IGNORECASE)
FRAME = re.compile(r"\b(?:en marge|dans le cadre|au titre|en vertu|en application|sous l'égide)\s+"
                   r"(?:du|des|de la|de l'|de l’|d'|d’|de)\s*(?:\w+\s+){0,2}$", re.IGNORECASE)
MIN_CONFIDENCE = 0.15  # below: a trigger whose only participant is a guess from the sentence
ARG_DEPS = {"obj", "obl", "obl:arg", "obl:mod", "obl:agent", "nmod", "iobj", "nsubj", "nsubj:pass"}
NP_DEPS = {"appos", "flat:name", "flat", "conj", "nmod", "amod", "compound", "fixed", "nummod"}
DE = {"de", "d'", "d’", "du", "des"}


def _event_id(article_id: str, type_: str, start: int, end: int, k: int = 0) -> str:
    key = f"{article_id}|{type_}|{start}|{end}" + (f"|{k}" if k else "")
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _listed_places(c: "_Cand", ctx: "_Ctx") -> set[str]:
    """Places introduced by à/au/en in the trigger's own clause."""
    out = set()
    for m in ctx.mentions:
        r = ctx.root_of.get(id(m))
        if m.label == "LOC" and r is not None and c.unit[0] <= m.start < c.unit[1] \
                and _case(r) in {"à", "au", "aux", "en"} and _clause_head(r).i == c.tok.i:
            out.add(ctx.name(m))
    return out


def _more_destinations(c: "_Cand", ctx: "_Ctx") -> list[Mention]:
    """Places coordinated with a trip's or a deployment's destination ('au Caire et à Abou Dhabi')."""
    if c.type not in {"VISIT", "DELEGATION", "OTHER"} or c.location is None or id(c.location) not in ctx.root_of:
        return []
    root = ctx.root_of[id(c.location)]
    out = []
    for t in root.children:
        m = ctx.at.get(t.i)
        if t.dep_ == "conj" and m is not None and m.label == "LOC" and m is not c.location and _case(t):
            out.append(m)
    return out


THEN_AT = re.compile(r",\s*(?:puis|ensuite|et enfin)\s+(?:à|au|aux)\s", re.IGNORECASE)


def _later_receptions(c: "_Cand", ctx: "_Ctx") -> list[tuple[Mention, str]]:
    """(place, host) of each ", puis au B par Y" after a reception verb."""
    if c.cameo != "043" or c.tok.pos_ != "VERB" or not _is_passive(c.tok):
        return []
    out = []
    for m in THEN_AT.finditer(ctx.text, c.tok.idx, c.unit[1]):
        place = next((x for x in ctx.mentions if x.start >= m.end() and x.start - m.end() <= 4
                      and (x.label == "LOC" or id(x) in ctx.venue_orgs or _is_venue(ctx.name(x), ctx))), None)
        if place is None:
            continue
        stop = THEN_AT.search(ctx.text, place.end, c.unit[1])
        end = stop.start() if stop else c.unit[1]
        by = ctx.text.find(" par ", place.end, end)
        host = next((ctx.name(x) for x in ctx.mentions if x.label == "PER" and by >= 0 and by < x.start < end), "")
        if host:  # "puis à Niamey pour un entretien avec Y" goes on with the trip, it is no second reception
            out.append((place, host))
    return out


def _more_dates(c: "_Cand", ctx: "_Ctx") -> list[Mention]:
    """Dates coordinated with the event's own date ('en décembre 2022 et en mars dernier'): repeated events.

    A range written with 'et' ("les 27 et 28 novembre") is one DATE mention, so it never gets here."""
    if c.date is None or c.date_source not in {"clause", "sentence"} or id(c.date) not in ctx.root_of:
        return []
    span = c.tok.doc.char_span(c.date.start, c.date.end, alignment_mode="expand")
    out = []
    for t in (ch for tok in (span or []) for ch in tok.children):  # "octobre 2023 et février": conj on any token
        m = ctx.at.get(t.i)
        if t.dep_ == "conj" and m is not None and m.label == "DATE" and m is not c.date and m.norm and _case(t) \
                and m not in out:
            out.append(m)
    return out


def mentions_from_ents(doc: Doc, article_id: str = "") -> list[Mention]:
    """Mentions straight from doc.ents (PER/LOC/ORG), for use before the normalizers run."""
    out = []
    for e in doc.ents:
        if e.label_ in {"PER", "LOC", "ORG", "DATE", "MONEY"}:
            out.append(Mention(article_id, e.start_char, e.end_char, e.text, e.label_, norm=e.text))
    return out


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

    def __init__(self, doc: Doc, mentions: list[Mention], article: Article, lex: Lexicon):
        self.doc, self.article, self.lex = doc, article, lex
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
        for t in self.doc:
            if t.text == "(":
                depth += 1
            elif t.text == ")":
                depth = max(0, depth - 1)
            elif depth:
                out.add(t.i)
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


def _head_of_org(tok: Token, ctx: _Ctx) -> str:
    """"le chef du GUN", "le président du Conseil présidentiel": the article's named head of that ORG."""
    if tok.lemma_.lower() not in ctx.lex.cue("leader_titles"):
        return ""
    for ch in tok.children:
        if ch.dep_ == "nmod" and _case(ch) in DE:
            m = ctx.at.get(ch.i)
            if m is not None and m.label == "ORG" and ctx.name(m) in ctx.org_heads:
                return ctx.org_heads[ctx.name(m)]
    return ""


def _surface_appos(tok: Token, ctx: _Ctx) -> Mention | None:
    """A person named right after a title phrase, ', le prince X' or ', X', that the parser did not attach.

    Not after a participle on the title ('Le chef du gouvernement, accompagné du ministre de la Défense,
    le général X, ...'): X is the companion's name."""
    doc = tok.doc
    if any(ch.dep_ in {"acl", "advcl"} and "VerbForm=Part" in str(ch.morph) for ch in tok.children):
        return None
    j = tok.right_edge.i + 1
    if j < len(doc) and doc[j].text != "," and j not in ctx.paren:
        # "a rencontré le général Assimi Goïta" with the name parsed as a separate fragment
        m = ctx.at.get(j)
        if m is not None and m.label == "PER" and m.start == doc[j].idx and (
                tok.right_edge.i == tok.i or tok.lemma_.lower() in _title_words(m.title)):
            return m
        return None
    if j >= len(doc):
        return None
    j += 1
    for _ in range(3):
        if j < len(doc) and j not in ctx.at and (doc[j].pos_ == "DET" or doc[j].lemma_.lower() in ctx.titles
                                                 or doc[j].pos_ == "ADJ"):
            j += 1
    m = ctx.at.get(j) if j < len(doc) else None
    if m is not None and m.label == "PER" and m.start == doc[j].idx and j not in ctx.paren:
        return m
    return None


def _title_words(title: str) -> set[str]:
    return set(re.split(r"[\s,'’]+", (title or "").lower()))


# ---------------------------------------------------------------- entity resolution

def _case(tok: Token) -> str:
    for c in tok.children:
        if c.dep_ == "case":
            return c.lower_
    return ""


IMPERSONAL_HEADS = {"prévoir", "falloir", "sembler", "agir", "paraître", "possible", "nécessaire", "question",
                    "rester", "probable", "important", "falloir", "exister", "arriver", "pleuvoir"}


def _np_parties(tok: Token, ctx: _Ctx, events: list[Event], depth: int = 0) -> list[str]:
    """Canonical party names a noun phrase headed by `tok` stands for.

    Primary names (the mention itself, a name in apposition, the antecedent of a
    pronoun or of a bare title such as 'le maréchal') win; organisations and
    countries met inside the phrase ('le commandant d'Africom', 'les responsables
    libyens') are used only when the phrase names nobody directly.
    """
    if depth > 3 or tok.i in ctx.paren:
        return []
    primary: list[str] = []
    secondary: list[str] = []
    conj: list[str] = []
    m = ctx.at.get(tok.i)
    if m is not None and id(m) in ctx.quoted:
        return []
    if m is not None and _names_a_vessel(tok, ctx):
        return []  # "la frégate Amiral Chapochnikov": a ship, not a party
    if m is not None and (m.label in PARTY_LABELS or (m.label == "LOC" and (depth == 0 or ctx.is_country(m)))):
        primary.append(ctx.party_name(m))
    elif m is None and tok.pos_ == "PRON":
        low = tok.lower_
        if low in {"qui", "que", "qu'", "qu’", "lequel", "laquelle"}:
            if tok.head.dep_ == "acl:relcl":
                primary.extend(_np_parties(tok.head.head, ctx, events, depth + 1))
            elif low == "qui" and tok.i >= 2 and tok.doc[tok.i - 1].text == ",":
                # ", qui ont dénoncé" parsed as an adverbial clause: the noun phrase just before the comma
                ante = tok.doc[tok.i - 2]
                while ante.dep_ in {"amod", "flat:name"} and ante.head.i < ante.i:
                    ante = ante.head
                if ante.pos_ in {"NOUN", "PROPN"}:
                    primary.extend(_np_parties(ante, ctx, events, depth + 1))
        elif (low in ctx.pronouns or tok.lemma_ in {"il", "elle", "lui", "le", "la"}) and tok.dep_ != "expl:comp":
            impersonal = low == "il" and (tok.head.lemma_ in IMPERSONAL_HEADS
                                          or any(c.dep_ in {"xcomp", "ccomp", "csubj"} and c.lemma_ in IMPERSONAL_HEADS
                                                 for c in tok.head.children))
            if not impersonal:
                ante = ctx.last_before(tok.idx, {"PER"}) or ctx.last_before(tok.idx, {"ORG"})
                hero = ctx.recent_initiator(tok)
                main_subject = _main_clause_person(tok, ctx, events, depth)
                same_sentence = ante is not None and ante.label == "PER" and ante.start >= tok.sent.start_char
                if main_subject:
                    primary.append(main_subject)  # "M. X s'était rendu à Ankara, où il avait rencontré Y": X
                elif ante is not None and ante.label == "PER" and tok.dep_ in SUBJ \
                        and _subject_of_sentence_before(ante, tok, ctx):
                    primary.append(ctx.name(ante))  # "X a salué ... . Il doit se rendre": the last subject, not the story's hero
                elif same_sentence and ctx.root_of.get(id(ante)) is not None \
                        and ctx.root_of[id(ante)].dep_ in SUBJ | {"appos", "flat:name"}:
                    primary.append(ctx.name(ante))  # the person the sentence is about, before the story's hero
                elif hero:
                    primary.append(hero)  # "il" continues the story of the last event's actor
                elif ante is not None:
                    primary.append(ctx.name(ante))
    for c in tok.children:
        if c.i in ctx.paren:
            continue
        if c.i in ctx.at and ctx.at[c.i].label == "PER" and c.dep_ in {"amod", "compound", "nummod", "nmod", "dep"} \
                and not _case(c) and tok.lower_ not in ctx.lex.cue("kinship"):  # "le fils du maréchal X" is not X
            primary.extend(_np_parties(c, ctx, events, depth + 1))  # a name the tagger attached oddly
        elif c.dep_ == "amod" and c.i not in ctx.at:
            for a in [c] + [x for x in c.children if x.dep_ == "conj" and x.pos_ == "ADJ"]:
                d = ctx.lex.demonym(a.lower_) or ctx.lex.demonym(a.lemma_)
                if d:
                    secondary.append(d[0])
        elif c.dep_ == "conj" and c.pos_ == "ADJ" and c.i not in ctx.at:
            d = ctx.lex.demonym(c.lower_) or ctx.lex.demonym(c.lemma_)
            if d:
                secondary.append(d[0])  # "les marines russe et algérienne": the parser hangs the 2nd adjective on the noun
        elif c.dep_ in {"appos", "flat:name"} or (c.dep_ == "nmod" and not _case(c) and c.i in ctx.at):
            names = _np_parties(c, ctx, events, depth + 1)
            (primary if any(x in ctx.per_names for x in names) else secondary).extend(names)
        elif c.dep_ == "conj":
            conj.extend(_np_parties(c, ctx, events, depth))  # "Washington et Tripoli": both at the same level
        elif c.dep_ == "nmod" and _case(c) in DE | {"pour"}:
            secondary.extend(_np_parties(c, ctx, events, depth + 1))
    if not primary and m is None and tok.pos_ == "NOUN" and tok.lower_ in ctx.lex.cue("kinship"):
        # "le fils du maréchal": a relative, not the maréchal; only a person so titled will do
        # "le fils du maréchal Khalifa Haftar, Belkacem Haftar": the name in apposition is the relative
        named = [ctx.at[x.i] for x in tok.subtree if x.dep_ == "appos" and x.i in ctx.at
                 and ctx.at[x.i].label == "PER" and x.i not in ctx.paren]
        if named:
            return [ctx.name(named[0])] + conj
        ante = next((x for x in sorted(ctx.mentions, key=lambda x: -x.start)
                     if x.label == "PER" and x.end <= tok.idx and tok.lower_ in (x.title or "").lower().split()), None)
        if ante is None:
            # "Le fils du maréchal Khalifa Hafter a été reçu": the last-named other person of that family
            kin = [ctx.name(ctx.at[x.i]) for x in tok.subtree if x.i in ctx.at and ctx.at[x.i].label == "PER"]
            family = {k.split()[-1] for k in kin}
            ante = next((x for x in sorted(ctx.mentions, key=lambda x: -x.start)
                         if x.label == "PER" and x.end <= tok.idx and ctx.name(x) not in kin
                         and ctx.name(x).split()[-1] in family), None)
        return [ctx.name(ante)] + conj if ante is not None else conj
    if not primary and m is None and tok.pos_ == "NOUN":
        lemma = "partie" if tok.lower_ in {"partie", "parties"} else tok.lemma_.lower()  # the lemmatizer gives "party"
        has_def = any(c.dep_ == "det" and ("Definite=Def" in str(c.morph) or "PronType=Dem" in str(c.morph)
                                           or "Poss=Yes" in str(c.morph)) for c in tok.children)
        clause_kids = {t.i for c in tok.subtree if c.i != tok.i and (c.dep_ in {"acl", "acl:relcl"} or c.pos_ == "VERB")
                       for t in c.subtree}
        named_org_inside = any(t.i in ctx.at and ctx.at[t.i].label == "ORG" and t.i not in clause_kids
                               for t in tok.subtree if t.i != tok.i)
        modified = named_org_inside or bool(secondary)
        appos = _surface_appos(tok, ctx) if lemma in ctx.titles else None
        head_of = _head_of_org(tok, ctx) if appos is None else ""
        if head_of:
            primary.append(head_of)  # "le chef du GUN": the person introduced as its head
        elif appos is not None:
            primary.append(ctx.name(appos))  # "du ministre saoudien de la Défense, le prince X": X
        elif lemma in JOINT_BODIES and ctx.recent_states and any(
                c.dep_ == "amod" and (c.lower_ in ctx.lex.cue("joint_modifiers") or c.lower_.startswith("mixte"))
                for c in tok.children):
            primary.extend(ctx.recent_states[-1])  # "un comité militaire mixte doit se réunir": the two states last paired
        elif lemma == "délégation" and has_def and ctx.leaders and tok.idx > ctx.leaders[-1][1] \
                and not tok.lower_.endswith("s"):  # not "les deux délégations": both sides
            primary.append(ctx.leaders[-1][0])  # "la délégation a eu des entretiens": led by the last named leader
        elif lemma in ctx.titles and has_def and "Number=Plur" not in str(tok.morph):
            ante = ctx.last_before(tok.idx, {"PER"}, title=lemma)
            titled = ante is not None and lemma in _title_words(ante.title)
            country = secondary[0] if not named_org_inside and len(secondary) == 1 \
                and secondary[0] in ctx.lex.countries else ""
            hero = ctx.recent_initiator(tok)
            if ante is not None and (titled or not modified or _previous_subject(ante, tok, ctx)):
                primary.append(ctx.name(ante))
            elif country and hero and ctx.person_near_country(hero, country):
                primary.append(hero)  # "l'homme fort de l'Est libyen": the Libyan the story follows
            elif country:
                # "l'officier américain": the last person named near something American
                ante = ctx.antecedent_by_country(tok, country)
                if ante is None:
                    ante = ctx.first_titled_after(tok, lemma, country)  # headline before the name
                if ante is not None:
                    primary.append(ctx.name(ante))
        elif (lemma in ctx.lex.cue("both_parties") or tok.lower_ in ctx.lex.cue("both_parties")) \
                and tok.lower_.endswith(("s", "x")) and (not secondary or lemma in PEOPLE_NOUNS) \
                and any(c.lower_ == "deux" or (c.lower_ == "les" and lemma == "partie") for c in tok.children):
            compatriots = ctx.compatriots(tok, secondary[0]) if lemma in PEOPLE_NOUNS and len(secondary) == 1 \
                and secondary[0] in ctx.lex.countries else []
            if lemma in {"pays", "capitale", "délégation", "partie"} and ctx.recent_states:
                primary.extend(ctx.recent_states[-1])  # "les deux pays" after a Turkish minister went to Libya
            elif len(compatriots) == 2:
                primary.extend(compatriots)  # "les deux dirigeants libyens": the last two Libyans named
            elif ctx.recent_parties:
                primary.extend(ctx.recent_parties[-1])
            elif events and len(events[-1].participants) >= 2:
                primary.extend(events[-1].participants)
            elif lemma in PEOPLE_NOUNS:
                primary.extend(ctx.last_people(tok, 2))  # "Les deux dirigeants se sont entretenus": the last two named
    # "Washington et Tripoli ont signé" parsed with a dangling first conjunct: take it back
    first = tok.i
    if m is not None:
        while first > 0 and ctx.at.get(first - 1) is m:
            first -= 1
    if first > 0 and tok.doc[first - 1].pos_ == "DET":
        first -= 1
    if depth == 0 and first >= 2 and tok.doc[first - 1].lower_ == "et" and tok.dep_ in SUBJ:
        lm = ctx.at.get(first - 2)
        lroot = ctx.root_of.get(id(lm)) if lm is not None else None
        if lroot is not None and lroot.dep_ == "ROOT" and lroot.i != tok.head.i and lm.label in PARTY_LABELS | {"LOC"}:
            primary.insert(0, ctx.party_name(lm))  # "Aguila Saleh et Hakan Fidan se sont rencontrés", misparsed
    out = (primary or secondary) + conj
    return list(dict.fromkeys(out))


def _names_a_vessel(tok: Token, ctx: _Ctx) -> bool:
    vessels = ctx.lex.cue("vessel_nouns")
    if tok.dep_ in {"appos", "nmod", "flat:name"} and tok.head.lower_ in vessels:
        return True
    j = tok.i - 1
    while j >= 0 and ctx.at.get(j) is ctx.at.get(tok.i):
        j -= 1
    return j >= 0 and tok.doc[j].lower_ in vessels


def _previous_subject(ante: Mention, tok: Token, ctx: _Ctx) -> bool:
    """'X n'est pas reparti les mains vides. Le Premier ministre du GUN, ...': a bare office that opens
    a sentence names the untitled subject of the sentence just before (press avoids repeating the name)."""
    return not ante.title and tok.dep_ in SUBJ and _subject_of_sentence_before(ante, tok, ctx)


def _subject_of_sentence_before(ante: Mention, tok: Token, ctx: _Ctx) -> bool:
    """`ante` is the subject of the main clause of the sentence just before `tok`'s
    ('Le Premier ministre X, qui ..., a salué ...'; the name may hang on its title)."""
    if tok.sent.start == 0:
        return False
    prev = tok.doc[tok.sent.start - 1].sent
    root = ctx.root_of.get(id(ante))
    if root is None or not prev.start_char <= ante.start < prev.end_char:
        return False
    while root.dep_ in {"flat:name", "appos", "amod"} and root.head.i != root.i:
        root = root.head
    return root.dep_ in SUBJ | {"appos"} and root.head.i == prev.root.i


def _main_clause_person(tok: Token, ctx: _Ctx, events: list[Event], depth: int) -> str:
    """The person subject of the clause that governs the pronoun's clause (relative, adverbial, coordinated)."""
    v = tok.head
    if v.dep_ not in {"acl:relcl", "advcl", "conj"} or depth > 2:
        return ""
    h = v.head
    for _ in range(3):
        if h.pos_ in {"VERB", "AUX"} or h.head == h:
            break
        h = h.head
    for s in (x for x in h.children if x.dep_ in SUBJ and x.i < tok.i):
        if s.pos_ == "PRON":
            continue
        names = _np_parties(s, ctx, events, depth + 1)
        person = next((n for n in names if n in ctx.per_names), "")
        if person:
            return person
    return ""


def _possessor(tok: Token, ctx: _Ctx, pred: Token | None = None) -> list[str]:
    """'sa visite', 'leur rencontre' -> the latest person named before.

    Not when a support verb with its own subject governs the noun ('X et Y ont mené leur premier
    exercice'): that subject is the possessor and fills the roles."""
    verb = pred if pred is not None and pred.i != tok.i else tok.head
    if tok.dep_ in {"obj", "obl:arg"} and verb.lemma_ in ctx.lex.cue("support_verbs") \
            and any(ch.dep_ in SUBJ and ch.pos_ in {"NOUN", "PROPN"} for ch in verb.children):
        return []
    for c in tok.children:
        if c.dep_ == "det" and "Poss=Yes" in str(c.morph):
            ahead = _fronted_owner(tok, ctx)
            if ahead:
                return [ahead]
            ante = ctx.last_before(tok.idx, {"PER"}) or ctx.last_before(tok.idx, {"ORG"})
            return [ctx.name(ante)] if ante else []
    return []


def _fronted_owner(tok: Token, ctx: _Ctx) -> str:
    """'Au lendemain de sa visite à X, Y devait ...': in an adjunct that opens the sentence the
    possessive looks ahead to the main clause's subject, a person."""
    root = tok.sent.root
    if not tok.i < root.i:
        return ""
    subj = [s for s in root.children if s.dep_ in SUBJ and tok.i < s.i < root.i and tok not in s.subtree]
    if not subj or not any(t.text == "," for t in tok.doc[tok.i:subj[0].i]):
        return ""
    for t in subj[0].subtree:
        m = ctx.at.get(t.i)
        if m is not None and m.label == "PER":
            return ctx.name(m)
    return ""


# verbs whose compound tenses take "être" ("est arrivé", "sont venus"): the parser often reads them as passives
ETRE_VERBS = {"arriver", "venir", "revenir", "partir", "repartir", "aller", "entrer", "rentrer", "retourner",
              "sortir", "rester", "devenir", "passer", "descendre", "monter", "parvenir", "intervenir"}


def _is_passive(v: Token) -> bool:
    """Passive voice; a pronominal verb ("s'est entretenu") and "est arrivé" are active whatever the tagger says."""
    if v.lemma_ in ETRE_VERBS:
        return False
    if any(c.dep_ == "aux:pass" for c in v.children):
        return True
    if any(c.lower_ in {"se", "s'", "s’"} and c.dep_.startswith("expl") for c in v.children):
        return False
    return "Voice=Pass" in str(v.morph)


def _subjects(v: Token, hops: int = 0) -> list[Token]:
    """The verb's subject, then fallbacks: the governing verb's subject for infinitives and
    participles, and the nearest nominal subject before a finite verb whose parse lost it."""
    out = [c for c in v.children if c.dep_ in SUBJ]
    if not out and v.dep_ == "conj":
        # "X a révélé que le maréchal ... était venu": the subject between the two verbs, not the first one's
        between = [t for t in v.doc[v.head.i + 1:v.i] if t.dep_ in SUBJ and t.pos_ in {"NOUN", "PROPN"}]
        out += between[-1:]
    if not out and hops == 0:
        out += _fronted_subject(v)
    if not out and hops < 3 and v.dep_ in {"xcomp", "advcl", "conj", "ccomp"} and v.head != v:
        out += _subjects(v.head, hops + 1)
    if hops == 0 and not out:
        # "Rome et Tripoli ont signé": the subject left as a separate fragment by the parser
        j = v.i - 1
        while j >= 0 and v.doc[j].text not in TERMINAL and "\n" not in v.doc[j].text:
            t = v.doc[j]
            if t.dep_ == "ROOT" and t.pos_ in {"PROPN", "NOUN"}:
                out.append(t)
                break
            j -= 1
    if hops == 0 and v.pos_ == "VERB" and ("VerbForm=Fin" in str(v.morph) or any(a.dep_.startswith("aux") for a in v.children)):
        for t in reversed(list(v.doc[v.sent.start:v.i])):
            if t.dep_ in SUBJ and t.pos_ in {"NOUN", "PROPN"} and t not in out:
                out.append(t)
                break
    if hops == 0 and not out and v.pos_ == "VERB":
        out += _bare_noun_before(v)
    return out


def _fronted_subject(v: Token) -> list[Token]:
    """"M. Dbeibah, dont le mandat est contesté par X, s'était rendu à Ankara": the parser makes the relative
    clause the main one; the noun phrase that opens the sentence, followed by ", dont" or ", qui" and a verb
    before `v`, is `v`'s subject."""
    sent = v.sent
    t = next((x for x in sent if not x.is_punct and not x.is_space), None)
    while t is not None and t.pos_ == "DET" and t.i + 1 < v.i:
        t = t.doc[t.i + 1]
    if t is None or t.pos_ not in {"NOUN", "PROPN"} or t.dep_ in SUBJ or t.i >= v.i \
            or any(ch.dep_ == "case" for ch in t.children):
        return []
    j = t.i + 1
    while j < v.i and t.doc[j].dep_ in {"flat:name", "flat", "appos", "amod"}:
        j += 1
    if j + 1 >= v.i or t.doc[j].text != "," or t.doc[j + 1].lower_ not in {"dont", "qui"}:
        return []
    if not any(x.pos_ in {"VERB", "AUX"} for x in t.doc[j + 2:v.i]):
        return []
    return [t]


def _bare_noun_before(v: Token) -> list[Token]:
    """"X, Saddam Haftar, a été reçu": the parser left the subject hanging on a comma; the noun
    phrase right before the verb group, when nothing (no preposition) introduces it, is the subject."""
    first = min([v] + [a for a in v.children if a.dep_.startswith("aux") and a.i < v.i], key=lambda t: t.i)
    j = first.i - 1
    while j >= v.sent.start and v.doc[j].is_punct and v.doc[j].text not in TERMINAL:
        j -= 1
    if j < v.sent.start:
        return []
    t = v.doc[j]
    while t.dep_ in {"flat:name", "flat", "amod"} and t.head.i < t.i:
        t = t.head
    if t.pos_ not in {"NOUN", "PROPN"} or any(c.dep_ == "case" for c in t.children) or t.head.i > v.i:
        return []
    return [t]


def _verb_obls(v: Token) -> list[Token]:
    """The verb's obliques, plus those the parser hung on a bare date noun before them
    ('livrés jeudi à l'armée malienne', 'a signé mardi avec la France')."""
    out = []
    for o in v.children:
        if o.dep_.startswith("obl"):
            out.append(o)
            if o.dep_ == "obl:mod" and o.pos_ == "NOUN" and not _case(o) and o.i < min(
                    (n.i for n in o.children if n.dep_ == "nmod"), default=o.i):
                out += [n for n in o.children if n.dep_ == "nmod" and _case(n) and n.i > o.i]
    return out


def _coordinated(a: Token, b: Token) -> bool:
    """Two sibling noun phrases joined by 'et' with no clause in between ('la Russie et l'Algérie')."""
    lo, hi = sorted((a, b), key=lambda t: t.i)
    between = lo.doc[max(t.i for t in lo.subtree) + 1:min(t.i for t in hi.subtree)]
    return any(t.lower_ == "et" for t in between) and not any(t.pos_ in {"VERB", "AUX"} or t.text in TERMINAL
                                                             for t in between)


def _subject(v: Token) -> Token | None:
    subs = _subjects(v)
    return subs[0] if subs else None


def _children(v: Token, deps: set[str]) -> list[Token]:
    return [c for c in v.children if c.dep_ in deps]


# ---------------------------------------------------------------- trigger -> candidate

def _predicate(tok: Token) -> Token:
    """The verb a nominal trigger depends on ('effectuent ... une visite')."""
    h, steps = tok, 0
    while h.dep_ != "ROOT" and steps < 5:
        h = h.head
        steps += 1
        if h.pos_ in {"VERB", "AUX"} or h.dep_ == "ROOT":
            return h
    return h


def _sentence_units(doc: Doc) -> list[Span]:
    """spaCy sentences, re-joined when the parser cut inside a sentence (no final punctuation, no newline)."""
    units: list[list[int]] = []
    ended = True
    last_end_char = 0
    for s in doc.sents:
        # first and last non-space tokens, read from the ends (iterating every token is the slow part)
        a, b = s.start, s.end - 1
        while a <= b and doc[a].is_space:
            a += 1
        while b >= a and doc[b].is_space:
            b -= 1
        if a > b:
            continue
        first, last_tok = doc[a], doc[b]
        newline = "\n" in doc.text[last_end_char:first.idx]
        if ended or newline or not units:
            units.append([a, b + 1])
        else:
            units[-1][1] = b + 1
        prev = doc[b - 1] if b - 1 >= a else None
        ended = last_tok.text in TERMINAL or (prev is not None and not prev.is_space and prev.text in TERMINAL
                                              and last_tok.text in {"»", "\"", "”", ")"})
        last_end_char = last_tok.idx + len(last_tok.text)
    return [doc[a:b] for a, b in units]


def _unit(sent: Span, tok: Token, text: str, skip: list[tuple[int, int]] = ()) -> tuple[int, int]:
    """Sentence cut to the line holding the trigger; whitespace trimmed so evidence == text[start:end]."""
    a, b = sent.start_char, sent.end_char
    nl_before = text.rfind("\n", a, tok.idx)
    if nl_before != -1:
        a = nl_before + 1
    nl_after = text.find("\n", tok.idx, b)
    if nl_after != -1:
        b = nl_after
    for ra, rb in skip:
        if ra <= a < rb and rb < tok.idx:
            a = rb
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _in_unit(tok: Token, unit: tuple[int, int]) -> bool:
    return unit[0] <= tok.idx < unit[1]


def _has_reflexive(v: Token) -> bool:
    return any(c.dep_ in {"expl:comp", "expl:pv", "expl", "obj", "iobj"} and c.lower_ in {"se", "s'", "s’", "me", "m'", "nous", "vous"}
               for c in v.children)


def _requires_ok(rule: TriggerRule, tok: Token, pred: Token, ctx: _Ctx, unit) -> bool:
    req = rule.requires
    if rule.reflexive and not _has_reflexive(tok):
        return False
    if not req:
        return True
    scope = [t for t in (list(tok.subtree) + [tok.head]) if _in_unit(t, unit)]
    if req == "phone_mod":
        mods = ctx.lex.cue("phone_modifiers")
        return any(c.lower_ in mods for c in tok.children)
    if req == "training":
        trainees = ctx.lex.cue("trainee_nouns")
        mods = ctx.lex.cue("military_modifiers")
        if tok.pos_ == "NOUN":
            return any((c.dep_ == "amod" and c.lower_ in mods)
                       or (c.dep_ == "nmod" and _case(c) in DE and c.lemma_.lower() in trainees) for c in tok.children)
        objs = _children(tok, {"obj"})  # "former des pilotes", "former une quarantaine de pilotes"
        objs += [n for o in objs for n in o.children if n.dep_ == "nmod" and _case(n) in DE]
        return any(o.lemma_.lower() in trainees for o in objs)
    if req == "military_mod":
        mods = ctx.lex.cue("military_modifiers")
        return any(c.dep_ == "amod" and c.lower_ in mods for c in tok.children)
    if req == "military":
        words = ctx.lex.cue("military")
        if any(c.pos_ == "PROPN" and c.dep_ in {"appos", "flat:name", "nmod"} and not c.like_num for c in tok.children):
            return True  # a named exercise: "l'exercice Flintlock"
        prefixes = tuple(ctx.lex.cue("military_org_prefixes"))
        return any(t.lower_ in words or (t.i in ctx.at and ctx.at[t.i].label == "ORG"
                                         and ctx.name(ctx.at[t.i]).startswith(prefixes))
                   for t in scope if t != tok)  # "le retrait de la Minusma": a mission is military context
    if req == "arms":
        words = ctx.lex.cue("arms")
        goods_tokens: set[int] = set()
        if tok.pos_ == "VERB" and tok.dep_ not in {"acl", "acl:relcl"}:
            # "a reçu des drones" / "des drones ont été reçus" / "le doter de satellites"
            goods = [g for g in _children(tok, SUBJ if _is_passive(tok) else {"obj"}) if g.pos_ != "PRON"]
            goods += [g for g in tok.children if g.dep_ == "obl:arg" and _case(g) in DE]
            if any(_arms_phrase(g, ctx) for g in goods):
                return True
            if goods and all(_person_phrase(g, ctx) for g in goods):
                return False  # "X a été reçu par Y": a visitor, not equipment
            agents = [a for a in tok.children if a.dep_ == "obl:agent"]
            if not goods and _is_passive(tok) and agents and all(_person_phrase(a, ctx) for a in agents):
                return False  # subject lost by the parser, received by a person: a visit
            if any(_bare_consignment(g, ctx) for g in goods) and _arms_told_before(tok, ctx):
                return True  # "Le premier lot pourrait être livré avant la fin de l'année", after the deal
            goods_tokens = {t.i for g in goods for t in g.subtree}
        containers = ctx.lex.cue("arms_containers")
        subj = _subject(tok) if tok.pos_ != "NOUN" and not _is_passive(tok) else None
        skip = set(t.i for t in subj.subtree) if subj is not None else set()
        if _is_passive(tok) or tok.dep_ in {"acl", "acl:relcl"}:  # "huit drones doivent être livrés", "drones livrés par X"
            scope = scope + [t for s_ in _subjects(tok) for t in s_.subtree] + list(tok.head.subtree)
        return any((t.lower_ in words or t.lemma_ in words)
                   and not (t.i in goods_tokens and (t.lower_ in containers or t.lemma_ in containers))
                   for t in scope if t != tok and t.i not in skip)  # "une cargaison de blé" is no arms
    if req == "agreement_obj":
        nouns = ctx.lex.cue("agreement_nouns")
        heads = [tok.head] if tok.dep_ in {"acl", "acl:relcl"} else _children(tok, SUBJ if _is_passive(tok) else {"obj"})
        if tok.dep_ in {"acl", "acl:relcl"}:  # "l'accord de coopération militaire conclu": up the noun chain
            h = tok.head
            for _ in range(3):
                if h.dep_ != "nmod" or h.head == h:
                    break
                h = h.head
                heads.append(h)
        return any(h.lemma_.lower() in nouns or h.lower_ in nouns for h in heads)
    if req == "party_obj":
        objs = _children(tok, SUBJ if _is_passive(tok) else {"obj"})
        if not objs and _is_passive(tok):
            objs = _subjects(tok)  # "X, arrivé lundi à Pékin, avait été reçu par Y": the parser lost the guest
        if not _is_passive(tok):
            objs = _displaced_objects(tok, ctx) or objs
        arms = ctx.lex.cue("arms")
        for o in objs:
            if o.lower_ in arms or o.lemma_ in arms:
                continue  # "a reçu des blindés chinois": equipment, not a visitor
            if o.lemma_ == "délégation" or _np_parties(o, ctx, []):
                return True
        return False
    return True  # loc / loc_cop are checked once the location is known


def _displaced_objects(v: Token, ctx: _Ctx) -> list[Token]:
    """The real object when the parser took a date for it: "a reçu lundi au Caire son homologue, X"
    comes out as obj=lundi, with the guest hung on the date or on the place after it."""
    objs = [o for o in v.children if o.dep_ == "obj"]
    if not objs:
        # "a reçu au Caire des chefs de tribus libyens": the partitive read as "de + les", on the place or the verb
        on_place = [n for o in v.children if o.dep_.startswith("obl") and o.i in ctx.at and ctx.at[o.i].label == "LOC"
                    for n in o.children if n.dep_ == "nmod" and _case(n) == "des" and n.i > o.i and n.pos_ == "NOUN"]
        return on_place or [o for o in v.children if o.dep_ in {"obl", "obl:arg"} and _case(o) == "des"
                            and o.pos_ == "NOUN" and o.i not in ctx.at]
    if not all(o.i in ctx.at and ctx.at[o.i].label == "DATE" for o in objs):
        return []
    hosts = objs + [o for o in v.children if o.dep_.startswith("obl") and o.i > objs[0].i]
    return [n for h in hosts for n in h.children
            if n.dep_ in {"nmod", "appos"} and not _case(n) and n.i > objs[0].i]


def _person_phrase(head: Token, ctx: _Ctx) -> bool:
    """A person, an organisation, a delegation or a state: someone received, not something."""
    if head.i in ctx.at and ctx.at[head.i].label in PARTY_LABELS | {"LOC"}:
        return True
    low = head.lemma_.lower()
    return low in ctx.lex.cue("titles") or low in ctx.lex.cue("kinship") or low == "délégation"


def _bare_consignment(head: Token, ctx: _Ctx) -> bool:
    """"le premier lot", "la deuxième tranche": a consignment that names no goods."""
    containers, words = ctx.lex.cue("arms_containers"), ctx.lex.cue("arms")
    return (head.lemma_ in containers or head.lower_ in containers) \
        and not any(t.lower_ in words or t.lemma_ in words for t in head.subtree if t != head)


def _arms_told_before(tok: Token, ctx: _Ctx) -> bool:
    """Weapons are named in the two sentences before `tok`'s."""
    words = ctx.lex.cue("arms")
    start = tok.sent.start
    for _ in range(2):
        if start == 0:
            return False
        prev = tok.doc[start - 1].sent
        if any(t.lower_ in words or t.lemma_ in words for t in prev):
            return True
        start = prev.start
    return False


def _arms_phrase(head: Token, ctx: _Ctx) -> bool:
    """The noun phrase names weapons or military equipment, not a person or a consignment of grain."""
    if _person_phrase(head, ctx):
        return False
    words, containers = ctx.lex.cue("arms"), ctx.lex.cue("arms_containers")
    sub = [t for t in head.subtree if t.i not in ctx.paren]
    strong = [t for t in sub if (t.lower_ in words or t.lemma_ in words) and t.lower_ not in containers
              and t.lemma_ not in containers]
    return bool(strong) or (head.lower_ not in containers and head.lemma_ not in containers
                            and (head.lower_ in words or head.lemma_ in words))


def _own_occasion(v: Token, ctx: _Ctx) -> bool:
    """A participle with its own date or partner ("conclu avec Washington en 2012") tells an event of its own."""
    for ch in v.children:
        if not ch.dep_.startswith(("obl", "nmod")):
            continue
        if _case(ch) in {"avec", "entre"} or (ch.i in ctx.at and ctx.at[ch.i].label == "DATE"):
            return True
    return False


def _blocked(tok: Token, pred: Token, ctx: _Ctx) -> bool:
    """Events that the sentence says did not or must not happen ('un embargo interdit toute livraison').

    "a dénoncé l'accord conclu avec Washington en 2012": the signing itself happened, dated."""
    block = ctx.lex.cue("blocking_lemmas")
    h, steps = tok, 0
    if tok.pos_ == "VERB" and tok.dep_ == "acl" and _own_occasion(tok, ctx):
        steps = 4  # only its own negation counts
    while steps < 4:
        if h != tok and (h.lemma_ in block or h.lower_ in block):
            return True
        if h.head == h:
            break
        h, steps = h.head, steps + 1
    if any(c.dep_ in {"acl", "acl:relcl"} and c.lemma_ in block for c in tok.children):
        return True  # "l'accord ..., suspendu par Moscou"
    for v in {tok, pred}:
        kids = {c.lower_ for c in v.children}
        if kids & {"pas", "jamais", "aucun", "aucune"} and kids & {"ne", "n'", "n’"}:
            return True
    return False


PLUPERFECT_AUX = {"avait", "avaient", "était", "étaient", "s'était", "s'étaient"}


def _background(tok: Token, rule: TriggerRule, ctx: _Ctx) -> bool:
    """Mentions that are not events of the story: a topic of talks ('ont évoqué l'acquisition de drones'),
    a role description ('chargée des ventes d'armes', 'hôte du sommet'). An earlier event recalled in
    passing ('avait déjà reçu des drones') is an event of its own (conventions v2)."""
    if tok.pos_ == "NOUN":
        h = tok.head
        own_clause = any(c.dep_ == "acl:relcl" for c in tok.children)  # "un exercice que X prévoient ..."
        if h.lemma_.lower() in ctx.lex.cue("topic_lemmas") and tok.dep_ in {"obj", "obl", "obl:arg", "obl:mod", "nmod"} \
                and not own_clause:
            return True
        if h.lower_ in ctx.lex.cue("role_heads") or h.lemma_.lower() in ctx.lex.cue("role_heads"):
            return True
        return False
    return False


def _future_or_conditional(t: Token) -> bool:
    """Future or conditional verb; the ending is checked too, as the tagger calls some presents future."""
    m, low = str(t.morph), t.lower_
    if t.pos_ not in {"VERB", "AUX"}:
        return False
    if "Tense=Fut" in m and low.endswith(("ra", "ront", "rai", "ras", "rez", "rons")):
        return True
    return "Mood=Cnd" in m and low.endswith(("rait", "raient", "rais", "rions", "riez"))


def _planned(c: _Cand, ctx: _Ctx) -> bool:
    lex = ctx.lex
    lemmas, words = lex.cue("planned_lemmas"), lex.cue("planned_words")
    scope = [c.tok, c.pred] + [t for v in (c.tok, c.pred) for t in v.children
                               if t.dep_.startswith("aux") or t.dep_ in {"xcomp", "amod", "advmod", "obl:mod"}]
    h = c.pred
    for _ in range(3):
        if h.head == h:
            break
        h = h.head
        if h.pos_ in {"VERB", "AUX"}:
            scope.append(h)
    if c.tok.pos_ == "NOUN":
        scope += list(c.tok.subtree)
    if c.date is not None and c.date_source in {"clause", "sentence"} \
            and introduces_target(ctx.text[max(0, c.date.start - 16):c.date.start]):
        return True  # "annoncé pour début décembre", "d'ici à la fin de l'année": a date aimed at
    for v in (c.tok, c.pred):
        if "VerbForm=Inf" in str(v.morph) and any(m.dep_ == "mark" and m.lower_ in {"pour", "afin"} for m in v.children):
            return True  # "venu à Alger pour négocier un accord": an aim, not a fact
    for t in scope:
        if not _in_unit(t, c.unit):
            continue
        if t.lemma_ in lemmas or t.lower_ in words:
            return True
        if _future_or_conditional(t):
            return True
    pub = ctx.article.published
    if c.date is not None and pub and c.date.date_start:
        try:
            return date.fromisoformat(c.date.date_start[:10]) > pub
        except ValueError:
            return False
    return False


def _loc_case_ok(root: Token, ctx: _Ctx) -> bool:
    cases = ctx.lex.cue("loc_cases")
    h = root
    for _ in range(3):
        if h.pos_ in {"VERB", "AUX"}:
            return False
        cs = _case(h)
        if cs in cases or (cs == "sur" and h.lemma_.lower() in ctx.lex.cue("place_nouns")):
            return True
        if cs and cs not in DE:
            return False
        if h.head == h:
            return False
        h = h.head
        if h.pos_ == "NOUN" and h.lemma_.lower() not in ctx.lex.cue("place_nouns") and h.i not in ctx.at:
            return False  # "au contrat de la centrale d'El-Dabaa": a place inside a thing, not where it happens
    return False


def _topic_tokens(c: _Cand, ctx: _Ctx) -> set[int]:
    """Tokens of what talks were about ("se sont entretenus de la guerre à Gaza"): no place of the meeting there."""
    if c.type != "MEETING":
        return set()
    out: set[int] = set()
    heads = {c.tok, c.pred}
    heads |= {w for v in (c.tok, c.pred) for w in v.children if _case(w) == "avec"}  # "avec X, de la situation"
    for v in heads:
        for ch in v.children:
            if ch.dep_ in {"obl:arg", "obl", "obl:mod", "nmod"} and _case(ch) in DE | {"sur"} \
                    and ch.lemma_.lower() not in ctx.lex.cue("place_nouns") and ch.i not in ctx.at:
                out.update(t.i for t in ch.subtree)
    return out


def _find_location(c: _Cand, ctx: _Ctx, role_tokens: set[int]) -> None:
    topic = _topic_tokens(c, ctx)
    locs = [m for m in ctx.mentions if (m.label == "LOC" or id(m) in ctx.venue_orgs) and c.unit[0] <= m.start < c.unit[1]
            and (id(m) not in ctx.root_of or ctx.root_of[id(m)].i not in topic)]
    if not locs:
        c.location = _demonym_place(c, ctx)
        return
    def root(m):
        return ctx.root_of.get(id(m))
    def ok(m):
        r = root(m)
        return r is not None and r.i not in ctx.paren and r.i not in role_tokens
    heads = [c.tok, c.pred]
    # 0. the place a verb visits: "a visité Tamanrasset", "a visité la ville de Tamanrasset";
    #    also "a visité samedi Tamanrasset", where the parser hangs the place on the date
    if c.type == "VISIT" and c.tok.pos_ == "VERB" and c.rule.object == "counterpart":
        dated = [d for d in c.tok.children if d.dep_.startswith("obl") and d.i in ctx.at and ctx.at[d.i].label == "DATE"]
        objs = [o for o in c.tok.children if o.dep_ == "obj"] + [o for d in dated for o in d.children
                                                               if o.dep_ == "nmod" and not _case(o)]
        for o in objs:
            if o.i not in ctx.at and o.lemma_.lower() in ctx.lex.cue("place_nouns"):
                o = next((x for x in o.children if x.dep_ == "nmod" and _case(x) in DE), o)
            m = ctx.at.get(o.i)
            if m is not None and m.label == "LOC" and o.i not in ctx.paren and m in locs:
                c.location, c.loc_direct = m, True
                return
    # 1. attached to the trigger or its predicate by a place preposition
    departure = c.rule.lemma in ctx.lex.cue("departure_verbs")
    for m in locs:
        r = root(m)
        if ok(m) and r.head in heads and (_loc_case_ok(r, ctx) or (departure and _case(r) == "pour")):
            c.location, c.loc_direct = m, True
            return
    if departure:
        return  # "partir de Tripoli" names where the trip starts, not where it goes
    # 2. relative clause on a place: "à Alger, où il a été reçu"
    for v in (c.tok, c.pred):
        if v.dep_ == "acl:relcl" and v.head.i in ctx.at and ctx.at[v.head.i].label == "LOC" \
                and any(x.lower_ in {"où", "lequel", "laquelle"} for x in v.children):
            c.location, c.loc_direct = ctx.at[v.head.i], True  # not "La France, qui a retiré ...": the actor
            return
    # 3. copula: "X était (dimanche) à Alger"
    if c.tok.dep_ == "cop":
        h = c.tok.head
        if h.i in ctx.at and ctx.at[h.i].label == "LOC":
            c.location, c.loc_direct = ctx.at[h.i], True
            return
    # 4. "il y a rencontré": the place named just before
    if any(ch.lower_ == "y" for v in (c.tok, c.pred) for ch in v.children):
        prev = [m for m in ctx.mentions if m.label == "LOC" and m.end <= c.tok.idx and id(m) in ctx.root_of
                and _loc_case_ok(ctx.root_of[id(m)], ctx)]
        if prev:
            c.location, c.loc_direct = prev[-1], True
            return
    # 5. inside the trigger's phrase, then the predicate's clause, not inside another noun phrase
    place_nouns = ctx.lex.cue("place_nouns")
    def reachable(r: Token, top: Token) -> bool:
        h = r.head
        for _ in range(8):
            if h.i == top.i or h.lower_ == "lors":
                return True  # "lors d'une cérémonie dans le port de Tripoli": the occasion's place is the event's
            if h.pos_ in {"NOUN", "PROPN"} and h.lemma_.lower() not in place_nouns and h.i not in ctx.at \
                    and not _quoted_name(h):
                return False
            if h.head.i == h.i:
                return False
            h = h.head
        return False
    scopes = [(c.tok, True)]
    if c.tok.pos_ == "NOUN":
        scopes.append((c.tok, False))  # a noun's own phrase and relative clauses: "exercice ... à Syrte"
    scopes.append((c.pred, True))
    if c.tok.pos_ == "NOUN":
        scopes.append((_detached_participle(c.tok), True))
    for scope_root, strict in scopes:
        if scope_root is None:
            continue
        sub = {t.i for t in scope_root.subtree}
        cands = [m for m in locs if ok(m) and root(m).i in sub and _loc_case_ok(root(m), ctx)
                 and (reachable(root(m), scope_root) if strict else _place_of_happening(root(m), c, ctx))
                 and (c.tok.pos_ == "NOUN" or not _other_clause(root(m), c))
                 and not _in_relative_on_a_thing(root(m), c, ctx)]
        if cands:
            c.location = min(cands, key=lambda m: abs(root(m).i - c.tok.i))
            c.loc_direct = True
            return
    if _participle_on_a_noun(c):  # "un accord signé avec X, avait ouvert un consulat à Benghazi"
        phrase = {t.i for t in c.tok.head.subtree}
        locs = [m for m in locs if root(m) is not None and root(m).i in phrase]
    # 6. anywhere in the sentence with a place preposition ("À Tripoli, les échanges ..."),
    #    not inside another noun phrase ("l'ambassade des États-Unis en Libye")
    sent_root = c.tok.sent.root
    cands = [m for m in locs if ok(m) and _loc_case_ok(root(m), ctx)
             and (root(m).dep_ == "ROOT" or reachable(root(m), root(m).sent.root) or root(m).head.pos_ in {"VERB", "AUX"})
             and not _other_clause(root(m), c) and not _in_relative_on_a_thing(root(m), c, ctx)]
    if cands:
        c.location = min(cands, key=lambda m: abs(root(m).i - c.tok.i))
        return
    # 7. last resort: the nearest place introduced by à/au/en in the sentence (weak), not the place
    #    of a thing ("les groupes armés au Sahel", "un centre de coordination à Tripoli")
    cands = [m for m in locs if ok(m) and _case(root(m)) in {"à", "au", "aux", "en"} and _place_of_happening(root(m), c, ctx)]
    if cands:
        own = {t.i for t in c.tok.subtree}  # the trigger's own phrase first: "pourrait déployer un contingent au Niger"
        c.location = min(cands, key=lambda m: (root(m).i not in own, abs(root(m).i - c.tok.i)))
        return
    # 8. "dans le ciel égyptien", "sur le sol malien", "dans le désert qatari": a place noun and a demonym
    c.location = _demonym_place(c, ctx)


def _demonym_place(c: _Cand, ctx: _Ctx) -> Mention | None:
    cases = ctx.lex.cue("loc_cases") | {"sur"}
    for t in c.tok.doc[c.tok.sent.start:c.tok.sent.end]:
        if not (c.unit[0] <= t.idx < c.unit[1]) or t.pos_ != "NOUN" or t.i in ctx.at or t.i in ctx.paren \
                or t.lemma_.lower() not in ctx.lex.cue("place_nouns") or _case(t) not in cases:
            continue
        country = next((d for a in t.children if a.dep_ == "amod" for d in [ctx.lex.demonym(a.lower_)] if d), None)
        if country is None or not _place_of_happening(t, c, ctx) or (c.tok.pos_ != "NOUN" and _other_clause(t, c)):
            continue
        name = country[0]
        end = max(a.idx + len(a.text) for a in t.subtree)
        m = Mention(article_id=ctx.article.id, start=t.idx, end=end, text=ctx.text[t.idx:end], label="LOC",
                    norm=name, country=ctx.lex.countries.get(name, ""), qualifier="demonym")
        ctx.root_of[id(m)] = t
        ctx.made.append(m)  # kept alive: root_of is keyed by id()
        return m
    return None


def _in_relative_on_a_thing(r: Token, c: _Cand, ctx: _Ctx) -> bool:
    for a in r.ancestors:
        if a.i in {c.tok.i, c.pred.i}:
            return False
        if a.pos_ in {"VERB", "AUX"} and _relative_on_a_thing(a, ctx):
            return True
    return False


def _relative_on_a_thing(v: Token, ctx: _Ctx) -> bool:
    """`v` heads a relative clause ("qui", "où" ... whatever label the parser gave it) whose antecedent, the
    word before the pronoun, is a thing: "celle de l'Égypte, qui a accueilli" is on a name and does not count."""
    rel = [ch for ch in v.children if ch.lower_ in {"qui", "que", "qu'", "qu’", "où", "dont"} and ch.i < v.i]
    if not rel:
        return False
    j = rel[0].i - 1
    while j >= 0 and v.doc[j].is_punct:
        j -= 1
    if j < 0 or j in ctx.at:
        return False
    ante = v.doc[j]
    if ante.pos_ == "ADJ" and ante.head.i < ante.i:
        ante = ante.head  # "du gazoduc transsaharien, qui"
    return ante.i not in ctx.at and _thing_noun(ante, ctx)


def _thing_noun(n: Token, ctx: _Ctx) -> bool:
    """A common noun that is neither a named entity, an event, an occasion, a place nor people."""
    low = n.lemma_.lower()
    return n.pos_ == "NOUN" and n.i not in ctx.at and (low, "NOUN") not in ctx.lex.rules \
        and low not in ctx.lex.cue("occasion_nouns") | ctx.lex.cue("place_nouns") | ctx.lex.cue("titles") \
        and low not in PEOPLE_NOUNS


def _detached_participle(n: Token) -> Token | None:
    """"la réunion, organisée au château de X, ...": the participle right after the noun describes it, even
    when the parser hung it on the main verb."""
    doc = n.doc
    if n.i + 2 >= len(doc) or doc[n.i + 1].text != ",":
        return None
    p = doc[n.i + 2]
    if p.pos_ == "VERB" and "VerbForm=Part" in str(p.morph) and p.dep_ in {"acl", "advcl"} \
            and not any(ch.dep_.startswith("aux") or ch.dep_ in SUBJ for ch in p.children):
        return p
    return None


def _place_of_happening(r: Token, c: _Cand, ctx: _Ctx) -> bool:
    """The place hangs on a clause or on an event noun ('une visite à Benghazi', 'une réunion au Caire'),
    not on the name of a thing or a group ('les forces américaines en Afrique', 'le processus en Libye').

    A place at the end of the trigger's own object is the parser's usual misattachment of the verb's
    complement ('a livré des hélicoptères de combat au Burkina Faso'), so it is kept.
    """
    place_nouns, occasions = ctx.lex.cue("place_nouns"), ctx.lex.cue("occasion_nouns")
    anchors = {c.tok.i, c.pred.i}
    for a in r.ancestors:  # "a dénoncé l'accord après une visite tendue à Niamey": the visit's place
        if a.i in anchors:
            break
        if a.pos_ == "NOUN" and (a.lemma_.lower(), "NOUN") in ctx.lex.rules and _case(a) in {"après", "avant", "depuis"}:
            return False
    if _in_relative_on_a_thing(r, c, ctx):
        return False  # "un gazoduc, qui doit relier le Nigeria à l'Algérie": where the thing goes, not the event
    h = r.head
    for _ in range(8):
        if h.pos_ in {"VERB", "AUX"} or h.head.i == h.i:
            return True
        if h.pos_ in {"NOUN", "PROPN"} and h.i not in ctx.at and h.lemma_.lower() not in place_nouns \
                and (h.lemma_.lower(), "NOUN") not in ctx.lex.rules and h.lemma_.lower() not in occasions \
                and not _quoted_name(h):
            if h.dep_.startswith("obl") and h.head.pos_ == "VERB" and _case(h) in {"avec", "auprès"} \
                    and (h.lemma_.lower() in ctx.lex.cue("titles") or h.lemma_.lower() in PEOPLE_NOUNS | {"homologue"}):
                return True  # "organiser avec leurs homologues libyens à Syrte": the place of the verb, misattached
            g = h
            for _ in range(4):
                if g.dep_ in {"obj", "obl:arg", "nsubj:pass"} and g.head.i in anchors:
                    return True
                if g.pos_ in {"VERB", "AUX"} or g.head.i == g.i:
                    break
                g = g.head
            return False
        h = h.head
    return True


def _left_place(c: _Cand, ctx: _Ctx) -> Mention | None:
    """The place a withdrawal leaves: "du Tchad", "quitté le Mali"."""
    for x in c.tok.subtree:
        m = ctx.at.get(x.i)
        if m is None or m.label != "LOC" or id(m) not in ctx.root_of or ctx.root_of[id(m)].i != x.i \
                or x.i in ctx.paren:
            continue
        if (_case(x) in DE and x.dep_ in {"nmod", "obl", "obl:arg", "obl:mod"}) or (x.dep_ == "obj" and x.head == c.tok):
            return m
    return None


def _quoted_name(t: Token) -> bool:
    """A word of a quoted name (« Shaheen X »): the name of the event itself, transparent for its place."""
    doc = t.doc
    return any(x.text == "«" for x in doc[max(0, t.i - 3):t.i]) and any(x.text == "»" for x in doc[t.i + 1:t.i + 4])


def _other_clause(r: Token, c: "_Cand") -> bool:
    """The place belongs to another clause with its own subject ('..., et des instructeurs sont présents au Burkina')."""
    t = r
    for _ in range(10):
        if t in (c.pred, c.tok) or t.head == t:
            return False
        if t is not r and (t.dep_ in {"conj", "advcl", "acl:relcl", "ccomp"} or t.pos_ in {"VERB", "AUX"}) \
                and any(ch.dep_ in SUBJ | {"cop"} for ch in t.children):
            return not (t in c.pred.ancestors or t in c.tok.ancestors)
        t = t.head
    return False


def _clause_head(t: Token) -> Token:
    h, steps = t, 0
    while h.head != h and steps < 8:
        h = h.head
        steps += 1
        if h.pos_ in {"VERB", "AUX"}:
            return h
    return h


def _participial_adjunct(v: Token) -> bool:
    """'Le ministre, arrivé la veille à Tripoli, ...': a bare participle hung on a noun, an earlier step of the story."""
    return v.pos_ == "VERB" and "VerbForm=Part" in str(v.morph) and not any(ch.dep_.startswith("aux") for ch in v.children) \
        and (v.dep_ == "acl" or v.i > 0 and v.doc[v.i - 1].text == ",")  # the parser often makes it the root


def _foreign_participle(t: Token, c: _Cand, ctx: _Ctx) -> bool:
    """`t` sits in a participle clause hung on a noun other than the trigger, below the trigger's clause
    ("conduite par", a leader's participle, describes the delegation; "prévu mi-mai", a plan, dates the event)."""
    for v in [t, *t.ancestors]:
        if v.i in {c.tok.i, c.pred.i}:
            return False
        if v.dep_ == "acl" and v.pos_ == "VERB" and "VerbForm=Part" in str(v.morph) and v.head.i != c.tok.i \
                and v.lemma_ not in ctx.lex.cue("leader_verbs") | ctx.lex.cue("planned_lemmas") \
                and not (c.tok.pos_ == "NOUN" and v.head in c.tok.subtree):  # "un exercice, « Shaheen X », prévu mi-mai"
            return True
    return False


def _participle_on_a_noun(c: _Cand) -> bool:
    """"l'accord signé avec Paris": the event is told inside a noun phrase of another clause."""
    return c.tok.dep_ == "acl" and c.tok.pos_ == "VERB" and c.tok.head.pos_ == "NOUN"


def _find_date(c: _Cand, ctx: _Ctx, other_verbs: set[int] = frozenset()) -> None:
    """The clause's date, else the sentence's, but not the date of a participial event of another type hung
    on a noun ("Le ministre, arrivé la veille à Tripoli, s'est entretenu avec X": the eve is the arrival's;
    "ont dénoncé l'accord signé en 2019": 2019 is the signing's)."""
    dates = [m for m in ctx.mentions if m.label == "DATE" and m.norm and c.unit[0] <= m.start < c.unit[1]]
    dates = [m for m in dates if ctx.root_of.get(id(m)) is not None and ctx.root_of[id(m)].i not in ctx.paren]
    if c.tok.pos_ == "NOUN" and any(ch.dep_ in {"amod", "nummod"} and ORDINAL.fullmatch(ch.lower_) for ch in c.tok.children):
        # "sa troisième visite depuis janvier", "sa première tournée depuis sa prise de fonctions en août":
        # the count's start, not this visit's date
        since = {t.i for x in c.tok.subtree if x.dep_ in {"nmod", "obl"} and _case(x) == "depuis" for t in x.subtree}
        dates = [m for m in dates if not SINCE.search(ctx.text[max(0, m.start - 12):m.start])
                 and ctx.root_of[id(m)].i not in since]
    if other_verbs:
        dates = [m for m in dates if _clause_head(ctx.root_of[id(m)]).i not in other_verbs]
    # "le lendemain de sa visite": a date counted from the event is not the event's date
    # "l'embargo décrété en 2011", "le président, élu en 2021, a reçu": a participle on another noun dates its own fact
    dates = [m for m in dates if not _foreign_participle(ctx.root_of[id(m)], c, ctx)]
    if c.tok.dep_ == "nmod" and _case(c.tok) in DE and c.tok.head.lemma_.lower() in ctx.lex.cue("counted_from_nouns"):
        dates = [m for m in dates if ctx.root_of[id(m)].i != c.tok.head.i]
    if dates:
        sub = {t.i for t in c.tok.subtree}
        own = [m for m in dates if ctx.root_of[id(m)].i in sub] if c.tok.pos_ == "NOUN" else []
        clause = own or [m for m in dates if ctx.root_of[id(m)].i in sub
                         or _clause_head(ctx.root_of[id(m)]) in {c.pred, c.tok}]
        # not from an elaboration after a colon or a semicolon: "Un mémorandum a été signé : Rome s'engage à
        # former ... d'ici au printemps" (a date before one carries on: "à Moscou en juin ; il y avait rencontré")
        pool = clause or [m for m in dates
                          if not (m.start > c.tok.idx and re.search(r"[:;]", ctx.text[c.tok.idx:m.start]))]
        if not clause and _participle_on_a_noun(c):
            c.undated = True
            return  # "au titre d'un accord signé avec X, avait ouvert un consulat en 2022": 2022 is the consulate's
        if not pool:
            return
        c.date = min(pool, key=lambda m: abs(ctx.root_of[id(m)].i - c.tok.i))
        c.date_source = "clause" if clause else "sentence"


def _role_tokens(v: Token, ctx: _Ctx) -> tuple[list[Token], list[Token], list[Token]]:
    """(subject-side, object-side, with-side) argument tokens of a verb, voice-aware."""
    subj = _subjects(v)
    passive = _is_passive(v)
    agent = [o for o in v.children if o.dep_ == "obl:agent"]
    if not agent and _is_passive(v):  # "reçu au palais de X par Y": the parser hung the agent lower
        agent = [o for o in v.subtree if o.dep_ == "obl:agent" or (_case(o) == "par" and o.pos_ in {"PROPN", "NOUN"})][:1]
    objs = [o for o in v.children if o.dep_ in {"obj", "iobj"} and o.pos_ != "PRON" or
            (o.dep_ in {"obj"} and o.pos_ == "PRON" and o.lower_ not in {"se", "s'", "s’"})]
    if not passive:
        objs = _displaced_objects(v, ctx) or objs
    withs = [o for o in v.children if o.dep_.startswith("obl") and o.i not in {a.i for a in agent}
             and (_case(o) in {"avec", "auprès"} or (_case(o) == "à" and o.pos_ == "PROPN"))]
    # "a signé au Caire avec la France": the parser hangs 'avec X' on the place or the date before it
    withs += [n for o in v.children if o.dep_.startswith("obl") and o.i not in {a.i for a in agent}
              for n in o.children if n.dep_ == "nmod" and _case(n) == "avec"]
    if passive:
        return agent, subj[:1], withs
    return subj, objs, withs


def _fill_roles(c: _Cand, ctx: _Ctx, events: list[Event], phrase: TriggerRule | None) -> set[int]:
    """Fill initiator/counterpart/others; return the token ids used by roles (kept out of location)."""
    used: set[int] = set()
    rule = phrase or c.rule
    def add(role: str, toks: list[Token], first_only: bool = False):
        """first_only: the subject slot, where later tokens are fallbacks; among the verb's own
        subjects ("Le commandant d'Africom, le général X, doit ...") a person wins."""
        found: list[str] = []
        groups: list[tuple[Token, list[str]]] = []
        for t in toks:
            if t is None:
                continue
            names = _np_parties(t, ctx, events)
            if names:
                groups.append((t, names))
        if first_only and groups:
            direct = [g for g in groups if g[0].dep_ in SUBJ | {"obl:agent"} and g[0].head.i == groups[0][0].head.i]
            pool = direct or groups[:1]
            best = next((g for g in pool if any(n in ctx.per_names for n in g[1])), pool[0])
            # "La Russie et l'Algérie prévoient ...": coordinated subjects are all parties, in text order
            groups = [g for g in pool if g is best or _coordinated(g[0], best[0])]
        for t, names in groups:
            used.update(x.i for x in t.subtree if x.i in ctx.at and ctx.name(ctx.at[x.i]) in names)
            found += names
        if not found:
            return
        found = sorted(dict.fromkeys(found), key=lambda x: x not in ctx.per_names)  # a person before his office
        target = {"initiator": c.initiator, "counterpart": c.counterpart}.get(role, c.others)
        target.append(found[0])
        c.others.extend(found[1:])
        c.direct = True
    if c.tok.pos_ in {"VERB", "AUX", "ADJ"}:
        v = c.tok.head if c.tok.dep_ == "cop" or c.rule.pos == "AUX" else c.tok
        subj, objs, withs = _role_tokens(v, ctx)
        add(rule.subject or "initiator", subj, first_only=True)
        with_role = "counterpart"
        if rule.object:
            add(rule.object, objs)
        add(with_role, [w for w in withs if w.i not in ctx.at or ctx.at[w.i].label != "LOC" or _case(w) == "avec"])
        if c.type == "ARMS_TRANSFER":  # "a livré à l'armée libyenne des drones": the recipient
            goods = [o for o in v.children if o.dep_ in {"obj", "obl:arg"} and _case(o) not in {"à", "au", "aux"}]
            add("counterpart", [o for o in _verb_obls(v) if _case(o) in {"à", "au", "aux"}
                                and (o.i not in ctx.at or ctx.at[o.i].label != "LOC" or ctx.is_country(ctx.at[o.i]))]
                + [o for g in goods for o in g.children if o.dep_ == "nmod" and _case(o) in {"à", "au", "aux"}
                   and (o.i in ctx.at and (ctx.at[o.i].label in PARTY_LABELS or ctx.is_country(ctx.at[o.i]))
                        or o.i not in ctx.at and o.pos_ == "NOUN" and _demonym_country(
                            [a for a in o.children if a.dep_ == "amod"], ctx))])  # "à l'armée tchadienne"
        # "conclu en 2019 entre Ankara et Tripoli": the parties, nobody leads
        add("participant", [o for o in v.children if o.dep_.startswith("obl") and _case(o) == "entre"])
        # "entretenir avec X et Y", "discuter avec": also obl:arg
        if c.tok.dep_ == "acl" and c.tok.head.pos_ == "NOUN":
            add("initiator" if rule.subject != "counterpart" else "counterpart", [c.tok.head])
    else:
        n = c.tok
        # the noun's own arguments
        for ch in n.children:
            if ch.i in ctx.paren:
                continue
            cs = _case(ch)
            if ch.dep_ == "amod":
                d = ctx.lex.demonym(ch.lower_) or ctx.lex.demonym(ch.lemma_)
                if d:
                    (c.initiator if c.type == "DELEGATION" and not c.initiator else c.others).append(d[0])
                    c.direct = True
            elif ch.dep_ == "nmod" and cs in DE and c.type == "EXERCISE" \
                    and ch.lemma_.lower() in ctx.lex.cue("trainee_nouns"):
                add("counterpart", [ch])  # "la formation d'officiers libyens": the trainees' side
            elif ch.dep_ == "nmod" and cs in DE:
                add("initiator", [ch])
            elif ch.dep_ == "nmod" and cs in {"avec", "chez", "auprès"}:
                add("counterpart", [ch])
            elif ch.dep_ == "nmod" and cs == "entre":
                add("participant", [ch])
            elif ch.dep_ == "nmod" and cs in {"à", "au", "aux", "pour"} and ch.i in ctx.at and ctx.at[ch.i].label in PARTY_LABELS:
                add("counterpart", [ch])
            elif ch.dep_ in {"acl", "acl:relcl"} and (ch.lemma_ in ctx.lex.cue("leader_verbs")
                                                     or any(a.dep_ == "obl:agent" for a in ch.children)
                                                     and not _hosting_verb(ch, ctx)):
                for a in ch.children:
                    if a.dep_ == "obl:agent":
                        before = len(c.leader)
                        names = _np_parties(a, ctx, events)
                        c.leader.extend(names[:1])
                        c.others.extend(names[1:])
                        c.direct = c.direct or len(c.leader) > before
        # clauses inside the noun phrase: "un exercice que les forces américaines prévoient d'organiser avec ..."
        for v in n.subtree:
            if v.pos_ == "VERB" and v.i != n.i and _in_unit(v, c.unit) and v.lemma_ not in ctx.lex.cue("leader_verbs"):
                subj = [s for s in v.children if s.dep_ in SUBJ and s.lower_ not in {"que", "qu'", "qu’", "qui"}]
                add("initiator", subj)
                add("counterpart", [o for o in v.children if o.dep_.startswith("obl") and _case(o) == "avec"])
        if not c.initiator:
            c.initiator.extend(_possessor(n, ctx, c.pred))
        # invitation: "sur (l')invitation de X" -> host
        for t in c.pred.subtree if c.pred != n else n.subtree:
            if t.lemma_ in ctx.lex.cue("invitation_nouns") and _in_unit(t, c.unit):
                for ch in t.children:
                    if ch.dep_ == "nmod" and _case(ch) in DE:
                        add("counterpart", [ch])
        # the support verb's subject / agent
        v = c.pred
        if v != n and n.dep_ not in SUBJ:
            subj, objs, withs = _role_tokens(v, ctx)
            bare_en = _case(n) == "en" and not any(ch.dep_ == "det" for ch in n.children)
            if (phrase is not None or v.lemma_ in ctx.lex.cue("support_verbs")) and _is_passive(v) and objs:
                # "Y a été reçu par X pour une séance de travail": the guest, the grammatical subject, leads the talks
                add(rule.subject or "initiator", objs, first_only=True)
                add("counterpart", subj)
            elif phrase is not None or v.lemma_ in ctx.lex.cue("support_verbs") or bare_en:
                add(rule.subject or "initiator", subj, first_only=True)
                add("counterpart", [w for w in withs if w.i not in ctx.at or ctx.at[w.i].label != "LOC" or _case(w) == "avec"])
        if n.dep_ in SUBJ and v != n and v.lemma_ in ctx.lex.cue("leader_verbs") and _is_passive(v):
            for a in v.children:
                if a.dep_ == "obl:agent":
                    names = _np_parties(a, ctx, events)
                    c.leader.extend(names[:1])
        # "Les deux parties ont annoncé un exercice conjoint": the parties that announce a joint thing take part
        if not c.participants() and c.type in {"EXERCISE", "AGREEMENT"} and n.dep_ == "obj" and v != n:
            add("participant", _subjects(v)[:1])
        # "délégation ... à Moscou" / "visite d'Etat de X": nothing more from syntax
    return used


def _demonym_country(toks, ctx: _Ctx) -> str:
    for t in toks:
        d = ctx.lex.demonym(t.lower_) or ctx.lex.demonym(t.lemma_)
        if d and t.pos_ == "ADJ":
            return d[0]
    return ""


def _usual_partner(c: _Cand, ctx: _Ctx) -> list[str]:
    """'Le Niger avait déjà reçu six drones': a purchase with no supplier named comes from the state the
    article has paired with the buyer in earlier events, when one state stands out (the story's bilateral partner)."""
    buyers = {ctx.party_state(x) for x in c.counterpart + c.others} - {""}
    if not buyers:
        return []
    partners = Counter(x for states in ctx.recent_states if buyers & set(states) for x in states if x not in buyers)
    best = partners.most_common(2)
    if best and (len(best) == 1 or best[0][1] > best[1][1]):
        return [best[0][0]]
    return []


def _supplier_state(c: _Cand, ctx: _Ctx) -> None:
    """Arms go from a state: 'le département d'État américain a approuvé une vente' -> États-Unis;
    'ont réceptionné des drones fabriqués en Turquie' / 'des drones turcs' -> Turquie supplies."""
    init = c.initiator[0] if c.initiator else ""
    if not init and c.tok.pos_ == "NOUN" and c.rule.subject != "counterpart" and c.pred is not c.tok:
        # "le département d'État américain a approuvé une vente": the approving body's state
        for sj in _subjects(c.pred)[:1]:
            m = ctx.at.get(sj.i)
            if m is not None and m.label == "ORG" and _in_unit(sj, c.unit):
                country = _demonym_country([ch for ch in sj.children if ch.dep_ == "amod"], ctx) \
                    or ctx.party_state(ctx.name(m))  # "le département d'État (américain)": the body's own country
                if country:
                    c.initiator.append(country)
                    c.others.append(ctx.name(m))
        return
    if init and init not in ctx.per_names and init not in ctx.lex.countries:
        for m in ctx.mentions:
            if m.label == "ORG" and ctx.name(m) == init and c.unit[0] <= m.start < c.unit[1]:
                span = c.tok.doc.char_span(m.start, m.end, alignment_mode="expand")
                r = ctx.root_of.get(id(m))
                toks = list(span) + ([ch for ch in r.children if ch.dep_ == "amod"] if r is not None else [])
                country = _demonym_country(toks, ctx)
                if country:
                    c.initiator[0] = country
                    c.others.insert(0, init)
                break
        return
    passive = c.tok.pos_ == "VERB" and c.rule.subject == "initiator" and _is_passive(c.tok)
    if init or (c.rule.subject != "counterpart" and not passive) or c.tok.pos_ == "NOUN":
        return
    # the goods: the object, or the subject of a passive ("des avions russes ont été livrés")
    subj = set() if passive else {t.i for sj in _subjects(c.tok) for t in sj.subtree}
    doc = c.tok.doc
    for t in c.tok.subtree:
        if t.i in subj or t.i in ctx.paren or not _in_unit(t, c.unit):
            continue
        if t.lemma_.lower() in ctx.lex.cue("origin_words"):
            for o in doc[t.i + 1:min(len(doc), t.i + 3)]:  # "fabriqués en Turquie", "de fabrication russe"
                m = ctx.at.get(o.i)
                if m is not None and ctx.is_country(m):
                    c.initiator.append(ctx.name(m))
                    return
    goods = [o for o in c.tok.children if o.dep_ in ({"nsubj:pass"} if passive else {"obj", "obl:arg"})]
    arms = ctx.lex.cue("arms")
    for g in goods:
        for t in g.subtree:
            if t.i in ctx.paren or not _in_unit(t, c.unit) or (t.pos_ == "VERB" and t.dep_ not in {"acl"}):
                continue
            if (t.dep_ == "amod" or t.dep_ == "acl" and t.pos_ == "ADJ") \
                    and (t.head.lower_ in arms or t.head.dep_ == "nmod" and t.head.head.lower_ in arms):
                # "des drones turcs", "des avions de combat russes" (the adjective hung on 'combat')
                country = _demonym_country([t], ctx)
                if country:
                    c.initiator.append(country)
                    return
            maker = ctx.at.get(t.i)
            if maker is not None and maker.label == "ORG" and maker.country and id(maker) not in ctx.quoted:
                state = ctx.lex.country_of_code.get(maker.country.upper(), "")
                if state and state not in c.counterpart + c.others:
                    c.initiator.append(state)  # "des drones Bayraktar", "fabriqués par l'entreprise turque TAI"
                    return
            if t.dep_ == "amod" and t.head.i in ctx.at and ctx.at[t.head.i].label == "ORG" or \
                    t.dep_ == "amod" and t.head.lemma_.lower() in {"entreprise", "société", "groupe", "firme", "constructeur"}:
                country = _demonym_country([t], ctx)
                if country and country not in c.counterpart + c.others:
                    c.initiator.append(country)
                    return
            if t.lemma_.lower() in ctx.lex.cue("origin_words"):
                for o in t.children:
                    m = ctx.at.get(o.i)
                    if m is not None and ctx.is_country(m) and _case(o) in {"en", "au", "aux", "par", "de", "d'", "d’"}:
                        c.initiator.append(ctx.name(m))
                        return


def _personnel_sender(v: Token, ctx: _Ctx, events: list[Event]) -> str:
    """Who sends the personnel of "des instructeurs russes sont arrivés": the demonym on them, else the
    antecedent of "dont" ("la Russie, dont des instructeurs sont arrivés")."""
    for s in (s for s in v.children if s.dep_ in SUBJ):
        d = _demonym_country([a for a in s.children if a.dep_ in {"amod", "acl"}], ctx)
        if d:
            return d
        if any(ch.lower_ == "dont" for ch in s.subtree) or any(ch.lower_ == "dont" for ch in v.children):
            if v.dep_ == "acl:relcl":
                names = _np_parties(v.head, ctx, events)
                if names:
                    return names[0]
    return ""


def _talks_of_trip(c: "_Cand", events: list[Event], sent_of_event: dict[str, int]) -> Event | None:
    """A definite talks noun with no party of its own ("la rencontre", "les entretiens") right after a trip."""
    if c.type != "MEETING" or c.tok.pos_ != "NOUN" or c.participants() or not events:
        return None
    if not any("Definite=Def" in str(d.morph) or "PronType=Dem" in str(d.morph)
               for d in c.tok.children if d.dep_ == "det"):
        return None
    last = events[-1]
    if last.type not in {"VISIT", "DELEGATION"} or not 0 <= c.sent_idx - sent_of_event[last.event_id] <= 2:
        return None
    return last


def _kin(a: str, b: str) -> bool:
    """Types one anaphor may refer back to: 'la délégation' after 'X est arrivé à Y' and the reverse."""
    return a == b or {a, b} == {"VISIT", "DELEGATION"}


def _anaphoric(tok: Token, events_so_far: list, type_: str) -> bool:
    """'cette visite', 'la rencontre' (when an event of that type came before)."""
    if tok.pos_ != "NOUN":
        return False
    dets = [c for c in tok.children if c.dep_ == "det"]
    if any("PronType=Dem" in str(d.morph) for d in dets):
        return True
    if any("Definite=Def" in str(d.morph) for d in dets) and any(_kin(e.type, type_) for e in events_so_far):
        return True
    return False


def _candidates(doc: Doc, ctx: _Ctx, lex: Lexicon) -> list[_Cand]:
    matcher = lex.matcher(doc.vocab)
    sents = _sentence_units(doc)
    ctx.sent_units = sents
    sent_of = {}
    for si, s in enumerate(sents):
        for t in s:
            sent_of[t.i] = si
    out = []
    seen = set()
    framed: set[int] = set()
    for match_id, start, end in matcher(doc):
        tok = doc[start]
        key = doc.vocab.strings[match_id]
        pos, lemma = key.split(":", 1)
        if (tok.i, pos) in seen or ctx.in_skip(tok.idx):
            continue
        inside = ctx.at.get(tok.i)
        if inside is not None and inside.label in {"ORG", "PER", "LOC"}:
            continue  # "Organisation du traité de l'Atlantique Nord": a name, not a treaty
        seen.add((tok.i, pos))
        for rule in lex.rules[(lemma, pos)]:
            copula = tok.dep_ == "cop" or (tok.dep_ == "aux:tense" and tok.head.i in ctx.at
                                            and ctx.at[tok.head.i].label == "DATE")  # "était lundi à X", misparsed
            if rule.pos == "AUX" and (not copula or not (
                    (tok.head.i in ctx.at and ctx.at[tok.head.i].label in {"LOC", "DATE"}) or tok.head.pos_ == "ADV")):
                continue
            if "Mood=Imp" in str(tok.morph):
                continue  # "recevez nos informations": a call to the reader, not an event
            if rule.lemma == "accord" and tok.i > 0 and doc[tok.i - 1].lower_ in {"d'", "d’"}:
                continue
            sent = sents[sent_of[tok.i]]
            unit = _unit(sent, tok, ctx.text, ctx.skip)
            pred = tok if rule.pos != "NOUN" else _predicate(tok)
            while pred.i in ctx.at and ctx.at[pred.i].label == "DATE" and pred.dep_ == "conj" and pred.head.pos_ == "VERB":
                pred = pred.head  # "ont mené l'an passé un exercice": the parser made 'passé' the verb of 'exercice'
            if rule.pos == "AUX":
                pred = tok.head
            if not _in_unit(pred, unit):
                pred = tok
            told = rule.type == "EXERCISE" and rule.requires == "military" and any(o.type == "EXERCISE" for o in out)  # "un nouvel exercice" after one
            if not (_requires_ok(rule, tok, pred, ctx, unit) or told) or _blocked(tok, pred, ctx):
                continue
            if rule.pos == "NOUN" and FRAME.search(ctx.text[max(unit[0], tok.idx - 40):tok.idx]):
                framed.add(tok.i)
                continue  # "en marge du sommet", "au titre d'un accord": the frame of another event
            if rule.pos == "VERB" and tok.dep_ == "acl" and tok.head.i in framed and not _own_occasion(tok, ctx):
                continue  # "au titre d'un accord": the frame; "... d'un accord signé en 2019 avec X" is a signing
            if _background(tok, rule, ctx):
                continue
            if rule.pos == "VERB" and tok.dep_ == "acl" and "VerbForm=Inf" in str(tok.morph) \
                    and any(m.dep_ == "mark" and m.lower_ == "à" for m in tok.children):
                continue  # "le dernier pays à accueillir des troupes": a description, not an event
            headline = ctx.text[unit[1] - 1] not in TERMINAL and ctx.text[unit[1]:unit[1] + 1] in {"\n", ""}
            out.append(_Cand(rule=rule, tok=tok, pred=pred, unit=unit, sent_idx=sent_of[tok.i],
                             type=rule.type, cameo=rule.cameo, headline=headline))
            break
    out.sort(key=lambda c: c.tok.i)
    return out


def _phrase_rule(c: _Cand, lex: Lexicon) -> TriggerRule | None:
    """'effectuer une visite', 'recevoir une délégation': the noun is the support verb's own argument
    (not 'a reçu le ministre, en visite officielle', where the visit belongs to the guest)."""
    if c.tok.pos_ != "NOUN" or c.pred == c.tok:
        return None
    h = c.tok.head
    if h != c.pred and not (h.head == c.pred and h.ent_type_ == "DATE"):
        return None
    if _case(c.tok) == "en":
        return None  # "a reçu X, en visite officielle": the guest's trip
    return lex.phrases.get((c.pred.lemma_.lower(), c.rule.lemma))


def _capital_phrase_place(c: _Cand, ctx: _Ctx) -> bool:
    """'arrivé dans la capitale saoudienne': a place of the verb, named by its state (read by _named_capitals)."""
    return c.rule.requires == "loc" and any(
        o.dep_.startswith("obl") and o.lemma_.lower() == "capitale" and _loc_case_ok(o, ctx)
        and any(a.dep_ == "amod" and ctx.lex.demonym(a.lower_) for a in o.children)
        for o in c.tok.children)


def _hosting_place(c: _Cand, ctx: _Ctx) -> Mention | None:
    """'Le Qatar a reçu mi-mars X', 'N'Djamena a reçu une délégation': a place that hosts is where the visit was."""
    if c.type not in {"VISIT", "DELEGATION"} or c.cameo != "043" or c.pred.pos_ != "VERB" or _is_passive(c.pred):
        return None
    for s in _subjects(c.pred)[:1]:  # "Le Qatar, longtemps considéré comme ..., a reçu": a subject the parser moved
        m = ctx.at.get(s.i)
        if s.dep_ == "nsubj" and m is not None and m.label == "LOC" and s.i not in ctx.paren:
            return m
    return None


def _hosting_verb(v: Token, ctx: _Ctx) -> bool:
    """'reçue par le président', 'accueillie par X': the agent is the host, not the one who leads."""
    return any(r.cameo == "043" for r in ctx.lex.rules.get((v.lemma_, "VERB"), []))


def _reception_and_trip(a: _Cand, b: _Cand) -> bool:
    """a is a host's reception ("recevoir", "accueillir"), b the guest's trip told by another trigger.
    A reception with no host named ("avait été reçu à l'Élysée, lors d'une visite d'État") only tells the trip."""
    return a.type == "VISIT" and a.cameo == "043" and a.tok.pos_ == "VERB" \
        and b.type in {"VISIT", "DELEGATION"} and b.cameo != "043" \
        and not (_is_passive(a.tok) and not any(ch.dep_ == "obl:agent" for ch in a.tok.subtree))


def _combine_in_sentence(cands: list[_Cand]) -> None:
    """One event for triggers that describe the same thing in one clause."""
    for a in cands:
        for b in cands:
            if a is b or a.absorbed or b.absorbed or a.sent_idx != b.sent_idx:
                continue
            if _reception_and_trip(a, b) or _reception_and_trip(b, a):
                continue  # "X a reçu Y, en visite officielle", "accueilli pour sa visite": the trip and the reception are two rows
            if a.type == b.type and a.loc_direct and b.loc_direct and a.location is not None and b.location is not None \
                    and a.location.country and b.location.country and a.location.country != b.location.country:
                continue  # "le lendemain de sa visite à Abou Dhabi, il devait se rendre à Doha": two trips
            # noun b is an argument of verb a ("la délégation est arrivée", "négocier un accord")
            modal_subject = b.tok.dep_ in SUBJ and a.tok.dep_ == "xcomp" and a.tok.head == b.tok.head
            if b.tok.pos_ == "NOUN" and a.tok.pos_ != "NOUN" and (b.tok.head == a.tok or b.pred == a.tok or modal_subject):
                if b.type == "DELEGATION" and a.type == "VISIT":
                    a.type, a.cameo = "DELEGATION", a.cameo
                    a.initiator = b.leader + b.initiator + a.initiator
                    a.tok = b.tok  # the delegation is what the sentence is about
                elif b.type == "EXERCISE" and a.type == "MEETING":
                    a.type, a.cameo, a.tok = "EXERCISE", b.cameo, b.tok  # "l'exercice doit réunir ..."
                elif b.type == "DELEGATION" and a.type in {"AGREEMENT", "MEETING", "EXERCISE"} and b.tok.dep_ in SUBJ \
                        and any("Definite=Def" in str(d.morph) or "PronType=Dem" in str(d.morph)
                                for d in b.tok.children if d.dep_ == "det"):
                    pass  # "les deux délégations ont signé": the signing, by parties already told
                elif b.type == "AGREEMENT" and a.type in {"MEETING", "AGREEMENT"}:
                    a.type, a.cameo = "AGREEMENT", a.cameo if a.type == "AGREEMENT" else "046"
                elif b.type != a.type:
                    continue
                a.others += b.participants()
                a.location = a.location or b.location
                a.date = a.date or b.date
                b.absorbed = True
            # "une visite à Benghazi d'une délégation turque": the delegation's visit
            elif a.tok.pos_ == "NOUN" and a.type == "VISIT" and b.type == "DELEGATION" and b.tok in a.tok.subtree:
                a.type = "DELEGATION"
                a.initiator = b.leader + b.initiator + a.initiator
                a.others += b.participants()
                b.absorbed = True
            # a meeting as the purpose of a trip: "s'est rendu à Tripoli pour s'entretenir avec X"
            elif (a.type in {"VISIT", "DELEGATION"} and b.type == "MEETING" and b.tok.pos_ == "VERB"
                  and b.tok.dep_ == "advcl" and b.tok.head in (a.tok, a.pred)
                  and any(m.lower_ == "pour" for m in b.tok.children if m.dep_ == "mark")):
                # the trip and the talks are two rows: the talks happen where and when the trip goes
                if not a.counterpart:
                    a.counterpart = [x for x in b.counterpart if x not in a.initiator]
                if not b.initiator:
                    b.initiator = list(a.leader or a.initiator)
                b.location = b.location or a.location
                b.loc_direct = b.loc_direct or a.loc_direct
                b.date = b.date or a.date
            # noun inside noun of the same type ("la signature d'un accord")
            elif (a.tok.pos_ == "NOUN" and b.tok.pos_ == "NOUN" and b.tok in a.tok.subtree
                  and (a.type == b.type or (a.type, b.type) in {("MEETING", "AGREEMENT")})):
                a.type = b.type if a.type == "MEETING" and b.type == "AGREEMENT" else a.type
                a.others += b.participants()
                a.location = a.location or b.location
                a.date = a.date or b.date
                a.money = a.money or b.money
                b.absorbed = True
            # the same type from the same predicate ("était à Alger où il a été reçu")
            elif a.type == b.type and a.tok.i < b.tok.i and not (b.cameo == "043" and a.cameo != "043") and (b.pred == a.pred or b.tok.head == a.tok.head
                                                             or b.pred.head == a.tok.head or b.pred.head == a.pred):
                a.initiator = a.initiator or b.initiator
                a.counterpart = a.counterpart or b.counterpart
                a.others += b.participants()
                a.location = a.location or b.location
                a.loc_direct = a.loc_direct or b.loc_direct
                a.date = a.date or b.date
                b.absorbed = True


def _within_days_after(e: Event, arrival: Event, days: int) -> bool:
    """"arrivé jeudi ... Les deux dirigeants se sont entretenus vendredi": talks in the days after an arrival."""
    if len(e.date_start) != 10 or len(arrival.date_start) != 10:
        return False
    gap = (date.fromisoformat(e.date_start) - date.fromisoformat(arrival.date_start)).days
    return 0 <= gap <= days


def _dates_compatible(a: Event, b: Event) -> bool:
    if not a.date or not b.date:
        return True
    if a.date_start and a.date_end and b.date_start and b.date_end:
        return not (a.date_end < b.date_start or b.date_end < a.date_start)
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def _merge_into(e: Event, o: Event) -> None:
    for slot in ("initiator", "counterpart", "location", "country", "currency", "cameo"):
        if not getattr(e, slot) and getattr(o, slot):
            setattr(e, slot, getattr(o, slot))
    if e.location != o.location and o.location and _kind(e.location) == "country" and _kind(o.location) == "city":
        e.location, e.country = o.location, o.country or e.country  # the finer place of the two tellings
    if not e.date and o.date:
        e.date, e.date_start, e.date_end, e.planned = o.date, o.date_start, o.date_end, o.planned
    elif o.date and e.date and len(o.date) > len(e.date) and _dates_compatible(e, o) and "/" not in e.date:
        e.date, e.date_start, e.date_end = o.date, o.date_start, o.date_end  # keep the finer date
    if e.amount is None and o.amount is not None:
        e.amount, e.currency = o.amount, o.currency
    e.participants = list(dict.fromkeys(e.participants + o.participants))
    e.confidence = max(e.confidence, o.confidence)


def _places_nest(a: str, b: str) -> bool:
    """The same place, or a city and its country ("sa visite aux Émirats" after "reçu à Abou Dhabi")."""
    if a == b:
        return True
    pa, pb = lookup_place(a), lookup_place(b)
    if pa is None or pb is None or pa.country != pb.country:
        return False
    return "country" in {pa.kind, pb.kind}


def _same_event(e: Event, o: Event, sent_gap: int) -> bool:
    if not _dates_compatible(e, o) or e.planned != o.planned:  # a trip told as done is not the one announced
        return False
    if e.location and o.location and not _places_nest(e.location, o.location):
        return False
    if e.type == o.type:
        if e.counterpart and o.counterpart and e.counterpart != o.counterpart:
            return False
        if e.initiator and o.initiator and e.initiator == o.initiator:
            return True
        if e.initiator and o.initiator and not (e.initiator in o.participants or o.initiator in e.participants):
            return False
        if not set(e.participants) & set(o.participants):
            return False
        return bool(e.date and o.date) or bool(e.location and e.location == o.location) or sent_gap <= 1
    return False


def _confidence(c: _Cand) -> float:
    s = 0.3
    s += 0.2 if c.initiator or c.leader else 0.0
    s += 0.1 if c.counterpart else 0.0
    s += 0.15 if c.location is not None and c.loc_direct else 0.07 if c.location is not None else 0.0
    s += {"clause": 0.12, "sentence": 0.1, "context": 0.07, "paragraph": 0.04}.get(c.date_source, 0.0)
    s += 0.1 if c.direct else 0.0
    s -= 0.2 if c.fallback_parties else 0.0
    s -= 0.1 if c.headline else 0.0
    return round(max(0.05, min(1.0, s)), 2)


def extract_events(doc: Doc, mentions: list[Mention], article: Article, lexicon: Lexicon | None = None) -> list[Event]:
    """Typed events of one article, each with participants, trigger and evidence offsets."""
    lex = lexicon or load_lexicon()
    ctx = _Ctx(doc, mentions, article, lex)
    cands = _candidates(doc, ctx, lex)
    events: list[Event] = []
    sent_of_event: dict[str, int] = {}
    # pass 1: roles and places, per candidate
    adjuncts = [x for x in cands if _participial_adjunct(x.tok)]  # "arrivé la veille": their dates are their own
    for c in cands:
        phrase = _phrase_rule(c, lex)
        if phrase is not None:
            c.type, c.cameo = phrase.type, phrase.cameo
        c.anaphoric = _anaphoric(c.tok, cands[: cands.index(c)], c.type) and c.rule.pos == "NOUN"
        used = _fill_roles(c, ctx, events, phrase)
        if c.type == "DELEGATION" and not c.leader:
            _leader_from_surface(c, ctx)
        if c.type == "ARMS_TRANSFER":
            _supplier_state(c, ctx)
            if not c.initiator:
                c.initiator.extend(_usual_partner(c, ctx))
        if len(c.participants()) >= 2:
            ctx.recent_parties.append(c.participants())
        if c.leader and c.type == "DELEGATION" and c.leader[0] in ctx.per_names:
            ctx.leaders.append((c.leader[0], c.tok.idx))
        if c.leader or c.initiator:
            ctx.initiators.append(((c.leader or c.initiator)[0], c.tok.idx))
        left = _left_place(c, ctx) if c.type == "OTHER" and c.cameo == "087" else None
        if left is not None:
            c.location, c.loc_direct = left, True  # "a retiré ses derniers soldats du Tchad": the country left
        else:
            _find_location(c, ctx, used)
            if c.location is None:
                c.location = _hosting_place(c, ctx)
        states = [ctx.state_of(x) for x in c.leader + c.participants()]
        if c.location is not None:
            states.append(ctx.lex.country_of_code.get((c.location.country or "").upper(), "")
                          or (ctx.name(c.location) if ctx.is_country(c.location) else ""))
        states = list(dict.fromkeys(x for x in states if x))
        if len(states) >= 2:
            ctx.recent_states.append(states)
        if c.type == "ARMS_TRANSFER" and c.location is not None and ctx.is_country(c.location) \
                and _case(ctx.root_of[id(c.location)]) in {"à", "au", "aux"} and not c.counterpart:
            # "a livré des drones au Mali": a recipient state, not the place of the delivery
            c.counterpart.append(ctx.name(c.location))
            c.location, c.loc_direct = None, False
        personnel = lex.cue("personnel_nouns")
        if c.type == "VISIT" and c.tok.pos_ == "NOUN" and any(
                n.lemma_.lower() in personnel and n.dep_ == "nmod" and _case(n) in DE for n in c.tok.children):
            c.type, c.cameo = "OTHER", "154"  # "l'arrivée d'instructeurs russes": a deployment
            n = next(n for n in c.tok.children if n.lemma_.lower() in personnel and n.dep_ == "nmod")
            d = _demonym_country([a for a in n.children if a.dep_ in {"amod", "acl"}], ctx)
            if d:
                c.initiator = [d]
        if c.type == "VISIT" and c.tok.pos_ == "VERB" and any(
                s.lemma_.lower() in personnel for s in c.tok.children if s.dep_ in SUBJ):
            c.type, c.cameo = "OTHER", "154"  # "des instructeurs russes sont arrivés": a deployment, not a visit
            sender = _personnel_sender(c.tok, ctx, events)
            if sender:
                c.initiator = [sender]
        if c.rule.requires in {"loc", "loc_cop"} and not (c.location is not None and c.loc_direct) \
                and not _capital_phrase_place(c, ctx):
            c.absorbed = True
            continue
        if c.rule.requires == "loc_cop" and not (c.initiator and ctx.at.get(c.tok.head.i) is None
                                                  or c.initiator and ctx.at[c.tok.head.i].label in {"LOC", "DATE"}):
            c.absorbed = True
            continue
        if c.rule.requires == "loc_cop" and c.initiator and c.initiator[0] in lex.countries:
            c.absorbed = True  # "Le Tchad était le dernier pays ...": a state "is" somewhere only in a description
            continue
        _find_date(c, ctx, {x.tok.i for x in adjuncts if x is not c and x.sent_idx == c.sent_idx and x.type != c.type})
        moneys = [m for m in ctx.mentions if m.label == "MONEY" and m.linked_to is None
                  and c.unit[0] <= m.start < c.unit[1] and m.amount is not None]
        if moneys:
            c.money = min(moneys, key=lambda m: abs(m.start - c.tok.idx))
    _combine_in_sentence([c for c in cands if not c.absorbed])
    # pass 2: events in text order, with anaphora, context dates and fallbacks
    for c in cands:
        if c.absorbed or _habitual(c, ctx):
            continue
        if FIRST_TIME.search(ctx.text[c.unit[0]:c.tok.idx]) and any(_kin(e.type, c.type) for e in events):
            continue  # "C'est la première fois depuis 2011 que des navires russes font escale": the one just told
        if c.rule.lemma == "visiter" and c.tok.pos_ == "VERB" and any(e.type in {"VISIT", "DELEGATION"} for e in events) \
                and any(o.dep_ == "obj" and o.pos_ == "NOUN" and o.i not in ctx.at for o in c.tok.children):
            continue  # "a visité les installations de X" during a trip already told: part of that trip
        demonstrative = any(d.dep_ == "det" and "PronType=Dem" in str(d.morph) for d in c.tok.children)
        if c.anaphoric:
            target = next((e for e in reversed(events) if _kin(e.type, c.type)), None)
            # "la réunion, organisée à X" right after a telling with no place: that place, not another meeting
            next_sentence = target is not None and c.sent_idx - sent_of_event[target.event_id] <= 2
            # "... lors d'une rencontre à Istanbul. La rencontre s'est tenue au palais de Dolmabahçe": a venue in that city
            in_its_city = next_sentence and c.location is not None and _is_venue(ctx.name(c.location), ctx) \
                and _kind(target.location) == "city"
            placed = c.location is not None and c.loc_direct and not (
                next_sentence and not target.location) and not in_its_city
            if target is not None and (demonstrative or not placed):
                if next_sentence and c.date is not None and c.date_source == "clause" \
                        and target.event_id not in ctx.clause_dated and target.date != c.date.norm:
                    # "a annoncé jeudi" dated the first telling; "s'est tenue mercredi soir" dates the event
                    target.date, target.date_start, target.date_end = c.date.norm, c.date.date_start, c.date.date_end
                target.participants = list(dict.fromkeys(target.participants + c.participants()))
                if c.leader and (not target.initiator or target.initiator in lex.countries):
                    target.initiator = c.leader[0]
                    target.participants = list(dict.fromkeys([c.leader[0]] + target.participants))
                if not target.counterpart:
                    target.counterpart = next((x for x in c.counterpart if x != target.initiator), "")
                if c.location is not None and c.loc_direct and not demonstrative and not target.location \
                        and c.sent_idx - sent_of_event[target.event_id] <= 1:
                    # "Au terme de la réunion, organisée au château de X": the place the first telling left out,
                    # also for the reception told with it
                    for e in events:
                        if not e.location and sent_of_event.get(e.event_id) == sent_of_event.get(target.event_id) \
                                and e.date == target.date:
                            e.location, e.country = ctx.name(c.location), c.location.country or ""
                continue
        if c.date is None and c.undated:
            ev_date = ("", "", "")
        elif c.date is None:
            fallbacks = lex.cues.get("date_fallback", [])
            ref = _context_event(c, cands, events, sent_of_event) if "context" in fallbacks else None
            if ref is not None and ref.date:
                c.date_source = "context"
                ev_date = (ref.date, ref.date_start, ref.date_end)
            elif "paragraph" in fallbacks:
                ev_date = _paragraph_date(c, ctx)
            elif "previous_sentence" in fallbacks:
                ev_date = _previous_sentence_date(c, ctx, events, sent_of_event)
            else:
                ev_date = ("", "", "")
        else:
            ev_date = _refine_week(c, ctx) or (c.date.norm, c.date.date_start, c.date.date_end)
        occasion = None
        if not c.participants() and c.type == "ARMS_TRANSFER" and c.tok.pos_ == "VERB" and any(
                _bare_consignment(g, ctx) for g in _subjects(c.tok) + _children(c.tok, {"obj"})):
            deal = next((e for e in reversed(events) if e.type in {"ARMS_TRANSFER", "AGREEMENT"}
                         and sent_of_event[e.event_id] >= c.sent_idx - 3), None)
            if deal is not None:  # "Le premier lot pourrait être livré": a delivery under the deal just told
                supplier = deal.initiator or next((p for p in deal.participants if p != deal.counterpart), "")
                c.initiator.extend([supplier] if supplier else [])
                c.others.extend(p for p in deal.participants if p != supplier)
        if not c.participants() and events and OCCASION.search(ctx.text[c.unit[0]:c.unit[1]]):
            occasion = events[-1]  # "Un accord a été signé à cette occasion": the parties of that occasion
            c.others.extend(occasion.participants)
            if not ev_date[0] and occasion.date:
                ev_date = (occasion.date, occasion.date_start, occasion.date_end)
        if c.type == "EXERCISE" and not c.participants():
            earlier = next((e for e in reversed(events) if e.type == "EXERCISE" and e.participants), None)
            if earlier is not None:
                c.others.extend(earlier.participants)  # "Un exercice naval conjoint est prévu ...": the same partners
        trip = _talks_of_trip(c, events, sent_of_event)
        if trip is not None:
            # "X a été reçu par Y. La rencontre a porté sur ...": the talks of that reception, a row of their own
            c.initiator = c.initiator or ([trip.initiator] if trip.initiator else [])
            c.counterpart = c.counterpart or ([trip.counterpart] if trip.counterpart else [])
            c.others.extend(trip.participants)
            if c.location is None and trip.location:
                occasion = trip
            if not ev_date[0] and trip.date:
                ev_date = (trip.date, trip.date_start, trip.date_end)
        if not c.participants():
            near = [m for m in ctx.mentions if (m.label in PARTY_LABELS or ctx.is_country(m))
                    and c.unit[0] <= m.start < c.unit[1] and m is not c.location and id(m) not in ctx.quoted]
            near.sort(key=lambda m: abs(m.start - c.tok.idx))
            c.others.extend(ctx.name(m) for m in near[:2])
            c.fallback_parties = bool(near)
        if not c.participants():
            continue
        initiator = (c.leader or c.initiator or [""])[0]
        counterpart = next((x for x in c.counterpart if x != initiator), "")
        parts = c.participants()
        if c.location is not None and ctx.name(c.location) in parts and c.location.label == "LOC" \
                and c.location.qualifier != "demonym":  # "dans le ciel égyptien": Égypte is there and takes part
            parts = [p for p in parts if p != ctx.name(c.location)] or parts
        c.planned = _planned(c, ctx)
        if c.planned and c.date is not None:
            ev_date = _future_reading(c.date, ev_date, ctx.article.published)
        elif c.date is not None and c.type not in {"VISIT", "DELEGATION"} and c.date_source in {"clause", "sentence"} \
                and SINCE.search(ctx.text[max(0, c.date.start - 12):c.date.start]):
            # "fournit depuis janvier": a bound of an ongoing state; a stay "depuis samedi" keeps its arrival day
            ev_date = ("", "", "")
        start, end = c.tok.idx, c.tok.idx + len(c.tok.text)
        ev = Event(
            event_id=_event_id(article.id, c.type, start, end),
            article_id=article.id, type=c.type, cameo=c.cameo,
            date=ev_date[0] or "", date_start=ev_date[1] or "", date_end=ev_date[2] or "",
            location=ctx.name(c.location) if c.location is not None else (occasion.location if occasion else ""),
            country=(c.location.country if c.location is not None else (occasion.country if occasion else "")) or
                    (lex.countries.get(ctx.name(c.location), "") if c.location is not None else ""),
            participants=parts, initiator=initiator, counterpart=counterpart,
            amount=c.money.amount if c.money is not None else None,
            currency=c.money.currency if c.money is not None else "",
            trigger=c.tok.text, evidence=ctx.text[c.unit[0]:c.unit[1]],
            sentence_start=c.unit[0], sentence_end=c.unit[1],
            confidence=_confidence(c), trigger_start=start, trigger_end=end, planned=c.planned,
        )
        if ev.type == "AGREEMENT" and ev.planned:
            ev.cameo = "0312"  # an agreement announced or under negotiation: intent to cooperate
        elif ev.type == "AGREEMENT" and ev.cameo == "057" and not any(t.lemma_ in {"signer", "signature", "parapher"}
                                                                     for t in doc[c.pred.sent.start:c.pred.sent.end]):
            mil = ctx.lex.cue("military")
            if any(t.lower_ in mil for t in c.tok.subtree):
                ev.cameo = "0312"
        events.append(ev)
        sent_of_event[ev.event_id] = c.sent_idx
        if c.date_source == "clause":
            ctx.clause_dated.add(ev.event_id)
        for k, extra in enumerate(_more_destinations(c, ctx), start=1):
            # "s'est rendu au Caire et à Abou Dhabi": one trip row per destination
            twin = dataclasses.replace(ev, participants=list(ev.participants), location=ctx.name(extra),
                                       country=extra.country or lex.countries.get(ctx.name(extra), ""),
                                       event_id=_event_id(article.id, c.type, start, end, k))
            events.append(twin)
            sent_of_event[twin.event_id] = c.sent_idx
        for k, (place, host) in enumerate(_later_receptions(c, ctx), start=30):
            # "reçu à la Maison Blanche par X, puis au Pentagone par Y": a second reception, at its own place
            twin = dataclasses.replace(ev, participants=[p for p in ev.participants if p != ev.counterpart] + [host],
                                       counterpart=host, location=ctx.name(place), country=place.country or "",
                                       event_id=_event_id(article.id, c.type, start, end, k))
            twin.participants = [p for p in dict.fromkeys(twin.participants) if p]
            events.append(twin)
            sent_of_event[twin.event_id] = c.sent_idx
        for k, extra in enumerate(_more_dates(c, ctx), start=50):
            # "a reçu des drones turcs en décembre 2022 et en mars dernier": one row per occurrence
            twin = dataclasses.replace(ev, participants=list(ev.participants), date=extra.norm,
                                       date_start=extra.date_start, date_end=extra.date_end,
                                       event_id=_event_id(article.id, c.type, start, end, k))
            events.append(twin)
            sent_of_event[twin.event_id] = c.sent_idx
        if c.headline:
            ctx.headline_events.add(ev.event_id)
        if c.cameo == "043" and c.tok.pos_ == "VERB":
            guests = [o for o in c.tok.children if o.dep_ in ({"obj"} | (SUBJ if _is_passive(c.tok) else set()))]
            if any(g.lemma_.lower() in lex.cue("resident_titles") for g in guests):
                ctx.resident_events.add(ev.event_id)
    return _merge_article(events, sent_of_event, ctx)


def _refine_week(c: _Cand, ctx: _Ctx) -> tuple[str, str, str] | None:
    """'réceptionné la semaine dernière' + next sentence 'La cérémonie s'est tenue jeudi': the day, when it
    falls inside that week."""
    m = c.date
    if m is None or "-W" not in (m.norm or "") or not m.date_start or not m.date_end:
        return None
    nxt = re.search(r"[.!?](?=\s|$)", ctx.text[c.unit[1] + 1:])
    end = c.unit[1] + 1 + (nxt.end() if nxt else 0)
    for d in ctx.mentions:
        if d.label == "DATE" and c.unit[1] <= d.start < end and re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.norm or "") \
                and m.date_start[:10] <= d.norm <= m.date_end[:10]:
            return d.norm, d.date_start, d.date_end
    return None


def _future_reading(m: Mention, ev_date: tuple[str, str, str], published: date | None) -> tuple[str, str, str]:
    """'se rendre en Turquie en avril' (planned): a month or day without a year read as past is moved a year on."""
    norm, start, end = ev_date
    day_month = (bool(re.search(r"\d", m.text)) or names_a_month(m.text)) \
        and bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}(/\d{4}-\d{2}-\d{2})?", norm))  # "le 12 mars", "mi-mars", "début mai"
    if published is None or not end or re.search(r"\b\d{4}\b", m.text) or not (
            re.fullmatch(r"\d{4}-\d{2}", norm) or day_month):
        return ev_date  # a bare month ("en avril") or day-month ("du 10 au 20 mars") is read forward; weekdays are the date tagger's call
    try:
        if date.fromisoformat(end[:10]) >= published:
            return ev_date
        if day_month and (published - date.fromisoformat(end[:10])).days < 90:
            return ev_date  # a day just before publication is a report of it, not next year's
    except ValueError:
        return ev_date
    def bump(v: str) -> str:
        return re.sub(r"\b(\d{4})(?=-\d{2})", lambda x: str(int(x.group(1)) + 1), v)
    if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?(/\d{4}-\d{2}(-\d{2})?)?", norm):
        return ev_date
    try:  # 29 February has no next year
        date.fromisoformat(bump(start)[:10]), date.fromisoformat(bump(end)[:10])
    except ValueError:
        return ev_date
    return bump(norm), bump(start), bump(end)


def _context_event(c: _Cand, cands: list[_Cand], events: list[Event], sent_of_event: dict[str, int]) -> Event | None:
    """The earlier event this sentence refers back to ('Au cours de cette visite, ...')."""
    for o in cands:
        if o is not c and o.sent_idx == c.sent_idx and o.anaphoric:
            return next((e for e in reversed(events) if e.type in {o.type, "DELEGATION"} and e.date), None)
    return None


def _last_date(c: _Cand, ctx: _Ctx, start: int, end: int) -> tuple[str, str, str]:
    """The last resolved DATE (outside parentheses) in [start, end), recorded as a context date of c."""
    dates = [m for m in ctx.mentions if m.label == "DATE" and m.norm and start <= m.start < end
             and ctx.root_of.get(id(m)) is not None and ctx.root_of[id(m)].i not in ctx.paren]
    # "fait face depuis le 4 avril à une offensive": the start of a state, not a date to lend to the next event
    dates = [m for m in dates if not SINCE.search(ctx.text[max(0, m.start - 12):m.start])]
    if not dates:
        return "", "", ""
    c.date_source = "paragraph"
    m = dates[-1]
    return m.norm, m.date_start, m.date_end


def _paragraph_date(c: _Cand, ctx: _Ctx) -> tuple[str, str, str]:
    a, _b = ctx.paragraph_of(c.unit[0])
    return _last_date(c, ctx, a, c.unit[0])


def _previous_sentence_date(c: _Cand, ctx: _Ctx, events: list[Event], sent_of_event: dict[str, int]) -> tuple[str, str, str]:
    """The last DATE of the sentence just before, in the same paragraph, when this sentence goes on with its
    story: that sentence told no event ("Le 4 mars, les contacts se sont multipliés. X a rencontré Y."), or its
    event has the same actor ("X est arrivé mardi à Bamako. Il a ensuite rencontré Y."). A date of another
    actor's event stays with it."""
    if c.sent_idx == 0:
        return "", "", ""
    before = [e for e in events if sent_of_event.get(e.event_id) == c.sent_idx - 1]
    actor = (c.leader or c.initiator or c.others or [""])[0]
    if before and not any(actor and (actor == e.initiator or actor in e.participants) for e in before):
        return "", "", ""
    prev = ctx.sent_units[c.sent_idx - 1]
    a, _b = ctx.paragraph_of(c.unit[0])
    return _last_date(c, ctx, max(a, prev.start_char), prev.end_char)


def _retype(e: Event, type_: str, cameo: str, sent_of_event: dict[str, int]) -> None:
    old = e.event_id
    e.type, e.cameo = type_, cameo
    e.event_id = _event_id(e.article_id, e.type, e.trigger_start, e.trigger_end)
    sent_of_event[e.event_id] = sent_of_event[old]


def _active_reception(e: Event, ctx: _Ctx) -> bool:
    """'X a reçu Y' (active) rather than 'Y a été reçu par X'."""
    span = ctx.doc.char_span(e.trigger_start, e.trigger_end, alignment_mode="expand")
    return span is not None and len(span) > 0 and not _is_passive(span[0])


def _merge_article(events: list[Event], sent_of_event: dict[str, int], ctx: _Ctx) -> list[Event]:
    """Reports of one event inside an article become one row; the best-attested report leads.

    A host's reception ("X a été reçu par Y") of someone whose trip the article
    already reports with its own trigger is a meeting during that trip.
    """
    kept: list[Event] = []
    for e in events:
        if e.type in {"VISIT", "DELEGATION"} and e.cameo == "043" and e.event_id not in ctx.headline_events:
            if e.event_id in ctx.resident_events:
                _retype(e, "MEETING", "040", sent_of_event)
                kept.append(e)
                continue
            later_trip = next((k for k in events if k.type in {"VISIT", "DELEGATION"} and k.cameo != "043"
                               and k.trigger_start > e.trigger_end and k.event_id not in ctx.headline_events
                               and sent_of_event[k.event_id] == sent_of_event[e.event_id]), None)
            if later_trip is not None:
                # "X a reçu dimanche à Alger Y, en visite officielle en Algérie": the trip is Y's, the reception a meeting
                guest, host = e.initiator, e.counterpart
                if guest and later_trip.initiator in {host, ""}:
                    later_trip.initiator = guest
                    later_trip.participants = list(dict.fromkeys([guest, *later_trip.participants]))
                _retype(e, "MEETING", "040", sent_of_event)
                if host and _active_reception(e, ctx):
                    e.initiator, e.counterpart = host, guest  # "X a reçu Y": the subject leads the talks
                    e.participants = list(dict.fromkeys([host, *e.participants]))
                kept.append(e)
                continue
            trip = next((k for k in kept if k.type in {"VISIT", "DELEGATION"} and k.cameo != "043"
                         and k.event_id not in ctx.headline_events
                         and k.initiator and (k.initiator == e.initiator or e.initiator in k.participants
                                              or not e.location or e.location == k.location)
                         and (_dates_compatible(k, e) or 0 < sent_of_event[e.event_id] - sent_of_event[k.event_id] <= 8
                              or sent_of_event[e.event_id] == sent_of_event[k.event_id] and k.trigger_start < e.trigger_start)),
                        None)
            if trip is not None:  # "s'est rendu à Ankara, où il a été reçu par X": the trip, then the talks
                e.type, e.cameo = "MEETING", "040"
                old = e.event_id
                e.event_id = _event_id(e.article_id, e.type, e.trigger_start, e.trigger_end)
                sent_of_event[e.event_id] = sent_of_event[old]
                e.location = e.location or trip.location
                e.country = e.country or trip.country
                kept.append(e)
                continue
        idx = next((i for i, k in enumerate(kept)
                    if _same_event(k, e, abs(sent_of_event[k.event_id] - sent_of_event[e.event_id]))), None)
        if idx is None:
            kept.append(e)
            continue
        target = kept[idx]
        headline_target = target.event_id in ctx.headline_events and e.event_id not in ctx.headline_events
        if headline_target or (e.confidence > target.confidence and e.event_id not in ctx.headline_events):
            _merge_into(e, target)
            kept[idx] = e
        else:
            _merge_into(target, e)
    _share_context(kept, sent_of_event)
    _settle_venues(kept, ctx)
    _named_capitals(kept, ctx)
    _settle_cities(kept, ctx)
    _capitals_for_unnamed_states(kept, ctx)
    _date_of_the_occasion(kept)
    # a headline only announces what the body tells; an event only a headline carries is dropped
    out = [e for e in kept if e.confidence >= MIN_CONFIDENCE and e.event_id not in ctx.headline_events]
    _unique_ids(out)
    return out


def _unique_ids(events: list[Event]) -> None:
    """Twins of one trigger (extra destinations, a second reception) lose their suffix when retyped: give
    each repeated id the next free suffix, so the store, which keys on event_id, keeps every row."""
    seen: set[str] = set()
    for e in events:
        k = 0
        while e.event_id in seen:
            k += 1
            e.event_id = _event_id(e.article_id, e.type, e.trigger_start, e.trigger_end, k)
        seen.add(e.event_id)


def _share_context(events: list[Event], sent_of_event: dict[str, int]) -> None:
    """Place and date told in a neighbouring sentence about the same encounter.

    "X a rencontré Y." + "X a reçu Y à Rajma." : the meeting took place at Rajma.
    "X effectue une visite à Islamabad. ... multiplie les rencontres": meetings held
    during a visit take place where the visit does.
    """
    for e in events:
        if e.location:
            continue
        si = sent_of_event[e.event_id]
        pair = {e.initiator, e.counterpart} - {""}
        for o in events:
            if o is e or not o.location or abs(sent_of_event[o.event_id] - si) > 2:
                continue
            days_after_arrival = o.type in {"VISIT", "DELEGATION"} and _within_days_after(e, o, 3)
            if not _dates_compatible(e, o) and not days_after_arrival:
                continue  # "ont signé le 17 janvier un traité" is not the encounter told in March next to it
            same_pair = len(pair) == 2 and pair <= set(o.participants) and _dates_compatible(e, o)
            during_visit = (e.type in {"MEETING", "AGREEMENT"} and o.type in {"VISIT", "DELEGATION"}
                            and 0 < si - sent_of_event[o.event_id] <= 2 and e.planned == o.planned
                            and not PHONE.search(e.evidence))
            if same_pair or during_visit:
                e.location, e.country = o.location, o.country
                if same_pair and not e.date and o.date:
                    e.date, e.date_start, e.date_end = o.date, o.date_start, o.date_end
                break


def _leader_from_surface(c: _Cand, ctx: _Ctx) -> None:
    """"une délégation hongroise conduite par le ministre X": the first person named after the participle.

    The parser often breaks a long title + foreign name into several roots, so this reads the
    surface right after the trigger instead of the tree.
    """
    end = c.tok.idx + len(c.tok.text)
    window = ctx.text[end:min(c.unit[1], end + 60)]
    words = ctx.lex.cue("leader_participles")
    m = re.search(r"\b(\w+)\s+par\b", window)
    if m is None or m.group(1).lower() not in words or re.search(r"[.;:]", window[:m.start()]):
        return
    after = end + m.end()
    for men in ctx.mentions:
        if men.label == "PER" and after <= men.start < min(c.unit[1], after + 90):
            if re.search(r"[.;]", ctx.text[after:men.start]):
                return
            name = ctx.name(men)
            c.leader.append(name)
            c.direct = True
            return


def _habitual(c: _Cand, ctx: _Ctx) -> bool:
    """A repeated or generic statement ("s'est rendu à Moscou à plusieurs reprises", "multiplie les
    ventes d'armes") reports no single event."""
    phrases = ctx.lex.cue("habitual_phrases")
    toks = _own_clause(c.tok if c.tok.pos_ == "NOUN" else c.pred, c.tok)
    toks = [x for x in toks if _in_unit(x, c.unit)]
    if not toks:
        return False
    clause = " " + " ".join(x.lower_ for x in sorted(toks, key=lambda x: x.i)) + " "
    if c.tok.pos_ == "NOUN" and c.tok.dep_ in {"obj", "nsubj"} and c.tok.head.lower_ in ctx.lex.cue("habitual_heads"):
        return True
    if c.date is None and c.tok.pos_ == "VERB" and len(_listed_places(c, ctx)) >= 3:
        return True  # "Il avait été reçu à Paris, à Rome, au Caire et à Abou Dhabi": a career summed up, no one trip
    return any(re.search(r"\W" + re.escape(ph) + r"\W", clause) for ph in phrases)


CLAUSE_DEPS = {"advcl", "acl:relcl", "ccomp", "csubj", "conj", "parataxis", "xcomp"}


def _own_clause(head: Token, keep: Token) -> list[Token]:
    """head's subtree without the subordinate or coordinated clauses that do not hold `keep`."""
    out, stack = [], [head]
    while stack:
        x = stack.pop()
        out.append(x)
        for ch in x.children:
            if ch.dep_ in CLAUSE_DEPS and ch.pos_ in {"VERB", "AUX"} and not (ch.left_edge.i <= keep.i <= ch.right_edge.i):
                continue
            stack.append(ch)
    return out


def _is_venue(name: str, ctx: _Ctx) -> bool:
    low = name.lower()
    return any(low.startswith(w.lower()) for w in ctx.lex.cue("venue_words")) \
        or name in ctx.venue_names


def _city_of_a_venue(m: Mention, ctx: _Ctx) -> bool:
    """A city that can hold the sentence's venue: introduced as a place ("à Tunis", "le palais de Carthage à
    Tunis", "le palais présidentiel de Tunis"), not a relative clause's topic ("qui a promis une aide pour le
    déminage de Syrte")."""
    r = ctx.root_of.get(id(m))
    if r is None or any(a.dep_ == "acl:relcl" for a in r.ancestors):
        return False
    case = _case(r)
    return case in {"à", "au", "aux", "en", "dans"} or not case or (
        case in DE and any(r.head.lower_.startswith(w.lower()) for w in ctx.lex.cue("venue_words")))


def _settle_venues(events: list[Event], ctx: _Ctx) -> None:
    """A venue inside a city (palace, ministry, "Maison Blanche") gives way to the city of the event:
    a city named in the same sentence, else the city of the trip the article is telling."""
    for i, e in enumerate(events):
        if not e.location or not _is_venue(e.location, ctx):
            continue
        venue = e.location
        cities = [m for m in ctx.mentions if m.label == "LOC" and e.sentence_start <= m.start < e.sentence_end
                  and not _is_venue(ctx.name(m), ctx) and _kind(ctx.name(m)) == "city" and _city_of_a_venue(m, ctx)]
        city = ctx.name(cities[0]) if cities else ""
        # the city of the trip this reception belongs to (same people, or the same day in the next sentence,
        # or "La rencontre" right after one), or the city the article put that venue in ("à Rome au palais Chigi")
        if not city:
            earlier = [o for o in events[:i] if o.location and _kind(o.location) == "city"
                       and (len(set(o.participants) & set(e.participants)) >= 2
                            or set(o.participants) & set(e.participants) and _dates_compatible(o, e)
                            or 0 <= e.sentence_start - o.sentence_end < 300 and (
                                o.type == e.type or bool(o.date and e.date) and _dates_compatible(o, e))
                            or venue in ctx.text[o.sentence_start:o.sentence_end])]
            city = earlier[-1].location if earlier else ""
        if city and city != venue:
            e.location = city
            place = lookup_place(city)
            e.country = (place.country if place else "") or e.country


def _kind(name: str) -> str:
    place = lookup_place(name)
    return place.kind if place is not None else ""


CAPITAL_PHRASE = re.compile(r"\bcapitale\s+(\w+)", re.IGNORECASE)


def _named_capitals(events: list[Event], ctx: _Ctx) -> None:
    """"arrivé dans la capitale saoudienne": the place is Riyad, when the event has no settlement yet."""
    for e in events:
        if e.location and _kind(e.location) not in {"country", ""}:
            continue
        for m in CAPITAL_PHRASE.finditer(e.evidence):
            d = ctx.lex.demonym(m.group(1))
            city = capital_of(d[1]) if d else ""
            if city and (not e.location or lookup_place(e.location) is not None
                         and lookup_place(e.location).country == d[1]):
                e.location, e.country = city, d[1]
                break


DURING = re.compile(r"\b(?:lors|au cours|à l['’]issue) d['’]une?\s+(\w+)", re.IGNORECASE)


def _date_of_the_occasion(events: list[Event]) -> None:
    """"ont signé deux accords lors d'une rencontre à Istanbul, a annoncé jeudi la présidence" + "La rencontre
    s'est tenue mercredi soir": the signing is dated by the meeting it happened at, not by the announcement."""
    for e in events:
        m = DURING.search(e.evidence)
        if e.type != "AGREEMENT" or m is None:
            continue
        occasion = next((o for o in events if o is not e and o.sentence_start == e.sentence_start
                         and o.trigger.lower() == m.group(1).lower() and o.date and o.date != e.date), None)
        if occasion is not None:
            e.date, e.date_start, e.date_end = occasion.date, occasion.date_start, occasion.date_end


def _capitals_for_unnamed_states(events: list[Event], ctx: _Ctx) -> None:
    """GUIDELINES: a capital used for its government gives the state, "the capital's own norm when the article
    never names the state". An article that says "Moscou cherche ..." and "la marine russe" but never "Russie"
    writes its Russian party "Moscou". Only a capital that acts (subject, agent, "se rapprocher de Moscou") counts:
    "arrivé à Nouakchott" names a place, not a government."""
    named = {ctx.name(m) for m in ctx.mentions}
    acting: dict[str, str] = {}
    for m in ctx.mentions:
        r = ctx.root_of.get(id(m))
        place = lookup_place(ctx.name(m)) if m.label == "LOC" else None
        if r is None or place is None or not is_capital(place):
            continue
        case = _case(r)
        dangling = r.dep_ == "ROOT" and r.i + 1 < len(r.doc) and r.doc[r.i + 1].pos_ in {"VERB", "AUX"}  # "Pékin | cherche"
        if r.dep_ in SUBJ | {"obl:agent"} or dangling or case in {"par", "avec"} \
                or (case in DE and r.head.pos_ in {"VERB", "ADJ"}):
            state = ctx.lex.country_of_code.get(place.country.upper(), "")
            if state and state not in named:
                acting[state] = place.name
    if not acting:
        return
    for e in events:
        e.participants = list(dict.fromkeys(acting.get(p, p) for p in e.participants))
        e.initiator = acting.get(e.initiator, e.initiator)
        e.counterpart = acting.get(e.counterpart, e.counterpart)


def _settle_cities(events: list[Event], ctx: _Ctx) -> None:
    """A trip "en Russie" whose sentence also names a Russian city ("à Saint-Pétersbourg") took place there.

    Only the same sentence counts: a city named elsewhere in the article may be another stop."""
    for e in events:
        place = lookup_place(e.location) if e.location else None
        if place is None or place.kind != "country" or e.type in {"OTHER", "ARMS_TRANSFER"}:
            continue  # a withdrawal or a delivery concerns the country
        for m in ctx.mentions:
            if m.label != "LOC" or not e.sentence_start <= m.start < e.sentence_end:
                continue
            city = lookup_place(ctx.name(m))
            if city is not None and city.kind == "city" and city.country == place.country:
                e.location = city.name
                break

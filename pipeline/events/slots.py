"""Slots of a candidate: location (place prepositions, clause, sentence, demonym places), date (clause,
sentence, context, paragraph), planned or not, and the extra rows of coordinated places, hosts and dates."""
from __future__ import annotations

from datetime import date
import re

from spacy.tokens import Token

from pipeline.normalize.dates import introduces_target, names_a_month
from pipeline.records import Event, Mention
from pipeline.events.syntax import (
    DE, SUBJ, _case, _clause_head, _future_or_conditional, _in_unit, _is_passive, _quoted_name, _subjects,
)
from pipeline.events.context import _Cand, _Ctx, _is_venue
from pipeline.events.rules import on, rule


rule("slots.place_not_topic", "no meeting place inside what the talks were about ('de la guerre à Gaza')")
rule("slots.place_visited", "the object of a visiting verb is the place ('a visité Tamanrasset')")
rule("slots.place_attached", "a place attached to the trigger or its predicate by a place preposition")
rule("slots.departure_not_place", "'partir de Tripoli' names where the trip starts, not where it goes")
rule("slots.place_relative_where", "'à Alger, où il a été reçu': the place the relative clause hangs on")
rule("slots.place_copula", "'X était à Alger': the copula's place")
rule("slots.place_y", "'il y a rencontré': the place named just before")
rule("slots.place_phrase", "a place inside the trigger's phrase, then its predicate's clause")
rule("slots.place_participle_phrase", "a participle trigger on a noun takes places of that noun's phrase only")
rule("slots.place_sentence", "a place of the sentence with a place preposition, not inside another noun phrase")
rule("slots.place_nearest", "last resort: the nearest place introduced by à/au/en where something happens")
rule("slots.place_demonym", "'dans le ciel égyptien': a place noun with a demonym is the country")
rule("slots.place_left", "a withdrawal's place is the country left ('du Tchad')")
rule("slots.hosting_place", "'Le Qatar a reçu X': a place that hosts is where the visit was")
rule("slots.capital_phrase", "'arrivé dans la capitale saoudienne' counts as a direct place")
rule("slots.date_count_start", "'sa troisième visite depuis janvier': the count's start is not the date")
rule("slots.date_of_adjunct", "a participial adjunct of another type ('arrivé la veille') keeps its date")
rule("slots.date_foreign_participle", "a participle on another noun ('élu en 2021') dates its own fact")
rule("slots.date_counted_from", "'le lendemain de sa visite': a date counted from the event is not its date")
rule("slots.date_participle_on_noun", "a participle event on a noun with no clause date stays undated")
rule("slots.date_context", "date fallback: the date of the event the sentence refers back to")
rule("slots.date_paragraph", "date fallback: the last date of the paragraph")
rule("slots.date_previous_sentence", "date fallback: the last date of the previous sentence of the same story")
rule("slots.refine_week", "'la semaine dernière' + 'jeudi' in the next sentence: the day")
rule("slots.amount", "the nearest primary MONEY of the sentence is the amount")
rule("slots.planned_target", "a date aimed at ('prévu pour début décembre') makes the event planned")
rule("slots.planned_aim", "'pour négocier': an aim is planned")
rule("slots.planned_words", "planning verbs and words make the event planned")
rule("slots.planned_future", "a future or conditional verb makes the event planned")
rule("slots.planned_after_publication", "a date after publication makes the event planned")
rule("slots.future_reading", "a planned month read as past is moved a year on")
rule("slots.since_state", "'fournit depuis janvier': the bound of an ongoing state is no date")
rule("slots.origin_not_place", "'frégates achetées à la France', 'construit en Turquie': where goods come from is not where the event happens")
rule("slots.since_past", "'avait fait escale ..., une première depuis 2011': a 'depuis' date of an event told in the past is no date")
rule("slots.more_destinations", "one trip row per coordinated destination ('au Caire et à Abou Dhabi')")
rule("slots.later_receptions", "', puis au Pentagone par Y': a second reception row")
rule("slots.more_dates", "one row per coordinated date ('en décembre 2022 et en mars dernier')")


def _listed_places(c: _Cand, ctx: _Ctx) -> set[str]:
    """Places introduced by à/au/en in the trigger's own clause."""
    out = set()
    for m in ctx.mentions:
        r = ctx.root_of.get(id(m))
        if m.label == "LOC" and r is not None and c.unit[0] <= m.start < c.unit[1] \
                and _case(r) in {"à", "au", "aux", "en"} and _clause_head(r).i == c.tok.i:
            out.add(ctx.name(m))
    return out


def _more_destinations(c: _Cand, ctx: _Ctx) -> list[Mention]:
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


def _later_receptions(c: _Cand, ctx: _Ctx) -> list[tuple[Mention, str]]:
    """(place, host) of each ", puis au B par Y" after a reception verb."""
    if c.cameo != "043" or c.tok.pos_ != "VERB" or not _is_passive(c.tok):
        return []
    out = []
    for m in ctx.lex.pattern("then_at").finditer(ctx.text, c.tok.idx, c.unit[1]):
        place = next((x for x in ctx.mentions if x.start >= m.end() and x.start - m.end() <= 4
                      and (x.label == "LOC" or id(x) in ctx.venue_orgs or _is_venue(ctx.name(x), ctx))), None)
        if place is None:
            continue
        stop = ctx.lex.pattern("then_at").search(ctx.text, place.end, c.unit[1])
        end = stop.start() if stop else c.unit[1]
        by = ctx.text.find(" par ", place.end, end)
        host = next((ctx.name(x) for x in ctx.mentions if x.label == "PER" and by >= 0 and by < x.start < end), "")
        if host:  # "puis à Niamey pour un entretien avec Y" goes on with the trip, it is no second reception
            out.append((place, host))
    return out


def _more_dates(c: _Cand, ctx: _Ctx) -> list[Mention]:
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
            and on("slots.planned_target") and introduces_target(ctx.text[max(0, c.date.start - 16):c.date.start]):
        return True  # "annoncé pour début décembre", "d'ici à la fin de l'année": a date aimed at
    for v in (c.tok, c.pred):
        if on("slots.planned_aim") and "VerbForm=Inf" in str(v.morph) and any(m.dep_ == "mark" and m.lower_ in {"pour", "afin"} for m in v.children):
            return True  # "venu à Alger pour négocier un accord": an aim, not a fact
    for t in scope:
        if not _in_unit(t, c.unit):
            continue
        if (t.lemma_ in lemmas or t.lower_ in words) and on("slots.planned_words"):
            return True
        if on("slots.planned_future") and _future_or_conditional(t):
            return True
    pub = ctx.article.published
    if c.date is not None and pub and c.date.date_start and on("slots.planned_after_publication"):
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
    topic = _topic_tokens(c, ctx) if on("slots.place_not_topic") else set()
    locs = [m for m in ctx.mentions if (m.label == "LOC" or id(m) in ctx.venue_orgs) and c.unit[0] <= m.start < c.unit[1]
            and (id(m) not in ctx.root_of or ctx.root_of[id(m)].i not in topic)]
    if not locs:
        c.location = _demonym_place(c, ctx) if on("slots.place_demonym") else None
        return
    def root(m):
        return ctx.root_of.get(id(m))
    origin = ctx.lex.cue("origin_words")

    def ok(m):
        r = root(m)
        return r is not None and r.i not in ctx.paren and r.i not in role_tokens \
            and not (on("slots.origin_not_place") and r.head.lemma_.lower() in origin and r.head != c.tok)  # "achetés à la France"
    heads = [c.tok, c.pred]
    # 0. the place a verb visits: "a visité Tamanrasset", "a visité la ville de Tamanrasset";
    #    also "a visité samedi Tamanrasset", where the parser hangs the place on the date
    if c.type == "VISIT" and c.tok.pos_ == "VERB" and c.rule.object == "counterpart" and on("slots.place_visited"):
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
    for m in (locs if on("slots.place_attached") else []):
        r = root(m)
        if ok(m) and r.head in heads and (_loc_case_ok(r, ctx) or (departure and _case(r) == "pour")):
            c.location, c.loc_direct = m, True
            return
    if departure and on("slots.departure_not_place"):
        return  # "partir de Tripoli" names where the trip starts, not where it goes
    # 2. relative clause on a place: "à Alger, où il a été reçu"
    for v in (c.tok, c.pred):
        if v.dep_ == "acl:relcl" and on("slots.place_relative_where") and v.head.i in ctx.at and ctx.at[v.head.i].label == "LOC" \
                and any(x.lower_ in {"où", "lequel", "laquelle"} for x in v.children):
            c.location, c.loc_direct = ctx.at[v.head.i], True  # not "La France, qui a retiré ...": the actor
            return
    # 3. copula: "X était (dimanche) à Alger"
    if c.tok.dep_ == "cop" and on("slots.place_copula"):
        h = c.tok.head
        if h.i in ctx.at and ctx.at[h.i].label == "LOC":
            c.location, c.loc_direct = ctx.at[h.i], True
            return
    # 4. "il y a rencontré": the place named just before
    if on("slots.place_y") and any(ch.lower_ == "y" for v in (c.tok, c.pred) for ch in v.children):
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
    for scope_root, strict in (scopes if on("slots.place_phrase") else []):
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
    if on("slots.place_participle_phrase") and _participle_on_a_noun(c):  # "un accord signé avec X, avait ouvert un consulat à Benghazi"
        phrase = {t.i for t in c.tok.head.subtree}
        locs = [m for m in locs if root(m) is not None and root(m).i in phrase]
    # 6. anywhere in the sentence with a place preposition ("À Tripoli, les échanges ..."),
    #    not inside another noun phrase ("l'ambassade des États-Unis en Libye")
    sent_root = c.tok.sent.root
    cands = [] if not on("slots.place_sentence") else [m for m in locs if ok(m) and _loc_case_ok(root(m), ctx)
             and (root(m).dep_ == "ROOT" or reachable(root(m), root(m).sent.root) or root(m).head.pos_ in {"VERB", "AUX"})
             and not _other_clause(root(m), c) and not _in_relative_on_a_thing(root(m), c, ctx)]
    if cands:
        c.location = min(cands, key=lambda m: abs(root(m).i - c.tok.i))
        return
    # 7. last resort: the nearest place introduced by à/au/en in the sentence (weak), not the place
    #    of a thing ("les groupes armés au Sahel", "un centre de coordination à Tripoli")
    cands = [] if not on("slots.place_nearest") else [m for m in locs if ok(m) and _case(root(m)) in {"à", "au", "aux", "en"} and _place_of_happening(root(m), c, ctx)]
    if cands:
        own = {t.i for t in c.tok.subtree}  # the trigger's own phrase first: "pourrait déployer un contingent au Niger"
        c.location = min(cands, key=lambda m: (root(m).i not in own, abs(root(m).i - c.tok.i)))
        return
    # 8. "dans le ciel égyptien", "sur le sol malien", "dans le désert qatari": a place noun and a demonym
    c.location = _demonym_place(c, ctx) if on("slots.place_demonym") else None


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
        and low not in ctx.lex.cue("people_nouns")


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
                    and (h.lemma_.lower() in ctx.lex.cue("titles") or h.lemma_.lower() in ctx.lex.cue("people_nouns") | {"homologue"}):
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


def _other_clause(r: Token, c: _Cand) -> bool:
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


def _told_as_past(v) -> bool:
    """A verb in a past tense: a compound past ('a signé', 'avait fait') or a simple past."""
    return any(ch.dep_ == "aux:tense" for ch in v.children) or "Tense=Past" in str(v.morph) and "VerbForm=Fin" in str(v.morph)


def _find_date(c: _Cand, ctx: _Ctx, other_verbs: set[int] = frozenset()) -> None:
    """The clause's date, else the sentence's, but not the date of a participial event of another type hung
    on a noun ("Le ministre, arrivé la veille à Tripoli, s'est entretenu avec X": the eve is the arrival's;
    "ont dénoncé l'accord signé en 2019": 2019 is the signing's)."""
    dates = [m for m in ctx.mentions if m.label == "DATE" and m.norm and c.unit[0] <= m.start < c.unit[1]]
    dates = [m for m in dates if ctx.root_of.get(id(m)) is not None and ctx.root_of[id(m)].i not in ctx.paren]
    if c.tok.pos_ == "NOUN" and on("slots.date_count_start") and any(ch.dep_ in {"amod", "nummod"} and ctx.lex.pattern("ordinal").fullmatch(ch.lower_) for ch in c.tok.children):
        # "sa troisième visite depuis janvier", "sa première tournée depuis sa prise de fonctions en août":
        # the count's start, not this visit's date
        since = {t.i for x in c.tok.subtree if x.dep_ in {"nmod", "obl"} and _case(x) == "depuis" for t in x.subtree}
        dates = [m for m in dates if not ctx.lex.pattern("since").search(ctx.text[max(0, m.start - 12):m.start])
                 and ctx.root_of[id(m)].i not in since]
    if on("slots.since_past") and _told_as_past(c.pred):
        # "avait fait escale à Benghazi, une première depuis 2011": since when it had not happened, not when it did
        # (a present tense keeps it: "effectue depuis lundi une visite" started on Monday)
        dates = [m for m in dates if not ctx.lex.pattern("since").search(ctx.text[max(0, m.start - 12):m.start])]
    if other_verbs:
        dates = [m for m in dates if _clause_head(ctx.root_of[id(m)]).i not in other_verbs]
    # "le lendemain de sa visite": a date counted from the event is not the event's date
    # "l'embargo décrété en 2011", "le président, élu en 2021, a reçu": a participle on another noun dates its own fact
    dates = [m for m in dates if not (on("slots.date_foreign_participle") and _foreign_participle(ctx.root_of[id(m)], c, ctx))]
    if c.tok.dep_ == "nmod" and _case(c.tok) in DE and c.tok.head.lemma_.lower() in ctx.lex.cue("counted_from_nouns") \
            and on("slots.date_counted_from"):
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
        if not clause and on("slots.date_participle_on_noun") and _participle_on_a_noun(c):
            c.undated = True
            return  # "au titre d'un accord signé avec X, avait ouvert un consulat en 2022": 2022 is the consulate's
        if not pool:
            return
        c.date = min(pool, key=lambda m: abs(ctx.root_of[id(m)].i - c.tok.i))
        c.date_source = "clause" if clause else "sentence"


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
    dates = [m for m in dates if not ctx.lex.pattern("since").search(ctx.text[max(0, m.start - 12):m.start])]
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

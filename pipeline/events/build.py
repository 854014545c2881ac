"""From candidates to Event rows: pass 1 gives each candidate its roles and slots, pass 2 turns the
candidates into events in text order (anaphora, context dates, fallback parties, extra rows)."""
from __future__ import annotations

import dataclasses

from pipeline.records import Event
from pipeline.events.syntax import DE, SUBJ, _case, _children, _is_passive, _subjects
from pipeline.events.context import PARTY_LABELS, _Cand, _Ctx, _event_id, _is_venue, _kin, _kind
from pipeline.events.parties import _demonym_country
from pipeline.events.candidates import _anaphoric, _bare_consignment, _phrase_rule
from pipeline.events.roles import (
    _fill_roles, _leader_from_surface, _personnel_sender, _supplier_state, _usual_partner,
)
from pipeline.events.slots import (
    _capital_phrase_place, _context_event, _find_date, _find_location, _future_reading, _hosting_place,
    _later_receptions, _left_place, _more_dates, _more_destinations, _paragraph_date, _planned,
    _previous_sentence_date, _refine_week,
)
from pipeline.events.merging import _habitual, _talks_of_trip
from pipeline.events.rules import on, rule


rule("build.anaphor", "'cette visite', 'la rencontre' after an event of that type add to it instead of making a row")
rule("build.anaphor_date", "an anaphor's own clause date in the next sentences dates the event it names")
rule("build.anaphor_place", "an anaphor's direct place fills the place the first telling left out")
rule("build.deployment", "'l'arrivée d'instructeurs', 'des instructeurs sont arrivés': a deployment (OTHER 154), not a visit")
rule("build.habitual", "a habitual or generic statement ('à plusieurs reprises') reports no event")
rule("build.first_time", "'c'est la première fois que' repeats the event just told")
rule("build.touring_in_trip", "'a visité les installations' during a told trip is part of it")
rule("build.delivery_of_deal", "'le premier lot pourrait être livré' takes the parties of the deal just told")
rule("build.occasion", "'à cette occasion', 'à l'issue des entretiens': the event takes the place and date (and, when it has none, the parties) of the event just told")
rule("build.exercise_partners", "a partyless exercise takes the partners of the last exercise")
rule("build.talks_of_trip", "'la rencontre' right after a trip: the talks of that trip, a row of their own")
rule("build.fallback_parties", "a partyless event takes the two nearest parties of its sentence (low confidence)")
rule("build.scene_place", "an event with no place of its own, told while a trip is on (shared party, same day or none), happens where the trip is")
rule("build.scene_date", "such an event with no day of its own takes the trip's day")
rule("build.place_not_party", "the event's place is not one of its parties")
rule("build.intent_cameo", "a planned agreement is CAMEO 0312 (intent to cooperate)")
rule("build.military_cooperation_cameo", "military cooperation with no signing word is CAMEO 0312")


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


def _settle_candidate(c: _Cand, cands: list[_Cand], ctx: _Ctx, events: list[Event], adjuncts: list[_Cand]) -> None:
    """Pass 1: type, roles, location, date and amount of one candidate; `c.absorbed` when it is no event."""
    lex = ctx.lex
    phrase = _phrase_rule(c, lex) if on("candidates.support_phrase") else None
    if phrase is not None:
        c.type, c.cameo = phrase.type, phrase.cameo
    c.anaphoric = on("build.anaphor") and _anaphoric(c.tok, cands[: cands.index(c)], c.type) and c.rule.pos == "NOUN"
    used = _fill_roles(c, ctx, events, phrase)
    if c.type == "DELEGATION" and not c.leader and on("roles.leader_surface"):
        _leader_from_surface(c, ctx)
    if c.type == "ARMS_TRANSFER":
        if on("roles.supplier_state"):
            _supplier_state(c, ctx)
        if not c.initiator and on("roles.usual_partner"):
            c.initiator.extend(_usual_partner(c, ctx))
    if len(c.participants()) >= 2:
        ctx.recent_parties.append(c.participants())
    if c.leader and c.type == "DELEGATION" and c.leader[0] in ctx.per_names:
        ctx.leaders.append((c.leader[0], c.tok.idx))
    if c.leader or c.initiator:
        ctx.initiators.append(((c.leader or c.initiator)[0], c.tok.idx))
    left = _left_place(c, ctx) if c.type == "OTHER" and c.cameo == "087" and on("slots.place_left") else None
    if left is not None:
        c.location, c.loc_direct = left, True  # "a retiré ses derniers soldats du Tchad": the country left
    else:
        _find_location(c, ctx, used)
        if c.location is None and on("slots.hosting_place"):
            c.location = _hosting_place(c, ctx)
    states = [ctx.state_of(x) for x in c.leader + c.participants()]
    if c.location is not None:
        states.append(ctx.lex.country_of_code.get((c.location.country or "").upper(), "")
                      or (ctx.name(c.location) if ctx.is_country(c.location) else ""))
    states = list(dict.fromkeys(x for x in states if x))
    if len(states) >= 2:
        ctx.recent_states.append(states)
    if c.type == "ARMS_TRANSFER" and on("roles.recipient_state") and c.location is not None and ctx.is_country(c.location) \
            and _case(ctx.root_of[id(c.location)]) in {"à", "au", "aux"} and not c.counterpart:
        # "a livré des drones au Mali": a recipient state, not the place of the delivery
        c.counterpart.append(ctx.name(c.location))
        c.location, c.loc_direct = None, False
    personnel = lex.cue("personnel_nouns")
    if c.type == "VISIT" and c.tok.pos_ == "NOUN" and on("build.deployment") and any(
            n.lemma_.lower() in personnel and n.dep_ == "nmod" and _case(n) in DE for n in c.tok.children):
        c.type, c.cameo = "OTHER", "154"  # "l'arrivée d'instructeurs russes": a deployment
        n = next(n for n in c.tok.children if n.lemma_.lower() in personnel and n.dep_ == "nmod")
        d = _demonym_country([a for a in n.children if a.dep_ in {"amod", "acl"}], ctx)
        if d:
            c.initiator = [d]
    if c.type == "VISIT" and c.tok.pos_ == "VERB" and on("build.deployment") and any(
            s.lemma_.lower() in personnel for s in c.tok.children if s.dep_ in SUBJ):
        c.type, c.cameo = "OTHER", "154"  # "des instructeurs russes sont arrivés": a deployment, not a visit
        sender = _personnel_sender(c.tok, ctx, events) if on("roles.personnel_sender") else ""
        if sender:
            c.initiator = [sender]
    if c.rule.requires in {"loc", "loc_cop"} and on("candidates.requires_loc") \
            and not (c.location is not None and c.loc_direct) \
            and not (on("slots.capital_phrase") and _capital_phrase_place(c, ctx)):
        c.absorbed = True
        return
    if c.rule.requires == "loc_cop" and on("candidates.requires_loc") and not (c.initiator and ctx.at.get(c.tok.head.i) is None
                                              or c.initiator and ctx.at[c.tok.head.i].label in {"LOC", "DATE"}):
        c.absorbed = True
        return
    if c.rule.requires == "loc_cop" and on("candidates.state_is_description") and c.initiator \
            and c.initiator[0] in lex.countries:
        c.absorbed = True  # "Le Tchad était le dernier pays ...": a state "is" somewhere only in a description
        return
    _find_date(c, ctx, set() if not on("slots.date_of_adjunct") else {x.tok.i for x in adjuncts if x is not c and x.sent_idx == c.sent_idx and x.type != c.type})
    moneys = [m for m in ctx.mentions if m.label == "MONEY" and m.linked_to is None
              and c.unit[0] <= m.start < c.unit[1] and m.amount is not None]
    if moneys and on("slots.amount"):
        c.money = min(moneys, key=lambda m: abs(m.start - c.tok.idx))


SCENE_TYPES = {"MEETING", "AGREEMENT", "VISIT"}
SCENE_SENTENCES = 8


def _scene_of(c: _Cand, events: list[Event], sent_of_event: dict[str, int], ev_date: tuple) -> Event | None:
    """'Les deux ministres ont ensuite signé un accord' after 'X est arrivé lundi à Rabat': talks and signings
    with no place of their own happen where the trip told just before is, when a party is shared and the day
    is the trip's (or unsaid). A delivery or an exercise happens elsewhere; so does a later day."""
    if c.type not in SCENE_TYPES or c.planned:
        return None
    parties = set(c.participants())
    for e in reversed(events):
        if c.sent_idx - sent_of_event.get(e.event_id, -99) > SCENE_SENTENCES:
            return None
        if e.type not in {"VISIT", "DELEGATION"} or not e.location:
            continue
        if not parties & set(e.participants):
            continue
        day = ev_date[1] or ""
        if day and e.date_start and not (e.date_start <= day <= (e.date_end or e.date_start)):
            return None
        return e
    return None


def _emit_events(c: _Cand, cands: list[_Cand], ctx: _Ctx, events: list[Event], sent_of_event: dict[str, int]) -> None:
    """Pass 2: the event rows of one candidate (none, one, or twins per destination, host or date), appended
    to `events`; an anaphoric candidate adds to the event it names instead."""
    lex, article, doc = ctx.lex, ctx.article, ctx.doc
    if c.absorbed or (on("build.habitual") and _habitual(c, ctx)):
        return
    if on("build.first_time") and ctx.lex.pattern("first_time").search(ctx.text[c.unit[0]:c.tok.idx]) and any(_kin(e.type, c.type) for e in events):
        return  # "C'est la première fois depuis 2011 que des navires russes font escale": the one just told
    if c.rule.lemma == "visiter" and on("build.touring_in_trip") and c.tok.pos_ == "VERB" and any(e.type in {"VISIT", "DELEGATION"} for e in events) \
            and any(o.dep_ == "obj" and o.pos_ == "NOUN" and o.i not in ctx.at for o in c.tok.children):
        return  # "a visité les installations de X" during a trip already told: part of that trip
    demonstrative = any(d.dep_ == "det" and "PronType=Dem" in str(d.morph) for d in c.tok.children)
    if c.anaphoric:
        target = next((e for e in reversed(events) if _kin(e.type, c.type)), None)
        # "la réunion, organisée à X" right after a telling with no place: that place, not another meeting
        next_sentence = target is not None and c.sent_idx - sent_of_event[target.event_id] <= 2
        # "... lors d'une rencontre à Istanbul. La rencontre s'est tenue au palais de Dolmabahçe": a venue in that city
        in_its_city = next_sentence and c.location is not None and _is_venue(ctx.name(c.location), ctx) \
            and _kind(target.location, ctx) == "city"
        placed = c.location is not None and c.loc_direct and not (
            next_sentence and not target.location) and not in_its_city
        if target is not None and (demonstrative or not placed):
            if next_sentence and on("build.anaphor_date") and c.date is not None and c.date_source == "clause" \
                    and target.event_id not in ctx.clause_dated and target.date != c.date.norm:
                # "a annoncé jeudi" dated the first telling; "s'est tenue mercredi soir" dates the event
                target.date, target.date_start, target.date_end = c.date.norm, c.date.date_start, c.date.date_end
            target.participants = list(dict.fromkeys(target.participants + c.participants()))
            if c.leader and (not target.initiator or target.initiator in lex.countries):
                target.initiator = c.leader[0]
                target.participants = list(dict.fromkeys([c.leader[0]] + target.participants))
            if not target.counterpart:
                target.counterpart = next((x for x in c.counterpart if x != target.initiator), "")
            if c.location is not None and on("build.anaphor_place") and c.loc_direct and not demonstrative \
                    and not target.location \
                    and c.sent_idx - sent_of_event[target.event_id] <= 1:
                # "Au terme de la réunion, organisée au château de X": the place the first telling left out,
                # also for the reception told with it
                for e in events:
                    if not e.location and sent_of_event.get(e.event_id) == sent_of_event.get(target.event_id) \
                            and e.date == target.date:
                        e.location, e.country = ctx.name(c.location), c.location.country or ""
            return
    if c.date is None and c.undated:
        ev_date = ("", "", "")
    elif c.date is None:
        fallbacks = lex.cues.get("date_fallback", [])
        ref = _context_event(c, cands, events, sent_of_event) if "context" in fallbacks and on("slots.date_context") else None
        if ref is not None and ref.date:
            c.date_source = "context"
            ev_date = (ref.date, ref.date_start, ref.date_end)
        elif "paragraph" in fallbacks and on("slots.date_paragraph"):
            ev_date = _paragraph_date(c, ctx)
        elif "previous_sentence" in fallbacks and on("slots.date_previous_sentence"):
            ev_date = _previous_sentence_date(c, ctx, events, sent_of_event)
        else:
            ev_date = ("", "", "")
    else:
        ev_date = (on("slots.refine_week") and _refine_week(c, ctx)) or (c.date.norm, c.date.date_start, c.date.date_end)
    occasion = None
    if not c.participants() and c.type == "ARMS_TRANSFER" and on("build.delivery_of_deal") and c.tok.pos_ == "VERB" and any(
            _bare_consignment(g, ctx) for g in _subjects(c.tok) + _children(c.tok, {"obj"})):
        deal = next((e for e in reversed(events) if e.type in {"ARMS_TRANSFER", "AGREEMENT"}
                     and sent_of_event[e.event_id] >= c.sent_idx - 3), None)
        if deal is not None:  # "Le premier lot pourrait être livré": a delivery under the deal just told
            supplier = deal.initiator or next((p for p in deal.participants if p != deal.counterpart), "")
            c.initiator.extend([supplier] if supplier else [])
            c.others.extend(p for p in deal.participants if p != supplier)
    if events and on("build.occasion") and ctx.lex.pattern("occasion").search(ctx.text[c.unit[0]:c.unit[1]]) \
            and sent_of_event[events[-1].event_id] >= c.sent_idx - 3:
        occasion = events[-1]  # "Un accord a été signé à cette occasion": the place, day and parties of that occasion
        if not c.participants():
            c.others.extend(occasion.participants)
        if not ev_date[0] and occasion.date:
            ev_date = (occasion.date, occasion.date_start, occasion.date_end)
    if c.type == "EXERCISE" and not c.participants() and on("build.exercise_partners"):
        earlier = next((e for e in reversed(events) if e.type == "EXERCISE" and e.participants), None)
        if earlier is not None:
            c.others.extend(earlier.participants)  # "Un exercice naval conjoint est prévu ...": the same partners
    trip = _talks_of_trip(c, events, sent_of_event) if on("build.talks_of_trip") else None
    if trip is not None:
        # "X a été reçu par Y. La rencontre a porté sur ...": the talks of that reception, a row of their own
        c.initiator = c.initiator or ([trip.initiator] if trip.initiator else [])
        c.counterpart = c.counterpart or ([trip.counterpart] if trip.counterpart else [])
        c.others.extend(trip.participants)
        if c.location is None and trip.location:
            occasion = trip
        if not ev_date[0] and trip.date:
            ev_date = (trip.date, trip.date_start, trip.date_end)
    if not c.participants() and on("build.fallback_parties"):
        near = [m for m in ctx.mentions if (m.label in PARTY_LABELS or ctx.is_country(m))
                and c.unit[0] <= m.start < c.unit[1] and m is not c.location and id(m) not in ctx.quoted]
        near.sort(key=lambda m: abs(m.start - c.tok.idx))
        c.others.extend(ctx.name(m) for m in near[:2])
        c.fallback_parties = bool(near)
    if not c.participants():
        return
    initiator = (c.leader or c.initiator or [""])[0]
    counterpart = next((x for x in c.counterpart if x != initiator), "")
    parts = c.participants()
    if c.location is not None and ctx.name(c.location) in parts and c.location.label == "LOC" \
            and c.location.qualifier != "demonym" and on("build.place_not_party"):  # "dans le ciel égyptien": Égypte is there and takes part
        parts = [p for p in parts if p != ctx.name(c.location)] or parts
    c.planned = _planned(c, ctx)
    if c.location is None and occasion is None and on("build.scene_place"):
        occasion = _scene_of(c, events, sent_of_event, ev_date)
        if occasion is not None and not ev_date[0] and occasion.date and on("build.scene_date"):
            ev_date = (occasion.date, occasion.date_start, occasion.date_end)
    if c.planned and c.date is not None and on("slots.future_reading"):
        ev_date = _future_reading(c.date, ev_date, ctx.article.published)
    elif c.date is not None and c.type not in {"VISIT", "DELEGATION"} and c.date_source in {"clause", "sentence"} \
            and on("slots.since_state") and ctx.lex.pattern("since").search(ctx.text[max(0, c.date.start - 12):c.date.start]):
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
    if ev.type == "AGREEMENT" and ev.planned and on("build.intent_cameo"):
        ev.cameo = "0312"  # an agreement announced or under negotiation: intent to cooperate
    elif ev.type == "AGREEMENT" and ev.cameo == "057" and on("build.military_cooperation_cameo") and not any(t.lemma_ in lex.cue("signing_lemmas")
                                                                 for t in doc[c.pred.sent.start:c.pred.sent.end]):
        mil = ctx.lex.cue("military")
        if any(t.lower_ in mil for t in c.tok.subtree):
            ev.cameo = "0312"
    events.append(ev)
    sent_of_event[ev.event_id] = c.sent_idx
    if c.date_source == "clause":
        ctx.clause_dated.add(ev.event_id)
    for k, extra in enumerate(_more_destinations(c, ctx) if on("slots.more_destinations") else [], start=1):
        # "s'est rendu au Caire et à Abou Dhabi": one trip row per destination
        twin = dataclasses.replace(ev, participants=list(ev.participants), location=ctx.name(extra),
                                   country=extra.country or lex.countries.get(ctx.name(extra), ""),
                                   event_id=_event_id(article.id, c.type, start, end, k))
        events.append(twin)
        sent_of_event[twin.event_id] = c.sent_idx
    for k, (place, host) in enumerate(_later_receptions(c, ctx) if on("slots.later_receptions") else [], start=30):
        # "reçu à la Maison Blanche par X, puis au Pentagone par Y": a second reception, at its own place
        twin = dataclasses.replace(ev, participants=[p for p in ev.participants if p != ev.counterpart] + [host],
                                   counterpart=host, location=ctx.name(place), country=place.country or "",
                                   event_id=_event_id(article.id, c.type, start, end, k))
        twin.participants = [p for p in dict.fromkeys(twin.participants) if p]
        events.append(twin)
        sent_of_event[twin.event_id] = c.sent_idx
    for k, extra in enumerate(_more_dates(c, ctx) if on("slots.more_dates") else [], start=50):
        # "a reçu des drones turcs en décembre 2022 et en mars dernier": one row per occurrence
        twin = dataclasses.replace(ev, participants=list(ev.participants), date=extra.norm,
                                   date_start=extra.date_start, date_end=extra.date_end,
                                   event_id=_event_id(article.id, c.type, start, end, k))
        events.append(twin)
        sent_of_event[twin.event_id] = c.sent_idx
    if c.headline:
        ctx.headline_events.add(ev.event_id)
    if c.cameo == "043" and c.tok.pos_ == "VERB" and on("merging.resident_meeting"):
        guests = [o for o in c.tok.children if o.dep_ in ({"obj"} | (SUBJ if _is_passive(c.tok) else set()))]
        if any(g.lemma_.lower() in lex.cue("resident_titles") for g in guests):
            ctx.resident_events.add(ev.event_id)

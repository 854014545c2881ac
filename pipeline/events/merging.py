"""Merging the events of one article: triggers of one clause become one event, reports of one event
merge, receptions during a told trip become meetings, and places are settled (venues, capitals, cities)."""
from __future__ import annotations

from datetime import date
import re

from pipeline.records import Event, Mention
from pipeline.events.syntax import DE, SUBJ, _case, _in_unit, _is_passive, _own_clause
from pipeline.events.context import _Cand, _Ctx, _event_id, _is_venue, _kind
from pipeline.events.slots import _listed_places
from pipeline.events.rules import on, rule


rule("merging.reception_and_trip", "a host's reception and the guest's trip in one sentence stay two rows")
rule("merging.two_trips", "two trips of one sentence to places of different countries stay two rows")
rule("merging.noun_argument", "a noun trigger that is an argument of a verb trigger ('la délégation est arrivée') is one event")
rule("merging.delegation_visit", "'une visite ... d'une délégation turque': the delegation's visit, one event")
rule("merging.trip_purpose", "'s'est rendu à X pour s'entretenir avec Y': the talks take the trip's place, date and parties")
rule("merging.noun_in_noun", "'la signature d'un accord': a noun trigger inside another of the same type is one event")
rule("merging.same_predicate", "triggers of the same type on one predicate ('était à Alger où il a été reçu') are one event")
rule("merging.resident_meeting", "receiving a resident diplomat is a MEETING, not a visit")
rule("merging.reception_then_trip", "'X a reçu Y, en visite en Algérie': the reception is a MEETING led by X, the trip Y's")
rule("merging.reception_during_trip", "a reception during a trip already told becomes a MEETING at the trip's place")
rule("merging.host_leads_reception", "'X a reçu Y' during Y's told trip: X, the subject, leads the meeting")
rule("merging.same_event", "reports of the same event in one article merge, the best-attested leads")
rule("merging.finer_place", "merged reports keep the city over the country")
rule("merging.finer_date", "merged reports keep the finer compatible date")
rule("merging.share_context", "place and date told in a neighbouring sentence about the same encounter")
rule("merging.settle_venues", "a venue gives way to the city of the event")
rule("merging.named_capitals", "'la capitale saoudienne' is Riyad")
rule("merging.settle_cities", "a country gives way to a city of that country named in the same sentence")
rule("merging.capitals_for_states", "a capital acting for a state the article never names stays the party's name")
rule("merging.date_of_occasion", "'lors d'une rencontre': a signing is dated by the meeting it happened at")
rule("merging.min_confidence", "events below the minimum confidence are dropped")
rule("merging.headline_only", "an event only a headline carries is dropped")
rule("merging.no_media_party", "an agency that only reports ('jointe par l'AFP') is no party")
rule("merging.navy_for_state", "a port call is the visit of the state whose navy sends the ship")
rule("merging.host_from_destination", "a trip whose host is not named is hosted by the destination's state")


MIN_CONFIDENCE = 0.15  # below: a trigger whose only participant is a guess from the sentence


def _talks_of_trip(c: _Cand, events: list[Event], sent_of_event: dict[str, int]) -> Event | None:
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
            if on("merging.reception_and_trip") and (_reception_and_trip(a, b) or _reception_and_trip(b, a)):
                continue  # "X a reçu Y, en visite officielle", "accueilli pour sa visite": the trip and the reception are two rows
            if on("merging.two_trips") and a.type == b.type and a.loc_direct and b.loc_direct and a.location is not None and b.location is not None \
                    and a.location.country and b.location.country and a.location.country != b.location.country:
                continue  # "le lendemain de sa visite à Abou Dhabi, il devait se rendre à Doha": two trips
            # noun b is an argument of verb a ("la délégation est arrivée", "négocier un accord")
            modal_subject = b.tok.dep_ in SUBJ and a.tok.dep_ == "xcomp" and a.tok.head == b.tok.head
            if on("merging.noun_argument") and b.tok.pos_ == "NOUN" and a.tok.pos_ != "NOUN" and (b.tok.head == a.tok or b.pred == a.tok or modal_subject):
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
            elif on("merging.delegation_visit") and a.tok.pos_ == "NOUN" and a.type == "VISIT" and b.type == "DELEGATION" \
                    and b.tok in a.tok.subtree:
                a.type = "DELEGATION"
                a.initiator = b.leader + b.initiator + a.initiator
                a.others += b.participants()
                b.absorbed = True
            # a meeting as the purpose of a trip: "s'est rendu à Tripoli pour s'entretenir avec X"
            elif on("merging.trip_purpose") and (a.type in {"VISIT", "DELEGATION"} and b.type == "MEETING" and b.tok.pos_ == "VERB"
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
            elif on("merging.noun_in_noun") and (a.tok.pos_ == "NOUN" and b.tok.pos_ == "NOUN" and b.tok in a.tok.subtree
                  and (a.type == b.type or (a.type, b.type) in {("MEETING", "AGREEMENT")})):
                a.type = b.type if a.type == "MEETING" and b.type == "AGREEMENT" else a.type
                a.others += b.participants()
                a.location = a.location or b.location
                a.date = a.date or b.date
                a.money = a.money or b.money
                b.absorbed = True
            # the same type from the same predicate ("était à Alger où il a été reçu")
            elif on("merging.same_predicate") and a.type == b.type and a.tok.i < b.tok.i and not (b.cameo == "043" and a.cameo != "043") and (b.pred == a.pred or b.tok.head == a.tok.head
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


def _merge_into(e: Event, o: Event, ctx: _Ctx) -> None:
    for slot in ("initiator", "counterpart", "location", "country", "currency", "cameo"):
        if not getattr(e, slot) and getattr(o, slot):
            setattr(e, slot, getattr(o, slot))
    if on("merging.finer_place") and e.location != o.location and o.location and _kind(e.location, ctx) == "country" and _kind(o.location, ctx) == "city":
        e.location, e.country = o.location, o.country or e.country  # the finer place of the two tellings
    if not e.date and o.date:
        e.date, e.date_start, e.date_end, e.planned = o.date, o.date_start, o.date_end, o.planned
    elif on("merging.finer_date") and o.date and e.date and len(o.date) > len(e.date) and _dates_compatible(e, o) and "/" not in e.date:
        e.date, e.date_start, e.date_end = o.date, o.date_start, o.date_end  # keep the finer date
    if e.amount is None and o.amount is not None:
        e.amount, e.currency = o.amount, o.currency
    e.participants = list(dict.fromkeys(e.participants + o.participants))
    e.confidence = max(e.confidence, o.confidence)


def _places_nest(a: str, b: str, ctx: _Ctx) -> bool:
    """The same place, or a city and its country ("sa visite aux Émirats" after "reçu à Abou Dhabi")."""
    if a == b:
        return True
    pa, pb = ctx.gazetteer.lookup_place(a), ctx.gazetteer.lookup_place(b)
    if pa is None or pb is None or pa.country != pb.country:
        return False
    return "country" in {pa.kind, pb.kind}


def _same_event(e: Event, o: Event, sent_gap: int, ctx: _Ctx) -> bool:
    if not _dates_compatible(e, o) or e.planned != o.planned:  # a trip told as done is not the one announced
        return False
    if e.location and o.location and not _places_nest(e.location, o.location, ctx):
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


def _retype(e: Event, type_: str, cameo: str, sent_of_event: dict[str, int]) -> None:
    old = e.event_id
    e.type, e.cameo = type_, cameo
    e.event_id = _event_id(e.article_id, e.type, e.trigger_start, e.trigger_end)
    sent_of_event[e.event_id] = sent_of_event[old]


def _active_reception(e: Event, ctx: _Ctx) -> bool:
    """'X a reçu Y' (active) rather than 'Y a été reçu par X'."""
    span = ctx.doc.char_span(e.trigger_start, e.trigger_end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[0].pos_ in {"VERB", "AUX"} and not _is_passive(span[0])


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
            if later_trip is not None and on("merging.reception_then_trip"):
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
            if trip is not None and on("merging.reception_during_trip"):  # "s'est rendu à Ankara, où il a été reçu par X": the trip, then the talks
                e.type, e.cameo = "MEETING", "040"
                old = e.event_id
                e.event_id = _event_id(e.article_id, e.type, e.trigger_start, e.trigger_end)
                sent_of_event[e.event_id] = sent_of_event[old]
                e.location = e.location or trip.location
                e.country = e.country or trip.country
                if e.counterpart and _active_reception(e, ctx) and on("merging.host_leads_reception"):
                    # "X a reçu Y" during Y's trip: the subject leads the talks (GUIDELINES, MEETING initiator)
                    e.initiator, e.counterpart = e.counterpart, e.initiator
                    e.participants = list(dict.fromkeys([e.initiator, *e.participants]))
                kept.append(e)
                continue
        idx = None if not on("merging.same_event") else next((i for i, k in enumerate(kept)
                    if _same_event(k, e, abs(sent_of_event[k.event_id] - sent_of_event[e.event_id]), ctx)), None)
        if idx is None:
            kept.append(e)
            continue
        target = kept[idx]
        headline_target = target.event_id in ctx.headline_events and e.event_id not in ctx.headline_events
        if headline_target or (e.confidence > target.confidence and e.event_id not in ctx.headline_events):
            _merge_into(e, target, ctx)
            kept[idx] = e
        else:
            _merge_into(target, e, ctx)
    if on("merging.share_context"):
        _share_context(kept, sent_of_event, ctx)
    if on("merging.settle_venues"):
        _settle_venues(kept, ctx)
    if on("merging.named_capitals"):
        _named_capitals(kept, ctx)
    if on("merging.settle_cities"):
        _settle_cities(kept, ctx)
    if on("merging.capitals_for_states"):
        _capitals_for_unnamed_states(kept, ctx)
    if on("merging.date_of_occasion"):
        _date_of_the_occasion(kept, ctx)
    if on("merging.no_media_party"):
        kept = _no_media_party(kept, ctx)
    if on("merging.navy_for_state"):
        _navy_for_state(kept, ctx)
    if on("merging.host_from_destination"):
        _host_from_destination(kept, ctx)
    # a headline only announces what the body tells; an event only a headline carries is dropped
    out = [e for e in kept if (e.confidence >= MIN_CONFIDENCE or not on("merging.min_confidence"))
           and (e.event_id not in ctx.headline_events or not on("merging.headline_only"))]
    _unique_ids(out)
    return out


def _no_media_party(events: list[Event], ctx: _Ctx) -> list[Event]:
    """'selon une source jointe par l'AFP', 'MOSCOU (Sputnik)': an agency that only reports is no party
    (GUIDELINES)."""
    def media(name: str) -> bool:
        org = ctx.gazetteer.lookup_org(name) if name else None
        return org is not None and org.note == "media"
    out = []
    for e in events:
        if not any(media(p) for p in [e.initiator, e.counterpart, *e.participants]):
            out.append(e)
            continue
        e.participants = [p for p in e.participants if not media(p)]
        e.initiator = "" if media(e.initiator) else e.initiator
        e.counterpart = "" if media(e.counterpart) else e.counterpart
        if e.participants:  # the output contract wants a party; an event only an agency carried is dropped
            out.append(e)
    return out


def _navy_for_state(events: list[Event], ctx: _Ctx) -> None:
    """'le navire San Giorgio de la Marine italienne a fait escale': a port call is a visit of the state that
    sends the ship (GUIDELINES), not of its navy."""
    for e in events:
        if e.type != "VISIT" or not e.initiator or not re.match(r"(?:escale|accost|mouill)", e.trigger.lower()):
            continue
        state = ctx.party_state(e.initiator)
        if not state and ctx.is_org_name(e.initiator):
            state = next((ctx.lex.demonym(w)[0] for w in e.initiator.lower().split() if ctx.lex.demonym(w)), "")
        if state and state != e.initiator and state != e.counterpart:
            e.participants = list(dict.fromkeys(state if p == e.initiator else p for p in e.participants))
            e.initiator = state


def _host_from_destination(events: list[Event], ctx: _Ctx) -> None:
    """'effectue une visite officielle à Bakou' with no host named: the destination's state hosts the
    trip (GUIDELINES: the host of a trip the text does not name is the destination state), unless the
    visitor is of that state (a return home) or a party already stands for it."""
    for e in events:
        if e.type not in {"VISIT", "DELEGATION"} or e.counterpart or not e.location or not e.participants:
            continue
        place = ctx.gazetteer.lookup_place(e.location)
        state = ctx.lex.country_of_code.get((place.country or "").upper(), "") if place is not None else ""
        if not state or state in e.participants:
            continue
        if any(ctx.party_state(p) == state for p in e.participants):
            continue
        e.counterpart = state
        e.participants = [*e.participants, state]


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


def _share_context(events: list[Event], sent_of_event: dict[str, int], ctx: _Ctx) -> None:
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
                            and not ctx.lex.pattern("phone").search(e.evidence))
            if same_pair or during_visit:
                e.location, e.country = o.location, o.country
                if same_pair and not e.date and o.date:
                    e.date, e.date_start, e.date_end = o.date, o.date_start, o.date_end
                break


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
    governor = next((a for a in c.tok.ancestors if a.pos_ == "VERB"), None)
    if c.tok.pos_ == "NOUN" and "Number=Plur" in str(c.tok.morph) and governor is not None \
            and governor.lemma_.lower() in ctx.lex.cue("stative_heads") \
            and not any(d.dep_ == "det" and "Definite=Def" in str(d.morph) for d in c.tok.children):
        return True  # "Dakar entretient des accords de défense avec Paris": a standing relation, no signing
    if c.tok.pos_ == "VERB" and c.date is None and not any(a.dep_ == "aux:tense" for a in c.tok.children) and any(
            o.dep_.startswith("obl") and _case(o) == "avec" and any(d.lemma_.lower() == "tout" for d in o.children)
            for o in c.tok.children):
        return True  # "Rabat discute avec toutes les factions": talks with everyone, no one meeting
    if c.date is None and c.tok.pos_ == "VERB" and len(_listed_places(c, ctx)) >= 3:
        return True  # "Il avait été reçu à Paris, à Rome, au Caire et à Abou Dhabi": a career summed up, no one trip
    return any(re.search(r"\W" + re.escape(ph) + r"\W", clause) for ph in phrases)


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
                  and not _is_venue(ctx.name(m), ctx) and _kind(ctx.name(m), ctx) == "city" and _city_of_a_venue(m, ctx)]
        city = ctx.name(cities[0]) if cities else ""
        # the city of the trip this reception belongs to (same people, or the same day in the next sentence,
        # or "La rencontre" right after one), or the city the article put that venue in ("à Rome au palais Chigi")
        if not city:
            earlier = [o for o in events[:i] if o.location and _kind(o.location, ctx) == "city"
                       and (len(set(o.participants) & set(e.participants)) >= 2
                            or set(o.participants) & set(e.participants) and _dates_compatible(o, e)
                            or 0 <= e.sentence_start - o.sentence_end < 300 and (
                                o.type == e.type or bool(o.date and e.date) and _dates_compatible(o, e))
                            or venue.lower() in ctx.text[o.sentence_start:o.sentence_end].lower())]
            city = earlier[-1].location if earlier else ""
        if city and city != venue:
            e.location = city
            place = ctx.gazetteer.lookup_place(city)
            e.country = (place.country if place else "") or e.country


def _named_capitals(events: list[Event], ctx: _Ctx) -> None:
    """"arrivé dans la capitale saoudienne": the place is Riyad, when the event has no settlement yet."""
    for e in events:
        if e.location and _kind(e.location, ctx) not in {"country", ""}:
            continue
        for m in ctx.lex.pattern("capital_phrase").finditer(e.evidence):
            d = ctx.lex.demonym(m.group(1))
            city = ctx.gazetteer.capital_of(d[1]) if d else ""
            if city and (not e.location or ctx.gazetteer.lookup_place(e.location) is not None
                         and ctx.gazetteer.lookup_place(e.location).country == d[1]):
                e.location, e.country = city, d[1]
                break


def _date_of_the_occasion(events: list[Event], ctx: _Ctx) -> None:
    """"ont signé deux accords lors d'une rencontre à Istanbul, a annoncé jeudi la présidence" + "La rencontre
    s'est tenue mercredi soir": the signing is dated by the meeting it happened at, not by the announcement."""
    for e in events:
        m = ctx.lex.pattern("during").search(e.evidence)
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
        place = ctx.gazetteer.lookup_place(ctx.name(m)) if m.label == "LOC" else None
        if r is None or place is None or not ctx.gazetteer.is_capital(place):
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
        place = ctx.gazetteer.lookup_place(e.location) if e.location else None
        if place is None or place.kind != "country" or e.type in {"OTHER", "ARMS_TRANSFER"}:
            continue  # a withdrawal or a delivery concerns the country
        for m in ctx.mentions:
            if m.label != "LOC" or not e.sentence_start <= m.start < e.sentence_end:
                continue
            city = ctx.gazetteer.lookup_place(ctx.name(m))
            if city is not None and city.kind == "city" and city.country == place.country:
                e.location = city.name
                break

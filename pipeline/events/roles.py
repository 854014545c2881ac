"""Roles: who is initiator, counterpart or participant of a candidate, from the predicate's
arguments (voice-aware), the trigger noun's own arguments, leaders and arms suppliers."""
from __future__ import annotations

from collections import Counter
import re

from spacy.tokens import Token

from pipeline.events.lexicon import TriggerRule
from pipeline.records import Event
from pipeline.events.syntax import DE, SUBJ, _case, _coordinated, _in_unit, _is_passive, _subjects, _verb_obls
from pipeline.events.context import PARTY_LABELS, _Cand, _Ctx
from pipeline.events.parties import _demonym_country, _displaced_objects, _np_parties, _possessor
from pipeline.events.rules import on, rule


rule("roles.recipient_state", "'a livré des drones au Mali': a state after à is the recipient, not the place")


rule("roles.passive_agent", "in the passive the 'par' agent is the subject side and the subject the object side")
rule("roles.agent_lower", "a passive's agent hung lower by the parser ('reçu au palais de X par Y') still counts")
rule("roles.displaced_object", "the guest hung on a date or place the parser took for the object ('a reçu lundi au Caire son homologue')")
rule("roles.with_on_oblique", "'avec X' hung on the place or date before it is the verb's")
rule("roles.subject_person_first", "among the verb's own subjects a person wins, later subject tokens are fallbacks")
rule("roles.coordinated_subjects", "coordinated subjects ('la Russie et l'Algérie') are all parties")
rule("roles.verb_object", "the verb's object takes the lexicon row's object role")
rule("roles.with_counterpart", "'avec', 'auprès de' arguments are the counterpart")
rule("roles.arms_recipient", "'a livré à l'armée libyenne des drones': the recipient is the counterpart")
rule("roles.between", "'entre X et Y': both are participants, nobody leads")
rule("roles.participle_noun", "a participle trigger on a noun ('l'accord conclu') takes the noun as its party")
rule("roles.noun_demonym", "a demonym on a noun trigger ('délégation russe') is a party")
rule("roles.trainees", "'la formation d'officiers libyens': the trainees' side is the counterpart")
rule("roles.noun_de", "'visite de X': the noun's 'de' argument is the initiator")
rule("roles.noun_with", "'rencontre avec X': the noun's 'avec' argument is the counterpart")
rule("roles.noun_to_party", "'visite au président': a party after à/pour is the counterpart")
rule("roles.led_by", "'menée par X', 'conduite par X': X leads the delegation")
rule("roles.noun_inner_clause", "a clause inside the noun phrase gives its subject and 'avec' partner")
rule("roles.possessor", "'sa visite': the possessor is the initiator")
rule("roles.invitation_host", "'sur invitation de X': X is the counterpart")
rule("roles.support_verb", "a noun trigger takes the subject and 'avec' partner of its support verb ('effectuer une visite')")
rule("roles.passive_support_guest", "'Y a été reçu par X pour une séance de travail': the guest leads the talks")
rule("roles.announcing_parties", "the subject that announces a joint exercise or agreement takes part in it")
rule("roles.leader_surface", "'délégation ... conduite par le ministre X' read from the surface when the parse misses it")
rule("roles.supplier_state", "arms go from a state: the supplier's state from demonyms, makers and origin words")
rule("roles.usual_partner", "an arms purchase with no supplier comes from the buyer's usual partner state")
rule("roles.personnel_sender", "'des instructeurs russes sont arrivés': the sender state leads the deployment")


def _role_tokens(v: Token, ctx: _Ctx) -> tuple[list[Token], list[Token], list[Token]]:
    """(subject-side, object-side, with-side) argument tokens of a verb, voice-aware."""
    subj = _subjects(v)
    passive = _is_passive(v)
    agent = [o for o in v.children if o.dep_ == "obl:agent"]
    if not agent and _is_passive(v) and on("roles.agent_lower"):  # "reçu au palais de X par Y": the parser hung the agent lower
        agent = [o for o in v.subtree if o.dep_ == "obl:agent" or (_case(o) == "par" and o.pos_ in {"PROPN", "NOUN"})][:1]
    objs = [o for o in v.children if o.dep_ in {"obj", "iobj"} and o.pos_ != "PRON" or
            (o.dep_ in {"obj"} and o.pos_ == "PRON" and o.lower_ not in {"se", "s'", "s’"})]
    if not passive and on("roles.displaced_object"):
        objs = _displaced_objects(v, ctx) or objs
    withs = [o for o in v.children if o.dep_.startswith("obl") and o.i not in {a.i for a in agent}
             and (_case(o) in {"avec", "auprès"} or (_case(o) == "à" and o.pos_ == "PROPN"))]
    # "a signé au Caire avec la France": the parser hangs 'avec X' on the place or the date before it
    withs += [] if not on("roles.with_on_oblique") else [n for o in v.children if o.dep_.startswith("obl") and o.i not in {a.i for a in agent}
              for n in o.children if n.dep_ == "nmod" and _case(n) == "avec"]
    if passive and on("roles.passive_agent"):
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
        if first_only and groups and on("roles.subject_person_first"):
            direct = [g for g in groups if g[0].dep_ in SUBJ | {"obl:agent"} and g[0].head.i == groups[0][0].head.i]
            pool = direct or groups[:1]
            best = next((g for g in pool if any(n in ctx.per_names for n in g[1])), pool[0])
            # "La Russie et l'Algérie prévoient ...": coordinated subjects are all parties, in text order
            groups = [g for g in pool if g is best or (on("roles.coordinated_subjects") and _coordinated(g[0], best[0]))]
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
        if rule.object and on("roles.verb_object"):
            add(rule.object, objs)
        add(with_role, [] if not on("roles.with_counterpart") else [w for w in withs if w.i not in ctx.at or ctx.at[w.i].label != "LOC" or _case(w) == "avec"])
        if c.type == "ARMS_TRANSFER" and on("roles.arms_recipient"):  # "a livré à l'armée libyenne des drones": the recipient
            goods = [o for o in v.children if o.dep_ in {"obj", "obl:arg"} and _case(o) not in {"à", "au", "aux"}]
            add("counterpart", [o for o in _verb_obls(v) if _case(o) in {"à", "au", "aux"}
                                and (o.i not in ctx.at or ctx.at[o.i].label != "LOC" or ctx.is_country(ctx.at[o.i]))]
                + [o for g in goods for o in g.children if o.dep_ == "nmod" and _case(o) in {"à", "au", "aux"}
                   and (o.i in ctx.at and (ctx.at[o.i].label in PARTY_LABELS or ctx.is_country(ctx.at[o.i]))
                        or o.i not in ctx.at and o.pos_ == "NOUN" and _demonym_country(
                            [a for a in o.children if a.dep_ == "amod"], ctx))])  # "à l'armée tchadienne"
        # "conclu en 2019 entre Ankara et Tripoli": the parties, nobody leads
        if on("roles.between"):
            add("participant", [o for o in v.children if o.dep_.startswith("obl") and _case(o) == "entre"])
        # "entretenir avec X et Y", "discuter avec": also obl:arg
        if c.tok.dep_ == "acl" and c.tok.head.pos_ == "NOUN" and on("roles.participle_noun"):
            add("initiator" if rule.subject != "counterpart" else "counterpart", [c.tok.head])
    else:
        n = c.tok
        # the noun's own arguments
        for ch in n.children:
            if ch.i in ctx.paren:
                continue
            cs = _case(ch)
            if ch.dep_ == "amod":
                d = None if not on("roles.noun_demonym") else ctx.lex.demonym(ch.lower_) or ctx.lex.demonym(ch.lemma_)
                if d:
                    (c.initiator if c.type == "DELEGATION" and not c.initiator else c.others).append(d[0])
                    c.direct = True
            elif ch.dep_ == "nmod" and cs in DE and c.type == "EXERCISE" and on("roles.trainees") \
                    and ch.lemma_.lower() in ctx.lex.cue("trainee_nouns"):
                add("counterpart", [ch])  # "la formation d'officiers libyens": the trainees' side
            elif ch.dep_ == "nmod" and cs in DE:
                if on("roles.noun_de"):
                    add("initiator", [ch])
            elif ch.dep_ == "nmod" and cs in {"avec", "chez", "auprès"}:
                if on("roles.noun_with"):
                    add("counterpart", [ch])
            elif ch.dep_ == "nmod" and cs == "entre":
                if on("roles.between"):
                    add("participant", [ch])
            elif ch.dep_ == "nmod" and cs in {"à", "au", "aux", "pour"} and ch.i in ctx.at and ctx.at[ch.i].label in PARTY_LABELS:
                if on("roles.noun_to_party"):
                    add("counterpart", [ch])
            elif ch.dep_ in {"acl", "acl:relcl"} and on("roles.led_by") and (ch.lemma_ in ctx.lex.cue("leader_verbs")
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
            if v.pos_ == "VERB" and on("roles.noun_inner_clause") and v.i != n.i and _in_unit(v, c.unit) and v.lemma_ not in ctx.lex.cue("leader_verbs"):
                subj = [s for s in v.children if s.dep_ in SUBJ and s.lower_ not in {"que", "qu'", "qu’", "qui"}]
                add("initiator", subj)
                add("counterpart", [o for o in v.children if o.dep_.startswith("obl") and _case(o) == "avec"])
        if not c.initiator and on("roles.possessor"):
            c.initiator.extend(_possessor(n, ctx, c.pred))
        # invitation: "sur (l')invitation de X" -> host
        for t in c.pred.subtree if c.pred != n else n.subtree:
            if t.lemma_ in ctx.lex.cue("invitation_nouns") and _in_unit(t, c.unit) and on("roles.invitation_host"):
                for ch in t.children:
                    if ch.dep_ == "nmod" and _case(ch) in DE:
                        add("counterpart", [ch])
        # the support verb's subject / agent
        v = c.pred
        if v != n and n.dep_ not in SUBJ and on("roles.support_verb"):
            subj, objs, withs = _role_tokens(v, ctx)
            bare_en = _case(n) == "en" and not any(ch.dep_ == "det" for ch in n.children)
            if (phrase is not None or v.lemma_ in ctx.lex.cue("support_verbs")) and _is_passive(v) and objs \
                    and on("roles.passive_support_guest"):
                # "Y a été reçu par X pour une séance de travail": the guest, the grammatical subject, leads the talks
                add(rule.subject or "initiator", objs, first_only=True)
                add("counterpart", subj)
            elif phrase is not None or v.lemma_ in ctx.lex.cue("support_verbs") or bare_en:
                add(rule.subject or "initiator", subj, first_only=True)
                add("counterpart", [w for w in withs if w.i not in ctx.at or ctx.at[w.i].label != "LOC" or _case(w) == "avec"])
        if n.dep_ in SUBJ and v != n and v.lemma_ in ctx.lex.cue("leader_verbs") and _is_passive(v) and on("roles.led_by"):
            for a in v.children:
                if a.dep_ == "obl:agent":
                    names = _np_parties(a, ctx, events)
                    c.leader.extend(names[:1])
        # "Les deux parties ont annoncé un exercice conjoint": the parties that announce a joint thing take part
        if not c.participants() and c.type in {"EXERCISE", "AGREEMENT"} and n.dep_ == "obj" and v != n \
                and on("roles.announcing_parties"):
            add("participant", _subjects(v)[:1])
        # "délégation ... à Moscou" / "visite d'Etat de X": nothing more from syntax
    return used


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
    support = c.tok.pos_ == "NOUN" and c.rule.subject == "counterpart" and c.pred is not c.tok  # "a pris livraison de X"
    if init or (c.rule.subject != "counterpart" and not passive) or c.tok.pos_ == "NOUN" and not support:
        return
    # the goods: the object, or the subject of a passive ("des avions russes ont été livrés")
    verb = c.pred if support else c.tok
    subj = set() if passive else {t.i for sj in _subjects(verb) for t in sj.subtree}
    doc = c.tok.doc
    for t in verb.subtree:
        if t.i in subj or t.i in ctx.paren or not _in_unit(t, c.unit):
            continue
        if t.lemma_.lower() in ctx.lex.cue("origin_words") or t.lower_ == "auprès":
            for o in doc[t.i + 1:min(len(doc), t.i + 4)]:  # "fabriqués en Turquie", "de fabrication russe", "achetés à la France"
                supplier = _supplier_at(o, ctx)
                if supplier and supplier not in c.counterpart:
                    c.initiator.append(supplier)
                    return
    goods = [o for o in verb.children if o.dep_ in ({"nsubj:pass"} if passive else {"obj", "obl:arg"}) and o is not c.tok]
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
                    t.dep_ == "amod" and t.head.lemma_.lower() in ctx.lex.cue("company_nouns"):
                country = _demonym_country([t], ctx)
                if country and country not in c.counterpart + c.others:
                    c.initiator.append(country)
                    return
            if t.lemma_.lower() in ctx.lex.cue("origin_words"):
                for o in t.children:
                    m = ctx.at.get(o.i)
                    if m is not None and ctx.is_country(m) and _case(o) in {"en", "au", "aux", "à", "a", "par", "de", "d'", "d’"}:
                        c.initiator.append(ctx.name(m))
                        return


def _supplier_at(o: Token, ctx: _Ctx) -> str:
    """The supplier a token after an origin word names: a country, a capital standing for its state ('offerts
    par Moscou'), a company ('auprès de Baykar'), or a demonym ('de fabrication turque')."""
    m = ctx.at.get(o.i)
    if m is not None:
        if ctx.is_country(m) or m.label == "LOC" and ctx.party_name(m) != ctx.name(m):
            return ctx.party_name(m)
        if m.label == "ORG" and id(m) not in ctx.quoted:
            return ctx.name(m)
        return ""
    if o.pos_ == "ADJ" and o.is_lower:
        d = ctx.lex.demonym(o.lower_) or ctx.lex.demonym(o.lemma_)
        return d[0] if d else ""
    return ""


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


def _hosting_verb(v: Token, ctx: _Ctx) -> bool:
    """'reçue par le président', 'accueillie par X': the agent is the host, not the one who leads."""
    return any(r.cameo == "043" for r in ctx.lex.rules.get((v.lemma_, "VERB"), []))


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

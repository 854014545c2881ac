"""Trigger candidates: lexicon matches in each sentence, kept when their lexicon row's requirements
hold and the sentence does not block, frame or background them."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.events.lexicon import Lexicon, TriggerRule
from pipeline.events.syntax import (
    DE, SUBJ, TERMINAL, _case, _children, _has_reflexive, _in_unit, _is_passive, _predicate, _sentence_units,
    _subject, _subjects, _unit,
)
from pipeline.events.context import _Cand, _Ctx, _kin
from pipeline.events.parties import _displaced_objects, _np_parties, _person_phrase
from pipeline.events.rules import on, rule


rule("candidates.inside_name", "a trigger word inside a PER/ORG/LOC name ('Organisation du traité') is no trigger")
rule("candidates.copula_place", "an AUX trigger ('était à Alger') only as a copula on a place, a date or an adverb")
rule("candidates.imperative", "an imperative ('recevez') is a call to the reader, no event")
rule("candidates.d_accord", "'d'accord' is no agreement")
rule("candidates.reflexive", "a reflexive lexicon row ('se rendre') needs its reflexive pronoun")
rule("candidates.requires_phone_mod", "lexicon requires=phone_mod: the noun has a phone modifier")
rule("candidates.requires_training", "lexicon requires=training: trainees are named ('former des pilotes')")
rule("candidates.requires_military_mod", "lexicon requires=military_mod: a military adjective on the noun")
rule("candidates.requires_military", "lexicon requires=military: military context in the trigger's phrase")
rule("candidates.requires_arms", "lexicon requires=arms: the goods name weapons")
rule("candidates.requires_agreement_obj", "lexicon requires=agreement_obj: the object is an agreement noun")
rule("candidates.requires_party_obj", "lexicon requires=party_obj: the object is a party ('recevoir X')")
rule("candidates.arms_not_guests", "a receiving verb whose goods or agent are persons is a visit, not an arms transfer")
rule("candidates.arms_consignment", "'le premier lot' is arms when weapons were named in the two sentences before")
rule("candidates.guest_not_goods", "an arms word as the object of 'recevoir' is equipment, no visitor")
rule("candidates.exercise_told", "'un nouvel exercice' after an exercise needs no military context")
rule("candidates.blocked", "a trigger governed by a blocking word or a negation is no event")
rule("candidates.participle_after_aux", "a verb trigger's participle the tagger made a noun is the verb after an auxiliary ('a téléphoné')")
rule("candidates.frame", "a noun trigger in a frame ('en marge du sommet', 'au titre d'un accord') and its participles are skipped")
rule("candidates.background", "a topic of talks or a role description ('chargée des ventes') is no event")
rule("candidates.agreement_content", "'un contrat pour l'acquisition de drones', 'un mémorandum sur la formation d'officiers': "
     "what an agreement provides for is its content, no event of its own")
rule("candidates.description_infinitive", "'le dernier pays à accueillir' is a description, no event")
rule("candidates.headline", "a trigger in a line without final punctuation is a headline")


rule("candidates.support_phrase", "'effectuer une visite', 'recevoir une délégation': the support-verb phrase row types the noun")
rule("candidates.requires_loc", "lexicon requires=loc / loc_cop: no event without a direct place (and an actor for a copula)")
rule("candidates.state_is_description", "'Le Tchad était le dernier pays ...': a state 'is' somewhere only in a description")


def _requires_ok(rule: TriggerRule, tok: Token, pred: Token, ctx: _Ctx, unit) -> bool:
    req = rule.requires
    if rule.reflexive and not _has_reflexive(tok) and on("candidates.reflexive"):
        return False
    if not req:
        return True
    if req in {"phone_mod", "training", "military_mod", "military", "arms", "agreement_obj", "party_obj"} \
            and not on(f"candidates.requires_{req}"):
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
            if goods and all(_person_phrase(g, ctx) for g in goods) and on("candidates.arms_not_guests"):
                return False  # "X a été reçu par Y": a visitor, not equipment
            agents = [a for a in tok.children if a.dep_ == "obl:agent"]
            if not goods and _is_passive(tok) and agents and all(_person_phrase(a, ctx) for a in agents) \
                    and on("candidates.arms_not_guests"):
                return False  # subject lost by the parser, received by a person: a visit
            if on("candidates.arms_consignment") and any(_bare_consignment(g, ctx) for g in goods) \
                    and _arms_told_before(tok, ctx):
                return True  # "Le premier lot pourrait être livré avant la fin de l'année", after the deal
            goods_tokens = {t.i for g in goods for t in g.subtree}
        containers = ctx.lex.cue("arms_containers")
        subj = _subject(tok) if tok.pos_ != "NOUN" and not _is_passive(tok) else None
        skip = set(t.i for t in subj.subtree) if subj is not None else set()
        if _is_passive(tok) or tok.dep_ in {"acl", "acl:relcl"}:  # "huit drones doivent être livrés", "drones livrés par X"
            scope = scope + [t for s_ in _subjects(tok) for t in s_.subtree] + list(tok.head.subtree)
        if tok.pos_ == "NOUN" and tok.dep_ in {"obj", "advmod"}:  # "a pris livraison mardi de deux systèmes": the support verb's goods
            scope = scope + [t for ch in tok.head.children if ch.dep_.startswith("obl") and _case(ch) in DE
                             for t in ch.subtree]
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
            if (o.lower_ in arms or o.lemma_ in arms) and on("candidates.guest_not_goods"):
                continue  # "a reçu des blindés chinois": equipment, not a visitor
            if o.lemma_ == "délégation" or _np_parties(o, ctx, []):
                return True
        return False
    return True  # loc / loc_cop are checked once the location is known


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
    if strong:
        return True
    procured = ctx.lex.cue("procurement_participles")  # "les douze Rafale achetés à la France": bought equipment
    if any(t.pos_ in {"VERB", "ADJ"} and (t.lemma_ in procured or t.lower_ in procured) for t in sub):
        return True
    return head.lower_ not in containers and head.lemma_ not in containers and (head.lower_ in words or head.lemma_ in words)


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
        if kids & ctx.lex.cue("negation_words") and kids & ctx.lex.cue("negation_particles"):
            return True
    return False


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


def _agreement_content(tok: Token, rule: TriggerRule, ctx: _Ctx) -> bool:
    """A noun trigger that hangs, within three steps of nouns, participles and prepositions, on an agreement noun
    ('un accord portant sur la formation', 'un contrat de 320 M$ pour l'acquisition de vingt avions') says what
    the agreement provides for: GUIDELINES count the signing, not its content."""
    if tok.pos_ != "NOUN" or rule.type == "AGREEMENT":
        return False
    agreements = ctx.lex.cue("agreement_nouns")
    h = tok
    for _ in range(3):
        if h.dep_ not in {"nmod", "obl", "obl:arg", "obl:mod", "acl", "obj"} or h.head is h:
            return False
        h = h.head
        if h.pos_ == "NOUN" and h.lemma_.lower() in agreements:
            return True
        if h.pos_ == "VERB" and h.dep_ != "acl":
            return False  # a clause's own verb ("ont signé ... et livré"), not a participle on the agreement
    return False


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
    sents = _sentence_units(doc)
    ctx.sent_units = sents
    sent_of = {}
    for si, s in enumerate(sents):
        for t in s:
            sent_of[t.i] = si
    out = []
    seen = set()
    framed: set[int] = set()
    for key, start, end in lex.trigger_matches(doc):
        tok = doc[start]
        pos, lemma = key.split(":", 1)
        if (tok.i, pos) in seen or ctx.in_skip(tok.idx):
            continue
        inside = ctx.at.get(tok.i)
        if inside is not None and inside.label in {"ORG", "PER", "LOC"} and on("candidates.inside_name"):
            continue  # "Organisation du traité de l'Atlantique Nord": a name, not a treaty
        seen.add((tok.i, pos))
        if pos == "NOUN" and tok.pos_ in {"ADJ", "PROPN", "ADV"} and tok.lower_ == lemma:
            tok.pos_, tok.lemma_ = "NOUN", lemma  # "ont fait escale" tagged ADJ 'escal': the tagger's slip, repaired
        if pos == "VERB" and tok.pos_ in {"NOUN", "ADJ", "PROPN"}:
            if not (on("candidates.participle_after_aux") and tok.i > 0 and doc[tok.i - 1].pos_ == "AUX"
                    and doc[tok.i - 1].lemma_ in ("avoir", "être")):
                continue
            tok.pos_, tok.lemma_ = "VERB", lemma  # "a téléphoné" tagged NOUN: the participle after its auxiliary
            for child in tok.children:  # the parser hung its arguments as a noun's: "à son homologue" is an oblique
                if child.dep_ == "nmod":
                    child.dep_ = "obl"
        for rule in lex.rules[(lemma, pos)]:
            copula = tok.dep_ == "cop" or (tok.dep_ == "aux:tense" and tok.head.i in ctx.at
                                            and ctx.at[tok.head.i].label == "DATE")  # "était lundi à X", misparsed
            if rule.pos == "AUX" and on("candidates.copula_place") and (not copula or not (
                    (tok.head.i in ctx.at and ctx.at[tok.head.i].label in {"LOC", "DATE"}) or tok.head.pos_ == "ADV")):
                continue
            if "Mood=Imp" in str(tok.morph) and on("candidates.imperative"):
                continue  # "recevez nos informations": a call to the reader, not an event
            if rule.lemma == "accord" and on("candidates.d_accord") and tok.i > 0 and doc[tok.i - 1].lower_ in {"d'", "d’"}:
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
            told = on("candidates.exercise_told") and rule.type == "EXERCISE" and rule.requires == "military" and any(o.type == "EXERCISE" for o in out)  # "un nouvel exercice" after one
            if not (_requires_ok(rule, tok, pred, ctx, unit) or told) or (on("candidates.blocked") and _blocked(tok, pred, ctx)):
                continue
            if rule.pos == "NOUN" and on("candidates.frame") and ctx.lex.pattern("frame").search(ctx.text[max(unit[0], tok.idx - 40):tok.idx]):
                framed.add(tok.i)
                continue  # "en marge du sommet", "au titre d'un accord": the frame of another event
            if rule.pos == "VERB" and on("candidates.frame") and tok.dep_ == "acl" and tok.head.i in framed and not _own_occasion(tok, ctx):
                continue  # "au titre d'un accord": the frame; "... d'un accord signé en 2019 avec X" is a signing
            if on("candidates.background") and _background(tok, rule, ctx):
                continue
            if on("candidates.agreement_content") and _agreement_content(tok, rule, ctx):
                continue
            if rule.pos == "VERB" and on("candidates.description_infinitive") and tok.dep_ == "acl" \
                    and "VerbForm=Inf" in str(tok.morph) \
                    and any(m.dep_ == "mark" and m.lower_ == "à" for m in tok.children):
                continue  # "le dernier pays à accueillir des troupes": a description, not an event
            headline = on("candidates.headline") and ctx.text[unit[1] - 1] not in TERMINAL and ctx.text[unit[1]:unit[1] + 1] in {"\n", ""}
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

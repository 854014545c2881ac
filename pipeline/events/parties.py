"""Entity resolution: the canonical party names a noun phrase stands for (a mention, a name in
apposition, the antecedent of a pronoun or of a bare title, "les deux parties", a demonym...)."""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.records import Event, Mention
from pipeline.events.syntax import DE, SUBJ, _case, _title_words
from pipeline.events.context import PARTY_LABELS, _Ctx, _is_venue
from pipeline.events.rules import on, rule

rule("parties.last_two_states", "'Oman et le Pakistan ... Les deux marines': 'les deux' + a state noun is the last two states named")
rule("parties.last_n_named", "'les trois ministres', 'les quatre pays': the last three persons or four states named")
GROUP_COUNTS = {"trois": 3, "quatre": 4, "cinq": 5, "six": 6}
rule("parties.bare_oblique_guest", "'a reçu à Lomé, le 2 septembre, le ministre X': a person phrase the parser hung as a bare oblique is the guest")


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
                tok.right_edge.i == tok.i or tok.lemma_.lower() in _title_words(m.title)
                or all(doc[k].dep_ == "amod" for k in range(tok.i + 1, j))):  # "son homologue tchadien X"
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
    if m is not None and (m.label in PARTY_LABELS or (m.label == "LOC" and (depth == 0 or ctx.is_country(m))
                                                     and not _is_venue(ctx.name(m), ctx))):  # a palace is no party
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
            impersonal = low == "il" and (tok.head.lemma_ in ctx.lex.cue("impersonal_heads")
                                          or any(c.dep_ in {"xcomp", "ccomp", "csubj"} and c.lemma_ in ctx.lex.cue("impersonal_heads")
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
        elif lemma in ctx.lex.cue("joint_bodies") and ctx.recent_states and any(
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
            ante_state = _state_of_person(ante, ctx) if ante is not None else ""
            if ante is not None and country and ante_state not in {"", country}:
                ante = None  # "le ministre chinois" is not the Algerian president named just before
            hero_state = next((_state_of_person(m, ctx) for m in ctx.mentions if m.label == "PER" and ctx.name(m) == hero), "")
            if ante is not None and (titled or not modified or _previous_subject(ante, tok, ctx)):
                primary.append(ctx.name(ante))
            elif country and hero and hero_state in {"", country} and ctx.person_near_country(hero, country):
                primary.append(hero)  # "l'homme fort de l'Est libyen": the Libyan the story follows
            elif country:
                # "l'officier américain": the last person named near something American
                ante = ctx.antecedent_by_country(tok, country)
                if ante is None:
                    ante = ctx.first_titled_after(tok, lemma, country)  # headline before the name
                if ante is not None:
                    primary.append(ctx.name(ante))
        elif (lemma in ctx.lex.cue("both_parties") or tok.lower_ in ctx.lex.cue("both_parties")) \
                and tok.lower_.endswith(("s", "x")) and on("parties.last_n_named") \
                and (count := next((GROUP_COUNTS[c.lower_] for c in tok.children if c.lower_ in GROUP_COUNTS), 0)) \
                and (named := ctx.last_people(tok, count) if lemma in ctx.lex.cue("people_nouns")
                     else ctx.last_states(tok, count) if lemma in ctx.lex.cue("state_nouns") else []):
            primary.extend(named)  # "Les trois ministres ont été reçus": the last three persons named
        elif (lemma in ctx.lex.cue("both_parties") or tok.lower_ in ctx.lex.cue("both_parties")) \
                and tok.lower_.endswith(("s", "x")) and (not secondary or lemma in ctx.lex.cue("people_nouns")) \
                and any(c.lower_ == "deux" or (c.lower_ == "les" and lemma == "partie") for c in tok.children):
            compatriots = ctx.compatriots(tok, secondary[0]) if lemma in ctx.lex.cue("people_nouns") and len(secondary) == 1 \
                and secondary[0] in ctx.lex.countries else []
            if lemma in ctx.lex.cue("state_nouns") and ctx.recent_states:
                primary.extend(ctx.recent_states[-1])  # "les deux pays" after a Turkish minister went to Libya
            elif lemma in ctx.lex.cue("state_nouns") and on("parties.last_two_states") and (named := ctx.last_states(tok, 2)):
                primary.extend(named)  # "Oman et le Pakistan ... Les deux marines": the two states named
            elif len(compatriots) == 2:
                primary.extend(compatriots)  # "les deux dirigeants libyens": the last two Libyans named
            elif ctx.recent_parties:
                primary.extend(ctx.recent_parties[-1])
            elif events and len(events[-1].participants) >= 2:
                primary.extend(events[-1].participants)
            elif lemma in ctx.lex.cue("people_nouns"):
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


def _state_of_person(m: Mention, ctx: _Ctx) -> str:
    """A person's state: his title's demonym, else the gazetteer's country for him."""
    state = ctx.state_of(ctx.name(m))
    if not state and m.country:
        state = ctx.lex.country_of_code.get(m.country.upper(), "")
    return state


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


def _displaced_objects(v: Token, ctx: _Ctx) -> list[Token]:
    """The real object when the parser took a date for it: "a reçu lundi au Caire son homologue, X"
    comes out as obj=lundi, with the guest hung on the date or on the place after it."""
    objs = [o for o in v.children if o.dep_ == "obj"]
    if not objs:
        # "a reçu au Caire des chefs de tribus libyens": the partitive read as "de + les", on the place or the verb
        on_place = [n for o in v.children if o.dep_.startswith("obl") and o.i in ctx.at and ctx.at[o.i].label == "LOC"
                    for n in o.children if n.dep_ == "nmod" and _case(n) == "des" and n.i > o.i and n.pos_ == "NOUN"]
        if on_place:
            return on_place
        # "a reçu à Lomé, le 2 septembre, le ministre malien X": the guest read as a bare oblique of the verb
        bare = [o for o in v.children if o.dep_ == "obl:mod" and not _case(o) and o.pos_ in {"NOUN", "PROPN"}
                and o.i > v.i and not (o.i in ctx.at and ctx.at[o.i].label == "DATE") and _person_phrase(o, ctx)]
        bare += [n for o in v.children if o.dep_ == "obl:mod" and o.i > v.i and o.i in ctx.at and ctx.at[o.i].label == "DATE"
                 for n in o.children if n.dep_ in {"conj", "appos"} and not _case(n) and _person_phrase(n, ctx)]
        # (", le 4 mars, le ministre X": the guest read as a conjunct of the date)
        if bare and on("parties.bare_oblique_guest"):
            return bare
        # "a reçu mardi au palais présidentiel de Nouakchott le général X": the guest hung on the place phrase
        hung = [n for o in v.children if o.dep_.startswith("obl") and _case(o)
                for n in o.children if n.dep_ in {"appos", "nmod"} and not _case(n) and n.i > o.i and _person_phrase(n, ctx)]
        return hung or [o for o in v.children if o.dep_ in {"obl", "obl:arg"} and _case(o) == "des"
                        and o.pos_ == "NOUN" and o.i not in ctx.at]
    if not all(o.i in ctx.at and ctx.at[o.i].label == "DATE" for o in objs):
        return []
    hosts = objs + [o for o in v.children if o.dep_.startswith("obl") and o.i > objs[0].i]
    return [n for h in hosts for n in h.children
            if n.dep_ in {"nmod", "appos", "obj"} and not _case(n) and n.i > objs[0].i]


def _person_phrase(head: Token, ctx: _Ctx) -> bool:
    """A person, an organisation, a delegation or a state: someone received, not something."""
    if head.i in ctx.at and ctx.at[head.i].label in PARTY_LABELS | {"LOC"}:
        return True
    if head.pos_ in {"ADJ", "NUM"}:  # "les six premiers des douze Rafale": what the partitive names
        part = next((c for c in head.children if c.dep_ == "nmod" and _case(c) in DE), None)
        if part is not None:
            return _person_phrase(part, ctx)
    low = head.lemma_.lower()
    return low in ctx.lex.cue("titles") or low in ctx.lex.cue("kinship") or low == "délégation"


def _demonym_country(toks, ctx: _Ctx) -> str:
    for t in toks:
        d = ctx.lex.demonym(t.lower_) or ctx.lex.demonym(t.lemma_)
        if d and t.pos_ == "ADJ":
            return d[0]
    return ""

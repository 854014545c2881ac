"""Dependency-tree helpers of event extraction that need no article context: a token's case marker,
voice, subjects (with the parser's usual slips repaired), sentence units and clause heads."""
from __future__ import annotations

from pipeline.text import text_of

import re

from spacy.tokens import Doc, Span, Token

from pipeline.events.rules import current_lexicon


SUBJ = {"nsubj", "nsubj:pass", "csubj", "expl:subj"}
TERMINAL = {".", "!", "?", "…"}
DE = {"de", "d'", "d’", "du", "des"}


def _title_words(title: str) -> set[str]:
    return set(re.split(r"[\s,'’]+", (title or "").lower()))


def _case(tok: Token) -> str:
    for c in tok.children:
        if c.dep_ == "case":
            if c.lower_ in ("de", "d'", "d’") and c.i > 0 and c.doc[c.i - 1].lower_ == "près":
                return "près"  # "près de Grand-Popo": the parser hangs "près" elsewhere, the place is still near it
            return c.lower_
    return ""


def _is_passive(v: Token) -> bool:
    """Passive voice; a pronominal verb ("s'est entretenu") and "est arrivé" are active whatever the tagger says."""
    # verbs whose compound tenses take "être" ("est arrivé", "sont venus"): the parser often reads them as passives
    if v.lemma_ in current_lexicon().cue("etre_verbs"):
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
    if not out and hops == 0 and _opening_participle(v):
        # "Arrivé la veille à Dakar, le général X a été reçu ...": the participle's subject is the clause's
        comma = next((t.i for t in v.doc[v.i:v.sent.end] if t.text == ","), None)
        if comma is not None:
            out += [t for t in v.doc[comma + 1:v.sent.end] if t.pos_ in {"NOUN", "PROPN"}
                    and (t.dep_ in SUBJ or t.dep_ == "obj" and t.head == v)][:1]  # the parser may hang it on the participle
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
    text = text_of(doc)  # once: Doc.text joins every token, per sentence it made long articles quadratic
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
        newline = "\n" in text[last_end_char:first.idx]
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


def _future_or_conditional(t: Token) -> bool:
    """Future or conditional verb; the ending is checked too, as the tagger calls some presents future."""
    m, low = str(t.morph), t.lower_
    if t.pos_ not in {"VERB", "AUX"}:
        return False
    if "Tense=Fut" in m and low.endswith(("ra", "ront", "rai", "ras", "rez", "rons")):
        return True
    return "Mood=Cnd" in m and low.endswith(("rait", "raient", "rais", "rions", "riez"))


def _quoted_name(t: Token) -> bool:
    """A word of a quoted name (« Shaheen X »): the name of the event itself, transparent for its place."""
    doc = t.doc
    return any(x.text == "«" for x in doc[max(0, t.i - 3):t.i]) and any(x.text == "»" for x in doc[t.i + 1:t.i + 4])


def _clause_head(t: Token) -> Token:
    h, steps = t, 0
    while h.head != h and steps < 8:
        h = h.head
        steps += 1
        if h.pos_ in {"VERB", "AUX"}:
            return h
    return h


def _opening_participle(v: Token) -> bool:
    """'Arrivé la veille, ...', 'Reçu mardi par X, ...': a bare past participle opening its sentence."""
    return v.pos_ == "VERB" and "VerbForm=Part" in str(v.morph) and v.i == v.sent.start \
        and not any(ch.dep_.startswith("aux") or ch.dep_ in SUBJ for ch in v.children)


def _participial_adjunct(v: Token) -> bool:
    """'Le ministre, arrivé la veille à Tripoli, ...': a bare participle hung on a noun, an earlier step of the story."""
    return v.pos_ == "VERB" and "VerbForm=Part" in str(v.morph) and not any(ch.dep_.startswith("aux") for ch in v.children) \
        and (v.dep_ == "acl" or v.i > 0 and v.doc[v.i - 1].text == ",")  # the parser often makes it the root


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

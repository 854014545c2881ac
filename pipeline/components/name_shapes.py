"""Name shapes the statistical model cuts wrong, repaired from the shape of French names, not from lists
of names.  Each family is a function of (doc, entities, words, gazetteer) returning the new entity list,
named in `NAME_SHAPE_RULES` so that `press_entity_fixes` can switch it off (`disabled_rules`) and the
ablation can measure it.  Word lists live in models/lexicon/entity_words_fr.json.

- civility: "M. Zongrana", "Mme Kallas": the civility is not part of the person (DESIGN.md PER);
- hyphenated_name: "Park Jin-soo", "Nazim-ud-Din": a name split at a hyphen by the tokenizer is one person;
- place_feature: "mer de Barents", "golfe du Bengale oriental", "océan Austral", "palais de Mvolyé": a sea,
  gulf or building named after a place is one LOC with its head noun, not the place inside it;
- region_qualifier: "Europe centrale", "Asie de l'Est": a region keeps its qualifier (a country
  does not: "l'est de la Libye" is the Libya of a directional phrase);
- institution_place: "École de guerre de Yaoundé": a school or forum keeps the place it is named after;
- place_after_place_noun: "la province de Khanh Hoa": a name after a place noun and "de" is a place;
- names_in_a_summit_name: "le sommet Brésil-Afrique": the places a summit is named after are not annotated;
- weapon_names: "des drones Karayel", "deux C-295": weapons, ships and aircraft are not annotated (DESIGN.md);
- military_branch: "la Marine royale de Norvège", "la flotte de la Caspienne": an armed service with its state is one ORG;
- state_body: "le Parlement hongrois", "le Sénat de Madrid": a capitalised state body with its state is one ORG;
- named_before_its_acronym: "la Mission ... en RDC (Monusco)": a name from an organisation head to its acronym is one ORG;
- named_after_its_acronym: "le CCMO (Centre de coordination maritime de l'Ouest)": a name in brackets that spells the acronym before it is one ORG;
- rubric_phrase: "Coopération militaire : ..." opening a headline or a rubric line is no organisation;
- corporate_name: "Hellenic Aerospace Industry", "India Shipyards Limited": a company suffix ends one ORG;
- acronym_org: "selon la DGSE", "les FARDC": an acronym in running text is an organisation (not a place, a
  common abbreviation or an all-caps headline);
- org_complement: "Etat-Major de l'ANP", "Organisation des Nations unies": an organisation head with another
  organisation as its complement is one name; a name cut before its complement takes it back;
- surname_of_named_person: "Ruslan Zhaksylykov ... Zhaksylykov": a lone surname of a person named before is that person;
- names_in_a_document_name: "la déclaration de Djeddah", "l'accord de Vienne": no LOC in a text's name;
- media_with_its_region: "Sputnik Afrique" is one outlet;
- given_name_not_city: "Victoria Nuland": a city's name before an unknown capitalised name is a given name;
- company_after_noun: "la société Hensoldt", "le constructeur Kership": the capitalised name after a company
  noun is an organisation, whatever the model made of it;
- caps_surname, institution_named_after_a_person: in people_in_names.py;
- acronym_with_its_country, media_named_with_its_noun: in org_names.py;
- no_capital_no_name: "and we", "irako-turque", "capitales du": a span of the statistical model with no capital
  letter is no name (the gazetteer's and the rules' lowercase names stay: "ministère de la Défense").
"""
from __future__ import annotations

import re
from typing import Callable

from spacy.tokens import Doc, Span

from pipeline.components.spans import capitalised as _capitalised, name_end as _name_end, replace_ents as _replace
from pipeline.components.spans import rule_span as _span, token_texts as _texts
from pipeline.components.org_names import acronym_with_its_country, media_named_with_its_noun
from pipeline.components.people_in_names import caps_surname, institution_named_after_a_person
from pipeline.normalize.gazetteer import Gazetteer
from pipeline.text import spells_acronym

Words = dict[str, frozenset[str]]
PREPOSITIONS = {"de", "d'", "d’", "du", "des"}
PATRONYMS = {"ben", "bin", "ibn", "ould"}
ARTICLES = {"le", "la", "les", "l'", "l’"}
ENGLISH_LINKS = {"of", "and", "&", "for"}  # inside an English name: "Ministry of Defence", "Shipbuilders & Engineers"


def civility(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    civilities = words.get("civilities", frozenset())
    out = []
    lowers = _texts(doc)[1]
    for e in ents:
        start = e.start
        while e.label_ == "PER" and start < e.end - 1 and lowers[start] in civilities:
            start += 1  # "M. X", "S.E.M. X", "Son Excellence X", "Sayyid X"
        if not e.kb_id_ and all(low in civilities for low in lowers[e.start:e.end]):
            continue  # "Son Excellence", "SEM" alone name nobody, whatever label the model gave them
        out.append(e if start == e.start else _span(doc, start, e.end, "PER", e._.rule or "fix", e))
    # "M. Li", "Mme Okoumba": capitalised words after a civility are a person the model missed (not a known place)
    covered = {i for e in out for i in range(e.start, e.end)}
    short = {"m.", "mme", "mlle", "dr", "dr.", "pr", "pr."}
    for i in [i for i, low in enumerate(_texts(doc)[1][:-1]) if low in short]:
        j = i + 1
        if j in covered or not (doc[j].is_title or doc[j].is_upper and len(doc[j]) > 1) or not doc[j].is_alpha:
            continue
        if doc[i].lower_ == "m." and i > 0 and doc[i - 1].is_digit:
            continue  # "3 M." is no civility
        end = _name_end(doc, j, {})
        name = doc[j:end]
        if any(k in covered for k in range(j, end)) or gazetteer.lookup_place(name.text) or gazetteer.lookup_org(name.text) \
                or name[0].lower_ in words.get("civilities", frozenset()):
            continue
        out = _replace(out, _span(doc, j, end, "PER", "civility"))
        covered.update(range(j, end))
    return out


def place_feature(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    heads = words.get("feature_heads", frozenset())
    qualifiers = words.get("region_qualifiers", frozenset())
    by_start = {e.start: e for e in ents}
    for i in [i for i, low in enumerate(_texts(doc)[1][:-1]) if low in heads]:
        tok = doc[i]
        if not (tok.is_lower or tok.is_sent_start or i > 0 and doc[i - 1].is_lower):
            continue
        j, with_preposition = i + 1, False
        if doc[j].lower_ in PREPOSITIONS:
            j, with_preposition = j + 1, True
            if j < len(doc) and doc[j].lower_ in ("la", "l'", "l’"):
                j += 1
        if j >= len(doc) or not _capitalised(doc[j]):
            continue
        inside = by_start.get(j)
        if inside is not None and inside.label_ == "PER" or any(e.start < i < e.end for e in ents):
            continue  # "le palais de M. X" is not a building name; a head already inside a name stays there
        end = _name_end(doc, j, by_start)
        if with_preposition and end < len(doc) and doc[end].lower_ in qualifiers:
            end += 1  # "golfe du Bengale oriental" is a full name; "mer Baltique méridionale" is the Baltic Sea
        if any(e.start < end and e.end > end for e in ents):
            continue  # a longer name runs past it
        ents = _replace(ents, _span(doc, i, end, "LOC", "place_feature"))
        by_start = {e.start: e for e in ents}
    return ents


def region_qualifier(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    qualifiers = words.get("region_qualifiers", frozenset())
    directions = words.get("region_directions", frozenset())
    out = list(ents)
    for e in ents:
        if e.label_ != "LOC" or e.end >= len(doc):
            continue
        place = gazetteer.lookup_place(e.text)
        if place is not None and place.kind in ("country", "city") or e[0].lower_ in words.get("feature_heads", ()):
            continue  # a sea's qualifier is place_feature's call ("mer Rouge méridionale" is the Red Sea)
        end = e.end
        if doc[end].lower_ in qualifiers and doc[end].is_lower:
            end += 1
        elif doc[end].is_title and doc[end].lower_ in directions:
            end += 1  # "Pacifique Sud", "Atlantique Nord"
        elif doc[end].lower_ in ("du", "de") and end + 1 < len(doc):
            k = end + 1
            if doc[k].lower_ in ("l'", "l’") and k + 1 < len(doc):
                k += 1
            m = k
            while m < len(doc) and (doc[m].text == "-" or doc[m].is_title and doc[m].lower_ in directions) and m - k < 3:
                m += 1
            if m > k and doc[k].is_title and "-".join(t.lower_ for t in doc[k:m] if t.text != "-") in directions | {
                    f"{a}-{b}" for a in ("nord", "sud") for b in ("est", "ouest")}:
                end = m
        if end != e.end and not any(o is not e and o.start < end and o.end > e.end for o in out):
            out = _replace(out, _span(doc, e.start, end, "LOC", "region_qualifier"))
    return out


def institution_place(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'Académie navale de Brest', 'Complexe industriel de Sarajevo': French capitalises only a body's first
    word, so a capitalised organisation head inside a sentence, its lowercase words and a place after 'de' are
    one organisation (the place is part of the name, not a place of the story)."""
    heads = words.get("institution_heads", frozenset()) | words.get("org_heads", frozenset())
    out = list(ents)
    covered = {i for e in ents for i in range(e.start, e.end)}
    org_tokens = {i for e in ents if e.label_ == "ORG" for i in range(e.start, e.end)}
    for loc in ents:
        k = loc.start - 1
        k -= 1 if k >= 2 and doc[k].lower_ in ARTICLES else 0  # "de l'Afrique centrale"
        if loc.label_ != "LOC" or k < 1 or doc[k].lower_ not in PREPOSITIONS:
            continue
        # back from "de <place>" over the name's own words to its capitalised head: lowercase words,
        # prepositions, an organisation the model found, a capitalised word no entity holds ('des États de')
        while k > 0 and loc.start - k <= 9 and not (doc[k - 1].lower_ in heads and doc[k - 1].is_title):
            prev = doc[k - 1]
            if prev.pos_ == "AUX" or prev.pos_ == "VERB" and "VerbForm=Part" not in str(prev.morph) \
                    or prev.lower_ in ("et", "ou") and (doc[k].is_title or doc[k].lower_ in ARTICLES
                                                        or doc[k].pos_ == "ADP" and doc[k].lower_ not in PREPOSITIONS
                                                        or all(t.lower_ in PREPOSITIONS | ARTICLES for t in doc[k:loc.start])):
                break  # a verb ends the name ('... a mouillé dans la rade de X'); so does 'et' before a name, an
                # article, another preposition or the place itself ('l'appui de l'UE et de l'Allemagne');
                # 'stratégiques et de défense de Budapest' goes on
            if not (prev.is_lower and prev.is_alpha and k - 1 not in covered or k - 1 in org_tokens
                    or prev.lower_ in PREPOSITIONS or prev.lower_ in ("l'", "l’")
                    or prev.is_title and prev.is_alpha and k - 1 not in covered and not prev.is_sent_start):
                break
            k -= 1
        head = k - 1
        if head < 0 or not (doc[head].lower_ in heads and doc[head].is_title) or doc[head].is_sent_start:
            continue
        if any(e.start < head < e.end or e.label_ in ("PER", "LOC") and head <= e.start < loc.start for e in ents):
            continue
        if any(t.lower_ in ("et", "ou") and (doc[t.i + 1].is_title or doc[t.i + 1].lower_ in ARTICLES and doc[t.i + 2].is_title)
               for t in doc[head:loc.start - 1]):  # "la Commission et le Parlement de l'UE": two names
            continue
        out = _replace(out, _span(doc, head, loc.end, "ORG", "institution_place"))
    return out


def company_after_noun(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    nouns = words.get("company_nouns", frozenset())
    by_start = {e.start: e for e in ents}
    out = list(ents)
    for i in [i for i, low in enumerate(_texts(doc)[1][:-1]) if low in nouns]:
        tok = doc[i]
        if not tok.is_lower:
            continue
        j = i + 1
        while j < len(doc) and j - i <= 2 and doc[j].is_lower and doc[j].is_alpha and doc[j].lower_ not in PREPOSITIONS:
            j += 1  # "le chantier naval X", "le groupe industriel X"
        if j >= len(doc) or not _capitalised(doc[j]):
            continue
        end = _name_end(doc, j, by_start)
        found = by_start.get(j)
        if found is not None and found.label_ in ("PER", "ORG"):
            continue
        name = doc[j:end].text
        if found is None and (gazetteer.lookup_place(name) or gazetteer.lookup_person(name)):
            continue
        # the model's span may have swallowed the noun ("chantier naval X" as a place): it gives way
        if any((e.start < j < e.end or e.start < end < e.end) and not (i <= e.start and e.end <= end and e.label_ != "PER")
               for e in out):
            continue
        out = _replace(out, _span(doc, j, end, "ORG", "company_after_noun"), start=i)
        by_start = {e.start: e for e in out}
    return out


def hyphenated_name(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'Park Jin' + '-soo', 'Nazim' + '-ud-Din': a name the tokenizer split at a hyphen is one person."""
    out = list(ents)
    for n, e in enumerate(ents):
        if e.label_ != "PER":
            continue
        limit = ents[n + 1].start if n + 1 < len(ents) else len(doc)
        end = e.end
        if e[-1].text == "-" and not e[-1].whitespace_ and end < limit and doc[end].is_title and doc[end].is_alpha:
            end = min(limit, _name_end(doc, end, {}))  # "Anne-" + "Sophie Delorme": the model stopped at the hyphen
        while end + 1 < limit and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_ \
                and doc[end + 1].is_alpha and (doc[end + 1].is_title or doc[end + 1].is_lower and len(doc[end + 1]) <= 5):
            end += 2
        # "Khalid ben Salmane" + "ben Abdelaziz": a patronymic chain goes on
        while end + 1 < limit and doc[end].lower_ in PATRONYMS and doc[end + 1].is_title and doc[end + 1].is_alpha:
            end += 2
        start = e.start
        # "al-" + "Burhane": an article glued to the surname by a hyphen belongs to it
        if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_ \
                and doc[start - 2].lower_ in ("al", "el", "ad", "as", "ash", "ach", "ez", "es") \
                and (n == 0 or ents[n - 1].end <= start - 2):
            start -= 2
        if end != e.end or start != e.start:
            out = _replace(out, _span(doc, start, end, "PER", e._.rule or "fix", e))
    return out


def place_after_place_noun(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'la province de Khanh Hoa', 'la base aérienne de Nur Bakr': a name after a place noun and 'de' is a
    place, whatever person-like shape the model saw in it."""
    nouns = words.get("place_nouns", frozenset())
    out = []
    for e in ents:
        if e.label_ == "PER" and e.start >= 2 and not e.kb_id_ and e._.rule != "gazetteer" \
                and not gazetteer.lookup_person(e.text) and doc[e.start - 1].lower_ in PREPOSITIONS:
            k = e.start - 2
            while k > 0 and e.start - k <= 3 and doc[k].is_lower and doc[k].pos_ == "ADJ":
                k -= 1  # "la base aérienne de X"
            if doc[k].lower_ in nouns:
                e = _span(doc, e.start, e.end, "LOC", "place_after_place_noun")
        elif e.label_ == "PER" and e.start >= 1 and not e.kb_id_ and e._.rule != "gazetteer" \
                and not gazetteer.lookup_person(e.text):
            k = e.start - 1
            titled = doc[k].is_title and doc[k].lower_ in words.get("site_name_titles", ())
            if titled:
                k -= 1  # "le camp Général X": the title is part of the site's name
            if k >= 0 and doc[k].lower_ in words.get("named_site_nouns", ()) and doc[k].is_lower:
                e = _span(doc, k + 1, e.end, "LOC", "place_after_place_noun")  # "le camp X", "l'aéroport X"
        out.append(e)
    return out


def names_in_a_summit_name(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'le sommet Brésil-Afrique', 'le forum Inde-Asie centrale': the places joined by a
    hyphen after a summit noun name the summit, they are not annotated (GUIDELINES, scope)."""
    nouns = words.get("summit_nouns", frozenset())
    by_start = {e.start: e for e in ents}
    drop: set[int] = set()
    for i in [i for i, low in enumerate(_texts(doc)[1][:-1]) if low in nouns]:
        tok = doc[i]
        chain, j = [], i + 1
        while j in by_start and by_start[j].label_ in ("LOC", "ORG"):
            chain.append(by_start[j])
            k = by_start[j].end
            if k + 1 < len(doc) and doc[k].text in ("-", "–") and not doc[k - 1].whitespace_ and not doc[k].whitespace_:
                j = k + 1
            else:
                break
        if len(chain) >= 2:
            drop.update(id(e) for e in chain)
    return [e for e in ents if id(e) not in drop] if drop else ents


DESIGNATION = re.compile(r"^(?:[A-Z][A-Za-z]{0,3}-\d{1,4}[A-Za-z]{0,3}|[A-Z][A-Za-z]{0,3}\d{3,4}[A-Za-z]{0,3}|[A-Z]{1,3}\d{1,4}[A-Z]{1,3})$")  # F-16, C-295, Su-30, Mi-35, A400M; not G20, G5


def _after_a_vessel_noun(doc: Doc, i: int, words: Words) -> bool:
    vessels = words.get("vessel_nouns", frozenset())
    k = i - 1
    while k >= 0 and i - k <= 3 and doc[k].lower_ not in vessels and (
            doc[k].is_lower and doc[k].pos_ in ("ADJ", "NOUN") or doc[k].text in {"«", '"', "“", "-"}
            or doc[k].lower_ in {"amiral", "général", "président", "maréchal", "capitaine"}):
        k -= 1  # "le destroyer lance-missiles Urumqi", "la frégate russe « Amiral Grigorovitch »"
    return k >= 0 and doc[k].lower_ in vessels and not _a_rank(doc, k)


RANKS_OF_A_VESSEL = {"capitaine", "lieutenant", "enseigne"}


def _a_rank(doc: Doc, k: int) -> bool:
    """'le capitaine de frégate X': the ship noun is part of a naval rank, the name after it a person's."""
    return k >= 2 and doc[k - 1].lower_ == "de" and doc[k - 2].lower_ in RANKS_OF_A_VESSEL


def weapon_names(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'des drones Karayel', 'le chasseur Rafale', 'deux C-295': weapons, ships and aircraft are not annotated
    (DESIGN.md), whatever label the model gave their name; a maker the gazetteer knows stays."""
    arms = words.get("arms_nouns", frozenset())
    out, weapons = [], set()
    for e in ents:
        if e.label_ in ("PER", "ORG", "LOC") and not e.kb_id_ and e._.rule != "gazetteer":
            k = e.start - 1
            while k >= 0 and e.start - k <= 6 and doc[k].is_lower and doc[k].lower_ not in arms \
                    and (doc[k].is_alpha and doc[k].pos_ in ("ADJ", "NOUN") or doc[k].lower_ in PREPOSITIONS | {"sans"}):
                k -= 1  # "les drones armés turcs Karayel", "des véhicules aériens de combat sans pilote Anka"
            # the context first, the gazetteer (slower) only for a name that stands where a weapon's would
            if (k >= 0 and doc[k].lower_ in arms and not _a_rank(doc, k) or any(DESIGNATION.match(t.text) for t in e)) \
                    and not gazetteer.lookup_org(e.text) and not gazetteer.lookup_place(e.text):
                weapons.add(e.text)
                weapons.add(e[-1].text)  # "drones Bayraktar Akinci": a later "Akinci" is the drone too
                continue
        if e.label_ in ("LOC", "PER") and len(e) <= 3 and e.start > 0 and _after_a_vessel_noun(doc, e.start, words):
            continue  # "le destroyer lance-missiles Urumqi", "la frégate russe « Amiral X »": a ship's name
        if e.label_ == "LOC" and e.end < len(doc) and doc[e.end].is_digit and len(doc[e.end]) <= 2 \
                and getattr(gazetteer.lookup_place(e.text), "kind", "") == "region":
            continue  # "un avion de patrouille maritime Atlantique 2": a model named after a sea
        out.append(e)
    lowers = _texts(doc)[1]
    for i in (i for i, low in enumerate(lowers) if low in arms and not _a_rank(doc, i)):  # also names after an arms
        tok = doc[i]  # noun no entity covered ("flotte de Gripen C")
        j = i + 1
        while j < len(doc) and j - i <= 3 and doc[j].is_lower and (doc[j].pos_ in ("ADJ", "NOUN") or doc[j].lower_ in PREPOSITIONS):
            j += 1
        if j < len(doc) and doc[j].text[:1].isupper() and any(ch.isalpha() for ch in doc[j].text) \
                and not gazetteer.is_place_name(doc[j].text):
            run = doc[j:max(j + 1, _name_end(doc, j, {}))]  # "Gripen C", "TB2"
            if len(run) and not gazetteer.lookup_org(run.text) and not gazetteer.lookup_place(run.text):
                weapons.update({run.text, run[0].text})
    if not weapons:
        return out
    # a name coordinated with a weapon's ("des Anka-S et des Aksungur") is a weapon too
    kept = []
    for e in out:
        k = e.start - 1
        while k >= 0 and doc[k].lower_ in ("des", "de", "d'", "d’", "les", "du"):
            k -= 1
        named_weapon = k > 0 and doc[k].lower_ in ("et", "ou", ",") and any(
            w.end == k and w.text in weapons for w in ents)
        if named_weapon and not e.kb_id_ and e._.rule != "gazetteer" and not gazetteer.lookup_place(e.text):
            weapons.add(e.text)
            weapons.update(t.text for t in e)
            continue
        kept.append(e)
    # the article named it as a weapon once: its other mentions, whole or by a word of the name, are the weapon too
    words_of = {w for name in weapons for w in name.split() if w[:1].isupper()}
    return [e for e in kept if e.kb_id_ or e._.rule == "gazetteer" or not (
        e.text in weapons or len(e) == 1 and e.text in words_of
        or e.label_ != "PER" and all(t.text in words_of for t in e))]


def military_branch(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'la Marine royale de Norvège', 'la flotte de la Caspienne', 'la Force aérienne d'autodéfense japonaise': an
    armed service named with its state (a complement or a demonym) is one organisation, not the state."""
    heads = words.get("military_heads", frozenset())
    modifiers = words.get("military_modifiers", frozenset())
    demonyms = words.get("demonyms", frozenset())
    by_start = {e.start: e for e in ents}
    out = list(ents)
    for i in [i for i, low in enumerate(_texts(doc)[1][:-2]) if low in heads]:
        tok = doc[i]
        if not (tok.is_title or tok.lower_ == "flotte"):
            continue
        if any(e.start < i < e.end or e.start == i and e.label_ == "ORG" and e.end - i > 2 for e in out):
            continue  # already inside a longer name
        k = i + 1
        while k < len(doc) and k - i <= 4:
            if doc[k].lower_ in modifiers and doc[k].lower_ not in PREPOSITIONS:
                k += 1
            elif doc[k].lower_ in ("d'", "d’", "de") and k + 1 < len(doc) and doc[k + 1].lower_ in modifiers:
                k += 2  # "Force maritime d'autodéfense"
            else:
                break
        if k + 2 < len(doc) and doc[k].is_lower and doc[k].lower_ in demonyms and doc[k + 1].lower_ in PREPOSITIONS:
            k += 1  # "la flotte russe du Pacifique": the demonym comes before the complement
        end = None
        if k < len(doc) and doc[k].is_lower and doc[k].lower_ in demonyms and tok.is_title:
            end = k + 1  # "Marine croate", "Force maritime d'autodéfense japonaise" (not "la flotte russe")
        elif k + 1 < len(doc) and doc[k].lower_ in PREPOSITIONS | {"de la", "l'"}:
            j = k + 1
            if doc[j].lower_ in ("la", "l'", "l’") and j + 1 < len(doc):
                j += 1
            if j in by_start and by_start[j].label_ == "LOC":
                end = by_start[j].end  # "Marine royale de Norvège", "Cinquième flotte des États-Unis"
            elif doc[j].is_title and doc[j].is_alpha and (tok.lower_ == "flotte" or doc[i].is_title) \
                    and not (tok.lower_ == "flotte" and j == k + 1 and doc[k].lower_ == "de"):
                end = _name_end(doc, j, by_start)  # "flotte de la Caspienne", "Flotte de l'Ouest" (not "flotte de Gripen")
        if end is None and tok.is_title and k > i + 1 and doc[k - 1].lower_ not in PREPOSITIONS | {"l'"} \
                and not _in_a_title(doc, i):
            end = k  # "la Marine nationale", "la Garde nationale", "l'Armée de l'air": a service's own name
        if end is None or end - i < 2:
            continue
        start = i - 1 if i > 0 and doc[i - 1].like_num or i > 0 and doc[i - 1].lower_.endswith(("ième", "ème", "re")) \
            and doc[i - 1].is_title else i
        if any(e.start < start < e.end or e.start < end < e.end for e in out if not (start <= e.start and e.end <= end)):
            continue
        out = _replace(out, _span(doc, start, end, "ORG", "military_branch"))
        by_start = {e.start: e for e in out}
    # "les forces", "l'Armée" alone, or "ministre des Forces armées": a description or a title, not a name
    # (a capitalised service with its qualifier, "la Marine nationale", is the navy's own name: kept)
    generic = heads | modifiers | {"armées", "armée", "armés"}
    return [e for e in out if not (e.label_ == "ORG" and not e.kb_id_ and e._.rule != "gazetteer"
                                   and all(t.lower_ in generic for t in e) and not gazetteer.lookup_org(e.text)
                                   and (len(e) < 2 or not e[0].is_title or _in_a_title(doc, e.start)))]


def _in_a_title(doc: Doc, i: int) -> bool:
    """'le ministre des Forces armées', 'la ministre des Armées': the service names an office, not a body."""
    j = i - 1
    if j >= 0 and doc[j].lower_ in ("des", "du", "de", "la", "l'", "l’"):
        j -= 1
        if j >= 0 and doc[j].lower_ in ("de", "d'", "d’"):
            j -= 1
    return j >= 0 and doc[j].lower_ in ("ministre", "ministère", "ministres", "secrétaire", "secrétariat", "délégué")


def state_body(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'le Parlement hongrois', 'le Sénat de Madrid', 'le Congrès': a capitalised state body is an organisation,
    with the demonym or the place that names its state (the model tags the place alone, or nothing)."""
    bodies = words.get("state_bodies", frozenset())
    demonyms = words.get("demonyms", frozenset())
    firsts = {b.split()[0] for b in bodies}
    out = sorted(ents, key=lambda e: e.start)
    texts, lowers = _texts(doc)
    starts = [k for k, low in enumerate(lowers) if low in firsts and texts[k].istitle()]  # the rare tokens that may open one
    i = 0
    for start in starts:
        if start < i:
            continue  # inside a body already read
        i = start
        n = next((n for n in (3, 2, 1) if i + n <= len(doc)
                  and " ".join(t.lower_ for t in doc[i:i + n]) in bodies), 0)
        if not n or i == 0 or doc[i - 1].is_sent_start and doc[i - 1].is_punct or doc[i].is_sent_start \
                or any(e.start < i < e.end or e.start <= i < e.end and e.label_ == "ORG" and len(e) > n for e in out):
            i += max(n, 1)
            continue
        end = i + n
        if end < len(doc) and doc[end].is_lower and doc[end].lower_ in demonyms:
            end += 1  # "Parlement hongrois"
        elif end + 1 < len(doc) and doc[end].lower_ in ("de", "du", "d'", "d’"):
            k = end + 2 if doc[end + 1].lower_ in ("la", "l'", "l’") and end + 2 < len(doc) else end + 1
            place = next((e for e in out if e.start == k and e.label_ == "LOC"), None)
            if place is not None:
                end = place.end  # "Parlement de Budapest"
        if not any(e.start < end < e.end for e in out):
            out = _replace(out, _span(doc, i, end, "ORG", "state_body"))
        i = end
    return out


def rubric_phrase(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'Coopération militaire : le chef d'Africom à Tunis', 'Accueil > Défense nationale': a common noun with its
    adjectives, capitalised only because it opens a headline or a rubric line, is no organisation."""
    common = words.get("common_words", frozenset())
    heads = words.get("military_heads", frozenset()) | words.get("state_bodies", frozenset())
    out = []
    for e in ents:
        first, after = e[0], doc[e.end] if e.end < len(doc) else None
        opens_line = e.start == 0 or "\n" in doc[e.start - 1].text_with_ws or doc[e.start - 1].text in (">", "|", "»", "/")
        closes = after is None or after.text in (":", "|", ">", "/") or "\n" in e[-1].text_with_ws
        if e.label_ == "ORG" and opens_line and closes and first.is_title and first.lower_ in common \
                and first.lower_ not in heads and all(t.is_lower for t in e[1:]) \
                and not e.kb_id_ and e._.rule != "gazetteer" and not gazetteer.lookup_org(e.text):
            continue
        out.append(e)
    return out


SHORT_NAME = re.compile(r"^(?:[A-Z][A-Za-z0-9&-]{1,9}|[A-Z][a-z]{3,8})$")  # "FARDC", "Monusco", "Atmis"


def named_before_its_acronym(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'la Mission de l'Organisation des Nations unies pour la stabilisation en RDC (Monusco)': a name that
    opens on a capitalised organisation head and closes on its acronym in parentheses is one organisation,
    whatever places and bodies it names inside, when the acronym's letters do not spell it (a French name
    of an English acronym); the acronym names it too."""
    heads = words.get("org_heads", frozenset())
    out = sorted(ents, key=lambda e: e.start)
    for i in [i for i, text in enumerate(_texts(doc)[0][:-2]) if text == "("]:
        tok = doc[i]
        if doc[i + 2].text != ")" or not SHORT_NAME.match(doc[i + 1].text):
            continue
        acr = doc[i + 1]
        here = next((e for e in out if e.start <= acr.i < e.end), None)
        if here is not None and (here._.rule in ("acronym", "gazetteer") or here.kb_id_ or here.ent_id_
                                 or here.label_ == "PER") \
                or gazetteer.lookup_place(acr.text):
            continue  # spelled by the name before it already, or a known place or person
        head = None
        for j in range(i - 1, max(-1, i - 17), -1):
            t = doc[j]
            if t.is_punct and t.text not in ("'", "’", "-") or "\n" in t.whitespace_ \
                    or t.pos_ in ("VERB", "AUX") and "VerbForm=Part" not in str(t.morph):
                break  # a finite verb or an infinitive ends the name ("unies", "armées" do not)
            if t.lower_ in ("et", "ou") and (doc[j + 1].is_title or doc[j + 1].lower_ in ("l'", "l’", "la", "le", "les")):
                break  # "la Commission de l'UA et l'Union européenne (UE)": two names ("soutien et de stabilisation" is one)
            if t.is_title and t.lower_ in heads:
                head = j
            if t.is_sent_start:
                break
        if head is None or i - head < 3:
            continue
        if any(e.start < head < e.end or e.start < i < e.end for e in out):
            continue  # a name crossing the edge: not this shape
        out = _replace(out, _span(doc, head, i, "ORG", "named_before_its_acronym"))
        out = _replace(out, _span(doc, acr.i, acr.i + 1, "ORG", "named_before_its_acronym"))
    return out


def named_after_its_acronym(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'le CCMO (Centre de coordination maritime de l'Ouest)': a bracketed name whose initials the acronym before it
    gives (in any order: a translated name) is that organisation, and the acronym is one too."""
    out = sorted(ents, key=lambda e: e.start)
    texts = _texts(doc)[0]
    for i in [i for i, text in enumerate(texts[:-3]) if text == "("]:
        acr = doc[i - 1]
        if i == 0 or not ACRONYM.match(acr.text) or acr.lower_ in words.get("not_org_acronyms", frozenset()):
            continue
        close = next((j for j in range(i + 2, min(len(doc), i + 14)) if texts[j] == ")"), None)
        if close is None or not doc[i + 1].is_title or "\n" in doc[i:close].text:
            continue
        name = doc[i + 1:close]
        if not spells_acronym(name.text, acr.text) or any(t.pos_ in ("VERB", "AUX") and "VerbForm=Part" not in str(t.morph) for t in name):
            continue
        if any(e.label_ == "PER" and (e.start <= acr.i < e.end or i < e.start < close) for e in out):
            continue
        out = _replace(out, _span(doc, i + 1, close, "ORG", "named_after_its_acronym"))
        out = _replace(out, _span(doc, acr.i, acr.i + 1, "ORG", "named_after_its_acronym"))
    return out


def corporate_name(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'Hellenic Aerospace Industry', 'India Shipyards Limited': capitalised words ending in a company
    suffix are one organisation, even when the first one is a country's name."""
    suffixes = words.get("corporate_suffixes", frozenset())
    out = list(ents)
    for k in [k for k, low in enumerate(_texts(doc)[1]) if low in suffixes]:
        tok = doc[k]
        if not (tok.is_title or tok.is_upper) or k == 0:
            continue
        start = k
        while start > 0 and k - start < 6:
            prev = doc[start - 1]
            if (prev.is_title or prev.is_upper) and prev.is_alpha and not prev.is_sent_start \
                    and (prev.lower_ not in words.get("common_words", ()) or gazetteer.is_place_name(prev.text)):
                start -= 1  # not over a French word capitalised before the name ("l'État Turkménistan Engineering")
            elif prev.lower_ in ENGLISH_LINKS and start > 1 and doc[start - 2].is_title and not doc[start - 2].is_sent_start:
                start -= 2  # "Republic of Fiji Military Forces"
            else:
                break
        if start == k or doc[start].lower_ in ENGLISH_LINKS:
            continue
        end = k + 1
        while end + 1 < len(doc) and doc[end].lower_ in ("&", "and") and doc[end + 1].is_title and doc[end + 1].is_alpha:
            end += 2  # "Garden Reach Shipbuilders & Engineers"
        if any((e.start < start < e.end or e.start < end < e.end) and not (start <= e.start and e.end <= end) for e in out):
            continue
        if any(e.label_ == "PER" and start <= e.start and e.end <= end for e in out):
            continue
        out = _replace(out, _span(doc, start, end, "ORG", "corporate_name"))
    return out


GROUP_CODE = re.compile(r"^[A-Z]{1,3}\d{1,3}$")  # "M23", "G20", "P5": a movement or a group of states
ACRONYM = re.compile(r"^(?:[A-Z]{2,8}|[A-Z][a-z]{0,2}[A-Z]{2,6}[a-z]?)$")  # "DGSE", "FARDC", "CEMAC", "MoD", "KFOR"


def acronym_org(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """An acronym in running text is an organisation ('selon la DGSE', 'les FARDC', 'la CEMAC'): unless it is a
    known place or person, a common abbreviation (PIB, FCFA, ONG), or part of an all-caps line (a
    headline, a dateline)."""
    stop = words.get("not_org_acronyms", frozenset())
    covered = {i for e in ents for i in range(e.start, e.end)}
    out = list(ents)
    texts = _texts(doc)[0]
    for i in (i for i, text in enumerate(texts) if text[:1].isupper()):  # an acronym or a code starts uppercase
        tok = doc[i]
        if GROUP_CODE.match(tok.text) and i in covered:  # "le M23", "le G20": a place has no digits in its name
            here = next(e for e in out if e.start <= i < e.end)
            if here.label_ == "LOC" and len(here) == 1 and not here.kb_id_ and here._.rule != "gazetteer":
                out = _replace(out, _span(doc, i, i + 1, "ORG", "acronym_org"))
            continue
        if not ACRONYM.match(tok.text) or tok.lower_ in stop or tok.lower_ in words.get("common_words", ()):
            continue  # "ANALYSE", "EXCLUSIF": a rubric word in capitals
        if i + 1 < len(doc) and doc[i + 1].is_title and doc[i + 1].is_alpha:
            continue  # "INS Vikrant", "VEKTOR France": the start of a longer name
        neighbours = [t for t in doc[max(0, i - 2):i + 3] if t.i != i and t.is_alpha and len(t) > 1]
        if any(t.is_upper for t in neighbours):
            continue  # "DAKAR, 3 mars", an all-caps headline
        if gazetteer.is_place_name(tok.text) or gazetteer.lookup_person(tok.text) or gazetteer.lookup_place(tok.text):
            continue
        if i in covered:
            here = next(e for e in out if e.start <= i < e.end)
            if here.label_ == "LOC" and len(here) == 1 and not here.kb_id_:
                out = _replace(out, _span(doc, i, i + 1, "ORG", "acronym_org"))  # "AZERTAC" the model made a place
            continue
        out = _replace(out, _span(doc, i, i + 1, "ORG", "acronym_org"))
    return out


def _org_head_start(doc: Doc, j: int, heads: frozenset[str]) -> int | None:
    """Start of a capitalised organisation head ending at token j ('Etat-Major', 'Force', 'Secrétariat
    général'), or None."""
    for n in range(1, 5):
        start = j - n + 1
        if start < 0:
            break
        words = "".join(t.text_with_ws for t in doc[start:j + 1]).strip().lower().replace(" - ", "-")
        if words in heads and doc[start].is_title:
            return start
    return None


def org_complement(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'Etat-Major de l'ANP', 'Organisation des Nations unies', 'Force unifiée de l'AES': a capitalised
    organisation head whose complement is another organisation is one organisation; a name cut before
    its complement ('Centre d'études stratégiques de la' + 'mer Rouge') takes it back, else loses the
    dangling words."""
    heads = words.get("org_heads", frozenset())
    dangling = words.get("org_dangling_ends", frozenset())
    out = sorted(ents, key=lambda e: e.start)
    for e in list(out):
        if e.label_ != "ORG" or e not in out:
            continue
        k = e.start - 1
        if k >= 1 and doc[k].lower_ in ("la", "l'", "l’"):
            k -= 1
        if k < 1 or doc[k].lower_ not in PREPOSITIONS:
            continue
        j, head = k - 1, None
        while j >= 0 and k - j <= 7:
            head = _org_head_start(doc, j, heads)
            if head is not None or not (doc[j].is_alpha and doc[j].is_lower or doc[j].lower_ in ("d'", "d’", "l'", "l’")):
                break
            j -= 1
        if head is None:
            continue
        before = [x for x in out if x.start < k and x.end > head]
        if any(not ((x.label_ == "ORG" or x.text.lower() in heads) and x.start >= head and x.end <= k) for x in before):
            continue  # a person or a place in between: not one name
        if before and any(t.lower_ in ("et", "ou") for t in doc[head:k]):
            continue  # "la Marine nationale mauritanienne et de l'Armada espagnole": two names coordinated
        out = _replace(out, _span(doc, head, e.end, "ORG", "org_complement"), start=head)
    for n, e in enumerate(list(out)):
        if e.label_ != "ORG" or e not in out or len(e) < 2 or e[-1].lower_ not in dangling:
            continue
        nxt = next((x for x in out if x.start == e.end), None)
        named = e[0].is_title or e[0].lower_ in heads or e[0].lower_ == "ministère"
        if nxt is not None and nxt.label_ in ("LOC", "ORG") and named and not any(t.lower_ == "et" for t in e[-3:]):
            out = _replace(out, _span(doc, e.start, nxt.end, "ORG", "org_complement"))
            continue
        end = e.end
        while end < len(doc) and end - e.end < 2 and doc[end].is_alpha and doc[end].is_lower \
                and doc[end].pos_ in ("NOUN", "ADJ") and doc[end].lower_ not in dangling:
            end += 1
        if end == e.end:
            while end > e.start + 1 and doc[end - 1].lower_ in dangling:
                end -= 1
        if end != e.end:
            out = _replace(out, _span(doc, e.start, end, "ORG", "org_complement"), start=e.start)
    return out


def given_name_not_city(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'Victoria Nuland', 'Salem Ahmed': a city's name right before an unknown capitalised name, with no place
    preposition before it, is a given name (the city list matched the first name of a person)."""
    out = list(ents)
    preps = words.get("place_prepositions", frozenset()) | {"à", "a", "de", "d'", "d’", "en", "vers", "sur", "entre", "et"}
    for e in ents:
        if e.label_ != "LOC" or len(e) != 1 or not e.ent_id_.startswith("loc:geo:") or e.end >= len(doc):
            continue
        nxt = doc[e.end]
        if e.start > 0 and doc[e.start - 1].lower_ in preps or not e[0].whitespace_ or not nxt.is_title \
                or not nxt.is_alpha or gazetteer.is_place_name(nxt.text) or nxt.lower_ in words.get("common_words", ()):
            continue
        if any(x.start == e.end and x.label_ in ("LOC", "ORG") for x in out):
            continue
        place_nouns = words.get("place_nouns", frozenset()) | words.get("feature_heads", frozenset())
        k = e.start - 1
        while k > 0 and e.start - k <= 2 and doc[k].is_lower and doc[k].pos_ == "ADJ":
            k -= 1
        if k >= 0 and doc[k].is_lower and doc[k].lower_ in place_nouns:
            continue  # "l'aéroport international Aden Adde": a place named after a person
        end = _name_end(doc, e.end, {})
        org_words = words.get("corporate_suffixes", frozenset()) | words.get("institution_heads", frozenset()) | {"institute"}
        if any(t.lower_ in org_words for t in doc[e.end:end]):
            continue  # "Timbuktu Institute"
        nxt_ent = next((x for x in out if x.start == e.end and x.label_ == "PER"), None)
        end = max(end, nxt_ent.end) if nxt_ent is not None else end
        out = _replace(out, _span(doc, e.start, end, "PER", "given_name_not_city"))
    return out


def surname_of_named_person(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'Ruslan Zhaksylykov ... Zhaksylykov a précisé': a lone name the article gave before as a person's surname
    is that person, whatever label the model gave it (not a known place or organisation)."""
    surnames = {e[-1].text for e in ents if e.label_ == "PER" and len(e) > 1 and e[-1].is_alpha}
    people = {e.text for e in ents if e.label_ == "PER"}  # "Prabowo" a person once, a place later: a person
    if not surnames and not people:
        return ents
    out = []
    for e in ents:
        if e.label_ in ("LOC", "ORG") and (len(e) == 1 and e.text in surnames or e.text in people) and not e.ent_id_ and not e.kb_id_ \
                and e._.rule != "gazetteer" and not gazetteer.lookup_place(e.text) and not gazetteer.lookup_org(e.text):
            e = _span(doc, e.start, e.end, "PER", "surname_of_named_person")
        out.append(e)
    return out


def names_in_a_document_name(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'la déclaration de Djeddah', 'l'accord de Vienne', 'la Charte du Liptako-Gourma': the place a text is
    named after is part of the text's name, not a place of the story (GUIDELINES)."""
    nouns = words.get("document_nouns", frozenset())
    out = []
    for e in ents:
        if e.label_ == "LOC" and e.start >= 2 and doc[e.start - 1].lower_ in PREPOSITIONS \
                and doc[e.start - 2].lower_ in nouns:
            continue
        out.append(e)
    return out


def media_with_its_region(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    """'Sputnik Afrique', 'RFI Afrique': an outlet's edition named after a region is one organisation."""
    out = list(ents)
    for e in ents:
        org = gazetteer.lookup_org(e.text) if e.label_ == "ORG" else None
        if org is None or org.note != "media":
            continue
        nxt = next((x for x in out if x.start == e.end and x.label_ == "LOC"), None)
        if nxt is not None and len(nxt) == 1 and e[-1].whitespace_:
            out = _replace(out, _span(doc, e.start, nxt.end, "ORG", "media_with_its_region"))
    return out


NameRule = Callable[[Doc, list[Span], Words, Gazetteer], list[Span]]
def no_capital_no_name(doc: Doc, ents: list[Span], words: Words, gazetteer: Gazetteer) -> list[Span]:
    return [e for e in ents if not (e.label_ in ("PER", "ORG", "LOC") and e._.rule in ("", "fix") and not e.kb_id_
                                    and not any(ch.isupper() for ch in e.text))]


NAME_SHAPE_RULES: dict[str, NameRule] = {
    "civility": civility,
    "hyphenated_name": hyphenated_name,
    "place_feature": place_feature,
    "region_qualifier": region_qualifier,
    "institution_place": institution_place,
    "company_after_noun": company_after_noun,
    "names_in_a_summit_name": names_in_a_summit_name,
    "place_after_place_noun": place_after_place_noun,
    "acronym_org": acronym_org,
    "weapon_names": weapon_names,
    "military_branch": military_branch,
    "corporate_name": corporate_name,
    "state_body": state_body,
    "named_before_its_acronym": named_before_its_acronym,
    "named_after_its_acronym": named_after_its_acronym,
    "rubric_phrase": rubric_phrase,
    "org_complement": org_complement,
    "given_name_not_city": given_name_not_city,
    "surname_of_named_person": surname_of_named_person,
    "names_in_a_document_name": names_in_a_document_name,
    "media_with_its_region": media_with_its_region,
    "caps_surname": caps_surname,
    "acronym_with_its_country": acronym_with_its_country,
    "media_named_with_its_noun": media_named_with_its_noun,
    "institution_named_after_a_person": institution_named_after_a_person,
    "no_capital_no_name": no_capital_no_name,
}

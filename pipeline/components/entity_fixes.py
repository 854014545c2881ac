"""Repairs on the statistical model's PER/LOC/ORG output, by general rules rather than lists of strings.

- nothing comes from metadata or boilerplate regions;
- MISC is not one of our labels;
- a title inside a name span is split off ("ministre de la Défense Serguei Shoigu" -> PER + title);
- a title just before a PER is recorded on it ("le maréchal Khalifa Haftar" -> title "maréchal");
- a PER/ORG/MISC that is a known place becomes LOC ("Benghazi", "Washington");
- a PER holding common lowercase words ("Puissance nucléaire") or a lone unknown capitalised word that
  no full name in the article explains ("Flintlock") is dropped; so are one-word verbs ("Laisser");
- demonyms ("les Algériens") and generic descriptions ("l'État turc", "le ministre de la Défense") are
  not entities; neither is a lone common noun the model capitalised ("l'Est", "État");
- a place loses a descriptive head ("base navale d'Abou Sitta" -> "Abou Sitta");
- a gazetteer name written all in lowercase ("les houthis") is a common noun there, unless it is a place;
- a seat of power named as a place ("reçu au Kremlin") is LOC; acting ("a indiqué le Kremlin") it stays ORG;
- the words of a quoted name ("un exercice baptisé « Bouclier du Golfe 2022 »") are not entities;
- a name defined with its acronym ("Forces de soutien rapide (FSR)") is an organisation, both forms, when
  the acronym spells the name's initials and nothing else tagged them.
"""
from __future__ import annotations

import csv
import io
import json
import re
from bisect import bisect_left
from pathlib import Path

import numpy as np
from spacy.attrs import LOWER

from spacy.language import Language
from spacy.tokens import Doc, Span
from unidecode import unidecode

from pipeline.components.assets import FileAssets
from pipeline.components.extensions import text_of
from pipeline.components.mentions import GazetteerLink
from pipeline.components.name_shapes import NAME_SHAPE_RULES, PREPOSITIONS
from pipeline.components.spans import token_texts
from pipeline.normalize.gazetteer import Gazetteer
from pipeline.text import in_regions

RULE_MADE = {"temporal", "money", "gazetteer"}
ACRONYM_DEFINITION = re.compile(
    r"(?P<full>[A-ZÀÂÉÈÊÎÔÛÇ][\w’'-]*(?:[ \u00a0]+[\w’'-]+){1,9}?)[ \u00a0]*\((?P<acr>[A-ZÀÂÉÈÊÎÔÛÇ][A-Z0-9ÀÂÉÈÊÎÔÛÇ&a-z-]{1,7})\)")
# «...» right after a naming word (entity_words_fr.json) is the name of an exercise, operation or plan.
INITIAL = re.compile(r"^[A-ZÀ-Ý]\.?(?:-[A-ZÀ-Ý]\.?)?$")
QUOTED = re.compile(r"«\s*(?P<name>[^»\n]{1,60}?)\s*»")
# "MOSCOU, 10 juillet. /TASS/." or "DAKAR, 3 mars (APS) -": the agency credited in a dateline
DATELINE_CREDIT = re.compile(
    r"(?m)^[A-ZÀ-ÖØ-Þ'’ -]{3,40},[^\n()/]{3,40}?[(/]\s*(?P<agency>[A-ZÀ-ÖØ-Þ][\w'’ .-]{1,30}?)\s*[)/]")


class EntityFixer(FileAssets):
    """Owns two word tables (titles_fr.csv, demonyms.csv) and reads the base model's lemmatizer
    tables for the common French words; both are loaded in `initialize` or `from_disk`, never when
    the factory builds the component (the lemmatizer's tables are not loaded yet then).

    Names and places are looked up in the pipeline's gazetteer, which press_mentions owns and loads
    after this component: `self.gazetteer_link` fetches it at the start of each Doc (GazetteerLink) and
    `self.gazetteer` holds it while the Doc is repaired."""

    asset_files = ("titles_fr.csv", "demonyms.csv", "entity_words_fr.json")

    def __init__(self, nlp: Language | None = None, window: int = 8, disabled_rules: list[str] | tuple[str, ...] = ()):
        super().__init__()
        self.window = window
        unknown = set(disabled_rules) - set(NAME_SHAPE_RULES)
        if unknown:
            raise ValueError(f"press_entity_fixes: unknown rules {sorted(unknown)}; known: {sorted(NAME_SHAPE_RULES)}")
        self.disabled_rules = frozenset(disabled_rules)
        self.nlp = nlp
        self.tokenizer = nlp.tokenizer if nlp is not None else None
        self._head_hashes = np.zeros(0, dtype="uint64")      # LOWER of the first token of every title
        self._single_head_hashes = np.zeros(0, dtype="uint64")  # titles of one token ("colonel")
        self._head_forms: dict[str, list[tuple[str, ...]]] = {}  # longer titles by first word ("capitaine de vaisseau")
        self._heads: list[int] = []  # token positions of title words in the current doc
        self.common_words: frozenset[str] = frozenset()
        self.common_folded: frozenset[str] = frozenset()  # the same without accents: "Etat" is "État" typed plainly
        self.words: dict[str, frozenset[str]] = {}
        self._naming_word_before: re.Pattern | None = None
        self.demonyms: frozenset[str] = frozenset()
        self.title_heads: list[str] = []
        self.complements: set[str] = set()
        self._head_pattern: re.Pattern | None = None
        self.gazetteer_link = GazetteerLink(nlp)
        self.gazetteer: Gazetteer | None = None  # the pipeline's, set at the start of each Doc

    # --- assets -----------------------------------------------------------------------------
    def initialize(self, get_examples=None, *, nlp: Language | None = None, titles_path: str = "",
                   demonyms_path: str = "", words_path: str = "") -> None:
        if nlp is not None:
            self.nlp, self.tokenizer = nlp, nlp.tokenizer
            self.gazetteer_link = GazetteerLink(nlp)
        self.load_files({"titles_fr.csv": titles_path, "demonyms.csv": demonyms_path, "entity_words_fr.json": words_path})

    def _build(self) -> None:
        words = json.loads(self.text("entity_words_fr.json"))
        self.words = {k: frozenset(v) for k, v in words.items() if not k.startswith("_") and k != "naming_word_patterns"}
        self.words.setdefault("generic_org_endings", frozenset())
        # «...» after one of these words or a vessel noun, up to three words and a comma between: "un exercice
        # aérien conjoint, « X »", "LE PATROUILLEUR « TOUSSAINT LOUVERTURE »" (a ship's name holds no place or date)
        self._naming_word_before = re.compile(
            rf"(?:{'|'.join(words['naming_word_patterns'] + [re.escape(v) for v in words.get('vessel_nouns', [])])})"
            rf"(?:\s+[a-zàâçéèêëîïôûù-]+){{0,3}}\s*[,:]?\s*$", re.IGNORECASE)  # also "le patrouilleur « X »"
        if self.nlp is not None:
            self.common_words = common_french_words(self.nlp)
            self.common_folded = frozenset(unidecode(w) for w in self.common_words if len(w) > 3)
            self.words["common_words"] = self.common_words
        self.demonyms = frozenset(row["form"].lower() for row in csv.DictReader(io.StringIO(self.text("demonyms.csv"))))
        self.words["demonyms"] = self.demonyms  # the name-shape rules read them with the word lists
        rows = list(csv.DictReader(io.StringIO(self.text("titles_fr.csv"))))
        self.title_heads = sorted({r["form"] for r in rows if r["kind"] == "head"}, key=len, reverse=True)
        if self.tokenizer is not None:
            tokenized = {h: [t.lower for t in self.tokenizer(h)] for h in self.title_heads}
            self._head_hashes = np.array(sorted({toks[0] for toks in tokenized.values()}), dtype="uint64")
            singles = [h for h, toks in tokenized.items() if len(toks) == 1 and h not in self.words["not_before_a_name"]]
            # "leurs ministres de la Défense, X et Y": a plural head names people too
            plurals = [self.tokenizer(h + "s")[0].lower for h in singles if not h.endswith(("s", "x"))]
            self._single_head_hashes = np.array(sorted({tokenized[h][0] for h in singles} | set(plurals)), dtype="uint64")
            # the longer forms a one-word head starts ("capitaine de vaisseau", "général de division"), longest first
            self._head_forms: dict[str, list[tuple[str, ...]]] = {}
            for h, toks in sorted(tokenized.items(), key=lambda kv: -len(kv[1])):
                if len(toks) > 1:
                    words = tuple(t.lower_ for t in self.tokenizer(h))
                    self._head_forms.setdefault(words[0], []).append(words)
        self.complements = {r["form"] for r in rows if r["kind"] == "complement"}
        self._title_forms = frozenset(self.title_heads)
        alternatives = "|".join(re.escape(h) for h in self.title_heads)
        self._head_pattern = re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)

    # --- rules ------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if self._head_pattern is None:
            self.require_ready("press_entity_fixes")
        self.gazetteer = self.gazetteer_link.get()
        text = text_of(doc)
        regions = list(doc._.skip_regions or [])
        if "«" in text:
            regions += [m.span("name") for m in QUOTED.finditer(text)
                        if self._naming_word_before.search(text, max(0, m.start() - 60), m.start())]
        lowers = doc.to_array(LOWER)
        self._heads = np.flatnonzero(np.isin(lowers, self._head_hashes)).tolist()
        single_heads = np.flatnonzero(np.isin(lowers, self._single_head_hashes)).tolist()
        full_names = {t.lower_ for ent in doc.ents if ent.label_ == "PER" and len(ent) > 1 for t in ent if t.is_title}
        fixed: list[Span] = []
        for ent in doc.ents:
            if in_regions(ent.start_char, ent.end_char, regions):
                continue
            if not (ent._.rule in RULE_MADE or ent.ent_id_) and ent.start > 0 \
                    and doc[ent.start - 1].lower_ in self.words["exercise_nouns"]:
                continue
            if ent._.rule in RULE_MADE or ent.ent_id_:
                if ent.ent_id_ and not ent._.rule:
                    ent._.rule = "gazetteer"
                repaired = self._with_title(doc, ent) if ent.label_ == "PER" else self._seat_as_place(doc, ent)
            else:
                repaired = self._repair(doc, ent, full_names)
            if repaired is not None:
                repaired = self._trimmed(doc, repaired)
            if repaired is not None:
                fixed.append(repaired)
        fixed = self._extended(doc, fixed)
        fixed = self._acronym_definitions(doc, text, fixed, regions)
        fixed = self._names_after_titles(doc, fixed, regions, single_heads)
        fixed = self._outlets_after_media_nouns(doc, fixed, regions)
        outside = {(e.start, e.end) for e in fixed}  # spans already known to lie outside the skipped regions
        for name, rule in NAME_SHAPE_RULES.items():
            if name not in self.disabled_rules:
                fixed = [e for e in rule(doc, fixed, self.words, self.gazetteer)
                         if (e.start, e.end) in outside or not in_regions(e.start_char, e.end_char, regions)]
                outside.update((e.start, e.end) for e in fixed)
        doc.ents = self._joined_names(doc, self._with_particles(doc, fixed))
        self._people_of = None  # the model's people were this doc's; the next doc reads its own
        return doc

    def _org_qualifier(self, doc: Doc, i: int) -> bool:
        """The lowercase word right after an organisation's name belongs to it: a nationality adjective
        after a name many states share ('Armée nationale' + 'somalienne', 'Forces armées' + 'qataries'; not
        'département d'État' + 'américain', a name of one state's body), or 'national(e)' after a
        ministry's domain ('Défense nationale')."""
        word = doc[i].lower_
        if not doc[i].is_lower or not doc[i].is_alpha:
            return False
        if word in ("national", "nationale") and doc[i - 1].is_title:
            return True
        if word in ("armées", "armée", "navales", "aériennes", "terrestres", "spéciales") \
                and doc[i - 1].lower_ in self.words["military_heads"]:
            return True  # "ministère des Forces" + "armées", "Forces" + "spéciales"
        if word in ("royales", "royale", "révolutionnaires", "populaires", "nationales") \
                and doc[i - 1].lower_ in ("armées", "armée", "navales", "aériennes", "forces"):
            return True  # "Forces armées" + "révolutionnaires"
        return word in self.demonyms and doc[i - 1].lower_ in self.words["generic_org_endings"]

    def _extended(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A gazetteer name cut short: 'Mahamat Déby' + 'Itno', 'Bamako' + '-Sénou'."""
        out: list[Span] = []
        for n, ent in enumerate(ents):
            limit = ents[n + 1].start if n + 1 < len(ents) else len(doc)
            floor = ents[n - 1].end if n else 0
            end, start = ent.end, ent.start
            if ent.label_ == "PER":
                # "son homologue Brahim Seid Mahadjir" tagged from "Seid": an unknown given name before it
                while start > floor and ent.end - start < 4 and doc[start - 1].is_title and doc[start - 1].is_alpha \
                        and doc[start - 1].whitespace_ and start >= 2 and doc[start - 2].is_lower \
                        and not self._is_common(doc[start - 1]) and doc[start - 1].lower_ not in self.words.get("civilities", ()) \
                        and not self.gazetteer.is_place_name(doc[start - 1].text) \
                        and not self._head_pattern.fullmatch(doc[start - 1].text):
                    start -= 1
                while end < limit and end - ent.end < 2 and doc[end].is_title and doc[end].is_alpha \
                        and (not self._is_common(doc[end]) or self._surname_not_word(doc[end])) \
                        and not doc[end - 1].whitespace_ == "" and \
                        doc[end - 1].text not in ",;:":
                    end += 1
                while end + 1 < limit and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                        and not doc[end].whitespace_ and doc[end + 1].is_alpha \
                        and (doc[end + 1].is_title or doc[end + 1].is_lower and len(doc[end + 1]) <= 5):
                    end += 2  # a hyphenated name the tokenizer split: 'Szalay' + '-Bobrovniczky', 'Won' + '-sik'
            elif ent.label_ == "LOC" and end + 1 < limit and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                    and not doc[end].whitespace_ and doc[end + 1].is_title:
                end += 2
            elif ent.label_ == "ORG":
                while end < limit and end - ent.end < 2 and doc[end - 1].whitespace_ and self._org_qualifier(doc, end):
                    end += 1  # "Marine nationale" + "sénégalaise", "ministère turc de la Défense" + "nationale"
            if end != ent.end or start != ent.start:
                span = Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_)
                span._.rule, span._.title = ent._.rule or "fix", ent._.title
                ent = span
            out.append(ent)
        return out

    LINKING_PARTICLES = frozenset({"da", "das", "do", "dos", "di", "del", "della", "de", "e", "y", "van", "von", "der", "den", "ter"})

    def _with_particles(self, doc: Doc, ents: list[Span]) -> list[Span]:
        """A person's name goes on through its particles ('Lula' + 'da Silva', 'Gouveia' + 'e Melo', 'dos
        Santos' rather than the Brazilian port) and a generational suffix ('Marcos Jr.')."""
        ents = sorted((self._person_before_particle(doc, e, ents) for e in ents), key=lambda e: e.start)
        out: list[Span] = []
        consumed: set[int] = set()
        for n, ent in enumerate(ents):
            if n in consumed:
                continue
            out.append(self._through_particles(doc, ent, ents, n, consumed) if ent.label_ == "PER" else ent)
        return out

    def _person_before_particle(self, doc: Doc, ent: Span, ents: list[Span]) -> Span:
        """'João Ernesto dos Santos' with 'Santos' matched as the Brazilian port, the given names left
        bare: a one-word place after 'dos'/'da' and unknown capitalised words is the end of a person's name."""
        k = ent.start - 1
        if ent.label_ not in ("LOC", "ORG") or len(ent) != 1 or k < 1:
            return ent
        if not (doc[k].lower_ in ("da", "das", "do", "dos") and doc[k].is_lower):
            k = ent.start  # "Thérèse Kayikwamba Wagner": two unknown given names before a gazetteer word
            if ent._.rule not in ("gazetteer", "") and not ent.ent_id_ or k < 2 or ent.label_ == "ORG" and not ent.ent_id_:
                return ent
        start = k
        while start > 0 and k - start < 3 and doc[start - 1].is_title and doc[start - 1].is_alpha \
                and not doc[start - 1].is_stop and not self._title_words_at([doc[start - 1]], 0) \
                and (not self._is_common(doc[start - 1]) or start < k) \
                and not self.gazetteer.is_place_name(doc[start - 1].text) \
                and not any(e.start <= start - 1 < e.end for e in ents):
            start -= 1  # the word next to the surname is no French word; a given name before it may be ("Thérèse")
        if start == k or k == ent.start and (k - start < 2 or any("\n" in t.whitespace_ for t in doc[start:k])):
            return ent
        span = Span(doc, start, ent.end, label="PER")
        span._.rule = "fix"
        return span

    def _through_particles(self, doc: Doc, ent: Span, ents: list[Span], n: int, consumed: set[int]) -> Span:
        end = ent.end
        # "Restrepo de la Hoz", "Eduardo de los Reyes": a two-word particle before a word that is no French word
        if len(ent) >= 2 and end + 2 < len(doc) and doc[end].lower_ == "de" and doc[end + 1].lower_ in ("la", "las", "los") \
                and doc[end + 2].is_title and doc[end + 2].is_alpha and not self._is_common(doc[end + 2]) \
                and not self.gazetteer.is_place_name(doc[end + 2].text):
            after = next((k for k in range(n + 1, len(ents)) if ents[k].start == end + 2), None)
            if after is None or (len(ents[after]) == 1 and ents[after].label_ in ("LOC", "PER")
                                 and not ents[after].ent_id_ and ents[after]._.rule in ("", "fix")):
                if after is not None:
                    consumed.add(after)  # the model's guess at the last word ("Vega" as a place)
                end += 3
        while end + 1 < len(doc) and doc[end].lower_ in self.LINKING_PARTICLES and doc[end].is_lower \
                and doc[end - 1].whitespace_ and doc[end].whitespace_ and doc[end + 1].is_title and doc[end + 1].is_alpha:
            nxt = next((k for k in range(n + 1, len(ents)) if ents[k].start == end + 1), None)
            if nxt is not None and (len(ents[nxt]) > 1 or ents[nxt].label_ not in ("LOC", "PER")):
                break
            if doc[end].lower_ == "de" and (nxt is not None and ents[nxt].label_ == "LOC"
                                            or self.gazetteer.is_place_name(doc[end + 1].text)):
                break  # "le général Diallo de Bamako": where he comes from
            stop = end + 2
            while stop < len(doc) and doc[stop].is_title and doc[stop].is_alpha and doc[stop - 1].whitespace_ \
                    and stop - end < 4 and not any(e.start == stop for e in ents):
                stop += 1
            if nxt is not None:
                consumed.add(nxt)  # "dos Santos": not the Brazilian port
            end = stop
        if end < len(doc) and doc[end].text in ("Jr", "Sr", "Jr.", "Sr.") and doc[end - 1].whitespace_ \
                and not any(e.start == end for e in ents):
            end += 1
        if doc[end - 1].text in ("Jr", "Sr") and end + 1 < len(doc) and doc[end].text == "." \
                and not doc[end - 1].whitespace_ and not doc[end + 1].is_title:
            end += 1  # "Marcos Jr." (not a sentence's full stop before a capital)
        if end == ent.end:
            return ent
        span = Span(doc, ent.start, end, label="PER", kb_id=ent.kb_id_, span_id=ent.id_)
        span._.rule, span._.title = ent._.rule or "fix", ent._.title
        return span

    @staticmethod
    def _joined_names(doc: Doc, ents: list[Span]) -> list[Span]:
        """'Iounus-Bek' + 'Yevkurov': two person names back to back with only a space between are one name
        cut in two (an unknown transliteration of the first name, a gazetteer match on the surname)."""
        out: list[Span] = []
        for ent in ents:
            prev = out[-1] if out else None
            if prev is not None and prev.label_ == ent.label_ == "PER" and prev.end == ent.start \
                    and doc[prev.end - 1].whitespace_ and doc[prev.end - 1].text not in ",;:" and len(prev) <= 3:
                kb = ent.kb_id_ or prev.kb_id_
                span = Span(doc, prev.start, ent.end, label="PER", kb_id=kb, span_id=ent.id_ or prev.id_)
                span._.rule, span._.title = ent._.rule or prev._.rule or "fix", prev._.title or ent._.title
                out[-1] = span
            else:
                out.append(ent)
        return out

    def _names_after_titles(self, doc: Doc, ents: list[Span], regions, single_heads: list[int]) -> list[Span]:
        """'le colonel Abdoulaye Maïga': capitalised words right after a title are a person the model missed."""
        if not single_heads:
            return ents
        taken = {i for e in ents for i in range(e.start, e.end)}
        added: list[Span] = []
        for position in single_heads:
            head = doc[position: position + 1]
            for form in self._head_forms.get(doc[position].lower_, ()):
                if tuple(t.lower_ for t in doc[position: position + len(form)]) == form:
                    head = doc[position: position + len(form)]  # "le capitaine de corvette X": the whole grade
                    break
            j = head.end
            if j < len(doc) and doc[j].lower_ in self.demonyms:
                j += 1
            if j < len(doc) and doc[j].lower_ in {"de", "du", "des", "d'", "d’"}:
                # "le ministre de la Défense X", "le ministre des Affaires étrangères X": skip the office
                m = j
                while m < len(doc) and m - j < 5 and (doc[m].lower_ in self.words["link_words"] or doc[m].lower_ in self.complements):
                    m += 1
                if m > j + 1 and doc[m - 1].lower_ in self.complements:
                    j = m
                    if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].is_title:
                        j += 1  # "le ministre ouzbek de la Défense, X": the name in apposition
            k = j
            while k < len(doc) and k - j < 4 and k not in taken and (
                    (doc[k].is_title or doc[k].is_upper) and doc[k].is_alpha or doc[k].lower_ in self.words["name_particles"]
                    and k > j or doc[k].text == "-" and k > j):
                k += 1
            while k > j and (doc[k - 1].lower_ in self.words["name_particles"] or doc[k - 1].text == "-"):
                k -= 1
            name = doc[j:k]
            if len(name) and not (len(name) == 1 and self._is_common(name[0])) and not any(
                    t.lower_ in self.complements for t in name) and not in_regions(name.start_char, name.end_char, regions) \
                    and not self.gazetteer.is_place_name(name.text) and not self.gazetteer.lookup_org(name.text):
                span = Span(doc, j, k, label="PER")
                span._.rule = "title"
                span._.title = head.text
                added.append(span)
                taken.update(range(j, k))
        return sorted(ents + added, key=lambda e: e.start) if added else ents

    def _outlets_after_media_nouns(self, doc: Doc, ents: list[Span], regions) -> list[Span]:
        """'le quotidien La Presse', 'l'agence TASS', 'la chaîne Télé Sahel': the capitalised name right after
        a media noun is a news outlet, an organisation, whatever the model made of it (or missed)."""
        media = self.words.get("media_nouns", frozenset())
        out = list(ents)
        for m in DATELINE_CREDIT.finditer(text_of(doc)):
            span = doc.char_span(*m.span("agency"), label="ORG")
            if span is None or in_regions(span.start_char, span.end_char, regions):
                continue
            overlapping = [e for e in out if e.start < span.end and span.start < e.end]
            if all(e.label_ != "ORG" and e.start >= span.start and e.end <= span.end for e in overlapping):
                span._.rule = "outlet"
                out = [e for e in out if e not in overlapping] + [span]
        between = {"d'", "d’", "état", "publique", "nationale", "national", "officielle", "officiel", "privée", "privé",
                   "de", "presse"}
        lowers = token_texts(doc)[1]
        for n in [n for n, low in enumerate(lowers[:-1]) if low in media]:  # no Token object for the other words
            i = n  # "la télévision d'État Télé Sahel", "l'agence de presse officielle APS": skip the description
            while i + 1 < len(doc) and i - n < 3 and (doc[i + 1].lower_ in between or doc[i + 1].lower_ in self.demonyms):
                i += 1
            if i + 1 >= len(doc) or not (doc[i + 1].is_title or doc[i + 1].is_upper) or not doc[i + 1].is_alpha:
                continue
            k = i + 1
            while k < len(doc) and k - i <= 4 and (doc[k].is_title or doc[k].is_upper) and (doc[k].is_alpha or doc[k].text == "-"):
                k += 1
            if in_regions(doc[i + 1].idx, doc[k - 1].idx + len(doc[k - 1]), regions):
                continue
            overlapping = [e for e in out if e.start < k and i + 1 < e.end]
            if any(e.label_ in ("PER", "ORG") or e.start < i + 1 or e.end > k for e in overlapping):
                continue  # a person or organisation already, or a longer name: leave it
            name_text = doc[i + 1:k].text
            if self.gazetteer.lookup_place(name_text) and not overlapping:
                continue  # "le site Agadez"? a known place named on its own stays unannotated here
            span = Span(doc, i + 1, k, label="ORG")
            span._.rule = "outlet"
            out = [e for e in out if e not in overlapping] + [span]
        return sorted(out, key=lambda e: e.start)

    def _acronym_definitions(self, doc: Doc, text: str, ents: list[Span], regions) -> list[Span]:
        """'Alliance des États du Sahel (AES)': the acronym spells the initials of the name before it."""
        if "(" not in text:
            return ents
        added: list[Span] = []
        defined: dict[str, str] = {}
        for m in ACRONYM_DEFINITION.finditer(text):
            acronym = m.group("acr")
            letters = [ch for ch in acronym if ch.isupper()]
            words = re.findall(r"[\w]+", m.group("full"))
            # the shortest tail of the words whose content initials spell the acronym
            for start in range(len(words) - 1, -1, -1):
                initials = [w[0].upper() for w in words[start:] if w.lower() not in self.words["link_words"]]
                if initials == letters:
                    break
            else:
                continue
            if not words[start][0].isupper():
                continue
            full_start = m.start("full") + m.group("full").rfind(words[start], 0, len(m.group("full")) - sum(
                len(w) for w in words[start + 1:]))
            pieces = [(full_start, m.end("full"), "full"), (m.start("acr"), m.end("acr"), "acr")]
            spans = []
            for begin, end, _ in pieces:
                span = doc.char_span(begin, end, label="ORG", alignment_mode="contract")
                if span is None or in_regions(begin, end, regions):
                    break
                spans.append(span)
            else:
                label = "LOC" if self.gazetteer.is_place_name(spans[0].text) else "ORG"
                for span, (_, _, piece) in zip(spans, pieces):
                    crossing = [e for e in ents + added if e.start < span.end and span.start < e.end
                                and not (span.start <= e.start and e.end <= span.end)]
                    inside = [e for e in ents + added if span.start <= e.start and e.end <= span.end]
                    if crossing or inside and (piece == "acr" or any(len(e) == len(span) for e in inside)):
                        continue
                    # "Forces armées de Côte d'Ivoire (FACI)": the defined name, not the place inside it
                    ents = [e for e in ents if e not in inside]
                    added = [e for e in added if e not in inside]
                    new = Span(doc, span.start, span.end, label=label)
                    new._.rule = "acronym"
                    added.append(new)
                defined[acronym] = label
        for acronym, label in defined.items():  # the acronym's later uses
            for m in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
                span = doc.char_span(m.start(), m.end(), label=label)
                if span is not None and not in_regions(m.start(), m.end(), regions) and not any(
                        e.start < span.end and span.start < e.end for e in ents + added):
                    span._.rule = "acronym"
                    added.append(span)
        return sorted(ents + added, key=lambda e: e.start) if added else ents

    def _is_common(self, token) -> bool:
        lower = token.lower_
        return lower in self.common_words or lower in self.demonyms or lower in self.common_folded or (
            token.lemma_.lower() in self.common_words and token.lemma_.lower() != lower)

    def _generic(self, ent: Span) -> bool:
        """Demonyms and common-noun descriptions the model capitalised: 'Algériens', 'État turc', 'Est'."""
        words = [t for t in ent if not t.is_space and t.lower_ not in self.words["articles_before_seat"]]
        if not words or ent.text.strip().lower() in self.demonyms:
            return True
        if len(words) == 1:
            return self._is_common(words[0])
        if len(words) == 2 and words[1].lower_ in self.demonyms and self._is_common(words[0]):
            return True
        return self._head_pattern is not None and bool(self._head_pattern.match(ent.text)) and not any(
            t.is_title and t.lower_ not in self.complements and not self._is_common(t) for t in ent[1:])

    def _trimmed(self, doc: Doc, ent: Span) -> Span | None:
        """Whitespace at the edges, descriptive heads of places, lowercase gazetteer hits."""
        surface = ent.text
        if not surface[:1].isspace() and not surface[-1:].isspace() and (
                ent.label_ == "LOC" and not surface[:1].islower()
                or ent.label_ in ("ORG", "PER") and (len(ent) > 1 or surface[:1].isupper())
                or ent.label_ in ("DATE", "MONEY")):
            return ent  # nothing to trim, decided on the string alone
        start, end = ent.start, ent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start == end:
            return None
        if ent.label_ == "LOC" and doc[start].lower_ in self.words.get("named_site_nouns", ()) and doc[start].is_lower \
                and start + 1 < end and doc[start + 1].is_title:
            start += 1  # "aéroport Modibo Kéita": the site's name, without its noun (GUIDELINES LOC)
        elif ent.label_ == "LOC" and doc[start].is_lower and doc[start].is_alpha:
            for i in range(start, end - 1):
                if doc[i].lower_ in ("de", "d'", "d’", "du", "des") and doc[i + 1].is_title:
                    start = i + 1
                    break
        if ent.label_ in ("ORG", "PER") and end - start == 1 and not doc[start].text[:1].isupper():
            return None
        if (start, end) == (ent.start, ent.end):
            return ent
        span = Span(doc, start, end, label=ent.label_, kb_id=ent.kb_id_, span_id=ent.id_)
        span._.rule = ent._.rule or "fix"
        span._.title = ent._.title
        return span

    def _seat_as_place(self, doc: Doc, ent: Span) -> Span:
        """'reçu au Kremlin', 'à l'Élysée': the building, so LOC (DESIGN.md guidelines)."""
        if ent.label_ != "ORG" or ent.start == 0:
            return ent
        before = doc[ent.start - 1]
        if before.lower_ in self.words["articles_before_seat"] and ent.start > 1:
            before = doc[ent.start - 2]
        if before.lower_ in self.words["place_prepositions"]:
            known = self.gazetteer.lookup_org(ent.text)
            if known is not None and known.note in self.words["seat_kinds"] and len(ent) <= 2:
                span = Span(doc, ent.start, ent.end, label="LOC", span_id=ent.id_)
                span._.rule = "fix"
                return span
        return ent

    def _repair(self, doc: Doc, ent: Span, full_names: set[str]) -> Span | None:
        k = ent.start
        while k < ent.end - 1 and doc[k].is_lower and doc[k].lower_ in PREPOSITIONS | {"la", "l'", "l’", "le", "les"}:
            k += 1  # "de la Défense" the model made a place: the name, if any, starts after the function words
        if k > ent.start:
            ent = Span(doc, k, ent.end, label=ent.label_)
        text = ent.text
        if self.gazetteer.is_place_name(text) and ent.label_ in ("PER", "ORG", "MISC"):
            return self._relabel(doc, ent, "LOC")
        if ent.label_ in ("ORG", "MISC") and self.gazetteer.lookup_org(text):
            return self._relabel(doc, ent, "ORG")
        split = self._split_title(doc, ent)
        if split is not None:
            return split
        if ent.label_ == "MISC" and not self._set_after_a_title(doc, ent) or self._generic(ent):
            return None
        if ent.label_ in ("LOC", "ORG", "MISC") and len(ent) >= 2 and all(t.is_title for t in ent if t.is_alpha) \
                and not self.gazetteer.lookup_place(text) and not self.gazetteer.lookup_org(text) \
                and doc[ent.start - 1].text == "," and self._title_before(doc, ent):
            # "La ministre espagnole de la Défense, Margarita Robles, a ...": a name set after a person's title
            return self._with_title(doc, self._relabel(doc, ent, "PER"))
        if len(ent) == 1 and (ent[0].pos_ in ("VERB", "AUX") or ent[0].is_stop):
            return None
        if ent.label_ == "PER" and all(INITIAL.match(t.text) or t.is_punct for t in ent):
            return None  # "J. C. :", "H. Y." in an interview: a speaker's initials, nobody's name
        if ent.label_ == "PER":
            if any(t.is_lower and t.lower_ not in self.words["name_particles"] and t.is_alpha
                   and not _hyphen_joined(doc, t.i) for t in ent):
                return None  # a lowercase word is no part of a name, but "Sung-min", "Won-sik" are
            n_title = self._title_words_at(list(ent), 0)
            if n_title == len(ent) or ent[0].text.startswith("-"):
                return None  # "Général de Corps d'Armée", "-Major": a title or a fragment, nobody's name
            if n_title and ent[n_title].lower_ in PREPOSITIONS | {"la", "l'", "l’"}:
                return None  # "Président du Faso", "Président de la République": an office
            if len(ent) == 1 and not self._lone_name_is_explained(doc, ent, full_names) \
                    and not self._surname_follows(doc, ent):
                return None
            return self._with_title(doc, ent)
        return ent

    def _surname_follows(self, doc: Doc, ent: Span) -> bool:
        """'Nangolo' + 'Mbumba' the model left out: an unknown capitalised word right after, on the same line,
        makes a lone given name a full name (`_extended` then takes it in)."""
        nxt = doc[ent.end] if ent.end < len(doc) else None
        return nxt is not None and ent[-1].whitespace_ == " " and nxt.is_title and nxt.is_alpha and len(nxt) > 2 \
            and not nxt.ent_type_ and not self._is_common(nxt) and not self.gazetteer.is_place_name(nxt.text)

    def _set_after_a_title(self, doc: Doc, ent: Span) -> bool:
        """'le ministre mauricien de la Défense, Devanand Ramjuttun,': capitalised words set after a person's title."""
        return len(ent) >= 2 and ent.start > 0 and doc[ent.start - 1].text == "," \
            and all(t.is_title for t in ent if t.is_alpha) and bool(self._title_before(doc, ent))

    def _relabel(self, doc: Doc, ent: Span, label: str) -> Span:
        span = Span(doc, ent.start, ent.end, label=label)
        span._.rule = "fix"
        return span

    def _split_title(self, doc: Doc, ent: Span) -> Span | None:
        """Title words followed by a name inside one span: keep the name as PER, the rest as its title.

        Official prose capitalises titles ('le Général de Division X', 'Madame X', 'SEM X'), so capitalised
        words at the front are title words when the title list says so, whatever their case."""
        if ent.label_ not in ("PER", "ORG", "MISC", "LOC") or self._head_pattern is None:
            return None
        tokens = list(ent)
        start = len(tokens)
        while start > 0 and self._name_like(tokens[start - 1]):
            start -= 1
        start = self._after_title_words(tokens, start)
        while start < len(tokens) and tokens[start].lower_ in self.complements:
            start += 1
        if start == 0 or start >= len(tokens) or not any(t.is_title for t in tokens[start:]):
            return None
        if tokens[start - 1].lower_ in ("la", "le", "les", "l'", "l’"):
            return None  # "Commandant la Zone Sud": the name after a determiner is what the person commands
        first = tokens[start]
        if not (first.is_title or first.is_upper or first.lower_ in self.words["name_particles"] - PREPOSITIONS) \
                or not first.is_alpha or not tokens[start - 1].whitespace_:
            return None  # "Président du Faso", "Roi-Khaled", "Général-Major" alone: no name after the title
        if len(tokens) - start == 1 and self._is_common(first):
            return None  # "Chef Suprême"
        k = ent.start - 1
        while k > 0 and ent.start - k <= 3 and (doc[k].is_lower and doc[k].pos_ == "ADJ" or doc[k].text in {"«", '"', "“"}):
            k -= 1  # "la frégate russe « Amiral Kasatonov »"
        if k >= 0 and doc[k].lower_ in self.words["arms_nouns"]:
            return None  # "la frégate Amiral Kasatonov": a ship named after a person (weapon_names drops it)
        name = doc[ent.start + start: ent.end]
        prefix = doc[ent.start: ent.start + start].text
        titled = bool(self._head_pattern.search(prefix))
        if not titled and not all(t.lower_ in self.complements or t.lower_ in self.words["civilities"]
                                  for t in doc[ent.start: ent.start + start] if t.is_alpha):
            return None
        if not titled and not self._title_before(doc, ent):
            return None  # "Défense Gilberto Teodoro" only after "le ministre de la"
        if ent.label_ == "LOC" and (self.gazetteer.is_place_name(name.text) or len(name) < 2 and not titled):
            return None
        after_titles = self._after_title_words(tokens, 0)
        if any(t.lower_ in self.words["military_heads"] or t.lower_ in self.words["institution_heads"]
               for t in tokens[after_titles:]):
            return None  # "Inspecteur Général des Forces Armées Royales": an office, not a person
        span = Span(doc, ent.start + start, ent.end, label="PER")
        span._.title = self._clean_title(prefix) if titled else self._title_before(doc, ent)
        span._.rule = "title"
        return span

    def _after_title_words(self, tokens: list, start: int) -> int:
        """Index after the title words that open a name-like run ('Général de Division', 'Général-Major',
        'Madame', 'Son Excellence Monsieur'), or `start` when there are none."""
        k, lowers = start, [t.lower_ for t in tokens]
        while k < len(tokens):
            step = self._title_words_at(tokens, k, lowers)
            if not step:
                break
            k += step
        return k if k < len(tokens) else start

    def _title_words_at(self, tokens: list, k: int, lowers: list[str] | None = None) -> int:
        lowers = lowers if lowers is not None else [t.lower_ for t in tokens]
        for n in range(min(6, len(tokens) - k), 0, -1):
            words = lowers[k:k + n]
            if " ".join(words).replace(" - ", "-").replace(" -", "-").replace("' ", "'") in self._title_forms:
                return n
        if lowers[k] in self.words["civilities"]:
            return 1
        if lowers[k].startswith("-") and lowers[k][1:] in self._title_forms | {"major"}:
            return 1  # "Général" + "-Major"
        if lowers[k] == "-" and k + 1 < len(tokens) and lowers[k + 1] in self._title_forms | {"major"}:
            return 2
        return 0

    def _with_title(self, doc: Doc, ent: Span) -> Span:
        """Record the title that introduces a name: 'le vice-ministre Iounus-Bek Ievkourov'."""
        if not ent._.title:
            title = self._title_before(doc, ent)
            if title:
                ent._.title = title
        return ent

    def _title_before(self, doc: Doc, ent: Span) -> str:
        """The title that introduces a name, if one does ('le vice-ministre Iounus-Bek Ievkourov'); never
        across another person ('le colonel Amadou Diallo et Moussa Koné': Koné has no title here)."""
        if self._head_pattern is None:
            return ""
        nearest = bisect_left(self._heads, ent.start) - 1
        if nearest < 0 or self._heads[nearest] < ent.start - self.window:
            return ""  # no title word just before: the common case, decided without looking at tokens
        sent_start = ent.sent.start if doc.has_annotation("SENT_START") else 0
        start = max(sent_start, ent.start - self.window)
        verbs = [t.i for t in doc[start: ent.start] if t.pos_ in ("VERB", "AUX")]
        left = doc[(verbs[-1] + 1 if verbs else start): ent.start]
        matches = list(self._head_pattern.finditer(left.text))
        if not matches:
            return ""
        title = left.text[matches[-1].start():]
        title_start = left.start_char + matches[-1].start()
        if any(ch in title for ch in ".;:()«»\""):
            return ""
        if any(title_start <= start_char and end <= ent.start for start_char, end in self._model_people(doc)):
            return ""
        return self._clean_title(title)

    def _model_people(self, doc: Doc) -> list[tuple[int, int]]:
        """(start_char, end token) of the model's PER entities, read once per doc (doc.ents builds Spans anew
        on each access, and this is asked for every entity)."""
        if getattr(self, "_people_of", None) is None or self._people_of[0] is not doc:
            self._people_of = (doc, [(e.start_char, e.end) for e in doc.ents if e.label_ == "PER"
                                     and e[0].text[:1].isupper()])  # not "mauricien de la Défense": no person
        return self._people_of[1]

    def _lone_name_is_explained(self, doc: Doc, ent: Span, full_names: set[str]) -> bool:
        """A single capitalised word is a person if a full name in the article, the gazetteer or a title says so."""
        token = ent[0]
        if token.lower_ in full_names or self.gazetteer.lookup_person(ent.text):
            return True
        following = doc[ent.end: ent.end + 3]
        if len(following) >= 2 and following[0].lower_ == "et" and following[1].ent_type_ == "PER":
            return True  # "Saddam et Khalid Haftar"
        if ent.start >= 2 and doc[ent.start - 1].lower_ in ("et", ","):
            before = next((e for e in doc.ents if e.end == ent.start - 1 and e.label_ == "PER"), None)
            if before is not None and (before._.title or self.gazetteer.lookup_person(before.text)):
                return True  # "ses fils Saddam et Khaled": coordinated with a titled or known person
        self._with_title(doc, ent)
        return bool(ent._.title)

    def _surname_not_word(self, token) -> bool:
        """'Ferrer', 'Marin', 'Leroy' after a given name: a capitalised word the tagger reads as a proper noun
        is a surname even when French also has it as a common word (not a title or an office)."""
        after_a_word = token.i > 0 and token.doc[token.i - 1].is_alpha and "\n" not in token.doc[token.i - 1].whitespace_
        return token.pos_ == "PROPN" and after_a_word and token.lower_ not in self._title_forms \
            and token.lower_ not in self.complements and token.lower_ not in self.words["civilities"]

    def _name_like(self, token) -> bool:
        return token.is_title or token.is_upper or token.lower_ in self.words["name_particles"] or token.text in ("-", "'")

    @staticmethod
    def _clean_title(text: str) -> str:
        text = re.sub(r"^(?:le|la|les|l'|l’|du|de la|des|au|aux|son|sa|ses)\s*", "", text.strip(" ,"), flags=re.IGNORECASE)
        return text.strip(" ,")


def _hyphen_joined(doc: Doc, i: int) -> bool:
    """'Sung-min': token i follows a hyphen glued to the word before (a hyphenated given name)."""
    return i >= 2 and doc[i - 1].text in ("-", "‑") and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_ \
        and doc[i - 2].is_title


@Language.factory("press_entity_fixes", default_config={"window": 8, "disabled_rules": []})
def make_entity_fixer(nlp: Language, name: str, window: int, disabled_rules: list[str]) -> EntityFixer:
    return EntityFixer(nlp, window=window, disabled_rules=disabled_rules)


def common_french_words(nlp: Language) -> frozenset[str]:
    """Every word form the model's lemmatizer tables know: the French vocabulary, not names."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = nlp.get_pipe("lemmatizer").lookups
    strings = nlp.vocab.strings
    words = {strings[key].lower() for key in lookups.get_table("lemma_lookup").keys() if key in strings}
    index = lookups.get_table("lemma_index")
    for pos in index.keys():
        words.update(w.lower() for w in index[pos])
    return frozenset(words)

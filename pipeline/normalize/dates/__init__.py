"""French temporal tagger and normalizer (pure Python, no spaCy).

Why a grammar and not dateparser: dateparser finds dates in "sa" or "48 h à";
press needs spans that follow our guidelines and values anchored on the
publication date.  The tagger works in three passes over an accent- and
case-folded copy of the text (same length, so offsets stay valid):

1. *atoms* (`atoms`, `atoms_time`, `scan`): compiled regular expressions find the
   smallest temporal units (day-month-year, weekday, month, year, relative words,
   periods, times of day, parts of day ...), each parsed into a small unresolved
   spec; a prefilter derived from the patterns themselves tries each atom only
   where its matches can start;
2. *composition* (`composition`): adjacent atoms are merged by the grammar of French
   dates (date + time, time + part of day, "du X au Y", "les 27 et 28 novembre",
   "la veille de X", "début octobre" ...);
3. *resolution* (`resolution`): each expression is resolved against the anchor
   (publication date) into an ISO 8601 value at its own precision (DESIGN.md normal forms).

Relative expressions, the convention (DESIGN.md normal forms):

- deictic words count from the publication date (the anchor): "hier", "demain", "il y a deux
  semaines", "dans trois mois" (and "d'ici trois mois"), "la semaine prochaine", "le mois d'après",
  "le mois en cours";
- an ordinal unit of a calendar period counts inside it: "le dernier jour de février 2024", "la première
  semaine du mois prochain", "le deuxième week-end de mai"; a week belongs to the month or year that holds
  its Thursday (as ISO 8601 counts the weeks of a year), a weekend to the one that holds its Saturday;
- narrative words count from the day the story last named (a day-grain date earlier in the same
  text), else from the anchor: "la veille", "le lendemain", "l'avant-veille", "le jour
  précédent/suivant/d'après/d'avant", and the offsets "deux jours plus tard", "une semaine plus
  tôt", "deux mois auparavant", "trois semaines après," / "dix jours avant," (lexicon:
  ``relative_offset_*``, ``narrative_relative_days``);
- an offset keeps the precision of its unit (DESIGN.md: the precision of the expression, as the gold
  annotators write it): days and weeks give a day, months a month ("dans deux mois" = `2025-07`),
  years a year ("il y a dix ans" = `2015`); `finest` keeps the day plain arithmetic gives (n calendar
  months, the day of month clamped to the month's end), which suites of exact days compare; "quinze
  jours" in words is a fortnight (14 days) and "huit jours" a week, digits keep their value;
- narrative sequels ("le lundi suivant", "la semaine d'après", "le mois précédent", "l'année suivante")
  and month or year offsets ("deux mois plus tard") count from the period the story last named;
  "prochain"/"dernier" stay deictic (from the publication);
- "après"/"avant" count only at the end of a clause: "une semaine après la visite" is no date;
  before a day they shift it ("deux jours avant le 14 juillet" = 12 July);
- "mardi en huit", "demain en quinze": the day named (a weekday: the next one on or after the
  anchor) plus 7 or 14 days;
- year-less dates ("le 14/07", "12 fév.") take the year the `prefer` rule picks around the anchor;
  a weekday with them ("lun. 14/07", "vendredi 15") prefers a year (month) where that date falls on
  that weekday, the nearest one to the anchor for a bare day number.

The French words live in a lexicon (by default ``models/lexicon/temporal_fr.json``,
read by `lexicon`); `grammar.DateGrammar` holds everything compiled from one lexicon.
The public functions take ``grammar=`` (a `load_grammar(path_or_dict)`); without it they
use `default_grammar()`, built once on first use.  `tagger` chains the passes.
"""
from pipeline.normalize.dates.grammar import DEFAULT_LEXICON_PATH, DateGrammar, default_grammar, load_grammar
from pipeline.normalize.dates.lexicon import Lexicon, fold, load_lexicon
from pipeline.normalize.dates.specs import TemporalMatch
from pipeline.normalize.dates.tagger import find_dates, introduces_target, names_a_month, normalize_date

__all__ = [
    "DEFAULT_LEXICON_PATH",
    "DateGrammar",
    "Lexicon",
    "TemporalMatch",
    "default_grammar",
    "find_dates",
    "fold",
    "introduces_target",
    "load_grammar",
    "load_lexicon",
    "names_a_month",
    "normalize_date",
]

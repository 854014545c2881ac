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

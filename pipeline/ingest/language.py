"""Which language an article is written in, offline (py3langid: a maintained fork of langid.py whose
model ships inside the package; no download, a few milliseconds per article).

The pipeline is French: an English dispatch would come out as nonsense ("$2 billion" read the French
way, "Libyan" as a place). A French article often quotes another language, so quotations are left out
before deciding, and an article is only called foreign when the model is sure of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# «...», “...” and "..." quotations: the speaker's language, not the article's
QUOTATION = re.compile(r"«[^»]{0,2000}»|“[^”]{0,2000}”|\"[^\"\n]{0,2000}\"")
MIN_LETTERS = 40        # below this, the model's guess is noise: the article is taken as French
MIN_CONFIDENCE = 0.90   # a foreign language must be this sure to skip an article


@dataclass(frozen=True)
class LanguageGuess:
    language: str       # ISO 639 code, or "" when the text is too short to tell
    confidence: float

    @property
    def is_french(self) -> bool:
        return self.language in ("", "fr") or self.confidence < MIN_CONFIDENCE


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> LanguageGuess:
    """The language of the article's own prose (quotations left out)."""
    prose = QUOTATION.sub(" ", text)
    if sum(c.isalpha() for c in prose) < MIN_LETTERS:
        return LanguageGuess("", 0.0)
    language, confidence = _identifier().classify(prose)
    return LanguageGuess(language, float(confidence))

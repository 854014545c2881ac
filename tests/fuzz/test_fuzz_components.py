"""Property-based fuzzing of the spaCy components through the real pipeline (fr_core_news_md, loaded once).

`press.process([Article(...)])` never lets an exception out; each article comes back either as a result
whose mentions lie inside the text (text[start:end] == mention.text, a known label, a DATE norm that is ''
or ISO 8601, finite non-negative amounts) or as a failure record with a reason.
"""
from __future__ import annotations

import math
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_strategies import french_text, is_iso_date_value, scaled
from pipeline.records import LABELS, Article

article_text = st.one_of(
    french_text,
    st.lists(french_text, min_size=1, max_size=4).map("\n\n".join),
    st.text(min_size=1, max_size=200),
)


@settings(max_examples=scaled(25))
@given(text=article_text, published=st.none() | st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_process_any_article(press, text, published):
    article = Article(id="fuzz", text=text, published=published, published_source="field" if published else "unknown")
    results = list(press.process([article]))
    assert len(results) == 1
    (res,) = results
    if res.failure is not None:
        assert res.failure.error.strip(), res.failure
        return
    for m in res.mentions:
        assert 0 <= m.start < m.end <= len(text), (m.start, m.end, len(text))
        assert text[m.start:m.end] == m.text, m
        assert m.label in LABELS, m.label
        if m.label == "DATE":
            assert is_iso_date_value(m.norm), m.norm
            if m.date_start and m.date_end:
                assert m.date_start <= m.date_end, m
        for x in (m.amount, m.amount_max):
            assert x is None or (math.isfinite(x) and x >= 0), m

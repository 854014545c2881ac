"""Regressions found by tests/fuzz: values beyond what `datetime.date` or a float can hold are no crash;
an unresolved date keeps a documented grain.

A publication date at the calendar's edge (exports write 9999-12-31 or 0001-01-01 for "unknown") made
date arithmetic overflow; a number of hundreds of digits made an infinite amount.
"""
from __future__ import annotations

import math

import pytest

from pipeline.normalize.dates import find_dates
from pipeline.normalize.money import find_money


@pytest.mark.parametrize("text, anchor, span", [
    ("Le lendemain, le convoi repart vers le sud.", "9999-12-31", "lendemain"),
    ("La délégation est arrivée hier soir.", "0001-01-01", "hier soir"),
    ("Une réponse est attendue dans 48 heures.", "9999-12-31", "dans 48 heures"),
    ("Il y a trois ans, le port était fermé.", "0001-06-01", "Il y a trois ans"),
])
def test_relative_date_beyond_the_calendar_is_unresolved(text, anchor, span):
    found = find_dates(text, anchor=anchor)
    assert [m.text for m in found] == [span]
    assert found[0].value == "" and found[0].date_start is None


def test_relative_date_near_the_edge_still_resolves():
    found = find_dates("Le surlendemain du sommet, deux jours plus tard.", anchor="9999-12-20")
    assert [m.value for m in found if m.value] and all(m.value.startswith("9999-12-2") for m in found if m.value)


def test_amount_too_large_for_a_float_is_no_mention():
    text = "Le devis affichait " + "9" * 330 + " euros, puis 12 millions de dollars."
    found = find_money(text)
    assert [m.text for m in found] == ["12 millions de dollars"]
    assert all(math.isfinite(m.amount) for m in found)


@pytest.mark.parametrize("text", ["Ils se sont vus la veille du vendredi.", "Départ le lendemain de mardi."])
def test_unresolved_shift_keeps_a_documented_grain(text):
    """Without a publication date 'la veille de X' is unresolved, and its grain is still 'day' (not 'shift')."""
    (m,) = find_dates(text)
    assert m.value == "" and m.grain == "day"

"""timeline.html: a standalone page with an inline SVG, a legend, a table, and escaped article text."""
from __future__ import annotations

import re

from pipeline.events import write_timeline
from pipeline.records import Event


def events():
    return [
        Event(event_id="e1", article_id="a<1>", type="VISIT", date="2024-05-13", date_start="2024-05-13",
              date_end="2024-05-13", location="Ankara", country="TR", participants=["Khalifa Haftar"],
              initiator="Khalifa Haftar", trigger="reçu", evidence='Il a été reçu à <script>alert("x")</script> Ankara.',
              sentence_start=0, sentence_end=10, confidence=0.8),
        Event(event_id="e2", article_id="a2", type="EXERCISE", date="2026-04", date_start="2026-04-01",
              date_end="2026-04-30", location="Syrte", country="LY", participants=["États-Unis", "Libye"],
              trigger="exercice", evidence="Un exercice & des manœuvres.", sentence_start=0, sentence_end=5,
              planned=True, confidence=0.9),
        Event(event_id="e3", article_id="a3", type="AGREEMENT", participants=["Libye"], trigger="accord",
              evidence="Un accord sans date.", sentence_start=0, sentence_end=5, amount=4e9, currency="USD"),
    ]


def test_page_is_standalone_and_complete(tmp_path):
    path = write_timeline(events(), tmp_path / "reports" / "timeline.html")
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and "</svg>" in html
    assert "<script" not in html.lower()            # no script at all, hence no CDN
    assert not re.search(r'(src|href)="https?://', html)
    assert "<title>" in html                          # page title and hover titles
    for label in ("Visite", "Exercice", "Accord", "prévu"):
        assert label in html                          # legend
    assert "Turquie" in html and "Libye" in html      # one row per country
    assert html.count("<tr>") == 4                    # header + 3 events
    assert "4 000 000 000 USD" in html
    assert "sans date" in html and "Date inconnue" in html  # undated events: a lane of their own


def test_article_strings_are_escaped(tmp_path):
    html = write_timeline(events(), tmp_path / "t.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html
    assert "a&lt;1&gt;" in html
    assert "&amp; des manœuvres" in html


def test_empty_input_still_renders(tmp_path):
    html = write_timeline([], tmp_path / "t.html").read_text(encoding="utf-8")
    assert "Aucun événement daté" in html


def test_undated_and_placeless_events_get_lanes_of_their_own(tmp_path):
    """No event is left off the chart: no date -> the 'Date inconnue' lane; no place -> the 'Lieu inconnu' row."""
    evs = events() + [
        Event(event_id="e4", article_id="a4", type="VISIT", date="2025-01-10", date_start="2025-01-10",
              date_end="2025-01-10", participants=["X"], trigger="visite", evidence="Une visite sans lieu.",
              sentence_start=0, sentence_end=5),
        Event(event_id="e5", article_id="a5", type="EXERCISE", participants=["Y"], trigger="exercice", planned=True,
              evidence="Un exercice ni daté ni situé.", sentence_start=0, sentence_end=5),
    ]
    html = write_timeline(evs, tmp_path / "t.html").read_text(encoding="utf-8")
    svg = html[html.index("<svg"):html.index("</svg>")]
    lane = svg[svg.index('class="lane-undated"'):]
    assert ">Date inconnue</text>" in lane
    assert lane.count('<g class="ev undated">') == 2          # e3 (no date) and e5 (no date, no place)
    assert "Un accord sans date." in lane and "Un exercice ni daté ni situé." in lane
    assert 'stroke-dasharray="3,2"' in lane                   # e5 is planned: dashed there too
    assert svg.count('<g class="ev">') == 3                    # the dated ones stay on the axis
    assert ">Lieu inconnu</text>" in svg[:svg.index('class="lane-undated"')]  # e4: dated, no place
    assert svg.count("<title>") == 5                           # every event is on the chart
    assert "date inconnue" in html                             # and the table names the unknown date


def test_same_catalogue_in_english(tmp_path):
    html = write_timeline(events(), tmp_path / "t.html", lang="en").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "Timeline of events" in html
    assert "Unknown date" in html and "Visit" in html and "Exercise" in html

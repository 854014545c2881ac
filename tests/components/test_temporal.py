"""The DATE tagger in the pipeline: a year-less month in a clause about the future is read forward."""
from datetime import date

import pytest

from pipeline.annotate import doc_to_mentions
from pipeline.records import Article

JUNE = date(2025, 6, 6)


@pytest.fixture(scope="module")
def dates(press):
    def run(text: str, published=JUNE) -> dict[str, str]:
        article = Article(id="t", text=text, published=published)
        [(article, doc)] = list(press.docs([article]))
        return {m.text: m.norm for m in doc_to_mentions(doc, article) if m.label == "DATE"}
    return run


@pytest.mark.parametrize("text,mention,norm", [
    ("Les deux parties sont convenues d'organiser des manœuvres navales au large de Misrata du 12 au 15 octobre.",
     "12 au 15 octobre", "2025-10-12/2025-10-15"),
    ("Un second exercice conjoint est annoncé pour début décembre dans la zone des trois frontières.",
     "début décembre", "2025-12-01/2025-12-10"),
    ("La délégation algérienne doit se rendre à Moscou en février.", "février", "2026-02"),
    ("Un nouvel exercice pourrait se tenir mi-novembre au large d'Oran.", "mi-novembre", "2025-11-11/2025-11-20"),
])
def test_planned_clause_reads_the_month_forward(dates, text, mention, norm):
    assert dates(text)[mention] == norm


@pytest.mark.parametrize("text,mention,norm", [
    ("Le ministre s'était rendu à Alger le 12 octobre pour une visite de travail.", "12 octobre", "2024-10-12"),
    ("Le sommet de l'AES a eu lieu en octobre à Niamey.", "octobre", "2024-10"),
    ("Les manœuvres doivent s'achever en octobre dernier, selon le communiqué.", "octobre dernier", "2024-10"),
    ("Le Parlement avait prévu de voter le texte en février, avant le coup d'État.", "février", "2025-02"),
])
def test_reported_or_recent_months_stay_in_the_past(dates, text, mention, norm):
    assert dates(text)[mention] == norm  # past tense, 'dernier', or a plan told in the past


def _dates_with(press, text: str, published: date, grain: str) -> dict[str, tuple[str, str]]:
    article = Article(id="p", text=text, published=published, published_grain=grain)
    [(article, doc)] = list(press.docs([article]))
    return {m.text: (m.norm, m.date_start) for m in doc_to_mentions(doc, article) if m.label == "DATE"}


def test_a_month_of_publication_resolves_what_it_can(press):
    """Only '2023-09' is known: a day of that month resolves, 'hier' cannot and stays unresolved."""
    found = _dates_with(press, "Le ministre sera reçu le 28 septembre à Rabat. Hier, son cabinet a confirmé la visite, "
                               "annoncée en mars 2023.", date(2023, 9, 1), "month")
    assert found["28 septembre"] == ("2023-09-28", "2023-09-28")
    assert found["Hier"] == ("", "")
    assert found["mars 2023"][0] == "2023-03"


def test_a_year_of_publication_places_year_less_dates_in_that_year(press):
    found = _dates_with(press, "Les manœuvres du 3 mai 2021 ont été suivies d'un sommet le 14 juin. "
                               "Hier, les délégations étaient arrivées.", date(2021, 1, 1), "year")
    assert found["3 mai 2021"][0] == "2021-05-03"
    assert found["14 juin"][0] == "2021-06-14"
    assert found["Hier"][0] == ""  # the day before publication: unknown when only the year is


def test_a_time_of_day_with_no_day_is_no_date(press):
    from pipeline.records import Article
    from pipeline.annotate import doc_to_mentions

    text = ("14h20 - Le convoi quitte la capitale. Dans la soirée, le ministre a reçu les journalistes. "
            "Mardi après-midi, il signera l'accord ; ce matin, il a visité la base.")
    article = Article(id="t", text=text, published=date(2025, 3, 14))
    [(article, doc)] = list(press.docs([article]))
    dates = {m.text: m.norm for m in doc_to_mentions(doc, article) if m.label == "DATE"}
    assert "14h20" not in dates and "soirée" not in dates, dates
    assert dates.get("Mardi après-midi") == "2025-03-11" and dates.get("ce matin") == "2025-03-14", dates

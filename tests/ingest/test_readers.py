"""Readers per format: articles come out with ids, text and publication dates; bad input becomes a failure."""
import json
from datetime import date

import pytest

from pipeline.ingest import collect_paths, read_articles
from pipeline.records import Article, IngestFailure

DEPECHE = (
    "Le ministre turc de la Défense est arrivé mardi à Tripoli pour une visite de deux jours, "
    "a annoncé l'agence Anadolu."
)


def _read(*paths, **kw):
    return list(read_articles([str(p) for p in paths], **kw))


def test_txt_article_keeps_its_text_verbatim(tmp_path):
    path = tmp_path / "depeche.txt"
    path.write_text(DEPECHE, encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.id == "depeche" and article.text == DEPECHE and article.source_path == str(path)


def test_jsonl_fields_and_published(tmp_path):
    path = tmp_path / "lot.jsonl"
    rows = [
        {"id": "a1", "text": DEPECHE, "published": "2024-05-14", "url": "https://exemple.test/a1", "title": "Visite"},
        {"id": "a2", "text": "Le Caire accueille les pourparlers jeudi.", "published": None},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    first, second = _read(path)
    assert first.published == date(2024, 5, 14) and first.published_source == "field"
    assert first.url == "https://exemple.test/a1" and first.title == "Visite"
    assert second.published is None and second.published_source == "unknown"


def test_csv_rows(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('id,text,published,url,title\nb1,"Alger, 3 mars : la délégation est repartie.",2023-03-04,,Alger\n', encoding="utf-8")
    [article] = _read(path)
    assert article.id == "b1" and article.text.startswith("Alger, 3 mars") and article.published == date(2023, 3, 4)


def test_html_page_main_text_and_date(tmp_path):
    body = " ".join([DEPECHE] * 4)
    html = f"""<html><head><title>Visite à Tripoli</title>
    <meta property="article:published_time" content="2024-06-02T08:30:00+00:00"></head>
    <body><nav>Accueil | Monde</nav><article><h1>Visite à Tripoli</h1><p>{body}</p>
    <p>Les deux parties ont signé un mémorandum sur la formation des officiers.</p></article>
    <footer>Tous droits réservés</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert "arrivé mardi à Tripoli" in article.text and "Accueil | Monde" not in article.text
    assert article.published == date(2024, 6, 2) and article.published_source == "html"


def test_cli_date_overrides_everything(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("date 2020-01-01 Le chef de l'ANL a reçu hier l'émissaire de l'ONU.", encoding="utf-8")
    [article] = _read(path, published=date(2021, 7, 9))
    assert article.published == date(2021, 7, 9) and article.published_source == "cli"


def test_folder_walk_skips_gold_and_unknown_suffixes(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(DEPECHE, encoding="utf-8")
    (tmp_path / "articles" / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "gold" / "dev.jsonl").write_text(json.dumps({"text": DEPECHE, "spans": []}), encoding="utf-8")
    paths, missing = collect_paths([tmp_path])
    assert [p.name for p in paths] == ["a.txt"] and not missing


def test_glob_and_missing_path(tmp_path):
    for name in ("x1.txt", "x2.txt"):
        (tmp_path / name).write_text(DEPECHE, encoding="utf-8")
    items = _read(tmp_path / "x*.txt", tmp_path / "absent.txt")
    assert sorted(i.id for i in items if isinstance(i, Article)) == ["x1", "x2"]
    [failure] = [i for i in items if isinstance(i, IngestFailure)]
    assert "no such file" in failure.error


def test_duplicate_ids_get_a_suffix(tmp_path):
    path = tmp_path / "lot.jsonl"
    path.write_text("\n".join(json.dumps({"id": "dup", "text": t}) for t in (DEPECHE, "Autre texte à Niamey.")), encoding="utf-8")
    ids = [a.id for a in _read(path)]
    assert ids == ["dup", "dup~2"]


@pytest.mark.parametrize("value, expected, grain, text", [
    ("2019-05", date(2019, 5, 1), "month", "2019-05"),
    ("2019", date(2019, 1, 1), "year", "2019"),
    ("2019-5-14", date(2019, 5, 14), "day", "2019-05-14"),
    ("2019-05-14T06:30:00+02:00", date(2019, 5, 14), "day", "2019-05-14"),
    ("mai 2019", date(2019, 5, 1), "month", "2019-05"),
    ("14 mai 2019", date(2019, 5, 14), "day", "2019-05-14"),
])
def test_partial_publication_dates_keep_their_grain(tmp_path, value, expected, grain, text):
    path = tmp_path / "lot.jsonl"
    path.write_text(json.dumps({"id": "p1", "text": "Le ministre est arrivé à Bamako.", "published": value}) + "\n",
                    encoding="utf-8")
    [article] = _read(path)
    assert (article.published, article.published_grain, article.published_text) == (expected, grain, text)
    assert article.published_source == "field" and article.warning == ""


def test_header_line_with_a_month_only(tmp_path):
    path = tmp_path / "depeche.txt"
    path.write_text("date 2023-09\n\nLe chef de la diplomatie est attendu à Rabat le 28 septembre.", encoding="utf-8")
    [article] = _read(path)
    assert (article.published_text, article.published_grain, article.published_source) == ("2023-09", "month", "header")


@pytest.mark.parametrize("opening,expected", [
    ("LUSAKA, 4 mars 2024 (AFP) - Le ministre zambien de la Défense a reçu mardi son homologue.", date(2024, 3, 4)),
    ("Dakar, 19/11/2023 (APS) - Le chef d'état-major a inspecté lundi la base navale.", date(2023, 11, 19)),
    ("Accueil › Afrique\n\nNIAMEY (Reuters), 2 octobre 2022 - Les deux armées ont conclu hier un accord.",
     date(2022, 10, 2)),
])
def test_a_dated_dateline_anchors_an_undated_article(tmp_path, opening, expected):
    path = tmp_path / "depeche.txt"
    path.write_text(opening, encoding="utf-8")
    [article] = _read(path)
    assert (article.published, article.published_source) == (expected, "dateline")


def test_a_date_only_mentioned_in_the_text_is_inferred_and_resolves_nothing(press, tmp_path):
    """DESIGN.md: no publication date and no dateline, no guess. The latest date the text names is kept in
    articles.csv as `inferred`, but "mardi" and "il y a un an" stay unresolved; a day counted from a named
    date still resolves."""
    path = tmp_path / "analyse.txt"
    path.write_text("Les deux ministres se sont rencontrés mardi. Le 14 mars 2024, un accord avait été signé à "
                    "Lomé, et le lendemain une frégate a fait escale. Il y a un an, rien de tel n'existait.",
                    encoding="utf-8")
    [article] = _read(path)
    assert (article.published, article.published_source) == (date(2024, 3, 14), "inferred")
    result = press.one(article)
    norms = {m.text: m.norm for m in result.mentions if m.label == "DATE"}
    assert norms["mardi"] == "" and norms["Il y a un an"] == ""
    assert norms["14 mars 2024"] == "2024-03-14" and norms["lendemain"] == "2024-03-15"

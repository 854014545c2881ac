"""An article that is surely not French is skipped with its language; French quoting English stays French."""
import subprocess
import sys
from pathlib import Path

from pipeline.ingest import read_articles
from pipeline.ingest.language import detect_language
from pipeline.records import Article, IngestFailure

ENGLISH = ("The Turkish defence minister arrived in Tripoli on Tuesday for a two-day visit, officials said. "
           "The two sides signed a $2 billion agreement on drones and naval training, according to a statement.")
FRENCH_QUOTING_ENGLISH = (
    "Le chef d'état-major américain a été reçu lundi à Rabat par son homologue marocain. "
    "« We will keep working with our partners in the region, we share the same goals », a-t-il déclaré "
    "devant la presse, avant de rejoindre Dakar pour une tournée de trois jours en Afrique de l'Ouest.")
SPANISH = ("El ministro de Defensa de Marruecos recibió el lunes en Rabat a su homólogo español para "
           "hablar de la cooperación militar y de la seguridad en el Sahel.")


def test_detect_language_on_prose_not_quotations():
    assert detect_language(ENGLISH).language == "en" and not detect_language(ENGLISH).is_french
    assert detect_language(FRENCH_QUOTING_ENGLISH).is_french
    assert detect_language(SPANISH).language == "es"
    assert detect_language("Haftar, Benghazi").is_french  # too short to tell: taken as French


def test_read_articles_skips_a_foreign_article_only_when_asked(tmp_path):
    for name, text in (("en.txt", ENGLISH), ("fr.txt", FRENCH_QUOTING_ENGLISH), ("es.txt", SPANISH)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    checked = {i.id: i for i in read_articles([tmp_path], lang_check=True)}
    assert isinstance(checked["fr"], Article) and checked["fr"].language == "fr"
    for foreign, code in (("en", "en"), ("es", "es")):
        item = checked[foreign]
        assert isinstance(item, IngestFailure) and item.status == "skipped"
        assert f"'{code}'" in item.error and "--lang-check off" in item.error
    unchecked = list(read_articles([tmp_path]))
    assert all(isinstance(i, Article) for i in unchecked)


def test_run_records_skipped_and_processes_it_with_lang_check_off(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "dispatch.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "in" / "depeche.txt").write_text(FRENCH_QUOTING_ENGLISH, encoding="utf-8")
    exe = Path(sys.executable).parent / "press-events"
    done = subprocess.run([str(exe), "run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr  # skipping is not failing
    assert "not French" in done.stderr and "1 not French (skipped)" in done.stdout
    rows = (tmp_path / "out" / "articles.csv").read_text(encoding="utf-8")
    assert "dispatch" in rows and ",skipped," in rows
    again = subprocess.run([str(exe), "run", str(tmp_path / "in"), "--out", str(tmp_path / "out2"), "--quiet",
                            "--lang-check", "off"], capture_output=True, text=True)
    assert again.returncode == 0 and "2 processed" in again.stdout

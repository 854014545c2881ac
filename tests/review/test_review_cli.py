"""`press-events review` is the one review CLI: serve, `export` and `report` under it, --db before or after."""
from __future__ import annotations

import importlib.util

from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_export_takes_db_after_the_subcommand(demo_db, tmp_path):
    out = tmp_path / "reviewed"
    res = runner.invoke(app, ["review", "export", "--db", str(demo_db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "events.csv").exists() and "wrote" in res.output


def test_export_takes_db_before_the_subcommand(demo_db, tmp_path):
    out = tmp_path / "reviewed"
    res = runner.invoke(app, ["review", "--db", str(demo_db), "export", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "events.csv").exists()


def test_subcommand_db_wins_over_the_group_db(demo_db, tmp_path):
    out = tmp_path / "reviewed"
    res = runner.invoke(app, ["review", "--db", str(tmp_path / "nope.sqlite"), "export", "--db", str(demo_db),
                              "--out", str(out)])
    assert res.exit_code == 0, res.output


def test_missing_database_is_an_error_not_a_new_empty_one(tmp_path):
    missing = tmp_path / "nope.sqlite"
    res = runner.invoke(app, ["review", "export", "--db", str(missing), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and not missing.exists()
    res = runner.invoke(app, ["review", "--db", str(missing)])
    assert res.exit_code == 2 and not missing.exists()


def test_report_writes_the_static_page(demo_db, tmp_path):
    res = runner.invoke(app, ["review", "--db", str(demo_db), "report", "--out", str(tmp_path / "r")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r" / "index.html").exists()


def test_help_lists_the_subcommands_and_there_is_no_second_cli():
    res = runner.invoke(app, ["review", "--help"])
    assert res.exit_code == 0
    for word in ("export", "report", "--demo", "--db"):
        assert word in res.output
    assert importlib.util.find_spec("pipeline.review.cli") is None
    assert importlib.util.find_spec("pipeline.review.__main__") is None

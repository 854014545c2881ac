"""`press-events review ...` commands. The lead's cli mounts them: app.add_typer(review_app, name="review")."""
from __future__ import annotations

from pathlib import Path

import typer

from pipeline.store import DEFAULT_DB_NAME

DEFAULT_DB = Path("reports/latest") / DEFAULT_DB_NAME

review_app = typer.Typer(help="Review extracted events in a local web app; export decisions as gold.",
                         invoke_without_command=True, no_args_is_help=False)


@review_app.callback()
def review(
    ctx: typer.Context,
    db: Path = typer.Option(DEFAULT_DB, "--db", help="SQLite database written by `press-events run`."),
    port: int = typer.Option(8765, "--port", help="Port (0 picks a free one)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface; keep 127.0.0.1 unless you mean to share."),
    reviewer: str = typer.Option("analyst", "--reviewer", help="Name recorded with every decision."),
    demo: bool = typer.Option(False, "--demo", help="Fill --db with a small hand-made batch first (to try the app)."),
) -> None:
    """Serve the review app (http://127.0.0.1:8765/ by default)."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    if demo:
        from pipeline.review.demo import build_demo_db
        build_demo_db(db)
    elif not db.exists():
        typer.echo(f"no database at {db}: run `press-events run ... --out DIR` first, or pass --db (or --demo)", err=True)
        raise typer.Exit(2)
    from pipeline.review.server import serve
    serve(db, host=host, port=port, reviewer=reviewer)


@review_app.command("export")
def export(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="Folder for the reviewed tables (CSV, XLSX) and gold.jsonl."),
    db: Path | None = typer.Option(None, "--db", help="SQLite database (default: the one given to `review`)."),
) -> None:
    """Write reviewed tables and accepted/corrected mentions and events as gold JSONL."""
    from pipeline.review.service import export_review

    db = db or (ctx.obj or {}).get("db") or DEFAULT_DB
    if not Path(db).exists():
        typer.echo(f"no database at {db}", err=True)
        raise typer.Exit(2)
    for p in export_review(db, out):
        typer.echo(str(p))


@review_app.command("report")
def report(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="Folder for index.html."),
    db: Path | None = typer.Option(None, "--db"),
) -> None:
    """Write the static read-only report (index.html) of the database."""
    from pipeline.review.report import write_static_report

    db = db or (ctx.obj or {}).get("db") or DEFAULT_DB
    typer.echo(str(write_static_report(db, out)))


def main() -> None:  # python -m pipeline.review
    review_app(prog_name="press-events review")

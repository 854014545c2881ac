"""press-events command line: thin wrappers over the library, one command per user job."""
from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

class _PressEvents(typer.Typer):
    """The app, with one pre-pass over the command line: `run --dask` takes an optional value (Typer has no
    such options), so a `--dask` not followed by a scheduler address is read as `--dask=local`."""

    def __call__(self, *args, **kwargs):
        if not args and "args" not in kwargs:
            kwargs["args"] = dask_flag_value(sys.argv[1:])
        return super().__call__(*args, **kwargs)


def dask_flag_value(argv: list[str]) -> list[str]:
    """`--dask` alone (last, or before another option or an input path) becomes `--dask=local`."""
    out = list(argv)
    for i, arg in enumerate(out):
        if arg == "--":
            break
        if arg == "--dask":
            after = out[i + 1] if i + 1 < len(out) else ""
            if not re.fullmatch(r"(\w+://)?[\w.\-\[\]:]+:\d+/?|\w+://\S+|local", after):
                out[i] = "--dask=local"
    return out


app = _PressEvents(
    help="Turn French press articles into reviewed, normalized event tables.\n\n"
         "Typical day: `press-events run new_articles/ --out reports/today`, then `press-events review "
         "--db reports/today/press_events.sqlite`, and `press-events evaluate` against gold annotations.",
    no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
)
gold_app = typer.Typer(help="Gold annotations: convert between our JSONL and doccano / Label Studio.", no_args_is_help=True)
review_app = typer.Typer(help="Review extracted events in a local web page, and export the decisions.", invoke_without_command=True)
train_app = typer.Typer(help="Train the learned parts of the pipeline on gold annotations.", no_args_is_help=True)
model_app = typer.Typer(help="The spaCy pipeline itself: save it as a directory that spacy.load reads.", no_args_is_help=True)
app.add_typer(gold_app, name="gold")
app.add_typer(model_app, name="model")
app.add_typer(train_app, name="train")
app.add_typer(review_app, name="review")
console = Console(stderr=True)


def _parse_day(value: Optional[str]) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _on_off(value: str) -> bool:
    if value.lower() not in ("on", "off"):
        raise typer.BadParameter(f"{value!r}: write on or off")
    return value.lower() == "on"


def _progress_factory(progress: Progress):
    def start(total: int):
        task = progress.add_task("articles", total=total)
        return lambda article_id: progress.update(task, advance=1, description=f"[dim]{article_id[:40]}")
    return start


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively; `gold/` folders skipped) or glob patterns of .txt, .html, .jsonl, .csv articles.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the CSV tables, the database, timeline.html and index.html.")] = Path("reports/latest"),
    db: Annotated[Optional[Path], typer.Option(help="SQLite database (default: OUT/press_events.sqlite). Reruns skip unchanged articles.")] = None,
    fmt: Annotated[list[str], typer.Option("--format", "-f", help="Extra table formats besides CSV: parquet, xlsx. Repeat for both.")] = [],
    published: Annotated[Optional[str], typer.Option(help="Publication date (YYYY-MM-DD) for every article, overriding what the files say.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Reprocess articles even when unchanged.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", help="Processes running the spaCy pipeline (default: the "
                                         "number of cores). Output is identical whatever the number.")] = os.cpu_count() or 1,
    lang_check: Annotated[str, typer.Option("--lang-check", help="on: an article that is surely not French is recorded as "
                                            "`skipped` with its language; off: process every article as French.")] = "on",
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="[SCHEDULER]",
                                                help="Run the spaCy pipeline on Dask: `--dask` alone starts a local cluster of --workers "
                                                     "processes; with an address (tcp://host:8786), that scheduler's workers "
                                                     "(press-events installed on each). Same database and outputs.")] = None,
) -> None:
    """Extract people, places, organisations, dates, amounts and events from every article.

    Writes articles.csv, entities.csv, events.csv, event_clusters.csv, the SQLite database, a timeline
    and a static report (index.html) into OUT. Exit code 1 when any article failed (see articles.csv,
    columns `status` and `error`); the others are processed and stored anyway.
    """
    from pipeline.batch import run_batch

    unknown = [f for f in fmt if f not in ("csv", "parquet", "xlsx")]
    if unknown:
        raise typer.BadParameter(f"unknown format(s) {unknown}; choose among csv, parquet, xlsx")
    from pipeline.batch import BatchError

    errors: tuple[type[Exception], ...] = (BatchError,)
    factory = None
    if dask is not None:
        from pipeline.distributed_run import DaskPipeline, DaskRunError

        errors += (DaskRunError,)
        address = None if dask in ("local", "") else dask
        factory = lambda: DaskPipeline(address, workers=max(1, workers))  # noqa: E731 - started only if needed
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TimeRemainingColumn(), console=console, disable=quiet, transient=True) as progress:
            summary = run_batch(inputs, out, db=db, formats=("csv", *fmt), published=_parse_day(published),
                                force=force, progress=_progress_factory(progress), lang_check=_on_off(lang_check),
                                workers=max(1, workers), pipeline_factory=factory)
    except errors as exc:
        console.print(f"[red]error[/red] {exc}")
        raise typer.Exit(2) from None
    for failure in summary.failures:
        console.print(f"[red]failed[/red] {failure.source_path} ({failure.id}): {failure.error}")
    for skipped in summary.other_language:
        console.print(f"[yellow]skipped[/yellow] {skipped.source_path} ({skipped.id}): {skipped.error}")
    for article_id, warning in summary.warnings:
        console.print(f"[yellow]warning[/yellow] {article_id}: {warning} (the article was processed)")
    if summary.skipped and not summary.processed:
        console.print(f"[dim]nothing new: {summary.skipped} article(s) unchanged since the last run (use --force to redo)[/dim]")
    typer.echo(summary.line())
    typer.echo(f"tables and report in {out}/ (open {out / 'index.html'})")
    if summary.interrupted:
        console.print(f"[yellow]interrupted[/yellow]: {summary.interrupted} article(s) not processed yet; "
                      f"run the same command again to resume (finished articles are kept and skipped)")
        raise typer.Exit(130)
    raise typer.Exit(1 if summary.failed else 0)


@app.command()
def suite(
    file: Annotated[Path, typer.Argument(help="A JSONL suite of date or money cases (schema of shared/peer-suites/README.md).", exists=True, dir_okay=False)],
    prefer: Annotated[str, typer.Option(help="Ambiguous readings: `future` (assistant-style suites) or `past` (press).")] = "future",
    predictions: Annotated[Optional[Path], typer.Option(help="Write one prediction a line to this JSONL file.")] = None,
) -> None:
    """Run our DATE and MONEY taggers on a test suite and print pass rates per kind and grain."""
    from pipeline.evaluate.peer_suite import format_report, run_suite

    if prefer not in ("past", "future"):
        raise typer.BadParameter("--prefer is `past` or `future`")
    report = run_suite(file, prefer=prefer, predictions_out=predictions)
    typer.echo(format_report(report))


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Option(help="Gold JSONL file or folder (corpus/gold).", exists=True)] = Path("corpus/gold"),
    split: Annotated[Optional[str], typer.Option(help="Only articles of this split: train, dev, test, heldout, heldout2, heldout3, sealedb, sealedc, sealedd, sealede, sealedf, sealedg or sealedh (heldout2, sealede, sealedf, sealedg and sealedh are sealed: their reports hold aggregates only).")] = None,
    out: Annotated[Path, typer.Option(help="Folder for report.md, report.html and scores.json.")] = Path("reports/eval"),
    aggregates_only: Annotated[bool, typer.Option("--aggregates-only", help="Scores only: no per-article error list, no article text (the default for a sealed split such as heldout2).")] = False,
    show_errors: Annotated[bool, typer.Option("--show-errors", help="Write per-article errors even for a sealed split. Reading them unseals it: use a new sealed split afterwards.")] = False,
    ablate: Annotated[bool, typer.Option("--ablate", help="Instead: switch each entity and event rule family off in turn, then the learned models, and print what each is worth on the split (aggregates only).")] = False,
) -> None:
    """Score our pipeline and the plain fr_core_news_md + dateparser baseline against gold annotations.

    A sealed split (heldout2) is scored with aggregates only unless --show-errors is given."""
    from pipeline.evaluate.runner import evaluate as run_evaluation
    from pipeline.evaluate.runner import format_summary, is_sealed

    if aggregates_only and show_errors:
        raise typer.BadParameter("--aggregates-only and --show-errors contradict each other")
    if ablate:
        from pipeline.evaluate.runner import ABLATION_MEASURES, ablate as run_ablation

        with console.status("one evaluation per rule family"):
            rows = run_ablation(gold, split)
        names = [name for name, _ in ABLATION_MEASURES]
        typer.echo(f"{'layer':<40}" + "".join(f"{n:>22}" for n in names))
        for row in rows:
            cells = "".join(f"{row[n]:>14.3f}" + (f" ({row[n + ' change']:+.3f})" if n + " change" in row else " " * 9)
                            for n in names)
            typer.echo(f"{row['layer']:<40}{cells}")
        return
    if show_errors and is_sealed(split):
        console.print(f"[bold white on red] WARNING [/] --show-errors on the sealed split {split}: its per-article "
                      "errors will be written and printed; once read, the split is no longer a blind test.")
    scores = run_evaluation(gold, split, out, aggregates_only=aggregates_only or None, show_errors=show_errors)
    if scores["meta"].get("sealed_errors_shown"):
        console.print(f"[bold white on red] {scores['meta']['policy']} [/]")
    typer.echo(format_summary(scores))
    typer.echo(f"report: {out / 'report.html'}  ({out / 'report.md'}, {out / 'scores.json'})")


@app.command()
def bench(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="Articles to time (files, folders, globs).")] = None,
    rounds: Annotated[int, typer.Option(help="Interleaved rounds; the best of each side is kept.")] = 3,
    multiply: Annotated[int, typer.Option(help="Repeat the texts this many times per round.")] = 4,
    workers: Annotated[int, typer.Option(help="Also time the whole pipeline in this many processes (1: skip).")] = 2,
    rerun: Annotated[bool, typer.Option(help="Also time `run` on the texts twice (the second skips every article).")] = True,
    long: Annotated[bool, typer.Option("--long", help="Also (or, without inputs, only): one generated article of 50 KB, "
                                       "200 KB, 1 MB and 5 MB, each in a fresh process (time per KB, peak RSS; minutes).")] = False,
    stream: Annotated[int, typer.Option("--stream", metavar="N", help="Also (or, without inputs, only): generate N wire briefs "
                                        "as one JSONL file and `run` it with --workers, printing resident memory at 10,000 "
                                        "articles and at N (200000: about an hour on 2 cores).")] = 0,
) -> None:
    """Speed and memory: our pipeline vs plain fr_core_news_md nlp.pipe on the same texts, as ratios; with
    several workers; a rerun; with --long, single long articles; with --stream N, memory over a long run."""
    from pipeline.bench import run_bench, run_long_bench, run_stream_bench

    if not inputs and not long and not stream:
        raise typer.BadParameter("give the articles to time (e.g. corpus/), or --long, or --stream 200000")
    if inputs:
        typer.echo(run_bench(inputs, rounds=rounds, multiply=multiply, workers=workers, rerun=rerun).report())
    if long:
        run_long_bench(echo=typer.echo)
    if stream:
        run_stream_bench(stream, workers=max(1, workers), echo=typer.echo)


def _convert(convert, src: Path, fmt: str, out: Path) -> None:
    fmt = {"labelstudio": "label-studio", "ls": "label-studio"}.get(fmt.lower(), fmt.lower())
    try:
        count = convert(src, fmt, out)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    typer.echo(f"wrote {count} document(s) to {out}")


@gold_app.command("export")
def gold_export(
    src: Annotated[Path, typer.Argument(help="Our gold JSONL file or folder.", exists=True)],
    to: Annotated[str, typer.Option("--to", help="doccano, label-studio or jsonl")],
    out: Annotated[Path, typer.Option(help="Output file (.jsonl for doccano, .json for Label Studio).")],
) -> None:
    """Write gold annotations in doccano JSONL or Label Studio JSON."""
    from pipeline.evaluate.gold import export_gold

    _convert(export_gold, src, to, out)


@gold_app.command("import")
def gold_import(
    src: Annotated[Path, typer.Argument(help="A doccano JSONL or Label Studio JSON export.", exists=True)],
    fmt: Annotated[str, typer.Option("--from", help="doccano, label-studio or jsonl")],
    out: Annotated[Path, typer.Option(help="Our gold JSONL file to write.")],
) -> None:
    """Read doccano or Label Studio annotations into our gold JSONL."""
    from pipeline.evaluate.gold import import_gold

    _convert(import_gold, src, fmt, out)


DEFAULT_REVIEW_DB = Path("reports/latest/press_events.sqlite")  # what `run` writes with its default --out


def _review_db(ctx: typer.Context, db: Optional[Path]) -> Path:
    """The database of a `review` subcommand: its own --db, else the one given to `review`; it must exist."""
    db = db or (ctx.obj or {}).get("db") or DEFAULT_REVIEW_DB
    if not db.exists():
        raise typer.BadParameter(f"{db} does not exist; run `press-events run ... --out DIR` first, then --db DIR/press_events.sqlite")
    return db


@review_app.callback()
def review(
    ctx: typer.Context,
    db: Annotated[Path, typer.Option(help="The run's SQLite database.")] = DEFAULT_REVIEW_DB,
    port: Annotated[int, typer.Option(help="Port on the host (0 picks a free one).")] = 8765,
    host: Annotated[str, typer.Option(help="Interface to bind; keep 127.0.0.1 unless you mean to share the page.")] = "127.0.0.1",
    reviewer: Annotated[str, typer.Option(help="The name shown to a browser that has none yet; each reviewer sets their own in the page, and every decision is stored under it.")] = "analyst",
    demo: Annotated[bool, typer.Option("--demo", help="Fill --db with a small hand-made batch first (to try the page).")] = False,
) -> None:
    """Serve the review page: events beside their article, accept / reject / correct, kept in SQLite."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    if demo:
        from pipeline.review.demo import build_demo_db

        build_demo_db(db)
    elif not db.exists():
        raise typer.BadParameter(f"{db} does not exist; run `press-events run ... --out DIR` first, then --db DIR/press_events.sqlite (or try --demo)")
    from pipeline.review import serve

    serve(db, host=host, port=port, reviewer=reviewer)


@review_app.command("export")
def review_export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="Folder for the reviewed tables (CSV, XLSX) and gold JSONL.")] = Path("reports/reviewed"),
    db: Annotated[Optional[Path], typer.Option(help="SQLite database (default: the --db given to `review`).")] = None,
) -> None:
    """Write the reviewed tables and the accepted/corrected annotations as gold JSONL."""
    from pipeline.review import export_review

    paths = export_review(_review_db(ctx, db), out)
    for path in paths or []:
        typer.echo(f"wrote {path}")


@review_app.command("report")
def review_report(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="Folder for index.html.")],
    db: Annotated[Optional[Path], typer.Option(help="SQLite database (default: the --db given to `review`).")] = None,
) -> None:
    """Write the static read-only report (index.html) of the database; it opens with no server."""
    from pipeline.review import write_static_report

    typer.echo(f"wrote {write_static_report(_review_db(ctx, db), out)}")


if __name__ == "__main__":
    app()


@model_app.command("save")
def model_save(
    directory: Annotated[Path, typer.Argument(help="Folder to write the pipeline to (created; existing files are replaced).")],
) -> None:
    """Write the pipeline (fr_core_news_md + our components and their assets) as a spaCy pipeline directory.

    Load it with `spacy.load(DIR)` in any Python where press-events is installed, or build an installable
    package with `python -m spacy package DIR OUT --name press_events --version 0.1.0`."""
    from pipeline.nlp import save_pipeline

    with console.status("building the pipeline"):
        out = save_pipeline(directory)
    console.print(f"pipeline saved in {out}  (spacy.load({str(out)!r}))")


@train_app.command("events")
def train_events(
    gold: Annotated[Path, typer.Option(help="Gold JSONL folder.", exists=True)] = Path("corpus/gold"),
    splits: Annotated[str, typer.Option(help="Comma-separated splits to learn from (never a sealed one). The default is every open split written blind by other helpers; dev and test stay out, since the rules were written from their errors.")] = "train,sealedb,sealedc,sealedd,heldout3",
    validate: Annotated[str, typer.Option(help="Splits (not learned from) where each slot model must also beat the rules to ship; '' (the default) for the cross-validated test alone.")] = "",
    out: Annotated[Path, typer.Option(help="Folder for event_model.json and slot_model.json; the pipeline reads models/events/.")] = Path("models/events"),
    seed: Annotated[int, typer.Option(help="Seed of the cross-validation folds and the solver.")] = 0,
) -> None:
    """Learn which events the rules propose are real, and which mention is each event's main party, place and date.

    The first model's probability becomes the `confidence` column, and events under its threshold
    (chosen by cross-validation) are dropped; the second (the argument linker) picks the place and the
    date among the sentence's mentions, the rules' choice being one of its features. Deterministic for a
    seed; a few minutes on 2 cores."""
    from pipeline.evaluate.runner import is_sealed
    from pipeline.evaluate.train import train_event_models

    wanted = tuple(s.strip() for s in splits.split(",") if s.strip())
    checks = tuple(s.strip() for s in validate.split(",") if s.strip() and s.strip() not in wanted)
    sealed = [s for s in wanted + checks if is_sealed(s)]
    if sealed:
        raise typer.BadParameter(f"{', '.join(sealed)} is sealed: never train on it")
    with console.status(f"running the pipeline on {', '.join(wanted)} and fitting the model"):
        model, slots = train_event_models(gold, wanted, out, seed=seed, validate=checks)
    report = model.trained_on
    typer.echo(f"models written to {out}/ (event threshold {model.threshold:.2f})")
    typer.echo(f"trained on {report['n_articles']} articles of {', '.join(wanted)}: {report['n_events']} proposed events, "
               f"{report['n_real']} real, {report['n_gold']} gold")
    typer.echo(f"cross-validated detection F1: rules {report['cv_detection_f1_rules']:.3f} -> with the model "
               f"{report['cv_detection_f1_model']:.3f}; calibration error (ECE): rules' confidence "
               f"{report['cv_ece_rules']:.3f} -> model {report['cv_ece_model']:.3f}")
    for slot in ("main", "location", "date"):
        if slot in slots.trained_on:
            r = slots.trained_on[slot]
            line = (f"{slot} of {r['events']} aligned events, cross-validated: rules right {r['cv_rules_right']:.1%}, "
                    f"linker right {r['cv_model_right']:.1%}")
            if "validation_events" in r:
                line += (f"; on {', '.join(checks)} ({r['validation_events']}): rules {r['validation_rules_right']:.1%}, "
                         f"linker {r['validation_model_right']:.1%}")
            typer.echo(line + (" -> shipped" if r.get("shipped") else " -> rules kept"))

"""Speed and memory of our pipeline against plain fr_core_news_md on the same texts, in one process.

Machines here are noisy, so the figure that matters is the ratio measured in one run, with the
configurations interleaved over several rounds and the best round of each kept:
- plain: fr_core_news_md's own pipes only (`nlp.pipe` with ours disabled);
- tagging: plus our rule components and the normalize stage (press_mentions), events off;
- whole: the full pipeline, events included.

`--long` times single articles of growing size, each in a fresh process so each peak RSS is its own.
"""
from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import read_articles
from pipeline.records import Article

STOCK_PIPES = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner")
LONG_SIZES_KB = (50, 200, 1000, 5000)


@dataclass
class BenchResult:
    articles: int
    words: int
    rounds: int
    stock_seconds: float
    tagging_seconds: float
    whole_seconds: float
    peak_rss_mb: float
    load_seconds: float
    workers_seconds: float | None = None   # the whole pipeline in `workers` processes (one round)
    workers: int = 2
    worker_rss_mb: float | None = None     # the largest peak RSS of one worker process
    first_run_seconds: float | None = None  # `run` on the texts into a fresh folder (model load included)
    rerun_seconds: float | None = None      # the same `run` again: every article unchanged, skipped
    run_articles: int = 0                   # articles in that `run` (the texts once, not multiplied)
    rerun_note: str = ""                    # set when the rerun was not an unchanged one

    def report(self) -> str:
        wps = lambda s: self.words / s if s else 0.0  # noqa: E731
        return "\n".join([
            f"texts: {self.articles} articles, {self.words:,} words, best of {self.rounds} interleaved rounds",
            f"model load (fr_core_news_md + our components): {self.load_seconds:.2f} s",
            f"plain fr_core_news_md nlp.pipe     : {self.stock_seconds:.3f} s  ({wps(self.stock_seconds):,.0f} words/s)",
            f"+ our tagging and normalizing      : {self.tagging_seconds:.3f} s  ({wps(self.tagging_seconds):,.0f} words/s)",
            f"+ events (the whole pipeline)      : {self.whole_seconds:.3f} s  ({wps(self.whole_seconds):,.0f} words/s)",
            f"tagging + normalizing / plain      : {self.tagging_seconds / self.stock_seconds:.3f}"
            f"  (overhead {self.tagging_seconds / self.stock_seconds - 1:+.1%}; target <= +10%)",
            f"whole pipeline / plain             : {self.whole_seconds / self.stock_seconds:.3f}  (target <= 1.2)",
            f"peak RSS of this process           : {self.peak_rss_mb:,.0f} MB",
            f"per core, whole pipeline           : {self.articles / self.whole_seconds:.1f} articles/s "
            f"(mean {self.words / self.articles:,.0f} words): 10,000 such articles = "
            f"{10_000 * self.whole_seconds / self.articles / 60:.0f} core-minutes",
        ] + ([
            f"whole pipeline, {self.workers} workers        : {self.workers_seconds:.3f} s  ({wps(self.workers_seconds):,.0f} words/s; "
            f"{self.whole_seconds / self.workers_seconds:.2f}x one worker; target >= 1.6x)",
            f"peak RSS of one worker             : {self.worker_rss_mb:,.0f} MB (target <= 1,200)",
        ] if self.workers_seconds else []) + ([
            f"run, then the same run again       : {self.first_run_seconds:.2f} s, then {self.rerun_seconds:.3f} s "
            f"(rerun {self.first_run_seconds / self.rerun_seconds:,.0f}x faster; target >= 100x){self.rerun_note}",
            f"per core, the whole `run` (1 worker): {self.run_articles / self.first_run_seconds:.1f} articles/s, "
            f"model load, reading and writing included",
        ] if self.rerun_seconds else []))


def _time_pipe(nlp, make_docs, disable=()) -> float:
    gc.collect()
    start = time.perf_counter()
    with nlp.select_pipes(disable=list(disable)):
        for _ in nlp.pipe(make_docs(), batch_size=16):
            pass
    return time.perf_counter() - start


def run_bench(inputs: list[str | Path], rounds: int = 3, multiply: int = 4, workers: int = 2,
              rerun: bool = True) -> BenchResult:
    """`multiply` repeats the corpus so that one round lasts long enough to time."""
    from pipeline.annotate import PressPipeline

    articles = [a for a in read_articles(inputs) if isinstance(a, Article)] * multiply
    load_start = time.perf_counter()
    press = PressPipeline()
    load_seconds = time.perf_counter() - load_start
    nlp = press.nlp
    ours = [name for name in nlp.pipe_names if name not in STOCK_PIPES]
    make_docs = lambda: (press.make_doc(a) for a in articles)  # noqa: E731
    configs = {"stock": ours, "tagging": ["press_events"], "whole": []}
    _time_pipe(nlp, make_docs)  # warm-up
    best = {name: float("inf") for name in configs}
    for _ in range(rounds):
        for name, disable in configs.items():
            best[name] = min(best[name], _time_pipe(nlp, make_docs, disable))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = BenchResult(articles=len(articles), words=sum(len(a.text.split()) for a in articles), rounds=rounds,
                         stock_seconds=best["stock"], tagging_seconds=best["tagging"], whole_seconds=best["whole"],
                         peak_rss_mb=peak, load_seconds=load_seconds, workers=workers)
    if workers > 1:
        parallel = PressPipeline(nlp=nlp, n_process=workers)
        gc.collect()
        start = time.perf_counter()
        for _ in parallel.process(articles):
            pass
        result.workers_seconds = time.perf_counter() - start
        result.worker_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if rerun:
        result.first_run_seconds, result.rerun_seconds, result.rerun_note = _time_rerun(inputs)
        result.run_articles = len(articles) // max(1, multiply)
    return result


def _time_rerun(inputs) -> tuple[float, float, str]:
    """`run` twice on the same inputs into a fresh folder, each in its own process, as a user runs it. The
    rerun must find every article unchanged (a file edited in between, by someone else in this tree, would
    make it a second first run): its summary line is checked."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        times, lines = [], []
        for _ in range(2):
            start = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", *map(str, inputs), "--out", tmp,
                                   "--quiet", "--workers", "1"], capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
            lines.append(next((line for line in done.stdout.splitlines() if line.startswith("articles:")), done.stderr[-300:]))
    note = "" if " 0 processed" in lines[1] else f"; NOT an unchanged rerun (code or inputs changed meanwhile?): {lines[1]}"
    return times[0], times[1], note


# --- long articles -------------------------------------------------------------------------------

_PARAGRAPHS = (
    "Le ministre {n}e de la Défense a reçu {d} à {c} une délégation conduite par le général {p}.",
    "Les deux parties ont signé un accord de {k} millions d'euros portant sur la livraison de drones.",
    "Selon une source diplomatique, des manœuvres conjointes sont prévues en {m} près de {c}.",
    "Le chef d'état-major {n} s'est rendu {d} à {c} pour rencontrer son homologue, a indiqué un communiqué.",
)
_FILL = dict(n=("nigérien", "tchadien", "malien", "algérien", "turc"), d=("mardi", "jeudi", "le 3 mars", "la veille"),
             c=("Niamey", "N'Djamena", "Bamako", "Alger", "Ankara", "Tripoli"), p=("Salifou Mody", "Mahamat Idriss", "Assimi Goïta"),
             k=("12", "40", "250", "3"), m=("avril", "octobre", "décembre"))


def long_article(kilobytes: int) -> str:
    """A press-style article of about `kilobytes` KB: varied paragraphs, never one sentence repeated verbatim."""
    out, size, i = [], 0, 0
    while size < kilobytes * 1000:
        template = _PARAGRAPHS[i % len(_PARAGRAPHS)]
        para = template.format(**{k: v[(i // len(_PARAGRAPHS) + j) % len(v)] for j, (k, v) in enumerate(_FILL.items())})
        out.append(para)
        size += len(para.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(out)


def time_long_article(kilobytes: int) -> dict:
    """Run in a fresh process by run_long_bench: the whole job on one article of that size."""
    from pipeline.annotate import PressPipeline

    press = PressPipeline()
    text = long_article(kilobytes)
    article = Article(id=f"long-{kilobytes}kb", text=text)
    start = time.perf_counter()
    [result] = list(press.process([article]))
    seconds = time.perf_counter() - start
    return {"kb": kilobytes, "chars": len(text), "seconds": seconds, "ok": result.ok,
            "mentions": len(result.mentions), "events": len(result.events),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_long_bench(sizes_kb=LONG_SIZES_KB, echo=print) -> list[dict]:
    rows = []
    for kb in sizes_kb:
        code = f"import json; from pipeline.bench import time_long_article; print(json.dumps(time_long_article({kb})))"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if done.returncode != 0:
            echo(f"{kb:>6} KB  failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        row["ms_per_kb"] = 1000 * row["seconds"] / kb
        rows.append(row)
        echo(f"{kb:>6} KB  {row['seconds']:8.1f} s  {row['ms_per_kb']:7.1f} ms/KB  peak RSS {row['peak_rss_mb']:6,.0f} MB"
             f"  ({row['mentions']:,} mentions, {row['events']:,} events{'' if row['ok'] else ', FAILED'})")
    if len(rows) > 1:
        per_kb = [r["ms_per_kb"] for r in rows]
        echo(f"time per KB, largest / smallest: {max(per_kb) / min(per_kb):.2f}  (target <= 1.5); "
             f"highest peak RSS {max(r['peak_rss_mb'] for r in rows):,.0f} MB (target < 1,200)")
    return rows


# --- streaming: many short articles in one JSONL ----------------------------------------------------

STREAM_CHECKPOINTS = (10_000,)

_BRIEF_SENTENCES = (
    "{city}, {day} ({agency}) - Le ministre {adj} de la Défense, {person}, a reçu {when} une délégation {adj2} à {city_name}.",
    "Les deux délégations ont évoqué la livraison de {count} {system} et un accord de {amount} millions {currency}.",
    "Selon un communiqué publié {when}, des manœuvres conjointes sont prévues en {month} au large de {city2}.",
    "Le chef d'état-major {adj_m}, le général {person2}, s'est entretenu avec son homologue, a précisé {agency}.",
    "Aucune date n'a été fixée pour la prochaine réunion de la commission mixte, a ajouté une source proche du dossier.",
    "{person} doit se rendre à {city2} {later} pour signer un protocole de coopération militaire.",
)
# host side (city, adjective) and visiting side (adjective f., adjective m., capital), drawn independently
_HOSTS = (("NIAMEY", "nigérien"), ("ALGER", "algérien"), ("DAKAR", "sénégalais"), ("TUNIS", "tunisien"),
          ("BAMAKO", "malien"), ("ABIDJAN", "ivoirien"), ("RABAT", "marocain"), ("LOMÉ", "togolais"),
          ("COTONOU", "béninois"), ("YAOUNDÉ", "camerounais"), ("LIBREVILLE", "gabonais"), ("KIGALI", "rwandais"),
          ("NOUAKCHOTT", "mauritanien"), ("OUAGADOUGOU", "burkinabè"), ("KINSHASA", "congolais"),
          ("ANTANANARIVO", "malgache"), ("DJIBOUTI", "djiboutien"), ("CONAKRY", "guinéen"), ("BANGUI", "centrafricain"),
          ("N'DJAMENA", "tchadien"))
_GUESTS = (("turque", "turc", "Ankara"), ("russe", "russe", "Moscou"), ("chinoise", "chinois", "Pékin"),
           ("pakistanaise", "pakistanais", "Islamabad"), ("indienne", "indien", "New Delhi"),
           ("égyptienne", "égyptien", "Le Caire"), ("émiratie", "émirati", "Abou Dhabi"), ("italienne", "italien", "Rome"),
           ("brésilienne", "brésilien", "Brasilia"), ("sud-coréenne", "sud-coréen", "Séoul"), ("iranienne", "iranien", "Téhéran"),
           ("espagnole", "espagnol", "Madrid"), ("portugaise", "portugais", "Lisbonne"), ("japonaise", "japonais", "Tokyo"),
           ("polonaise", "polonais", "Varsovie"), ("qatarie", "qatari", "Doha"))
_GIVEN = ("Salif", "Karim", "Aminata", "Youssef", "Moussa", "Nadia", "Rachid", "Koffi", "Brice", "Fatoumata", "Idrissa",
          "Mariam", "Oumar", "Hawa", "Lamine", "Samira", "Abdoulaye", "Clarisse", "Ismaël", "Rokia", "Hamidou", "Aïcha",
          "Didier", "Souleymane")
_SURNAMES = ("Traoré", "Benhadda", "Ndiaye", "Belkacem", "Diarra", "Ouattara", "El Amrani", "Agbodjan", "Houngbédji",
             "Kaboré", "Sanogo", "Mbemba", "Rakotomalala", "Nsengiyumva", "Ould Cheikh", "Tchoumba", "Kouyaté", "Bamba",
             "Ekotto", "Mahamadou", "Sissoko", "Ben Salah", "Ndong", "Moukagni", "Yaméogo", "Gueye", "Dossou", "Bakary",
             "Tapsoba", "Randrianarivo")
_OFFICERS = ("Mehmet Aydoğan", "Oleg Voronine", "Li Wenhao", "Tariq Mahmood", "Arjun Mehta", "Hany Fawzi",
             "Saeed Al Mansoori", "Marco Ferrante", "Paulo Meirelles", "Kim Do-hyun", "Reza Tabrizi", "Javier Olmedo",
             "Rui Cardoso", "Kenji Morita", "Piotr Zalewski", "Khalid Al Thani")
_BRIEF_FILL = dict(
    agency=("AFP", "APS", "MAP", "ANP", "Reuters", "APA", "AIP", "ACP"),
    when=("mardi", "lundi", "jeudi dernier", "la veille", "samedi", "mercredi matin", "vendredi soir", "dimanche"),
    count=("deux", "quatre", "six", "douze", "une vingtaine de", "trois", "huit"),
    system=("drones Bayraktar TB2", "hélicoptères de transport", "patrouilleurs", "blindés légers", "avions d'entraînement",
            "radars de surveillance côtière", "vedettes rapides"),
    amount=("12", "45", "120", "300", "7,5", "860", "64", "1 200"),
    currency=("d'euros", "de dollars", "de francs CFA"),
    month=("janvier", "mars", "mai", "juillet", "septembre", "octobre", "décembre"),
    later=("la semaine prochaine", "d'ici à la fin du mois", "en début d'année prochaine", "dans les prochains jours"),
)
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
           "décembre")


def brief_article(n: int) -> dict:
    """The n-th article of the streaming bench: a wire brief of 3 to 6 sentences drawn from press-style
    templates, with hosts, guests and ministers drawn from lists (720 minister names) and publication days
    spread over eight years, as a newsroom archive would have them; never one text twice."""
    import random
    from datetime import date, timedelta

    rng = random.Random(n)
    fill = {k: rng.choice(v) for k, v in _BRIEF_FILL.items()}
    city, fill["adj"] = rng.choice(_HOSTS)
    fill["adj2"], fill["adj_m"], fill["city2"] = rng.choice(_GUESTS)
    fill["city"], fill["city_name"] = city, city.title()
    fill["person"] = f"{rng.choice(_GIVEN)} {rng.choice(_SURNAMES)}"
    fill["person2"] = rng.choice(_OFFICERS)
    published = date(2019, 1, 1) + timedelta(days=rng.randrange(8 * 365))
    fill["day"] = f"{published.day} {_MONTHS[published.month - 1]}"
    picked = [_BRIEF_SENTENCES[0]] + rng.sample(_BRIEF_SENTENCES[1:], rng.randint(2, 5))
    return {"id": f"brief-{n:07d}", "published": published.isoformat(),
            "text": " ".join(s.format(**fill) for s in picked)}


def write_stream_corpus(path: Path, count: int) -> int:
    """Write `count` briefs to a JSONL file, one at a time (the generator never holds the corpus); bytes written."""
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            out.write(json.dumps(brief_article(n), ensure_ascii=False) + "\n")
    return path.stat().st_size


def _memory_now_mb() -> tuple[float, float, float]:
    """(this process's RSS, the largest worker's RSS, all of them together as PSS) in MB. PSS counts a page
    the forked workers share with this process once, where a sum of RSS would count it in each."""
    import psutil

    me = psutil.Process()
    own = me.memory_info().rss
    largest, pss = 0, 0
    for proc in [me, *me.children(recursive=True)]:
        try:
            info = proc.memory_full_info()
        except psutil.Error:
            continue
        pss += info.pss
        if proc.pid != me.pid:
            largest = max(largest, info.rss)
    return own / 2**20, largest / 2**20, pss / 2**20


def stream_run(path: str, out: str, workers: int, checkpoints: tuple[int, ...]) -> dict:
    """Run in a fresh process by run_stream_bench: `run` on the JSONL, with resident memory noted when the
    number of articles done reaches each checkpoint, at the end of processing, and after the exports."""
    from pipeline.batch import run_batch

    marks: dict[int, tuple[float, float, float]] = {}
    started = time.perf_counter()
    done = 0

    def progress(total):
        def tick(_article_id):
            nonlocal done
            done += 1
            if done in checkpoints or done == total:
                marks[done] = (time.perf_counter() - started, *_memory_now_mb())
                print("MARK " + json.dumps([done, *marks[done]]), flush=True)  # shown as it happens
        return tick

    summary = run_batch([path], Path(out), progress=progress, workers=workers)
    return {"processed": summary.processed, "failed": summary.failed, "seconds": summary.seconds,
            "marks": {str(k): v for k, v in sorted(marks.items())},
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "worker_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def run_stream_bench(count: int, workers: int = 2, echo=print) -> dict:
    """Generate `count` briefs as one JSONL file and `run` them in a fresh process: resident memory at
    10,000 articles and at the end, so a reader can see that memory stays flat as the corpus grows."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / f"briefs_{count}.jsonl"
        size = write_stream_corpus(corpus, count)
        echo(f"stream: {count:,} generated briefs in one JSONL ({size / 2**20:,.1f} MB), `run --workers {workers}`")
        checkpoints = tuple(c for c in (*STREAM_CHECKPOINTS, count) if c <= count)
        code = (f"import json; from pipeline.bench import stream_run; "
                f"print(json.dumps(stream_run({str(corpus)!r}, {str(Path(tmp) / 'out')!r}, {workers}, {checkpoints!r})))")
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        last = ""
        for line in child.stdout:  # each checkpoint as it is reached, so a long run shows its figures early
            if line.startswith("MARK "):
                mark, seconds, own, worker, pss = json.loads(line[5:])
                echo(f"  after {int(mark):>9,} articles: {seconds:8.1f} s; RSS main {own:6,.0f} MB, largest worker "
                     f"{worker:6,.0f} MB; all processes {pss:6,.0f} MB (PSS)")
            elif line.strip():
                last = line
        error = child.stderr.read()
        if child.wait() != 0:
            echo(f"stream run failed: {error.strip()[-500:]}")
            return {}
        row = json.loads(last)
    echo(f"  processed {row['processed']:,}, failed {row['failed']:,}; whole run with exports {row['seconds']:.1f} s "
         f"({row['processed'] / row['seconds']:.1f} articles/s); peak RSS main {row['peak_rss_mb']:,.0f} MB, "
         f"largest worker {row['worker_peak_rss_mb']:,.0f} MB")
    return row

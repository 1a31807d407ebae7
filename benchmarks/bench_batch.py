"""Batches on Celery workers: a kabupaten batch against a bare sequential loop and 1 worker
against 2, and the workers' memory over thousands of documents.

**Kabupaten batch** (``kabupaten_batch``). naskah ships five agency plugins; a kabupaten has
some thirty agencies, about 1,000 documents for one period. The benchmark reaches that size with
the five example agencies × ``KABUPATEN_PERIODS`` periods (2025-TW1 … 2026-TW4, each example
workbook copied with its period and dates moved on by whole quarters): 40 agency-periods,
992 documents, submitted as 8 batches at once. Measured in one run, one after the other:

- ``2 workers`` — ``naskah worker --concurrency 2`` (Redis, SQLite index in a fresh data dir):
  number, render DOCX, convert to PDF (each worker process's warm LibreOffice), archive; time
  from the first submission until every batch is finished;
- ``bare sequential baseline`` — one process: for every agency-period, read the workbook and
  build each document's context with naskah (the content has to come from somewhere), render
  it with bare docxtpl (``DocxTemplate``, plain Jinja environment, ``save``), then ONE
  ``soffice --headless --convert-to pdf`` call over all the files — in fact one per 200 files
  (:data:`SOFFICE_FILES_PER_CALL`), the most LibreOffice takes. No numbers, no archive;
- ``1 worker`` — as the first, ``--concurrency 1``.

**Worker RSS** (``worker_rss``). ``naskah worker --concurrency 2`` runs ``RSS_DOCUMENTS``
documents (environment ``NASKAH_BENCH_RSS_DOCUMENTS``, default 5,000; 40 periods × 124); the
resident memory of every process of the worker (main process, pool processes, their LibreOffice)
is sampled each second. The ratio: a worker (pool) process's peak RSS while the last tenth of
the documents is made ÷ its peak while the second tenth is made (after warm-up: imports,
matplotlib, the first charts and caches), the larger of the two processes. Peaks, because a
process's RSS moves by ±15 % from one second to the next as Python and malloc free memory.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import openpyxl
from docxtpl import DocxTemplate

from benchmarks.bench_render import _bare_env, _inline_images
from benchmarks.corpus import BENCH_NOMOR, example_workbooks
from benchmarks.registry import BenchContext, BenchResult, Ratio, benchmark
from naskah.agencies.manager import get_plugins
from naskah.documents import charts
from naskah.input.workbook import read_workbook
from naskah.model import Periode
from naskah.pipeline import is_numbered, plan_documents, prepare_cycle
from naskah.settings import PdfSettings, PoolSettings, QueueSettings, Settings
from naskah.workers.tasks import celery_executor

KABUPATEN_PERIODS = 8
RSS_DOCUMENTS = int(os.environ.get("NASKAH_BENCH_RSS_DOCUMENTS", "5000"))
BASELINE_GOAL = 1.0
FLOOR_GOAL = 1.3
POOL_SAMPLE = 40
SPEEDUP_GOAL = 1.7
RSS_GOAL = 1.10
REDIS = ("127.0.0.1", 6379)
LOCK_KEY = "naskah-bench:lock"
BASE_PORT = 2080
"""UNO ports of the benchmark workers' LibreOffice (away from tests and other pools)."""
FINISH_TIMEOUT = 3600
SOFFICE_FILES_PER_CALL = 200
"""LibreOffice 7.4 silently ignores the files after about the 246th of one command line (it
exits 0 having converted those before): the "one soffice call" is one call per 200 files."""


# --- input -------------------------------------------------------------------------------------


def _shift(d: date, quarters: int) -> datetime:
    months = d.month - 1 + 3 * quarters
    return datetime(d.year + months // 12, months % 12 + 1, min(d.day, 28))


def periods(count: int, first: str = "2025-TW1") -> list[str]:
    start = Periode.parse(first)
    out = []
    for k in range(count):
        n = start.triwulan - 1 + k
        out.append(Periode(start.tahun + n // 4, n % 4 + 1).key)
    return out


def make_workbooks(outdir: Path, keys: list[str]) -> dict[str, list[tuple[str, Path]]]:
    """Per period: ``[(agency, workbook)]``, the example workbooks with their period and every
    Siklus date moved on by the same number of quarters."""
    outdir.mkdir(parents=True, exist_ok=True)
    books: dict[str, list[tuple[str, Path]]] = {k: [] for k in keys}
    for source in example_workbooks():
        siklus = read_workbook(source).siklus
        rows = {}
        for key, day in siklus.tanggal.items():
            proc, _, name = key.rpartition(".")
            rows[f"{proc}.tanggal_{name}" if proc else f"tanggal_{name}"] = day
        for key in keys:
            quarters = (Periode.parse(key).tahun - siklus.periode.tahun) * 4 + (
                Periode.parse(key).triwulan - siklus.periode.triwulan)
            wb = openpyxl.load_workbook(source)
            for row in wb["Siklus"].iter_rows(min_row=2):
                name = row[0].value
                if name == "periode":
                    row[1].value = key
                elif name in rows:
                    row[1].value = _shift(rows[name], quarters)
            target = outdir / source.name.replace(siklus.periode.key, key)
            wb.save(target)
            books[key].append((siklus.agency, target))
    return books


# --- workers -----------------------------------------------------------------------------------


@contextlib.contextmanager
def redis_database():
    """A free Redis database (7..1, locked by a key while in use), emptied before and after."""
    import redis

    for db in range(7, 0, -1):
        client = redis.Redis(*REDIS, db=db, socket_connect_timeout=3)
        if not client.set(LOCK_KEY, os.getpid(), nx=True, ex=7200):
            continue
        try:
            for key in client.scan_iter():
                if key != LOCK_KEY.encode():
                    client.delete(key)
            yield f"redis://{REDIS[0]}:{REDIS[1]}/{db}"
        finally:
            for key in client.scan_iter():
                client.delete(key)
            client.close()
        return
    raise RuntimeError("Redis databases 1..7 are all in use")


def _stat(pid: int) -> tuple[str, int, float, int] | None:
    """``(comm, ppid, cpu seconds, rss KiB)`` from /proc; ``None`` if gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1: raw.rindex(")")]
    fields = raw[raw.rindex(")") + 2:].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = next((int(line.split()[1]) for line in status.splitlines()
                if line.startswith("VmRSS:")), 0)
    return comm, int(fields[1]), cpu, rss


@dataclass
class Sample:
    at: float
    documents: int
    rss: dict[int, tuple[str, int]]
    """pid → (role, RSS KiB); role: main, pool (a worker process), office, uno."""


@dataclass
class Worker:
    """``naskah worker --concurrency N`` in its own session; sampled through /proc."""

    settings: Settings
    concurrency: int
    log: Path
    proc: subprocess.Popen | None = None
    cpu: dict[int, tuple[str, float]] = field(default_factory=dict)

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NASKAH_")}
        env.update({
            "NASKAH_DATA_DIR": str(self.settings.data_dir),
            "NASKAH_QUEUE__BROKER_URL": self.settings.queue.broker_url,
            "NASKAH_POOL__BASE_PORT": str(self.settings.pool.base_port),
        })
        code = "import typer; from naskah.cli.worker import worker; typer.run(worker)"
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", code, "--concurrency", str(self.concurrency),
                 "--loglevel", "warning"],
                env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 120
        while len(self.processes().get("pool", [])) < self.concurrency:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start:\n{self.log.read_text()[-2000:]}")
            time.sleep(0.2)
        time.sleep(1.0)  # connected and consuming

    def processes(self) -> dict[str, list[int]]:
        """The worker's processes by role (walks /proc for descendants of the main one)."""
        assert self.proc is not None
        children: dict[int, list[int]] = {}
        names: dict[int, str] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                st = _stat(int(entry))
                if st is not None:
                    children.setdefault(st[1], []).append(int(entry))
                    names[int(entry)] = st[0]
        roles: dict[str, list[int]] = {"main": [self.proc.pid]}
        for pid in children.get(self.proc.pid, []):
            roles.setdefault("pool", []).append(pid)
            stack = list(children.get(pid, []))
            while stack:
                p = stack.pop()
                role = "office" if names.get(p) == "soffice.bin" else "uno"
                roles.setdefault(role, []).append(p)
                stack.extend(children.get(p, []))
        return roles

    def sample(self, documents: int) -> Sample:
        rss = {}
        for role, pids in self.processes().items():
            for pid in pids:
                st = _stat(pid)
                if st is not None:
                    rss[pid] = (role, st[3])
                    self.cpu[pid] = (role, st[2])
        return Sample(time.monotonic(), documents, rss)

    def cpu_by_role(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for role, seconds in self.cpu.values():
            out[role] = out.get(role, 0.0) + seconds
        return out

    def stop(self) -> None:
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(60)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(10)


def _settings(data_dir: Path, broker_url: str, pool_enabled: bool = True) -> Settings:
    return Settings(
        data_dir=data_dir, pdf=PdfSettings(enabled=True),
        pool=PoolSettings(base_port=BASE_PORT, enabled=pool_enabled),
        queue=QueueSettings(broker_url=broker_url),
    )


def run_on_workers(
    ctx: BenchContext, books: dict[str, list[tuple[str, Path]]], concurrency: int, name: str,
    *, sample_every: float = 2.0,
) -> tuple[float, int, Worker, list[Sample]]:
    """Submit one batch per period to ``concurrency`` worker processes; wait until every batch
    is finished. Returns ``(seconds, documents, worker, samples)``.

    :raises RuntimeError: a batch did not finish ``done``.
    """
    from naskah.batch import steps as batch_steps
    from naskah.batch.batches import Batch, BatchStatus, submit_batch
    from naskah.db import session_factory

    samples: list[Sample] = []
    with redis_database() as broker:
        settings = _settings(ctx.workdir / f"data-{name}", broker)
        worker = Worker(settings, concurrency, ctx.workdir / f"worker-{name}.log")
        try:
            worker.start()
            started = time.perf_counter()
            ids = [submit_batch(settings, [a for a, _ in pairs], key, [p for _, p in pairs],
                                created_by="bench", executor=celery_executor)
                   for key, pairs in books.items()]
            Session = session_factory(batch_steps.engine_for(settings), read_only=True)  # noqa: N806
            next_sample = 0.0
            while True:
                with Session() as s:
                    batches = [s.get(Batch, i) for i in ids]
                    finished = all(b.status in BatchStatus.FINISHED for b in batches)
                    now = time.perf_counter()
                    if sample_every and (now >= next_sample or finished):
                        done = sum(it.rendered + it.failed for i in ids
                                   for it in batch_steps.progress(s, i))
                        samples.append(worker.sample(done))
                        next_sample = now + sample_every
                if finished:
                    seconds = time.perf_counter() - started
                    break
                if now - started > FINISH_TIMEOUT:
                    raise RuntimeError(f"{name}: not finished in {FINISH_TIMEOUT} s")
                time.sleep(0.25)
            with Session() as s:
                bad = [(b.id, b.status, b.error) for b in (s.get(Batch, i) for i in ids)
                       if b.status != BatchStatus.DONE]
                documents = sum(it.total for i in ids for it in batch_steps.progress(s, i))
            if bad:
                raise RuntimeError(f"{name}: batches not done: {bad}")
        finally:
            worker.stop()
            batch_steps.engine_for(settings).dispose()
    ctx.say(f"  {name}: {documents} documents in {seconds:.1f} s")
    return seconds, documents, worker, samples


def bare_baseline(ctx: BenchContext, books: dict[str, list[tuple[str, Path]]]
                  ) -> tuple[float, float, int]:
    """The bare sequential loop: ``(render seconds, soffice seconds, documents)``."""
    plugins = get_plugins()
    env = _bare_env()
    outdir = ctx.workdir / "bare"
    outdir.mkdir()
    charts._drawn.clear()  # the workers draw their charts too: no head start from earlier runs
    files: list[Path] = []
    started = time.perf_counter()
    for pairs in books.values():
        for agency, book in pairs:
            data = read_workbook(book)
            cycle = prepare_cycle(plugins, agency, data)
            for d in plan_documents(plugins, cycle):
                context = plugins.document_context(cycle, d, BENCH_NOMOR if is_numbered(d)
                                                   else None)
                tpl = DocxTemplate(str(plugins.template(cycle.agency, d.kind)))
                tpl.render(_inline_images(context, tpl), env)
                target = outdir / f"{len(files):04d}.docx"
                tpl.save(str(target))
                files.append(target)
    rendered = time.perf_counter() - started
    profile = ctx.workdir / "bare-profile"
    started = time.perf_counter()
    for i in range(0, len(files), SOFFICE_FILES_PER_CALL):
        subprocess.run(
            [ctx.settings.pdf.soffice, f"-env:UserInstallation={profile.as_uri()}",
             "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir / "pdf"),
             *map(str, files[i:i + SOFFICE_FILES_PER_CALL])],
            check=True, capture_output=True, timeout=FINISH_TIMEOUT,
        )
    converted = time.perf_counter() - started
    made = len(list((outdir / "pdf").glob("*.pdf")))
    if made != len(files):
        raise RuntimeError(f"soffice made {made} PDFs of {len(files)}")
    shutil.rmtree(outdir, ignore_errors=True)
    shutil.rmtree(profile, ignore_errors=True)
    ctx.say(f"  bare baseline: {len(files)} documents, render {rendered:.1f} s + soffice "
            f"{converted:.1f} s ({math.ceil(len(files) / SOFFICE_FILES_PER_CALL)} calls)")
    return rendered, converted, len(files)


def _descendants_cpu(root: int) -> float:
    """CPU seconds of the live descendants of process ``root`` (read from /proc)."""
    children: dict[int, list[int]] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None:
                children.setdefault(st[1], []).append(int(entry))
                cpu[int(entry)] = st[2]
    total, stack = 0.0, list(children.get(root, []))
    while stack:
        pid = stack.pop()
        total += cpu.get(pid, 0.0)
        stack.extend(children.get(pid, []))
    return total


@dataclass
class Floor:
    """E3's floor of a batch's finished documents (see :func:`floor`)."""

    render_s: float
    convert_s: float
    documents: int
    render_cpu_s: float
    """CPU seconds of the two docxtpl processes."""
    convert_cpu_per_doc_s: float
    """CPU seconds per document of the warm pool (its LibreOffice and UNO helper) on the
    sample."""

    @property
    def seconds(self) -> float:
        return self.render_s + self.convert_s

    @property
    def cpu_s(self) -> float:
        return self.render_cpu_s + self.convert_cpu_per_doc_s * self.documents


def floor(ctx: BenchContext, data_dir: Path) -> Floor:
    """E3's floor of the documents archived under ``data_dir``: a bare docxtpl load/render
    (empty context)/save of the finished DOCX split over 2 processes running at once (wall),
    plus their conversion at a warm pool's own per-document rate (measured here on a sample,
    start excluded) on 2 pools at once; with the CPU seconds of both parts."""
    import resource

    from benchmarks.bench_main_job import floor_cmd
    from naskah.pdf.pool import PdfPool

    files = sorted((data_dir / "archive").rglob("*.docx"))
    halves = [files[0::2], files[1::2]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    procs = [subprocess.Popen(floor_cmd(h, ctx.workdir / f"floor-{i}"), stdout=subprocess.DEVNULL)
             for i, h in enumerate(halves)]
    if any(p.wait(timeout=FINISH_TIMEOUT) for p in procs):
        raise RuntimeError("the floor's docxtpl processes failed")
    render_s = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    render_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    sample = files[:: max(len(files) // POOL_SAMPLE, 1)][:POOL_SAMPLE]
    with PdfPool(ctx.settings, index=40) as pool:
        pool.start()
        cpu_before = _descendants_cpu(os.getpid())
        started = time.perf_counter()
        for i, f in enumerate(sample):
            pool.convert(f, ctx.workdir / "floor-pdf" / f"{i:03d}.pdf")
        rate = (time.perf_counter() - started) / len(sample)
        cpu_rate = (_descendants_cpu(os.getpid()) - cpu_before) / len(sample)
    return Floor(render_s, rate * len(files) / 2, len(files), render_cpu, cpu_rate)


def _cpu_note(worker: Worker, seconds: float) -> str:
    cpu = worker.cpu_by_role()
    total = sum(cpu.values())
    return (f"CPU seconds: worker processes {cpu.get('pool', 0):.0f}, LibreOffice "
            f"{cpu.get('office', 0):.0f}, main process {cpu.get('main', 0):.0f} "
            f"(= {total / seconds:.2f} cores busy on average)")


@benchmark("kabupaten_batch", "Kabupaten batch on Celery workers (~1,000 documents, DOCX + PDF "
           "+ archive)", order=30)
def kabupaten_batch(ctx: BenchContext) -> BenchResult:
    keys = periods(1 if ctx.quick else KABUPATEN_PERIODS)
    ctx.say(f"  making {len(keys)} period(s) of the five example workbooks …")
    books = make_workbooks(ctx.workdir / "books", keys)
    t2, n2, w2, _ = run_on_workers(ctx, books, 2, "2-workers")
    fl = floor(ctx, ctx.workdir / "data-2-workers")
    floor_render_s, floor_convert_s, nf, tf = fl.render_s, fl.convert_s, fl.documents, fl.seconds
    w2_cpu = sum(w2.cpu_by_role().values())
    render_s, soffice_s, nb = bare_baseline(ctx, books)
    t1, n1, w1, _ = run_on_workers(ctx, books, 1, "1-worker")
    tb = render_s + soffice_s
    assert n1 == n2 == nb, (n1, n2, nb)
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    numbers = {
        "documents": n2, "agency_periods": sum(len(p) for p in books.values()),
        "two_workers_s": t2, "one_worker_s": t1, "baseline_s": tb,
        "baseline_render_s": render_s, "baseline_soffice_s": soffice_s,
        "two_workers_per_doc_ms": 1000 * t2 / n2, "one_worker_per_doc_ms": 1000 * t1 / n1,
        "baseline_per_doc_ms": 1000 * tb / nb,
        "floor_s": tf, "floor_render_s": floor_render_s, "floor_convert_s": floor_convert_s,
        "floor_documents": nf, "floor_cpu_s": fl.cpu_s, "floor_render_cpu_s": fl.render_cpu_s,
        "floor_convert_cpu_per_doc_ms": 1000 * fl.convert_cpu_per_doc_s,
        "two_workers_cpu_s": w2_cpu,
    }
    for role, cpu in w2.cpu_by_role().items():
        numbers[f"two_workers_cpu_{role}_s"] = cpu
    for role, cpu in w1.cpu_by_role().items():
        numbers[f"one_worker_cpu_{role}_s"] = cpu
    per = f"{n2} documents ({numbers['agency_periods']} agency-periods)"
    ratios = [
        Ratio(f"P4 kabupaten batch, {per}: 2 workers ÷ bare sequential baseline", t2 / tb, "<=",
              BASELINE_GOAL, f"{t2:.0f} s vs {tb:.0f} s (docxtpl {render_s:.0f} s + soffice "
              f"{soffice_s:.0f} s, {math.ceil(nb / SOFFICE_FILES_PER_CALL)} calls of ≤ "
              f"{SOFFICE_FILES_PER_CALL} files)"),
        Ratio(f"P4 kabupaten batch, {per}: speed-up of 2 workers over 1", t1 / t2, ">=",
              SPEEDUP_GOAL, f"{t1:.0f} s vs {t2:.0f} s"),
        Ratio(f"E3 kabupaten batch, {per}: 2 workers ÷ floor (bare docxtpl render of the "
              "finished DOCX on 2 processes + conversion at the warm pool's per-document rate "
              "on 2 pools)", t2 / tf, "<=", FLOOR_GOAL,
              f"{t2:.0f} s vs {tf:.0f} s (render {floor_render_s:.0f} s + convert "
              f"{floor_convert_s:.0f} s, {nf} documents); CPU seconds {w2_cpu:.0f} vs "
              f"{fl.cpu_s:.0f} (docxtpl {fl.render_cpu_s:.0f} + LibreOffice "
              f"{1000 * fl.convert_cpu_per_doc_s:.0f} ms/document): CPU ratio "
              f"{w2_cpu / fl.cpu_s:.2f}"),
    ]
    notes = [
        f"per document: 2 workers {numbers['two_workers_per_doc_ms']:.0f} ms, 1 worker "
        f"{numbers['one_worker_per_doc_ms']:.0f} ms, bare loop "
        f"{numbers['baseline_per_doc_ms']:.0f} ms (docxtpl {1000 * render_s / nb:.0f} + soffice "
        f"{1000 * soffice_s / nb:.0f}); load average at the end {load}.",
        f"2 workers: {_cpu_note(w2, t2)}; 1 worker: {_cpu_note(w1, t1)}.",
    ]
    return BenchResult(ratios, notes, {k: round(v, 3) for k, v in numbers.items()})


@benchmark("worker_rss", "Worker memory (RSS) over thousands of documents", order=40)
def worker_rss(ctx: BenchContext) -> BenchResult:
    wanted = 500 if ctx.quick else RSS_DOCUMENTS
    keys = periods(max(1, math.ceil(wanted / 124)))
    ctx.say(f"  making {len(keys)} periods of the five example workbooks (~{wanted} documents)"
            " …")
    books = make_workbooks(ctx.workdir / "books", keys)
    seconds, documents, worker, samples = run_on_workers(ctx, books, 2, "rss", sample_every=1.0)
    warm = [s for s in samples if 0.1 * documents <= s.documents < 0.2 * documents]
    end = [s for s in samples if s.documents >= 0.9 * documents]
    ratios, details = [], []
    numbers: dict[str, float] = {"documents": documents, "seconds_run": seconds,
                                 "samples": len(samples)}
    worst = 0.0
    pools = sorted({pid for s in samples for pid, (role, _) in s.rss.items() if role == "pool"})
    for n, pid in enumerate(pools, start=1):
        early = [s.rss[pid][1] for s in warm if pid in s.rss]
        late = [s.rss[pid][1] for s in end if pid in s.rss]
        if not early or not late:
            continue
        ratio = max(late) / max(early)
        worst = max(worst, ratio)
        details.append(f"process {n}: peak {max(early) / 1024:.0f} → {max(late) / 1024:.0f} MiB "
                       f"(median {statistics.median(early) / 1024:.0f} → "
                       f"{statistics.median(late) / 1024:.0f})")
        numbers[f"pool{n}_warm_peak_mib"] = max(early) / 1024
        numbers[f"pool{n}_end_peak_mib"] = max(late) / 1024
        numbers[f"pool{n}_warm_median_mib"] = statistics.median(early) / 1024
        numbers[f"pool{n}_end_median_mib"] = statistics.median(late) / 1024
    office = [rss for s in samples for role, rss in s.rss.values() if role == "office"]
    main = [rss for s in samples for role, rss in s.rss.values() if role == "main"]
    totals = [sum(rss for _, rss in s.rss.values()) for s in samples]
    numbers.update({
        "office_min_mib": min(office, default=0) / 1024,
        "office_max_mib": max(office, default=0) / 1024,
        "main_max_mib": max(main, default=0) / 1024,
        "all_processes_median_mib": statistics.median(totals) / 1024 if totals else 0,
        "all_processes_max_mib": max(totals, default=0) / 1024,
    })
    ratios.append(Ratio(
        f"P5 worker RSS over {documents} documents: a worker process's peak in the last tenth ÷ "
        "its peak in the second tenth (after warm-up; the larger of 2)", worst or None, "<=",
        RSS_GOAL,
        "; ".join(details) + f"; {len(samples)} samples over {seconds / 60:.1f} min"))
    notes = [
        f"{documents} documents in {seconds:.0f} s on 2 worker processes (RSS sampled every "
        f"second). Each worker process's LibreOffice: {numbers['office_min_mib']:.0f}–"
        f"{numbers['office_max_mib']:.0f} MiB (restarted every 200 conversions); main process "
        f"≤ {numbers['main_max_mib']:.0f} MiB; the whole worker (main + 2 processes + their "
        f"LibreOffice) median {numbers['all_processes_median_mib']:.0f} MiB, at most "
        f"{numbers['all_processes_max_mib']:.0f} MiB. Count set by NASKAH_BENCH_RSS_DOCUMENTS.",
    ]
    return BenchResult(ratios, notes, {k: round(v, 3) for k, v in numbers.items()})

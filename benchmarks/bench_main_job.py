"""The main job at the speed of its floor (issue 15): E1, E2, E4, E5 — every side a new process,
measured side by side, interleaved, median of several rounds.

- **E1** — ``naskah run WORKBOOK --no-pdf`` of each bundled example (a new process: imports,
  reading, measuring, numbering, rendering, archiving) ÷ its *floor*: a new Python process that
  imports docxtpl, loads, renders (empty context) and saves the same finished DOCX files the
  run produced (pictures already inside). Two rows per example: *warm* — the data dir has been
  used by a run of the agency before (the SOP's flowchart pages are in its content-addressed
  cache, as after an agency's first period) — and *cold* — the cache emptied before every run
  (the index and archive stay). The charts are not cached: written as SVG they cost ≈ 1 ms
  each. The very first run (empty data dir: the index is created too) is reported beside.
- **E2** — ``naskah run WORKBOOK`` (DOCX and PDF, the process's warm LibreOffice started by the
  run) of the first example ÷ E1's floor plus one ``soffice --convert-to pdf`` call over the
  same DOCX files with a user profile made beforehand.
- **E4** — ``naskah batch submit`` of the five examples without a broker (in-process executor,
  DOCX + PDF + archive): one process (``NASKAH_QUEUE__LOCAL_PROCESSES=1``, the executor before
  issue 15) ÷ one process per core (the default); goal ≥ 1.7× on 2 cores.
- **E5** — wall seconds of ``naskah --help`` and ``naskah plugins`` (median); goal < 1 s.

E3 (the kabupaten batch against its floor) is part of ``benchmarks/bench_batch.py``.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import FIRST_AGENCY, example_workbooks
from benchmarks.registry import BenchContext, BenchResult, Ratio, benchmark

NASKAH = Path(sys.executable).with_name("naskah")
E1_GOAL, E2_GOAL, E4_GOAL, E5_GOAL = 1.5, 1.3, 1.7, 1.0
TIMEOUT = 1800

FLOOR = """
import sys
from pathlib import Path
from docxtpl import DocxTemplate
out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
for i, f in enumerate(sys.argv[2:]):
    t = DocxTemplate(f)
    t.render({})
    t.save(out / f"{i:03d}.docx")
"""
"""The floor: a new process that loads, renders (docxtpl, empty context) and saves DOCX files."""


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a child: this one without ``NASKAH_*``, plus the data dir and
    ``extra`` (no broker: batches run in-process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NASKAH_")}
    env["NASKAH_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """``(wall seconds, CPU seconds)`` of one command run to its end; the CPU seconds are
    those of the processes it waited for (LibreOffice's own are not always among them).

    :raises RuntimeError: the command failed (its output's tail in the message).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=TIMEOUT)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd[:3]))} … exited {done.returncode}:\n"
                           f"{(done.stdout + done.stderr)[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def run_files(data_dir: Path) -> list[Path]:
    """The DOCX files of the first archived run (version 1) under ``data_dir``, in path order."""
    return sorted((data_dir / "archive").glob("*/*/*/v1/*/*.docx"))


def floor_cmd(files: list[Path], out: Path) -> list[str]:
    return [sys.executable, "-c", FLOOR, str(out), *map(str, files)]


def soffice_cmd(soffice: str, profile: Path, files: list[Path], out: Path) -> list[str]:
    return [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(out), *map(str, files)]


def interleave(variants: dict[str, callable], rounds: int) -> dict[str, dict[str, float]]:
    """Each variant ``rounds`` times, the order rotating every round; median wall and CPU."""
    names = list(variants)
    walls: dict[str, list[float]] = {n: [] for n in names}
    cpus: dict[str, list[float]] = {n: [] for n in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[: r % len(names)]:
            wall, cpu = variants[name]()
            walls[name].append(wall)
            cpus[name].append(cpu)
    return {n: {"wall": statistics.median(walls[n]), "cpu": statistics.median(cpus[n]),
                "min": min(walls[n]), "max": max(walls[n])} for n in names}


def _seconds(m: dict[str, float]) -> str:
    return f"{m['wall']:.2f} s (CPU {m['cpu']:.2f} s)"


@benchmark("main_job", "Main job vs its floor (E1, E2), in-process batch (E4), start-up (E5)",
           order=5)
def main_job(ctx: BenchContext) -> BenchResult:
    ratios: list[Ratio] = []
    notes: list[str] = []
    numbers: dict[str, float] = {}
    rounds = ctx.repeat(3, 2)
    books = [FIRST_AGENCY] if ctx.quick else example_workbooks()

    # --- E1 ----------------------------------------------------------------------------------
    for book in books:
        agency = book.name.rsplit("-20", 1)[0]
        data = ctx.workdir / f"e1-{agency}"
        ctx.say(f"  E1 {agency}: first run, then {rounds} rounds of run (warm, cold) / floor …")
        run = [str(NASKAH), "run", str(book), "--no-pdf"]
        first = child(run, env_for(data))
        files = run_files(data)
        out = ctx.workdir / f"floor-{agency}"

        def cold(run=run, data=data):
            shutil.rmtree(data / "cache", ignore_errors=True)  # the index stays, the cache goes
            return child(run, env_for(data))

        m = interleave({"run": lambda run=run, data=data: child(run, env_for(data)),
                        "cold": cold,
                        "floor": lambda files=files, out=out: child(floor_cmd(files, out))},
                       rounds)
        for key, label in (("run", "warm: the data dir's cache holds the SOP's flowchart pages "
                                   "from the agency's earlier run"),
                           ("cold", "cold: its cache emptied before each run")):
            ratios.append(Ratio(
                f"E1 {agency}: naskah run --no-pdf ({len(files)} documents; {label}) ÷ floor "
                "(new process: docxtpl load, render with empty context, save of the same DOCX "
                "files)",
                m[key]["wall"] / m["floor"]["wall"], "<=", E1_GOAL,
                f"{_seconds(m[key])} vs {_seconds(m['floor'])}, median of {rounds}; CPU ratio "
                f"{m[key]['cpu'] / m['floor']['cpu']:.2f}"
                + (f"; first run (empty data dir) {first[0]:.2f} s" if key == "run" else "")))
        numbers.update({f"e1.{agency}.run_s": m["run"]["wall"],
                        f"e1.{agency}.run_cpu_s": m["run"]["cpu"],
                        f"e1.{agency}.cold_s": m["cold"]["wall"],
                        f"e1.{agency}.cold_cpu_s": m["cold"]["cpu"],
                        f"e1.{agency}.floor_s": m["floor"]["wall"],
                        f"e1.{agency}.floor_cpu_s": m["floor"]["cpu"],
                        f"e1.{agency}.first_run_s": first[0],
                        f"e1.{agency}.documents": len(files)})

    # --- E2 ----------------------------------------------------------------------------------
    soffice = shutil.which(ctx.settings.pdf.soffice) or shutil.which("soffice")
    if soffice is None:
        ratios.append(Ratio("E2: naskah run (DOCX + PDF) ÷ floor + one soffice call", None,
                            "<=", E2_GOAL, "LibreOffice is not installed"))
    else:
        agency = FIRST_AGENCY.name.rsplit("-20", 1)[0]
        data = ctx.workdir / "e2"
        run = [str(NASKAH), "run", str(FIRST_AGENCY)]
        ctx.say(f"  E2 {agency}: first run, then {rounds} rounds of run with PDF / floor + "
                "soffice …")
        first = child(run, env_for(data))
        files = run_files(data)
        profile = Path(tempfile.mkdtemp(prefix="bench-profile-", dir=ctx.workdir))
        child(soffice_cmd(soffice, profile, files[:1], ctx.workdir / "warm"))  # makes the profile

        def floor_and_soffice(files=files):
            a = child(floor_cmd(files, ctx.workdir / "floor-e2"))
            b = child(soffice_cmd(soffice, profile, files, ctx.workdir / "soffice-e2"))
            return a[0] + b[0], a[1] + b[1]

        m = interleave({"run": lambda: child(run, env_for(data)), "floor": floor_and_soffice},
                       ctx.repeat(3, 1))
        ratios.append(Ratio(
            f"E2 {agency}: naskah run with PDF ({len(files)} documents, warm LibreOffice "
            "started by the run) ÷ floor + one soffice --convert-to pdf call (profile made "
            "beforehand)",
            m["run"]["wall"] / m["floor"]["wall"], "<=", E2_GOAL,
            f"{m['run']['wall']:.2f} s vs {m['floor']['wall']:.2f} s, median of "
            f"{ctx.repeat(3, 1)}; first run {first[0]:.2f} s"))
        numbers.update({"e2.run_s": m["run"]["wall"], "e2.floor_soffice_s": m["floor"]["wall"],
                        "e2.first_run_s": first[0]})

    # --- E4 ----------------------------------------------------------------------------------
    batch_books = example_workbooks()[: 2 if ctx.quick else None]
    cores = len(os.sched_getaffinity(0))
    e4 = {}
    for label, processes in (("sequential", 1), ("parallel", cores)):
        walls = []
        for r in range(ctx.repeat(2, 1)):
            data = ctx.workdir / f"e4-{label}-{r}"
            ctx.say(f"  E4 {label} ({processes} process(es)), {len(batch_books)} agencies …")
            cmd = [str(NASKAH), "batch", "submit", *map(str, batch_books), "--period",
                   "2025-TW1"]
            walls.append(child(cmd, env_for(
                data, NASKAH_QUEUE__LOCAL_PROCESSES=str(processes)))[0])
            shutil.rmtree(data, ignore_errors=True)
        e4[label] = statistics.median(walls)
    ratios.append(Ratio(
        f"E4: in-process batch of {len(batch_books)} agencies (DOCX + PDF + archive): "
        f"1 process ÷ {cores} processes (speed-up)",
        e4["sequential"] / e4["parallel"], ">=", E4_GOAL,
        f"{e4['sequential']:.1f} s vs {e4['parallel']:.1f} s, median of {ctx.repeat(2, 1)}"))
    numbers.update({"e4.sequential_s": e4["sequential"], "e4.parallel_s": e4["parallel"],
                    "e4.processes": cores})

    # --- E5 ----------------------------------------------------------------------------------
    data = ctx.workdir / "e5"
    m = interleave({"help": lambda: child([str(NASKAH), "--help"], env_for(data)),
                    "plugins": lambda: child([str(NASKAH), "plugins"], env_for(data))},
                   ctx.repeat(7, 2))
    for name, cmd in (("help", "naskah --help"), ("plugins", "naskah plugins")):
        ratios.append(Ratio(
            f"E5: {cmd}, wall seconds (a new process)", m[name]["wall"], "<=", E5_GOAL,
            f"median {_seconds(m[name])}, range {m[name]['min']:.2f}–{m[name]['max']:.2f} s",
            unit=" s"))
        numbers[f"e5.{name}_s"] = m[name]["wall"]
        numbers[f"e5.{name}_cpu_s"] = m[name]["cpu"]
    notes.append(
        "E1/E2/E4/E5: every side is a new process, measured from outside (wall seconds; CPU "
        "seconds of the processes it waited for), interleaved, median; the load average is in "
        "the machine table.")
    return BenchResult(ratios, notes, {k: round(v, 3) for k, v in numbers.items()})

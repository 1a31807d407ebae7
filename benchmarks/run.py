"""Run naskah's benchmarks and report every ratio side by side (``make bench``).

    .venv/bin/python benchmarks/run.py              # all, writes docs/performance.md
    .venv/bin/python benchmarks/run.py --only pdf   # one benchmark, prints only
    .venv/bin/python benchmarks/run.py --quick      # smoke run (few repetitions), prints only
    .venv/bin/python benchmarks/run.py --list

Benchmarks live in ``benchmarks/bench_*.py`` (see :mod:`benchmarks.registry`). The report
starts with the machine (CPU, cores, RAM, LibreOffice, Python, load average at the start): the
machine may be shared, so the load is part of the result. A benchmark that fails is reported
as such and the others still run; the exit status is then 1. A missed goal is not a failure:
the figure is reported with what holds it back.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.registry import (  # noqa: E402 - after making the repo importable
    BENCHMARKS,
    BenchContext,
    BenchResult,
    Ratio,
)

DOC = ROOT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:results:begin -->", "<!-- bench:results:end -->"


def discover() -> None:
    """Import every ``benchmarks/bench_*.py`` (their decorators register them)."""
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        importlib.import_module(f"benchmarks.{path.stem}")


# --- the machine ---------------------------------------------------------------------------------


def _first(pattern: str, text: str) -> str:
    m = re.search(pattern, text, re.MULTILINE)
    return m.group(1).strip() if m else "?"


def machine() -> dict[str, str]:
    """CPU model, cores, RAM, OS, LibreOffice, Python, load average now."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        meminfo = Path("/proc/meminfo").read_text()
    except OSError:
        cpuinfo = meminfo = ""
    mem_kb = _first(r"^MemTotal:\s+(\d+)", meminfo)
    try:
        lo = subprocess.run(
            ["soffice", "--version"], capture_output=True, text=True, timeout=60
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        lo = "not installed"
    try:
        os_name = _first(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text())
    except OSError:
        os_name = platform.platform()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()
    return {
        "cpu": _first(r"^model name\s*:\s*(.+)$", cpuinfo),
        "cores": f"{os.cpu_count()} ({usable} usable)",
        "ram": f"{int(mem_kb) / 1024 / 1024:.1f} GiB" if mem_kb.isdigit() else "?",
        "os": f"{os_name}, kernel {platform.release()}",
        "libreoffice": re.sub(r"\s+[0-9a-f]{20,}.*$", "", lo) or "?",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_start": " / ".join(f"{x:.2f}" for x in load) + " (1 / 5 / 15 min)",
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# --- running -------------------------------------------------------------------------------------

SOURCES = ("core", "plugins", "settings", "workers")


def compile_sources() -> None:
    """Byte-compile naskah's own modules, as installing a wheel does. With
    ``PYTHONDONTWRITEBYTECODE`` set (this machine's shells set it) an editable install compiles
    its ~100 modules from source again in every new process (≈ 0.3 s per ``naskah run``), a
    cost no installed naskah pays and the floors (docxtpl, installed) do not pay either."""
    import compileall

    for name in SOURCES:
        compileall.compile_dir(ROOT / name, quiet=1)



def run(
    names: list[str], *, quick: bool, say=print
) -> tuple[dict, list[tuple[str, BenchResult]], bool]:
    from naskah.settings import get_settings

    compile_sources()
    info = machine()
    say("naskah benchmarks — " + ", ".join(f"{k}: {v}" for k, v in info.items()))
    workdir = Path(tempfile.mkdtemp(prefix="naskah-bench-"))
    settings = get_settings().model_copy(update={"data_dir": workdir / "data"})
    results: list[tuple[str, BenchResult]] = []
    failed = False
    try:
        for name in names:
            bench = BENCHMARKS[name]
            if bench.func is None:
                results.append(
                    (
                        name,
                        BenchResult(
                            [
                                Ratio(goal_name, None, op, goal, f"not written yet ({bench.owner})")
                                for goal_name, op, goal in bench.goals
                            ]
                        ),
                    )
                )
                continue
            say(f"{bench.title} …")
            sub = workdir / name
            sub.mkdir()
            started = time.perf_counter()
            try:
                result = bench.func(BenchContext(sub, settings, quick=quick, say=say))
            except Exception as exc:  # noqa: BLE001 - report it, run the others
                failed = True
                traceback.print_exc()
                result = BenchResult(
                    [Ratio(bench.title, None, "<=", 0, f"failed: {type(exc).__name__}: {exc}")]
                )
            result.numbers["seconds"] = round(time.perf_counter() - started, 1)
            results.append((name, result))
            shutil.rmtree(sub, ignore_errors=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    info["load_end"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return info, results, failed


# --- reporting -----------------------------------------------------------------------------------


def _value(r: Ratio) -> str:
    return "—" if r.value is None else f"{r.value:.2f}{r.unit}"


def _verdict(r: Ratio) -> str:
    return {None: "not measured", True: "met", False: "missed"}[r.met]


def print_report(info: dict, results: list[tuple[str, BenchResult]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 200)
    table = Table(title="naskah benchmarks (ratios measured side by side in this run)")
    for col in ("Benchmark", "Ratio", "Value", "Goal", "", "Measured"):
        table.add_column(col, overflow="fold")
    for name, result in results:
        for r in result.ratios:
            style = {True: "green", False: "red", None: "yellow"}[r.met]
            table.add_row(name, r.name, _value(r), r.goal_text, f"[{style}]{_verdict(r)}", r.detail)
    console.print(table)
    for name, result in results:
        for note in result.notes:
            console.print(f"[dim]{name}:[/] {note}")
    console.print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))


def markdown(info: dict, results: list[tuple[str, BenchResult]], quick: bool) -> str:
    lines = [
        BEGIN,
        f"_Written by `make bench` on {info['date']}"
        + (" (quick run: few repetitions, not for the record)" if quick else "")
        + "._",
        "",
        "| Machine | |",
        "| --- | --- |",
        f"| CPU | {info['cpu']} |",
        f"| Cores | {info['cores']} |",
        f"| RAM | {info['ram']} |",
        f"| OS | {info['os']} |",
        f"| LibreOffice | {info['libreoffice']} |",
        f"| Python | {info['python']} |",
        f"| Load average at start | {info['load_start']} |",
        f"| Load average at end | {info.get('load_end', '?')} (1 / 5 / 15 min) |",
        "",
        "| Benchmark | Ratio | Value | Goal | | Measured |",
        "| --- | --- | ---: | --- | --- | --- |",
    ]
    for name, result in results:
        for r in result.ratios:
            lines.append(
                f"| {name} | {r.name} | {_value(r)} | {r.goal_text} | {_verdict(r)} | {r.detail} |"
            )
    lines.append("")
    for name, result in results:
        for note in result.notes:
            lines.append(f"- **{name}**: {note}")
    lines += [
        "",
        "<details><summary>Raw numbers</summary>",
        "",
        "```json",
        json.dumps({n: r.numbers for n, r in results}, indent=1, sort_keys=True),
        "```",
        "",
        "</details>",
        END,
    ]
    return "\n".join(lines)


SKELETON = f"""# Performance

Figures measured by `make bench` (`benchmarks/run.py`); each ratio is measured side by side in
one run on the machine described with it. The block below is rewritten by every full run.

{BEGIN}
{END}
"""


def write_doc(block: str, path: Path = DOC) -> None:
    text = path.read_text() if path.is_file() else SKELETON
    if BEGIN not in text or END not in text:
        text = text.rstrip() + "\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(head + block + tail)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="naskah benchmarks")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run these benchmarks only")
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke run)")
    parser.add_argument(
        "--write", action="store_true", help="write docs/performance.md even with --only or --quick"
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)

    discover()
    ordered = sorted(BENCHMARKS.values(), key=lambda b: (b.order, b.name))
    if args.list:
        for b in ordered:
            print(f"{b.name:18} {b.title}" + ("" if b.func else f"  [not written yet: {b.owner}]"))
        return 0
    names = [b.name for b in ordered]
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(names)}")
        names = [n for n in names if n in args.only]

    info, results, failed = run(names, quick=args.quick)
    print_report(info, results)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "results": {
                        n: {
                            "ratios": [r.__dict__ | {"met": r.met} for r in res.ratios],
                            "notes": res.notes,
                            "numbers": res.numbers,
                        }
                        for n, res in results
                    },
                },
                indent=1,
            )
        )
    complete = not args.only and not args.quick
    if not args.no_write and (complete or args.write):
        write_doc(markdown(info, results, args.quick))
        print(f"wrote {DOC.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

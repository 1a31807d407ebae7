"""``naskah cycle``: walk an agency's SOP procedure step by step, and time it against mutu baku.

Registered on the main app in :mod:`naskah.cli.main` as ``app.add_typer(cli_cycle.app,
name="cycle")``. Exit codes: 0 success; 1 a refused request; 2 usage error.

::

    naskah cycle start --agency dinsos-p3a-pessel --period 2025-TW1 --data dinsos.xlsx
    naskah cycle advance 1 --by tim-sakip          # completes the step, renders its documents
    naskah cycle decide 1 TIDAK --note "Lengkapi data Bidang Rehabilitasi Sosial" --by sekretaris
    naskah cycle decide 1 YA --by sekretaris
    naskah cycle status 1
    naskah cycle report 1                          # table + PNG chart

Times are recorded when the command runs; ``--at "2025-04-02 09:30"`` (WIB unless a zone is
given) records a step completed earlier.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from naskah.cli.collect import By, DataDir, console, fail_cleanly, settings_for, who
from naskah.errors import NaskahError
from naskah.settings import Settings

app = typer.Typer(
    help="Walk an agency's SOP procedure step by step: start, advance, decide YA/TIDAK; each "
    "completed step renders and archives its documents; report time against mutu baku.",
    no_args_is_help=True,
)

CycleId = Annotated[int, typer.Argument(help="Cycle number (naskah cycle list).")]
At = Annotated[str | None, typer.Option(
    "--at", help="When it happened, e.g. '2025-04-02 09:30' (WIB unless a zone is given); "
    "default: now.")]
Pdf = Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also convert documents to PDF.")]


def parse_at(text: str | None):
    """A clock returning ``text`` as an aware datetime (naive: WIB), or ``None`` for now.

    :raises NaskahError: not a date and time.
    """
    if not text:
        return None
    from naskah.sop_cycle.timing import WIB

    try:
        value = datetime.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise NaskahError(f"--at {text!r}: write a date and time as 2025-04-02 09:30") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=WIB)
    return lambda: value


def _with_pdf(settings: Settings, pdf: bool) -> Settings:
    return settings.model_copy(
        update={"pdf": settings.pdf.model_copy(update={"enabled": pdf and settings.pdf.enabled})}
    )


def _plugins(settings: Settings):
    from naskah.agencies.manager import plugins_for

    return plugins_for(settings)


def _wib(dt: datetime | None) -> str:
    from naskah.sop_cycle.timing import WIB

    return f"{dt.astimezone(WIB):%d/%m/%Y %H:%M}" if dt else "—"


def _step_line(step) -> str:
    waktu = step.waktu_teks or "tanpa mutu baku"
    who_ = ", ".join(step.pelaksana) or "—"
    return f"step {step.nomor}: {step.uraian} [{who_}; mutu baku {waktu}; output: " \
           f"{step.output or '—'}]"


def _hint(cycle, step) -> str:
    if step is None:
        return f"Cycle {cycle.id} is complete: naskah cycle report {cycle.id}"
    if step.keputusan is not None:
        k = step.keputusan
        return (f"Next: naskah cycle decide {cycle.id} YA|TIDAK --note … (YA → step {k.ya}, "
                f"TIDAK → back to step {k.tidak})")
    return f"Next: naskah cycle advance {cycle.id}"


def _print_outcome(outcome, settings: Settings) -> None:
    done = outcome.completed
    what = f"decided {outcome.keputusan}" if outcome.keputusan else "completed"
    console.print(f"Cycle {outcome.cycle.id}: step {done.nomor} {what}.", highlight=False)
    if outcome.run is not None:
        table = Table(title=f"Archived: run {outcome.run.run_id} (version "
                            f"{outcome.run.version})")
        for col in ("ID", "Document", "Nomor", "File"):
            table.add_column(col, overflow="fold")
        for d in outcome.run.documents:
            table.add_row(str(d.id), d.title, d.nomor or "—",
                          Path(d.docx_path).name + (" +pdf" if d.pdf_path else ""))
        console.print(table)
        if outcome.run.pdf_note:
            console.print(f"[yellow]{outcome.run.pdf_note}")
    elif outcome.keputusan == "TIDAK":
        console.print("No document: the laporan goes back to be completed "
                      f"(putaran {outcome.cycle.putaran}).")
    for path in outcome.formulir:
        console.print(f"XLSX formulir: {path}", highlight=False)
    for w in outcome.warnings:
        console.print(f"[yellow]warning:[/] {w}", highlight=False)
    if outcome.next_step is not None:
        console.print(f"Now {_step_line(outcome.next_step)}", highlight=False)
    console.print(_hint(outcome.cycle, outcome.next_step), highlight=False)


@app.command()
def start(
    agency: Annotated[str, typer.Option("--agency", "-a", help="Agency slug.")],
    period: Annotated[str, typer.Option("--period", "-p", help="Period, e.g. 2025-TW1.")],
    procedure: Annotated[str | None, typer.Option(
        "--procedure", help="Procedure slug (default: the SOP's first, pengumpulan).")] = None,
    data: Annotated[Path | None, typer.Option(
        "--data", help="Input workbook (indicators, targets, officials); needed unless the "
        "pengumpulan was opened before.")] = None,
    by: By = None,
    at: At = None,
    data_dir: DataDir = None,
) -> None:
    """Start a cycle at the procedure's first step."""
    from naskah.collect.data import load_source, reported_in_workbook
    from naskah.collect.store import Pengumpulan, open_store
    from naskah.sop_cycle.engine import procedure_of, start_cycle

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        plugins = _plugins(settings)
        kwargs = {"clock": parse_at(at)} if at else {}
        cycle = start_cycle(session, settings, plugins, agency=agency, periode=period,
                            procedure=procedure, data=data, by=who(by), **kwargs)
        pengumpulan = session.get(Pengumpulan, cycle.pengumpulan_id)
        step = procedure_of(plugins, cycle).step(cycle.current_step)
        ignored = reported_in_workbook(load_source(settings, pengumpulan))
    console.print(f"Cycle {cycle.id}: {agency} · {cycle.procedure} · {cycle.periode} "
                  f"(collection by {pengumpulan.mode}, data {pengumpulan.input_name}).",
                  highlight=False)
    if ignored:
        console.print(f"[yellow]note:[/] the workbook's {ignored} realisasi of {cycle.periode} "
                      "are not used: the cycle's realisasi come from the collected formulir "
                      "or entries.", highlight=False)
    console.print(f"Now {_step_line(step)}", highlight=False)
    console.print(_hint(cycle, step), highlight=False)


@app.command()
def advance(
    cycle_id: CycleId,
    by: By = None,
    note: Annotated[str, typer.Option("--note", help="A note on the step.")] = "",
    at: At = None,
    pdf: Pdf = True,
    data_dir: DataDir = None,
) -> None:
    """Complete the step in progress (its documents are rendered and archived) and start the
    next one."""
    from naskah.collect.store import open_store
    from naskah.sop_cycle import engine

    settings = _with_pdf(settings_for(data_dir), pdf)
    with fail_cleanly(), open_store(settings) as session:
        kwargs = {"clock": parse_at(at)} if at else {}
        outcome = engine.advance(session, settings, _plugins(settings), cycle_id, by=who(by),
                                 note=note, **kwargs)
        _print_outcome(outcome, settings)


@app.command()
def decide(
    cycle_id: CycleId,
    keputusan: Annotated[str, typer.Argument(help="YA or TIDAK.")],
    note: Annotated[str, typer.Option("--note", help="The arahan (required for TIDAK).")] = "",
    by: By = None,
    at: At = None,
    pdf: Pdf = True,
    data_dir: DataDir = None,
) -> None:
    """The Sekretaris' decision at a decision step: YA goes on (final documents), TIDAK goes
    back to the step the SOP names, keeping the note."""
    from naskah.collect.store import open_store
    from naskah.sop_cycle import engine

    settings = _with_pdf(settings_for(data_dir), pdf)
    with fail_cleanly(), open_store(settings) as session:
        kwargs = {"clock": parse_at(at)} if at else {}
        outcome = engine.decide(session, settings, _plugins(settings), cycle_id, keputusan,
                                by=who(by), note=note, **kwargs)
        _print_outcome(outcome, settings)


@app.command("list")
def list_(
    agency: Annotated[str | None, typer.Option("--agency", "-a")] = None,
    data_dir: DataDir = None,
) -> None:
    """Every cycle, with its state."""
    from naskah.collect.store import open_store
    from naskah.sop_cycle.engine import list_cycles

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        table = Table(title="Cycles")
        for col in ("ID", "Agency", "Procedure", "Period", "Status", "Step", "Putaran",
                    "Started (WIB)"):
            table.add_column(col, overflow="fold")
        for c in list_cycles(session, agency):
            table.add_row(str(c.id), c.agency, c.procedure, c.periode, c.status,
                          str(c.current_step or "—"), str(c.putaran), _wib(c.started_at))
        console.print(table)


@app.command()
def status(
    cycle_id: CycleId,
    data_dir: DataDir = None,
) -> None:
    """Where the cycle is, every step passed (who, when, decision, note, documents)."""
    from sqlalchemy import select

    from naskah.archive.store import Document
    from naskah.collect.store import open_store
    from naskah.db import utcnow
    from naskah.sop_cycle.engine import get_cycle, procedure_of
    from naskah.sop_cycle.timing import durasi_teks, menit_kerja, standar_menit

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        cycle = get_cycle(session, cycle_id)
        proc = procedure_of(_plugins(settings), cycle)
        console.print(f"Cycle {cycle.id}: {cycle.agency} · {proc.judul} · {cycle.periode} — "
                      f"{cycle.status}, putaran {cycle.putaran}", highlight=False)
        table = Table()
        for col in ("Step", "Put.", "Started (WIB)", "Ended (WIB)", "By", "Decision / note",
                    "Documents (archive ID, nomor)"):
            table.add_column(col, overflow="fold")
        for e in cycle.events:
            docs = []
            if e.run_id is not None:
                for d in session.scalars(select(Document).where(Document.run_id == e.run_id)
                                         .order_by(Document.id)):
                    docs.append(f"{d.id} {d.title}" + (f" [{d.nomor}]" if d.nomor else ""))
            decision = " · ".join(x for x in (e.keputusan or "", e.note) if x)
            table.add_row(f"{e.step}. {proc.step(e.step).uraian[:60]}", str(e.putaran),
                          _wib(e.started_at), _wib(e.ended_at) if e.ended_at else "running",
                          e.actor or "—", decision or "—", "\n".join(docs) or "—",
                          style="bold" if e.ended_at is None else None)
        console.print(table)
        if cycle.current_step is not None:
            step = proc.step(cycle.current_step)
            event = cycle.current_event
            used = menit_kerja(event.started_at, utcnow()) if event else 0
            std = standar_menit(step)
            console.print(f"Now {_step_line(step)}; working time so far {durasi_teks(used)}"
                          + (f" of {durasi_teks(std)}" if std is not None else ""),
                          highlight=False)
            console.print(_hint(cycle, step), highlight=False)
        else:
            console.print(_hint(cycle, None), highlight=False)


@app.command()
def report(
    cycle_id: CycleId,
    chart: Annotated[Path | None, typer.Option(
        "--chart", help="Where to write the PNG (default: <data_dir>/reports/…).")] = None,
    data_dir: DataDir = None,
) -> None:
    """Per step passed: working time against the mutu baku time, the total, the steps over
    their standard; as a table and a PNG chart."""
    from naskah.collect.store import open_store
    from naskah.db import utcnow
    from naskah.sop_cycle.chart import timing_chart
    from naskah.sop_cycle.engine import get_cycle, procedure_of
    from naskah.sop_cycle.timing import durasi_teks, timing_report

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        cycle = get_cycle(session, cycle_id)
        rep = timing_report(cycle, procedure_of(_plugins(settings), cycle), utcnow())
    table = Table(title=f"Cycle {rep.cycle_id} · {rep.agency} · {rep.procedure.judul} · "
                        f"{rep.periode} — working time against mutu baku "
                        f"(working hours {rep.jam.mulai:%H.%M}–{rep.jam.selesai:%H.%M} WIB)")
    for col in ("Step", "Put.", "Pelaksana", "Started", "Ended", "Actual", "Mutu baku",
                "Difference", ""):
        table.add_column(col, overflow="fold")
    for r in rep.rows:
        baku = f"{durasi_teks(r.standar)} ({r.step.waktu_teks})" if r.standar is not None \
            else "—"
        flag = "OVER" if r.over else ("running" if r.berjalan else "ok")
        if r.keputusan:
            flag += f" · {r.keputusan}"
        table.add_row(f"{r.step.nomor}. {textwrap.shorten(r.step.uraian, 48, placeholder=' …')}",
                      str(r.putaran),
                      ", ".join(r.step.pelaksana) or "—", _wib(r.mulai),
                      _wib(r.selesai) if r.selesai else "—", durasi_teks(r.menit), baku,
                      durasi_teks(r.selisih) if r.selisih is not None else "—", flag,
                      style="red" if r.over else None)
    table.add_row("Total", "", "", "", "", durasi_teks(rep.total_menit),
                  durasi_teks(rep.total_standar),
                  durasi_teks(rep.total_menit - rep.total_standar),
                  "OVER" if rep.total_menit > rep.total_standar else "ok", style="bold")
    console.print(table)
    if rep.total_semua != rep.total_menit:
        console.print(f"Total over every step, those without mutu baku included: "
                      f"{durasi_teks(rep.total_semua)}.", highlight=False)
    over = rep.over
    console.print(f"{len(over)} step(s) over their mutu baku"
                  + (": " + ", ".join(f"{r.step.nomor} (putaran {r.putaran})" for r in over)
                     if over else "."), highlight=False)
    out = chart or Path(settings.data_dir) / "reports" / f"siklus-{rep.cycle_id}-waktu.png"
    timing_chart(rep, out)
    console.print(f"Chart: {out}", highlight=False)

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

Times are recorded when the command runs; ``--at "2025-04-02 09:30"`` (the agency's zone,
WIB/WITA/WIT, unless one is given; ``9:30`` or ``09.30`` alone is today) records a step
completed earlier. Times are shown in the agency's zone, labelled (:mod:`naskah.timezones`).
"""

from __future__ import annotations

import re
import textwrap
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from naskah.cli.collect import By, DataDir, console, fail_cleanly, settings_for, who
from naskah.cli.common import PERIOD_HELP
from naskah.errors import NaskahError
from naskah.i18n import N_, _, ngettext
from naskah.settings import Settings

app = typer.Typer(
    help=N_("Walk an agency's SOP procedure step by step: start, advance, decide YA/TIDAK; each "
    "completed step renders and archives its documents; report time against mutu baku."),
    no_args_is_help=True,
)

CycleId = Annotated[int, typer.Argument(help=N_("Cycle number (naskah cycle list)."))]
At = Annotated[str | None, typer.Option(
    "--at", help=N_("When it happened, e.g. '2025-04-02 09:30', '09.30' or '9:30' (today), in "
                    "the agency's time zone unless WIB/WITA/WIT is written; default: now."))]
Pdf = Annotated[bool, typer.Option("--pdf/--no-pdf", help=N_("Also convert documents to PDF."))]


_AT = re.compile(
    r"^(?:(?P<date>\d{4}-\d{1,2}-\d{1,2})[ T]+)?(?P<h>\d{1,2})[:.](?P<m>\d{2})"
    r"(?:[:.](?P<s>\d{2}))?(?:\s*(?P<zone>WIB|WITA|WIT))?$", re.IGNORECASE)


def parse_at(text: str | None, zone=None, *, today=None):
    """A clock returning ``text`` as an aware datetime, or ``None`` for now.

    Accepted: ``2025-04-02 09:30`` (also ``2025/04/02 9.30``, seconds optional), a time alone
    (``9:30``, ``09.30``: today in the zone), an optional ``WIB``/``WITA``/``WIT`` after the
    time, or an ISO datetime with an offset. Without a zone the time is in ``zone`` (a
    :class:`naskah.timezones.Zone`, default WIB).

    :raises NaskahError: not a date and time.
    """
    if not text:
        return None
    from naskah.timezones import WIB
    from naskah.timezones import zone as zone_named

    local = zone or WIB
    cleaned = " ".join(text.strip().replace("/", "-").split())
    match = _AT.match(cleaned)
    try:
        if match:
            tz = zone_named(match["zone"]).tz if match["zone"] else local.tz
            day = (date.fromisoformat("-".join(f"{int(p):02d}" for p in
                                               match["date"].split("-")))
                   if match["date"] else (today or datetime.now(tz).date()))
            value = datetime.combine(day, time(int(match["h"]), int(match["m"]),
                                               int(match["s"] or 0)), tz)
        else:
            value = datetime.fromisoformat(cleaned)
            if value.tzinfo is None:
                value = value.replace(tzinfo=local.tz)
    except ValueError:
        raise NaskahError(_("--at {text!r}: write a date and time as 2025-04-02 09:30, or a time "
                            "of today as 09.30", text=text)) from None
    return lambda: value


def _with_pdf(settings: Settings, pdf: bool) -> Settings:
    return settings.model_copy(
        update={"pdf": settings.pdf.model_copy(update={"enabled": pdf and settings.pdf.enabled})}
    )


def _plugins(settings: Settings):
    from naskah.agencies.manager import plugins_for

    return plugins_for(settings)


def _zone(settings: Settings, agency: str):
    from naskah.timezones import zone_of

    return zone_of(_plugins(settings), agency)


def _cycle_zone(session, settings: Settings, cycle_id: int):
    """The zone of the cycle's agency (WIB when there is no such cycle: the command says so)."""
    from naskah.sop_cycle.store import SopCycle
    from naskah.timezones import WIB

    cycle = session.get(SopCycle, cycle_id)
    return _zone(settings, cycle.agency) if cycle is not None else WIB


def _step_line(step) -> str:
    return _("step {n}: {uraian} [{who}; mutu baku {time}; output: {output}]", n=step.nomor,
             uraian=step.uraian, who=", ".join(step.pelaksana) or "—",
             time=step.waktu_teks or _("no mutu baku"), output=step.output or "—")


def _hint(cycle, step) -> str:
    if step is None:
        return _("Cycle {id} is complete: naskah cycle report {id}", id=cycle.id)
    if step.keputusan is not None:
        k = step.keputusan
        return _("Next: naskah cycle decide {id} YA|TIDAK --note … (YA → step {ya}, TIDAK → "
                 "back to step {tidak})", id=cycle.id, ya=k.ya, tidak=k.tidak)
    return _("Next: naskah cycle advance {id}", id=cycle.id)


def _print_outcome(outcome, settings: Settings) -> None:
    done = outcome.completed
    if outcome.keputusan:
        line = _("Cycle {id}: step {n} decided {decision}.", id=outcome.cycle.id, n=done.nomor,
                 decision=outcome.keputusan)
    else:
        line = _("Cycle {id}: step {n} completed.", id=outcome.cycle.id, n=done.nomor)
    console.print(line, highlight=False)
    if outcome.run is not None:
        table = Table(title=_("Archived: run {run} (version {version})", run=outcome.run.run_id,
                              version=outcome.run.version))
        for col in (_("ID"), _("Document"), _("Nomor"), _("File")):
            table.add_column(col, overflow="fold")
        for d in outcome.run.documents:
            table.add_row(str(d.id), d.title, d.nomor or "—",
                          Path(d.docx_path).name + (" +pdf" if d.pdf_path else ""))
        console.print(table)
        if outcome.run.pdf_note:
            console.print(f"[yellow]{outcome.run.pdf_note}")
    elif outcome.keputusan == "TIDAK":
        console.print(_("No document: the laporan goes back to be completed (putaran {n}).",
                        n=outcome.cycle.putaran))
    for path in outcome.formulir:
        console.print(_("XLSX formulir: {path}", path=path), highlight=False)
    for w in outcome.warnings:
        console.print("[yellow]" + _("warning:") + "[/] " + w, highlight=False)
    if outcome.next_step is not None:
        console.print(_("Now {step}", step=_step_line(outcome.next_step)), highlight=False)
    console.print(_hint(outcome.cycle, outcome.next_step), highlight=False)


@app.command(help=N_("Start a cycle at the procedure's first step."))
def start(
    agency: Annotated[str, typer.Option("--agency", "-a", help=N_("Agency slug."))],
    period: Annotated[str, typer.Option("--period", "-p", help=PERIOD_HELP)],
    procedure: Annotated[str | None, typer.Option(
        "--procedure", help=N_("Procedure slug (default: the SOP's first, pengumpulan)."))] = None,
    data: Annotated[Path | None, typer.Option(
        "--data", help=N_("Input workbook (indicators, targets, officials); needed unless the "
        "pengumpulan was opened before."))] = None,
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
        kwargs = {"clock": parse_at(at, _zone(settings, agency))} if at else {}
        cycle = start_cycle(session, settings, plugins, agency=agency, periode=period,
                            procedure=procedure, data=data, by=who(by), **kwargs)
        pengumpulan = session.get(Pengumpulan, cycle.pengumpulan_id)
        step = procedure_of(plugins, cycle).step(cycle.current_step)
        ignored = reported_in_workbook(load_source(settings, pengumpulan))
    console.print(_("Cycle {id}: {agency} · {procedure} · {period} (collection by {mode}, "
                    "data {input}).", id=cycle.id, agency=agency, procedure=cycle.procedure,
                    period=cycle.periode, mode=pengumpulan.mode,
                    input=pengumpulan.input_name), highlight=False)
    if ignored:
        console.print("[yellow]" + _("note:") + "[/] " + _(
            "the workbook's {n} realisasi of {period} are not used: the cycle's realisasi come "
            "from the collected formulir or entries.", n=ignored, period=cycle.periode),
            highlight=False)
    console.print(_("Now {step}", step=_step_line(step)), highlight=False)
    console.print(_hint(cycle, step), highlight=False)


@app.command(help=N_("Complete the step in progress (its documents are rendered and archived) "
                     "and start the next one."))
def advance(
    cycle_id: CycleId,
    by: By = None,
    note: Annotated[str, typer.Option("--note", help=N_("A note on the step."))] = "",
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
        kwargs = ({"clock": parse_at(at, _cycle_zone(session, settings, cycle_id))} if at
                  else {})
        outcome = engine.advance(session, settings, _plugins(settings), cycle_id, by=who(by),
                                 note=note, **kwargs)
        _print_outcome(outcome, settings)


@app.command(help=N_("The Sekretaris' decision at a decision step: YA goes on (final "
                     "documents), TIDAK goes back to the step the SOP names, keeping the "
                     "note."))
def decide(
    cycle_id: CycleId,
    keputusan: Annotated[str, typer.Argument(help=N_("YA or TIDAK."))],
    note: Annotated[str, typer.Option("--note", help=N_("The arahan (required for TIDAK)."))] = "",
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
        kwargs = ({"clock": parse_at(at, _cycle_zone(session, settings, cycle_id))} if at
                  else {})
        outcome = engine.decide(session, settings, _plugins(settings), cycle_id, keputusan,
                                by=who(by), note=note, **kwargs)
        _print_outcome(outcome, settings)


@app.command("list", help=N_("Every cycle, with its state."))
def list_(
    agency: Annotated[str | None, typer.Option(
        "--agency", "-a", help=N_("Only this agency (slug, see `naskah plugins`)."))] = None,
    data_dir: DataDir = None,
) -> None:
    """Every cycle, with its state."""
    from naskah.collect.store import open_store
    from naskah.sop_cycle.engine import list_cycles

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        table = Table(title=_("Cycles"))
        for col in (_("ID"), _("Agency"), _("Procedure"), _("Period"), _("Status"), _("Step"),
                    "Putaran", _("Started")):
            table.add_column(col, overflow="fold")
        zones: dict[str, object] = {}
        for c in list_cycles(session, agency):
            zone = zones.setdefault(c.agency, _zone(settings, c.agency))
            table.add_row(str(c.id), c.agency, c.procedure, c.periode, c.status,
                          str(c.current_step or "—"), str(c.putaran),
                          zone.short(c.started_at))  # type: ignore[attr-defined]
        console.print(table)


@app.command(help=N_("Where the cycle is, every step passed (who, when, decision, note, "
                     "documents)."))
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
        zone = _zone(settings, cycle.agency)
        console.print(_("Cycle {id}: {agency} · {procedure} · {period} — {status}, putaran {n}",
                        id=cycle.id, agency=cycle.agency, procedure=proc.judul,
                        period=cycle.periode, status=cycle.status, n=cycle.putaran),
                      highlight=False)
        table = Table()
        for col in (_("Step"), "Put.", _("Started"), _("Ended"), _("By"), _("Decision / note"),
                    _("Documents (archive ID, nomor)")):
            table.add_column(col, overflow="fold")
        for e in cycle.events:
            docs = []
            if e.run_id is not None:
                for d in session.scalars(select(Document).where(Document.run_id == e.run_id)
                                         .order_by(Document.id)):
                    docs.append(f"{d.id} {d.title}" + (f" [{d.nomor}]" if d.nomor else ""))
            decision = " · ".join(x for x in (e.keputusan or "", e.note) if x)
            table.add_row(f"{e.step}. {proc.step(e.step).uraian[:60]}", str(e.putaran),
                          zone.short(e.started_at),
                          zone.short(e.ended_at) if e.ended_at else _("running"),
                          e.actor or "—", decision or "—", "\n".join(docs) or "—",
                          style="bold" if e.ended_at is None else None)
        console.print(table)
        if cycle.current_step is not None:
            step = proc.step(cycle.current_step)
            event = cycle.current_event
            used = menit_kerja(event.started_at, utcnow()) if event else 0
            std = standar_menit(step)
            line = (_("Now {step}; working time so far {used} of {standard}",
                      step=_step_line(step), used=durasi_teks(used), standard=durasi_teks(std))
                    if std is not None else
                    _("Now {step}; working time so far {used}", step=_step_line(step),
                      used=durasi_teks(used)))
            console.print(line, highlight=False)
            console.print(_hint(cycle, step), highlight=False)
        else:
            console.print(_hint(cycle, None), highlight=False)


@app.command(help=N_("Per step passed: working time against the mutu baku time, the total, "
                     "the steps over their standard; as a table and a PNG chart."))
def report(
    cycle_id: CycleId,
    chart: Annotated[Path | None, typer.Option(
        "--chart", help=N_("Where to write the PNG (default: <data_dir>/reports/…)."))] = None,
    data_dir: DataDir = None,
) -> None:
    """Per step passed: working time against the mutu baku time, the total, the steps over
    their standard; as a table and a PNG chart."""
    from naskah.collect.store import open_store
    from naskah.db import utcnow
    from naskah.sop_cycle.chart import timing_chart
    from naskah.sop_cycle.engine import get_cycle, procedure_of
    from naskah.sop_cycle.timing import JamKerja, durasi_teks, timing_report

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        cycle = get_cycle(session, cycle_id)
        zone = _zone(settings, cycle.agency)
        rep = timing_report(cycle, procedure_of(_plugins(settings), cycle), utcnow(),
                            JamKerja(zona=zone.tz))
    table = Table(title=_("Cycle {id} · {agency} · {procedure} · {period} — working time "
                          "against mutu baku (working hours {start}–{end} {zone})",
                          id=rep.cycle_id, agency=rep.agency, procedure=rep.procedure.judul,
                          period=rep.periode, start=rep.jam.mulai.strftime("%H.%M"),
                          end=rep.jam.selesai.strftime("%H.%M"), zone=zone.label))
    for col in (_("Step"), "Put.", "Pelaksana", _("Started"), _("Ended"), _("Actual"),
                "Mutu baku", _("Difference"), ""):
        table.add_column(col, overflow="fold")
    for r in rep.rows:
        baku = f"{durasi_teks(r.standar)} ({r.step.waktu_teks})" if r.standar is not None \
            else "—"
        flag = _("OVER") if r.over else (_("running") if r.berjalan else "ok")
        if r.keputusan:
            flag += f" · {r.keputusan}"
        table.add_row(f"{r.step.nomor}. {textwrap.shorten(r.step.uraian, 48, placeholder=' …')}",
                      str(r.putaran),
                      ", ".join(r.step.pelaksana) or "—", zone.short(r.mulai),
                      zone.short(r.selesai), durasi_teks(r.menit), baku,
                      durasi_teks(r.selisih) if r.selisih is not None else "—", flag,
                      style="red" if r.over else None)
    table.add_row(_("Total"), "", "", "", "", durasi_teks(rep.total_menit),
                  durasi_teks(rep.total_standar),
                  durasi_teks(rep.total_menit - rep.total_standar),
                  _("OVER") if rep.total_menit > rep.total_standar else "ok", style="bold")
    console.print(table)
    if rep.total_semua != rep.total_menit:
        console.print(_("Total over every step, those without mutu baku included: {total}.",
                        total=durasi_teks(rep.total_semua)), highlight=False)
    over = rep.over
    console.print(ngettext("{n} step over its mutu baku", "{n} steps over their mutu baku",
                           len(over))
                  + (": " + ", ".join(f"{r.step.nomor} (putaran {r.putaran})" for r in over)
                     if over else "."), highlight=False)
    out = chart or Path(settings.data_dir) / "reports" / f"siklus-{rep.cycle_id}-waktu.png"
    timing_chart(rep, out)
    console.print(_("Chart: {path}", path=out), highlight=False)

"""``naskah collect``: formulir out, filled formulir in, operator entries, what is missing.

Registered on the main app in :mod:`naskah.cli.main` as ``app.add_typer(cli_collect.app,
name="collect")``. Exit codes as the rest of the CLI: 0 success; 1 a refused request or a
refused file (every problem located); 2 usage error.

Typical formulir round (seed 000 and the other formulir SOPs)::

    naskah collect formulir --agency dinsos-p3a-pessel --period 2025-TW1 \\
        --data dinsos-2025-TW1.xlsx --out formulir/
    naskah collect import formulir/*.xlsx --agency dinsos-p3a-pessel --period 2025-TW1
    naskah collect status --agency dinsos-p3a-pessel --period 2025-TW1

Application round (seed 002, Disdagtrans)::

    naskah collect enter --agency disdagtrans-pessel --period 2025-TW1 --kode S.1 \\
        --realisasi 22,5 --by operator1
    naskah collect check --agency disdagtrans-pessel --period 2025-TW1 \\
        --bidang "Bidang Perdagangan" --by kabid
"""

from __future__ import annotations

import getpass
import textwrap
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from naskah.cli.common import (  # noqa: F401
    PERIOD_HELP,
    DataDir,
    console,
    err,
    fail_cleanly,
    settings_for,
)
from naskah.errors import NaskahError
from naskah.i18n import N_, _, ngettext
from naskah.settings import Settings

app = typer.Typer(
    help=N_("Collect realisasi: formulir out (XLSX/DOCX), filled formulir in, operator entries "
    "and the Kepala Bidang's check, what is still missing."),
    no_args_is_help=True,
)

Agency = Annotated[str, typer.Option("--agency", "-a", help=N_("Agency slug (naskah plugins)."))]
Period = Annotated[str, typer.Option("--period", "-p", help=PERIOD_HELP)]
By = Annotated[str | None, typer.Option("--by", help=N_("Who acts (default: the login name)."))]


def who(by: str | None) -> str:
    """``--by``, or the login name of the user running the command."""
    if by and by.strip():
        return by.strip()
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "unknown"


def _zone(settings: Settings, agency: str):
    """The time zone of ``agency`` (:class:`naskah.timezones.Zone`; WIB when unknown)."""
    from naskah.timezones import zone_of

    return zone_of(_plugins(settings), agency)


def _plugins(settings: Settings):
    from naskah.agencies.manager import plugins_for

    return plugins_for(settings)


def agency_names(plugins) -> dict[str, str]:
    """Printed agency names → slug, for DOCX forms without their stamp: the profile's name and
    the Kepala's jabatan without "Kepala " (how the formulir prints it, see
    :func:`naskah.documents.common.nama_instansi`); compared case-insensitively."""
    names: dict[str, str] = {}
    for slug, a in plugins.agencies().items():
        names[a.nama] = slug
        jabatan = a.kepala.jabatan.strip()
        if jabatan.lower().startswith("kepala ") and len(jabatan) > 7:
            names[jabatan[7:]] = slug
    return names


def _bidang_arg(bidang: str, known: tuple[str, ...]) -> str:
    """The bidang of ``known`` that ``--bidang`` names: its name (any case) or its slug as in
    the formulir file names (``bidang-perdagangan``).

    :raises NaskahError: none of them (the message lists the bidang).
    """
    from naskah.model import slugify

    wanted = bidang.strip().casefold()
    for b in known:
        if wanted in (b.casefold(), slugify(b)):
            return b
    raise NaskahError(_("bidang {bidang!r} is not in this pengumpulan; its bidang: {known}",
                        bidang=bidang, known=", ".join(known)))


# --- formulir out ------------------------------------------------------------------------------


@app.command(help=N_("Write each bidang's formulir as XLSX and DOCX, with its bukti tanda "
                     "terima (DOCX)."))
def formulir(
    agency: Agency,
    period: Period,
    out: Annotated[Path, typer.Option("--out", "-o", help=N_("Folder to write the forms into."))],
    data: Annotated[Path | None, typer.Option(
        "--data", help=N_("Input workbook: opens (or re-opens) the pengumpulan from it."))] = None,
    bidang: Annotated[str | None, typer.Option("--bidang", help=N_("Only this bidang."))] = None,
    data_dir: DataDir = None,
) -> None:
    """Write each bidang's formulir as XLSX and DOCX, with its bukti tanda terima (DOCX)."""
    from naskah.collect.data import load_source, open_pengumpulan, require_pengumpulan
    from naskah.collect.formulir_docx import write_formulir_docx, write_tanda_terima
    from naskah.collect.formulir_xlsx import write_formulir_xlsx
    from naskah.collect.store import open_store
    from naskah.model import slugify
    from naskah.pipeline import prepare_cycle

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        plugins = _plugins(settings)
        if data is not None:
            row = open_pengumpulan(session, settings, plugins, data, agency=agency,
                                   periode=period)
            session.commit()
        else:
            row = require_pengumpulan(session, agency, period)
        source = load_source(settings, row)
        cycle = prepare_cycle(plugins, agency, source)
        chosen = (_bidang_arg(bidang, source.bidang),) if bidang else source.bidang
        table = Table(title=_("Formulir {agency} · {period} ({mode})", agency=agency,
                              period=row.periode, mode=row.mode))
        for col in ("Bidang", _("Indicators"), _("Files")):
            table.add_column(col, overflow="fold")
        for b in chosen:
            stem = out / f"formulir-{slugify(b)}"
            files = [
                write_formulir_xlsx(plugins, cycle, b, stem.with_suffix(".xlsx")),
                write_formulir_docx(plugins, cycle, b, stem.with_suffix(".docx")),
                write_tanda_terima(plugins, cycle, b, out / f"tanda-terima-{slugify(b)}.docx"),
            ]
            table.add_row(b, str(len(cycle.capaian_of_bidang(b))),
                          "\n".join(f.name for f in files))
    console.print(table)
    console.print(_("Written to {path}. When they come back filled: naskah collect import "
                    "FILE… --agency {agency} --period {period}", path=out, agency=agency,
                    period=row.periode), highlight=False)


# --- formulir in -------------------------------------------------------------------------------


@app.command("import", help=N_("Import filled formulir; each file is accepted whole or "
                               "refused whole (exit 1 if any is refused, with every problem "
                               "located)."))
def import_(
    files: Annotated[list[Path], typer.Argument(help=N_("Filled formulir (.xlsx or .docx)."))],
    agency: Agency,
    period: Period,
    by: By = None,
    data_dir: DataDir = None,
) -> None:
    """Import filled formulir; each file is accepted whole or refused whole (exit 1 if any is
    refused, with every problem located)."""
    from naskah.collect.importer import import_files, summary
    from naskah.collect.store import open_store

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        outcomes = import_files(session, settings, files, agency=agency, periode=period,
                                by=who(by), agency_names=agency_names(_plugins(settings)))
        refused = 0
        for o in outcomes:
            if o.accepted:
                assert o.revision is not None
                n = summary(o.rows)
                console.print("[green]✓[/] " + _(
                    "{file}: {bidang}, revision {revision} ({status}): {total} indicators, "
                    "{reported} reported, {na} n/a, {empty} empty", file=o.path.name,
                    bidang=o.bidang, revision=o.revision.nomor, status=o.revision.status,
                    total=n["jumlah"], reported=n["dilaporkan"], na=n["tidak_terukur"],
                    empty=n["belum"]), highlight=False)
            else:
                refused += 1
                err.print("[red]✗[/] " + ngettext(
                    "{file} refused, nothing stored ({n} problem):",
                    "{file} refused, nothing stored ({n} problems):", len(o.problems),
                    file=o.path.name), highlight=False)
                for p in o.problems:
                    err.print(f"  • {p}", highlight=False, markup=False)
    if refused:
        raise typer.Exit(1)


# --- status ------------------------------------------------------------------------------------


@app.command(help=N_("Per bidang: the revision the recap uses, what waits for a check, and "
                     "which indicators have no realisasi yet (belum dilaporkan, never 0)."))
def status(
    agency: Agency,
    period: Period,
    data_dir: DataDir = None,
) -> None:
    """Per bidang: the revision the recap uses, what waits for a check, and which indicators
    have no realisasi yet (belum dilaporkan, never 0)."""
    from naskah.collect.data import require_pengumpulan
    from naskah.collect.status import collection_status
    from naskah.collect.store import open_store

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        row = require_pengumpulan(session, agency, period)
        states = collection_status(session, settings, row)
        table = Table(title=_("Pengumpulan {agency} · {period} ({mode}) — {input}",
                              agency=agency, period=row.periode, mode=row.mode,
                              input=row.input_name))
        for col in ("Bidang", _("Used"), _("Waiting"), _("Reported"), "n/a",
                    _("Not reported yet")):
            table.add_column(col, overflow="fold")
        for s in states:
            used = "—"
            if s.dipakai is not None:
                r = s.dipakai
                used = _("rev {n} {status} ({source}; {by})", n=r.nomor, status=r.status,
                         source=r.source_name or r.sumber, by=r.checked_by or r.created_by)
            waiting = "—"
            if s.terbaru is not None:
                w = s.terbaru
                waiting = _("rev {n} {status}", n=w.nomor, status=w.status) + (
                    f": {w.note}" if w.note else "")
            missing = "\n".join(f"{i.kode} {textwrap.shorten(i.nama, 38, placeholder=' …')}"
                                for i in s.belum) or "—"
            table.add_row(s.bidang, used, waiting, f"{s.dilaporkan}/{len(s.indikator)}",
                          str(len(s.tidak_terukur)), missing,
                          style=None if s.lengkap and s.terbaru is None else "yellow")
        console.print(table)
        belum = sum(len(s.belum) for s in states)
        console.print(ngettext("{n} indicator without realisasi.",
                               "{n} indicators without realisasi.", belum) if belum
                      else _("Every indicator has a realisasi."))


@app.command(help=N_("Every revision of every bidang (the old ones are kept)."))
def revisions(
    agency: Agency,
    period: Period,
    bidang: Annotated[str | None, typer.Option("--bidang", help=N_("Only this bidang."))] = None,
    data_dir: DataDir = None,
) -> None:
    """Every revision of every bidang (the old ones are kept)."""
    from naskah.collect.data import require_pengumpulan
    from naskah.collect.store import open_store, revisions_of

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        row = require_pengumpulan(session, agency, period)
        zone = _zone(settings, agency)
        table = Table(title=_("Revisions {agency} · {period}", agency=agency,
                              period=row.periode))
        for col in ("Bidang", _("Rev"), _("Status"), _("Source"), _("By"),
                    _("At ({zone})", zone=zone.label), _("Checked"), _("Note")):
            table.add_column(col, overflow="fold")
        for r in revisions_of(session, row, bidang):
            table.add_row(r.bidang, str(r.nomor), r.status,
                          f"{r.sumber} {r.source_name}".strip(), r.created_by,
                          zone.short(r.created_at),
                          f"{r.checked_by} {zone.short(r.checked_at)}" if r.checked_at
                          else "—", r.note or "")
        console.print(table)


# --- operator path (application-based collection, seed 002) ------------------------------------


@app.command(help=N_("An operator enters one indicator's realisasi (application-based "
                     "collection)."))
def enter(
    agency: Agency,
    period: Period,
    kode: Annotated[str, typer.Option("--kode", "-k", help=N_("Indicator kode."))],
    realisasi: Annotated[str | None, typer.Option(
        "--realisasi", "-r", help=N_("85,5 · n/a (tidak dapat diukur) · '' (clear)."))] = None,
    anggaran: Annotated[str | None, typer.Option(
        "--anggaran", help=N_("Realisasi anggaran in Rupiah, e.g. 60.250.000."))] = None,
    keterangan: Annotated[str | None, typer.Option(
        "--keterangan", help=N_("Note/evidence."))] = None,
    by: By = None,
    data_dir: DataDir = None,
) -> None:
    """An operator enters one indicator's realisasi (application-based collection)."""
    from naskah.collect.data import require_pengumpulan
    from naskah.collect.operator import _KEEP, enter_realisasi
    from naskah.collect.store import open_store
    from naskah.db import utcnow
    from naskah.documents.kinerja import tampil
    from naskah.formatting import rupiah

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        row = require_pengumpulan(session, agency, period)
        rev, value = enter_realisasi(
            session, settings, row, kode=kode,
            realisasi=_KEEP if realisasi is None else realisasi,
            anggaran=_KEEP if anggaran is None else anggaran,
            keterangan=keterangan, by=who(by), now=utcnow(),
        )
        session.commit()
        console.print(_("{bidang}, revision {n} ({status}): {kode} = {value}", bidang=rev.bidang,
                        n=rev.nomor, status=rev.status, kode=kode,
                        value=tampil(value.as_nilai))
                      + (f", anggaran {rupiah(value.realisasi_anggaran)}"
                         if value.realisasi_anggaran is not None else ""), highlight=False)


@app.command(help=N_("The Kepala Bidang marks the bidang's entries checked: the recap will "
                     "use them."))
def check(
    agency: Agency,
    period: Period,
    bidang: Annotated[str, typer.Option("--bidang", "-b", help=N_("The bidang checked."))],
    by: By = None,
    data_dir: DataDir = None,
) -> None:
    """The Kepala Bidang marks the bidang's entries checked: the recap will use them."""
    from naskah.collect.data import load_source, require_pengumpulan
    from naskah.collect.operator import check_bidang
    from naskah.collect.store import open_store
    from naskah.db import utcnow

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        row = require_pengumpulan(session, agency, period)
        name = _bidang_arg(bidang, load_source(settings, row).bidang)
        rev = check_bidang(session, row, name, by=who(by), now=utcnow())
        session.commit()
        console.print(_("{bidang}: revision {n} checked by {by}.", bidang=name, n=rev.nomor,
                        by=rev.checked_by), highlight=False)


@app.command("return", help=N_("The Kepala Bidang returns the bidang's entries with a note, "
                               "to be entered again."))
def return_(
    agency: Agency,
    period: Period,
    bidang: Annotated[str, typer.Option("--bidang", "-b", help=N_("The bidang returned."))],
    note: Annotated[str, typer.Option("--note", help=N_("What to correct (required)."))],
    by: By = None,
    data_dir: DataDir = None,
) -> None:
    """The Kepala Bidang returns the bidang's entries with a note, to be entered again."""
    from naskah.collect.data import load_source, require_pengumpulan
    from naskah.collect.operator import return_bidang
    from naskah.collect.store import open_store
    from naskah.db import utcnow

    settings = settings_for(data_dir)
    with fail_cleanly(), open_store(settings) as session:
        row = require_pengumpulan(session, agency, period)
        name = _bidang_arg(bidang, load_source(settings, row).bidang)
        rev = return_bidang(session, row, name, note=note, by=who(by), now=utcnow())
        session.commit()
        console.print(_("{bidang}: revision {n} returned by {by}: {note}", bidang=name,
                        n=rev.nomor, by=rev.checked_by, note=rev.note), highlight=False)

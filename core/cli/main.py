"""The ``naskah`` command line (Typer + rich).

Exit codes: 0 success; 1 bad input or a refused request (the message says what and where);
2 usage error (Typer's own).
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from naskah import __version__
from naskah.cli import agency as cli_agency
from naskah.cli import archive_tools as cli_archive_tools
from naskah.cli import batch as cli_batch
from naskah.cli import collect as cli_collect
from naskah.cli import cycle as cli_cycle
from naskah.cli import serve as cli_serve
from naskah.cli import sop as cli_sop
from naskah.cli import worker as cli_worker
from naskah.cli.common import PERIOD_HELP, DataDir, console, err, fail_cleanly, settings_for
from naskah.cli.plugins import HELP as PLUGINS_HELP
from naskah.cli.plugins import plugins as plugins_command
from naskah.cli.profile import app as profile_app
from naskah.cli.serve import serve
from naskah.cli.sign import SIGN_HELP, VERIFY_HELP
from naskah.cli.sign import sign as sign_command
from naskah.cli.sign import verify as verify_command
from naskah.cli.sop import sop as sop_command
from naskah.cli.translate import NaskahGroup
from naskah.cli.users import app as users_app
from naskah.cli.worker import worker
from naskah.errors import NaskahError
from naskah.i18n import N_, _, ngettext
from naskah.settings import Settings, get_settings

app = typer.Typer(
    cls=NaskahGroup,
    help=N_("naskah: the official documents of the SAKIP SOP 'Pengumpulan Data dan Pengukuran "
            "Kinerja', from a workbook of collected data."),
    no_args_is_help=True,
    add_completion=False,
)
archive_app = typer.Typer(
    help=N_("Find and retrieve archived documents."), no_args_is_help=True
)
app.add_typer(archive_app, name="archive")
archive_app.command("reindex", help=cli_archive_tools.REINDEX_HELP)(cli_archive_tools.reindex)
app.add_typer(profile_app, name="profile")
app.add_typer(users_app, name="users")
app.add_typer(cli_collect.app, name="collect")
app.add_typer(cli_cycle.app, name="cycle")
app.add_typer(cli_batch.app, name="batch")
app.add_typer(cli_agency.app, name="agency")
app.command("sop", help=cli_sop.HELP)(sop_command)
app.command("plugins", help=PLUGINS_HELP)(plugins_command)
app.command(help=cli_serve.HELP)(serve)
app.command(help=cli_worker.HELP)(worker)
app.command("sign", help=SIGN_HELP)(sign_command)
app.command("verify", help=VERIFY_HELP)(verify_command)

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
DEMO_WORKBOOK = EXAMPLES_DIR / "dinsos-p3a-pessel-2025-TW1.xlsx"
DEMO_AGENCY = "dinsos-p3a-pessel"

def _print_version(value: bool) -> None:
    if value:
        console.print(f"naskah {__version__}")
        raise typer.Exit()


@app.callback(help=N_("naskah: the official documents of the SAKIP SOP, from a workbook of "
                       "collected data."))
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help=N_("Print the version."), callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    """naskah: the official documents of the SAKIP SOP, from a workbook of collected data."""


@app.command(help=N_("Render the whole document trail of one agency and one period, and "
                     "archive it."))
def run(
    workbook: Annotated[
        Path, typer.Argument(help=N_("XLSX of collected data (see docs/input-format.md)."))
    ],
    agency: Annotated[
        str | None, typer.Option("--agency", "-a", help=N_("Agency slug (see `naskah plugins`)."))
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help=PERIOD_HELP)
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help=N_("Also convert to PDF."))] = True,
    nomor_baru: Annotated[bool, typer.Option(
        "--nomor-baru",
        help=N_("Issue new letters: every numbered document takes a new number from the "
                "register. Without it, a regenerated document keeps its number."),
    )] = False,
    data_dir: DataDir = None,
) -> None:
    """Render the whole document trail of one agency and one period, and archive it."""
    _run(workbook, agency, period, pdf, settings_for(data_dir), new_numbers=nomor_baru)


@app.command(help=N_("Run the bundled example (Dinsos P3A Pesisir Selatan, 2025-TW1)."))
def demo(
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help=N_("Also convert to PDF."))] = True,
    sign: Annotated[bool, typer.Option("--sign/--no-sign", help=N_(
        "Sign the Laporan with the demo's TEST certificate and verify it."))] = True,
    data_dir: DataDir = None,
) -> None:
    """Run the bundled example (Dinsos P3A Pesisir Selatan, 2025-TW1)."""
    if not DEMO_WORKBOOK.is_file():
        err.print("[red]" + _("error:") + "[/] "
                  + _("the example workbook is not here: {path}", path=DEMO_WORKBOOK))
        raise typer.Exit(1)
    console.print(_("Example data: [bold]{name}[/] (numbers are an example).",
                    name=DEMO_WORKBOOK.name))
    settings = settings_for(data_dir)
    result = _run(DEMO_WORKBOOK, DEMO_AGENCY, None, pdf, settings)
    if sign:
        from naskah.cli.sign import demo_sign

        demo_sign(settings, result.run_id, EXAMPLES_DIR / "tte-uji", data_dir)


def _login_name(getpass) -> str:
    """Who runs the command (kept with the run); empty when the system cannot tell."""
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return ""


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (``kill``, systemd stop, a container stop) as an exit that unwinds: the run's
    transaction is rolled back and its staging folder removed, as for Ctrl-C."""
    raise SystemExit(128 + signum)


def _run(workbook: Path, agency: str | None, period: str | None, pdf: bool, settings: Settings,
         *, new_numbers: bool = False):
    import gc
    import getpass
    import signal

    from naskah.run import run_cycle

    # What is imported now lives until the process ends: moved out of the collector's sight,
    # it is not traversed again by every full collection nor at exit (≈ 0.3 CPU seconds of a
    # run of the bundled example, issue 15; the forked renderer shares it copy-on-write).
    gc.freeze()
    signal.signal(signal.SIGTERM, _terminated)

    settings = settings.model_copy(
        update={"pdf": settings.pdf.model_copy(update={"enabled": pdf and settings.pdf.enabled})}
    )
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with fail_cleanly(), Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(_("Rendering"), total=None)

        def report(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, total=total, description=what)

        result = run_cycle(
            workbook, agency=agency, periode=period, settings=settings, progress=report,
            created_by=_login_name(getpass), new_numbers=new_numbers,
        )
    table = Table(
        title=_("{agency} · {period} · run {run} (version {version})", agency=result.agency,
                period=result.periode, run=result.run_id, version=result.version)
    )
    for col in (_("Procedure"), _("Step"), _("Document"), _("Nomor"), _("File")):
        table.add_column(col, overflow="fold")
    for doc in result.documents:
        name = Path(doc.docx_path).name
        table.add_row(
            doc.procedure,
            str(doc.step),
            doc.title,
            doc.nomor or "—",
            name + (" +pdf" if doc.pdf_path else ""),
        )
    console.print(table)
    folder = settings.archive_dir / Path(result.documents[0].docx_path).parent.parent
    console.print(
        ngettext("{n} document, {files} files in {folder} ({seconds:.1f} s).",
                 "{n} documents, {files} files in {folder} ({seconds:.1f} s).",
                 len(result.documents), files=result.files, folder=folder,
                 seconds=result.seconds),
        highlight=False,
    )
    if result.pdf_note:
        console.print(f"[yellow]{result.pdf_note}")
    for warning in result.warnings:
        console.print("[yellow]" + _("warning:") + "[/] " + warning, highlight=False)
    return result


@app.command("input-template", help=N_("Write a blank input workbook with headers, validation "
                                        "lists and instructions."))
def input_template(
    out: Annotated[
        Path, typer.Argument(help=N_("Where to write the blank workbook (.xlsx)."))
    ] = Path(
        "naskah-input.xlsx"
    ),
    force: Annotated[bool, typer.Option("--force", help=N_("Overwrite an existing file."))] = False,
) -> None:
    """Write a blank input workbook with headers, validation lists and instructions."""
    from naskah.input.template import write_input_template

    if out.exists() and not force:
        err.print("[red]" + _("error:") + "[/] "
                  + _("{path} exists; pass --force to overwrite it.", path=out))
        raise typer.Exit(1)
    write_input_template(out)
    console.print(_("Wrote {path}. Fill it in, then: naskah run {path} --agency SLUG --period "
                    "PERIOD (2025-TW1, 2025-S1 or 2025)", path=out), highlight=False)


# --- archive -------------------------------------------------------------------------------------


def agency_zones():
    """``zone(agency)``: the time zone of an agency (:mod:`naskah.timezones`; WIB when unknown),
    the plugins loaded once per command."""
    from naskah.agencies.manager import get_plugins
    from naskah.timezones import zone_of

    settings = get_settings()
    plugins = get_plugins(settings.plugins.disabled, profiles_dir=settings.plugins.profiles_dir)
    return functools.cache(lambda agency: zone_of(plugins, agency))


@archive_app.command("list", help=N_("List archived documents (the current version of each "
                                     "document unless --all-versions)."))
def archive_list(
    agency: Annotated[str | None, typer.Option(
        "--agency", "-a", help=N_("Only this agency (slug, see `naskah plugins`)."))
    ] = None,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", help=N_("Only this period: triwulan 2025-TW1, semester 2025-S1 or "
                                  "year 2025."))] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help=N_("Only this kind, e.g. "
                                                         "laporan_pengukuran."))
    ] = None,
    procedure: Annotated[str | None, typer.Option(
        "--procedure", help=N_("Only this SOP procedure (slug, e.g. pengumpulan or "
                               "pengukuran; see `naskah profile show`)."))] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions",
                                               help=N_("Older versions too."))] = False,
    data_dir: DataDir = None,
) -> None:
    """List archived documents: the current version of each document (the newest run holding
    it), unless --all-versions."""
    from naskah.run import open_archive

    settings = settings_for(data_dir)
    with fail_cleanly(), open_archive(settings) as (session, archive):
        docs = archive.list_documents(
            session,
            agency=agency,
            periode=period,
            kind=kind,
            procedure=procedure,
            latest_only=not all_versions,
        )
        zone_of_agency = agency_zones()
        table = Table(title=_("Archive {path}", path=settings.archive_dir))
        for col in (_("ID"), _("Agency"), _("Period"), "v", _("Step"), _("Document"), _("Nomor"),
                    _("Created"), "PDF"):
            table.add_column(col, overflow="fold")
        for d in docs:
            table.add_row(
                str(d.id),
                d.agency,
                d.periode,
                str(d.run.version),
                f"{d.procedure} {d.step}",
                d.title,
                d.nomor or "—",
                zone_of_agency(d.agency).short(d.created_at),
                _("yes") if d.pdf_path else _("no"),
            )
        console.print(table)
        console.print(ngettext("{n} document.", "{n} documents.", len(docs)))


@archive_app.command("show", help=N_("Show one document's metadata, checksums and files."))
def archive_show(
    document_id: Annotated[int, typer.Argument(help=N_("Document ID from `naskah archive list`."))],
    data_dir: DataDir = None,
) -> None:
    """Show one document's metadata, checksums and files."""
    from naskah.run import open_archive

    settings = settings_for(data_dir)
    with fail_cleanly(), open_archive(settings) as (session, archive):
        d = archive.get_document(session, document_id)
        zone_of_agency = agency_zones()
        if d is None:
            raise NaskahError(_("no archived document with id {id}", id=document_id))
        table = Table(show_header=False, title=d.title)
        for label, value in (
            (_("ID"), d.id),
            (_("Agency"), d.agency),
            (_("Period"), d.periode),
            (_("Run / version"), f"{d.run_id} / {d.run.version}"),
            (_("Procedure / step"), f"{d.procedure} / {d.step}"),
            (_("Kind"), d.kind),
            (_("Variant"), d.variant or "—"),
            ("Bidang", d.bidang or "—"),
            (_("Nomor"), d.nomor or "—"),
            (_("Kode klasifikasi"), d.kode_klasifikasi),
            ("DOCX", _("{path} ({size:,} bytes)", path=d.docx_path, size=d.docx_size)),
            ("DOCX sha256", d.docx_sha256),
            ("PDF", _("{path} ({size:,} bytes)", path=d.pdf_path, size=d.pdf_size)
             if d.pdf_path else "—"),
            ("PDF sha256", d.pdf_sha256 or "—"),
            (_("Created"), zone_of_agency(d.agency).short(d.created_at, seconds=True)),
        ):
            table.add_row(label, str(value))
        console.print(table)


@archive_app.command("verify", help=N_("Re-check every archived file against its recorded "
                                       "sha256 and report orphan folders; exit 1 on any "
                                       "problem."))
def archive_verify(
    repair: Annotated[bool, typer.Option(
        "--repair", help=N_("Remove the orphan folders found (empty run folders no run owns), "
                            "after confirmation."))] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))
                   ] = False,
    data_dir: DataDir = None,
) -> None:
    """Re-check every archived file against its recorded sha256; exit 1 on any problem."""
    from naskah.run import open_archive
    from naskah.signing.store import verify_files as signed_files

    settings = settings_for(data_dir)
    with fail_cleanly(), open_archive(settings) as (session, archive):
        from naskah.archive.orphans import orphan_folders, remove_orphan_folders

        orphans = orphan_folders(session, settings.archive_dir)
        if repair and orphans:
            for rel in orphans:
                console.print(f"  • {rel}", highlight=False, markup=False)
            question = ngettext("Remove {n} orphan folder?", "Remove {n} orphan folders?",
                                len(orphans))
            if yes or typer.confirm(question, default=False):
                removed = remove_orphan_folders(session, settings.archive_dir)
                console.print(ngettext("{n} orphan folder removed.",
                                       "{n} orphan folders removed.", len(removed)))
        from naskah.archive.orphans import verify as verify_all

        problems = verify_all(session, settings.archive_dir)
        problems += signed_files(session, settings.archive_dir)
    for p in problems:
        err.print(f"  • {p}", highlight=False, markup=False)
    if problems:
        err.print("[bold red]" + ngettext("{n} problem in {path}", "{n} problems in {path}",
                                          len(problems), path=settings.archive_dir))
        raise typer.Exit(1)
    console.print(_("All archived files match their sha256 ({path}).",
                    path=settings.archive_dir))


@archive_app.command("get", help=N_("Copy a document's DOCX (or PDF) out of the archive, after "
                                    "checking its sha256."))
def archive_get(
    document_id: Annotated[int, typer.Argument(help=N_("Document ID from `naskah archive list`."))],
    out: Annotated[
        Path, typer.Option("--out", "-o", help=N_("Directory to copy into."))
    ] = Path("."),
    pdf: Annotated[bool, typer.Option("--pdf", help=N_("The PDF instead of the DOCX."))] = False,
    force: Annotated[bool, typer.Option(
        "--force", help=N_("Overwrite a file that exists in the target folder."))] = False,
    data_dir: DataDir = None,
) -> None:
    """Copy a document's DOCX (or PDF) out of the archive, after checking its sha256.

    The copy is named after the agency, period, version and document
    (``dinsos-p3a-pessel_2025-TW1_v2_pengukuran_08_laporan_pengukuran.pdf``), so two versions
    never share a name; an existing file is kept unless --force.
    """
    from naskah.archive.bundles import download_name
    from naskah.run import open_archive, retrieve

    settings = settings_for(data_dir)
    with fail_cleanly(), open_archive(settings) as (session, archive):
        source = retrieve(session, settings, document_id, pdf=pdf)
        doc = archive.get_document(session, document_id)
        target = out / download_name(doc, "pdf" if pdf else "docx")
        if target.exists() and not force:
            raise NaskahError(_("{path} exists; not overwritten (pass --force to overwrite it)",
                                path=target))
        out.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
        console.print(_("Wrote {path}", path=target), highlight=False)


def main() -> None:  # pragma: no cover - console entry point
    app()

"""The ``naskah`` command line (Typer + rich).

Exit codes: 0 success; 1 bad input or a refused request (the message says what and where);
2 usage error (Typer's own).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from naskah import __version__
from naskah.cli import agency as cli_agency
from naskah.cli import batch as cli_batch
from naskah.cli import collect as cli_collect
from naskah.cli import cycle as cli_cycle
from naskah.cli.common import DataDir, console, err, fail_cleanly, settings_for
from naskah.cli.plugins import plugins as plugins_command
from naskah.cli.profile import app as profile_app
from naskah.cli.serve import serve
from naskah.cli.sign import SIGN_HELP, VERIFY_HELP
from naskah.cli.sign import sign as sign_command
from naskah.cli.sign import verify as verify_command
from naskah.cli.sop import sop as sop_command
from naskah.cli.users import app as users_app
from naskah.cli.worker import worker
from naskah.errors import NaskahError
from naskah.i18n import _, ngettext
from naskah.settings import Settings

app = typer.Typer(
    help="naskah: the official documents of the SAKIP SOP 'Pengumpulan Data dan Pengukuran "
    "Kinerja', from a workbook of collected data.",
    no_args_is_help=True,
    add_completion=False,
)
archive_app = typer.Typer(help="Find and retrieve archived documents.", no_args_is_help=True)
app.add_typer(archive_app, name="archive")
app.add_typer(profile_app, name="profile")
app.add_typer(users_app, name="users")
app.add_typer(cli_collect.app, name="collect")
app.add_typer(cli_cycle.app, name="cycle")
app.add_typer(cli_batch.app, name="batch")
app.add_typer(cli_agency.app, name="agency")
app.command("sop")(sop_command)
app.command("plugins")(plugins_command)
app.command()(serve)
app.command()(worker)
app.command("sign", help=SIGN_HELP)(sign_command)
app.command("verify", help=VERIFY_HELP)(verify_command)

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
DEMO_WORKBOOK = EXAMPLES_DIR / "dinsos-p3a-pessel-2025-TW1.xlsx"
DEMO_AGENCY = "dinsos-p3a-pessel"

def _print_version(value: bool) -> None:
    if value:
        console.print(f"naskah {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version.", callback=_print_version, is_eager=True
        ),
    ] = False,
) -> None:
    """naskah: the official documents of the SAKIP SOP, from a workbook of collected data."""


@app.command()
def run(
    workbook: Annotated[
        Path, typer.Argument(help="XLSX of collected data (see docs/input-format.md).")
    ],
    agency: Annotated[
        str | None, typer.Option("--agency", "-a", help="Agency slug (see `naskah plugins`).")
    ] = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="Period, e.g. 2025-TW1.")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also convert to PDF.")] = True,
    data_dir: DataDir = None,
) -> None:
    """Render the whole document trail of one agency and one period, and archive it."""
    _run(workbook, agency, period, pdf, settings_for(data_dir))


@app.command()
def demo(
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help="Also convert to PDF.")] = True,
    data_dir: DataDir = None,
) -> None:
    """Run the bundled example (Dinsos P3A Pesisir Selatan, 2025-TW1)."""
    if not DEMO_WORKBOOK.is_file():
        err.print(f"[red]error:[/] the example workbook is not here: {DEMO_WORKBOOK}")
        raise typer.Exit(1)
    console.print(f"Example data: [bold]{DEMO_WORKBOOK.name}[/] (numbers are an example).")
    _run(DEMO_WORKBOOK, DEMO_AGENCY, None, pdf, settings_for(data_dir))


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM (``kill``, systemd stop, a container stop) as an exit that unwinds: the run's
    transaction is rolled back and its staging folder removed, as for Ctrl-C."""
    raise SystemExit(128 + signum)


def _run(workbook: Path, agency: str | None, period: str | None, pdf: bool, settings: Settings):
    import signal

    from naskah.run import run_cycle

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
        task = progress.add_task("Rendering", total=None)

        def report(done: int, total: int, what: str) -> None:
            progress.update(task, completed=done, total=total, description=what)

        result = run_cycle(
            workbook, agency=agency, periode=period, settings=settings, progress=report
        )
    table = Table(
        title=f"{result.agency} · {result.periode} · run {result.run_id} (version {result.version})"
    )
    for col in ("Procedure", "Step", "Document", "Nomor", "File"):
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
        f"{len(result.documents)} documents, {result.files} files in {folder} "
        f"({result.seconds:.1f} s)."
    )
    if result.pdf_note:
        console.print(f"[yellow]{result.pdf_note}")
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)


@app.command("input-template")
def input_template(
    out: Annotated[Path, typer.Argument(help="Where to write the blank workbook (.xlsx).")] = Path(
        "naskah-input.xlsx"
    ),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a blank input workbook with headers, validation lists and instructions."""
    from naskah.input.template import write_input_template

    if out.exists() and not force:
        err.print(f"[red]error:[/] {out} exists; pass --force to overwrite it.")
        raise typer.Exit(1)
    write_input_template(out)
    console.print(f"Wrote {out}. Fill it in, then: naskah run {out} --agency SLUG")


# --- archive -------------------------------------------------------------------------------------


@archive_app.command("list")
def archive_list(
    agency: Annotated[str | None, typer.Option("--agency", "-a")] = None,
    period: Annotated[str | None, typer.Option("--period", "-p", help="e.g. 2025-TW1")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="e.g. laporan_pengukuran")
    ] = None,
    procedure: Annotated[str | None, typer.Option("--procedure")] = None,
    all_versions: Annotated[bool, typer.Option("--all-versions", help="Older runs too.")] = False,
    data_dir: DataDir = None,
) -> None:
    """List archived documents (latest version of each cycle unless --all-versions)."""
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
        table = Table(title=f"Archive {settings.archive_dir}")
        for col in ("ID", "Agency", "Period", "v", "Step", "Document", "Nomor", "Created", "PDF"):
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
                f"{d.created_at:%Y-%m-%d %H:%M}",
                "yes" if d.pdf_path else "no",
            )
        console.print(table)
        console.print(f"{len(docs)} document(s).")


@archive_app.command("show")
def archive_show(
    document_id: Annotated[int, typer.Argument(help="Document ID from `naskah archive list`.")],
    data_dir: DataDir = None,
) -> None:
    """Show one document's metadata, checksums and files."""
    from naskah.run import open_archive

    settings = settings_for(data_dir)
    with fail_cleanly(), open_archive(settings) as (session, archive):
        d = archive.get_document(session, document_id)
        if d is None:
            raise NaskahError(f"no archived document with id {document_id}")
        table = Table(show_header=False, title=d.title)
        for label, value in (
            ("ID", d.id),
            ("Agency", d.agency),
            ("Period", d.periode),
            ("Run / version", f"{d.run_id} / {d.run.version}"),
            ("Procedure / step", f"{d.procedure} / {d.step}"),
            ("Kind", d.kind),
            ("Variant", d.variant or "—"),
            ("Bidang", d.bidang or "—"),
            ("Nomor", d.nomor or "—"),
            ("Kode klasifikasi", d.kode_klasifikasi),
            ("DOCX", f"{d.docx_path} ({d.docx_size:,} bytes)"),
            ("DOCX sha256", d.docx_sha256),
            ("PDF", f"{d.pdf_path} ({d.pdf_size:,} bytes)" if d.pdf_path else "—"),
            ("PDF sha256", d.pdf_sha256 or "—"),
            ("Created", f"{d.created_at:%Y-%m-%d %H:%M:%S}"),
        ):
            table.add_row(label, str(value))
        console.print(table)


@archive_app.command("verify")
def archive_verify(
    repair: Annotated[bool, typer.Option(
        "--repair", help=_("Remove the orphan folders found (empty run folders no run owns), "
                           "after confirmation."))] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=_("Do not ask for confirmation."))
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
        err.print(f"[bold red]{len(problems)} problem(s) in {settings.archive_dir}")
        raise typer.Exit(1)
    console.print(f"All archived files match their sha256 ({settings.archive_dir}).")


@archive_app.command("get")
def archive_get(
    document_id: Annotated[int, typer.Argument(help="Document ID from `naskah archive list`.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to copy into.")] = Path("."),
    pdf: Annotated[bool, typer.Option("--pdf", help="The PDF instead of the DOCX.")] = False,
    data_dir: DataDir = None,
) -> None:
    """Copy a document's DOCX (or PDF) out of the archive, after checking its sha256."""
    from naskah.run import open_archive, retrieve

    settings = settings_for(data_dir)
    with fail_cleanly(), open_archive(settings) as (session, _):
        source = retrieve(session, settings, document_id, pdf=pdf)
        out.mkdir(parents=True, exist_ok=True)
        target = out / source.name
        shutil.copyfile(source, target)
        console.print(f"Wrote {target}")


def main() -> None:  # pragma: no cover - console entry point
    app()

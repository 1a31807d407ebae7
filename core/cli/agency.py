"""``naskah agency new SLUG``: scaffold a new agency as a data file or a plugin package
(:mod:`naskah.agencies.scaffold`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from naskah.cli.common import console, err, fail_cleanly
from naskah.i18n import N_, _

app = typer.Typer(
    help=N_("New agencies: scaffold one as a data file (YAML) or a plugin package."),
    no_args_is_help=True,
)


@app.command("new", help=N_("Write the starting point of a new agency: its profile left blank "
                                  "and the common SOP's tables as a model to replace with the "
                                  "agency's own."))
def new(
    slug: Annotated[str, typer.Argument(help=N_("Agency slug, e.g. dinkes-contoh."))],
    form: Annotated[
        str,
        typer.Option("--form", "-f", help=N_("data: one YAML file; xlsx: one workbook with the "
                                            "SOP tables laid out like the SOP AP table; "
                                            "package: a pip-installable plugin package.")),
    ] = "data",
    out: Annotated[
        Path, typer.Option("--out", "-o", help=N_("Folder to write into (default: here)."))
    ] = Path("."),
) -> None:
    """Scaffold agency ``slug`` (:mod:`naskah.agencies.scaffold`)."""
    from naskah.agencies.scaffold import (
        FORMS,
        ScaffoldError,
        write_data_file,
        write_package,
        write_workbook_file,
    )

    with fail_cleanly():
        if form not in FORMS:
            raise ScaffoldError(_("--form must be one of: {forms}", forms=", ".join(FORMS)))
        if form in ("data", "xlsx"):
            path = (write_data_file if form == "data" else write_workbook_file)(slug, out)
            console.print(_("Wrote {path}. Fill the blanks from the agency's SOP, put the file in "
                            "NASKAH_PLUGINS__AGENCIES_DIR, then: naskah plugins", path=path))
        else:
            path = write_package(slug, out)
            # "./": pip reads a bare name as a package to download, a path with "/" as a folder.
            target = path if path.is_absolute() else f"./{path}"
            console.print(_("Wrote {path}. Fill the blanks of its {slug}.yaml from the agency's "
                            "SOP, then: pip install -e {target} && naskah plugins (-e: later "
                            "edits of the file apply without installing again)", path=path,
                            slug=slug, target=target))  # fmt: skip


@app.command("import", help=N_("Read the SOP tables (No, Uraian, Pelaksana, Kelengkapan, Waktu, "
                                     "Output, Ket) of an SOP document into a new agency data "
                                     "file, and report what could not be read."))
def import_sop(
    docx: Annotated[Path, typer.Argument(help=N_("The agency's SOP document (.docx)."))],
    slug: Annotated[str, typer.Option("--slug", "-s", help=N_("Agency slug, e.g. dinkes-contoh."))],
    out: Annotated[
        Path, typer.Option("--out", "-o", help=N_("Folder to write into (default: here)."))
    ] = Path("."),
    form: Annotated[
        str, typer.Option("--form", "-f", help=N_("data: a YAML file; xlsx: a workbook."))
    ] = "data",
) -> None:
    """Read ``docx``'s SOP tables into a new data file (:mod:`naskah.agencies.sop_import`)."""
    from naskah.agencies.scaffold import ScaffoldError, write_data_file, write_workbook_file
    from naskah.agencies.sop_import import read_sop_docx

    with fail_cleanly():
        if form not in ("data", "xlsx"):
            raise ScaffoldError(_("--form must be one of: {forms}", forms="data, xlsx"))
        read = read_sop_docx(docx)
        write = write_data_file if form == "data" else write_workbook_file
        path = write(slug, out, tuple(read.procedures), read.notes, docx.name)
    steps = sum(len(p.steps) for p in read.procedures)
    console.print(_("Wrote {path}: {procedures} procedure(s), {steps} step(s). Fill the profile "
                    "blanks, then: naskah plugins", path=path, procedures=len(read.procedures),
                    steps=steps))  # fmt: skip
    for note in read.notes:
        err.print("[yellow]" + _("not read:") + f"[/] {note}", highlight=False)

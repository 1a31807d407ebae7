"""``naskah sop``: write an agency's SOP document (identity page, flowchart matrices) as DOCX + PDF.

The command function is registered on the main Typer app in :mod:`naskah.cli.main`
(``app.command("sop")(sop)``); it needs no workbook: everything comes from the agency plugin.
Exit codes as the rest of the CLI: 0 success, 1 a refused request (unknown agency …).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from naskah.cli.common import make_console
from naskah.errors import NaskahError
from naskah.i18n import N_, _
from naskah.settings import get_settings

console = make_console()
err = make_console(stderr=True)


HELP = N_("Write the SOP document of an agency (SOP AP, Permenpan RB 35/2012): identity page, "
          "one flowchart matrix per procedure, the Kepala's signature.")


def sop(
    agency: Annotated[
        str, typer.Option("--agency", "-a", help=N_("Agency slug (see `naskah plugins`)."))
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", help=N_("Directory to write sop-<agency>.docx into."))
    ] = Path("."),
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help=N_("Also convert to PDF."))] = True,
    kertas: Annotated[
        str | None, typer.Option("--kertas", help=N_("F4 or A4 (default: the agency's paper)."))
    ] = None,
) -> None:
    """Write the SOP document of an agency (SOP AP, Permenpan RB 35/2012): identity page, one
    flowchart matrix per procedure, the Kepala's signature."""
    from naskah.agencies.manager import plugins_for
    from naskah.documents.sop_document import render_sop
    from naskah.pdf.soffice import PdfError, convert_to_pdf, soffice_available

    settings = get_settings()
    warnings: list[str] = []

    def warn(message: str) -> None:
        if message not in warnings:
            warnings.append(message)

    target = out / f"sop-{agency}.docx"
    try:
        plugins = plugins_for(settings)
        render_sop(plugins, agency, target, kertas=kertas, warn=warn)
    except (NaskahError, ValueError) as exc:
        err.print("[bold red]" + _("error:") + f"[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    console.print(_("Wrote {path}", path=target), highlight=False)
    if pdf and settings.pdf.enabled:
        if soffice_available(settings):
            try:
                converted = convert_to_pdf([target], out, settings)
                console.print(_("Wrote {path}", path=converted[target]), highlight=False)
            except PdfError as exc:
                err.print("[yellow]" + _("PDF not written:") + f"[/] {exc}", highlight=False)
        else:
            console.print("[yellow]" + _(
                "No PDF: LibreOffice ({soffice}) is not installed; the DOCX is complete.",
                soffice=settings.pdf.soffice))
    for message in warnings:
        console.print("[yellow]" + _("warning:") + "[/] " + message, highlight=False)

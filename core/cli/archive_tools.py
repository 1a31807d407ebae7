"""``naskah archive reindex``: the full-text index of documents archived before it existed.

Registered on the archive group in :mod:`naskah.cli.main`
(``archive_app.command("reindex", help=REINDEX_HELP)(reindex)``); the work is
:func:`naskah.archive.reindex.reindex`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from naskah.cli.common import DataDir, console, err, fail_cleanly, settings_for
from naskah.errors import NaskahError
from naskah.i18n import N_, _, ngettext

REINDEX_HELP = N_("Index the text inside archived documents for full-text search (documents "
                  "archived before the index existed have only their titles indexed); safe to "
                  "run again.")


def reindex(
    agency: Annotated[str | None, typer.Option(
        "--agency", "-a", help=N_("Only this agency (slug, see `naskah plugins`)."))] = None,
    period: Annotated[str | None, typer.Option(
        "--period", "-p", help=N_("Only this period: triwulan 2025-TW1, semester 2025-S1 or "
                                  "year 2025."))] = None,
    data_dir: DataDir = None,
) -> None:
    """Index the text inside archived documents; exit 1 if a file is missing or changed."""
    from naskah.archive.reindex import reindex as reindex_archive
    from naskah.archive.store import init_db
    from naskah.db import make_engine, session_factory
    from naskah.model import Periode

    settings = settings_for(data_dir)
    with fail_cleanly():
        if period:
            try:
                period = Periode.parse(period).key
            except ValueError as exc:
                raise NaskahError(str(exc)) from None
        engine = make_engine(settings.database)
        try:
            init_db(engine)
            report = reindex_archive(session_factory(engine), settings.archive_dir,
                                     agency=agency, periode=period)
        finally:
            engine.dispose()
    console.print(ngettext(
        "{n} document checked: {indexed} indexed anew, {unchanged} already up to date.",
        "{n} documents checked: {indexed} indexed anew, {unchanged} already up to date.",
        report.checked, indexed=report.indexed, unchanged=report.unchanged), highlight=False)
    for line in report.problems:
        err.print(f"  • {line}", highlight=False, markup=False)
    if report.problems:
        err.print("[bold red]" + ngettext(
            "{n} document not indexed: its file is missing or changed (see naskah archive "
            "verify).",
            "{n} documents not indexed: their files are missing or changed (see naskah archive "
            "verify).", len(report.problems)))
        raise typer.Exit(1)
    if report.checked == 0:
        console.print(_("No archived document matches."))

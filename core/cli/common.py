"""What every ``naskah`` command shares: the consoles, ``--data-dir``, and how naskah's own errors
end a command (a located message, exit code 1, no traceback)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from naskah.errors import InputError, NaskahError
from naskah.i18n import N_, _, ngettext
from naskah.settings import Settings, get_settings


def make_console(*, stderr: bool = False) -> Console:
    """A rich console that hard-wraps only on a terminal: piped or captured output (scripts, logs,
    CI) keeps each message on one line, so a path or a ``--period ''`` is never broken in two."""
    made = Console(stderr=stderr)
    made.soft_wrap = not made.is_terminal
    return made


console = make_console()
err = make_console(stderr=True)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help=N_("Data directory (default: NASKAH_DATA_DIR or ./naskah-data).")
    ),
]

PERIOD_HELP = N_("Period: triwulan 2025-TW1, semester 2025-S1 or year 2025.")
"""Help of every ``--period`` option: the three forms :meth:`naskah.model.Periode.parse`
accepts."""


def settings_for(data_dir: Path | None) -> Settings:
    """The process settings, with ``--data-dir`` applied when given."""
    settings = get_settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    return settings


@contextmanager
def fail_cleanly() -> Iterator[None]:
    """naskah's own errors as a located message and exit 1 (no traceback): an
    :class:`~naskah.errors.InputError` lists every problem with its file, sheet, row and column."""
    try:
        yield
    except InputError as exc:
        err.print(
            "[bold red]"
            + ngettext(
                "{n} problem in the input; nothing was written.",
                "{n} problems in the input; nothing was written.",
                len(exc.problems),
            )
        )
        for problem in exc.problems:
            err.print(f"  • {problem}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    except NaskahError as exc:
        err.print("[bold red]" + _("error:") + f"[/] {exc}", highlight=False)
        raise typer.Exit(1) from None

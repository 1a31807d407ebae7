"""``naskah worker``: start a Celery worker for batches (``celery -A naskah.workers.celery_app
worker`` with naskah's options).

Registered on the main app in :mod:`naskah.cli.main` as ``app.command()(worker)``. Needs
``NASKAH_QUEUE__BROKER_URL`` (e.g. ``redis://127.0.0.1:6379/0``) and the same
``NASKAH_DATABASE_URL`` and ``NASKAH_DATA_DIR`` as the processes that submit batches
(``docs/deployment.md``).
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Annotated

import typer

from naskah.cli.common import make_console
from naskah.i18n import N_, _

err = make_console(stderr=True)



def usable_cpus() -> int:
    """CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def worker_argv(
    concurrency: int,
    *,
    loglevel: str = "info",
    hostname: str | None = None,
    events: bool = False,
    max_tasks_per_child: int | None = None,
) -> list[str]:
    """The ``celery … worker`` command line ``naskah worker`` runs."""
    from naskah.workers.celery_app import QUEUE

    argv = [
        sys.executable, "-m", "celery", "-A", "naskah.workers.celery_app", "worker",
        "--pool", "prefork",
        "--concurrency", str(concurrency),
        "--queues", QUEUE,
        "--loglevel", loglevel,
        "--hostname", hostname or f"naskah-{os.getpid()}@%h",
        # No start-up handshake with the other workers (faster start; revokes are not used).
        "--without-mingle", "--without-gossip",
    ]
    if events:
        argv.append("--task-events")
    if max_tasks_per_child:
        argv += ["--max-tasks-per-child", str(max_tasks_per_child)]
    return argv


HELP = N_("Start a worker that runs batches (naskah batch submit) from the Redis queue.")


def worker(
    concurrency: Annotated[int | None, typer.Option(
        "--concurrency", "-c", min=1,
        help=N_("Worker processes, each with its own LibreOffice (default: one per usable CPU)."),
    )] = None,
    loglevel: Annotated[str, typer.Option("--loglevel", "-l", help=N_("debug, info, warning, "
                                          "error."))] = "info",
    hostname: Annotated[str | None, typer.Option(
        "--hostname", "-n", help=N_("Node name (default naskah-<pid>@<host>; unique per worker)."),
    )] = None,
    events: Annotated[bool, typer.Option(
        "--events/--no-events", "-E", help=N_("Send task events (Flower's task list needs them; "
        "Flower can also switch them on)."))] = False,
    max_tasks_per_child: Annotated[int | None, typer.Option(
        "--max-tasks-per-child", min=1, help=N_("Replace a worker process after this many tasks "
        "(its LibreOffice with it)."))] = None,
) -> None:
    """Start a worker that runs batches (naskah batch submit) from the Redis queue."""
    from naskah.settings import get_settings

    settings = get_settings()
    if not settings.queue.broker_url:
        err.print("[red]" + _("error:") + "[/] " + _(
            "no broker configured: set NASKAH_QUEUE__BROKER_URL, e.g. redis://127.0.0.1:6379/0 "
            "(without it, batches run in the submitting process and need no worker)"))
        raise typer.Exit(1)
    argv = worker_argv(concurrency or usable_cpus(), loglevel=loglevel, hostname=hostname,
                       events=events, max_tasks_per_child=max_tasks_per_child)
    if shutil.which("soffice") is None and settings.pdf.enabled:
        err.print("[yellow]" + _("warning:") + "[/] " + _(
            "LibreOffice (soffice) is not installed: batches are archived as DOCX only"))
    err.print(_("broker {broker}, database {database}, data {data}",
                broker=settings.queue.broker_url.split("@")[-1],
                database=settings.database.split("@")[-1], data=settings.data_dir.resolve()),
              highlight=False)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(argv[0], argv)

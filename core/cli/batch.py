"""``naskah batch``: several agencies' workbooks for one period, on Celery workers or here.

Registered on the main app in :mod:`naskah.cli.main` as ``app.add_typer(cli_batch.app,
name="batch")``. Exit codes: 0 success; 1 a refused request, or a followed batch that did not
finish ``done``; 2 usage error.

::

    naskah batch submit --period 2025-TW1 dinsos.xlsx bkpsdm.xlsx     # agencies from the Siklus
    naskah batch submit -p 2025-TW1 -a dinsos-p3a-pessel dinsos.xlsx  # or named, in order
    naskah batch status 3          # live progress until it finishes (--no-follow: once)
    naskah batch list
    naskah batch retry 3           # only what failed

With ``NASKAH_QUEUE__BROKER_URL`` set the batch goes to the workers (``naskah worker``) and
``submit`` returns at once (``--wait`` follows it); without, it runs in this process and
``submit`` shows its progress until it is finished.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from naskah.cli.common import PERIOD_HELP, DataDir, console, err, fail_cleanly, settings_for
from naskah.errors import NaskahError
from naskah.i18n import N_, _, ngettext
from naskah.settings import Settings
from naskah.timezones import WIB

app = typer.Typer(
    help=N_("Batches: agencies × one period, on Celery workers (NASKAH_QUEUE__BROKER_URL) or in "
    "this process; progress, listing, retry of what failed."),
    no_args_is_help=True,
)

STATUS_LABELS = {
    "queued": N_("queued"), "running": N_("running"), "done": N_("done"),
    "partial": N_("partial"), "failed": N_("failed"),
}
"""Batch and item states as shown (the stored values are English identifiers)."""

BatchId = Annotated[int, typer.Argument(help=N_("Batch number (naskah batch list)."))]
POLL_SECONDS = 0.5


def _agency_of(workbook: Path) -> str:
    """The ``agency`` of a workbook's ``Siklus`` sheet.

    :raises NaskahError: the workbook cannot be read or names no agency.
    """
    from naskah.input.workbook import read_workbook

    try:
        agency = read_workbook(workbook).siklus.agency
    except NaskahError as exc:
        raise NaskahError(_("{file}: cannot tell its agency ({error}); give --agency",
                            file=workbook, error=exc)) from None
    if not agency:
        raise NaskahError(_("{file}: its Siklus sheet names no agency; give --agency",
                            file=workbook))
    return agency


def _engine(settings: Settings):
    from naskah.batch.steps import engine_for

    return engine_for(settings)


def _send(settings: Settings, batch_id: int) -> None:
    """Hand the batch to its executor; a broker that cannot be reached is a clear error.

    :raises NaskahError: the broker refused (the batch stays recorded, ``queued``).
    """
    import kombu.exceptions

    from naskah.workers.executors import default_executor

    try:
        default_executor(settings)(settings, batch_id)
    except kombu.exceptions.OperationalError:
        # Refused, timed out, or connected but never answering (socket_timeout): one message.
        raise NaskahError(_(
            "batch {id} is recorded but could not be sent to the workers: the broker {broker} "
            "does not answer; once it answers: naskah batch retry {id} --resend",
            id=batch_id, broker=settings.queue.broker_url.split("@")[-1],
        )) from None


def _where(settings: Settings) -> str:
    if settings.queue.broker_url:
        return _("to the workers ({broker})", broker=settings.queue.broker_url.split("@")[-1])
    return _("in this process (no NASKAH_QUEUE__BROKER_URL)")


@app.command(help=N_("Submit a batch: each workbook's agency × the period, numbered, "
                     "rendered, archived."))
def submit(
    workbooks: Annotated[list[Path], typer.Argument(help=N_("One XLSX per agency."))],
    period: Annotated[str, typer.Option("--period", "-p", help=PERIOD_HELP)],
    agency: Annotated[list[str] | None, typer.Option(
        "--agency", "-a", help=N_("Agency slug of each workbook, in order (default: the "
        "workbook's Siklus 'agency')."))] = None,
    wait: Annotated[bool, typer.Option(
        "--wait/--no-wait", help=N_("Follow the batch until it finishes (always without a "
        "broker: it runs in this process)."))] = False,
    again: Annotated[bool, typer.Option(
        "--again", help=N_("Submit a new batch even if the same workbooks were already "
                           "submitted for this period (queued, running or done).")
    )] = False,
    nomor_baru: Annotated[bool, typer.Option(
        "--nomor-baru",
        help=N_("Issue new letters: every numbered document takes a new number from the "
                "register. Without it, a regenerated document keeps its number."),
    )] = False,
    data_dir: DataDir = None,
) -> None:
    """Submit a batch: each workbook's agency × the period, numbered, rendered, archived."""
    from naskah.batch.batches import submit_or_find

    settings = settings_for(data_dir)
    with fail_cleanly():
        agencies = list(agency) if agency else [_agency_of(w) for w in workbooks]
        batch_id, new = submit_or_find(settings, agencies, period, workbooks,
                                       created_by="cli", executor=_send, again=again,
                                       new_numbers=nomor_baru)
    if not new:
        console.print(_(
            "Batch {id} already has these workbooks for {period}: nothing submitted again "
            "(--again submits a new batch).", id=batch_id, period=period.upper()))
    else:
        console.print(ngettext("Batch [bold]{id}[/]: {n} agency × {period}, sent {where}.",
                               "Batch [bold]{id}[/]: {n} agencies × {period}, sent {where}.",
                               len(agencies), id=batch_id, period=period.upper(),
                               where=_where(settings)))
    if settings.queue.broker_url and not wait:
        console.print(_("Follow it with: naskah batch status {id}", id=batch_id))
        return
    batch = follow(settings, batch_id)
    if batch is None or batch.status != "done":
        raise typer.Exit(1)


@app.command(help=N_("Progress of a batch: documents done / failed / total, overall and per "
                     "agency."))
def status(
    batch_id: BatchId,
    follow_: Annotated[bool, typer.Option(
        "--follow/--no-follow", help=N_("Live progress until the batch finishes."))] = True,
    data_dir: DataDir = None,
) -> None:
    """Progress of a batch: documents done / failed / total, overall and per agency."""
    settings = settings_for(data_dir)
    with fail_cleanly():
        batch = follow(settings, batch_id) if follow_ else _summary(settings, batch_id)
    if batch is None:
        err.print("[red]" + _("error:") + "[/] "
                  + _("no batch {id} (see naskah batch list)", id=batch_id))
        raise typer.Exit(1)


@app.command("list", help=N_("The newest batches first."))
def list_(
    agency: Annotated[str | None, typer.Option(
        "--agency", "-a", help=N_("Only batches with this agency."))] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help=N_("At most this many."))] = 20,
    data_dir: DataDir = None,
) -> None:
    """The newest batches first."""
    from naskah.batch.batches import list_batches
    from naskah.db import session_factory

    settings = settings_for(data_dir)
    zone = WIB
    table = Table(title=_("Batches"))
    for col in (_("ID"), _("Period"), _("Agencies"), _("Status"), _("Done"), _("Failed"),
                _("Submitted"), _("By")):
        table.add_column(col)
    with session_factory(_engine(settings), read_only=True)() as s:
        for b in list_batches(s, agency=agency, limit=limit):
            table.add_row(str(b.id), b.periode, str(b.total), _styled(b.status), str(b.done),
                          str(b.failed), zone.short(b.created_at), b.created_by)
    console.print(table)


@app.command(help=N_("Re-queue only what failed: failed agencies, and in them only the failed "
                     "documents (documents already rendered keep their files and numbers)."))
def retry(
    batch_id: BatchId,
    resend: Annotated[bool, typer.Option(
        "--resend", help=N_("Also a batch that is not finished: send its open items again (when "
        "the broker lost its messages). Safe: done work is not redone."))] = False,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help=N_("Follow it until it "
                                       "finishes (always without a broker)."))] = False,
    data_dir: DataDir = None,
) -> None:
    """Re-queue only what failed: failed agencies, and in them only the failed documents
    (documents already rendered keep their files and numbers)."""
    from naskah.batch.steps import reset_failed

    settings = settings_for(data_dir)
    with fail_cleanly():
        count = reset_failed(settings, batch_id, resend=resend)
        if count == 0:
            console.print(_("Batch {id}: nothing failed, nothing to retry.", id=batch_id))
            return
        _send(settings, batch_id)
    console.print(ngettext("Batch [bold]{id}[/]: {n} agency sent again {where}.",
                           "Batch [bold]{id}[/]: {n} agencies sent again {where}.", count,
                           id=batch_id, where=_where(settings)))
    if settings.queue.broker_url and not wait:
        return
    batch = follow(settings, batch_id)
    if batch is None or batch.status != "done":
        raise typer.Exit(1)


# --- display -------------------------------------------------------------------------------------


def _styled(status: str) -> str:
    colour = {"done": "green", "partial": "yellow", "failed": "red", "running": "cyan"}
    label = _(STATUS_LABELS[status]) if status in STATUS_LABELS else status
    return f"[{colour.get(status, 'white')}]{label}[/]"


def _read(settings: Settings, batch_id: int):
    """``(batch, per-item progress)`` read afresh; ``(None, [])`` if there is no such batch."""
    from naskah.batch.batches import get_batch
    from naskah.batch.steps import progress
    from naskah.db import session_factory

    with session_factory(_engine(settings), read_only=True)() as s:
        batch = get_batch(s, batch_id)
        if batch is None:
            return None, []
        return batch, progress(s, batch_id)


def follow(settings: Settings, batch_id: int):
    """Show a live progress bar per agency (documents rendered / failed / total) and one for
    the whole batch until it finishes; then the summary. Returns the batch (``None``: no such
    batch)."""
    from naskah.batch.batches import BatchStatus

    batch, items = _read(settings, batch_id)
    if batch is None:
        return None
    if batch.status not in BatchStatus.FINISHED:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TextColumn("{task.fields[state]}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=False) as bar:
            overall = bar.add_task("[bold]" + _("batch {id}", id=batch_id) + "[/]", total=None,
                                   counts="",
                                   state="")
            rows: dict[int, TaskID] = {}
            while True:
                for it in items:
                    if it.item_id not in rows:
                        rows[it.item_id] = bar.add_task(f"  {it.agency}", total=None,
                                                        counts="", state="")
                    bar.update(rows[it.item_id], total=it.total or None,
                               completed=it.rendered + it.failed, counts=_counts(it),
                               state=_styled(it.status))
                total = sum(it.total for it in items)
                handled = sum(it.rendered + it.failed for it in items)
                failed = sum(it.failed for it in items)
                bar.update(overall, total=total or None, completed=handled,
                           counts=_("{done} done, {failed} failed, {total} documents",
                                    done=handled - failed, failed=failed, total=total),
                           state=_styled(batch.status) + " · " + _(
                               "agencies {done} done, {failed} failed of {total}",
                               done=batch.done, failed=batch.failed, total=batch.total))
                if batch.status in BatchStatus.FINISHED:
                    break
                time.sleep(POLL_SECONDS)
                batch, items = _read(settings, batch_id)
    return _summary(settings, batch_id)


def _counts(it) -> str:
    if not it.total:
        return _("not prepared yet")
    text = f"{it.rendered}/{it.total}"
    if it.failed:
        text += ", [red]" + _("{n} failed", n=it.failed) + "[/]"
    if it.pdf_failed:
        text += ", [yellow]" + _("{n} without PDF", n=it.pdf_failed) + "[/]"
    return text


def _summary(settings: Settings, batch_id: int):
    batch, items = _read(settings, batch_id)
    if batch is None:
        return None
    table = Table(title=_("Batch {id} · {period} · {status} · {done} done, {failed} failed of "
                          "{total} agencies", id=batch.id, period=batch.periode,
                          status=_styled(batch.status), done=batch.done, failed=batch.failed,
                          total=batch.total))
    for col in (_("Agency"), _("Status"), _("Documents"), _("Run"), _("Without PDF"),
                _("Error")):
        table.add_column(col, overflow="fold")
    runs = {i.id: i.run_id for i in batch.items}
    for it in items:
        error = it.error.strip().splitlines()
        shown = error[0] + (" " + _("(+{n} lines)", n=len(error) - 1) if len(error) > 1 else "") \
            if error else ""
        table.add_row(it.agency, _styled(it.status), _counts(it) if it.total else "—",
                      str(runs.get(it.item_id) or "—"), str(it.pdf_failed or ""), shown)
    console.print(table)
    if batch.error:
        err.print("[red]" + _("the batch broke:") + "[/] " + batch.error, highlight=False)
    for it in items:
        if it.status == "failed" and it.error.count("\n"):
            err.print(f"[red]{it.agency}:[/]", end=" ")
            err.print(it.error, highlight=False, markup=False)
    return batch

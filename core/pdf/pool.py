"""A warm LibreOffice per worker process: DOCX → PDF (optionally PDF/A-2b) without paying
LibreOffice's start-up for every document.

Starting LibreOffice costs 1–5 s; converting one more naskah document in a running one costs
about 0.1 s (``docs/performance.md``). A :class:`PdfPool` keeps one LibreOffice running for the
process that owns it and converts one document at a time through it.

How it runs. LibreOffice's Python bridge (``uno``) belongs to the system interpreter (Debian:
``/usr/bin/python3`` with the package ``python3-uno``), not to naskah's environment. The pool
therefore runs the small script ``pool_uno.py`` (next to this module) under
``settings.pool.python``, as the leader of a new process group; that script starts ``soffice``
headless on the pool's own UNO port with the pool's own user profile, and answers requests sent
as JSON lines over its stdin/stdout pipes. Killing the process group kills the script, ``oosplash``
and ``soffice.bin`` at once. When the owning process dies — even by SIGKILL, even while
LibreOffice is converting for it — the script notices (its stdin closes, its parent changes),
kills LibreOffice and deletes the pool's folder: no LibreOffice outlives its worker. (The small
lock files ``$TMPDIR/naskah-pdf-pool-PORT.lock`` stay: deleting them would race with the next
pool that locks them.)

Life cycle of the LibreOffice of a pool:

- started lazily, on the first conversion (creating a pool is instant);
- health-checked before every conversion: its processes are alive and it answers a UNO round
  trip within ``min(10 s, settings.pool.timeout)``; a dead or hung one is killed and restarted;
- restarted after ``settings.pool.max_conversions`` conversions (asked to quit cleanly; its
  profile is kept), and killed with its process group when a conversion exceeds
  ``settings.pool.timeout`` seconds or it dies mid-conversion (that conversion raises
  :class:`TransientPdfError`; the next one starts a new LibreOffice with a fresh profile);
- :meth:`PdfPool.close` asks it to quit, kills what is left of its process group and waits until
  none of its processes is left.

Ports. Pool ``index`` *i* tries the UNO port ``base_port + i`` first, then the next ones, within
``base_port … base_port + 63``. A port is taken only when its lock file
``$TMPDIR/naskah-pdf-pool-PORT.lock`` can be locked (``flock``; the kernel releases it when the
process dies) and nothing listens on it; the script also checks that the LibreOffice answering
on the port is the one it started (same user profile). So pools of different worker processes —
also of different ``naskah worker`` commands on one machine — never share a LibreOffice.

Fallback. When the pool's LibreOffice cannot start (no ``python3-uno``, no ``soffice``, no free
port, start-up timeout), the pool says so once (a warning in the ``naskah.pdf.pool`` log) and
converts with :func:`naskah.pdf.soffice.convert_to_pdf` — one ``soffice --convert-to pdf`` command
per
call — instead. It tries to start again after a minute unless the cause is permanent.

Use in a Celery worker (one pool per worker process)::

    from billiard.process import current_process
    from celery.signals import worker_process_init, worker_process_shutdown
    from naskah.pdf import pool as pdf_pool

    @worker_process_init.connect
    def _pool(**_):  # instant: LibreOffice starts on the first conversion
        pdf_pool.get_pool(get_settings(), index=current_process().index)

    @worker_process_shutdown.connect
    def _pool_off(**_):
        pdf_pool.close_pool()

    # in a task:
    try:
        pdf_pool.get_pool().convert(docx, out_pdf, pdfa=True)
    except pdf_pool.TransientPdfError as exc:   # LibreOffice died or hung: retry the task
        raise self.retry(exc=exc, countdown=5)
    except pdf.PdfError:                        # this document does not convert: fail once
        ...

A pool inherited through ``fork`` is reset in the child (it starts its own LibreOffice); the
parent's keeps running. Linux only (process groups, ``/proc``).
"""
from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable
from pathlib import Path

from naskah.i18n import _
from naskah.pdf import soffice as pdf
from naskah.pdf.office import (  # noqa: F401 - PoolUnavailable and TransientPdfError are re-exported
    OfficeProcess,
    PoolUnavailable,
    TransientPdfError,
    Watchdog,
    _Broken,
    _Instance,
    _tail,
    _Timeout,
)
from naskah.pdf.soffice import PdfError
from naskah.settings import Settings, get_settings

log = logging.getLogger(__name__)

_POOLS: weakref.WeakSet[PdfPool] = weakref.WeakSet()


TIMEOUT_BASE_SECONDS = 30.0
TIMEOUT_PER_MB_SECONDS = 60.0


def conversion_timeout(docx: Path, limit: float) -> float:
    """Seconds one conversion of ``docx`` may take: ``30 s + 60 s per MB`` of DOCX, at most
    ``limit`` (``settings.pool.timeout``). The documents of a cycle are 40 KB … 0.8 MB and
    convert in 1–3 s; a hang is caught sooner still by :class:`naskah.pdf.office.Watchdog`."""
    try:
        size_mb = docx.stat().st_size / (1 << 20)
    except OSError:
        size_mb = 0.0
    return min(float(limit), TIMEOUT_BASE_SECONDS + TIMEOUT_PER_MB_SECONDS * size_mb)


class PdfPool(OfficeProcess):
    """A warm LibreOffice for the calling process; converts one document at a time.

    :param settings: ``settings.pool`` (port, restarts, timeouts, interpreter) and
        ``settings.pdf`` (``soffice``, and the fallback command's timeout) are used.
    :param index: the worker process's index (Celery: ``current_process().index``); the pool
        tries the UNO port ``base_port + index`` first.

    Thread-safe (conversions are serialised). Use as a context manager or call :meth:`close`.
    Counters: ``conversions`` (by the warm LibreOffice), ``fallback_conversions`` (documents
    converted with the ``soffice`` command instead), ``starts`` (LibreOffice starts).
    """

    def __init__(self, settings: Settings, index: int = 0) -> None:
        if index < 0:
            raise ValueError(f"index must be >= 0, not {index}")
        self.settings = settings
        self.index = index
        self.conversions = 0
        self.fallback_conversions = 0
        self.starts = 0
        self.fallback_reason: str | None = None
        self._lock = threading.RLock()
        self._inst: _Instance | None = None
        self._port: int | None = None
        self._port_fd: int | None = None
        self._bad_ports: set[int] = set()
        self._workdir: Path | None = None
        self._fresh_profile = True
        self._retry_at = 0.0
        self._warned = False
        self._next_id = 0
        self._owner = os.getpid()
        _POOLS.add(self)

    # -- information --

    @property
    def port(self) -> int | None:
        """The UNO port this pool holds (``None`` before the first start and after close)."""
        return self._port

    @property
    def office_pid(self) -> int | None:
        """PID of the running ``soffice.bin`` (``None`` when none runs)."""
        inst = self._inst
        return inst.office_pid if inst is not None else None

    @property
    def process_group(self) -> int | None:
        """Process group of the running LibreOffice and its UNO script (``None``: none)."""
        inst = self._inst
        return inst.pgid if inst is not None else None

    @property
    def workdir(self) -> Path | None:
        """The pool's folder in the temp dir: LibreOffice's profile, its HOME and its log
        (``None`` before the first start and after close)."""
        return self._workdir

    def serves(self, settings: Settings) -> bool:
        """Whether this pool was made with the same pool and PDF settings."""
        return self.settings.pool == settings.pool and self.settings.pdf == settings.pdf

    # -- public operations --

    def start(self) -> None:
        """Start LibreOffice now if it does not run (else a no-op, after a health check).

        :raises PoolUnavailable: it cannot start (no fallback here: callers that want to
            warm up or test the pool see why).
        """
        with self._lock:
            self._adopt()
            inst = self._inst
            if inst is not None:
                if self._restart_reason(inst) is None:
                    return
                self._stop(graceful=inst.conversions >= self.settings.pool.max_conversions)
            self._start()

    def convert(self, docx: Path, out_pdf: Path, *, pdfa: bool = False) -> Path:
        """Convert one DOCX to ``out_pdf`` (replaced if it exists; its folder is created);
        ``pdfa``: PDF/A-2b. Returns ``out_pdf``. A partial PDF is never left at ``out_pdf``.

        :raises TransientPdfError: LibreOffice died or exceeded ``settings.pool.timeout``
            during this conversion (it was killed; retrying may succeed).
        :raises PdfError: ``docx`` is missing, or LibreOffice could not open or export it (a
            retry won't help), or the fallback ``soffice`` command failed.
        """
        docx, out_pdf = Path(docx), Path(out_pdf)
        if not docx.is_file():
            raise PdfError(_("DOCX file not found: {docx}", docx=docx), failed=[docx])
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if not self._ensure():
                return self._fallback_one(docx, out_pdf, pdfa)
            return self._convert_warm(docx, out_pdf, pdfa)

    def convert_many(
        self, docx_paths: Iterable[Path], outdir: Path, *, pdfa: bool = False, retries: int = 1
    ) -> dict[Path, Path]:
        """Convert DOCX files into ``outdir``; returns ``{docx: pdf}`` — the contract of
        :func:`naskah.pdf.soffice.convert_to_pdf` (keys as given, ``name.pdf`` / ``name-2.pdf`` on
        stem
        collisions, a file given twice converted once, ``{}`` for no input).

        One document at a time through the warm LibreOffice; one that fails with a
        :class:`TransientPdfError` is tried again ``retries`` times on the restarted LibreOffice.
        When the pool cannot start, the whole list goes to one ``soffice`` command.

        :raises PdfError: an input is missing (nothing converted), or some inputs produced no
            PDF: the error names each with its cause; ``.converted`` holds those that did.
        """
        given = [Path(p) for p in docx_paths]
        if not given:
            return {}
        missing = [p for p in given if not p.is_file()]
        if missing:
            raise PdfError(
                "DOCX file(s) not found: " + ", ".join(map(str, missing)), failed=missing
            )
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        inputs = list(dict.fromkeys(p.resolve() for p in given))
        names = pdf._output_names(inputs)
        made: dict[Path, Path] = {}
        errors: dict[Path, PdfError] = {}
        with self._lock:
            if not self._ensure():
                self.fallback_conversions += len(inputs)
                return pdf.convert_to_pdf(given, outdir, self.settings, pdfa=pdfa)
            for src, name in zip(inputs, names, strict=True):
                for attempt in range(retries + 1):
                    try:
                        made[src] = self.convert(src, outdir / f"{name}.pdf", pdfa=pdfa)
                        errors.pop(src, None)
                        break
                    except TransientPdfError as exc:
                        errors[src] = exc
                        if attempt < retries:
                            log.warning("PDF pool: %s — trying %s again", exc, src.name)
                    except PdfError as exc:
                        errors[src] = exc
                        break
        result = {p: made[p.resolve()] for p in given if p.resolve() in made}
        failed = list(dict.fromkeys(p for p in given if p.resolve() not in made))
        if failed:
            raise PdfError(
                f"no PDF for {len(failed)} of {len(inputs)} file(s): "
                + "; ".join(f"{p}: {errors[p.resolve()]}" for p in failed),
                failed=failed,
                converted=result,
            )
        return result

    def close(self) -> None:
        """Stop LibreOffice (clean quit, then the process group killed) and wait until none of
        its processes is left; release the port and delete the profile. Idempotent; the pool
        starts again if used afterwards."""
        with self._lock:
            if self._owner != os.getpid():
                self._forget()
                return
            self._stop(graceful=True)
            self._release_port()
            if self._workdir is not None:
                shutil.rmtree(self._workdir, ignore_errors=True)
                self._workdir = None
            self._fresh_profile = True

    def __enter__(self) -> PdfPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- conversion --

    def _convert_warm(self, docx: Path, out_pdf: Path, pdfa: bool) -> Path:
        inst = self._inst
        assert inst is not None
        timeout = conversion_timeout(docx, self.settings.pool.timeout)
        part = out_pdf.with_name(f".{out_pdf.name}.{os.getpid()}.part")
        pid, port = inst.office_pid, self._port
        watchdog = Watchdog(pid)
        try:
            try:
                answer = self._request(
                    inst,
                    "convert",
                    time.monotonic() + timeout,
                    watch=watchdog,
                    src=str(docx.resolve()),
                    dst=str(part.resolve()),
                    pdfa=pdfa,
                )
            except _Timeout:
                stderr = self._log_tail()
                self._stop(graceful=False)
                why = (f"{watchdog.reason}" if watchdog.reason else
                       _("it did not finish within {timeout} s (scaled to the document, at "
                         "most settings.pool.timeout)", timeout=f"{timeout:.0f}"))
                raise TransientPdfError(
                    _("LibreOffice (pid {pid}, port {port}) did not convert {docx}: {why}; it "
                      "was killed, the next conversion starts a new one", pid=pid, port=port,
                      docx=docx, why=why),
                    reason="timeout",
                    failed=[docx],
                    stderr=stderr,
                ) from None
            except _Broken:
                stderr = self._log_tail()
                self._stop(graceful=False)
                raise TransientPdfError(
                    _("LibreOffice (pid {pid}, port {port}) died while converting {docx}; the "
                      "next conversion starts a new one", pid=pid, port=port, docx=docx),
                    reason="died",
                    failed=[docx],
                    stderr=stderr,
                ) from None
            if not answer.get("ok"):
                if answer.get("kind") == "office":
                    stderr = self._log_tail()
                    self._stop(graceful=False)
                    raise TransientPdfError(
                        _("LibreOffice (pid {pid}, port {port}) died while converting {docx} "
                          "({value}); the next conversion starts a new one", pid=pid, port=port,
                          docx=docx, value=answer.get('error')),
                        reason="died",
                        failed=[docx],
                        stderr=stderr,
                    )
                raise PdfError(
                    _("LibreOffice could not convert {docx}: {value}", docx=docx,
                      value=answer.get('error')), failed=[docx]
                )
            if not part.is_file() or part.stat().st_size == 0:
                raise PdfError(_("LibreOffice produced no PDF for {docx}", docx=docx),
                               failed=[docx])
            os.replace(part, out_pdf)
        finally:
            with contextlib.suppress(OSError):
                part.unlink()
        inst.conversions += 1
        self.conversions += 1
        return out_pdf

    def _fallback_one(self, docx: Path, out_pdf: Path, pdfa: bool) -> Path:
        """Convert with one ``soffice`` command (the pool cannot start)."""
        work = Path(tempfile.mkdtemp(prefix=".pdf-fallback-", dir=out_pdf.parent))
        try:
            made = pdf.convert_to_pdf([docx], work, self.settings, pdfa=pdfa)
            os.replace(made[docx], out_pdf)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        self.fallback_conversions += 1
        return out_pdf

    def _log_tail(self) -> str:
        return _tail(self._workdir / "office.log" if self._workdir else None)


# --- one pool per process ------------------------------------------------------------------------

_POOL: PdfPool | None = None
_POOL_LOCK = threading.Lock()
_ATEXIT_REGISTERED = False


def get_pool(settings: Settings | None = None, *, index: int | None = None) -> PdfPool:
    """The pool of this process, created on the first call (LibreOffice starts on the first
    conversion, so this is instant).

    :param settings: default :func:`naskah.settings.get_settings`; a call with different
        ``pool`` or ``pdf`` settings closes the current pool and makes a new one.
    :param index: the worker process's index (see :class:`PdfPool`); ``None``: keep the
        current pool's (0 for a new one).
    """
    global _POOL, _ATEXIT_REGISTERED
    settings = settings or get_settings()
    with _POOL_LOCK:
        current = _POOL
        if current is not None and current.serves(settings) and index in (None, current.index):
            return current
        if current is not None:
            current.close()
        _POOL = PdfPool(settings, index=index or 0)
        if not _ATEXIT_REGISTERED:
            atexit.register(close_pool)
            _ATEXIT_REGISTERED = True
        return _POOL


def close_pool() -> None:
    """Close this process's pool (if any); the next :func:`get_pool` makes a new one."""
    global _POOL
    with _POOL_LOCK:
        pool, _POOL = _POOL, None
    if pool is not None:
        pool.close()


def _after_fork() -> None:
    """In a forked child every inherited pool forgets its parent's LibreOffice; in particular
    the child must not hold the write end of the parent's pipe (the script would not see the
    parent die)."""
    global _POOL_LOCK
    _POOL_LOCK = threading.Lock()
    for pool in list(_POOLS):
        pool._forget()


os.register_at_fork(after_in_child=_after_fork)

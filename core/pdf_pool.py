"""A warm LibreOffice per worker process: DOCX → PDF (optionally PDF/A-2b) without paying
LibreOffice's start-up for every document.

Starting LibreOffice costs 1–5 s; converting one more naskah document in a running one costs
about 0.1 s (``docs/performance.md``). A :class:`PdfPool` keeps one LibreOffice running for the
process that owns it and converts one document at a time through it.

How it runs. LibreOffice's Python bridge (``uno``) belongs to the system interpreter (Debian:
``/usr/bin/python3`` with the package ``python3-uno``), not to naskah's environment. The pool
therefore runs the small script ``pdf_pool_uno.py`` (next to this module) under
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
port, start-up timeout), the pool says so once (a warning in the ``naskah.pdf_pool`` log) and
converts with :func:`naskah.pdf.convert_to_pdf` — one ``soffice --convert-to pdf`` command per
call — instead. It tries to start again after a minute unless the cause is permanent.

Use in a Celery worker (one pool per worker process)::

    from billiard.process import current_process
    from celery.signals import worker_process_init, worker_process_shutdown
    from naskah import pdf_pool

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
import fcntl
import json
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from naskah import pdf
from naskah.pdf import PdfError
from naskah.settings import Settings, get_settings

log = logging.getLogger(__name__)

HELPER = Path(__file__).with_name("pdf_pool_uno.py")
"""The script run under ``settings.pool.python`` that drives LibreOffice over UNO."""

PORT_SLOTS = 64
"""Ports ``base_port … base_port + PORT_SLOTS - 1`` are the pools' UNO ports."""

PING_TIMEOUT = 10.0
"""Seconds a health check waits for LibreOffice to answer (capped by ``pool.timeout``)."""

QUIT_TIMEOUT = 15.0
"""Seconds LibreOffice gets to quit cleanly before its process group is killed."""

RETRY_START_AFTER = 60.0
"""Seconds before trying again to start LibreOffice after a start failure that may pass."""

_LOG_TAIL_CHARS = 2000


class PoolUnavailable(PdfError):  # noqa: N818 - reads as a state: "the pool is unavailable"
    """The pool's LibreOffice could not be started. ``permanent``: retrying cannot help (the
    interpreter lacks ``uno``, ``soffice`` is missing); otherwise it may (start-up timeout, no
    free port)."""

    def __init__(self, message: str, *, permanent: bool, stderr: str = "") -> None:
        super().__init__(message, stderr=stderr)
        self.permanent = permanent


class TransientPdfError(PdfError):
    """LibreOffice died or hung during this conversion. It has been killed; the next conversion
    starts a new one, so converting the same document again may succeed (retry it).

    ``reason``: ``"died"`` (killed, crashed, connection lost) or ``"timeout"`` (exceeded
    ``settings.pool.timeout``). ``failed``: the DOCX being converted.
    """

    def __init__(
        self, message: str, *, reason: str, failed: Iterable[Path] = (), stderr: str = ""
    ) -> None:
        super().__init__(message, failed=list(failed), stderr=stderr)
        self.reason = reason


class _Timeout(Exception):
    """No answer before the deadline."""


class _Broken(Exception):
    """The pipe to the UNO script closed: it exited or was killed."""


# --- processes -----------------------------------------------------------------------------------


def _stat(pid: int) -> tuple[str, str, int] | None:
    """``(comm, state, pgrp)`` of a process from ``/proc``; ``None`` if it does not exist."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    state, _ppid, pgrp = raw[raw.rindex(")") + 2 :].split()[:3]
    return comm, state, int(pgrp)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie."""
    st = _stat(pid)
    return st is not None and st[1] not in ("Z", "X")


def group_pids(pgid: int) -> list[int]:
    """The live (non-zombie) processes of process group ``pgid``."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None and st[2] == pgid and st[1] not in ("Z", "X"):
                pids.append(int(entry))
    return sorted(pids)


def _office_pid(pgid: int) -> int | None:
    """The ``soffice.bin`` process of group ``pgid`` (the LibreOffice that converts)."""
    for pid in group_pids(pgid):
        st = _stat(pid)
        if st is not None and st[0] == "soffice.bin":
            return pid
    return None


def _port_free(port: int) -> bool:
    """Whether a listening socket could bind ``127.0.0.1:port`` (as LibreOffice does, with
    ``SO_REUSEADDR``: connections in TIME_WAIT after a restart don't block it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _tail(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        text = path.read_text("utf-8", "replace").strip()
    except OSError:
        return ""
    lines = [ln for ln in text.splitlines() if "javaldx" not in ln]  # harmless start-up noise
    text = "\n".join(lines).strip()
    return text if len(text) <= _LOG_TAIL_CHARS else "…" + text[-_LOG_TAIL_CHARS:]


@dataclass
class _Instance:
    """One running UNO script + LibreOffice."""

    proc: subprocess.Popen[bytes]
    pgid: int
    office_pid: int | None = None
    conversions: int = 0
    buffer: bytearray = field(default_factory=bytearray)

    def exited(self) -> bool:
        """Whether the script exited — without reaping it: while it is unreaped its PID, which
        is the group id, cannot be reused, so killing the group stays safe."""
        if self.proc.returncode is not None:
            return True
        try:
            return (
                os.waitid(os.P_PID, self.proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
            )
        except ChildProcessError:
            return True


# --- the pool ------------------------------------------------------------------------------------

_POOLS: weakref.WeakSet[PdfPool] = weakref.WeakSet()


class PdfPool:
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
            raise PdfError(f"DOCX file not found: {docx}", failed=[docx])
        out_pdf.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if not self._ensure():
                return self._fallback_one(docx, out_pdf, pdfa)
            return self._convert_warm(docx, out_pdf, pdfa)

    def convert_many(
        self, docx_paths: Iterable[Path], outdir: Path, *, pdfa: bool = False, retries: int = 1
    ) -> dict[Path, Path]:
        """Convert DOCX files into ``outdir``; returns ``{docx: pdf}`` — the contract of
        :func:`naskah.pdf.convert_to_pdf` (keys as given, ``name.pdf`` / ``name-2.pdf`` on stem
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

    # -- start / stop --

    def _adopt(self) -> None:
        """In a forked child, drop what belongs to the parent (see :func:`_after_fork`)."""
        if self._owner != os.getpid():
            self._forget()

    def _claim_port(self) -> int:
        if self._port is not None:
            return self._port
        base = self.settings.pool.base_port
        lockdir = Path(tempfile.gettempdir())
        for k in range(PORT_SLOTS):
            port = base + (self.index + k) % PORT_SLOTS
            if port in self._bad_ports:
                continue
            try:
                fd = os.open(
                    lockdir / f"naskah-pdf-pool-{port}.lock", os.O_RDWR | os.O_CREAT, 0o666
                )
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            if _port_free(port):
                self._port, self._port_fd = port, fd
                return port
            os.close(fd)
        raise PoolUnavailable(
            f"no free port for LibreOffice in {base}–{base + PORT_SLOTS - 1} "
            "(settings.pool.base_port)",
            permanent=False,
        )

    def _release_port(self) -> None:
        if self._port_fd is not None:
            os.close(self._port_fd)  # releases the flock
        self._port = self._port_fd = None

    def _start(self) -> None:
        """Start the UNO script and LibreOffice; raises :class:`PoolUnavailable`."""
        settings = self.settings.pool
        if not HELPER.is_file():
            raise PoolUnavailable(f"{HELPER} is missing (broken install)", permanent=True)
        for _ in range(3):  # a port that turns out to be served by someone else: next port
            port = self._claim_port()
            if self._workdir is None:
                self._workdir = Path(tempfile.mkdtemp(prefix=f"naskah-pdf-pool-{port}-"))
            profile, home = self._workdir / "profile", self._workdir / "home"
            if self._fresh_profile:
                shutil.rmtree(profile, ignore_errors=True)
            home.mkdir(exist_ok=True)
            log_path = self._workdir / "office.log"
            cmd = [
                settings.python,
                str(HELPER),
                "--soffice",
                self.settings.pdf.soffice,
                "--port",
                str(port),
                "--profile",
                str(profile),
                "--start-timeout",
                str(settings.start_timeout),
                "--workdir",
                str(self._workdir),
            ]
            env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
            env["HOME"] = str(home)
            started = time.monotonic()
            try:
                with open(log_path, "wb") as log_file:
                    proc = subprocess.Popen(
                        cmd,
                        stdin=subprocess.PIPE,
                        stdout=subprocess.PIPE,
                        stderr=log_file,
                        env=env,
                        cwd=str(self._workdir),
                        start_new_session=True,
                        bufsize=0,
                    )
            except OSError as exc:
                raise PoolUnavailable(
                    f"cannot run {settings.python!r} (settings.pool.python, the interpreter "
                    f"with LibreOffice's uno module; Debian: apt-get install python3-uno): {exc}",
                    permanent=True,
                ) from exc
            inst = _Instance(proc, pgid=proc.pid)
            self._inst = inst
            try:
                message = self._read(inst, started + settings.start_timeout + 10)
            except (_Timeout, _Broken) as exc:
                self._kill()
                what = "did not start in time" if isinstance(exc, _Timeout) else "exited"
                raise PoolUnavailable(
                    f"LibreOffice for the PDF pool {what} (port {port}): {_tail(log_path)}",
                    permanent=False,
                    stderr=_tail(log_path),
                ) from None
            if message.get("event") == "ready":
                deadline = time.monotonic() + 5
                inst.office_pid = _office_pid(inst.pgid)
                while inst.office_pid is None and time.monotonic() < deadline:
                    time.sleep(0.05)
                    inst.office_pid = _office_pid(inst.pgid)
                self.starts += 1
                self._fresh_profile = False
                log.info(
                    "PDF pool: LibreOffice %s started, pid %s, port %s, in %.1f s",
                    message.get("version", ""),
                    inst.office_pid,
                    port,
                    time.monotonic() - started,
                )
                return
            self._kill()
            error = message.get("error") or f"unexpected answer {message!r}"
            if message.get("port_taken"):
                log.warning("PDF pool: %s; trying another port", error)
                self._bad_ports.add(port)
                self._release_port()
                continue
            raise PoolUnavailable(
                f"LibreOffice for the PDF pool did not start: {error}",
                permanent=bool(message.get("permanent")),
                stderr=_tail(log_path),
            )
        raise PoolUnavailable("every port tried is served by another program", permanent=False)

    def _restart_reason(self, inst: _Instance) -> str | None:
        """Why ``inst`` must be restarted (``None``: it is healthy). Pings LibreOffice."""
        if inst.conversions >= self.settings.pool.max_conversions:
            return f"restart after {inst.conversions} conversions (settings.pool.max_conversions)"
        if inst.exited():
            return "its UNO script exited"
        st = _stat(inst.office_pid) if inst.office_pid is not None else None
        if st is None or st[0] != "soffice.bin" or st[1] in ("Z", "X"):
            return f"LibreOffice (pid {inst.office_pid}) is gone"
        wait = min(PING_TIMEOUT, float(self.settings.pool.timeout))
        try:
            answer = self._request(inst, "ping", time.monotonic() + wait)
        except _Timeout:
            return f"LibreOffice (pid {inst.office_pid}) did not answer within {wait:.0f} s"
        except _Broken:
            return "its UNO script exited"
        if not answer.get("ok"):
            return f"LibreOffice (pid {inst.office_pid}) fails: {answer.get('error')}"
        return None

    def _ensure(self) -> bool:
        """A healthy LibreOffice is running (started or restarted as needed): ``True``; it
        cannot start: ``False`` (the caller falls back), said once in the log."""
        self._adopt()
        inst = self._inst
        if inst is not None:
            reason = self._restart_reason(inst)
            if reason is None:
                return True
            planned = inst.conversions >= self.settings.pool.max_conversions
            (log.info if planned else log.warning)("PDF pool: %s; restarting LibreOffice", reason)
            self._stop(graceful=planned)
        if time.monotonic() < self._retry_at:
            return False
        try:
            self._start()
        except PoolUnavailable as exc:
            self._retry_at = (
                float("inf") if exc.permanent else (time.monotonic() + RETRY_START_AFTER)
            )
            self.fallback_reason = str(exc)
            if not self._warned:
                self._warned = True
                log.warning(
                    "PDF pool unavailable, converting with the soffice command instead: %s", exc
                )
            return False
        self.fallback_reason = None
        return True

    def _stop(self, *, graceful: bool) -> None:
        """Stop the running LibreOffice: asked to quit first if ``graceful`` (its profile is
        then kept for the next start), its process group killed in any case."""
        inst = self._inst
        if inst is None:
            return
        clean = False
        if graceful and not inst.exited():
            with contextlib.suppress(_Timeout, _Broken):
                clean = bool(self._request(inst, "quit", time.monotonic() + QUIT_TIMEOUT).get("ok"))
            deadline = time.monotonic() + 5
            while not inst.exited() and time.monotonic() < deadline:
                time.sleep(0.02)
        self._kill()
        if clean:
            self._fresh_profile = False

    def _kill(self) -> None:
        """SIGKILL the process group of the running instance and wait until none of it is left;
        the next start gets a fresh profile (a killed LibreOffice may leave a damaged one)."""
        inst, self._inst = self._inst, None
        self._fresh_profile = True
        if inst is None:
            return
        if inst.proc.returncode is None:  # the script is unreaped: the group id is still ours
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(inst.pgid, signal.SIGKILL)
        for stream in (inst.proc.stdin, inst.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            inst.proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while group_pids(inst.pgid) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = group_pids(inst.pgid)
        if left:
            log.error(
                "PDF pool: processes %s of LibreOffice's group %s survived SIGKILL", left, inst.pgid
            )

    def _forget(self) -> None:
        """Drop the parent's LibreOffice, port lock and folder in a forked child, without
        touching them (they are the parent's): this pool becomes new and unstarted."""
        inst, self._inst = self._inst, None
        if inst is not None:
            for stream in (inst.proc.stdin, inst.proc.stdout):
                with contextlib.suppress(OSError):
                    stream.close()
        if self._port_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._port_fd)  # the parent's descriptor keeps the lock
        self._port = self._port_fd = None
        self._workdir = None
        self._fresh_profile = True
        self._lock = threading.RLock()  # another thread of the parent may have held it
        self._owner = os.getpid()

    # -- conversion --

    def _convert_warm(self, docx: Path, out_pdf: Path, pdfa: bool) -> Path:
        inst = self._inst
        assert inst is not None
        timeout = self.settings.pool.timeout
        part = out_pdf.with_name(f".{out_pdf.name}.{os.getpid()}.part")
        pid, port = inst.office_pid, self._port
        try:
            try:
                answer = self._request(
                    inst,
                    "convert",
                    time.monotonic() + timeout,
                    src=str(docx.resolve()),
                    dst=str(part.resolve()),
                    pdfa=pdfa,
                )
            except _Timeout:
                stderr = self._log_tail()
                self._stop(graceful=False)
                raise TransientPdfError(
                    f"LibreOffice (pid {pid}, port {port}) did not convert {docx} within "
                    f"{timeout} s (settings.pool.timeout): it was killed, the next conversion "
                    "starts a new one",
                    reason="timeout",
                    failed=[docx],
                    stderr=stderr,
                ) from None
            except _Broken:
                stderr = self._log_tail()
                self._stop(graceful=False)
                raise TransientPdfError(
                    f"LibreOffice (pid {pid}, port {port}) died while converting {docx}; the "
                    "next conversion starts a new one",
                    reason="died",
                    failed=[docx],
                    stderr=stderr,
                ) from None
            if not answer.get("ok"):
                if answer.get("kind") == "office":
                    stderr = self._log_tail()
                    self._stop(graceful=False)
                    raise TransientPdfError(
                        f"LibreOffice (pid {pid}, port {port}) died while converting {docx} "
                        f"({answer.get('error')}); the next conversion starts a new one",
                        reason="died",
                        failed=[docx],
                        stderr=stderr,
                    )
                raise PdfError(
                    f"LibreOffice could not convert {docx}: {answer.get('error')}", failed=[docx]
                )
            if not part.is_file() or part.stat().st_size == 0:
                raise PdfError(f"LibreOffice produced no PDF for {docx}", failed=[docx])
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

    # -- the pipe protocol --

    def _request(self, inst: _Instance, op: str, deadline: float, **fields: object) -> dict:
        self._next_id += 1
        rid = self._next_id
        data = (json.dumps({"id": rid, "op": op, **fields}) + "\n").encode()
        try:
            view = memoryview(data)
            while view:
                written = inst.proc.stdin.write(view)
                view = view[written or 0 :]
        except (BrokenPipeError, OSError, ValueError):
            raise _Broken from None
        while True:
            answer = self._read(inst, deadline)
            if answer.get("id") == rid:
                return answer

    @staticmethod
    def _read(inst: _Instance, deadline: float) -> dict:
        """The next JSON line from the script; raises :class:`_Timeout` / :class:`_Broken`."""
        fd = inst.proc.stdout.fileno()
        while b"\n" not in inst.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Timeout
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise _Broken from None
            if not chunk:
                raise _Broken
            inst.buffer += chunk
        line, _, rest = bytes(inst.buffer).partition(b"\n")
        inst.buffer[:] = rest
        try:
            return json.loads(line)
        except ValueError:
            return {"ok": False, "kind": "office", "error": f"garbled answer {line[:200]!r}"}


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

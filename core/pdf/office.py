"""The LibreOffice process behind a :class:`~naskah.pdf.pool.PdfPool`: ports, start-up, health,
restart, stop and kill of its process group, and the JSON-lines pipe to the UNO script."""

from __future__ import annotations

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from naskah.i18n import _
from naskah.pdf.soffice import PdfError

log = logging.getLogger(__name__)

HELPER = Path(__file__).with_name("pool_uno.py")
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


def _cpu_ticks(pid: int) -> int | None:
    """User + system CPU time of ``pid`` in clock ticks (``/proc/PID/stat``), ``None`` if gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)


STALL_SECONDS = 15.0
"""A converting LibreOffice that uses no CPU for this long is hung (a conversion computes all
the time: layout, fonts, PDF writing)."""


class Watchdog:
    """Progress of one conversion, polled while its answer is awaited: ``watch()`` is true
    (and ``reason`` says why) when LibreOffice is stopped (``SIGSTOP``, state ``T``) or has used
    no CPU for ``stall`` seconds. Catches a hang long before the conversion's timeout."""

    def __init__(self, pid: int | None, stall: float = STALL_SECONDS) -> None:
        self.pid = pid
        self.stall = stall
        self.reason = ""
        self._ticks = _cpu_ticks(pid) if pid else None
        self._since = time.monotonic()

    def __call__(self) -> bool:
        if not self.pid:
            return False
        st = _stat(self.pid)
        if st is None:
            return False  # gone: the pipe breaks and it is reported as died
        if st[1] in ("T", "t"):
            self.reason = "it is stopped (SIGSTOP)"
            return True
        ticks, now = _cpu_ticks(self.pid), time.monotonic()
        if ticks != self._ticks:
            self._ticks, self._since = ticks, now
            return False
        if now - self._since >= self.stall:
            self.reason = f"it used no CPU for {self.stall:.0f} s"
            return True
        return False


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


class OfficeProcess:
    """The process half of :class:`~naskah.pdf.pool.PdfPool` (its attributes are set there)."""

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
            _("no free port for LibreOffice in {base}–{value} (settings.pool.base_port)",
              base=base, value=base + PORT_SLOTS - 1),
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
            raise PoolUnavailable(_("{HELPER} is missing (broken install)", HELPER=HELPER),
                                  permanent=True)
        for _unused in range(3):  # a port that turns out to be served by someone else: next port
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
                    _("cannot run {python!r} (settings.pool.python, the interpreter with "
                      "LibreOffice's uno module; Debian: apt-get install python3-uno): {exc}",
                      python=settings.python, exc=exc),
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
                    _("LibreOffice for the PDF pool {what} (port {port}): {value}", what=what,
                      port=port, value=_tail(log_path)),
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
                _("LibreOffice for the PDF pool did not start: {error}", error=error),
                permanent=bool(message.get("permanent")),
                stderr=_tail(log_path),
            )
        raise PoolUnavailable(_("every port tried is served by another program"), permanent=False)

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

    # -- the pipe protocol --

    def _request(self, inst: _Instance, op: str, deadline: float, *,
                 watch: Callable[[], bool] | None = None, **fields: object) -> dict:
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
            answer = self._read(inst, deadline, watch)
            if answer.get("id") == rid:
                return answer

    @staticmethod
    def _read(inst: _Instance, deadline: float,
              watch: Callable[[], bool] | None = None) -> dict:
        """The next JSON line from the script; raises :class:`_Timeout` (also as soon as
        ``watch()``, polled every half second, is true) / :class:`_Broken`."""
        fd = inst.proc.stdout.fileno()
        while b"\n" not in inst.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Timeout
            ready, _unused, _unused = select.select([fd], [], [], min(remaining, 0.5))
            if not ready:
                if watch is not None and watch():
                    raise _Timeout
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise _Broken from None
            if not chunk:
                raise _Broken
            inst.buffer += chunk
        line, _unused, rest = bytes(inst.buffer).partition(b"\n")
        inst.buffer[:] = rest
        try:
            return json.loads(line)
        except ValueError:
            return {"ok": False, "kind": "office", "error": f"garbled answer {line[:200]!r}"}

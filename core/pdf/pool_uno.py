"""The LibreOffice side of the warm PDF pool (:mod:`naskah.pdf.pool`): a small UNO bridge.

NOT imported by naskah. :class:`naskah.pdf.pool.PdfPool` runs this file as a script under the
interpreter that has LibreOffice's ``uno`` module (Debian: ``/usr/bin/python3`` with the package
``python3-uno``), which is usually not the project's own environment. It uses the standard
library and ``uno`` only, and stays compatible with Python 3.8.

What it does:

1. starts ``soffice`` headless with its own user profile, listening for UNO on
   ``127.0.0.1:PORT`` (``--accept``), and connects to it (retrying until ``--start-timeout``);
2. checks the LibreOffice that answers on the port is its own (same user profile), not
   another program or another LibreOffice that already held the port;
3. answers requests, one JSON object per line on stdin, with one JSON object per line on
   stdout::

       {"id": 1, "op": "convert", "src": "/abs/a.docx", "dst": "/abs/a.pdf", "pdfa": false}
       {"id": 1, "ok": true}
       {"id": 2, "op": "ping"}                 -> {"id": 2, "ok": true}
       {"id": 3, "op": "quit"}                 -> {"id": 3, "ok": true}, then exits

   A failed request answers ``{"id": .., "ok": false, "kind": KIND, "error": TEXT}`` where
   ``KIND`` is ``"document"`` (LibreOffice is fine, this document did not load or export) or
   ``"office"`` (the connection to LibreOffice broke: it died or was killed).
4. exits, killing LibreOffice with its whole process group, when stdin closes: the owning
   worker process exited or was killed, so no LibreOffice outlives it; it then also deletes
   the pool's folder (``--workdir``), which the dead owner cannot. A thread watching the
   parent process does the same when the owner dies during a conversion.

The first line it prints is ``{"event": "ready", "launcher_pid": N, "port": P, "version": V}``
or ``{"event": "failed", "permanent": BOOL, "port_taken": BOOL, "error": TEXT}``. Everything
LibreOffice prints goes to stderr. The caller starts it as the leader of a new process group
(``start_new_session``) so that killing that group kills this script, ``soffice``/``oosplash``
and ``soffice.bin``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

_PROTOCOL = None  # the protocol channel (set by main)
uno = PropertyValue = None  # LibreOffice's bridge, imported by main (importing this file is inert)


def _send(message: dict) -> None:
    _PROTOCOL.write(json.dumps(message) + "\n")
    _PROTOCOL.flush()


def _kill_group_and_exit(code: int = 0) -> None:
    """SIGKILL this process group (this script included): LibreOffice must not survive us."""
    sys.stderr.flush()
    try:
        os.killpg(os.getpgid(0), signal.SIGKILL)
    finally:
        os._exit(code)


def _kill_others_in_group(timeout: float = 5.0) -> None:
    """SIGKILL every other process of this process group and wait until they are gone."""
    me, group = os.getpid(), os.getpgid(0)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        others = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit() or int(entry) == me:
                continue
            try:
                raw = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            state, _ppid, pgrp = raw[raw.rindex(")") + 2 :].split()[:3]
            if int(pgrp) == group and state not in ("Z", "X"):
                others.append(int(entry))
        if not others:
            return
        for pid in others:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)


def _orphaned(workdir: Path | None) -> None:
    """The owner closed our stdin without asking us to quit: it exited or was killed and
    cannot clean up. Kill LibreOffice, delete the pool's folder (profile, home, log), exit."""
    _kill_others_in_group()
    if workdir is not None:
        shutil.rmtree(workdir, ignore_errors=True)
    _kill_group_and_exit(0)


def _setup() -> None:
    """Take stdout for the protocol; import ``uno`` (or tell the caller it is missing)."""
    global _PROTOCOL, uno, PropertyValue
    # The protocol channel is a private copy of stdout; fd 1 itself is pointed at stderr so
    # that nothing else (LibreOffice, a stray print in pyuno) can corrupt the protocol.
    _PROTOCOL = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    try:
        import uno as _uno
        from com.sun.star.beans import PropertyValue as _PropertyValue
    except ImportError as exc:  # the interpreter has no LibreOffice bridge
        _send(
            {
                "event": "failed",
                "permanent": True,
                "error": f"{sys.executable} cannot import LibreOffice's uno module ({exc}); "
                "on Debian/Ubuntu: apt-get install python3-uno",
            }
        )
        sys.exit(3)
    uno, PropertyValue = _uno, _PropertyValue


def _prop(name: str, value):
    return PropertyValue(Name=name, Value=value)


class Office:
    """One headless LibreOffice started by this script and the UNO connection to it."""

    def __init__(self, soffice: str, port: int, profile: Path) -> None:
        self.soffice = soffice
        self.port = port
        self.profile_url = profile.resolve().as_uri()
        self.launcher: subprocess.Popen | None = None
        self.desktop = None
        self.version = ""

    def start(self, timeout: float) -> None:
        """Start soffice and connect; raises ``RuntimeError`` (message for the user)."""
        accept = (
            f"socket,host=127.0.0.1,port={self.port},tcpNoDelay=1;urp;StarOffice.ComponentContext"
        )
        cmd = [
            self.soffice,
            "--headless",
            "--invisible",
            "--nocrashreport",
            "--nodefault",
            "--nologo",
            "--nofirststartwizard",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={self.profile_url}",
            f"--accept={accept}",
        ]
        try:
            self.launcher = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=2, stderr=2)
        except OSError as exc:
            raise PermanentStartError(f"cannot run LibreOffice ({self.soffice!r}): {exc}") from exc
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        url = f"uno:socket,host=127.0.0.1,port={self.port};urp;StarOffice.ComponentContext"
        deadline = time.monotonic() + timeout
        last = ""
        while True:
            if self.launcher.poll() is not None:
                raise RuntimeError(
                    f"LibreOffice exited during start-up (status "
                    f"{self.launcher.returncode}){': ' + last if last else ''}"
                )
            try:
                context = resolver.resolve(url)
                break
            except Exception as exc:  # NoConnectException until soffice listens
                last = str(exc)
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"LibreOffice did not accept connections on port {self.port} "
                    f"within {timeout:.0f} s: {last}"
                )
            time.sleep(0.1)
        expander = context.getValueByName("/singletons/com.sun.star.util.theMacroExpander")
        theirs = expander.expandMacros("$UserInstallation").rstrip("/")
        if theirs != self.profile_url.rstrip("/"):
            raise PortTakenError(
                f"port {self.port} is served by another LibreOffice "
                f"(profile {theirs}), not the one started here"
            )
        self.desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        try:  # for information only
            provider = context.ServiceManager.createInstanceWithContext(
                "com.sun.star.configuration.ConfigurationProvider", context
            )
            node = provider.createInstanceWithArguments(
                "com.sun.star.configuration.ConfigurationAccess",
                (_prop("nodepath", "/org.openoffice.Setup/Product"),),
            )
            self.version = str(node.getByName("ooSetupVersionAboutBox"))
        except Exception:
            self.version = ""

    def ping(self) -> None:
        """A round trip to LibreOffice (raises if it is gone; blocks if it hangs)."""
        self.desktop.getFrames().getCount()

    def convert(self, src: str, dst: str, pdfa: bool) -> None:
        """DOCX ``src`` → PDF ``dst`` (PDF/A-2b when ``pdfa``), both absolute paths."""
        load = (
            _prop("Hidden", True),
            _prop("ReadOnly", True),
            _prop("UpdateDocMode", 0),  # com.sun.star.document.UpdateDocMode.NO_UPDATE
            _prop("MacroExecutionMode", 0),  # ...MacroExecMode.NEVER_EXECUTE
        )
        document = self.desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(src), "_blank", 0, load
        )
        if document is None:
            raise DocumentError(f"LibreOffice could not open {src}")
        try:
            store = [_prop("FilterName", "writer_pdf_Export"), _prop("Overwrite", True)]
            if pdfa:
                data = uno.Any(
                    "[]com.sun.star.beans.PropertyValue", (_prop("SelectPdfVersion", 2),)
                )  # 2 = PDF/A-2b
                store.append(_prop("FilterData", data))
            document.storeToURL(uno.systemPathToFileUrl(dst), tuple(store))
        finally:
            with contextlib.suppress(Exception):  # the office may be gone: the caller is told
                document.close(True)

    def quit(self) -> None:
        """Ask LibreOffice to terminate; wait for it up to 10 s."""
        with contextlib.suppress(Exception):  # terminate() often disposes the bridge mid-call
            self.desktop.terminate()
        if self.launcher is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.launcher.wait(10)


class DocumentError(Exception):
    """This document could not be converted; LibreOffice itself is fine."""


class PermanentStartError(RuntimeError):
    """Starting cannot succeed by retrying (soffice missing)."""


class PortTakenError(RuntimeError):
    """Another program already answers on the port: the caller should use another one."""


def _office_gone(office: Office) -> bool:
    """Whether the UNO connection is broken (LibreOffice died or was killed)."""
    try:
        office.ping()
    except Exception:
        return True
    return office.launcher is not None and office.launcher.poll() is not None


def _answer(office: Office, request: dict) -> dict:
    op = request.get("op")
    rid = request.get("id")
    try:
        if op == "convert":
            office.convert(request["src"], request["dst"], bool(request.get("pdfa")))
        elif op == "ping":
            office.ping()
        elif op == "quit":
            office.quit()
        else:
            return {"id": rid, "ok": False, "kind": "document", "error": f"unknown op {op!r}"}
    except DocumentError as exc:
        return {"id": rid, "ok": False, "kind": "document", "error": str(exc)}
    except Exception as exc:
        kind = "office" if op != "convert" or _office_gone(office) else "document"
        text = getattr(exc, "Message", "") or str(exc)
        return {"id": rid, "ok": False, "kind": kind, "error": f"{type(exc).__name__}: {text}"}
    return {"id": rid, "ok": True}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--soffice", default="soffice")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--profile", type=Path, required=True)
    parser.add_argument("--start-timeout", type=float, default=60.0)
    parser.add_argument(
        "--workdir", type=Path, help="deleted if the owner dies without closing the pool"
    )
    args = parser.parse_args()
    _setup()

    signal.signal(signal.SIGTERM, lambda *_: _kill_group_and_exit(0))
    owner = os.getppid()

    def watch_owner() -> None:  # also while a conversion blocks the main thread
        while os.getppid() == owner:
            time.sleep(1.0)
        _orphaned(args.workdir)

    threading.Thread(target=watch_owner, daemon=True).start()
    office = Office(args.soffice, args.port, args.profile)
    try:
        office.start(args.start_timeout)
    except Exception as exc:
        _send(
            {
                "event": "failed",
                "permanent": isinstance(exc, PermanentStartError),
                "port_taken": isinstance(exc, PortTakenError),
                "error": str(exc),
            }
        )
        _kill_group_and_exit(4)
    _send(
        {
            "event": "ready",
            "launcher_pid": office.launcher.pid,
            "port": args.port,
            "version": office.version,
        }
    )
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError:
            _send({"id": None, "ok": False, "kind": "document", "error": "not JSON"})
            continue
        try:
            _send(_answer(office, request))
        except OSError:  # the owner closed the pipe
            break
        if request.get("op") == "quit":
            _kill_group_and_exit(0)  # nothing may survive; the owner deletes the folder
    _orphaned(args.workdir)  # stdin closed without a quit


if __name__ == "__main__":
    main()

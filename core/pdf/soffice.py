"""DOCX → PDF through LibreOffice (``soffice --headless``), and PDF → text through poppler.

One LibreOffice process converts a whole batch (starting LibreOffice costs seconds; converting
one more small document costs little). Every call gets its own fresh LibreOffice profile and
``HOME`` in temporary directories, so concurrent calls (e.g. two workers) don't share a profile
and a stale profile lock left by a killed process can't hang the next call. A call that runs
past ``settings.pdf.timeout`` seconds is killed with its whole process group.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from naskah.errors import NaskahError
from naskah.i18n import _
from naskah.settings import Settings

_STDERR_TAIL_CHARS = 2000
PDFA_TARGET = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""``--convert-to`` argument for PDF/A-2b."""


class PdfError(NaskahError):
    """A conversion failed, timed out, or LibreOffice/poppler could not be run.

    ``failed``: the DOCX files that produced no PDF (empty when the whole call failed before
    converting, e.g. soffice missing). ``converted``: DOCX → PDF of the files of the same call
    that did convert (already in the output directory). ``stderr``: the tail of the tool's output.
    """

    def __init__(
        self,
        message: str,
        *,
        failed: Sequence[Path] = (),
        converted: dict[Path, Path] | None = None,
        stderr: str = "",
    ) -> None:
        super().__init__(message)
        self.failed = list(failed)
        self.converted = dict(converted or {})
        self.stderr = stderr


def soffice_available(settings: Settings) -> bool:
    """Whether ``settings.pdf.soffice`` (a name on ``PATH`` or a path) is an executable."""
    return shutil.which(settings.pdf.soffice) is not None


def _tail(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _STDERR_TAIL_CHARS else "…" + text[-_STDERR_TAIL_CHARS:]


def _output_names(docx_paths: Sequence[Path]) -> list[str]:
    """A distinct PDF stem per input: its own stem, or ``stem-2``, ``stem-3`` … on collision."""
    used: set[str] = set()
    names: list[str] = []
    for p in docx_paths:
        stem, n = p.stem, 1
        name = stem
        while name.casefold() in used:
            n += 1
            name = f"{stem}-{n}"
        used.add(name.casefold())
        names.append(name)
    return names


def _kill_group(proc: subprocess.Popen[bytes]) -> str:
    """Kill the process group of ``proc`` (a session leader), reap it; returns its output tail."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    try:
        out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:  # a helper escaped the group and holds the pipes
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
        proc.wait()
        return ""
    return _tail(err.decode("utf-8", "replace") + "\n" + out.decode("utf-8", "replace"))


def convert_to_pdf(
    docx_paths: Sequence[Path], outdir: Path, settings: Settings, *, pdfa: bool = False
) -> dict[Path, Path]:
    """Convert DOCX files to PDF with one LibreOffice call; returns ``{docx: pdf}`` for each input.

    The keys are the paths exactly as given (relative stay relative); the PDFs are in ``outdir``.
    The PDF of ``x/name.docx`` is ``outdir/name.pdf``; inputs whose stems collide (same name in
    different folders) get ``name-2.pdf``, ``name-3.pdf`` … in input order. An existing PDF of
    the same name in ``outdir`` is replaced. ``outdir`` is created if missing. A file given twice
    (even by different paths) is converted once. An empty list returns ``{}`` at once.

    Runs ``settings.pdf.soffice --headless --norestore --convert-to pdf`` with a fresh profile
    (``-env:UserInstallation``) and ``HOME`` in temporary directories, killed with its process
    group after ``settings.pdf.timeout`` seconds. ``pdfa``: PDF/A-2b (filter option
    ``SelectPdfVersion=2``, given as JSON, which LibreOffice reads since 7.4).

    Raises :class:`PdfError` if an input does not exist, soffice can't be started, the call
    times out (no PDF is kept then), or some inputs produced no PDF: the error names those files
    and ends with LibreOffice's stderr tail; ``PdfError.converted`` holds those that did convert.
    """
    given = [Path(p) for p in docx_paths]
    if not given:
        return {}
    inputs = list(dict.fromkeys(p.resolve() for p in given))  # what LibreOffice converts
    missing = [p for p in given if not p.is_file()]
    if missing:
        raise PdfError(
            "DOCX file(s) not found: " + ", ".join(str(p) for p in missing), failed=missing
        )
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    names = _output_names(inputs)
    soffice = settings.pdf.soffice
    timeout = settings.pdf.timeout

    # The work dir sits in outdir (same file system: the final move is a rename); profile and
    # HOME go to the system temp dir, away from the documents.
    work = Path(tempfile.mkdtemp(prefix=".soffice-", dir=outdir)).resolve()
    scratch = Path(tempfile.mkdtemp(prefix="naskah-soffice-"))
    try:
        in_dir, lo_out = work / "in", work / "out"
        in_dir.mkdir()
        lo_out.mkdir()
        args: list[str] = []
        for src, name in zip(inputs, names, strict=True):
            if name == src.stem:
                args.append(str(src))
            else:  # LibreOffice names the PDF after the input: give it a distinct name
                link = in_dir / f"{name}{src.suffix}"
                shutil.copyfile(src, link)
                args.append(str(link))
        profile, home = scratch / "profile", scratch / "home"
        home.mkdir()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            PDFA_TARGET if pdfa else "pdf",
            "--outdir",
            str(lo_out),
            *args,
        ]
        env = {**os.environ, "HOME": str(home)}
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
                cwd=str(scratch),
                start_new_session=True,
            )
        except OSError as exc:
            raise PdfError(_("cannot run LibreOffice ({soffice!r}): {exc}", soffice=soffice,
                             exc=exc), failed=given) from exc
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            output = _kill_group(proc)
            raise PdfError(
                f"LibreOffice did not finish converting {len(inputs)} file(s) within {timeout} s "
                f"and was killed: " + ", ".join(str(p) for p in given)
                + (f"\nLibreOffice output:\n{output}" if output else ""),
                failed=given,
                stderr=output,
            ) from None
        except BaseException:
            _kill_group(proc)
            raise
        output = _tail(
            err.decode("utf-8", "replace") + "\n" + out.decode("utf-8", "replace")
        )

        made: dict[Path, Path] = {}
        for src, name in zip(inputs, names, strict=True):
            produced = lo_out / f"{name}.pdf"
            if produced.is_file() and produced.stat().st_size > 0:
                final = outdir / f"{name}.pdf"
                os.replace(produced, final)
                made[src] = final
        result = {p: made[p.resolve()] for p in given if p.resolve() in made}
        failed = list(dict.fromkeys(p for p in given if p.resolve() not in made))
        if failed:
            raise PdfError(
                f"LibreOffice produced no PDF for {len(failed)} of {len(inputs)} file(s) "
                f"(exit status {proc.returncode}): "
                + ", ".join(str(p) for p in failed)
                + (f"\nLibreOffice output:\n{output}" if output else ""),
                failed=failed,
                converted=result,
                stderr=output,
            )
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)


def pdf_text(pdf: Path, *, timeout: float = 60) -> str:
    """The text of a PDF (``pdftotext -layout``), pages separated by form feeds (``\\f``).

    Raises :class:`PdfError` if pdftotext is missing, fails (e.g. not a PDF), or exceeds
    ``timeout`` seconds.
    """
    try:
        done = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PdfError(_("cannot read the text of {pdf}: {exc}", pdf=pdf, exc=exc)) from exc
    if done.returncode != 0:
        stderr = _tail(done.stderr.decode("utf-8", "replace"))
        raise PdfError(
            _("pdftotext failed on {pdf} (exit status {returncode}): {stderr}", pdf=pdf,
              returncode=done.returncode, stderr=stderr), stderr=stderr
        )
    return done.stdout.decode("utf-8", "replace")

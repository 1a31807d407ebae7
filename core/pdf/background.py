"""PDF conversion beside rendering: the process's warm LibreOffice (:mod:`naskah.pdf.pool`)
starts and converts each document in a background thread while the caller renders the next
ones (the main run, :func:`naskah.run.render_and_archive`).

LibreOffice runs in its own process, so on a machine with two cores its start (1–2 s) and its
conversions (~0.1 s per document) overlap with Python rendering instead of following it. The
thread only waits on the pool's pipe. A document is converted from a hard link of its staged
DOCX, so archiving (which moves the staged file) does not race with LibreOffice reading it.
When the pool cannot start, nothing is converted in the background and :meth:`finish` converts
every document with one ``soffice`` call, as before.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from naskah.pdf import soffice as pdf
from naskah.settings import Settings

log = logging.getLogger(__name__)


class BackgroundConverter:
    """Converts DOCX files to PDF in one background thread, in the order given.

    :param workdir: a folder for the hard links and the PDFs (created; the caller removes it).
    :param retries: conversions tried again after a :class:`~naskah.pdf.pool.TransientPdfError`
        (LibreOffice died or hung: the pool restarts it).
    """

    def __init__(self, settings: Settings, workdir: Path, *, retries: int = 1) -> None:
        from naskah.pdf.pool import get_pool

        self.settings = settings
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.retries = retries
        self.unavailable: str | None = None
        self._pool = get_pool(settings)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="naskah-pdf")
        self._sources: dict[str, Path] = {}
        self._futures: dict[str, Future] = {}
        self._thread.submit(self._warm)

    def _warm(self) -> None:
        from naskah.pdf.pool import PoolUnavailable

        try:
            self._pool.start()
        except PoolUnavailable as exc:
            self.unavailable = str(exc)
            log.warning("PDF pool unavailable, converting with one soffice call: %s", exc)

    def submit(self, key: str, docx: Path) -> None:
        """Queue ``docx`` (final bytes: it must not change any more) under ``key``."""
        n = len(self._sources) + 1
        source = self.workdir / f"{n:03d}.docx"
        try:
            os.link(docx, source)
        except OSError:
            shutil.copyfile(docx, source)
        self._sources[key] = source
        self._futures[key] = self._thread.submit(self._convert, source)

    def _convert(self, source: Path) -> Path | None:
        from naskah.pdf.pool import TransientPdfError

        if self.unavailable:
            return None  # converted together in finish()
        for attempt in range(self.retries + 1):
            try:
                return self._pool.convert(source, source.with_suffix(".pdf"))
            except TransientPdfError as exc:
                if attempt == self.retries:
                    raise
                log.warning("PDF pool: %s — trying %s again", exc, source.name)
        return None  # pragma: no cover - the loop returns or raises

    def finish(self) -> tuple[dict[str, Path], dict[str, str]]:
        """Wait for every conversion: ``({key: pdf}, {key: error})``. Documents not converted
        in the background (pool unavailable) are converted here with one ``soffice`` call."""
        made: dict[str, Path] = {}
        errors: dict[str, str] = {}
        left: list[str] = []
        for key, future in self._futures.items():
            try:
                result = future.result()
            except pdf.PdfError as exc:
                errors[key] = str(exc)
                continue
            if result is None:
                left.append(key)
            else:
                made[key] = result
        self._thread.shutdown(wait=True)
        if left:
            sources = [self._sources[k] for k in left]
            try:
                done = pdf.convert_to_pdf(sources, self.workdir / "soffice", self.settings)
            except pdf.PdfError as exc:
                done = dict(exc.converted)
                for k in left:
                    if self._sources[k] not in done:
                        errors[k] = str(exc)
            for k in left:
                if self._sources[k] in done:
                    made[k] = done[self._sources[k]]
        return made, errors

    def cancel(self) -> None:
        """Drop what is not converted yet and wait for the conversion under way."""
        self._thread.shutdown(wait=True, cancel_futures=True)

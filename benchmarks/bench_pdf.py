"""PDF: the warm LibreOffice pool vs ``soffice --convert-to pdf`` started per file (goal ≥ 6×
faster) and vs one ``soffice`` call converting all documents at once (goal ≤ 1.5×).

The documents are real naskah documents rendered from the example workbooks (a mix of letters,
forms, tables and reports from every example agency). Measured in one run:

- ``pool`` — :class:`naskah.pdf.pool.PdfPool` already started (its cold start is measured
  apart), converting the documents one by one (each one a health check + a conversion);
- ``one call`` — :func:`naskah.pdf.soffice.convert_to_pdf` on all documents: one ``soffice`` process
  with a fresh profile converts them all (naskah's embedded path without the pool);
- ``per file, plain`` — ``soffice --headless --convert-to pdf`` started for each file, its
  user profile kept between calls (what a plain script does; the fairer baseline);
- ``per file, fresh profile`` — :func:`naskah.pdf.soffice.convert_to_pdf` called for each file (the
  pool's fallback path: every call creates a new profile, so it is slower still).

``pool`` and ``one call`` alternate over several rounds (median); the per-file runs are long
and run once.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path

from pypdf import PdfReader

from benchmarks.corpus import render_documents
from benchmarks.registry import BenchContext, BenchResult, Ratio, benchmark
from naskah.pdf.pool import PdfPool, PoolUnavailable
from naskah.pdf.soffice import convert_to_pdf

DOCUMENTS = 40
FASTER_GOAL = 6.0
ONE_CALL_GOAL = 1.5


def _pages(paths: list[Path]) -> list[int]:
    return [len(PdfReader(p).pages) for p in paths]


@benchmark("pdf", "PDF conversion: warm pool vs soffice per file vs one soffice call", order=20)
def pdf_conversion(ctx: BenchContext) -> BenchResult:
    n = 8 if ctx.quick else DOCUMENTS
    rounds = ctx.repeat(3, 1)
    ctx.say(f"  rendering {n} documents …")
    docs = render_documents(ctx.workdir / "docx", n)
    settings = ctx.settings
    numbers: dict[str, float] = {"documents": n}
    notes: list[str] = []

    pool = PdfPool(settings, index=32)
    try:
        started = time.perf_counter()
        try:
            pool.start()
        except PoolUnavailable as exc:
            return BenchResult(
                [
                    Ratio("P2 PDF: soffice per file ÷ warm pool", None, ">=", FASTER_GOAL,
                          str(exc)),
                    Ratio("P3 PDF: warm pool ÷ one soffice call", None, "<=", ONE_CALL_GOAL,
                          str(exc)),
                ],
                [f"the pool could not start: {exc}"],
                numbers,
            )
        numbers["pool_cold_start_s"] = time.perf_counter() - started

        pool_times, one_times = [], []
        pool_out: list[Path] = []
        for r in range(rounds):
            ctx.say(f"  round {r + 1}/{rounds}: warm pool, then one soffice call …")
            outdir = ctx.workdir / f"pool-{r}"
            t0 = time.perf_counter()
            pool_out = [pool.convert(d, outdir / f"{d.stem}.pdf") for d in docs]
            pool_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            one = convert_to_pdf(docs, ctx.workdir / f"one-{r}", settings)
            one_times.append(time.perf_counter() - t0)
        numbers["pool_restarts"] = pool.starts - 1
    finally:
        pool.close()
    t_pool, t_one = statistics.median(pool_times), statistics.median(one_times)

    ctx.say(f"  soffice started per file, profile kept ({n} starts) …")
    profile = ctx.workdir / "plain-profile"
    plain_out = ctx.workdir / "plain"

    def plain(doc: Path) -> None:
        subprocess.run(
            [
                settings.pdf.soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(plain_out),
                str(doc),
            ],
            check=True,
            capture_output=True,
            timeout=settings.pdf.timeout,
        )

    plain(docs[0])  # creates the profile: not timed
    t0 = time.perf_counter()
    for d in docs:
        plain(d)
    t_plain = time.perf_counter() - t0

    ctx.say(f"  naskah's soffice command per file, fresh profile each ({n} starts) …")
    t0 = time.perf_counter()
    for d in docs:
        convert_to_pdf([d], ctx.workdir / "fresh", settings)
    t_fresh = time.perf_counter() - t0

    numbers.update(
        {
            "pool_s": t_pool,
            "one_call_s": t_one,
            "per_file_plain_s": t_plain,
            "per_file_fresh_s": t_fresh,
            "pool_per_doc_ms": 1000 * t_pool / n,
            "one_call_per_doc_ms": 1000 * t_one / n,
        }
    )
    if _pages(pool_out) != _pages([one[d] for d in docs]):
        notes.append("the pool's PDFs and the soffice call's differ in page counts")
    shutil.rmtree(profile, ignore_errors=True)

    per = f"{n} documents"
    ratios = [
        Ratio(
            f"P2 PDF, {per}: soffice per file (profile kept) ÷ warm pool",
            t_plain / t_pool,
            ">=",
            FASTER_GOAL,
            f"{t_plain:.1f} s vs {t_pool:.1f} s",
        ),
        Ratio(
            f"P2 PDF, {per}: naskah's soffice fallback per file (fresh profile) ÷ warm pool",
            t_fresh / t_pool,
            ">=",
            FASTER_GOAL,
            f"{t_fresh:.1f} s vs {t_pool:.1f} s",
        ),
        Ratio(
            f"P3 PDF, {per}: warm pool ÷ one soffice call for all",
            t_pool / t_one,
            "<=",
            ONE_CALL_GOAL,
            f"{t_pool:.1f} s vs {t_one:.1f} s, median of {rounds}",
        ),
        Ratio(
            f"P3 PDF, {per}: warm pool including its cold start ÷ one soffice call",
            (t_pool + numbers["pool_cold_start_s"]) / t_one,
            "<=",
            ONE_CALL_GOAL,
            f"start {numbers['pool_cold_start_s']:.1f} s + {t_pool:.1f} s vs {t_one:.1f} s",
        ),
    ]
    notes.append(
        f"per document: warm pool {numbers['pool_per_doc_ms']:.0f} ms, inside one soffice call "
        f"{numbers['one_call_per_doc_ms']:.0f} ms, soffice per file (profile kept) "
        f"{1000 * t_plain / n:.0f} ms, per file with a fresh profile {1000 * t_fresh / n:.0f} ms; "
        f"pool cold start {numbers['pool_cold_start_s']:.1f} s."
    )
    return BenchResult(ratios, notes, {k: round(v, 3) for k, v in numbers.items()})

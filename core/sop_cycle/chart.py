"""PNG chart of a cycle's timing: per passed step, its working time against its mutu baku.

One row per passed step (top to bottom in the order passed): a grey bar for the standard, a
bar for the actual time on top of it (blue within the standard, red over it, grey without a
standard; hatched while the step is still running). Hours on the x axis. Matplotlib on a per-chart
:class:`~matplotlib.figure.Figure` with the Agg canvas (no pyplot global state), as
:mod:`naskah.documents.charts`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from naskah.sop_cycle.timing import TimingReport, durasi_teks

WARNA_STANDAR = "#d9d9d9"
WARNA_TEPAT = "#2b6cb0"
WARNA_LEWAT = "#d7191c"
WARNA_TANPA = "#7f7f7f"
"""A step the SOP gives no standard time for."""


def label(row) -> str:
    """``"7. Sekretariat dan Bidang … (putaran 2)"``, wrapped to 45 characters."""
    text = f"{row.step.nomor}. {row.step.uraian}"
    text = textwrap.shorten(text, 70, placeholder=" …")
    if row.putaran > 1:
        text += f" (putaran {row.putaran})"
    return "\n".join(textwrap.wrap(text, 45))


def timing_chart(report: TimingReport, out: Path) -> Path:
    """Draw ``report`` to ``out`` (PNG) and return ``out``."""
    rows = report.rows
    height = 1.2 + 0.55 * max(1, len(rows))
    fig = Figure(figsize=(10, height), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ys = list(range(len(rows)))[::-1]
    for y, r in zip(ys, rows, strict=True):
        if r.standar is not None:
            ax.barh(y, r.standar / 60, height=0.7, color=WARNA_STANDAR, zorder=1)
        colour = WARNA_LEWAT if r.over else WARNA_TEPAT if r.standar is not None else WARNA_TANPA
        ax.barh(y, r.menit / 60, height=0.35, color=colour, zorder=2,
                hatch="//" if r.berjalan else None, edgecolor="white" if r.berjalan else None)
        baku = durasi_teks(r.standar) if r.standar is not None else "tanpa mutu baku"
        text = f"{durasi_teks(r.menit)} / {baku}"
        if r.keputusan:
            text += f" · {r.keputusan}"
        if r.over:
            text += " · melebihi"
        ax.text(max(r.menit, r.standar or 0) / 60, y, "  " + text, va="center", fontsize=7,
                color=WARNA_LEWAT if r.over else "#333333")
    ax.set_yticks(ys)
    ax.set_yticklabels([label(r) for r in rows], fontsize=7)
    ax.set_xlabel("jam kerja")
    longest = max([max(r.menit, r.standar or 0) for r in rows] or [60]) / 60
    ax.set_xlim(0, longest * 1.45 + 0.1)
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    over = len(report.over)
    ax.set_title(
        f"{report.procedure.judul} · {report.agency} · {report.periode}\nwaktu kerja "
        f"{durasi_teks(report.total_menit)} / mutu baku {durasi_teks(report.total_standar)}"
        + (f" · {over} langkah melebihi mutu baku" if over else ""),
        fontsize=9,
    )
    ax.legend(
        handles=[Patch(color=WARNA_STANDAR, label="mutu baku"),
                 Patch(color=WARNA_TEPAT, label="aktual (dalam mutu baku)"),
                 Patch(color=WARNA_LEWAT, label="aktual (melebihi)")],
        fontsize=7, loc="lower right",
    )
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, format="png")
    return out

"""Charts for the measurement documents (rekapitulasi and laporan pengukuran kinerja).

Matplotlib on a :class:`matplotlib.figure.Figure` built per chart: no pyplot, so no global
figure state leaks between documents or worker tasks. The format follows ``out``'s suffix:
``.svg`` (what the documents embed: vector graphics, text kept as text with its font named, so
it is searchable in the PDF, and about half the drawing time of a 200 dpi PNG) or ``.png``
(Agg, :data:`DPI`). Matplotlib is imported when the first chart is drawn.

- :func:`capaian_chart`: one horizontal bar per indicator with a computed capaian (%), coloured by
  predicate band, with a 100% reference line; indicators without a number are listed as
  *tidak dihitung* with the reason, never drawn as a 0 bar.
- :func:`indikator_chart`: target vs realisasi per triwulan of one indicator (small).

Numbers in labels are printed Indonesian style through :mod:`naskah.formatting`
(``94,44%``, ``1.234,5``). The data fed to the bars is computed by pure functions
(:func:`capaian_bars`, :func:`triwulan_series`) so it can be checked without reading pixels.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import shutil
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from naskah.formatting import angka, nama_triwulan, persen
from naskah.measurement.rules import bulat
from naskah.measurement.types import PERMENDAGRI_86_2017, Capaian, Predikat, StatusCapaian
from naskah.model import Nilai

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MM_PER_INCH = Decimal("25.4")
DPI = 200
"""Resolution of the PNGs (dots per inch): sharp on paper at the widths the documents use."""

WARNA_PREDIKAT_5 = ("#1a9641", "#a6d96a", "#f2c94c", "#fdae61", "#d7191c")
"""Colours of a 5-band scale, best band first (Permendagri 86/2017: Sangat Tinggi … Sangat
Rendah)."""

WARNA_TARGET = "#9ecae1"
WARNA_REALISASI = "#08519c"

STATUS_TEKS = {
    StatusCapaian.BELUM_DILAPORKAN: "belum dilaporkan",
    StatusCapaian.TIDAK_DAPAT_DIUKUR: "tidak dapat diukur",
    StatusCapaian.TARGET_NOL: "target 0",
    StatusCapaian.TARGET_TEKS: "target berupa teks",
    StatusCapaian.TANPA_TARGET: "tanpa target",
    StatusCapaian.TIDAK_TERDEFINISI: "tidak terdefinisi",
    StatusCapaian.DIHITUNG: "dihitung",
}
"""Short reason printed next to an indicator that has no capaian number."""


# --- data --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One bar of :func:`capaian_chart`: ``nilai`` is the capaian in % (unrounded Decimal)."""

    label: str
    nilai: Decimal
    predikat: str
    warna: str


@dataclass(frozen=True)
class TidakDihitung:
    """An indicator listed in :func:`capaian_chart` without a bar, with the reason."""

    label: str
    alasan: str


def warna_predikat(skala: Sequence[Predikat]) -> dict[str, str]:
    """Colour (``#rrggbb``) of each band label of ``skala``, best band (first) green, worst red.

    A 5-band scale uses :data:`WARNA_PREDIKAT_5`; other sizes sample the ``RdYlGn`` colormap.
    """
    labels = [p.label for p in skala]
    if len(labels) == len(WARNA_PREDIKAT_5):
        return dict(zip(labels, WARNA_PREDIKAT_5, strict=True))
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps["RdYlGn"]
    n = max(len(labels) - 1, 1)
    return {label: to_hex(cmap(0.9 - 0.8 * i / n)) for i, label in enumerate(labels)}


def label_indikator(c: Capaian, nomor: int | None = None, lebar: int = 45) -> str:
    """Axis label of an indicator: ``"3. Jumlah Orang yang …"`` wrapped at ``lebar`` characters
    (at most 3 lines, the rest shortened with ``…``)."""
    teks = f"{nomor}. {c.indikator.nama}" if nomor is not None else c.indikator.nama
    lines = textwrap.wrap(teks, lebar) or [""]
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = textwrap.shorten(lines[-1] + " …", lebar, placeholder=" …")
    return "\n".join(lines)


def capaian_bars(
    capaian: Sequence[Capaian],
    skala: Sequence[Predikat] = PERMENDAGRI_86_2017,
    nomor_awal: int = 1,
) -> tuple[list[Bar], list[TidakDihitung]]:
    """Split ``capaian`` (in the order given, numbered from ``nomor_awal``) into the bars to
    draw (those with a ``nilai``) and the indicators listed as *tidak dihitung* (``nilai`` is
    ``None``: not reported, n/a, target 0, text target …). A missing number never becomes a 0
    bar."""
    warna = warna_predikat(skala)
    bars: list[Bar] = []
    lain: list[TidakDihitung] = []
    for i, c in enumerate(capaian, start=nomor_awal):
        label = label_indikator(c, i)
        if c.nilai is None:
            lain.append(TidakDihitung(label, STATUS_TEKS.get(c.status, str(c.status))))
        else:
            pred = c.predikat or ""
            bars.append(Bar(label, c.nilai, pred, warna.get(pred, "#7f7f7f")))
    return bars, lain


def _float(x: Nilai) -> float | None:
    return float(x) if isinstance(x, Decimal) else None


def triwulan_series(
    values: Mapping[int, Nilai],
) -> list[float | None]:
    """Values of triwulan 1..4 as floats to plot; ``None`` (no bar) for anything that is not a
    number: not reported, n/a, text."""
    return [_float(values.get(tw)) for tw in range(1, 5)]


def rentang_capaian(capaian: Sequence[Capaian]) -> tuple[float, float] | None:
    """``(lowest, highest)`` computed capaian (%) of ``capaian``; ``None`` when none has a
    number. Passed to every part of a capaian chart split over pages (one axis scale)."""
    values = [float(c.nilai) for c in capaian if c.nilai is not None]
    return (min(values), max(values)) if values else None


# --- drawing -----------------------------------------------------------------------------------


def _inch(mm: float) -> float:
    return float(Decimal(str(mm)) / MM_PER_INCH)


_drawn: dict[str, Path] = {}


def _memo(fn):
    """Draw each distinct chart once per process: a call whose arguments (all but ``out``)
    and format (``out``'s suffix) were seen before copies the file drawn then to ``out`` (the
    draft and the final laporan, and the rekapitulasi, show the same charts). Charts are pure
    functions of their arguments."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        params = inspect.signature(fn).bind(*args, **kwargs)
        params.apply_defaults()
        out = Path(params.arguments.pop("out"))
        fmt = out.suffix.lower()  # an SVG and a PNG of the same chart are different files
        key = hashlib.sha256(repr((fn.__name__, fmt, params.arguments)).encode()).hexdigest()
        done = _drawn.get(key)
        if done is not None and done.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(done, out)
            return out
        result = fn(*args, **kwargs)
        _drawn[key] = Path(result)
        return result

    return wrapper


SVG_RC = {"svg.fonttype": "none", "svg.hashsalt": "naskah", "svg.image_inline": True}
"""SVG output: text as ``<text>`` elements (not paths), ids derived from a fixed salt (the
same data gives the same bytes: archive hashes stay stable)."""


def save_figure(fig: Figure, out: Path, *, dpi: int = DPI, **kwargs) -> Path:
    """Write ``fig`` to ``out`` as SVG (suffix ``.svg``) or PNG (else, at ``dpi``) without
    metadata that changes between runs (date, software); ``kwargs`` go to ``savefig``."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    FigureCanvasAgg(fig)
    if out.suffix.lower() == ".svg":
        with matplotlib.rc_context(SVG_RC):
            fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None}, **kwargs)
    else:
        fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None}, **kwargs)
    return out


def _save(fig: Figure, out: Path) -> Path:
    return save_figure(fig, out)


def _skala_legenda(skala: Sequence[Predikat]) -> list[str]:
    """``["Sangat Tinggi (≥ 91%)", …, "Sangat Rendah (< 51%)"]``."""
    out = []
    for i, p in enumerate(skala):
        if p.batas_bawah.is_infinite():
            atas = skala[i - 1].batas_bawah if i else None
            out.append(f"{p.label} (< {angka(atas)}%)" if atas is not None else p.label)
        else:
            out.append(f"{p.label} (≥ {angka(p.batas_bawah)}%)")
    return out


@_memo
def capaian_chart(
    capaian: Sequence[Capaian],
    out: Path,
    *,
    skala: Sequence[Predikat] = PERMENDAGRI_86_2017,
    lebar_mm: float = 250,
    tinggi_baris_mm: float = 11,
    nomor_awal: int = 1,
    rentang: tuple[float, float] | None = None,
) -> Path:
    """Horizontal bar chart of capaian (%) per indicator, written to ``out`` (SVG or PNG by
    its suffix).

    One row per indicator in input order, numbered as in the documents' tables: a bar for each
    computed capaian, coloured by its predicate band of ``skala`` (the agency's
    ``rules.skala_predikat``), labelled Indonesian style (``94,44%``); a dashed reference line at
    100%; an indicator without a number shows *tidak dihitung (reason)* in its row, no bar.
    ``lebar_mm``: figure width in mm; height ``28 + tinggi_baris_mm × rows`` mm (split a long
    list over several charts, numbering on with ``nomor_awal``, and give every part the same
    ``rentang``). ``rentang``: ``(lowest, highest)`` capaian (%) the axis must cover besides
    this chart's own bars (:func:`rentang_capaian` of the whole list), so the parts of a split
    list share one scale. Returns ``out``.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    bars, lain = capaian_bars(capaian, skala, nomor_awal)
    warna = warna_predikat(skala)
    rows = len(capaian)
    tinggi_mm = 28 + tinggi_baris_mm * max(rows, 1)
    fig = Figure(figsize=(_inch(lebar_mm), _inch(tinggi_mm)), layout="constrained")
    ax = fig.add_subplot()

    labels_by_row: list[str] = []
    y_bar: list[int] = []
    values: list[float] = []
    colours: list[str] = []
    teks_bar: list[str] = []
    y_lain: list[tuple[int, str]] = []
    bar_iter = iter(bars)
    lain_iter = iter(lain)
    for y, c in enumerate(capaian):
        if c.nilai is None:
            item = next(lain_iter)
            labels_by_row.append(item.label)
            y_lain.append((y, item.alasan))
        else:
            bar = next(bar_iter)
            labels_by_row.append(bar.label)
            y_bar.append(y)
            values.append(float(bar.nilai))
            colours.append(bar.warna)
            teks_bar.append(persen(bar.nilai))

    hi = max([100.0, *values, *(rentang[1:] if rentang else ())])
    lo = min([0.0, *values, *(rentang[:1] if rentang else ())])
    span = hi - lo
    ax.set_xlim(lo - (0.05 * span if lo < 0 else 0), hi + 0.22 * span)
    ax.set_ylim(max(rows, 1) - 0.5, -0.5)
    if y_bar:
        rects = ax.barh(
            y_bar, values, color=colours, height=0.6, edgecolor="#333333", linewidth=0.4
        )
        for label in ax.bar_label(rects, labels=teks_bar, padding=3, fontsize=7):
            # readable where the 100% line crosses it
            label.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85})
    for y, alasan in y_lain:
        ax.text(
            lo + 0.01 * span,
            y,
            f"tidak dihitung ({alasan})",
            va="center",
            ha="left",
            fontsize=7,
            style="italic",
            color="#555555",
        )
    ax.axvline(100, color="#333333", linestyle="--", linewidth=0.8)
    ax.text(100, -0.5, " 100%", va="bottom", ha="left", fontsize=6.5, color="#333333")
    ax.set_yticks(range(rows), labels_by_row, fontsize=7)
    ax.set_xlabel("Capaian (%)", fontsize=7.5)
    ax.tick_params(axis="x", labelsize=7)
    ax.xaxis.set_major_formatter(lambda x, _pos: angka(Decimal(str(round(x, 2)))))
    ax.grid(axis="x", linewidth=0.3, color="#cccccc")
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Patch(facecolor=warna[p.label], edgecolor="#333333", linewidth=0.4, label=text)
        for p, text in zip(skala, _skala_legenda(skala), strict=True)
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=min(len(handles), 5),
        fontsize=6.5,
        frameon=False,
    )
    if rows == 0:
        ax.text(50, 0, "Tidak ada indikator.", ha="center", va="center", fontsize=8)
    return _save(fig, out)


@_memo
def indikator_chart(
    c: Capaian,
    realisasi_per_tw: Mapping[int, Nilai],
    target_per_tw: Mapping[int, Nilai],
    out: Path,
    *,
    lebar_mm: float = 85,
    tinggi_mm: float = 55,
) -> Path:
    """Small grouped bar chart of one indicator: target and realisasi of triwulan I–IV, written
    as PNG to ``out``.

    ``realisasi_per_tw`` / ``target_per_tw`` map triwulan 1..4 to a value in the indicator's
    satuan; a value that is not a number gets no bar but a mark at its place: ``n/a``, the text
    value, or ``belum dilaporkan`` for a triwulan present in ``realisasi_per_tw`` with ``None``
    (a triwulan absent from the mapping — after the period — stays empty). Values are labelled
    Indonesian style.
    Returns ``out``.
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    # Fixed margins (the title is at most two lines): constrained layout costs ~4× the drawing.
    fig = Figure(figsize=(_inch(lebar_mm), _inch(tinggi_mm)))
    fig.subplots_adjust(left=0.15, right=0.98, bottom=0.11, top=0.80)
    ax = fig.add_subplot()
    target = triwulan_series(target_per_tw)
    real = triwulan_series(realisasi_per_tw)
    x = list(range(4))
    w = 0.38
    numbers = [v for v in (*target, *real) if v is not None]
    top = max([*numbers, 0.0]) or 1.0
    bottom = min([*numbers, 0.0])

    def draw(raw: Mapping[int, Nilai], dx: float, colour: str) -> None:
        series = triwulan_series(raw)
        xs = [i + dx for i, v in enumerate(series) if v is not None]
        vs = [v for v in series if v is not None]
        teks = [angka(bulat(raw[i + 1])) for i, v in enumerate(series) if v is not None]
        rects = ax.bar(xs, vs, width=w, color=colour, edgecolor="#333333", linewidth=0.3)
        ax.bar_label(rects, labels=teks, padding=1, fontsize=5.5)
        for i, v in enumerate(series):
            mark = _tanda(i + 1 in raw, raw.get(i + 1)) if v is None else ""
            if mark:
                ax.text(
                    i + dx,
                    0,
                    mark,
                    ha="center",
                    va="bottom",
                    fontsize=5.5,
                    color="#555555",
                    rotation=90 if len(mark) > 3 else 0,
                )

    draw(target_per_tw, -w / 2, WARNA_TARGET)
    draw(realisasi_per_tw, w / 2, WARNA_REALISASI)
    ax.set_xticks(x, [nama_triwulan(t + 1, singkat=True) for t in x], fontsize=6.5)
    ax.set_ylim(bottom * 1.15, top * 1.25)
    ax.tick_params(axis="y", labelsize=6)
    ax.yaxis.set_major_formatter(lambda v, _pos: angka(Decimal(str(round(v, 2)))))
    satuan = c.indikator.satuan
    if satuan:
        ax.set_ylabel(satuan, fontsize=6.5)
    judul = textwrap.wrap(c.indikator.nama, 58)
    if len(judul) > 2:
        judul = [judul[0], textwrap.shorten(" ".join(judul[1:]), 56, placeholder=" …")]
    fig.suptitle("\n".join(judul), fontsize=6.5, x=0.02, ha="left")
    ax.legend(
        handles=[
            Patch(facecolor=WARNA_TARGET, edgecolor="#333333", linewidth=0.3, label="Target"),
            Patch(facecolor=WARNA_REALISASI, edgecolor="#333333", linewidth=0.3, label="Realisasi"),
        ],
        fontsize=5.5,
        frameon=False,
        loc="upper left",
        ncols=2,
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if not numbers:
        ax.text(
            1.5,
            top * 0.5,
            "tidak ada nilai angka untuk digambarkan",
            ha="center",
            va="center",
            fontsize=6.5,
            style="italic",
            color="#555555",
        )
    return _save(fig, out)


def _tanda(given: bool, v: Nilai) -> str:
    """Mark printed where a triwulan value has no bar: ``n/a``, the text value, or ``belum
    dilaporkan`` for a key present with ``None``; nothing for a triwulan not asked about."""
    if v is None:
        return "belum dilaporkan" if given else ""
    if isinstance(v, str):
        return v
    return "n/a"

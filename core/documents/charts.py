"""Charts for the measurement documents (rekapitulasi and laporan pengukuran kinerja).

Written as SVG by :mod:`naskah.documents.svg` (vector graphics whose text stays text, searchable
in the PDF; the documents embed them through :class:`naskah.render.SvgInlineImage`). Until
issue 15 they were drawn with matplotlib, which cost ≈ 1.7 CPU seconds per run of the bundled
example (its import, its font set-up and 20 charts); the layout, the colours, the tick values
and every word are those of the matplotlib charts. The same arguments give the same bytes.

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

from naskah.documents.svg import (
    ASCENT,
    DESCENT,
    LINE_SPACING,
    PT_PER_MM,
    TENGAH,
    Svg,
    lebar_teks_pt,
    nice_ticks,
    tick_space,
)
from naskah.formatting import angka, angka_indikator, nama_triwulan, persen
from naskah.measurement.types import PERMENDAGRI_86_2017, Capaian, Predikat, StatusCapaian
from naskah.model import Nilai

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


_drawn: dict[str, Path] = {}


def _memo(fn):
    """Draw each distinct chart once per process: a call whose arguments (all but ``out``)
    were seen before copies the file drawn then to ``out`` (the draft and the final laporan,
    and the rekapitulasi, show the same charts). Charts are pure functions of their
    arguments."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        params = inspect.signature(fn).bind(*args, **kwargs)
        params.apply_defaults()
        out = _svg_out(params.arguments.pop("out"))
        key = hashlib.sha256(repr((fn.__name__, params.arguments)).encode()).hexdigest()
        done = _drawn.get(key)
        if done is not None and done.is_file():
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(done, out)
            return out
        result = fn(*args, **kwargs)
        _drawn[key] = Path(result)
        return result

    return wrapper


def _svg_out(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".svg":
        raise ValueError(f"charts are written as SVG: {out.name!r} must end in .svg")
    return out


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


def _angka_sumbu(x: float) -> str:
    """A tick value Indonesian style: ``2.5`` → ``"2,5"``, ``1000.0`` → ``"1.000"``."""
    return angka(Decimal(str(round(x, 2))))


TICK_PT = 3.5
"""Length of a tick mark and the gap between it and its label (pt)."""
PAD_PT = 3.0
"""Free margin around a chart (pt)."""
EDGE = "#333333"


def _legenda(svg: Svg, entries: Sequence[tuple[str, str]], x: float, baseline: float,
             size: float, edge_width: float) -> None:
    """A one-row legend from ``x``: for each ``(colour, text)`` a swatch 2 × 0.7 font sizes
    sitting on the ``baseline``, 0.8 font sizes of space, the text; 2 font sizes between
    entries."""
    for warna, teks in entries:
        svg.rect(x, baseline - 0.7 * size, 2.0 * size, 0.7 * size, fill=warna, stroke=EDGE,
                 stroke_width=edge_width)
        x += 2.8 * size
        svg.text(x, baseline, teks, size)
        x += lebar_teks_pt(teks, size) + 2.0 * size


def _lebar_legenda(entries: Sequence[tuple[str, str]], size: float) -> float:
    return sum(4.8 * size + lebar_teks_pt(t, size) for _, t in entries) - 2.0 * size


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
    """Horizontal bar chart of capaian (%) per indicator, written to ``out`` as SVG.

    One row per indicator in input order, numbered as in the documents' tables: a bar for each
    computed capaian, coloured by its predicate band of ``skala`` (the agency's
    ``rules.skala_predikat``), labelled Indonesian style (``94,44%``); a dashed reference line at
    100%; an indicator without a number shows *tidak dihitung (reason)* in its row, no bar; a
    legend of the bands under the axis. ``lebar_mm``: picture width in mm; height
    ``28 + tinggi_baris_mm × rows`` mm (split a long list over several charts, numbering on
    with ``nomor_awal``, and give every part the same ``rentang``). ``rentang``: ``(lowest,
    highest)`` capaian (%) the axis must cover besides this chart's own bars
    (:func:`rentang_capaian` of the whole list), so the parts of a split list share one scale.
    Returns ``out``.

    :raises ValueError: ``out`` does not end in ``.svg``.
    """
    out = _svg_out(out)
    bars, lain = capaian_bars(capaian, skala, nomor_awal)
    warna = warna_predikat(skala)
    rows = len(capaian)
    W = lebar_mm * PT_PER_MM
    H = (28 + tinggi_baris_mm * max(rows, 1)) * PT_PER_MM
    svg = Svg(W, H)

    bar_iter, lain_iter = iter(bars), iter(lain)
    baris: list[tuple[list[str], Bar | None, str]] = []  # label lines, bar, reason
    for c in capaian:
        if c.nilai is None:
            item = next(lain_iter)
            baris.append((item.label.split("\n"), None, item.alasan))
        else:
            bar = next(bar_iter)
            baris.append((bar.label.split("\n"), bar, ""))
    values = [float(b.nilai) for b in bars]

    # the frame: labels at the left, "100%" above, ticks, axis label and legend below
    label_w = max((lebar_teks_pt(ln, 7) for lines, _, _ in baris for ln in lines), default=0)
    left = PAD_PT + label_w + 2 * TICK_PT
    right = W - PAD_PT
    top = PAD_PT + 6.5
    bottom = H - 46.2
    hi = max([100.0, *values, *(rentang[1:] if rentang else ())])
    lo = min([0.0, *values, *(rentang[:1] if rentang else ())])
    span = hi - lo
    # room for the labels: right of the bars, and left of a negative bar
    xmin, xmax = lo - (0.22 * span if lo < 0 else 0), hi + 0.22 * span

    def x(v: float) -> float:
        return left + (v - xmin) / (xmax - xmin) * (right - left)

    row_h = (bottom - top) / max(rows, 1)

    def y(r: int) -> float:
        return top + (r + 0.5) * row_h

    ticks = nice_ticks(xmin, xmax, tick_space(right - left, 7, per_label=3))
    for t in ticks:  # the grid, under everything
        svg.line(x(t), top, x(t), bottom, stroke="#cccccc", width=0.3)
    for r, (_, bar, _) in enumerate(baris):
        if bar is not None:
            svg.rect(x(0), y(r) - 0.3 * row_h, x(float(bar.nilai)) - x(0), 0.6 * row_h,
                     fill=bar.warna, stroke=EDGE, stroke_width=0.4)
    svg.line(x(100), top, x(100), bottom, stroke=EDGE, width=0.8, dash=(2.96, 1.28))
    svg.line(left, top, left, bottom)
    svg.line(left, bottom, right, bottom)
    for t in ticks:
        svg.line(x(t), bottom, x(t), bottom + TICK_PT)
        svg.text(x(t), bottom + 2 * TICK_PT + ASCENT * 7, _angka_sumbu(t), 7, anchor="middle")
    svg.text((left + right) / 2, bottom + 23.7, "Capaian (%)", 7.5, anchor="middle")
    for r, (lines, bar, alasan) in enumerate(baris):
        svg.line(left - TICK_PT, y(r), left, y(r))
        svg.lines(left - 2 * TICK_PT, y(r), lines, 7, anchor="end")
        if bar is None:
            svg.text(x(lo + 0.01 * span), y(r) + TENGAH * 7, f"tidak dihitung ({alasan})", 7,
                     italic=True, fill="#555555")
            continue
        teks = persen(bar.nilai)
        w = lebar_teks_pt(teks, 7)
        at = x(float(bar.nilai)) + (3 if bar.nilai >= 0 else -3 - w)
        # a white box: the label stays readable where the 100% line crosses it
        svg.rect(at - 0.6, y(r) - 0.5 * 7 - 0.6, w + 1.2, 7 + 1.2, fill="#ffffff", opacity=0.85)
        svg.text(at, y(r) + TENGAH * 7, teks, 7)
    svg.text(x(100) + lebar_teks_pt(" ", 6.5), top - DESCENT * 6.5, "100%", 6.5, fill=EDGE)
    if rows == 0:
        svg.text(x(50), y(0) + TENGAH * 8, "Tidak ada indikator.", 8, anchor="middle")
    legend = [(warna[p.label], t) for p, t in zip(skala, _skala_legenda(skala), strict=True)]
    _legenda(svg, legend, (W - _lebar_legenda(legend, 6.5)) / 2, H - 7.4, 6.5, 0.4)
    return svg.save(out)


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
    as SVG to ``out``.

    ``realisasi_per_tw`` / ``target_per_tw`` map triwulan 1..4 to a value in the indicator's
    satuan; a value that is not a number gets no bar but a mark at its place: ``n/a``, the text
    value, or ``belum dilaporkan`` for a triwulan present in ``realisasi_per_tw`` with ``None``
    (a triwulan absent from the mapping — after the period — stays empty). Values are labelled
    Indonesian style with the indicator's decimals, as the tables print them
    (:func:`naskah.formatting.angka_indikator`: ``41,20``, not ``41,2``); the title is the
    indicator's name (at most two lines), the y axis is labelled with its satuan. Returns
    ``out``.

    :raises ValueError: ``out`` does not end in ``.svg``.
    """
    out = _svg_out(out)
    W, H = lebar_mm * PT_PER_MM, tinggi_mm * PT_PER_MM
    svg = Svg(W, H)
    left, right, top, bottom = 0.15 * W, 0.98 * W, 0.20 * H, 0.89 * H
    w = 0.38
    series = [(target_per_tw, -w / 2, WARNA_TARGET), (realisasi_per_tw, w / 2, WARNA_REALISASI)]
    numbers = [v for raw, _, _ in series for v in triwulan_series(raw) if v is not None]
    hi = max([*numbers, 0.0]) or 1.0
    lo = min([*numbers, 0.0])
    ymin, ymax = lo * 1.15, hi * 1.25
    # x: the bars' extent with 5% margins (matplotlib's autoscale), at least the places of
    # the bars of TW I .. TW IV (the labels of TW I and TW IV are never cut)
    edges = [i + dx + s * w / 2 for raw, dx, _ in series
             for i, v in enumerate(triwulan_series(raw)) if v is not None for s in (-1, 1)]
    e_lo, e_hi = min([*edges, -w]), max([*edges, 3 + w])
    margin = 0.05 * (e_hi - e_lo)
    xmin, xmax = e_lo - margin, e_hi + margin

    def x(v: float) -> float:
        return left + (v - xmin) / (xmax - xmin) * (right - left)

    def y(v: float) -> float:
        return bottom - (v - ymin) / (ymax - ymin) * (bottom - top)

    for raw, dx, colour in series:
        for i, v in enumerate(triwulan_series(raw)):
            if v is None:
                continue
            svg.rect(x(i + dx - w / 2), y(0), x(i + dx + w / 2) - x(i + dx - w / 2),
                     y(v) - y(0), fill=colour, stroke=EDGE, stroke_width=0.3)
    svg.line(left, top, left, bottom)
    svg.line(left, bottom, right, bottom)
    ticks = nice_ticks(ymin, ymax, tick_space(bottom - top, 6, per_label=2))
    for t in ticks:
        svg.line(left - TICK_PT, y(t), left, y(t))
        svg.text(left - 2 * TICK_PT, y(t) + TENGAH * 6, _angka_sumbu(t), 6, anchor="end")
    for i in range(4):
        svg.line(x(i), bottom, x(i), bottom + TICK_PT)
        svg.text(x(i), bottom + 2 * TICK_PT + ASCENT * 6.5, nama_triwulan(i + 1, singkat=True),
                 6.5, anchor="middle")
    satuan = c.indikator.satuan
    if satuan:
        tick_w = max(lebar_teks_pt(_angka_sumbu(t), 6) for t in ticks)
        at = left - 2 * TICK_PT - tick_w - 4 - DESCENT * 6.5
        svg.text(at, (top + bottom) / 2, satuan, 6.5, anchor="middle", rotate=90)
    for raw, dx, _ in series:
        for i, v in enumerate(triwulan_series(raw)):
            cx = x(i + dx)
            if v is not None:
                teks = angka_indikator(raw[i + 1], c.indikator.desimal)
                base = y(v) - 1 - DESCENT * 5.5 if v >= 0 else y(v) + 1 + ASCENT * 5.5
                svg.text(cx, base, teks, 5.5, anchor="middle")
                continue
            mark = _tanda(i + 1 in raw, raw.get(i + 1))
            if mark and len(mark) > 3:  # upwards from the axis, centred on the bar's place
                svg.text(cx + (ASCENT - DESCENT) / 2 * 5.5, y(0), mark, 5.5, fill="#555555",
                         rotate=90)
            elif mark:
                svg.text(cx, y(0) - DESCENT * 5.5, mark, 5.5, anchor="middle", fill="#555555")
    judul = textwrap.wrap(c.indikator.nama, 58)
    if len(judul) > 2:
        judul = [judul[0], textwrap.shorten(" ".join(judul[1:]), 56, placeholder=" …")]
    for i, line in enumerate(judul):
        svg.text(0.02 * W, 0.02 * H + 0.86 * 6.5 + i * LINE_SPACING * 6.5, line, 6.5)
    _legenda(svg, [(WARNA_TARGET, "Target"), (WARNA_REALISASI, "Realisasi")],
             left + 0.9 * 5.5, top + 1.66 * 5.5, 5.5, 0.3)
    if not numbers:
        svg.text(x(1.5), y(hi * 0.5) + TENGAH * 6.5, "tidak ada nilai angka untuk digambarkan",
                 6.5, anchor="middle", italic=True, fill="#555555")
    return svg.save(out)


def _tanda(given: bool, v: Nilai) -> str:
    """Mark printed where a triwulan value has no bar: ``n/a``, the text value, or ``belum
    dilaporkan`` for a key present with ``None``; nothing for a triwulan not asked about."""
    if v is None:
        return "belum dilaporkan" if given else ""
    if isinstance(v, str):
        return v
    return "n/a"

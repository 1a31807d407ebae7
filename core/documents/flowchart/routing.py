"""Routing of the arrows between symbols of a flowchart layout (straight and side lanes)."""

from __future__ import annotations

from collections.abc import Sequence

from naskah.documents.flowchart.model import (
    KEPUTUSAN,
    TIDAK,
    YA,
    Kolom,
    Label,
    Panah,
    Simbol,
    Transisi,
)


def _is_next(t: Transisi, index_of: dict[int, int]) -> bool:
    return index_of[t.ke] == index_of[t.dari] + 1


def _sisi_saudara(
    t: Transisi,
    trans: Sequence[Transisi],
    index_of: dict[int, int],
    main: dict[int, Simbol],
    linked_sides: dict[int, set[str]],
) -> str | None:
    """For the TIDAK branch of a decision whose YA branch also leaves sideways: the side the YA
    branch takes (so the two don't share a side). ``None`` otherwise."""
    if t.label != TIDAK:
        return None
    for o in trans:
        if o.dari == t.dari and o.label == YA and not _is_next(o, index_of):
            return _pilih_sisi(main[o.dari], main[o.ke], linked_sides[o.dari], None)
    return None


def _pilih_sisi(a: Simbol, b: Simbol, taken: set[str], sibling: str | None) -> str:
    """The side (``kanan``/``kiri``) a sideways branch leaves ``a``: toward ``b``'s column when
    it is another, else the right unless taken."""
    blocked = set(taken)
    if sibling:
        blocked.add(sibling)
    if b.cx > a.cx + 0.1 and "kanan" not in blocked:
        return "kanan"
    if b.cx < a.cx - 0.1 and "kiri" not in blocked:
        return "kiri"
    if "kanan" not in blocked:
        return "kanan"
    if "kiri" not in blocked:
        return "kiri"
    return "kanan"


def _dalam(s: Simbol, x: float) -> float:
    """``x`` moved inside the straight part of the wide symbol ``s``."""
    r = s.tinggi / 2 + 1.0
    return min(max(x, s.kiri + r), s.kanan - r)


def _route_lurus(
    t, a: Simbol, b: Simbol, pa: int, pb: int, arrows, labels, connector, letter, top_b: float
):
    """Down from ``a``'s bottom into ``b``'s top, with an elbow halfway between the top of
    ``b``'s row (``top_b``) and ``b`` when the column changes; a symbol in no column (spanning
    the pelaksana area) is left or entered straight below/above the other one. Across a page
    break: down to a connector, and from a connector down to ``b``."""
    x_a, x_b = a.cx, b.cx
    if b.tanpa_pelaksana:
        x_b = _dalam(b, x_a)
    elif a.tanpa_pelaksana:
        x_a = _dalam(a, x_b)
    if pa == pb:
        if abs(x_a - x_b) < 0.01:
            pts = ((x_a, a.bawah), (x_b, b.atas))
        else:
            yh = b.atas - max((b.atas - top_b) / 2, 1.0)
            pts = ((x_a, a.bawah), (x_a, yh), (x_b, yh), (x_b, b.atas))
        arrows[pa].append(Panah(t.dari, t.ke, pts, t.label))
    else:
        c_out = connector(pa, "bawah" if pb > pa else "atas", x_a, t.dari, letter)
        c_in = connector(pb, "atas" if pb > pa else "bawah", x_b, t.ke, letter)
        x_a, x_b = c_out.cx, c_in.cx
        arrows[pa].append(
            Panah(t.dari, t.ke, ((x_a, a.bawah), (x_a, c_out.atas)), t.label, bagian="keluar")
        )
        arrows[pb].append(
            Panah(t.dari, t.ke, ((x_b, c_in.bawah), (x_b, b.atas)), t.label, bagian="masuk")
        )
    if t.label:
        labels[pa].append(Label(t.label, x_a + 1.0, a.bawah + 0.3, "left", "top"))


def _route_samping(
    t,
    a: Simbol,
    b: Simbol,
    pa: int,
    pb: int,
    sisi: str,
    lajur,
    arrows,
    labels,
    connector,
    letter,
    linked_sides,
):
    """From ``a``'s side to a lane along the edge of ``a``'s column on that side, up or down
    the lane, and into the side of ``b`` that faces the lane (a little above its centre when a
    dashed link leaves that side). Across a page break the lane ends in a connector in the
    strip toward ``b`` and resumes from one in the strip on ``b``'s page."""
    x_out = a.kanan if sisi == "kanan" else a.kiri
    if a.tanpa_pelaksana or b.tanpa_pelaksana:  # lane outside the wide symbol: outermost column
        pel = [k for k in lajur[pa].kolom if k.kunci == "pelaksana"]
        col = (pel[-1] if sisi == "kanan" else pel[0]).indeks or 0
    else:
        col = a.kolom if a.kolom is not None else _nearest(lajur[pa].kolom, x_out)

    def entry(lane_x: float) -> tuple[float, float]:
        side = "kanan" if lane_x > b.cx else "kiri"
        x_in = b.kanan if side == "kanan" else b.kiri
        y_in = b.cy - b.tinggi / 4 if side in linked_sides.get(b.nomor, ()) else b.cy
        if b.bentuk == KEPUTUSAN:
            y_in = b.cy
        return x_in, y_in

    if pa == pb:
        lane = lajur[pa].ambil(col, sisi)
        x_in, y_in = entry(lane)
        pts = ((x_out, a.cy), (lane, a.cy), (lane, y_in), (x_in, y_in))
        arrows[pa].append(Panah(t.dari, t.ke, pts, t.label))
    else:
        lane = lajur[pa].ambil(col, sisi)
        where_out = "bawah" if pb > pa else "atas"
        c_out = connector(pa, where_out, lane, t.dari, letter)
        y_c = c_out.atas if where_out == "bawah" else c_out.bawah
        arrows[pa].append(
            Panah(
                t.dari,
                t.ke,
                (
                    (x_out, a.cy),
                    (lane, a.cy),
                    (lane, y_c - (1.5 if where_out == "bawah" else -1.5)),
                    (c_out.cx, y_c - (1.5 if where_out == "bawah" else -1.5)),
                    (c_out.cx, y_c),
                ),
                t.label,
                bagian="keluar",
            )
        )
        lane_b = lajur[pb].ambil(col, sisi)
        where_in = "atas" if pb > pa else "bawah"
        c_in = connector(pb, where_in, lane_b, t.ke, letter)
        y_c = c_in.bawah if where_in == "atas" else c_in.atas
        x_in, y_in = entry(lane_b)
        step_y = 1.5 if where_in == "atas" else -1.5
        arrows[pb].append(
            Panah(
                t.dari,
                t.ke,
                (
                    (c_in.cx, y_c),
                    (c_in.cx, y_c + step_y),
                    (lane_b, y_c + step_y),
                    (lane_b, y_in),
                    (x_in, y_in),
                ),
                t.label,
                bagian="masuk",
            )
        )
    if t.label:
        # on the side of the horizontal segment the lane does not take: a label above a lane
        # that goes up (a loop back) would sit on the lane's line
        naik = pb < pa or (pa == pb and y_in < a.cy)
        y, va = (a.cy + 0.5, "top") if naik else (a.cy - 0.5, "bottom")
        if sisi == "kanan":
            labels[pa].append(Label(t.label, x_out + 0.6, y, "left", va))
        else:
            labels[pa].append(Label(t.label, x_out - 0.6, y, "right", va))


def _nearest(kolom: Sequence[Kolom], x: float) -> int:
    pel = [k for k in kolom if k.kunci == "pelaksana"]
    return min(pel, key=lambda k: abs(k.tengah - x)).indeks or 0

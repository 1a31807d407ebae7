"""The budget hierarchy (program → kegiatan → sub kegiatan) and its totals.

Pagu and realisasi anggaran are given per program, kegiatan and sub kegiatan; a parent's pagu
normally equals the sum of its children (DPA) and real tables print every level. Each line keeps
its own serapan; a **total sums one level — the leaves** (lines without a child line), never a
line together with its children. A parent whose pagu differs from the sum of its children is
reported (real DPAs can differ), never corrected. Source: domain brief §2, Budget hierarchy.

Which line is whose parent:

- the ``induk`` column of the Indikator sheet, when it names another budget line's kode;
- else the nomenclature code: the longest other budget line's kode that is a prefix of this
  kode at a dot (``1.06.02`` → ``1.06.02.2.01`` → ``1.06.02.2.01.0001``).

A budget line's kode is the indicator's kode without a letter suffix (``1.06.04.2.01.0001.a``
→ ``1.06.04.2.01.0001``): two indicators of one sub kegiatan share its pagu, counted once.
All amounts are whole Rupiah (``int``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from naskah.measurement.rules import realisasi_anggaran
from naskah.model import Indikator, Periode, Realisasi

_SUFFIX = re.compile(r"^(.+\.\d+)\.[A-Za-z]{1,2}$")


def kode_anggaran(kode: str) -> str:
    """The budget line of an indicator kode: ``"1.06.04.2.01.0001.a"`` →
    ``"1.06.04.2.01.0001"``; other kodes unchanged."""
    m = _SUFFIX.match(kode)
    return m.group(1) if m else kode


@dataclass(frozen=True)
class BarisAnggaran:
    """One budget line: ``kode`` (budget line), ``indikator`` (the first indicator row carrying
    its pagu), ``pagu`` and ``realisasi`` (Rupiah, ``realisasi`` cumulative January up to the
    end of the period, ``None`` when not reported), ``induk`` (the parent line's kode or
    ``""``), ``anak`` (kodes of the child lines)."""

    kode: str
    indikator: Indikator
    pagu: int
    realisasi: int | None
    induk: str = ""
    anak: tuple[str, ...] = ()

    @property
    def daun(self) -> bool:
        """Whether the line has no child line (it is counted in the totals)."""
        return not self.anak


def _is_prefix(parent: str, child: str) -> bool:
    return child.startswith(parent + ".")


def susun_anggaran(
    indikator: Iterable[Indikator],
    realisasi_of: Callable[[str], Mapping[int, Realisasi]],
    periode: Periode,
) -> list[BarisAnggaran]:
    """The budget lines of the indicators with a pagu, in input order, each with its parent
    and children (see the module docstring). ``realisasi_of(kode)`` gives an indicator's
    realisasi by triwulan (``CollectedData.realisasi_of``). Raises nothing; an ``induk`` that
    names no budget line falls back to the kode prefix."""
    first: dict[str, Indikator] = {}
    for ind in indikator:
        if ind.pagu is None:
            continue
        first.setdefault(kode_anggaran(ind.kode), ind)
    kodes = list(first)
    induk: dict[str, str] = {}
    for kode, ind in first.items():
        explicit = kode_anggaran(ind.induk) if ind.induk else ""
        if explicit and explicit in first and explicit != kode:
            induk[kode] = explicit
            continue
        prefixes = [k for k in kodes if k != kode and _is_prefix(k, kode)]
        induk[kode] = max(prefixes, key=len) if prefixes else ""
    anak: dict[str, list[str]] = {k: [] for k in kodes}
    for kode, parent in induk.items():
        if parent:
            anak[parent].append(kode)
    return [
        BarisAnggaran(
            kode=kode,
            indikator=ind,
            pagu=ind.pagu or 0,
            realisasi=realisasi_anggaran(realisasi_of(ind.kode), periode),
            induk=induk[kode],
            anak=tuple(anak[kode]),
        )
        for kode, ind in first.items()
    ]


@dataclass(frozen=True)
class JumlahAnggaran:
    """Totals over the leaves: ``pagu``, ``realisasi`` (Rupiah; lines not reported add 0 and are
    counted in ``belum``), ``jumlah`` (leaf lines counted), ``baris`` (all lines)."""

    pagu: int
    realisasi: int
    jumlah: int
    belum: int
    baris: int


def jumlah_daun(lines: Iterable[BarisAnggaran]) -> JumlahAnggaran:
    """Sum the leaf lines only: a kegiatan of 500.000.000 with sub kegiatan 300.000.000 and
    200.000.000 totals 500.000.000, never 1.000.000.000. Raises nothing."""
    items = list(lines)
    leaves = [x for x in items if x.daun]
    return JumlahAnggaran(
        pagu=sum(x.pagu for x in leaves),
        realisasi=sum(x.realisasi or 0 for x in leaves),
        jumlah=len(leaves),
        belum=sum(1 for x in leaves if x.realisasi is None),
        baris=len(items),
    )


@dataclass(frozen=True)
class SelisihPagu:
    """A parent line whose pagu differs from the sum of its children's pagu."""

    baris: BarisAnggaran
    jumlah_anak: int


def selisih_pagu(lines: Iterable[BarisAnggaran]) -> list[SelisihPagu]:
    """Parent lines whose pagu ≠ the sum of their children's pagu (input order). The data is
    kept as given: a warning, never a correction."""
    items = list(lines)
    by_kode = {x.kode: x for x in items}
    out = []
    for x in items:
        if x.anak:
            total = sum(by_kode[k].pagu for k in x.anak)
            if total != x.pagu:
                out.append(SelisihPagu(x, total))
    return out

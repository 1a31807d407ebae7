"""Types of the measurement rules (pengukuran kinerja): rules, predicate scale, result.

The functions that apply them are in :mod:`naskah.measurement.rules`. Sources: domain brief §2
(Permenpan RB 53/2014 and 12/2015 as printed in LKjIPs; Permenpan RB 6/2022; Permendagri 86/2017).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from naskah.model import Indikator, Nilai, Periode


class RumusNegatif(enum.StrEnum):
    """Formula for capaian of a negative-polarity indicator (lower is better).

    - ``LKJIP``: ``(2·target − realisasi) / target × 100`` — as printed in LKjIPs citing
      Permenpan RB 53/2014 and 12/2015 (default);
    - ``TARGET_PER_REALISASI``: ``target / realisasi × 100`` — used by other e-SAKIP systems;
    - ``SKP_2022``: ``(1 + (1 − realisasi/target)) × 100`` — Permenpan RB 6/2022 "kondisi khusus".
    """

    LKJIP = "lkjip"
    TARGET_PER_REALISASI = "target_per_realisasi"
    SKP_2022 = "skp_2022"


class DasarTargetKumulatif(enum.StrEnum):
    """What a *kumulatif* realisasi is compared with: the sum of the period targets up to the
    period (``TRIWULAN``, falls back to the yearly target when no period target is given) or the
    yearly target (``TAHUNAN``)."""

    TRIWULAN = "triwulan"
    TAHUNAN = "tahunan"


@dataclass(frozen=True)
class Predikat:
    """One band of a predicate scale: capaian ≥ ``batas_bawah`` (%) earns ``label``."""

    batas_bawah: Decimal
    label: str


PERMENDAGRI_86_2017: tuple[Predikat, ...] = (
    Predikat(Decimal(91), "Sangat Tinggi"),
    Predikat(Decimal(76), "Tinggi"),
    Predikat(Decimal(66), "Sedang"),
    Predikat(Decimal(51), "Rendah"),
    Predikat(Decimal("-Infinity"), "Sangat Rendah"),
)
"""Default predicate scale, Permendagri 86/2017 intervals: ≥ 91 Sangat Tinggi, 76–90 Tinggi,
66–75 Sedang, 51–65 Rendah, ≤ 50 Sangat Rendah. Bands are checked from the top."""


@dataclass(frozen=True)
class MeasurementRules:
    """An agency's measurement choices (hook ``naskah_measurement_rules``).

    ``batas_atas``: cap on capaian in % (``None``: no cap, the default — real reports print
    125% and 666,67%).
    """

    rumus_negatif: RumusNegatif = RumusNegatif.LKJIP
    skala_predikat: tuple[Predikat, ...] = PERMENDAGRI_86_2017
    batas_atas: Decimal | None = None
    dasar_target_kumulatif: DasarTargetKumulatif = DasarTargetKumulatif.TRIWULAN


class StatusCapaian(enum.StrEnum):
    """Why a capaian has (or has no) number."""

    DIHITUNG = "dihitung"  # computed by a formula
    BELUM_DILAPORKAN = "belum_dilaporkan"  # no realisasi reported up to the period
    TIDAK_DAPAT_DIUKUR = "tidak_dapat_diukur"  # realisasi reported as n/a
    TARGET_NOL = "target_nol"  # target is 0: a ratio is undefined
    TARGET_TEKS = "target_teks"  # text target (e.g. opini "WTP"): compared as text
    TANPA_TARGET = "tanpa_target"  # no target for the period or the year
    TIDAK_TERDEFINISI = "tidak_terdefinisi"  # formula undefined, e.g. target/realisasi with 0


@dataclass(frozen=True)
class Capaian:
    """The measurement of one indicator for one period.

    - ``target``/``realisasi``: the values compared (after aggregation over triwulan 1..n);
    - ``nilai``: capaian in %, unrounded ``Decimal`` (after any cap), or ``None`` with the reason
      in ``status`` and ``keterangan`` (Indonesian, printable);
    - ``rumus``: the formula applied with its numbers, printable in the kertas kerja, e.g.
      ``"(2 × 10 − 8) / 10 × 100"``;
    - ``capaian_tahunan``: realisasi against the yearly target, in % (``None`` when undefined);
    - ``predikat``: label from the agency's scale, ``None`` when ``nilai`` is ``None``;
    - ``tercapai``: whether the target is met (``None`` when it cannot be said).
    """

    indikator: Indikator
    periode: Periode
    target: Nilai
    realisasi: Nilai
    nilai: Decimal | None
    status: StatusCapaian
    rumus: str
    keterangan: str
    capaian_tahunan: Decimal | None
    predikat: str | None
    tercapai: bool | None

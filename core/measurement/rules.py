"""Measurement rules (pengukuran kinerja): aggregation, period targets, capaian, budget.

Pure functions over the types of :mod:`naskah.model` and :mod:`naskah.measurement.types`, with
``decimal.Decimal`` arithmetic only (never float). Source of every rule: domain brief §2
(Permenpan RB 53/2014 and 12/2015 as printed in LKjIPs, Permenpan RB 6/2022, Permendagri 86/2017).

An edge case is *stated* in the result (``Capaian.status`` and ``keterangan``), never a crash and
never a silent 0. Percentages are unrounded; :func:`bulat` rounds half-up for display.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from naskah.formatting import angka, angka_indikator
from naskah.measurement.types import (
    Capaian,
    DasarTargetKumulatif,
    MeasurementRules,
    Predikat,
    RumusNegatif,
    StatusCapaian,
)
from naskah.model import (
    TIDAK_DAPAT_DIUKUR,
    Agregasi,
    CollectedData,
    Indikator,
    JenisPeriode,
    Nilai,
    Periode,
    Polaritas,
    Realisasi,
    TidakDapatDiukur,
)

SERATUS = Decimal(100)

# --- aggregation and targets -------------------------------------------------------------------


def aggregate(values: Sequence[Nilai], agregasi: Agregasi) -> Nilai:
    """Fold period values (in period order) into one value (domain brief §2, cara perhitungan).

    - ``KUMULATIF``: sum; ``RATA_RATA``: mean; ``AKHIR_PERIODE``: the last reported value,
      whatever it is (a number, a text, or ``TIDAK_DAPAT_DIUKUR``).
    - ``None`` (not reported) is skipped; nothing reported → ``None``.
    - ``TIDAK_DAPAT_DIUKUR`` is skipped when numbers exist (sum/mean of the numbers only);
      every reported value n/a → ``TIDAK_DAPAT_DIUKUR``.
    - A text value (e.g. ``"WTP"``) cannot be summed: with any text, sum and mean give the last
      text reported.

    Example: ``[Decimal(3), None, Decimal(5)]`` → ``8`` (kumulatif), ``4`` (rata-rata),
    ``5`` (akhir periode). Raises nothing.
    """
    reported = [v for v in values if v is not None]
    if not reported:
        return None
    if agregasi is Agregasi.AKHIR_PERIODE:
        return reported[-1]
    texts = [v for v in reported if isinstance(v, str)]
    if texts:
        return texts[-1]
    numbers = [v for v in reported if isinstance(v, Decimal)]
    if not numbers:
        return TIDAK_DAPAT_DIUKUR
    total = sum(numbers, Decimal(0))
    return total if agregasi is Agregasi.KUMULATIF else total / len(numbers)


def _slot_target(values: list[Nilai], agregasi: Agregasi) -> Nilai:
    """Fold the period targets of the slots up to a period; ``None`` unless every slot has one
    (only the last slot matters for ``AKHIR_PERIODE``)."""
    if not values:
        return None
    if agregasi is Agregasi.AKHIR_PERIODE:
        return values[-1]
    if any(v is None for v in values):
        return None
    return aggregate(values, agregasi)


def target_periode(indikator: Indikator, periode: Periode, rules: MeasurementRules) -> Nilai:
    """The target that the realisasi from January up to the end of ``periode`` is compared with
    (domain brief §2, Period targets).

    - The year (``2025``): the yearly target.
    - ``KUMULATIF`` with ``DasarTargetKumulatif.TAHUNAN``: the yearly target (agency choice).
    - A semester: the semester targets ``target_semester[1..k]`` when given (kumulatif: their
      sum; rata-rata: their mean; akhir periode: ``target_semester[k]``); else, like a
      triwulan, from the triwulan targets up to its last triwulan (S1 → TW I–II).
    - A triwulan ``n``: ``target_triwulan[1..n]`` folded the same way (every one of them must
      be given; akhir periode needs ``target_triwulan[n]`` only).
    - Without period targets, a period ending in December (TW IV, Semester II) takes the yearly
      target (the year's target is the December target); any other period has **no target**:
      ``None``, the indicator is *tidak dihitung* for the period — never silently measured
      against the yearly target.
    - Text targets pass through (see :func:`aggregate`).

    Raises nothing.
    """
    yearly = indikator.target_tahunan
    agregasi = indikator.agregasi
    if periode.jenis is JenisPeriode.TAHUNAN:
        return yearly
    if agregasi is Agregasi.KUMULATIF and (
        rules.dasar_target_kumulatif is DasarTargetKumulatif.TAHUNAN
    ):
        return yearly
    found: Nilai = None
    if periode.jenis is JenisPeriode.SEMESTER:
        sm = [indikator.target_semester.get(k) for k in range(1, periode.nomor + 1)]
        found = _slot_target(sm, agregasi)
    if found is None:
        tw = [indikator.target_triwulan.get(t) for t in range(1, periode.triwulan + 1)]
        found = _slot_target(tw, agregasi)
    if found is None and periode.akhir_tahun:
        return yearly
    return found


def nilai_realisasi(realisasi: Mapping[int, Realisasi], periode: Periode) -> list[Nilai]:
    """The values a period's measurement folds, in order: for each triwulan from I up to the
    period's last one, its months (a row given by month) or its one quarterly value.

    So a rata-rata over a semester of monthly rows is the mean of the months, not a mean of
    quarterly means. Raises nothing."""
    out: list[Nilai] = []
    for t in range(1, periode.triwulan + 1):
        r = realisasi.get(t)
        if r is None:
            continue
        if r.bulanan:
            out.extend(v for _bulan, v in r.bulanan)
        else:
            out.append(r.nilai)
    return out


# --- capaian -----------------------------------------------------------------------------------


def _n(x: Decimal, desimal: int | None = None) -> str:
    """A number inside a printed formula or keterangan, as the tables print it
    (:func:`naskah.formatting.angka_indikator` with the indicator's ``desimal``: ``14,40``
    stays ``14,40``), negatives in parentheses.

    A value with more decimals (e.g. a rata-rata, 80,91666…) is printed rounded half-up to
    max(desimal, 2) decimals, like the capaian itself; the computation uses the exact value.
    """
    teks = angka_indikator(x, desimal)
    return f"({teks})" if x < 0 else teks


def _rasio(
    target: Decimal,
    realisasi: Decimal,
    polaritas: Polaritas,
    rumus_negatif: RumusNegatif,
    desimal: int | None = None,
) -> tuple[Decimal, str] | None:
    """Capaian (%) and its printed formula; ``None`` when the formula divides by 0."""
    t, r = _n(target, desimal), _n(realisasi, desimal)
    if target == 0:
        return None
    if polaritas is Polaritas.POSITIF:
        return realisasi / target * SERATUS, f"{r} / {t} × 100"
    if rumus_negatif is RumusNegatif.TARGET_PER_REALISASI:
        if realisasi == 0:
            return None
        return target / realisasi * SERATUS, f"{t} / {r} × 100"
    if rumus_negatif is RumusNegatif.SKP_2022:
        return (1 + (1 - realisasi / target)) * SERATUS, f"(1 + (1 − {r} / {t})) × 100"
    return (2 * target - realisasi) / target * SERATUS, f"(2 × {t} − {r}) / {t} × 100"


def _cap(x: Decimal, rules: MeasurementRules) -> Decimal:
    return min(x, rules.batas_atas) if rules.batas_atas is not None else x


def _tercapai(target: Decimal, realisasi: Decimal, polaritas: Polaritas) -> bool:
    return realisasi >= target if polaritas is Polaritas.POSITIF else realisasi <= target


_PEMBANDING = {Polaritas.POSITIF: ("≥", "<"), Polaritas.NEGATIF: ("≤", ">")}
"""Comparison printed in keterangan: (met, not met) per polarity."""


def _kata_tercapai(
    tercapai: bool, target: Decimal, realisasi: Decimal, pol: Polaritas, desimal: int | None
) -> str:
    op = _PEMBANDING[pol][0 if tercapai else 1]
    hasil = "target tercapai" if tercapai else "target belum tercapai"
    return f"{hasil} (realisasi {_n(realisasi, desimal)} {op} target {_n(target, desimal)})"


def _teks(x: str) -> str:
    return " ".join(x.split()).casefold()


def measure(
    indikator: Indikator,
    realisasi: Mapping[int, Realisasi],
    periode: Periode,
    rules: MeasurementRules,
) -> Capaian:
    """Measure one indicator for one period (pengukuran kinerja, domain brief §2).

    ``realisasi`` maps triwulan (1..4) to its :class:`Realisasi`; only triwulan
    ``1..periode.triwulan`` are used (January up to the period's end; months where given, see
    :func:`nilai_realisasi`), folded by :func:`aggregate`; the target is
    :func:`target_periode`. Capaian ``nilai`` in % (unrounded):

    - positive polarity: ``realisasi / target × 100``;
    - negative polarity, by ``rules.rumus_negatif``: ``LKJIP`` ``(2·target − realisasi) / target
      × 100`` (Permenpan RB 53/2014 and 12/2015 as printed in LKjIPs, default; realisasi 0 gives
      200%); ``TARGET_PER_REALISASI`` ``target / realisasi × 100`` (realisasi 0:
      ``TIDAK_TERDEFINISI``); ``SKP_2022`` ``(1 + (1 − realisasi/target)) × 100`` (Permenpan RB
      6/2022);
    - no cap unless ``rules.batas_atas`` (then ``keterangan`` gives the uncapped value); the cap
      also applies to ``capaian_tahunan``.

    Stated edge cases (``status``): ``BELUM_DILAPORKAN`` (nothing reported), ``TIDAK_DAPAT_DIUKUR``
    (only n/a reported), ``TANPA_TARGET`` (no target), ``TARGET_TEKS`` (text target: equal text,
    ignoring case and spacing, → 100% and tercapai; else no nilai and not tercapai; a numeric
    realisasi against a text target → tercapai ``None``), ``TARGET_NOL`` (target 0: no nilai, but
    tercapai still says realisasi ≥ 0 for positive, ≤ 0 for negative), ``TIDAK_TERDEFINISI``
    (division by a 0 realisasi, or a text realisasi against a numeric target).

    ``predikat`` is read from the capaian rounded to 2 decimals (as printed), so the printed
    number and its predicate agree. Raises nothing for any data; ``ValueError`` from
    :func:`predikat` when the scale has no band for the value.
    """
    real = aggregate(nilai_realisasi(realisasi, periode), indikator.agregasi)
    target = target_periode(indikator, periode, rules)
    tahunan = indikator.target_tahunan
    pol = indikator.polaritas
    desimal = indikator.desimal

    def hasil(
        status: StatusCapaian,
        keterangan: str,
        nilai_: Decimal | None = None,
        rumus: str = "",
        tercapai: bool | None = None,
        capaian_tahunan: Decimal | None = None,
    ) -> Capaian:
        pred = predikat(bulat(nilai_), rules.skala_predikat) if nilai_ is not None else None
        return Capaian(
            indikator=indikator,
            periode=periode,
            target=target,
            realisasi=real,
            nilai=nilai_,
            status=status,
            rumus=rumus,
            keterangan=keterangan,
            capaian_tahunan=capaian_tahunan,
            predikat=pred,
            tercapai=tercapai,
        )

    if real is None:
        return hasil(
            StatusCapaian.BELUM_DILAPORKAN,
            f"Realisasi belum dilaporkan sampai {periode.nama_lengkap}; "
            "capaian belum dapat dihitung.",
        )
    if isinstance(real, TidakDapatDiukur):
        return hasil(
            StatusCapaian.TIDAK_DAPAT_DIUKUR,
            "Realisasi dilaporkan tidak dapat diukur (n/a); capaian tidak dihitung "
            "dan tidak dianggap 0.",
        )
    if target is None or isinstance(target, TidakDapatDiukur):
        if tahunan is None or isinstance(tahunan, TidakDapatDiukur):
            sebab = f"Tidak ada target untuk {periode.nama_lengkap} maupun target tahunan"
        else:
            sebab = (
                f"Tidak ada target untuk {periode.nama_lengkap}; realisasi tidak dibandingkan "
                "dengan target tahunan"
            )
        return hasil(
            StatusCapaian.TANPA_TARGET,
            f"{sebab}: capaian tidak dihitung dan tidak masuk rata-rata maupun jumlah predikat.",
        )
    if isinstance(target, str):
        if isinstance(real, str):
            sama = _teks(real) == _teks(target)
            kata = "sama dengan" if sama else "tidak sama dengan"
            akhir = "capaian 100%." if sama else "target tidak tercapai."
            return hasil(
                StatusCapaian.TARGET_TEKS,
                f'Target berupa teks: realisasi "{real}" {kata} target "{target}"; {akhir}',
                nilai_=SERATUS if sama else None,
                tercapai=sama,
            )
        return hasil(
            StatusCapaian.TARGET_TEKS,
            f'Target berupa teks ("{target}") sedangkan realisasi berupa angka '
            f"({angka_indikator(real, desimal)}); "
            "tidak dapat dibandingkan.",
        )
    if isinstance(real, str):
        return hasil(
            StatusCapaian.TIDAK_TERDEFINISI,
            f'Realisasi berupa teks ("{real}") sedangkan target berupa angka '
            f"({angka_indikator(target, desimal)}); "
            "capaian tidak dapat dihitung.",
        )
    tercapai = _tercapai(target, real, pol)
    kata = _kata_tercapai(tercapai, target, real, pol, desimal)
    per_tahun = None
    if isinstance(tahunan, Decimal) and (r := _rasio(tahunan, real, pol, rules.rumus_negatif)):
        per_tahun = _cap(r[0], rules)
    if target == 0:
        return hasil(
            StatusCapaian.TARGET_NOL,
            f"Target 0: capaian (%) tidak dapat dihitung (pembagian dengan 0); {kata}.",
            tercapai=tercapai,
            capaian_tahunan=per_tahun,
        )
    hitung = _rasio(target, real, pol, rules.rumus_negatif, desimal)
    if hitung is None:  # only target / realisasi with realisasi 0
        return hasil(
            StatusCapaian.TIDAK_TERDEFINISI,
            "Realisasi 0 pada indikator negatif dengan rumus target / realisasi: pembagian "
            f"dengan 0, capaian tidak terdefinisi; {kata}.",
            tercapai=tercapai,
        )
    mentah, rumus = hitung
    nilai_ = _cap(mentah, rules)
    keterangan = kata[0].upper() + kata[1:] + "."
    if nilai_ != mentah:
        keterangan += (
            f" Capaian dibatasi {angka(rules.batas_atas)}% (tanpa batas: {angka(mentah, 2)}%)."
        )
    return hasil(
        StatusCapaian.DIHITUNG,
        keterangan,
        nilai_=nilai_,
        rumus=rumus,
        tercapai=tercapai,
        capaian_tahunan=per_tahun,
    )


def measure_all(data: CollectedData, rules: MeasurementRules) -> tuple[Capaian, ...]:
    """:func:`measure` every indicator of ``data`` for ``data.siklus.periode``, input order."""
    periode = data.siklus.periode
    return tuple(
        measure(ind, data.realisasi_of(ind.kode), periode, rules) for ind in data.indikator
    )


def predikat(nilai: Decimal, skala: Sequence[Predikat]) -> str:
    """The label of the first band, checked top-down, with ``nilai ≥ batas_bawah`` (capaian in %).

    Default scale Permendagri 86/2017 (integer intervals ≥ 91, 76–90, 66–75, 51–65, ≤ 50): a value
    between the intervals falls in the lower band, e.g. 90,5 → ``"Tinggi"`` (below 91) and
    50,99 → ``"Sangat Rendah"``. Raises ``ValueError`` when no band matches (a scale without a
    ``-Infinity`` floor).
    """
    for band in skala:
        if nilai >= band.batas_bawah:
            return band.label
    raise ValueError(f"capaian {nilai} is below every band of the predicate scale")


def bulat(x: Decimal, digits: int = 2) -> Decimal:
    """Round half-up for display: ``bulat(Decimal("166.665"))`` → ``Decimal("166.67")``
    (domain brief §2: round half-up to 2 decimals)."""
    return x.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


# --- budget ------------------------------------------------------------------------------------


def realisasi_anggaran(realisasi: Mapping[int, Realisasi], periode: Periode) -> int | None:
    """Cumulative realisasi anggaran (Rupiah) of triwulan ``1..periode.triwulan`` (January up
    to the end of the period: TW n, S1 → TW I–II, S2 and the year → TW I–IV).

    Each triwulan's ``realisasi_anggaran`` is the spending in that triwulan; the sum of the
    given ones is returned, ``None`` when none is given. Raises nothing.
    """
    given = [
        rupiah
        for t in range(1, periode.triwulan + 1)
        if t in realisasi and (rupiah := realisasi[t].realisasi_anggaran) is not None
    ]
    return sum(given) if given else None


def serapan(pagu: int | None, realisasi_anggaran: int | None) -> Decimal | None:
    """Budget absorption in %: ``realisasi_anggaran / pagu × 100`` (Rupiah / Rupiah; domain
    brief §2). ``None`` when either is missing or the pagu is 0. Raises ``ValueError`` for a
    negative pagu."""
    if pagu is None or realisasi_anggaran is None or pagu == 0:
        return None
    if pagu < 0:
        raise ValueError(f"pagu must not be negative, found {pagu}")
    return Decimal(realisasi_anggaran) / Decimal(pagu) * SERATUS


def efisiensi(
    capaian: Decimal | None, serapan: Decimal | None, ambang: Decimal = Decimal(5)
) -> str | None:
    """Efficiency reading from capaian and serapan (both %): ``capaian − serapan > ambang`` →
    ``"Efisien"``; within ``±ambang`` inclusive → ``"Cukup Efisien"``; below ``−ambang`` →
    ``"Tidak Efisien"``. ``None`` (*tidak dapat diukur*) when either is ``None`` (no target,
    no pagu, n/a, not reported) or both are 0 (nothing done with nothing spent says nothing
    about efficiency; domain brief §2, Efficiency).

    Source: domain brief §2, a common reading marked (verify): hence ``ambang`` (points, default 5)
    is a parameter. Raises nothing.
    """
    if capaian is None or serapan is None or (capaian == 0 and serapan == 0):
        return None
    selisih = capaian - serapan
    if selisih > ambang:
        return "Efisien"
    if selisih >= -ambang:
        return "Cukup Efisien"
    return "Tidak Efisien"

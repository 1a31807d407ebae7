"""Measurement rules (naskah.measurement.rules): worked examples for domain brief §2."""

from decimal import Decimal

import pytest

from naskah.formatting import persen
from naskah.measurement.rules import (
    aggregate,
    bulat,
    efisiensi,
    measure,
    measure_all,
    predikat,
    realisasi_anggaran,
    serapan,
    target_periode,
)
from naskah.measurement.types import (
    PERMENDAGRI_86_2017,
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
    Jenis,
    Level,
    Periode,
    Polaritas,
    Realisasi,
    Siklus,
)

D = Decimal
NA = TIDAK_DAPAT_DIUKUR
RULES = MeasurementRules()
TARGET_90 = D(90)
TW1, TW2, TW4 = Periode(2025, 1), Periode(2025, 2), Periode(2025, 4)


def ind(
    target=TARGET_90,
    per_tw=None,
    polaritas=Polaritas.POSITIF,
    agregasi=Agregasi.AKHIR_PERIODE,
    kode="1.01",
    pagu=None,
):
    return Indikator(
        kode=kode,
        level=Level.SUB_KEGIATAN,
        uraian="Penyediaan Data dan Informasi Kesejahteraan Sosial",
        nama="Persentase data PMKS yang dimutakhirkan",
        jenis=Jenis.IK,
        satuan="%",
        polaritas=polaritas,
        agregasi=agregasi,
        bidang="Sekretariat",
        target_tahunan=target,
        target_triwulan=_per_tw(target, per_tw, agregasi),
        pagu=pagu,
    )


def _per_tw(target, per_tw, agregasi):
    """Without explicit period targets, an akhir periode / rata-rata indicator gets the yearly
    target for each triwulan (so TW1 has a target: a missing period target is tidak dihitung)."""
    if per_tw is not None:
        return dict(per_tw)
    if agregasi is Agregasi.KUMULATIF or target is None:
        return {}
    return {n: target for n in range(1, 5)}


def real(*values, kode="1.01", anggaran=None):
    """Realisasi by triwulan 1..len(values); anggaran: Rupiah per triwulan."""
    anggaran = anggaran or [None] * len(values)
    return {
        t: Realisasi(kode, t, v, realisasi_anggaran=a)
        for t, (v, a) in enumerate(zip(values, anggaran, strict=True), start=1)
    }


# --- aggregate ---------------------------------------------------------------------------------


def test_aggregate_kumulatif_sums_reported_values():
    assert aggregate([D(3), None, D(5)], Agregasi.KUMULATIF) == D(8)


def test_aggregate_akhir_periode_takes_last_reported():
    assert aggregate([D(3), D(5), None], Agregasi.AKHIR_PERIODE) == D(5)
    assert aggregate([D(3), NA], Agregasi.AKHIR_PERIODE) is NA
    assert aggregate(["WDP", "WTP"], Agregasi.AKHIR_PERIODE) == "WTP"


def test_aggregate_rata_rata_is_mean_of_reported_numbers():
    assert aggregate([D(80), None, D(90)], Agregasi.RATA_RATA) == D(85)
    assert aggregate([D(1), D(2)], Agregasi.RATA_RATA) == D("1.5")


def test_aggregate_nothing_reported_is_none_not_zero():
    assert aggregate([], Agregasi.KUMULATIF) is None
    assert aggregate([None, None], Agregasi.RATA_RATA) is None


def test_aggregate_na_skipped_when_numbers_exist():
    assert aggregate([D(4), NA, D(6)], Agregasi.KUMULATIF) == D(10)
    assert aggregate([NA, D(6)], Agregasi.RATA_RATA) == D(6)


def test_aggregate_all_na_is_tidak_dapat_diukur():
    for mode in Agregasi:
        assert aggregate([NA, None, NA], mode) is NA


def test_aggregate_text_cannot_be_summed_gives_last_text():
    assert aggregate(["WDP", D(1), "WTP"], Agregasi.KUMULATIF) == "WTP"
    assert aggregate(["WTP", D(1)], Agregasi.RATA_RATA) == "WTP"


# --- target_periode ----------------------------------------------------------------------------


def test_kumulatif_compares_sum_of_period_targets():
    i = ind(D(100), {1: D(20), 2: D(30), 3: D(25), 4: D(25)}, agregasi=Agregasi.KUMULATIF)
    assert target_periode(i, TW1, RULES) == D(20)
    assert target_periode(i, TW2, RULES) == D(50)
    assert target_periode(i, TW4, RULES) == D(100)


def test_kumulatif_without_every_period_target_has_no_target_before_december():
    # Domain brief §2: a missing period target is "tidak dihitung", never the yearly target;
    # a period ending in December has the yearly target as its target.
    i = ind(D(100), {2: D(30)}, agregasi=Agregasi.KUMULATIF)
    assert target_periode(i, TW2, RULES) is None
    assert target_periode(i, TW4, RULES) == D(100)
    c = measure(i, real(D(10), D(20)), TW2, RULES)
    assert c.status is StatusCapaian.TANPA_TARGET and c.nilai is None and c.predikat is None
    assert "Tidak ada target untuk Triwulan II Tahun 2025" in c.keterangan
    assert "tidak dibandingkan dengan target tahunan" in c.keterangan


def test_kumulatif_against_yearly_target_when_configured():
    i = ind(D(100), {1: D(20), 2: D(30)}, agregasi=Agregasi.KUMULATIF)
    rules = MeasurementRules(dasar_target_kumulatif=DasarTargetKumulatif.TAHUNAN)
    assert target_periode(i, TW2, rules) == D(100)


def test_akhir_periode_target_is_the_period_target_else_none():
    i = ind(D(90), {1: D(70), 2: D(80)})
    assert target_periode(i, TW2, RULES) == D(80)
    assert target_periode(i, Periode(2025, 3), RULES) is None
    assert target_periode(i, TW4, RULES) == D(90)


def test_rata_rata_target_is_mean_of_period_targets_else_none():
    i = ind(D(90), {1: D(80), 2: D(90)}, agregasi=Agregasi.RATA_RATA)
    assert target_periode(i, TW2, RULES) == D(85)
    assert target_periode(i, Periode(2025, 3), RULES) is None
    assert target_periode(i, TW4, RULES) == D(90)


def test_text_target_passes_through():
    assert target_periode(ind("WTP"), TW4, RULES) == "WTP"
    assert target_periode(ind("WTP", agregasi=Agregasi.KUMULATIF), TW2, RULES) is None
    assert target_periode(ind("WTP", agregasi=Agregasi.KUMULATIF), TW4, RULES) == "WTP"


def test_no_target_at_all_is_none():
    assert target_periode(ind(None), TW1, RULES) is None


# --- measure: formulas -------------------------------------------------------------------------


def test_positive_polarity_is_realisasi_per_target():
    c = measure(ind(D(90)), real(D(85)), TW1, RULES)
    assert c.status is StatusCapaian.DIHITUNG
    assert bulat(c.nilai) == D("94.44")
    assert persen(c.nilai) == "94,44%"
    assert c.rumus == "85 / 90 × 100"
    assert c.tercapai is False
    assert c.predikat == "Sangat Tinggi"


def test_rumus_prints_indonesian_decimal_comma():
    c = measure(ind(D(90)), real(D("85.5")), TW1, RULES)
    assert c.rumus == "85,5 / 90 × 100"
    assert c.nilai == D(95)


def test_real_report_capaian_above_100_is_not_capped_by_default():
    assert measure(ind(D(80)), real(D(100)), TW1, RULES).nilai == D(125)
    c = measure(ind(D(3)), real(D(5)), TW1, RULES)
    assert persen(c.nilai) == "166,67%"
    c = measure(ind(D(3)), real(D(20)), TW1, RULES)
    assert persen(c.nilai) == "666,67%"
    assert bulat(c.nilai) == D("666.67")
    assert c.tercapai is True


def test_negative_polarity_uses_lkjip_formula_by_default():
    c = measure(ind(D(10), polaritas=Polaritas.NEGATIF), real(D(8)), TW1, RULES)
    assert c.nilai == D(120)
    assert c.rumus == "(2 × 10 − 8) / 10 × 100"
    assert c.tercapai is True


def test_negative_polarity_worse_than_target_under_lkjip():
    c = measure(ind(D(10), polaritas=Polaritas.NEGATIF), real(D(12)), TW1, RULES)
    assert c.nilai == D(80)
    assert c.tercapai is False


def test_negative_polarity_realisasi_zero_under_lkjip_is_200_percent():
    c = measure(ind(D(10), polaritas=Polaritas.NEGATIF), real(D(0)), TW1, RULES)
    assert c.status is StatusCapaian.DIHITUNG
    assert c.nilai == D(200)
    assert c.tercapai is True


def test_negative_polarity_target_per_realisasi_formula():
    rules = MeasurementRules(rumus_negatif=RumusNegatif.TARGET_PER_REALISASI)
    c = measure(ind(D(10), polaritas=Polaritas.NEGATIF), real(D(8)), TW1, rules)
    assert c.nilai == D(125)
    assert c.rumus == "10 / 8 × 100"


def test_target_per_realisasi_with_realisasi_zero_is_stated_undefined():
    rules = MeasurementRules(rumus_negatif=RumusNegatif.TARGET_PER_REALISASI)
    c = measure(ind(D(10), polaritas=Polaritas.NEGATIF), real(D(0)), TW1, rules)
    assert c.status is StatusCapaian.TIDAK_TERDEFINISI
    assert c.nilai is None
    assert c.predikat is None
    assert c.rumus == ""
    assert c.tercapai is True
    assert "pembagian dengan 0" in c.keterangan


def test_negative_polarity_skp_2022_formula():
    rules = MeasurementRules(rumus_negatif=RumusNegatif.SKP_2022)
    c = measure(ind(D(10), polaritas=Polaritas.NEGATIF), real(D(8)), TW1, rules)
    assert c.nilai == D(120)
    assert c.rumus == "(1 + (1 − 8 / 10)) × 100"
    c = measure(ind(D(4), polaritas=Polaritas.NEGATIF), real(D(5)), TW1, rules)
    assert c.nilai == D(75)


def test_negative_numbers_in_rumus_are_parenthesised():
    c = measure(ind(D(-2)), real(D(-1)), TW1, RULES)
    assert c.rumus == "(-1) / (-2) × 100"


def test_cap_applies_only_when_configured():
    uncapped = measure(ind(D(3)), real(D(5)), TW1, RULES)
    assert uncapped.nilai > D(166)
    assert "dibatasi" not in uncapped.keterangan
    rules = MeasurementRules(batas_atas=D(120))
    c = measure(ind(D(3)), real(D(5)), TW1, rules)
    assert c.nilai == D(120)
    assert "dibatasi 120%" in c.keterangan
    assert "166,67%" in c.keterangan
    assert c.capaian_tahunan == D(120)  # the agency's cap holds for the yearly capaian too
    below = measure(ind(D(90)), real(D(85)), TW1, rules)
    assert below.nilai == D(85) / D(90) * 100
    assert "dibatasi" not in below.keterangan


# --- measure: aggregation over the period --------------------------------------------------------


def test_kumulatif_realisasi_sum_against_sum_of_period_targets():
    i = ind(D(100), {1: D(20), 2: D(30), 3: D(25), 4: D(25)}, agregasi=Agregasi.KUMULATIF)
    c = measure(i, real(D(15), D(30), D(40)), TW2, RULES)
    assert c.realisasi == D(45)
    assert c.target == D(50)
    assert c.nilai == D(90)
    assert c.rumus == "45 / 50 × 100"
    assert c.capaian_tahunan == D(45)


def test_measure_uses_only_triwulan_up_to_the_period():
    c = measure(ind(D(90)), real(D(60), D(99)), TW1, RULES)
    assert c.realisasi == D(60)


def test_rata_rata_measures_mean_of_period_realisasi():
    i = ind(D(80), agregasi=Agregasi.RATA_RATA)
    c = measure(i, real(D(70), D(90)), TW2, RULES)
    assert c.realisasi == D(80)
    assert c.nilai == D(100)
    assert c.tercapai is True


def test_capaian_tahunan_compares_with_yearly_target():
    i = ind(D(90), {1: D(60)})
    c = measure(i, real(D(45)), TW1, RULES)
    assert c.nilai == D(75)
    assert c.capaian_tahunan == D(50)
    assert measure(ind(D(10), {1: D(0)}), real(D(2)), TW1, RULES).capaian_tahunan == D(20)


def test_capaian_tahunan_none_when_yearly_target_undefined():
    c = measure(ind(D(0), {1: D(10)}), real(D(5)), TW1, RULES)
    assert c.nilai == D(50)
    assert c.capaian_tahunan is None


# --- measure: edge cases are stated ------------------------------------------------------------


def test_realisasi_empty_is_belum_dilaporkan():
    for realisasi in ({}, real(None, None)):
        c = measure(ind(), realisasi, TW2, RULES)
        assert c.status is StatusCapaian.BELUM_DILAPORKAN
        assert c.nilai is None and c.tercapai is None and c.predikat is None
        assert c.realisasi is None
        assert "belum dilaporkan" in c.keterangan
        assert "Triwulan II Tahun 2025" in c.keterangan


def test_realisasi_na_is_tidak_dapat_diukur_never_zero():
    c = measure(ind(), real(NA), TW1, RULES)
    assert c.status is StatusCapaian.TIDAK_DAPAT_DIUKUR
    assert c.nilai is None
    assert c.realisasi is NA
    assert c.tercapai is None
    assert c.rumus == ""
    assert "tidak dianggap 0" in c.keterangan


def test_na_among_numbers_is_skipped_for_kumulatif():
    i = ind(D(20), {1: D(10), 2: D(10)}, agregasi=Agregasi.KUMULATIF)
    c = measure(i, real(D(10), NA), TW2, RULES)
    assert c.realisasi == D(10)
    assert c.nilai == D(50)


def test_target_zero_is_stated_with_whether_it_is_met():
    c = measure(ind(D(0)), real(D(3)), TW1, RULES)
    assert c.status is StatusCapaian.TARGET_NOL
    assert c.nilai is None and c.predikat is None
    assert c.tercapai is True
    assert "Target 0" in c.keterangan and "target tercapai" in c.keterangan


def test_target_zero_negative_polarity_met_only_at_zero_or_below():
    neg = ind(D(0), polaritas=Polaritas.NEGATIF)
    met = measure(neg, real(D(0)), TW1, RULES)
    assert (met.status, met.nilai, met.tercapai) == (StatusCapaian.TARGET_NOL, None, True)
    missed = measure(neg, real(D(2)), TW1, RULES)
    assert missed.tercapai is False
    assert "belum tercapai" in missed.keterangan


def test_text_target_equal_text_is_100_percent():
    c = measure(ind("WTP"), real(" wtp "), TW4, RULES)
    assert c.status is StatusCapaian.TARGET_TEKS
    assert c.nilai == D(100)
    assert c.tercapai is True
    assert c.predikat == "Sangat Tinggi"


def test_text_target_different_text_is_not_met_and_explained():
    c = measure(ind("WTP"), real("WDP"), TW4, RULES)
    assert c.status is StatusCapaian.TARGET_TEKS
    assert c.nilai is None and c.predikat is None
    assert c.tercapai is False
    assert '"WDP"' in c.keterangan and '"WTP"' in c.keterangan


def test_text_target_against_number_cannot_be_compared():
    c = measure(ind("WTP"), real(D(3)), TW1, RULES)
    assert c.status is StatusCapaian.TARGET_TEKS
    assert c.tercapai is None and c.nilai is None


def test_text_realisasi_against_number_target_is_undefined():
    c = measure(ind(D(90)), real("baik"), TW1, RULES)
    assert c.status is StatusCapaian.TIDAK_TERDEFINISI
    assert c.nilai is None and c.tercapai is None


def test_no_target_is_tanpa_target():
    c = measure(ind(None), real(D(5)), TW1, RULES)
    assert c.status is StatusCapaian.TANPA_TARGET
    assert c.nilai is None and c.tercapai is None
    assert c.realisasi == D(5)


# --- predikat ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("capaian", "label"),
    [
        ("125", "Sangat Tinggi"),
        ("91", "Sangat Tinggi"),
        ("90.99", "Tinggi"),
        ("90.5", "Tinggi"),
        ("76", "Tinggi"),
        ("75.99", "Sedang"),
        ("66", "Sedang"),
        ("65.99", "Rendah"),
        ("51", "Rendah"),
        ("50.99", "Sangat Rendah"),
        ("0", "Sangat Rendah"),
        ("-100", "Sangat Rendah"),
    ],
)
def test_predicate_bands_permendagri_86_2017_boundaries(capaian, label):
    assert predikat(D(capaian), PERMENDAGRI_86_2017) == label


def test_predicate_other_scale_and_value_below_every_band():
    skala = (
        Predikat(D(100), "Sangat Berhasil"),
        Predikat(D(75), "Berhasil"),
        Predikat(D(55), "Cukup Berhasil"),
    )
    assert predikat(D(100), skala) == "Sangat Berhasil"
    assert predikat(D("99.99"), skala) == "Berhasil"
    with pytest.raises(ValueError, match="54"):
        predikat(D(54), skala)


def test_measure_predicate_follows_printed_rounding():
    c = measure(ind(D(100)), real(D("90.996")), TW1, RULES)
    assert persen(c.nilai) == "91,00%"
    assert c.predikat == "Sangat Tinggi"
    c = measure(ind(D(100)), real(D("90.994")), TW1, RULES)
    assert c.predikat == "Tinggi"


# --- measure_all -------------------------------------------------------------------------------


def test_measure_all_keeps_input_order_and_uses_cycle_period():
    data = CollectedData(
        source="kinerja.xlsx",
        siklus=Siklus(periode=TW2),
        indikator=(ind(D(10), kode="B"), ind(D(10), kode="A")),
        realisasi=(
            Realisasi("A", 1, D(1)),
            Realisasi("B", 2, D(5)),
            Realisasi("A", 2, D(2)),
        ),
    )
    b, a = measure_all(data, RULES)
    assert (b.indikator.kode, b.realisasi, b.nilai) == ("B", D(5), D(50))
    assert (a.indikator.kode, a.realisasi, a.nilai) == ("A", D(2), D(20))
    assert a.periode == TW2


# --- budget and rounding -----------------------------------------------------------------------


def test_realisasi_anggaran_sums_triwulan_up_to_period():
    r = real(D(1), D(2), D(3), anggaran=[100_000, None, 250_000])
    assert realisasi_anggaran(r, TW1) == 100_000
    assert realisasi_anggaran(r, TW2) == 100_000
    assert realisasi_anggaran(r, Periode(2025, 3)) == 350_000
    assert realisasi_anggaran(real(D(1)), TW1) is None
    assert realisasi_anggaran({}, TW4) is None


def test_serapan():
    assert serapan(1_000_000, 250_000) == D(25)
    assert bulat(serapan(1_004_422_800, 950_000_000)) == D("94.58")
    assert serapan(1_000_000, 0) == D(0)
    assert serapan(None, 5) is None
    assert serapan(1_000_000, None) is None
    assert serapan(0, 5) is None
    with pytest.raises(ValueError):
        serapan(-1, 5)


def test_efisiensi_bands():
    assert efisiensi(D("95.01"), D(90)) == "Efisien"
    assert efisiensi(D(95), D(90)) == "Cukup Efisien"
    assert efisiensi(D(90), D(90)) == "Cukup Efisien"
    assert efisiensi(D(85), D(90)) == "Cukup Efisien"
    assert efisiensi(D("84.99"), D(90)) == "Tidak Efisien"
    assert efisiensi(None, D(90)) is None
    assert efisiensi(D(90), None) is None


def test_efisiensi_threshold_is_a_parameter():
    assert efisiensi(D(95), D(90), ambang=D(2)) == "Efisien"
    assert efisiensi(D(87), D(90), ambang=D(2)) == "Tidak Efisien"


def test_bulat_rounds_half_up():
    assert bulat(D("166.665")) == D("166.67")
    assert bulat(D("0.125")) == D("0.13")
    assert bulat(D("94.444")) == D("94.44")
    assert bulat(D("2.5"), 0) == D(3)
    assert bulat(D("-0.125")) == D("-0.13")


def test_printed_formula_rounds_long_decimals_but_capaian_uses_exact_value():
    from naskah.measurement.rules import measure
    from naskah.measurement.types import MeasurementRules
    from naskah.model import Agregasi, Indikator, Jenis, Level, Periode, Polaritas, Realisasi

    ind = Indikator(kode="X", level=Level.SASARAN, uraian="u", nama="n", jenis=Jenis.IKU,
                    satuan="%", polaritas=Polaritas.POSITIF, agregasi=Agregasi.RATA_RATA,
                    bidang="B", target_tahunan=Decimal(80), target_triwulan={1: Decimal(80)})
    # Monthly values 80, 81, 81.75 folded by the reader into one triwulan value (mean).
    real = {1: Realisasi("X", 1, Decimal("242.75") / 3)}
    c = measure(ind, real, Periode(2025, 1), MeasurementRules())
    assert c.rumus == "80,92 / 80 × 100"
    assert "80,92" in c.keterangan and "80,916" not in c.keterangan
    assert c.nilai == Decimal("242.75") / 3 / 80 * 100  # exact, not from the rounded 80,92

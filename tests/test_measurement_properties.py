"""Property-based tests (hypothesis) of the measurement rules, domain brief §2: aggregation over
any set of months and any period kind, polarity, the no-target and zero-target rules, budget
totals over random program → kegiatan → sub kegiatan hierarchies, and rounding."""

from __future__ import annotations

import math
from decimal import ROUND_FLOOR, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from naskah.documents.kinerja import rata_rata, tampil
from naskah.formatting import persen
from naskah.measurement.anggaran import jumlah_daun, selisih_pagu, susun_anggaran
from naskah.measurement.rules import bulat, efisiensi, measure, predikat, target_periode
from naskah.measurement.types import PERMENDAGRI_86_2017, MeasurementRules, StatusCapaian
from naskah.model import (
    Agregasi,
    Indikator,
    Jenis,
    JenisPeriode,
    Level,
    Periode,
    Polaritas,
    Realisasi,
)

RULES = MeasurementRules()
settings.register_profile("naskah", max_examples=150, deadline=None)
settings.load_profile("naskah")

PERIODS = (
    [Periode.triwulan_ke(2025, n) for n in range(1, 5)]
    + [Periode.semester_ke(2025, n) for n in (1, 2)]
    + [Periode.tahunan(2025)]
)
periods = st.sampled_from(PERIODS)
amounts = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
positive = st.decimals(min_value="0.01", max_value=100_000, places=2, allow_nan=False)


def indikator(target=Decimal(100), tw=None, sm=None, agregasi=Agregasi.KUMULATIF,
              polaritas=Polaritas.POSITIF, kode="K", pagu=None, induk=""):  # fmt: skip
    return Indikator(
        kode=kode, level=Level.SUB_KEGIATAN, uraian="u", nama="n", jenis=Jenis.IK, satuan="%",
        polaritas=polaritas, agregasi=agregasi, bidang="B", target_tahunan=target,
        target_triwulan=dict(tw or {}), target_semester=dict(sm or {}), pagu=pagu, induk=induk,
    )  # fmt: skip


def monthly(kode: str, months: dict[int, Decimal]) -> dict[int, Realisasi]:
    """Realisasi by triwulan as the workbook reader folds monthly rows (values kept)."""
    out = {}
    for tw in range(1, 5):
        mine = sorted((m, v) for m, v in months.items() if (m - 1) // 3 + 1 == tw)
        if mine:
            out[tw] = Realisasi(kode, tw, mine[-1][1], bulanan=tuple(mine))
    return out


# --- periods ------------------------------------------------------------------------------------


@given(periods)
def test_period_key_round_trips_and_names_follow_the_kind(p):
    assert Periode.parse(p.key) == p
    assert p.nama_lengkap.endswith("Tahun 2025")
    assert p.bulan_sd == tuple(range(1, p.bulan_akhir + 1))
    assert set(p.bulan) <= set(p.bulan_sd)
    assert p.akhir_tahun == (p.bulan_akhir == 12)


# --- aggregation over any month subset ----------------------------------------------------------


@given(st.dictionaries(st.integers(1, 12), amounts, min_size=1), periods,
       st.sampled_from(list(Agregasi)))  # fmt: skip
def test_aggregation_over_any_months_of_any_period(months, p, agregasi):
    ind = indikator(target=Decimal(1), tw={n: Decimal(1) for n in range(1, 5)},
                    agregasi=agregasi)  # fmt: skip
    c = measure(ind, monthly("K", months), p, RULES)
    inside = [months[m] for m in sorted(months) if m <= p.bulan_akhir]
    if not inside:
        assert c.status is StatusCapaian.BELUM_DILAPORKAN and c.realisasi is None
        return
    expected = {
        Agregasi.KUMULATIF: sum(inside, Decimal(0)),
        Agregasi.AKHIR_PERIODE: inside[-1],
        Agregasi.RATA_RATA: sum(inside, Decimal(0)) / len(inside),
    }[agregasi]
    assert c.realisasi == expected


@given(st.lists(st.one_of(st.none(), amounts), min_size=4, max_size=4), periods)
def test_quarterly_rows_fold_into_semester_and_year(values, p):
    real = {t: Realisasi("K", t, v) for t, v in enumerate(values, start=1) if v is not None}
    ind = indikator(agregasi=Agregasi.KUMULATIF, tw={n: Decimal(25) for n in range(1, 5)})
    c = measure(ind, real, p, RULES)
    inside = [v for t, v in enumerate(values, start=1) if v is not None and t <= p.triwulan]
    assert c.realisasi == (sum(inside, Decimal(0)) if inside else None)
    if inside:
        assert c.target == Decimal(25) * p.triwulan  # sum of TW targets up to the period


# --- polarity -----------------------------------------------------------------------------------


@given(positive, amounts)
def test_positive_polarity_is_realisasi_per_target(target, realisasi):
    ind = indikator(target=target, agregasi=Agregasi.AKHIR_PERIODE)
    c = measure(ind, {4: Realisasi("K", 4, realisasi)}, Periode.tahunan(2025), RULES)
    assert c.nilai == realisasi / target * 100
    assert c.tercapai == (realisasi >= target)
    assert c.predikat == predikat(bulat(c.nilai), PERMENDAGRI_86_2017)


@given(positive, amounts, amounts)
def test_negative_polarity_lkjip_formula_and_monotony(target, r1, r2):
    ind = indikator(target=target, agregasi=Agregasi.AKHIR_PERIODE, polaritas=Polaritas.NEGATIF)
    year = Periode.tahunan(2025)
    c1 = measure(ind, {4: Realisasi("K", 4, r1)}, year, RULES)
    c2 = measure(ind, {4: Realisasi("K", 4, r2)}, year, RULES)
    assert c1.nilai == (2 * target - r1) / target * 100
    assert c1.tercapai == (r1 <= target)
    if r1 < r2:  # lower is better
        assert c1.nilai > c2.nilai


# --- no target and zero target ------------------------------------------------------------------


@given(st.dictionaries(st.integers(1, 4), positive), periods, st.sampled_from(list(Agregasi)),
       amounts)  # fmt: skip
def test_a_missing_period_target_is_never_the_yearly_target(tw, p, agregasi, realisasi):
    yearly = Decimal("1234.5")
    ind = indikator(target=yearly, tw=tw, agregasi=agregasi)
    target = target_periode(ind, p, RULES)
    c = measure(ind, {t: Realisasi("K", t, realisasi) for t in range(1, 5)}, p, RULES)
    needed = [p.triwulan] if agregasi is Agregasi.AKHIR_PERIODE else range(1, p.triwulan + 1)
    has_own = all(n in tw for n in needed)
    if p.jenis is JenisPeriode.TAHUNAN or (not has_own and p.akhir_tahun):
        assert target == yearly
    elif has_own:
        assert target is not None
    else:
        assert target is None
        assert c.status is StatusCapaian.TANPA_TARGET
        assert c.nilai is None and c.predikat is None and c.tercapai is None
        assert "tidak dihitung" in c.keterangan


@given(st.dictionaries(st.integers(1, 4), positive), st.dictionaries(st.integers(1, 2), positive),
       st.integers(1, 2), st.sampled_from(list(Agregasi)))  # fmt: skip
def test_a_semester_target_is_its_own_else_its_triwulan_targets_else_none(tw, sm, n, agregasi):
    """Semester n: the semester targets up to n when given (kumulatif: sum, rata-rata: mean,
    akhir periode: the semester's own), else the triwulan targets up to TW 2n folded the same
    way; without either, Semester II (ends in December) takes the yearly target and Semester I
    has none (tidak dihitung)."""
    yearly = Decimal("1234.5")
    ind = indikator(target=yearly, tw=tw, sm=sm, agregasi=agregasi)

    def fold(slots: list[int], values: dict[int, Decimal]) -> Decimal | None:
        if agregasi is Agregasi.AKHIR_PERIODE:
            return values.get(slots[-1])
        if any(k not in values for k in slots):
            return None
        total = sum((values[k] for k in slots), Decimal(0))
        return total if agregasi is Agregasi.KUMULATIF else total / len(slots)

    expected = fold(list(range(1, n + 1)), sm)
    if expected is None:
        expected = fold(list(range(1, 2 * n + 1)), tw)
    if expected is None and n == 2:
        expected = yearly
    assert target_periode(ind, Periode.semester_ke(2025, n), RULES) == expected


@given(st.lists(st.one_of(st.none(), positive), min_size=1, max_size=8), positive)
def test_indicators_without_a_period_target_stay_out_of_the_average(targets, realisasi):
    tw1 = Periode.triwulan_ke(2025, 1)
    caps = [
        measure(indikator(tw={1: t} if t is not None else {}, kode=f"K{i}"),
                {1: Realisasi(f"K{i}", 1, realisasi)}, tw1, RULES)
        for i, t in enumerate(targets)
    ]  # fmt: skip
    given_ = [t for t in targets if t is not None]
    mean = rata_rata(caps)
    if not given_:
        assert mean is None
    else:
        assert mean == sum((realisasi / t * 100 for t in given_), Decimal(0)) / len(given_)
    assert sum(1 for c in caps if c.predikat) == len(given_)


@given(amounts, st.sampled_from(list(Polaritas)))
def test_zero_target_states_no_percentage(realisasi, polaritas):
    ind = indikator(target=Decimal(0), polaritas=polaritas, agregasi=Agregasi.AKHIR_PERIODE)
    c = measure(ind, {4: Realisasi("K", 4, realisasi)}, Periode.tahunan(2025), RULES)
    assert c.status is StatusCapaian.TARGET_NOL and c.nilai is None and c.predikat is None
    assert c.tercapai == (realisasi >= 0 if polaritas is Polaritas.POSITIF else realisasi <= 0)


@given(st.one_of(st.none(), amounts), st.one_of(st.none(), amounts))
def test_efficiency_is_not_measurable_without_both_figures_or_at_zero(capaian, serapan):
    e = efisiensi(capaian, serapan)
    if capaian is None or serapan is None or (capaian == 0 and serapan == 0):
        assert e is None
    else:
        assert e in ("Efisien", "Cukup Efisien", "Tidak Efisien")


# --- budget hierarchy ---------------------------------------------------------------------------


@st.composite
def hierarchies(draw):
    """Programs 1.0P → kegiatan 1.0P.2.0K → sub kegiatan 1.0P.2.0K.000S; each parent line is
    present or not, with a pagu equal to its children's sum or not."""
    lines: list[Indikator] = []
    leaves = 0
    for p in range(1, draw(st.integers(1, 3)) + 1):
        program = f"1.0{p}"
        prog_children = []
        for kg in range(1, draw(st.integers(1, 3)) + 1):
            keg = f"{program}.2.0{kg}"
            subs = [(f"{keg}.000{s}", draw(st.integers(0, 10**9)))
                    for s in range(1, draw(st.integers(0, 3)) + 1)]  # fmt: skip
            keg_total = sum(x for _k, x in subs)
            if subs:
                lines += [indikator(kode=k, pagu=x) for k, x in subs]
                leaves += keg_total
            if draw(st.booleans()) or not subs:
                own = keg_total if subs and draw(st.booleans()) else draw(st.integers(0, 10**9))
                lines.append(indikator(kode=keg, pagu=own))
                prog_children.append(own)
                if not subs:
                    leaves += own
            else:
                prog_children.append(keg_total)
        if draw(st.booleans()):
            lines.append(indikator(kode=program, pagu=sum(prog_children)))
    order = draw(st.permutations(lines))
    return order, leaves


@given(hierarchies())
def test_budget_total_is_the_sum_of_the_leaves_never_a_row_and_its_children(h):
    lines_in, leaves_total = h
    lines = susun_anggaran(lines_in, lambda kode: {}, Periode.tahunan(2025))
    total = jumlah_daun(lines)
    assert total.pagu == leaves_total
    for x in lines:  # each parent is the longest prefix among the lines
        if x.induk:
            assert x.kode.startswith(x.induk + ".")
    # a parent line is never added to its children
    assert total.pagu <= sum(x.pagu for x in lines)
    by = {x.kode: x for x in lines}
    for s in selisih_pagu(lines):
        assert s.baris.pagu != sum(by[k].pagu for k in s.baris.anak)


@given(hierarchies(), st.data(), periods)
def test_budget_realisasi_total_is_the_sum_of_the_leaves_and_each_line_keeps_its_own(h, data, p):
    """Every line (program, kegiatan, sub kegiatan) gets its own realisasi anggaran per
    triwulan; a line's realisasi is its own sum up to the period, and the total adds the leaves
    (lines without a line below them by kode) only."""
    lines_in, _ = h
    spent = {
        x.kode: data.draw(st.dictionaries(st.integers(1, 4), st.integers(0, 10**8)))
        for x in lines_in
    }

    def realisasi_of(kode: str) -> dict[int, Realisasi]:
        return {t: Realisasi(kode, t, None, realisasi_anggaran=rp)
                for t, rp in spent[kode].items()}  # fmt: skip

    lines = susun_anggaran(lines_in, realisasi_of, p)
    own = {k: [rp for t, rp in v.items() if t <= p.triwulan] for k, v in spent.items()}
    for x in lines:
        assert x.realisasi == (sum(own[x.kode]) if own[x.kode] else None)
    kodes = [x.kode for x in lines_in]
    leaves = [k for k in kodes if not any(o.startswith(k + ".") for o in kodes)]
    total = jumlah_daun(lines)
    assert total.realisasi == sum(sum(own[k]) for k in leaves)
    assert total.pagu == sum(x.pagu for x in lines_in if x.kode in leaves)
    assert total.belum == sum(1 for k in leaves if not own[k])


def test_explicit_induk_wins_over_the_kode_prefix():
    lines = susun_anggaran(
        [indikator(kode="A", pagu=10), indikator(kode="B", pagu=4, induk="A"),
         indikator(kode="C", pagu=6, induk="A")],
        lambda kode: {}, Periode.tahunan(2025),
    )  # fmt: skip
    assert [x.induk for x in lines] == ["", "A", "A"]
    assert jumlah_daun(lines).pagu == 10 and not selisih_pagu(lines)


# --- rounding -----------------------------------------------------------------------------------


@given(st.decimals(min_value=0, max_value=10_000, places=6, allow_nan=False))
def test_percentages_round_half_up_to_two_decimals(x):
    expected = (x * 100 + Decimal("0.5")).to_integral_value(rounding=ROUND_FLOOR) / 100
    assert bulat(x) == expected
    assert persen(x) == tampil(expected.quantize(Decimal("0.01")), desimal=2) + "%"
    assert math.isclose(float(bulat(x)), float(x), abs_tol=0.005 + 1e-9)


@given(st.decimals(min_value=0, max_value=10**6, places=4, allow_nan=False),
       st.integers(0, 4))  # fmt: skip
def test_a_value_keeps_its_decimals_or_the_declared_ones(x, desimal):
    places = max(0, -x.as_tuple().exponent)
    shown = tampil(x)
    assert shown.count(",") == (1 if min(places, 2) else 0)
    declared = tampil(x, desimal=desimal)
    own = max(0, -x.normalize().as_tuple().exponent) if x else 0
    digits = desimal if own <= desimal else max(desimal, 2)
    fraction = declared.split(",")[1] if "," in declared else ""
    assert len(fraction) == digits


@given(positive, amounts, st.one_of(st.none(), st.integers(0, 4)),
       st.sampled_from(list(Polaritas)))  # fmt: skip
def test_the_printed_formula_and_keterangan_use_the_numbers_as_the_tables_print_them(
        target, realisasi, desimal, polaritas):  # fmt: skip
    """The kertas kerja prints target and realisasi in their columns with
    :func:`~naskah.documents.kinerja.tampil` (the indicator's decimals); the Rumus and the
    keterangan beside them print the same text (14,40 never becomes 14,4)."""
    import dataclasses

    ind = dataclasses.replace(
        indikator(target=target, agregasi=Agregasi.AKHIR_PERIODE, polaritas=polaritas),
        desimal=desimal,
    )
    c = measure(ind, {4: Realisasi("K", 4, realisasi)}, Periode.tahunan(2025), RULES)
    t, r = tampil(target, desimal=desimal), tampil(realisasi, desimal=desimal)
    if polaritas is Polaritas.POSITIF:
        assert c.rumus == f"{r} / {t} × 100"
    else:
        assert c.rumus == f"(2 × {t} − {r}) / {t} × 100"
    assert f"realisasi {r} " in c.keterangan and f"target {t})" in c.keterangan


# --- through the workbook reader ----------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.integers(1, 12), st.integers(0, 999), min_size=1), periods,
       st.sampled_from(list(Agregasi)))  # fmt: skip
def test_monthly_rows_of_a_workbook_aggregate_over_the_period(tmp_path_factory, months, p,
                                                              agregasi):  # fmt: skip
    """Months typed in the Realisasi sheet (any subset) → read_workbook → measure: the
    realisasi of the period is the indicator's aggregation of the months up to its end."""
    import openpyxl

    from naskah.input.workbook import read_workbook

    months = {m: v for m, v in months.items() if m <= p.bulan_akhir} or {1: 5}
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Siklus"
    ws.append(["kunci", "nilai"])
    ws.append(["periode", p.key])
    ws = wb.create_sheet("Indikator")
    ws.append(["kode", "level", "uraian", "indikator", "jenis", "satuan", "polaritas",
               "agregasi", "bidang", "target_tahunan", "target_tw1", "target_tw2",
               "target_tw3", "target_tw4"])  # fmt: skip
    ws.append(["K", "sasaran", "u", "n", "IK", "Orang", "positif", agregasi.value, "B", 40,
               10, 10, 10, 10])  # fmt: skip
    ws = wb.create_sheet("Realisasi")
    ws.append(["kode", "periode", "realisasi"])
    for m, v in sorted(months.items(), reverse=True):  # row order does not matter
        ws.append(["K", m, v])
    path = tmp_path_factory.mktemp("wb") / "m.xlsx"
    wb.save(path)
    data = read_workbook(path)
    (c,) = (measure(i, data.realisasi_of(i.kode), p, RULES) for i in data.indikator)
    values = [Decimal(months[m]) for m in sorted(months)]
    expected = {
        Agregasi.KUMULATIF: sum(values, Decimal(0)),
        Agregasi.AKHIR_PERIODE: values[-1],
        Agregasi.RATA_RATA: sum(values, Decimal(0)) / len(values),
    }[agregasi]
    assert c.realisasi == expected

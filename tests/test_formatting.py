"""Indonesian formatting for documents (naskah.formatting)."""

from datetime import date
from decimal import Decimal

import pytest

from naskah.formatting import (
    KOSONG,
    angka,
    durasi,
    hari,
    hari_tanggal,
    nama_bulan,
    nama_triwulan,
    nilai,
    nip,
    persen,
    romawi,
    rupiah,
    tanggal,
    tempat_tanggal,
    terbilang,
    terbilang_rupiah,
)
from naskah.model import TIDAK_DAPAT_DIUKUR

# --- dates -------------------------------------------------------------------------------------


def test_tanggal_prints_day_month_name_year():
    assert tanggal(date(2025, 1, 15)) == "15 Januari 2025"
    assert tanggal(date(2024, 12, 1)) == "1 Desember 2024"


def test_hari_uses_real_weekdays():
    # 13 January 2025 was a Monday, 15 January 2025 a Wednesday, 17 August 2025 a Sunday.
    assert hari(date(2025, 1, 13)) == "Senin"
    assert hari(date(2025, 1, 15)) == "Rabu"
    assert hari(date(2025, 8, 17)) == "Minggu"


def test_hari_tanggal_joins_day_and_date():
    assert hari_tanggal(date(2025, 1, 13)) == "Senin, 13 Januari 2025"
    assert hari_tanggal(date(2025, 1, 15)) == "Rabu, 15 Januari 2025"
    assert hari_tanggal(date(2024, 2, 29)) == "Kamis, 29 Februari 2024"


def test_missing_date_prints_blank_line_never_invented():
    assert tanggal(None) == KOSONG
    assert hari(None) == KOSONG
    assert hari_tanggal(None) == KOSONG
    assert set(KOSONG) == {"."}


def test_nama_bulan_all_twelve_and_out_of_range():
    assert nama_bulan(1) == "Januari"
    assert nama_bulan(8) == "Agustus"
    assert nama_bulan(12) == "Desember"
    for bad in (0, 13):
        with pytest.raises(ValueError, match=str(bad)):
            nama_bulan(bad)


def test_tempat_tanggal_and_missing_parts():
    assert tempat_tanggal("Painan", date(2025, 1, 15)) == "Painan, 15 Januari 2025"
    assert tempat_tanggal("", date(2025, 1, 15)) == f"{KOSONG}, 15 Januari 2025"
    assert tempat_tanggal("Painan", None) == f"Painan, {KOSONG}"
    assert tempat_tanggal("  ", None) == f"{KOSONG}, {KOSONG}"


# --- numbers -----------------------------------------------------------------------------------


def test_angka_groups_thousands_and_uses_decimal_comma():
    assert angka(Decimal("1234.5")) == "1.234,5"
    assert angka(1004422800) == "1.004.422.800"
    assert angka(Decimal("0.25")) == "0,25"
    assert angka(Decimal("-1234.5")) == "-1.234,5"


def test_angka_without_digits_drops_trailing_zeros_only():
    assert angka(Decimal("100.00")) == "100"
    assert angka(Decimal("85.50")) == "85,5"
    assert angka(Decimal("1234.5678901")) == "1.234,5678901"


def test_angka_with_digits_is_fixed_and_rounds_half_up():
    assert angka(Decimal("94.444"), 2) == "94,44"
    assert angka(Decimal("0.125"), 2) == "0,13"  # half-even would give 0,12
    assert angka(Decimal("2.5"), 0) == "3"  # half-even would give 2
    assert angka(Decimal(100), 2) == "100,00"


def test_angka_none_is_empty_and_float_is_refused():
    assert angka(None) == ""
    with pytest.raises(TypeError, match="float"):
        angka(1.5)  # type: ignore[arg-type]


def test_persen_rounds_half_up_to_two_decimals():
    assert persen(Decimal(85) / Decimal(90) * 100) == "94,44%"
    assert persen(Decimal(5) / Decimal(3) * 100) == "166,67%"
    assert persen(Decimal(20) / Decimal(3) * 100) == "666,67%"
    assert persen(Decimal("166.665")) == "166,67%"
    assert persen(Decimal(125)) == "125,00%"
    assert persen(Decimal("1234.5"), 1) == "1.234,5%"
    assert persen(None) == ""


def test_rupiah():
    assert rupiah(1004422800) == "Rp 1.004.422.800"
    assert rupiah(0) == "Rp 0"
    assert rupiah(Decimal("1500.5")) == "Rp 1.501"
    assert rupiah(None) == ""


def test_terbilang_uses_indonesian_words():
    assert terbilang(1_004_422_800) == (
        "satu miliar empat juta empat ratus dua puluh dua ribu delapan ratus"
    )
    assert terbilang(0) == "nol"
    assert terbilang(11) == "sebelas"
    assert terbilang(100) == "seratus"
    assert terbilang(1000) == "seribu"
    assert terbilang(1500) == "seribu lima ratus"
    assert terbilang(2025) == "dua ribu dua puluh lima"
    assert terbilang(1_000_000) == "satu juta"
    assert terbilang(-5) == "minus lima"


def test_terbilang_refuses_non_integers():
    with pytest.raises(TypeError):
        terbilang(Decimal("1.5"))  # type: ignore[arg-type]


def test_terbilang_rupiah():
    assert terbilang_rupiah(1_250_000) == "satu juta dua ratus lima puluh ribu rupiah"


def test_romawi():
    expected = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
    assert [romawi(n) for n in range(1, 13)] == expected
    assert romawi(49) == "XLIX"
    assert romawi(2025) == "MMXXV"
    for bad in (0, -1, 4000):
        with pytest.raises(ValueError):
            romawi(bad)


def test_nama_triwulan():
    assert nama_triwulan(1) == "Triwulan I"
    assert nama_triwulan(4) == "Triwulan IV"
    assert nama_triwulan(3, singkat=True) == "TW III"
    with pytest.raises(ValueError):
        nama_triwulan(5)


# --- people and values -------------------------------------------------------------------------


def test_nip_groups_8_6_1_3():
    assert nip("198305232002121002") == "19830523 200212 1 002"
    assert nip(" 19830523 200212 1 002 ") == "19830523 200212 1 002"


def test_nip_missing_stays_missing():
    assert nip("") == ""


@pytest.mark.parametrize("bad", ["19830523200212100", "1983052320021210021", "19830523200212100X"])
def test_nip_not_18_digits_raises_naming_the_value(bad):
    with pytest.raises(ValueError, match=bad):
        nip(bad)


def test_nilai_prints_each_kind_of_value():
    assert nilai(Decimal("1234.50")) == "1.234,5"
    assert nilai("WTP") == "WTP"
    assert nilai(TIDAK_DAPAT_DIUKUR) == "tidak dapat diukur"
    assert nilai(None) == "belum dilaporkan"
    assert nilai(None, kosong="-") == "-"
    assert nilai(Decimal(0)) == "0"


def test_durasi():
    assert durasi(5) == "5 menit"
    assert durasi(60) == "1 jam"
    assert durasi(90) == "1 jam 30 menit"
    assert durasi(120) == "2 jam"
    assert durasi(300) == "5 jam"
    assert durasi(None) == ""
    with pytest.raises(ValueError):
        durasi(-1)

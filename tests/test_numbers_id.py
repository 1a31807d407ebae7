"""Numbers as Indonesian users type them (naskah.numbers_id)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from naskah.model import TIDAK_DAPAT_DIUKUR
from naskah.numbers_id import NilaiError, is_na, parse_nilai, parse_rupiah

D = Decimal


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Excel cells
        (85, D(85)),
        (85.5, D("85.5")),
        (0.1, D("0.1")),  # not 0.1000000000000000055511151231257827
        (100.0, D(100)),
        (0, D(0)),
        (0.0, D(0)),
        (D("12.50"), D("12.50")),
        # empty: not reported
        (None, None),
        ("", None),
        ("   ", None),
        # text as typed
        ("0", D(0)),
        ("85", D(85)),
        ("85,5", D("85.5")),
        ("85.5", D("85.5")),
        ("85.55", D("85.55")),
        ("1.5", D("1.5")),
        ("1.500", D(1500)),  # a single dot + exactly three digits groups thousands
        ("0.125", D("0.125")),  # ... unless the integer part is 0
        ("3.14159", D("3.14159")),
        ("1.004.422.800", D(1004422800)),
        ("1.004.422.800,50", D("1004422800.50")),
        ("Rp 1.004.422.800", D(1004422800)),
        ("Rp. 1.004.422.800", D(1004422800)),
        ("1 004 422 800", D(1004422800)),
        ("\u00a085,5\u00a0", D("85.5")),
        ("-2,5", D("-2.5")),
        ("+3", D(3)),
        # not measurable
        ("n/a", TIDAK_DAPAT_DIUKUR),
        ("N/A", TIDAK_DAPAT_DIUKUR),
        ("n.a.", TIDAK_DAPAT_DIUKUR),
        ("-", TIDAK_DAPAT_DIUKUR),
        ("–", TIDAK_DAPAT_DIUKUR),
        ("—", TIDAK_DAPAT_DIUKUR),
        ("Tidak dapat diukur", TIDAK_DAPAT_DIUKUR),
    ],
)
def test_parse_nilai_accepts_indonesian_forms(raw, expected):
    value = parse_nilai(raw)
    assert value == expected
    assert type(value) is type(expected)


def test_zero_is_a_number_and_empty_is_not():
    assert parse_nilai("0") == D(0)
    assert parse_nilai("0") is not None
    assert parse_nilai("") is None


@pytest.mark.parametrize(
    ("raw", "found", "expected"),
    [
        ("85%", "'85%' bukan angka", "tulis 85 atau 85,5"),
        ("85,5 %", "'85,5 %' bukan angka", "tulis 85 atau 85,5"),
        ("abc", "'abc' bukan angka", "tulis 85 atau 85,5"),
        ("WTP", "'WTP' bukan angka", "tulis 85 atau 85,5"),
        ("1,004,422,800", "bukan angka", "pisahkan ribuan dengan titik"),
        ("1,004.50", "bukan angka", "pisahkan ribuan dengan titik"),
        ("85.", "'85.' bukan angka", "tulis 85 atau 85,5"),
        (True, "bukan angka", "tulis 85 atau 85,5"),
        (float("nan"), "bukan angka", "tulis 85 atau 85,5"),
    ],
)
def test_parse_nilai_rejects_with_a_hint(raw, found, expected):
    with pytest.raises(NilaiError) as info:
        parse_nilai(raw)
    assert found in info.value.found
    assert expected in info.value.expected


def test_text_is_allowed_only_when_asked():
    assert parse_nilai("WTP", allow_text=True) == "WTP"
    assert parse_nilai("  Level   3 ", allow_text=True) == "Level 3"
    assert parse_nilai("85,5", allow_text=True) == D("85.5")  # numbers stay numbers
    with pytest.raises(NilaiError):
        parse_nilai("85%", allow_text=True)  # a malformed number is never a text
    with pytest.raises(NilaiError):
        parse_nilai("1,2,3", allow_text=True)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (1004422800, 1004422800),
        (1004422800.0, 1004422800),
        ("1004422800", 1004422800),
        ("1.004.422.800", 1004422800),
        ("Rp 1.004.422.800", 1004422800),
        ("Rp1.004.422.800,00", 1004422800),
        ("Rp. 1.004.422.800,-", 1004422800),  # the bookkeeping "no sen" dash
        ("1.250.000,--", 1250000),
        ("Rp 500.000.-", 500000),
        ("0", 0),
        (0, 0),
        (None, None),
        ("", None),
        ("-", None),
        ("n/a", None),
    ],
)
def test_parse_rupiah(raw, expected):
    value = parse_rupiah(raw)
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        ("1.004.422.800,50", "memuat sen"),
        (10.5, "memuat sen"),
        ("-5", "negatif"),
        ("Rp sejuta", "bukan jumlah Rupiah"),
        ("85%", "bukan jumlah Rupiah"),
        ("Rp. 1.250.000,50-", "bukan jumlah Rupiah"),
        ("Rp. -", "bukan jumlah Rupiah"),
    ],
)
def test_parse_rupiah_rejects(raw, found):
    with pytest.raises(NilaiError) as info:
        parse_rupiah(raw)
    assert found in info.value.found


def test_is_na():
    assert is_na(" N/A ")
    assert is_na("–")
    assert not is_na("0")
    assert not is_na("nihil")

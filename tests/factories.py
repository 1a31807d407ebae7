"""Test data: a realistic measured cycle of the first agency (Dinsos P3A Pesisir Selatan).

Indicator names, kode and satuan come from the official nomenclature (examples/data); targets
and realisasi are invented test numbers. Covers: positive and negative polarity, the three
agregasi, an ``n/a`` realisasi, a not-reported indicator, a text target and anggaran.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from naskah.cycle import Cycle, merge_pejabat
from naskah.measurement.rules import measure_all
from naskah.measurement.types import MeasurementRules
from naskah.model import (
    TIDAK_DAPAT_DIUKUR,
    Agregasi,
    CollectedData,
    Indikator,
    Jenis,
    Level,
    Pejabat,
    Periode,
    Polaritas,
    Rapat,
    Realisasi,
    Siklus,
)
from naskah.plugins.dinsos_p3a_pessel import PROFILE
from naskah.plugins.dinsos_p3a_pessel.sop import PROCEDURES

D = Decimal
SEKRETARIAT = "Sekretariat"
REHSOS = "Bidang Rehabilitasi Sosial"
LINJAMSOS = "Bidang Perlindungan dan Jaminan Sosial"
P3A = "Bidang Pemberdayaan Perempuan dan Perlindungan Anak"


def _ind(kode, level, uraian, nama, jenis, satuan, bidang, tahunan, tw, *,
         polaritas=Polaritas.POSITIF, agregasi=Agregasi.KUMULATIF, pagu=None) -> Indikator:
    return Indikator(
        kode=kode, level=level, uraian=uraian, nama=nama, jenis=jenis, satuan=satuan,
        polaritas=polaritas, agregasi=agregasi, bidang=bidang, target_tahunan=tahunan,
        target_triwulan=dict(enumerate(tw, start=1)), pagu=pagu,
    )


INDIKATOR = (
    _ind("S.1", Level.SASARAN, "Meningkatnya kesejahteraan sosial masyarakat",
         "Persentase PPKS yang tertangani", Jenis.IKU, "%", SEKRETARIAT, D(80),
         (D(80), D(80), D(80), D(80)), agregasi=Agregasi.AKHIR_PERIODE),
    _ind("S.2", Level.SASARAN, "Menurunnya kekerasan terhadap perempuan dan anak",
         "Jumlah kasus kekerasan terhadap perempuan dan anak", Jenis.IKU, "Kasus", P3A,
         D(40), (D(10), D(10), D(10), D(10)), polaritas=Polaritas.NEGATIF),
    _ind("P.1", Level.PROGRAM, "Program Penunjang Urusan Pemerintahan Daerah",
         "Opini BPK atas laporan keuangan", Jenis.IK, "Opini", SEKRETARIAT, "WTP", {},
         agregasi=Agregasi.AKHIR_PERIODE),
    _ind("1.06.04.2.01.0001", Level.SUB_KEGIATAN, "Penyediaan Permakanan",
         "Jumlah Orang yang Mendapatkan Pemenuhan Kebutuhan Permakanan Sesuai dengan Standar "
         "Gizi Minimal Kewenangan Kabupaten/Kota", Jenis.IKK, "Orang", REHSOS, D(120),
         (D(30), D(30), D(30), D(30)), pagu=250_000_000),
    _ind("1.06.04.2.01.0003", Level.SUB_KEGIATAN, "Penyediaan Alat Bantu",
         "Jumlah Orang yang Mendapatkan Alat Bantu dan Alat Bantu Peraga Sesuai kebutuhan "
         "Kewenangan Kabupaten/Kota", Jenis.IKK, "Orang", REHSOS, D(40),
         (D(10), D(10), D(10), D(10)), pagu=180_000_000),
    _ind("1.06.04.2.01.0005", Level.SUB_KEGIATAN,
         "Pemberian Bimbingan Fisik, Mental, Spiritual, dan Sosial",
         "Jumlah Peserta Bimbingan Fisik, Mental, Spiritual dan Sosial Kewenangan "
         "Kabupaten/Kota", Jenis.IKK, "Orang", REHSOS, D(90), (D(20), D(25), D(25), D(20)),
         agregasi=Agregasi.RATA_RATA, pagu=95_500_000),
    _ind("1.06.02.2.03.0016", Level.SUB_KEGIATAN, "Pengelolaan Layanan Terpadu Kesejahteraan "
         "Sosial", "Jumlah aduan/keluhan yang dilayani dan/atau ditindaklanjuti", Jenis.IKI,
         "Laporan", LINJAMSOS, D(12), (D(3), D(3), D(3), D(3)), pagu=60_000_000),
    _ind("1.06.04.2.01.0004", Level.SUB_KEGIATAN, "Pemberian Pelayanan Reunifikasi Keluarga",
         "Jumlah Orang yang Mendapatkan Pelayanan Reunifikasi Keluarga Kewenangan "
         "Kabupaten/Kota", Jenis.IKK, "Orang", LINJAMSOS, D(8), (D(2), D(2), D(2), D(2))),
)

REALISASI = (
    Realisasi("S.1", 1, D("75.5"), keterangan="Data PPKS per 31 Maret"),
    Realisasi("S.2", 1, D(8)),
    Realisasi("P.1", 1, "WTP"),
    Realisasi("1.06.04.2.01.0001", 1, D(34), realisasi_anggaran=60_250_000),
    Realisasi("1.06.04.2.01.0003", 1, TIDAK_DAPAT_DIUKUR,
              keterangan="Pengadaan alat bantu belum dilaksanakan"),
    Realisasi("1.06.04.2.01.0005", 1, D(17), realisasi_anggaran=21_000_000),
    Realisasi("1.06.02.2.03.0016", 1, D(3), realisasi_anggaran=14_999_500),
    # 1.06.04.2.01.0004: not reported yet.
)

PEJABAT = (
    PROFILE.kepala,
    Pejabat(jabatan="Ketua Tim SAKIP", peran="ketua_tim"),
    Pejabat(jabatan="Anggota Tim SAKIP", peran="anggota_tim"),
)


def make_data(periode: str = "2025-TW1", *, with_dates: bool = True) -> CollectedData:
    tanggal = {}
    rapat = {}
    if with_dates:
        tanggal = {
            "nota_dinas": date(2025, 4, 2),
            "formulir": date(2025, 4, 7),
            "laporan": date(2025, 4, 16),
            "pengukuran.nota_dinas": date(2025, 4, 17),
            "pengukuran.laporan": date(2025, 4, 28),
        }
        rapat = {
            "pengumpulan": Rapat(tanggal=date(2025, 4, 3), waktu_mulai=time(9, 0),
                                 waktu_selesai=time(10, 0), acara="Arahan pengumpulan data "
                                 "kinerja Triwulan I"),
            "pengukuran": Rapat(tanggal=date(2025, 4, 18), waktu_mulai=time(9, 0)),
        }
    siklus = Siklus(periode=Periode.parse(periode), agency=PROFILE.slug, tanggal=tanggal,
                    rapat=rapat)
    return CollectedData(source="factory", siklus=siklus, indikator=INDIKATOR,
                         realisasi=REALISASI, pejabat=PEJABAT)


def make_cycle(periode: str = "2025-TW1", *, rules: MeasurementRules | None = None,
               with_dates: bool = True) -> Cycle:
    """A measured cycle: profile and SOP of the first agency, the data above, default rules."""
    data = make_data(periode, with_dates=with_dates)
    rules = rules or MeasurementRules()
    pejabat, daftar = merge_pejabat(data.pejabat, PROFILE.kepala, PROFILE.sekretaris)
    return Cycle(agency=PROFILE, data=data, procedures=PROCEDURES, rules=rules,
                 capaian=measure_all(data, rules), pejabat=pejabat, daftar_pejabat=daftar)

"""The first agency is faithful to its SOP (seed 000_91a605894ad13bf6.txt)."""

from __future__ import annotations

from naskah.agencies.manager import get_plugins
from naskah.pipeline import plan_documents
from naskah.plugins.dinsos_p3a_pessel import PROFILE
from naskah.plugins.dinsos_p3a_pessel.sop import PENGUKURAN, PENGUMPULAN
from tests.factories import make_cycle


def test_pengumpulan_has_the_twelve_steps_of_its_table_with_their_mutu_baku():
    assert [s.nomor for s in PENGUMPULAN.steps] == list(range(1, 13))
    waktu = [s.waktu_teks for s in PENGUMPULAN.steps]
    assert waktu == ["5 menit", "60 menit", "120 menit", "1 hari", "120 menit", "5 menit",
                     "1 hari", "120 menit", "30 menit", "90 menit", "30 menit", ""]
    assert PENGUMPULAN.step(6).output == "Bukti tanda terima formulir"
    assert "Data TL" in PENGUMPULAN.step(4).kelengkapan
    assert PENGUMPULAN.step(10).keputusan.ya == 11


def test_pengukuran_has_the_ten_steps_of_its_table():
    assert [s.nomor for s in PENGUKURAN.steps] == list(range(1, 11))
    assert PENGUKURAN.step(8).output == "Laporan Hasil Pengukuran Kinerja, Lembar Disposisi"
    assert PENGUKURAN.step(5).waktu_menit == 300 and PENGUKURAN.step(5).waktu_teks == "1 hari"
    assert PENGUKURAN.step(8).keputusan.tidak == 5


def test_profile_takes_only_what_the_seed_gives():
    assert PROFILE.kepala.nip == "198305232002121002"
    assert PROFILE.sekretaris.nama == ""  # the seed does not name the Sekretaris
    assert PROFILE.kode_unit == "" and PROFILE.alamat == ""
    assert {j.value for j in PROFILE.jenis_indikator} >= {"IKU", "IKK", "IKI"}
    assert PROFILE.persyaratan == ("Perjanjian Kinerja", "Form Evaluasi Kinerja")


def test_trail_covers_every_output_of_both_tables():
    cycle = make_cycle()
    planned = plan_documents(get_plugins(), cycle)
    kinds = {(d.procedure, d.kind.slug, d.variant) for d in planned}
    assert kinds == {
        ("sop", "sop", ""),  # the SOP document itself heads every trail
        ("pengumpulan", "nota_dinas", ""), ("pengumpulan", "notulen_rapat", ""),
        ("pengumpulan", "program_kerja", ""), ("pengumpulan", "checklist_dokumen", ""),
        ("pengumpulan", "formulir_pengumpulan", ""), ("pengumpulan", "tanda_terima", ""),
        ("pengumpulan", "formulir_pengumpulan", "terisi"),
        ("pengumpulan", "rekapitulasi_pengumpulan", ""),
        ("pengumpulan", "laporan_pengumpulan", "draft"), ("pengumpulan", "laporan_pengumpulan", ""),
        ("pengumpulan", "lembar_disposisi", ""),
        ("pengukuran", "nota_dinas", ""), ("pengukuran", "notulen_rapat", ""),
        ("pengukuran", "program_kerja", ""), ("pengukuran", "kertas_kerja", "metodologi"),
        ("pengukuran", "kertas_kerja", ""), ("pengukuran", "rekapitulasi_pengukuran", ""),
        ("pengukuran", "laporan_pengukuran", "draft"), ("pengukuran", "laporan_pengukuran", ""),
        ("pengukuran", "lembar_disposisi", ""),
    }
    # Formulir and tanda terima: one per bidang of the data.
    formulir = [d for d in planned if d.kind.slug == "formulir_pengumpulan" and not d.variant]
    assert sorted(d.bidang for d in formulir) == sorted(cycle.data.bidang)
    assert len({d.key for d in planned}) == len(planned)

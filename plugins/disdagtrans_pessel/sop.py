"""The SOP of the Dinas Perdagangan dan Transmigrasi, Kab. Pesisir Selatan, Nomor
510/10.a/DP-Trans/2025.

Source: seed ``002_f3d3382478243051.txt`` (SOP "Pengumpulan dan Pengukuran Data Kinerja", tanggal
pembuatan and efektif 15 Januari 2025): its tables "A. PENGUMPULAN DATA KINERJA" (12 steps,
pelaksana columns Kepala Dinas, Sekretariat, Bidang, Tim SAKIP Internal, Staf/Operator) and
"B. PENGUKURAN DATA KINERJA" (10 steps, columns Kepala Dinas, Sekretaris, Bidang, Tim SAKIP
Internal, Staf). The seed has no step list besides the tables. Wording of uraian, kelengkapan,
waktu and output is the tables', verbatim (capitals included: "5 Menit", "Pengentrian").

What differs from the paper-formulir SOPs: collection goes through an application. The Tim
briefs the operators (step 5), the Staf/Operator enter the data in the application (step 6,
2 hari), the Kepala Bidang cross-checks it there (step 7, 120 menit) and the Tim recaps from the
application (step 8); no formulir is distributed, no tanda terima exists.

Choices where the source is silent or contradicts itself:

- **Step 5 (sosialisasi)**, output "Pemahaman staf/ operator": an understanding is not a
  document. Its evidence is the record of the briefing: a notulen with daftar hadir, rendered
  as ``notulen_rapat`` variant ``sosialisasi`` (the plugin's ``naskah_document_context`` gives
  it the sosialisasi's own facts: Siklus ``pengumpulan.tanggal_sosialisasi``, the Ketua Tim
  SAKIP leading, the Tim and the Staf/Operator in the daftar hadir; agenda = the step's uraian;
  time, place and content left to fill by hand).
- **Step 6** (entry) produces data in the application ("Data kinerja yang sudah dientri"), not
  a naskah document: ``documents=()``.
- **Step 7** (the Kepala Bidang's crosscheck, output "Data kinerja yang sudah dicrosscheck")
  leaves a record: a ``lembar_verifikasi`` (Lembar Verifikasi Data Kinerja) per bidang — the
  bidang's data as entered, a box per indicator ticked by the Kepala Bidang, his signature (date
  Siklus ``pengumpulan.tanggal_verifikasi``). A check that leaves no paper did not happen, for an
  auditor. The recap (step 8) states that its data were entered by the operators and checked
  by the Kepala Bidang.
- **Step 8** output "Draft Laporan Hasil Pengumpulan data Kinerja pada aplikasi" is the recap
  the Tim draws from the application: rendered as the Rekapitulasi Hasil Pengumpulan Data
  Kinerja; the paper draft laporan is step 9's output, the final laporan step 10's.
- **Decision, pengumpulan step 10**: "Jika tidak maka dikembalikan untuk dilengkapi dan
  dientrikan ulang pada aplikasi": TIDAK goes back to step 6 (operators enter again), YA to 11.
- **Decision, pengukuran step 8**: "dikembalikan untuk dilengkapi sesuai arahan"; the table's
  "Tidak" label sits on row 9 of the Sekretaris column (flow marks are lost in the extraction):
  TIDAK goes back to step 5 (the Tim measures again), YA to 9.
- **Pengumpulan step 4** kelengkapan ends with "Draft Formulir pengumpulan data capaian kinerja"
  although no formulir is used later: kept verbatim (the checklist lists it).
- **Pengukuran step 7** kelengkapan reads "Rekapitulasi Hasil Pengumpulan Data Kinerja" (step 6
  produces the Rekapitulasi Hasil *Pengukuran*): kept verbatim.
- **Pengukuran step 10** has no uraian in the extraction (only its kelengkapan "Arsip Hasil
  Pengukuran Data Kinerja"): the uraian of the matching row of table A, "Pengarsipan data
  kinerja", is used. No pelaksana is marked for either archiving step.
- **Pengukuran step 9** output "Disposisi Kepala Dinas": the lembar disposisi is rendered once,
  at step 8 (its output names it); at step 9 the Kepala writes on it by hand.
- **Pelaksana** of each step are read from its uraian (the tables' flow marks are lost):
  step 5 is the Tim with the operators, step 7 the Bidang column (its Kepala).
"""

from __future__ import annotations

from naskah.model import DocumentSpec, Keputusan, Procedure, Step

KEPALA = "Kepala Dinas"
SEKRETARIAT = "Sekretariat"
SEKRETARIS = "Sekretaris"
BIDANG = "Bidang"
TIM = "Tim SAKIP Internal"
OPERATOR = "Staf/Operator"
STAF = "Staf"

PELAKSANA_PENGUMPULAN = (KEPALA, SEKRETARIAT, BIDANG, TIM, OPERATOR)
"""Columns of table A (the seed prints "Staf/ Operator")."""

PELAKSANA_PENGUKURAN = (KEPALA, SEKRETARIS, BIDANG, TIM, STAF)
"""Columns of table B."""

HARI = 300  # "1 hari": one working day, see naskah.model.MENIT_PER_HARI_KERJA

APLIKASI = ("Komputer", "Aplikasi Pengumpulan data Kinerja")
"""Kelengkapan of the application steps 5–8 (table A)."""

VARIANT_SOSIALISASI = "sosialisasi"
"""Variant of ``notulen_rapat`` recording the step-5 briefing of the operators."""


def _doc(kind: str, variant: str = "", per_bidang: bool = False) -> DocumentSpec:
    return DocumentSpec(kind, variant, per_bidang)


PENGUMPULAN = Procedure(
    slug="pengumpulan",
    judul="Pengumpulan Data Kinerja",
    pelaksana=PELAKSANA_PENGUMPULAN,
    steps=(
        Step(1, "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengumpulan data kinerja",
             (KEPALA,), ("Blangko Nota Dinas",), 5, "5 Menit", "Nota Dinas",
             (_doc("nota_dinas"),)),
        Step(2, "Sekretaris melakukan rapat dengan Tim untuk memberikan arahan pelaksanaan "
                "kegiatan pengumpulan data kinerja",
             (SEKRETARIAT, TIM), ("Nota Dinas",), 60, "60 Menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim menyusun rencana kegiatan Pelaksanaan Pengumpulan Data",
             (TIM,), ("Notulen Rapat",), 120, "120 menit", "Program Kerja Kegiatan",
             (_doc("program_kerja"),)),
        Step(4, "Tim mengumpulkan dokumen dokumen yang diperlukan untuk kegiatan pengumpulan "
                "data",
             (TIM,), ("Program Kerja Keg.", "PK", "IKU", "DPA",
                      "Dokumen bukti pelaksanaan kegiatan", "Hasil Survey",
                      "Lap. Hasil Evaluasi", "SAKIP Menpan RB",
                      "Draft Formulir pengumpulan data capaian kinerja"),
             HARI, "1 hari", "Checklist Dokumen", (_doc("checklist_dokumen"),)),
        Step(5, "Tim memberikan arahan/sosialisasi tata cara Pengentrian Data Kinerja ke "
                "Aplikasi kepada Operator di masing-masing Bidang",
             (TIM, OPERATOR), APLIKASI, 120, "120 menit", "Pemahaman staf/ operator",
             (_doc("notulen_rapat", VARIANT_SOSIALISASI),)),
        Step(6, "Staf/ Operator mengentrikan Data kinerja pada Aplikasi",
             (OPERATOR,), APLIKASI, 2 * HARI, "2 hari", "Data kinerja yang sudah dientri", ()),
        Step(7, "Kepala Bidang Mengecek pengisian data kinerja pada aplikasi",
             (BIDANG,), APLIKASI, 120, "120 menit", "Data kinerja yang sudah dicrosscheck",
             (_doc("lembar_verifikasi", per_bidang=True),)),
        Step(8, "Tim Merekap Data Capaian Kinerja yang ada pada aplikasi",
             (TIM,), APLIKASI, 30, "30 menit",
             "Draft Laporan Hasil Pengumpulan data Kinerja pada aplikasi",
             (_doc("rekapitulasi_pengumpulan"),)),
        Step(9, "Tim melaporkan hasil rekapitulasi data kinerja kepada Sekretaris",
             (TIM, SEKRETARIAT), ("Draft Laporan Hasil Pengumpulan data Kinerja pada aplikasi",),
             30, "30 Menit", "Draft Laporan Hasil Pengumpulan Data Kinerja",
             (_doc("laporan_pengumpulan", "draft"),)),
        Step(10, "Sekretaris menganalisa laporan hasil pengumpulan data kinerja, apabila setuju "
                 "akan digunakan sebagai bahan untuk penyusunan laporan kinerja. Jika tidak maka "
                 "dikembalikan untuk dilengkapi dan dientrikan ulang pada aplikasi",
             (SEKRETARIAT,), ("Draft Laporan Hasil Pengumpulan data Kinerja pada aplikasi",),
             90, "90 Menit", "Laporan hasil pengumpulan data Kinerja",
             (_doc("laporan_pengumpulan"),),
             Keputusan(ya=11, tidak=6, pertanyaan="Setuju?")),
        Step(11, "Sekretaris melaporkan hasil pengumpulan data Kinerja kepada Kepala Dinas",
             (SEKRETARIAT, KEPALA),
             ("Laporan Hasil Pengumpulan data Kinerja pada aplikasi", "Lembar Disposisi"),
             30, "30 Menit", "Disposisi Kepala Dinas", (_doc("lembar_disposisi"),)),
        Step(12, "Pengarsipan data kinerja",
             (), ("Arsip Hasil Pengumpulan data Kinerja",), None, "", "", ()),
    ),
)

PENGUKURAN = Procedure(
    slug="pengukuran",
    judul="Pengukuran Kinerja",
    pelaksana=PELAKSANA_PENGUKURAN,
    steps=(
        Step(1, "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengukuran kinerja",
             (KEPALA,), ("Blangko Nota Dinas",), 5, "5 Menit", "Nota Dinas",
             (_doc("nota_dinas"),)),
        Step(2, "Sekretaris melakukan rapat dengan Tim untuk memberikan arahan pelaksanaan "
                "kegiatan pengukuran kinerja",
             (SEKRETARIS, TIM), ("Nota Dinas",), 60, "60 Menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim menyusun rencana kegiatan pengukuran kinerja",
             (TIM,), ("Notulen Rapat",), 120, "120 menit", "Program Kerja Kegiatan",
             (_doc("program_kerja"),)),
        Step(4, "Tim menyiapkan metodologi pengukuran capaian kinerja untuk tiap-tiap tujuan/ "
                "sasaran/ program/ kegiatan berdasarkan indikator kinerja yang SMART",
             (TIM,), ("Juknis Pengukuran Kinerja Menpan RB", "RENSTRA", "IKU",
                      "Program Kerja Kegiatan"), 120, "120 menit",
             "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja", "metodologi"),)),
        Step(5, "Tim melakukan pengukuran capaian kinerja menggunakan metodologi yang telah "
                "ditetapkan",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja", "Dokumen Pengumpulan Data Kinerja"),
             HARI, "1 hari", "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja"),)),
        Step(6, "Tim merekap seluruh hasil pengukuran capaian kinerja untuk tiap-tiap tujuan/ "
                "sasaran/ program/ kegiatan",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja",), 120, "120 menit",
             "Rekapitulasi Hasil Pengukuran Kinerja", (_doc("rekapitulasi_pengukuran"),)),
        Step(7, "Tim melaporkan hasil rekapitulasi pengukuran kinerja kepada Sekretaris",
             (TIM, SEKRETARIS), ("Rekapitulasi Hasil Pengumpulan Data Kinerja",), 30,
             "30 Menit", "Draft Laporan Hasil Pengukuran Data Kinerja",
             (_doc("laporan_pengukuran", "draft"),)),
        Step(8, "Sekretaris menganalisa hasil rekapitulasi pengukuran kinerja, apabila setuju "
                "akan digunakan sebagai bahan untuk penyusunan laporan Kinerja dan evaluasi. Jika "
                "tidak maka dikembalikan untuk dilengkapi sesuai arahan.",
             (SEKRETARIS,), ("Draft Laporan Hasil Pengukuran Data Kinerja",), 90, "90 Menit",
             "Laporan Hasil Pengukuran Kinerja, Lembar Disposisi",
             (_doc("laporan_pengukuran"), _doc("lembar_disposisi")),
             Keputusan(ya=9, tidak=5, pertanyaan="Setuju?")),
        Step(9, "Sekretaris melaporkan data pengukuran kinerja kepada Kepala Dinas",
             (SEKRETARIS, KEPALA), ("Laporan Hasil Pengukuran Kinerja", "Lembar Disposisi"), 30,
             "30 Menit", "Disposisi Kepala Dinas", ()),
        Step(10, "Pengarsipan data kinerja",
             (), ("Arsip Hasil Pengukuran Data Kinerja",), None, "", "", ()),
    ),
)

PROCEDURES = (PENGUMPULAN, PENGUKURAN)

"""The SOP of Dinas Sosial, P3A (Pemberdayaan Perempuan dan Perlindungan Anak), Kab. Pesisir
Selatan, 2025.

Source: seed ``000_91a605894ad13bf6.txt`` (SOP "Pengumpulan Data dan Pengukuran Kinerja"), its two
tables "Uraian Prosedur Pengumpulan Data Kinerja" (12 steps) and "Uraian Prosedur Pengukuran
Kinerja" (10 steps). Wording of uraian, kelengkapan, waktu and output is the table's, with OCR
typos corrected only where obvious ("Kerta Kerja" → "Kertas Kerja"); everything else verbatim.

Choices where the source is silent (recorded here and in docs):

- The decision "apabila setuju … jika tidak maka dikembalikan untuk dilengkapi sesuai arahan":
  the table marks TIDAK on the Sekretaris' analysis row and YA on the next row. The step it goes
  back to is not drawn; for pengumpulan it is step 7 (Sekretariat and Bidang complete the
  formulir), for pengukuran step 5 (the Tim measures again).
- Pelaksana columns of the table are Kepala, Sekretariat, Bidang, Tim SAKIP, Staf; the flow
  marks are lost in the extraction, so each step's pelaksana is read from its uraian.
- Pengumpulan step 11's kelengkapan reads "Laporan hasil pengumpulan data kinerja, Lembar
  Disposisi Arsip hasil pengumpulan data kinerja": the trailing "Arsip …" is step 12's
  kelengkapan run into the cell by the extraction; it is moved to step 12.
- Pengukuran step 8's output names "Lembar Disposisi" and step 9's "Disposisi Kepala Dinas":
  the sheet is rendered once, at step 8; at step 9 the Kepala writes on it by hand.
- "Pengarsipan Data Kinerja" names no pelaksana: none is given.
"""

from __future__ import annotations

from naskah.model import DocumentSpec, Keputusan, Procedure, Step

KEPALA = "Kepala"
SEKRETARIAT = "Sekretariat"
BIDANG = "Bidang"
TIM = "Tim SAKIP"
STAF = "Staf"
PELAKSANA = (KEPALA, SEKRETARIAT, BIDANG, TIM, STAF)

HARI = 300  # "1 hari": one working day, see naskah.model.MENIT_PER_HARI_KERJA


def _doc(kind: str, variant: str = "", per_bidang: bool = False) -> DocumentSpec:
    return DocumentSpec(kind, variant, per_bidang)


PENGUMPULAN = Procedure(
    slug="pengumpulan",
    judul="Pengumpulan Data Kinerja",
    pelaksana=PELAKSANA,
    steps=(
        Step(1, "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengumpulan data kinerja",
             (KEPALA,), ("Blangko Nota Dinas",), 5, "5 menit", "Nota Dinas",
             (_doc("nota_dinas"),)),
        Step(2, "Sekretaris melakukan rapat dengan Tim untuk memberikan arahan pelaksanaan "
                "kegiatan pengumpulan data kinerja",
             (SEKRETARIAT, TIM), ("Nota Dinas",), 60, "60 menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim menyusun rencana kegiatan pelaksanaan pengumpulan data",
             (TIM,), ("Notulen Rapat",), 120, "120 menit", "Program Kerja Kegiatan",
             (_doc("program_kerja"),)),
        Step(4, "Tim mengumpulkan dokumen-dokumen yang diperlukan untuk kegiatan pengumpulan data",
             (TIM,), ("Program Kerja Kegiatan", "Renstra", "Tapkin", "PK", "IKU", "Data TL",
                      "Hasil Survey", "Lap. Hasil Evaluasi", "SAKIP Menpan RB"),
             HARI, "1 hari", "Checklist Dokumen", (_doc("checklist_dokumen"),)),
        Step(5, "Tim menyiapkan formulir pengumpulan data capaian kinerja",
             (TIM,), ("Draft Formulir pengumpulan data capaian kinerja",), 120, "120 menit",
             "Formulir pengumpulan data capaian kinerja",
             (_doc("formulir_pengumpulan", per_bidang=True),)),
        Step(6, "Formulir pengumpulan data capaian kinerja didistribusikan kepada Sekretariat "
                "dan Bidang",
             (TIM, SEKRETARIAT, BIDANG), ("Blangko formulir pengumpulan data capaian kinerja",),
             5, "5 menit", "Bukti tanda terima formulir",
             (_doc("tanda_terima", per_bidang=True),)),
        Step(7, "Sekretariat dan Bidang dengan dibantu staf mengisi formulir pengumpulan data "
                "capaian kinerja, selanjutnya menyerahkan formulir yang telah diisi kepada Tim",
             (SEKRETARIAT, BIDANG, STAF), ("Blangko formulir pengumpulan data capaian kinerja",),
             HARI, "1 hari", "Formulir pengumpulan data capaian kinerja sudah diisi",
             (_doc("formulir_pengumpulan", "terisi", per_bidang=True),)),
        Step(8, "Tim merekap data capaian kinerja",
             (TIM,), ("Formulir pengumpulan data capaian kinerja yang sudah diisi",), 120,
             "120 menit", "Rekapitulasi hasil pengumpulan data kinerja",
             (_doc("rekapitulasi_pengumpulan"),)),
        Step(9, "Tim melaporkan hasil rekapitulasi data kinerja kepada Sekretaris",
             (TIM, SEKRETARIAT), ("Rekapitulasi hasil pengumpulan data kinerja",), 30,
             "30 menit", "Draft laporan hasil pengumpulan data kinerja",
             (_doc("laporan_pengumpulan", "draft"),)),
        Step(10, "Sekretaris menganalisa laporan hasil pengumpulan data kinerja, apabila setuju "
                 "akan digunakan sebagai bahan untuk penyusunan Laporan Kinerja, jika tidak maka "
                 "dikembalikan untuk dilengkapi sesuai arahan",
             (SEKRETARIAT,), ("Draft laporan hasil pengumpulan data kinerja",), 90, "90 menit",
             "Laporan hasil pengumpulan data kinerja", (_doc("laporan_pengumpulan"),),
             Keputusan(ya=11, tidak=7, pertanyaan="Setuju?")),
        Step(11, "Sekretaris melaporkan hasil pengumpulan data kinerja kepada Kepala Dinas",
             (SEKRETARIAT, KEPALA), ("Laporan hasil pengumpulan data kinerja", "Lembar Disposisi"),
             30, "30 menit", "Disposisi Kepala Dinas", (_doc("lembar_disposisi"),)),
        Step(12, "Pengarsipan Data Kinerja",
             (), ("Arsip hasil pengumpulan data kinerja",), None, "", "", ()),
    ),
)

PENGUKURAN = Procedure(
    slug="pengukuran",
    judul="Pengukuran Kinerja",
    pelaksana=PELAKSANA,
    steps=(
        Step(1, "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengukuran kinerja",
             (KEPALA,), ("Blangko Nota Dinas",), 5, "5 menit", "Nota Dinas",
             (_doc("nota_dinas"),)),
        Step(2, "Sekretaris melakukan rapat dengan Tim untuk memberikan arahan pelaksanaan "
                "kegiatan pengukuran kinerja",
             (SEKRETARIAT, TIM), ("Nota Dinas",), 60, "60 menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim menyusun rencana kegiatan pengukuran kinerja",
             (TIM,), ("Notulen Rapat",), 120, "120 menit", "Program Kerja Kegiatan",
             (_doc("program_kerja"),)),
        Step(4, "Tim menyiapkan metodologi pengukuran capaian kinerja untuk tiap-tiap "
                "tujuan/sasaran/program/kegiatan berdasarkan indikator kinerja yang SMART",
             (TIM,), ("Juknis Pengukuran Kinerja Menpan RB", "Renstra", "TAPKIN",
                      "Program Kerja Kegiatan"), 120, "120 menit",
             "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja", "metodologi"),)),
        Step(5, "Tim melakukan pengukuran capaian kinerja menggunakan metodologi yang telah "
                "ditetapkan",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja", "Dokumen Pengumpulan Data Kinerja"),
             HARI, "1 hari", "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja"),)),
        Step(6, "Tim merekap seluruh hasil pengukuran capaian kinerja untuk tiap-tiap "
                "tujuan/sasaran/program/kegiatan",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja",), 120, "120 menit",
             "Rekapitulasi Hasil Pengukuran Kinerja", (_doc("rekapitulasi_pengukuran"),)),
        Step(7, "Tim melaporkan hasil rekapitulasi pengukuran kinerja kepada Sekretaris",
             (TIM, SEKRETARIAT), ("Rekapitulasi hasil pengukuran kinerja",), 30, "30 menit",
             "Draft Laporan Hasil Pengukuran Data Kinerja",
             (_doc("laporan_pengukuran", "draft"),)),
        Step(8, "Sekretaris menganalisa hasil rekapitulasi pengukuran kinerja, apabila setuju "
                "akan digunakan sebagai bahan untuk penyusunan Laporan Kinerja dan evaluasi, jika "
                "tidak maka dikembalikan untuk dilengkapi sesuai arahan",
             (SEKRETARIAT,), ("Draft Laporan Hasil Pengukuran Data Kinerja",), 90, "90 menit",
             "Laporan Hasil Pengukuran Kinerja, Lembar Disposisi",
             (_doc("laporan_pengukuran"), _doc("lembar_disposisi")),
             Keputusan(ya=9, tidak=5, pertanyaan="Setuju?")),
        Step(9, "Sekretaris melaporkan hasil pengukuran kinerja kepada Kepala Dinas",
             (SEKRETARIAT, KEPALA), ("Laporan Hasil Pengukuran Kinerja", "Lembar Disposisi"), 30,
             "30 menit", "Disposisi Kepala Dinas", ()),
        Step(10, "Pengarsipan Data Kinerja",
             (), ("Arsip hasil Pengukuran Kinerja",), None, "", "", ()),
    ),
)

PROCEDURES = (PENGUMPULAN, PENGUKURAN)

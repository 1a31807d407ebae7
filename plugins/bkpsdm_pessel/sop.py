"""The SOP of the Badan Kepegawaian dan Pengembangan SDM (BKPSDM), Kab. Pesisir Selatan, 2023.

Source: seed ``001_098037f72f4ac396.txt`` (SOP "Pengumpulan Data dan Pengukuran Kinerja", Tahun
2023): its step lists "9.1 Prosedur Pengumpulan Data Kinerja" (12 items) and "9.2 Prosedur
Pengukuran Kinerja" (10 items), and ONE table, "URAIAN PROSEDUR … PENGUKURAN KINERJA" (10 rows,
with pelaksana columns KEPALA, SEKRETARIAT, BIDANG, TIM SAKIP, STAF and the mutu baku).
Wording is the source's, with OCR typos corrected only where obvious ("Blaangko" → "Blangko",
"melepkarkan" → "melaporkan", "TMSAKIP" → "Tim SAKIP"); everything else verbatim, including
the table's "Kepala Dinas" (the agency is a Badan: the step data keep the SOP's text, the
documents print the head's jabatan "Kepala Badan …" from the profile, and the Program Kerja —
the Tim's own plan listing these steps — reads "Kepala Badan" in their place).

Choices where the source is silent or contradicts itself:

- **No pengumpulan table.** The seed has no mutu baku for the collection procedure: its steps
  are the 9.1 list, verbatim, with kelengkapan ``()``, waktu ``None`` and output ``""`` (nothing
  is borrowed from another agency's table); each step's ``keterangan`` says so. The documents
  each step produces are declared explicitly, read from the step's uraian in the same way as
  the agency's own pengukuran table reads (perintah → Nota Dinas, rapat → Notulen Rapat,
  rencana → Program Kerja Kegiatan) and the common SOP (dokumen → Checklist Dokumen, formulir
  prepared / distributed / filled → Formulir, Bukti Tanda Terima, filled Formulir per bidang,
  rekap → Rekapitulasi, laporan draft / final, Lembar Disposisi). The Program Kerja of this
  procedure prints no derived schedule (no waktu to derive it from; see the plugin's
  ``naskah_document_context``).
- **Pengukuran step 9 (defect of the source).** The 9.2 list sends the measurement report to
  the "Kepala Badan Perencanaan Daerah, Penelitian dan Pengembangan" (another office); the
  table sends it to the agency's own Kepala ("kepada Kepala Dinas"). The TABLE is followed:
  the Sekretaris reports to the Kepala of this Badan, and the lembar disposisi goes to him.
  The step's ``keterangan`` records the reading taken, so the SOP document's Keterangan column
  prints it.
- **Pengukuran step 2** reads "… arahan pelaksanaan kegiatan pengumpulan data kinerja" in the
  table (the 9.2 list: "pengukuran kinerja"); the table's text is kept verbatim, the meeting
  documents name the procedure (pengukuran).
- **Pengukuran step 8** output reads "Draft Laporan Hasil Pengukuran Kinerja, Lembar Disposisi"
  while step 9's kelengkapan is the (final) "Laporan Hasil Pengukuran Kinerja, Lembar
  Disposisi" and the draft is already step 7's output: step 8 produces the final, numbered
  laporan and the lembar disposisi (output text kept verbatim). Its kelengkapan "Draft Laporan
  Data Kinerja" is kept verbatim.
- **Pengukuran step 10** has no uraian in the table: the 9.2 list's item 10 "Menyimpan data
  kinerja" is used; its kelengkapan "Arsip Hasil Pengumpulan Data Kinerja" (sic, in the
  measurement table) is kept verbatim. No pelaksana is marked for it.
- **Decisions ("TIDAK" loop).** The Sekretaris' analysis steps (pengumpulan 10, pengukuran 8)
  say "apabila setuju … Jika tidak maka dikembalikan untuk dilengkapi sesuai arahan"; the
  table's TIDAK label sits on row 9 of the Sekretariat column (flow marks are lost in the
  extraction; the label belongs to the step-8 diamond). The step the flow goes back to is not
  drawn: pengumpulan → step 7 (Sekretariat and Bidang complete the formulir), pengukuran →
  step 5 (the Tim measures again), as for the other Pesisir Selatan agency.
- **Pelaksana** of each step are read from its uraian (the table's flow marks are lost); the
  measurement meeting is held by the Sekretaris with the Tim; "Menyimpan data kinerja" names
  no pelaksana: none is given.
- **Pengukuran step 9** names "Disposisi Kepala Dinas" as output: the lembar disposisi is
  rendered once, at step 8; at step 9 the Kepala writes on it by hand.
"""

from __future__ import annotations

from naskah.model import DocumentSpec, Keputusan, Procedure, Step

KEPALA = "Kepala"
SEKRETARIAT = "Sekretariat"
BIDANG = "Bidang"
TIM = "Tim SAKIP"
STAF = "Staf"
PELAKSANA = (KEPALA, SEKRETARIAT, BIDANG, TIM, STAF)
"""Pelaksana columns of the seed's table (KEPALA, SEKRETARIAT, BIDANG, TMSAKIP, STAF)."""

HARI = 300  # "1 hari": one working day, see naskah.model.MENIT_PER_HARI_KERJA

TANPA_MUTU_BAKU = "Mutu baku tidak tercantum dalam SOP (hanya uraian prosedur 9.1)."

NAMA_BADAN = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Kabupaten Pesisir Selatan"


def _doc(kind: str, variant: str = "", per_bidang: bool = False) -> DocumentSpec:
    return DocumentSpec(kind, variant, per_bidang)


def _langkah(nomor: int, uraian: str, pelaksana: tuple[str, ...],
             documents: tuple[DocumentSpec, ...], keputusan: Keputusan | None = None) -> Step:
    """A step of the 9.1 list: uraian and pelaksana only, no mutu baku (the seed gives none)."""
    return Step(nomor, uraian, pelaksana, (), None, "", "", documents, keputusan,
                TANPA_MUTU_BAKU)


PENGUMPULAN = Procedure(
    slug="pengumpulan",
    judul="Pengumpulan Data Kinerja",
    pelaksana=PELAKSANA,
    steps=(
        _langkah(1, f"Kepala {NAMA_BADAN} memerintahkan Sekretaris untuk melakukan pengumpulan "
                    "data kinerja.",
                 (KEPALA,), (_doc("nota_dinas"),)),
        _langkah(2, f"Sekretaris melakukan rapat dengan Tim SAKIP {NAMA_BADAN} untuk memberikan "
                    "arahan pelaksanaan kegiatan pengumpulan data kinerja.",
                 (SEKRETARIAT, TIM), (_doc("notulen_rapat"),)),
        _langkah(3, "Tim SAKIP menyusun rencana pelaksanaan pengumpulan data.",
                 (TIM,), (_doc("program_kerja"),)),
        _langkah(4, "Tim SAKIP mengumpulkan dokumen-dokumen yang diperlukan untuk kegiatan "
                    "pengumpulan data.",
                 (TIM,), (_doc("checklist_dokumen"),)),
        _langkah(5, "Tim SAKIP menyiapkan formulir pengumpulan data capaian kinerja.",
                 (TIM,), (_doc("formulir_pengumpulan", per_bidang=True),)),
        _langkah(6, "Formulir pengumpulan data capaian kinerja didistribusikan kepada "
                    "Sekretariat dan Bidang.",
                 (TIM, SEKRETARIAT, BIDANG), (_doc("tanda_terima", per_bidang=True),)),
        _langkah(7, "Sekretariat dan Bidang dengan dibantu staf mengisi formulir pengumpulan "
                    "data capaian kinerja selanjutnya menyerahkan formulir yang telah diisi "
                    "kepada Tim SAKIP.",
                 (SEKRETARIAT, BIDANG, STAF),
                 (_doc("formulir_pengumpulan", "terisi", per_bidang=True),)),
        _langkah(8, "Tim SAKIP merekap data capaian kinerja.",
                 (TIM,), (_doc("rekapitulasi_pengumpulan"),)),
        _langkah(9, "Tim SAKIP melaporkan hasil rekapitulasi data kinerja kepada Sekretaris.",
                 (TIM, SEKRETARIAT), (_doc("laporan_pengumpulan", "draft"),)),
        _langkah(10, "Sekretaris menganalisa laporan hasil pengumpulan data kinerja, apabila "
                     "setuju akan digunakan sebagai bahan untuk penyusunan Laporan Kinerja. Jika "
                     "tidak maka dikembalikan untuk dilengkapi sesuai arahan.",
                 (SEKRETARIAT,), (_doc("laporan_pengumpulan"),),
                 Keputusan(ya=11, tidak=7, pertanyaan="Setuju?")),
        _langkah(11, f"Sekretaris melaporkan data kinerja kepada Kepala {NAMA_BADAN}.",
                 (SEKRETARIAT, KEPALA), (_doc("lembar_disposisi"),)),
        _langkah(12, "Menyimpan data kinerja.", (), ()),
    ),
)

PENGUKURAN = Procedure(
    slug="pengukuran",
    judul="Pengukuran Kinerja",
    pelaksana=PELAKSANA,
    steps=(
        Step(1, "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengukuran kinerja",
             (KEPALA,), ("Blangko Nota Dinas",), 5, "5 Menit", "Nota Dinas",
             (_doc("nota_dinas"),)),
        Step(2, "Sekretaris melakukan rapat dengan Tim untuk memberikan arahan pelaksanaan "
                "kegiatan pengumpulan data kinerja",
             (SEKRETARIAT, TIM), ("Nota Dinas",), 60, "60 menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim menyusun rencana kegiatan pengukuran kinerja",
             (TIM,), ("Notulen Rapat",), 120, "120 menit", "Program Kerja Kegiatan",
             (_doc("program_kerja"),)),
        Step(4, "Tim menyiapkan metodologi pengukuran capaian kinerja untuk tiap-tiap "
                "tujuan/sasaran/program/kegiatan berdasarkan indikator kinerja yang SMART",
             (TIM,), ("Juknis pengukuran kinerja Menpan RB", "RENSTRA", "TAPKIN",
                      "Program Kerja Kegiatan"), 120, "120 Menit",
             "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja", "metodologi"),)),
        Step(5, "Tim melakukan pengukuran capaian kinerja menggunakan metodologi yang telah "
                "ditetapkan",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja", "dokumen pengumpulan data kinerja"),
             HARI, "1 hari", "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja"),)),
        Step(6, "Tim merekap seluruh hasil pengukuran capaian kinerja untuk tiap-tiap "
                "tujuan/sasaran/program/ kegiatan",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja",), 120, "120 Menit",
             "Rekapitulasi Hasil Pengukuran Kinerja", (_doc("rekapitulasi_pengukuran"),)),
        Step(7, "Tim melaporkan hasil rekapitulasi pengukuran kinerja kepada sekretaris",
             (TIM, SEKRETARIAT), ("Rekapitulasi Hasil Pengukuran Kinerja",), 30, "30 menit",
             "Draft Laporan Hasil Pengukuran Kinerja", (_doc("laporan_pengukuran", "draft"),)),
        Step(8, "Sekretaris menganalisa hasil rekapitulasi pengukuran kinerja, apabila setuju "
                "akan digunakan sebagai bahan untuk penyusunan Laporan kinerja dan evaluasi. "
                "Jika tidak maka dikembalikan untuk dilengkapi sesuai arahan",
             (SEKRETARIAT,), ("Draft Laporan Data Kinerja",), 90, "90 menit",
             "Draft Laporan Hasil Pengukuran Kinerja, Lembar Disposisi",
             (_doc("laporan_pengukuran"), _doc("lembar_disposisi")),
             Keputusan(ya=9, tidak=5, pertanyaan="Setuju?")),
        Step(9, "Sekretaris melaporkan data pengukuran kinerja kepada Kepala Dinas",
             (SEKRETARIAT, KEPALA), ("Laporan Hasil Pengukuran Kinerja", "Lembar Disposisi"), 30,
             "30 menit", "Disposisi Kepala Dinas", (),
             keterangan="Tabel SOP: kepada Kepala Dinas (diikuti). Uraian 9.2 SOP menyebut "
                        "\"Kepala Badan Perencanaan Daerah, Penelitian dan Pengembangan\": "
                        "keduanya berbeda dalam SOP sumber."),
        Step(10, "Menyimpan data kinerja.",
             (), ("Arsip Hasil Pengumpulan Data Kinerja",), None, "", "", ()),
    ),
)

PROCEDURES = (PENGUMPULAN, PENGUKURAN)

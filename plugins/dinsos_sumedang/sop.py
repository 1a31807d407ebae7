"""The SOP of Dinas Sosial, Kab. Sumedang: "Pengukuran Kinerja" — one procedure of 14 steps.

Source: seed ``004_5dc8ea3fe98e8872.txt``: the identity page (Nama SOP "Pengukuran Kinerja";
Nomor SOP and dates EMPTY), the "Lembar Kerja Identifikasi Kegiatan" (A. Data Kegiatan,
B. Identifikasi Kegiatan, C. Identifikasi Langkah: 14 steps) and the table "SOP Mekanisme
Pengukuran Kinerja Anggaran SKPD" (No | Uraian Prosedur | pelaksana Kepala Dinas Sosial,
Sekretaris, Sek. Tim SAKIP, Anggota Tim SAKIP | mutu baku Kelengkapan, Waktu (menit), Output |
Ket). Unlike the other agencies it has no separate collection procedure: the data is collected
inside the measurement, with a format sent to every bidang and the sekretariat.

Where each step's data comes from:

- **Steps 1–8**: the table — uraian, kelengkapan, waktu (the table's minutes: 15, 60, 25, 30,
  120, 120, 240, 40; ``waktu_teks`` adds the column's unit, "15 menit") and output, verbatim.
- **Steps 9–14**: the extraction cuts the table after step 8; these steps exist only in
  "C. Identifikasi Langkah". Their uraian is that list's wording; their waktu is ``None`` and
  their kelengkapan empty (the SOP gives none). Pelaksana and output are taken only from what
  the step's own sentence states ("Kepala Dinas mengoreksi …" → Kepala Dinas Sosial;
  "Penandatanganan Dokumen Pengukuran Kinerja oleh Kepala Dinas …" → Kepala Dinas Sosial,
  output the signed Dokumen Pengukuran Kinerja; "Pembuatan Surat Pengantar …" → output Surat
  Pengantar), otherwise empty.

Choices where the source is silent or contradicts itself:

- **Pelaksana of steps 1–8**: the table's flow marks are lost in the extraction; each step's
  pelaksana is read from its uraian. Step 1 has no subject but its output is "Disposisi
  Pimpinan": the pimpinan, Kepala Dinas Sosial (also "Penanggung Jawab Produk" of the Lembar
  Kerja). Step 7 names the Sekretaris. Steps 2–6 and 8 name no one: pelaksana empty.
- **Step 8's addressee**: the table says "Bagian Perencanaan dan Pelaporan", the step list
  "Perencana Ahli Muda" (the planner's functional position that replaced the sub-unit). The
  table is followed (as for every agency: the SOP's matrix wins); the list's wording is kept in
  the step's ``keterangan``.
- **Step 1 vs the list**: the table's "Memerintahkan penyusunan pengukuran Kinerja …" and the
  list's capitalised "Memerintahkan Penyusunan Pengukuran Kinerja …" are the same step; the
  table's wording is used (so for steps 2–8).
- **Order 9 → 10 → 11**: the Kepala corrects the Dokumen (9) before the Sekretaris hands it to
  him (10) and he signs it (11); kept in the source's order, no step moved.
- **Documents** (:data:`naskah.model.DocumentSpec`; the default reading of the output wording
  would be wrong for most rows, so every step declares its documents):

  - 1 "Disposisi Pimpinan" with kelengkapan "Lembar Disposisi" → ``lembar_disposisi``;
  - 2 the format "dari masing-masing bidang dan sekretariat" (kelengkapan "Form Pengukuran
    Kinerja", output "Draft Pengukuran Kinerja") → a blank ``formulir_pengumpulan`` per bidang;
  - 3 the format sent to every bidang and the sekretariat (output "Draft Masukan dan arahan",
    no document naskah knows) → a ``tanda_terima`` per bidang, the proof of the distribution;
  - 4 "Undangan Rapat" → ``undangan_rapat`` (numbered) to the Kepala Dinas and pejabat terkait;
  - 5 the meeting (output "Draft Pengukuran Kinerja", Ket "SOP Pelaksanaan Rapat") →
    ``notulen_rapat`` with its daftar hadir, as the SOP Pelaksanaan Rapat it cites requires;
  - 6 gathering the filled formats ("Draft Dokumen Pengukuran Kinerja") → the filled
    ``formulir_pengumpulan`` per bidang and the ``kertas_kerja`` where the Tim computes capaian;
  - 7 "Sekretaris menghimpun dan memvalidasi data kinerja" → ``rekapitulasi_pengukuran``,
    validated and signed by the Sekretaris;
  - 8 and 11 — the "Dokumen Pengukuran Kinerja" (draft at 6–8, corrected at 9, signed at 11) is
    the agency's own kind ``dokumen_pengukuran`` (declared by this plugin, rendered with the
    Laporan Hasil Pengukuran Kinerja template and context): its draft at step 8 (to the Bagian
    Perencanaan dan Pelaporan), its final at step 11 signed by the Kepala. It takes no register
    number: the SOP numbers only the surat (step 12);
  - 9 and 10 produce no new paper (the corrections are written on the draft; the Dokumen
    itself is handed over): ``()``;
  - 12 "Pembuatan Surat Pengantar Pengiriman dan Penomoran Surat" → ``surat_pengantar`` with a
    register number. The SOP does not say to whom it is sent: the addressee is left blank;
  - 13 penggandaan → no document; the number of copies is not in the SOP, so the surat
    pengantar's "banyaknya" is left blank to fill by hand;
  - 14 pengarsipan → none.
"""

from __future__ import annotations

from naskah.model import DocumentSpec, Procedure, Step

KEPALA = "Kepala Dinas Sosial"
SEKRETARIS = "Sekretaris"
SEKRETARIS_TIM = "Sek. Tim SAKIP"
ANGGOTA_TIM = "Anggota Tim SAKIP"
PELAKSANA = (KEPALA, SEKRETARIS, SEKRETARIS_TIM, ANGGOTA_TIM)
"""The pelaksana columns of the table, in table order (verbatim: "Sek." is the SOP's)."""

PENANGGUNG_JAWAB_PRODUK = "Kepala Dinas Sosial Kabupaten Sumedang"
PENANGGUNG_JAWAB_KEGIATAN = "Sekretaris Dinas Sosial Kabupaten Sumedang"
"""Lembar Kerja Identifikasi Kegiatan, A.3: who answers for the product (the Dokumen
Pengukuran Kinerja) and for the activity. Used to choose a signatory where a step names none."""

JENIS_KEGIATAN = "Rutin"
"""Lembar Kerja Identifikasi Kegiatan, A.2."""

LANGKAH_AWAL = "Memerintahkan Penyusunan Pengukuran Kinerja Dinas Sosial Kabupaten Sumedang"
LANGKAH_AKHIR = "Pengarsipan Dokumen Pengukuran Kinerja"
"""Lembar Kerja Identifikasi Kegiatan, B (Langkah Utama is empty in the SOP)."""

IDENTIFIKASI_LANGKAH = (
    "Memerintahkan Penyusunan Pengukuran Kinerja Dinas Sosial Kabupaten Sumedang",
    "Membuat format pengumpulan data dan informasi pengukuran kinerja dari masing-masing bidang "
    "dan sekretariat",
    "Menyampaikan format pengumpulan data dan informasi pengukuran kinerja kepada masing-masing "
    "bidang dan sekretariat",
    "Mengundang Kepala Dinas Sosial Kabupaten Sumedang dan pejabat terkait untuk rapat "
    "pembahasan pengukuran kinerja",
    "Melaksanakan rapat pembahasan pengukuran kinerja",
    "Menghimpun format data dan informasi pengukuran kinerja masing-masing bidang dan "
    "sekretariat",
    "Sekretaris Dinas menghimpun dan memvalidasi data kinerja",
    "Menyampaikan data kinerja kepada Perencana Ahli Muda",
    "Kepala Dinas mengoreksi Dokumen Pengukuran Kinerja Dinas Sosial",
    "Sekretaris Menyampaikan Dokumen Pengukuran Kinerja Kepada Kepala Dinas Sosial Kabupaten "
    "Sumedang",
    "Penandatanganan Dokumen Pengukuran Kinerja oleh Kepala Dinas Sosial Kabupaten Sumedang",
    "Pembuatan Surat Pengantar Pengiriman dan Penomoran Surat",
    "Penggandaan Dokumen Pengukuran Kinerja",
    "Pengarsipan Dokumen Pengukuran Kinerja",
)
"""Lembar Kerja Identifikasi Kegiatan, C. Identifikasi Langkah, verbatim (seed lines 51-64):
printed on the Lembar Kerja as the SOP words it — steps 1-8 differ from the table's wording
(step 8: "kepada Perencana Ahli Muda", the table "kepada Bagian Perencanaan dan Pelaporan")."""

DOKUMEN_PENGUKURAN = "dokumen_pengukuran"
"""The agency's own document kind (see :mod:`naskah.plugins.dinsos_sumedang.documents`)."""


def _doc(kind: str, variant: str = "", per_bidang: bool = False) -> DocumentSpec:
    return DocumentSpec(kind, variant, per_bidang)


def _menit(n: int) -> tuple[int, str]:
    return n, f"{n} menit"


# The step tables, one Step per table row: kept in table layout.
# fmt: off
PENGUKURAN = Procedure(
    slug="pengukuran",
    judul="Pengukuran Kinerja",
    judul_tabel="SOP Mekanisme Pengukuran Kinerja Anggaran SKPD",  # the table's own title
    pelaksana=PELAKSANA,
    steps=(
        # --- the table (steps 1–8) ---
        Step(1, "Memerintahkan penyusunan pengukuran Kinerja Dinas Sosial Kabupaten Sumedang",
             (KEPALA,), ("Lembar Disposisi",), *_menit(15), "Disposisi Pimpinan",
             (_doc("lembar_disposisi"),)),
        Step(2, "Membuat Format Pengumpulan Data dan Informasi pengukuran kinerja dari "
                "masing-masing bidang dan sekretariat",
             (), ("Form Pengukuran Kinerja",), *_menit(60), "Draft Pengukuran Kinerja",
             (_doc("formulir_pengumpulan", per_bidang=True),)),
        Step(3, "Menyampaikan Format pengumpulan data dan informasi pengukuran kinerja kepada "
                "masing-masing bidang dan sekretariat",
             (), ("Form Pengukuran Kinerja",), *_menit(25), "Draft Masukan dan arahan",
             (_doc("tanda_terima", per_bidang=True),)),
        Step(4, "Mengundang Kepala Dinas Sosial dan Pejabat terkait untuk rapat pembahasan "
                "pengukuran kinerja",
             (), ("Undangan Rapat",), *_menit(30), "Undangan Rapat",
             (_doc("undangan_rapat"),)),
        Step(5, "Melaksanakan rapat pembahasan pengukuran kinerja",
             (), ("Draft Pengukuran Kinerja",), *_menit(120), "Draft Pengukuran Kinerja",
             (_doc("notulen_rapat"),), keterangan="SOP Pelaksanaan Rapat"),
        Step(6, "Menghimpun Format data dan informasi pengukuran kinerja masing-masing bidang "
                "dan sekretariat",
             (), ("Draft Dokumen Pengukuran Kinerja",), *_menit(120),
             "Draft Dokumen Pengukuran Kinerja",
             (_doc("formulir_pengumpulan", "terisi", per_bidang=True), _doc("kertas_kerja"))),
        Step(7, "Sekretaris menghimpun dan memvalidasi data kinerja",
             (SEKRETARIS,), ("Draft Dokumen Pengukuran Kinerja",), *_menit(240),
             "Draft Dokumen Pengukuran Kinerja", (_doc("rekapitulasi_pengukuran"),)),
        Step(8, "Menyampaikan data kinerja kepada Bagian Perencanaan dan Pelaporan",
             (), ("Draft Dokumen Pengukuran Kinerja",), *_menit(40),
             "Draft Dokumen Pengukuran Kinerja", (_doc(DOKUMEN_PENGUKURAN, "draft"),),
             keterangan="Identifikasi Langkah 8: kepada Perencana Ahli Muda"),
        # --- only in "C. Identifikasi Langkah" (steps 9–14): no kelengkapan, no waktu ---
        Step(9, "Kepala Dinas mengoreksi Dokumen Pengukuran Kinerja Dinas Sosial",
             (KEPALA,), (), None, "", "", ()),
        Step(10, "Sekretaris Menyampaikan Dokumen Pengukuran Kinerja Kepada Kepala Dinas Sosial "
                 "Kabupaten Sumedang",
             (SEKRETARIS,), (), None, "", "", ()),
        Step(11, "Penandatanganan Dokumen Pengukuran Kinerja oleh Kepala Dinas Sosial Kabupaten "
                 "Sumedang",
             (KEPALA,), (), None, "", "Dokumen Pengukuran Kinerja",
             (_doc(DOKUMEN_PENGUKURAN),)),
        Step(12, "Pembuatan Surat Pengantar Pengiriman dan Penomoran Surat",
             (), (), None, "", "Surat Pengantar", (_doc("surat_pengantar"),)),
        Step(13, "Penggandaan Dokumen Pengukuran Kinerja",
             (), (), None, "", "", ()),
        Step(14, "Pengarsipan Dokumen Pengukuran Kinerja",
             (), (), None, "", "", ()),
    ),
)

# fmt: on

PROCEDURES = (PENGUKURAN,)

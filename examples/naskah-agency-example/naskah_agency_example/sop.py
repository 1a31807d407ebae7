"""The SOP of the FICTIONAL Dinas Contoh Kabupaten Fiktif: its two procedures as data.

FICTIONAL: no real agency has this SOP. It is adapted from the first real agency shipped with
naskah (Dinas Sosial P3A Kabupaten Pesisir Selatan, seed ``000_91a605894ad13bf6.txt``), shortened,
with one step of its own: the Tim SAKIP signs a **Berita Acara Hasil Pengukuran Kinerja** (a
document kind this plugin adds, see :mod:`naskah_agency_example.berita_acara`).

How to read a :class:`~naskah.model.Step`: ``Step(nomor, uraian, pelaksana, kelengkapan,
waktu_menit, waktu_teks, output, documents, keputusan)``. ``documents`` lists the documents the
step produces (``()``: none; leave it ``None`` to let naskah read them from the output wording).
``per_bidang=True`` makes one document per bidang of the data. ``Keputusan(ya, tidak)`` is a
decision: the step numbers the flow goes to.

Choices made for the example (a real plugin writes here every choice its source leaves open):

- the decision of the Sekretaris sends the laporan back to the step where the data is filled
  (pengumpulan step 5) or measured (pengukuran step 4);
- "1 hari" is one working day, 300 minutes (naskah's ``MENIT_PER_HARI_KERJA``).
"""

from __future__ import annotations

from naskah.model import DocumentSpec, Keputusan, Procedure, Step

KEPALA = "Kepala Dinas"
SEKRETARIS = "Sekretaris"
BIDANG = "Kepala Bidang"
TIM = "Tim SAKIP"
PELAKSANA = (KEPALA, SEKRETARIS, BIDANG, TIM)

HARI = 300  # "1 hari"


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
        Step(2, "Sekretaris memimpin rapat Tim SAKIP untuk memberikan arahan pengumpulan data",
             (SEKRETARIS, TIM), ("Nota Dinas",), 60, "60 menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim menyiapkan formulir pengumpulan data capaian kinerja tiap bidang",
             (TIM,), ("Notulen Rapat", "Perjanjian Kinerja"), 120, "120 menit",
             "Formulir pengumpulan data capaian kinerja",
             (_doc("formulir_pengumpulan", per_bidang=True),)),
        Step(4, "Tim menyerahkan formulir kepada Sekretariat dan Bidang",
             (TIM, BIDANG), ("Formulir pengumpulan data capaian kinerja",), 5, "5 menit",
             "Bukti tanda terima formulir", (_doc("tanda_terima", per_bidang=True),)),
        Step(5, "Kepala Bidang mengisi formulir dan menyerahkannya kembali kepada Tim",
             (BIDANG,), ("Formulir pengumpulan data capaian kinerja",), HARI, "1 hari",
             "Formulir pengumpulan data capaian kinerja sudah diisi",
             (_doc("formulir_pengumpulan", "terisi", per_bidang=True),)),
        Step(6, "Tim merekap data capaian kinerja",
             (TIM,), ("Formulir yang sudah diisi",), 120, "120 menit",
             "Rekapitulasi hasil pengumpulan data kinerja", (_doc("rekapitulasi_pengumpulan"),)),
        Step(7, "Tim menyusun draft laporan hasil pengumpulan data kinerja",
             (TIM,), ("Rekapitulasi hasil pengumpulan data kinerja",), 60, "60 menit",
             "Draft laporan hasil pengumpulan data kinerja",
             (_doc("laporan_pengumpulan", "draft"),)),
        Step(8, "Sekretaris memeriksa laporan; apabila setuju laporan ditetapkan, jika tidak "
                "dikembalikan kepada Bidang untuk dilengkapi",
             (SEKRETARIS,), ("Draft laporan hasil pengumpulan data kinerja",), 90, "90 menit",
             "Laporan hasil pengumpulan data kinerja", (_doc("laporan_pengumpulan"),),
             Keputusan(ya=9, tidak=5, pertanyaan="Setuju?")),
        Step(9, "Sekretaris melaporkan hasil pengumpulan data kinerja kepada Kepala Dinas",
             (SEKRETARIS, KEPALA), ("Laporan hasil pengumpulan data kinerja",), 30, "30 menit",
             "Disposisi Kepala Dinas", (_doc("lembar_disposisi"),)),
        Step(10, "Pengarsipan data kinerja",
             (TIM,), ("Arsip hasil pengumpulan data kinerja",), None, "", "", ()),
    ),
)  # fmt: skip

PENGUKURAN = Procedure(
    slug="pengukuran",
    judul="Pengukuran Kinerja",
    pelaksana=PELAKSANA,
    steps=(
        Step(1, "Kepala Dinas memerintahkan Sekretaris untuk melakukan pengukuran kinerja",
             (KEPALA,), ("Blangko Nota Dinas",), 5, "5 menit", "Nota Dinas",
             (_doc("nota_dinas"),)),
        Step(2, "Sekretaris memimpin rapat Tim SAKIP untuk memberikan arahan pengukuran kinerja",
             (SEKRETARIS, TIM), ("Nota Dinas",), 60, "60 menit", "Notulen Rapat",
             (_doc("notulen_rapat"),)),
        Step(3, "Tim menyusun metodologi pengukuran capaian kinerja",
             (TIM,), ("Renstra", "Perjanjian Kinerja"), 120, "120 menit",
             "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja", "metodologi"),)),
        Step(4, "Tim mengukur capaian kinerja dengan metodologi yang telah ditetapkan",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja", "Rekapitulasi hasil pengumpulan data"),
             HARI, "1 hari", "Kertas Kerja Pengukuran Kinerja", (_doc("kertas_kerja"),)),
        Step(5, "Tim merekap hasil pengukuran capaian kinerja",
             (TIM,), ("Kertas Kerja Pengukuran Kinerja",), 120, "120 menit",
             "Rekapitulasi Hasil Pengukuran Kinerja", (_doc("rekapitulasi_pengukuran"),)),
        Step(6, "Tim dan Sekretaris menandatangani berita acara hasil pengukuran kinerja",
             (TIM, SEKRETARIS), ("Rekapitulasi Hasil Pengukuran Kinerja",), 30, "30 menit",
             "Berita Acara Hasil Pengukuran Kinerja", (_doc("berita_acara"),)),
        Step(7, "Tim menyusun draft laporan hasil pengukuran kinerja",
             (TIM,), ("Berita Acara Hasil Pengukuran Kinerja",), 60, "60 menit",
             "Draft Laporan Hasil Pengukuran Kinerja", (_doc("laporan_pengukuran", "draft"),)),
        Step(8, "Sekretaris memeriksa laporan; apabila setuju laporan ditetapkan, jika tidak "
                "dikembalikan kepada Tim untuk diukur ulang",
             (SEKRETARIS,), ("Draft Laporan Hasil Pengukuran Kinerja",), 90, "90 menit",
             "Laporan Hasil Pengukuran Kinerja, Lembar Disposisi",
             (_doc("laporan_pengukuran"), _doc("lembar_disposisi")),
             Keputusan(ya=9, tidak=4, pertanyaan="Setuju?")),
        Step(9, "Sekretaris melaporkan hasil pengukuran kinerja kepada Kepala Dinas",
             (SEKRETARIS, KEPALA), ("Laporan Hasil Pengukuran Kinerja", "Lembar Disposisi"), 30,
             "30 menit", "Disposisi Kepala Dinas", ()),
        Step(10, "Pengarsipan hasil pengukuran kinerja",
             (TIM,), ("Arsip hasil pengukuran kinerja",), None, "", "", ()),
    ),
)  # fmt: skip

PROCEDURES = (PENGUMPULAN, PENGUKURAN)

"""The SOP cycle: steps walked in order, documents rendered when a step completes, the
Sekretaris' TIDAK loop, and time against mutu baku (clock injected: no sleeps)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from naskah.accounts.audit import AuditEvent
from naskah.agencies.manager import get_plugins
from naskah.archive.store import Document, list_documents
from naskah.cli.collect import app as collect_app
from naskah.cli.cycle import app as cycle_app
from naskah.collect.data import cycle_data
from naskah.collect.operator import check_bidang, enter_realisasi
from naskah.collect.store import open_store
from naskah.sop_cycle import CycleError, engine
from naskah.sop_cycle.store import SopCycle
from naskah.sop_cycle.timing import WIB, JamKerja, menit_kerja, standar_menit, timing_report
from tests.collect_fill import fill_xlsx
from tests.conftest import EXAMPLE

ROOT = Path(__file__).resolve().parent.parent
DISDAGTRANS = ROOT / "examples" / "disdagtrans-pessel-2025-TW1.xlsx"


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


class Clock:
    """A clock the test sets: ``clock.at("2025-04-01 08:20")`` then pass ``clock``."""

    def __init__(self, start: str) -> None:
        self.now = wib(start)

    def at(self, text: str) -> Clock:
        self.now = wib(text)
        return self

    def __call__(self) -> datetime:
        return self.now


def _texts(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for r in t.rows:
            parts.extend(c.text for c in r.cells)
    return "\n".join(parts)


def _docs(session, settings, run_id) -> list[Document]:
    return list(session.scalars(select(Document).where(Document.run_id == run_id)))


# --- the first agency, through the CLI --------------------------------------------------------


def test_first_agency_cycle_from_start_to_archive_with_a_tidak_loop_through_the_cli(
        settings, tmp_path):
    runner = CliRunner()
    d = ["--data-dir", str(settings.data_dir)]
    agency = ["--agency", "dinsos-p3a-pessel", "--period", "2025-TW1"]

    def cycle(*args: str) -> str:
        result = runner.invoke(cycle_app, [*args, *d], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return result.output

    def collect(*args: str):
        return runner.invoke(collect_app, [*args, *agency, *d], env={"COLUMNS": "200"})

    out = cycle("start", *agency, "--data", str(EXAMPLE), "--by", "tim", "--at",
                "2025-04-01 08:00")
    assert "Siklus 1" in out and "19 realisasi 2025-TW1 di workbook tidak dipakai" in out
    times = ["2025-04-01 08:20", "2025-04-01 09:30", "2025-04-01 11:00", "2025-04-02 10:00",
             "2025-04-02 11:30", "2025-04-02 11:35"]
    for t in times:  # steps 1..6
        out = cycle("advance", "1", "--by", "tim", "--at", t, "--no-pdf")
    assert "Sekarang langkah 7" in out

    forms = settings.data_dir / "formulir" / "dinsos-p3a-pessel" / "2025-TW1"
    filled = {
        "sekretariat": {"T.1": ("21,35", None, None), "1.06.01": ("B", "12.500.000", None)},
        "bidang-pemberdayaan-perempuan-dan-perlindungan-anak": {"S.1": ("12", None, None)},
        "bidang-rehabilitasi-sosial": {"1.06.04": ("80,92", None, None),
                                       "1.06.04.2.01.0001": (63, 46350000, None)},
    }
    paths = [str(fill_xlsx(forms / f"formulir-{slug}.xlsx", v, out=tmp_path / f"{slug}.xlsx"))
             for slug, v in filled.items()]
    imported = collect("import", *paths, "--by", "tim")
    assert imported.exit_code == 0, imported.output

    out = cycle("advance", "1", "--by", "bidang", "--at", "2025-04-03 14:00", "--no-pdf")
    assert "Bidang Perlindungan dan Jaminan Sosial: belum ada formulir yang diterima" in out
    cycle("advance", "1", "--by", "tim", "--at", "2025-04-04 09:00", "--no-pdf")  # 8 rekap
    cycle("advance", "1", "--by", "tim", "--at", "2025-04-04 09:40", "--no-pdf")  # 9 draft
    refused = runner.invoke(cycle_app, ["advance", "1", *d])
    assert refused.exit_code == 1 and "memerlukan keputusan" in refused.output
    out = cycle("decide", "1", "TIDAK", "--by", "sekretaris", "--at", "2025-04-04 11:40",
                "--note", "Lengkapi data Bidang Perlindungan dan Jaminan Sosial", "--no-pdf")
    assert "Sekarang langkah 7" in out and "putaran 2" in out

    linjamsos = fill_xlsx(forms / "formulir-bidang-perlindungan-dan-jaminan-sosial.xlsx",
                          {"1.06.02.2.03.0004": ("3", "12.000.000", None)},
                          out=tmp_path / "linjamsos.xlsx")
    assert collect("import", str(linjamsos), "--by", "tim").exit_code == 0
    for t in ("2025-04-07 10:00", "2025-04-07 11:30", "2025-04-07 13:00"):  # 7, 8, 9 again
        cycle("advance", "1", "--by", "tim", "--at", t, "--no-pdf")
    out = cycle("decide", "1", "YA", "--by", "sekretaris", "--at", "2025-04-07 14:00",
                "--no-pdf")
    assert "Laporan Hasil Pengumpulan Data Kinerja" in out
    cycle("advance", "1", "--by", "sekretaris", "--at", "2025-04-07 14:30", "--no-pdf")  # 11
    out = cycle("advance", "1", "--by", "arsiparis", "--at", "2025-04-08 09:00", "--no-pdf")
    assert "Siklus 1 selesai" in out

    with open_store(settings) as session:
        c = session.get(SopCycle, 1)
        assert c.status == "selesai" and c.putaran == 2
        steps = [(e.step, e.putaran, e.keputusan) for e in c.events]
        assert steps == [(n, 1, None) for n in range(1, 10)] + [(10, 1, "TIDAK")] + [
            (7, 2, None), (8, 2, None), (9, 2, None), (10, 2, "YA"), (11, 2, None),
            (12, 2, None)]
        tidak = next(e for e in c.events if e.keputusan == "TIDAK")
        assert tidak.note == "Lengkapi data Bidang Perlindungan dan Jaminan Sosial"
        assert tidak.run_id is None  # TIDAK produces no document
        by_event = {(e.step, e.putaran): _docs(session, settings, e.run_id)
                    for e in c.events if e.run_id}
        [nota] = by_event[(1, 1)]
        [rekap_1] = by_event[(8, 1)]
        [rekap_2] = by_event[(8, 2)]
        [draft_1], [draft_2] = by_event[(9, 1)], by_event[(9, 2)]
        [laporan] = by_event[(10, 2)]
        [disposisi] = by_event[(11, 2)]
        assert (draft_1.variant, draft_2.variant, laporan.variant) == ("draft", "draft", "")
        assert draft_2.run.version > draft_1.run.version  # the next version of the draft
        assert laporan.nomor.startswith("000.8.6.3/002/") and not draft_2.nomor
        assert disposisi.kind == "lembar_disposisi"
        text = _texts(laporan.docx_file(settings.archive_dir))
        assert nota.nomor in text and "1 April 2025" in text  # cites its Nota Dinas
        assert "7 April 2025" in text  # dated the day its step was completed
        # Pass 1 recapped Linjamsos as not reported; pass 2 has its value.
        first, second = (_texts(r.docx_file(settings.archive_dir)) for r in (rekap_1, rekap_2))
        assert first.count("belum dilaporkan") > second.count("belum dilaporkan")
        # Each step archived only its documents, yet the default listing is the whole set,
        # each document in its newest version (issue 12: nothing disappears).
        every = {d.key for docs in by_event.values() for d in docs}
        current = list_documents(session, agency="dinsos-p3a-pessel", periode="2025-TW1")
        assert len(current) == len(every) == 20 and {d.key for d in current} == every
        assert draft_2 in current and draft_1 not in current and laporan in current
        assert {d.run.reason for d in current} == {"cycle_step"}
        assert {d.run.created_by for d in current} >= {"tim", "sekretaris"}
        decisions = session.scalars(select(AuditEvent).where(AuditEvent.action == "putuskan")
                                    .order_by(AuditEvent.id)).all()
        assert [(e.actor, e.detail) for e in decisions] == [
            ("sekretaris", "langkah 10: TIDAK — Lengkapi data Bidang Perlindungan dan Jaminan "
                           "Sosial"), ("sekretaris", "langkah 10: YA")]

    report = runner.invoke(cycle_app, ["report", "1", "--chart", str(tmp_path / "w.png"), *d],
                           env={"COLUMNS": "250"})
    assert report.exit_code == 0, report.output
    assert "LEWAT" in report.output and "langkah melewati mutu bakunya: 1 (putaran 1)" in (
        report.output.replace("\n", " "))
    assert (tmp_path / "w.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- Disdagtrans: operators and the Kepala Bidang ---------------------------------------------


def test_disdagtrans_cycle_recaps_only_checked_data_and_loops_back_to_entry_on_tidak(settings):
    plugins = get_plugins()
    clock = Clock("2025-04-01 08:00")
    with open_store(settings) as s:
        c = engine.start_cycle(s, settings, plugins, agency="disdagtrans-pessel",
                               periode="2025-TW1", data=DISDAGTRANS, by="tim", clock=clock)
        t = clock.now
        for _ in range(5):  # steps 1..5 (the operators' briefing included)
            t += timedelta(minutes=30)
            engine.advance(s, settings, plugins, c.id, by="tim", clock=clock.at(f"{t:%F %R}"))
        assert c.current_step == 6
        row = c.pengumpulan_id
        from naskah.collect.store import Pengumpulan

        p = s.get(Pengumpulan, row)
        for kode, v in (("S.1", "22,5"), ("3.30.06.2.01.0001", "712"), ("T.1", "4,41")):
            enter_realisasi(s, settings, p, kode=kode, realisasi=v, by="operator",
                            now=clock())
        s.commit()
        engine.advance(s, settings, plugins, c.id, by="operator",
                       clock=clock.at("2025-04-03 10:00"))  # 6: entry done
        check_bidang(s, p, "Bidang Metrologi Legal", by="kabid", now=clock())
        s.commit()
        out = engine.advance(s, settings, plugins, c.id, by="kabid",
                             clock=clock.at("2025-04-03 11:30"))  # 7: check done
        assert any("Sekretariat: revisi 1 berstatus entri" in w for w in out.warnings)
        rekap = engine.advance(s, settings, plugins, c.id, by="tim",
                               clock=clock.at("2025-04-03 12:00"))  # 8: recap
        assert [d.title for d in rekap.run.documents] == [
            "Rekapitulasi Hasil Pengumpulan Data Kinerja"]
        tw1 = {r.kode: r.nilai for r in cycle_data(s, settings, p).realisasi if r.triwulan == 1}
        assert tw1 == {"S.1": Decimal("22.5"), "3.30.06.2.01.0001": Decimal(712)}  # no T.1
        engine.advance(s, settings, plugins, c.id, by="tim", clock=clock.at("2025-04-03 12:30"))
        back = engine.decide(s, settings, plugins, c.id, "TIDAK", by="sekretaris",
                             note="Sekretariat dan Bidang Perdagangan belum diperiksa",
                             clock=clock.at("2025-04-03 14:00"))
        assert back.next_step.nomor == 6 and back.run is None  # SOP: entered again (step 6)

        enter_realisasi(s, settings, p, kode="3.30.04.2.02.0001", realisasi="3", by="op",
                        now=clock())
        check_bidang(s, p, "Sekretariat", by="sekretaris", now=clock())
        check_bidang(s, p, "Bidang Perdagangan", by="kabid", now=clock())
        s.commit()
        for t in ("2025-04-04 09:00", "2025-04-04 10:00", "2025-04-04 10:30",
                  "2025-04-04 11:00"):  # 6, 7, 8, 9 again
            engine.advance(s, settings, plugins, c.id, by="tim", clock=clock.at(t))
        ya = engine.decide(s, settings, plugins, c.id, "YA", by="sekretaris",
                           clock=clock.at("2025-04-04 13:00"))
        [laporan] = ya.run.documents
        assert laporan.nomor.endswith("/DP-Trans/2025")
        engine.advance(s, settings, plugins, c.id, by="sekretaris",
                       clock=clock.at("2025-04-04 13:30"))
        done = engine.advance(s, settings, plugins, c.id, by="arsip",
                              clock=clock.at("2025-04-04 14:00"))
        assert done.next_step is None and c.status == "selesai"
        text = _texts(laporan_path(s, settings, ya.run.run_id))
        assert "4,41" in text  # T.1 entered in pass 1, checked in pass 2: now in the laporan
        assert [(e.step, e.putaran) for e in c.events][5:12] == [
            (6, 1), (7, 1), (8, 1), (9, 1), (10, 1), (6, 2), (7, 2)]


def laporan_path(session, settings, run_id) -> Path:
    [doc] = _docs(session, settings, run_id)
    return doc.docx_file(settings.archive_dir)


# --- timing ------------------------------------------------------------------------------------


def test_timing_report_flags_the_step_over_its_mutu_baku(settings):
    plugins = get_plugins()
    clock = Clock("2025-04-01 08:00")
    with open_store(settings) as s:
        c = engine.start_cycle(s, settings, plugins, agency="dinsos-p3a-pessel",
                               periode="2025-TW1", data=EXAMPLE, by="tim", clock=clock)
        engine.advance(s, settings, plugins, c.id, by="kepala",
                       clock=clock.at("2025-04-01 08:20"))  # 5 menit standard: 20 m
        engine.advance(s, settings, plugins, c.id, by="sekretaris",
                       clock=clock.at("2025-04-01 09:05"))  # 60 menit standard: 45 m
        proc = engine.procedure_of(plugins, c)
        report = timing_report(c, proc, wib("2025-04-01 12:00"))

    one, two, three = report.rows
    assert (one.menit, one.standar, one.over, one.selisih) == (20, 5, True, 15)
    assert (two.menit, two.standar, two.over) == (45, 60, False)
    assert three.berjalan and (three.menit, three.over) == (175, True)  # 120 m, still running
    assert [r.step.nomor for r in report.over] == [1, 3]
    assert (report.total_menit, report.total_standar) == (240, 185)


def test_working_time_leaves_out_nights_and_weekends():
    friday_15 = wib("2025-04-04 15:00")
    monday_09 = wib("2025-04-07 09:00")

    assert menit_kerja(friday_15, monday_09) == 60 + 90  # Fri 15–16, Mon 07.30–09
    next_friday_15 = wib("2025-04-11 15:00")
    assert menit_kerja(monday_09, next_friday_15) == 5 * 510 - 90 - 60
    assert menit_kerja(monday_09, monday_09 - timedelta(hours=1)) == 0


def test_a_standard_in_days_counts_working_days():
    proc = get_plugins().procedures(get_plugins().agency("disdagtrans-pessel"))[0]
    assert standar_menit(proc.step(6)) == 2 * JamKerja().menit_per_hari  # "2 hari"
    assert standar_menit(proc.step(7)) == 120                           # "120 menit"
    assert standar_menit(proc.step(12)) is None


# --- refusals ----------------------------------------------------------------------------------


def test_transitions_that_break_the_sop_are_refused(settings):
    plugins = get_plugins()
    clock = Clock("2025-04-01 08:00")
    with open_store(settings) as s:
        c = engine.start_cycle(s, settings, plugins, agency="dinsos-p3a-pessel",
                               periode="2025-TW1", data=EXAMPLE, by="tim", clock=clock)
        with pytest.raises(CycleError, match="sudah ada"):
            engine.start_cycle(s, settings, plugins, agency="dinsos-p3a-pessel",
                               periode="2025-TW1", by="tim", clock=clock)
        with pytest.raises(CycleError, match="bukan langkah keputusan"):
            engine.decide(s, settings, plugins, c.id, "YA", by="x", clock=clock)
        with pytest.raises(CycleError, match="lebih awal dari mulainya langkah 1"):
            engine.advance(s, settings, plugins, c.id, by="x",
                           clock=clock.at("2025-04-01 07:00"))
        with pytest.raises(CycleError, match="YA atau TIDAK"):
            engine.decide(s, settings, plugins, c.id, "MUNGKIN", by="x", clock=clock)
        s.rollback()
        assert c.current_step == 1 and c.events[0].ended_at is None
        pengukuran = engine.start_cycle(s, settings, plugins, agency="dinsos-p3a-pessel",
                                        periode="2025-TW1", procedure="pengukuran", by="tim",
                                        clock=clock.at("2025-04-01 08:00"))
        assert pengukuran.pengumpulan_id == c.pengumpulan_id  # same collected data

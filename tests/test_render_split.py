"""naskah.render_split: a trail's documents rendered by this process and a forked child taking
the kinds from one queue — every document once, warnings in trail order, a child's failure
raised here (issue 15)."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from naskah import render_split
from naskah.errors import NaskahError


class FakeCycle:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def jobs_for(tmp_path: Path, kinds: list[str]):
    return [(SimpleNamespace(kind=SimpleNamespace(slug=k)), None, tmp_path / f"{i:03d}.docx")
            for i, k in enumerate(kinds)]


KINDS = ["nota_dinas", "sop", "formulir", "formulir", "formulir", "laporan_pengukuran",
         "nota_dinas", "tanda_terima", "tanda_terima", "rekapitulasi_pengukuran"]


def fake_render(plugins, cycle, document, nomor, out):
    time.sleep(0.01)  # long enough for both processes to take a kind
    out.write_text(f"{document.kind.slug} by {os.getpid()}")
    cycle.warnings.append(f"warning of {out.stem}")
    cycle.warnings.append("shared warning")


def test_the_queue_holds_the_kinds_drawing_ones_first(tmp_path):
    groups = render_split.kind_groups(jobs_for(tmp_path, KINDS))
    assert sorted(i for g in groups for i in g) == list(range(len(KINDS)))
    assert [KINDS[g[0]] for g in groups[:3]] == ["sop", "laporan_pengukuran",
                                                 "rekapitulasi_pengukuran"]
    assert [KINDS[g[0]] for g in groups[3:]] == ["formulir", "nota_dinas", "tanda_terima"]
    assert all(g == sorted(g) for g in groups)


def test_every_document_is_rendered_once_by_one_of_two_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(render_split, "render_document", fake_render)
    jobs = jobs_for(tmp_path, KINDS)
    done: list[int] = []
    cycle = FakeCycle()
    render_split.render_documents(None, cycle, jobs, done.append, processes=2)
    assert sorted(done) == list(range(len(KINDS)))
    writers = {out.read_text().split(" by ")[1] for _d, _n, out in jobs}
    assert str(os.getpid()) in writers  # this process rendered some
    by_kind: dict[str, set[str]] = {}
    for (d, _n, out) in jobs:
        by_kind.setdefault(d.kind.slug, set()).add(out.read_text())
    assert all(len(v) == 1 for v in by_kind.values())  # a kind's documents in one process
    # the warnings as rendering in order gives them
    assert cycle.warnings == ["warning of 000", "shared warning",
                              *[f"warning of {i:03d}" for i in range(1, len(KINDS))]]


@pytest.mark.parametrize("failing", ["sop", "tanda_terima"])
def test_a_document_that_fails_in_either_process_fails_the_rendering(tmp_path, monkeypatch,
                                                                      failing):
    def render(plugins, cycle, document, nomor, out):
        if document.kind.slug == failing:
            raise NaskahError(f"{failing} cannot be rendered")
        fake_render(plugins, cycle, document, nomor, out)

    monkeypatch.setattr(render_split, "render_document", render)
    with pytest.raises(NaskahError, match=f"{failing} cannot be rendered"):
        render_split.render_documents(None, FakeCycle(), jobs_for(tmp_path, KINDS),
                                      lambda i: None, processes=2)


def test_one_process_renders_in_trail_order(tmp_path, monkeypatch):
    monkeypatch.setattr(render_split, "render_document", fake_render)
    done: list[int] = []
    render_split.render_documents(None, FakeCycle(), jobs_for(tmp_path, KINDS), done.append,
                                  processes=1)
    assert done == list(range(len(KINDS)))


def test_a_child_that_hangs_is_killed_and_its_documents_rendered_here(tmp_path, monkeypatch):
    parent = os.getpid()

    def render(plugins, cycle, document, nomor, out):
        if os.getpid() != parent:
            time.sleep(3600)  # hung, like a lock held at fork time
        fake_render(plugins, cycle, document, nomor, out)

    monkeypatch.setattr(render_split, "render_document", render)
    monkeypatch.setattr(render_split, "STALL_SECONDS", 1.0)
    jobs = jobs_for(tmp_path, KINDS)
    done: list[int] = []
    cycle = FakeCycle()
    started = time.monotonic()
    render_split.render_documents(None, cycle, jobs, done.append, processes=2)
    assert time.monotonic() - started < 30
    assert sorted(done) == list(range(len(KINDS)))
    assert {out.read_text().split(" by ")[1] for _d, _n, out in jobs} == {str(parent)}
    assert cycle.warnings[:2] == ["warning of 000", "shared warning"]


def test_a_fork_while_a_thread_is_in_gettempdir_does_not_hang_the_child(tmp_path, monkeypatch):
    """The PDF converter's thread looks up the temporary directory while the documents render:
    forking while it holds tempfile's once-lock hung the child on its first chart directory."""
    # the shared counter's memory arena is made first: making it takes the once-lock too
    arena = multiprocessing.get_context("fork").Value("i", 0)  # noqa: F841 - kept alive
    monkeypatch.setattr(tempfile, "tempdir", None)  # not looked up yet in this process
    parent = os.getpid()

    def render(plugins, cycle, document, nomor, out):
        tempfile.gettempdir()  # as the first chart directory does
        fake_render(plugins, cycle, document, nomor, out)

    holding = threading.Event()

    def converter_thread():
        with tempfile._once_lock:
            holding.set()
            time.sleep(2)  # surely past the fork

    monkeypatch.setattr(render_split, "render_document", render)
    monkeypatch.setattr(render_split, "STALL_SECONDS", 10.0)
    thread = threading.Thread(target=converter_thread)
    thread.start()
    holding.wait()
    jobs = jobs_for(tmp_path, KINDS)
    started = time.monotonic()
    render_split.render_documents(None, FakeCycle(), jobs, lambda i: None, processes=2)
    thread.join()
    assert time.monotonic() - started < 10  # the child was not given up on: it rendered
    assert len({out.read_text().split(" by ")[1] for _d, _n, out in jobs} - {str(parent)}) == 1

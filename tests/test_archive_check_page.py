"""The archive check in the browser (``/admin/periksa-arsip``): the same verification as
``naskah archive verify`` — a changed file and an orphan folder are reported, an admin removes
the orphan after confirming; operators are refused, a CSRF-less post is refused (SQLite and
PostgreSQL)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from tests.archive_world import World, page_csrf, web_login, world_on


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request, tmp_path) -> Iterator[World]:
    yield from world_on(request.param, tmp_path)


def _signed_in(world: World, who: str) -> str:
    assert web_login(world.client, who, world.passwords[who]).status_code == 303
    page = world.client.get("/admin/periksa-arsip")
    assert page.status_code == 200, page.text
    return page_csrf(page.text)


def test_a_clean_archive_is_reported_clean(world):
    csrf = _signed_in(world, "arsip")
    page = world.client.get("/admin/periksa-arsip")
    assert "Periksa arsip sekarang" in page.text and "dokumen di indeks" in page.text
    checked = world.client.post("/admin/periksa-arsip", data={"csrf": csrf})
    assert checked.status_code == 200
    assert 'data-check="ok"' in checked.text
    assert "Semua berkas arsip cocok dengan sha256-nya." in checked.text


def test_a_changed_file_and_an_orphan_folder_are_reported_and_the_orphan_removed(world):
    archive = world.settings.archive_dir
    docx = next(archive.rglob("*.docx"))
    docx.write_bytes(docx.read_bytes() + b"x")  # changed on disk after archiving
    orphan = archive / "dinsos-p3a-pessel" / "2025" / "2025-TW4" / "v1"
    (orphan / "sop").mkdir(parents=True)
    old = time.time() - 3600
    for p in (orphan / "sop", orphan):
        os.utime(p, (old, old))

    csrf = _signed_in(world, "admin")
    checked = world.client.post("/admin/periksa-arsip", data={"csrf": csrf})
    assert 'data-check="problems"' in checked.text
    assert "2 masalah ditemukan." in checked.text
    assert "sha256 tidak cocok: " in checked.text
    assert docx.name in checked.text
    assert "folder yatim: dinsos-p3a-pessel/2025/2025-TW4/v1" in checked.text

    unconfirmed = world.client.post("/admin/periksa-arsip/yatim", data={"csrf": csrf})
    assert unconfirmed.status_code == 400 and orphan.is_dir()
    removed = world.client.post("/admin/periksa-arsip/yatim", data={"csrf": csrf, "yakin": "1"})
    assert removed.status_code == 200 and "1 folder yatim dihapus." in removed.text
    assert not orphan.exists()
    assert docx.is_file()  # a changed archived file is never removed by the page


def test_operators_and_csrf_less_posts_are_refused(world):
    assert web_login(world.client, "op-dinsos", world.passwords["op-dinsos"]).status_code == 303
    assert world.client.get("/admin/periksa-arsip").status_code == 403
    csrf = page_csrf(world.client.get("/cari").text)
    assert world.client.post("/admin/periksa-arsip", data={"csrf": csrf}).status_code == 403
    world.client.post("/keluar", data={"csrf": csrf})

    csrf = _signed_in(world, "arsip")
    assert world.client.post("/admin/periksa-arsip", data={"csrf": "wrong"}).status_code == 403
    # removing folders is the admin's: an arsiparis may check, not delete
    assert world.client.post("/admin/periksa-arsip/yatim",
                             data={"csrf": csrf, "yakin": "1"}).status_code == 403

"""The users page (``/admin/pengguna``): an admin adds, changes, resets and revokes users in the
browser, through the same account functions as ``naskah users``; each change is in the audit
log; other roles and CSRF-less posts are refused (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from naskah.accounts.audit import AuditEvent
from naskah.accounts.users import User
from naskah.db import make_engine, session_factory
from tests.archive_world import (
    BKPSDM,
    DINSOS,
    World,
    page_csrf,
    web_login,
    world_on,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request, tmp_path) -> Iterator[World]:
    yield from world_on(request.param, tmp_path)


def _events(world: World, action: str) -> list[AuditEvent]:
    engine = make_engine(world.settings.database)
    try:
        with session_factory(engine)() as s:
            return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                  .order_by(AuditEvent.id)))
    finally:
        engine.dispose()


def _user(world: World, name: str) -> User | None:
    engine = make_engine(world.settings.database)
    try:
        with session_factory(engine)() as s:
            return s.scalar(select(User).where(User.name == name))
    finally:
        engine.dispose()


def _admin(world: World) -> str:
    """Sign the world's client in as the admin; the CSRF token of its pages."""
    assert web_login(world.client, "admin", world.passwords["admin"]).status_code == 303
    return page_csrf(world.client.get("/admin/pengguna").text)


NEW = {"name": "19830523 200212 1 002", "full_name": "Rina Marlina, S.E.",
       "role": "operator", "agency": DINSOS, "password": "sandi-rina-panjang",
       "password2": "sandi-rina-panjang"}


def test_an_admin_adds_an_operator_who_signs_in_and_sees_only_its_agency(world):
    csrf = _admin(world)
    page = world.client.get("/admin/pengguna")
    assert page.status_code == 200 and "op-bkpsdm" in page.text and "Terakhir masuk" in page.text
    added = world.client.post("/admin/pengguna", data={"csrf": csrf, **NEW})
    assert added.status_code == 200, added.text
    assert "198305232002121002 sudah ditambahkan" in added.text
    assert "Rina Marlina, S.E." in added.text and "nsk_" in added.text  # the token, once
    user = _user(world, "198305232002121002")
    assert (user.role, user.agency, user.full_name) == ("operator", DINSOS, "Rina Marlina, S.E.")
    assert user.password_hash.startswith("$argon2id$")
    [event] = _events(world, "pengguna_tambah")
    assert (event.actor, event.object_id, event.agency) == ("admin", user.name, DINSOS)

    rina = TestClient(world.app)
    assert web_login(rina, "19830523 200212 1 002", NEW["password"]).status_code == 303
    found = rina.get("/cari").text
    assert "Dinsos P3A" in found and "000.8.6.3/0002/BKPSDM/2025" not in found
    assert rina.get("/admin/pengguna").status_code == 403
    listed = world.client.get("/admin/pengguna").text
    assert "198305232002121002" in listed and "belum pernah" in listed


@pytest.mark.parametrize("change, reason", [
    ({"password2": "sandi-lain-sekali"}, "kedua kata sandi tidak sama"),
    ({"password": "pendek", "password2": "pendek"}, "10–200 karakter"),
    ({"agency": ""}, "operator melayani satu instansi"),
    ({"agency": "tidak-ada"}, "tidak dikenal"),
    ({"name": "op-dinsos"}, "sudah ada"),
])
def test_a_refused_addition_says_why_and_adds_nothing(world, change, reason):
    csrf = _admin(world)
    refused = world.client.post("/admin/pengguna", data={"csrf": csrf, **NEW, **change})
    assert refused.status_code == 422 and reason in refused.text, refused.text
    assert _user(world, "198305232002121002") is None and not _events(world, "pengguna_tambah")


def test_a_role_change_applies_at_the_users_next_page(world):
    operator = TestClient(world.app)
    web_login(operator, "op-dinsos", world.passwords["op-dinsos"])
    assert "000.8.6.3/0002/BKPSDM/2025" not in operator.get("/cari").text
    csrf = _admin(world)
    changed = world.client.post("/admin/pengguna/op-dinsos/ubah", follow_redirects=False,
                                data={"csrf": csrf, "role": "arsiparis", "agency": DINSOS,
                                      "full_name": "Budi"})
    assert changed.status_code == 303
    shown = world.client.get(changed.headers["location"]).text
    assert "Pengguna sudah diubah" in shown and "Arsiparis" in shown
    assert "000.8.6.3/0002/BKPSDM/2025" in operator.get("/cari").text  # same session
    user = _user(world, "op-dinsos")
    assert (user.role, user.agency, user.full_name) == ("arsiparis", None, "Budi")
    [event] = _events(world, "pengguna_ubah")
    assert "operator" in event.detail and "arsiparis" in event.detail


def test_a_password_reset_ends_the_users_sessions(world):
    arsip = TestClient(world.app)
    web_login(arsip, "arsip", world.passwords["arsip"])
    assert arsip.get("/cari").status_code == 200
    csrf = _admin(world)
    new = "kata-sandi-baru-arsip"
    reset = world.client.post("/admin/pengguna/arsip/sandi", follow_redirects=False,
                              data={"csrf": csrf, "password": new, "password2": new})
    assert reset.status_code == 303
    assert arsip.get("/cari").status_code == 401, "the old session ended"
    assert web_login(TestClient(world.app), "arsip", world.passwords["arsip"]).status_code == 401
    assert web_login(TestClient(world.app), "arsip", new).status_code == 303
    assert [e.object_id for e in _events(world, "sandi_reset")] == ["arsip"]


def test_revoking_a_user_ends_its_sessions_and_api_tokens(world):
    arsip = TestClient(world.app)
    web_login(arsip, "arsip", world.passwords["arsip"])
    assert world.client.get("/api/me", headers=world.auth("arsip")).status_code == 200
    csrf = _admin(world)
    unticked = world.client.post("/admin/pengguna/arsip/cabut", data={"csrf": csrf})
    assert unticked.status_code == 422 and "centang kotak konfirmasi" in unticked.text
    assert arsip.get("/cari").status_code == 200
    revoked = world.client.post("/admin/pengguna/arsip/cabut", follow_redirects=False,
                                data={"csrf": csrf, "yakin": "1"})
    assert revoked.status_code == 303
    assert arsip.get("/cari").status_code == 401
    assert world.client.get("/api/me", headers=world.auth("arsip")).status_code == 401
    assert web_login(TestClient(world.app), "arsip", world.passwords["arsip"]).status_code == 401
    assert _user(world, "arsip").revoked_at is not None
    assert [e.actor for e in _events(world, "pengguna_cabut")] == ["admin"]
    page = world.client.get("/admin/pengguna/arsip").text
    assert "dicabut pada" in page and "/cabut" not in page


def test_an_admin_cannot_lock_itself_out(world):
    csrf = _admin(world)
    self_revoke = world.client.post("/admin/pengguna/admin/cabut",
                                    data={"csrf": csrf, "yakin": "1"})
    assert self_revoke.status_code == 422 and "akun Anda sendiri" in self_revoke.text
    demote = world.client.post("/admin/pengguna/admin/ubah",
                               data={"csrf": csrf, "role": "arsiparis", "agency": ""})
    assert demote.status_code == 422
    assert _user(world, "admin").role == "admin" and _user(world, "admin").active


@pytest.mark.parametrize("who", ["arsip", "op-dinsos"])
def test_other_roles_are_refused_from_the_users_pages(world, who):
    assert world.client.get("/admin/pengguna").status_code == 401
    web_login(world.client, who, world.passwords[who])
    csrf = page_csrf(world.client.get("/cari").text)
    for path in ("/admin/pengguna", "/admin/pengguna/admin", "/admin/jalankan", "/admin/audit",
                 "/admin/batch/1"):
        assert world.client.get(path).status_code == 403, path
    posts = {"/admin/pengguna": NEW,
             "/admin/pengguna/admin/ubah": {"role": "arsiparis"},
             "/admin/pengguna/admin/sandi": {"password": "x" * 12, "password2": "x" * 12},
             "/admin/pengguna/admin/cabut": {"yakin": "1"},
             "/admin/batch/1/ulangi": {}}
    for path, data in posts.items():
        assert world.client.post(path, data={"csrf": csrf, **data}).status_code == 403, path
    assert _user(world, "198305232002121002") is None
    assert _user(world, "admin").active and _user(world, "admin").role == "admin"
    assert not _events(world, "pengguna_tambah") and not _events(world, "pengguna_cabut")


def test_a_post_without_the_sessions_csrf_token_is_refused(world):
    good = _admin(world)
    for csrf in ("", "bukan-token", good[:-2] + "xx"):
        for path, data in (("/admin/pengguna", NEW),
                           ("/admin/pengguna/arsip/cabut", {"yakin": "1"}),
                           ("/admin/pengguna/arsip/sandi",
                            {"password": "x" * 12, "password2": "x" * 12}),
                           ("/admin/batch/1/ulangi", {})):
            refused = world.client.post(path, data={"csrf": csrf, **data})
            assert refused.status_code == 403 and "Formulir tidak berlaku" in refused.text
    other = TestClient(world.app)  # another admin session's token is not this one's
    web_login(other, "admin", world.passwords["admin"])
    assert other.post("/admin/pengguna/arsip/cabut",
                      data={"csrf": good, "yakin": "1"}).status_code == 403
    assert _user(world, "arsip").active and _user(world, "198305232002121002") is None


def test_the_cli_and_the_page_share_the_audit_trail(world):
    from typer.testing import CliRunner

    from naskah.cli.users import app
    from naskah.settings import get_settings

    get_settings.cache_clear()
    env = {"NASKAH_DATA_DIR": str(world.settings.data_dir),
           "NASKAH_DATABASE_URL": world.settings.database_url or ""}
    try:
        result = CliRunner().invoke(app, ["role", "op-bkpsdm", "--role", "operator",
                                          "--agency", DINSOS], env=env)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert _user(world, "op-bkpsdm").agency == DINSOS
    [event] = _events(world, "pengguna_ubah")
    assert event.object_id == "op-bkpsdm" and BKPSDM in event.detail and DINSOS in event.detail

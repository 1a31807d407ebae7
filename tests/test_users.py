"""Users and API tokens: roles, hashed storage, revocation, and the `naskah users` commands."""

from __future__ import annotations

import hashlib
import re
import time

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from naskah.accounts.sessions import end_session, find_session, open_session
from naskah.accounts.users import (
    ApiToken,
    Role,
    UserError,
    add_user,
    authenticate,
    check_password,
    issue_token,
    revoke_token,
    revoke_user,
    set_password,
)
from naskah.archive.store import init_db
from naskah.cli import users as cli_users
from naskah.db import make_engine, session_factory
from naskah.settings import PdfSettings, Settings


@pytest.fixture
def Session(database_url):  # noqa: N802 - a session factory
    engine = make_engine(database_url)
    init_db(engine)
    yield session_factory(engine)
    engine.dispose()


def test_a_token_is_random_shown_once_and_stored_only_as_its_sha256(Session):  # noqa: N803
    with Session() as s, s.begin():
        _, token = add_user(s, "rina", Role.ARSIPARIS)
        _, other = add_user(s, "budi", Role.ARSIPARIS)
    assert re.fullmatch(r"nsk_[A-Za-z0-9_-]{43}", token) and token != other
    with Session() as s:
        rows = list(s.scalars(select(ApiToken)))
        stored = {r.token_hash for r in rows} | {r.prefix for r in rows}
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    assert token[:12] in stored


def test_authenticate_returns_the_principal_with_role_and_agency(Session):  # noqa: N803
    with Session() as s, s.begin():
        _, token = add_user(s, "op", Role.OPERATOR, agency="dinsos-p3a-pessel")
    with Session() as s:
        p = authenticate(s, token)
        assert (p.name, p.role, p.agency, p.agency_scope) == (
            "op", Role.OPERATOR, "dinsos-p3a-pessel", "dinsos-p3a-pessel")
        assert p.can_see("dinsos-p3a-pessel") and not p.can_see("bkpsdm-pessel")
        assert authenticate(s, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
        assert authenticate(s, "") is None and authenticate(s, None) is None


@pytest.mark.parametrize(("name", "role", "agency", "message"), [
    ("op", "operator", None, "terikat pada satu instansi"),
    ("arsip", "arsiparis", "dinsos-p3a-pessel", "hanya operator"),
    ("x", "superuser", None, "peran"),
    ("bad name!", "admin", None, "nama pengguna"),
    ("op", "operator", "../etc", "terikat pada satu instansi"),
])
def test_bad_users_are_refused(Session, name, role, agency, message):  # noqa: N803
    with Session() as s, s.begin(), pytest.raises(UserError, match=message):
        add_user(s, name, role, agency)


def test_names_are_unique(Session):  # noqa: N803
    with Session() as s, s.begin():
        add_user(s, "rina", Role.ADMIN)
    with Session() as s, s.begin(), pytest.raises(UserError, match="sudah ada"):
        add_user(s, "rina", Role.ARSIPARIS)


def test_revoking_a_user_revokes_every_token_and_one_token_alone(Session):  # noqa: N803
    with Session() as s, s.begin():
        user, first = add_user(s, "rina", Role.ARSIPARIS)
        second = issue_token(s, user)
        _, budi = add_user(s, "budi", Role.ADMIN)
        budi_2 = issue_token(s, s.scalar(select(ApiToken).where(ApiToken.prefix == budi[:12]))
                             .user)
    with Session() as s, s.begin():
        revoke_token(s, budi[:12])
        revoke_user(s, "rina")
    with Session() as s:
        assert authenticate(s, first) is None and authenticate(s, second) is None
        assert authenticate(s, budi) is None
        assert authenticate(s, budi_2).name == "budi"
    with Session() as s, s.begin(), pytest.raises(UserError, match="sudah dicabut"):
        issue_token(s, revoke_user(s, "rina"))


def test_users_commands_add_list_token_and_revoke(tmp_path, monkeypatch):
    settings = Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))
    monkeypatch.setattr(cli_users, "get_settings", lambda: settings)
    runner = CliRunner()
    added = runner.invoke(cli_users.app, ["add", "budi", "--role", "operator", "--agency",
                                          "dinsos-p3a-pessel"])
    assert added.exit_code == 0, added.output
    token = re.search(r"nsk_[A-Za-z0-9_-]{43}", added.output).group(0)
    unknown = runner.invoke(cli_users.app, ["add", "x", "--role", "operator", "--agency", "nope"])
    assert unknown.exit_code == 1 and "tidak dikenal" in unknown.output
    dup = runner.invoke(cli_users.app, ["add", "budi", "--role", "admin"])
    assert dup.exit_code == 1 and "sudah ada" in dup.output
    listed = runner.invoke(cli_users.app, ["list"], env={"COLUMNS": "250"})
    assert "budi" in listed.output and "operator" in listed.output and token[:12] in listed.output
    assert token not in listed.output
    again = runner.invoke(cli_users.app, ["token", "budi"])
    assert again.exit_code == 0 and "nsk_" in again.output
    assert runner.invoke(cli_users.app, ["revoke", "--token", token[:12]]).exit_code == 0
    assert runner.invoke(cli_users.app, ["revoke", "budi"]).exit_code == 0
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s:
            assert authenticate(s, token) is None
    finally:
        engine.dispose()
    assert runner.invoke(cli_users.app, ["revoke"]).exit_code == 2


# --- passwords and web sessions -----------------------------------------------------------------


def test_a_password_is_stored_only_as_an_argon2id_hash_and_checked(Session):  # noqa: N803
    with Session() as s, s.begin():
        add_user(s, "rina@pessel.go.id", Role.ARSIPARIS)
        user = set_password(s, "rina@pessel.go.id", "kata sandi panjang")
        assert user.password_hash.startswith("$argon2id$")
        assert "kata sandi panjang" not in user.password_hash
    with Session() as s:
        assert check_password(s, "RINA@pessel.go.id", "kata sandi panjang").name == (
            "rina@pessel.go.id")
        assert check_password(s, "rina@pessel.go.id", "kata sandi salah!") is None
        assert check_password(s, "tidak-ada", "kata sandi panjang") is None
    with Session() as s, s.begin():
        revoke_user(s, "rina@pessel.go.id")
    with Session() as s:
        assert check_password(s, "rina@pessel.go.id", "kata sandi panjang") is None


@pytest.mark.parametrize(("password", "message"), [
    ("pendek", "10–200 karakter"), ("x" * 201, "10–200 karakter"),
    ("198305232002121002", "sama dengan nama pengguna"),
])
def test_weak_passwords_are_refused(Session, password, message):  # noqa: N803
    with Session() as s, s.begin():
        add_user(s, "198305232002121002", Role.ADMIN)
        with pytest.raises(UserError, match=message):
            set_password(s, "198305232002121002", password)


def test_a_web_session_expires_and_ends(Session):  # noqa: N803
    with Session() as s, s.begin():
        user, _ = add_user(s, "sari", Role.ARSIPARIS)
        token, row = open_session(s, user, hours=8, address="10.0.0.7")
        short, _ = open_session(s, user, hours=1 / 3600)
        assert row.token_hash != token and len(token) >= 43
    with Session() as s:
        assert find_session(s, token)[1].name == "sari"
        assert find_session(s, "x" * 43) is None and find_session(s, None) is None
    time.sleep(1.1)
    with Session() as s, s.begin():
        assert find_session(s, short) is None, "expired"
        end_session(s, row.id)
    with Session() as s:
        assert find_session(s, token) is None, "ended"


def test_users_add_with_password_and_reset_end_the_web_sessions(tmp_path, monkeypatch):
    settings = Settings(data_dir=tmp_path / "data", pdf=PdfSettings(enabled=False))
    monkeypatch.setattr(cli_users, "get_settings", lambda: settings)
    runner = CliRunner()
    short = runner.invoke(cli_users.app, ["add", "sari", "--role", "arsiparis", "--password"],
                          input="pendek\npendek\n")
    assert short.exit_code == 1 and "10–200 karakter" in short.output
    added = runner.invoke(cli_users.app, ["add", "sari", "--role", "arsiparis", "--password"],
                          input="sandi-pertama-sari\nsandi-pertama-sari\n")
    assert added.exit_code == 0, added.output
    engine = make_engine(settings.database)
    try:
        with session_factory(engine)() as s, s.begin():
            user = check_password(s, "sari", "sandi-pertama-sari")
            token, _ = open_session(s, user, hours=8)
        reset = runner.invoke(cli_users.app, ["reset", "sari"],
                              input="sandi-kedua-sari\nsandi-kedua-sari\n")
        assert reset.exit_code == 0 and "1 sesi web diakhiri" in reset.output
        with session_factory(engine)() as s:
            assert find_session(s, token) is None
            assert check_password(s, "sari", "sandi-pertama-sari") is None
            assert check_password(s, "sari", "sandi-kedua-sari") is not None
        listed = runner.invoke(cli_users.app, ["list"], env={"COLUMNS": "250"})
        assert " ya " in listed.output
    finally:
        engine.dispose()

"""Users and API tokens: roles, hashed storage, revocation, and the `naskah users` commands."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from naskah.accounts.users import (
    ApiToken,
    Role,
    UserError,
    add_user,
    authenticate,
    issue_token,
    revoke_token,
    revoke_user,
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
    listed = runner.invoke(cli_users.app, ["list"], terminal_width=200)
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

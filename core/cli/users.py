"""``naskah users``: users of the archive service and their API tokens.

Registered in :mod:`naskah.cli.main` as ``app.add_typer(users_app, name="users")``. A token is shown
once, when made; only its sha256 is kept (see :mod:`naskah.accounts.users`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from naskah.accounts.roles import Role
from naskah.cli.common import make_console
from naskah.i18n import N_, _, ngettext
from naskah.settings import Settings, get_settings
from naskah.timezones import WIB

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from naskah.accounts import users

app = typer.Typer(help=N_("Users of the archive service (naskah serve) and their API tokens."),
                  no_args_is_help=True)
console = make_console()
err = make_console(stderr=True)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir",
                 help=N_("Data directory (default: NASKAH_DATA_DIR or ./naskah-data).")),
]


def _settings(data_dir: Path | None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"data_dir": data_dir}) if data_dir else settings


@contextmanager
def _session(data_dir: Path | None) -> Iterator[Session]:
    """A write session (committed on success); user errors exit 1 with the message."""
    from naskah.accounts import users
    from naskah.archive.store import init_db
    from naskah.db import make_engine, session_factory

    engine = make_engine(_settings(data_dir).database)
    try:
        init_db(engine)
        with session_factory(engine)() as s, s.begin():
            yield s
    except users.UserError as exc:
        err.print("[bold red]" + _("error:") + f"[/] {exc}", highlight=False)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()


def _known_agencies(settings: Settings) -> dict[str, str]:
    from naskah.agencies.manager import plugins_for

    plugins = plugins_for(settings)
    return {slug: a.nama for slug, a in plugins.agencies().items()}


def _check_agency(settings: Settings, agency: str) -> None:
    """Exit 1 unless ``agency`` is the slug of a known agency."""
    known = _known_agencies(settings)
    if agency not in known:
        err.print("[bold red]" + _("error:") + "[/] " + _(
            "unknown agency {agency!r}; known: {known}", agency=agency,
            known=", ".join(sorted(known)) or _("none")), highlight=False)
        raise typer.Exit(1)


def _actor() -> str:
    """Who runs the command, for the audit log: the system login name (empty if unknown)."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return ""


def _show_token(user: users.User, token: str) -> None:
    console.print(_("Token for [bold]{name}[/] ({role}) — shown once, keep it safe:",
                    name=user.name,
                    role=user.role + (", " + user.agency if user.agency else "")))
    console.print(token, markup=False, highlight=False, soft_wrap=True)


def _ask_password(name: str) -> str:
    """The new password, typed twice without echo (or piped on stdin, twice)."""
    from naskah.accounts import users

    console.print(_("Web password for {name} ({low}–{high} characters):", name=name,
                    low=users.PASSWORD_MIN, high=users.PASSWORD_MAX), highlight=False)
    return typer.prompt(_("Password"), hide_input=True,
                        confirmation_prompt=_("Repeat the password"))


@app.command("add", help=N_("Add a user with a new API token (printed once) and, with "
                            "--password, a web password."))
def add(
    name: Annotated[str, typer.Argument(
        help=N_("User name: the person's NIP or e-mail (what they type to sign in), e.g. "
                "198305232002121002 or rina@pessel.go.id"))],
    role: Annotated[
        Role, typer.Option("--role", "-r", help=N_("admin, operator, arsiparis"))
    ],
    agency: Annotated[
        str | None,
        typer.Option("--agency", "-a", help=N_("Operators: the agency slug they serve.")),
    ] = None,
    password: Annotated[bool, typer.Option(
        "--password", help=N_("Ask for a password to sign in to the web pages (typed twice, "
                              "not shown)."))] = False,
    full_name: Annotated[str, typer.Option(
        "--full-name", help=N_("The person's name as written in official letters."))] = "",
    data_dir: DataDir = None,
) -> None:
    """Add a user with a new API token (printed once) and, with --password, a web password."""
    from naskah.accounts import manage, users

    if agency:
        _check_agency(_settings(data_dir), agency)
    secret = None
    if password:
        secret = _ask_password(name)
        try:
            users.check_password_rules(name, secret)
        except users.UserError as exc:
            err.print("[bold red]" + _("error:") + f"[/] {exc}", highlight=False)
            raise typer.Exit(1) from None
    with _session(data_dir) as s:
        user, token = manage.add(s, name, role, agency, full_name=full_name, password=secret,
                                 actor=_actor())
    _show_token(user, token)
    if secret is not None:
        console.print(_("{name} can sign in to the web pages with this password.",
                        name=user.name), highlight=False)


@app.command("reset", help=N_("Reset a user's web password; every web session of the user ends "
                              "at once."))
def reset(
    name: Annotated[str, typer.Argument(help=N_("User name"))],
    data_dir: DataDir = None,
) -> None:
    """Reset a user's web password; every web session of the user ends at once."""
    from naskah.accounts import manage

    secret = _ask_password(name)
    with _session(data_dir) as s:
        user, ended = manage.reset_password(s, name, secret, actor=_actor())
    console.print(_("Password of {name} reset; {n} web session(s) ended.", name=user.name,
                    n=ended), highlight=False)


@app.command("role", help=N_("Give a user another role (and agency, for an operator); "
                             "effective on the user's next request."))
def role_(
    name: Annotated[str, typer.Argument(help=N_("User name"))],
    role: Annotated[
        Role, typer.Option("--role", "-r", help=N_("admin, operator, arsiparis"))
    ],
    agency: Annotated[
        str | None,
        typer.Option("--agency", "-a", help=N_("Operators: the agency slug they serve.")),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Give a user another role (and agency, for an operator)."""
    from naskah.accounts import manage

    if agency:
        _check_agency(_settings(data_dir), agency)
    with _session(data_dir) as s:
        user = manage.change(s, name, role=role, agency=agency, actor=_actor())
    console.print(_("{name} is now {role}.", name=user.name,
                    role=user.role + (", " + user.agency if user.agency else "")),
                  highlight=False)


@app.command("token", help=N_("Give a user one more API token (e.g. before revoking the old "
                              "one)."))
def token(
    name: Annotated[str, typer.Argument(help=N_("User name"))],
    data_dir: DataDir = None,
) -> None:
    """Give a user one more API token (e.g. before revoking the old one)."""
    from naskah.accounts import users

    with _session(data_dir) as s:
        user = users.get_user(s, name)
        value = users.issue_token(s, user)
    _show_token(user, value)


@app.command("list", help=N_("List users, roles, agencies and their tokens (first characters "
                             "only)."))
def list_(data_dir: DataDir = None) -> None:
    """List users, roles, agencies and their tokens (first characters only)."""
    from naskah.accounts import users

    with _session(data_dir) as s:
        table = Table(title=_("Users"))
        for col in (_("Name"), _("Full name"), _("Role"), _("Agency"), _("Status"),
                    _("Password"), _("Tokens"), _("Created")):
            table.add_column(col, overflow="fold")
        found = users.list_users(s)
        for u in found:
            tokens = ", ".join(
                t.prefix + "…" + (" " + _("(revoked)") if t.revoked_at else "") for t in u.tokens
            )
            table.add_row(u.name, u.full_name or "—", u.role, u.agency or "—",
                          _("active") if u.active else _("revoked {date}",
                                                         date=u.revoked_at.strftime("%Y-%m-%d")),
                          _("yes") if u.password_hash else "—", tokens or "—",
                          WIB.short(u.created_at))
    console.print(table)
    console.print(ngettext("{n} user.", "{n} users.", len(found)))


@app.command("revoke", help=N_("Revoke a user (every token) or one token; effective on the "
                               "next request."))
def revoke(
    name: Annotated[
        str | None, typer.Argument(help=N_("User to revoke (all their tokens)"))
    ] = None,
    token_prefix: Annotated[
        str | None,
        typer.Option("--token", help=N_("Revoke only this token (its first characters).")),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Revoke a user (every token) or one token; effective on the next request."""
    from naskah.accounts import manage, users

    if (name is None) == (token_prefix is None):
        err.print("[bold red]" + _("error:") + "[/] "
                  + _("give a user name or --token PREFIX (one of them)"))
        raise typer.Exit(2)
    with _session(data_dir) as s:
        if token_prefix:
            t = users.revoke_token(s, token_prefix)
            console.print(_("Revoked token {prefix}… of {name}.", prefix=t.prefix,
                            name=t.user.name))
        else:
            u, _ended = manage.revoke(s, name, actor=_actor())
            console.print(ngettext("Revoked {name} and {n} token.",
                                   "Revoked {name} and {n} tokens.", len(u.tokens),
                                   name=u.name))

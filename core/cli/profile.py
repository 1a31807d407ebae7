"""``naskah profile``: show an agency's profile and write a profile file to start from.

Registered in :mod:`naskah.cli.main` as ``app.add_typer(profile_app, name="profile")``. The profile
files themselves are described in :mod:`naskah.agencies.profiles`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from naskah.cli.common import make_console
from naskah.errors import NaskahError
from naskah.i18n import N_, _

app = typer.Typer(
    help=N_("Agency profiles: show one, or write a profile YAML to override it without a new "
    "plugin release (settings.plugins.profiles_dir)."),
    no_args_is_help=True,
)

console = make_console()
err = make_console(stderr=True)

ProfilesDir = Annotated[
    Path | None,
    typer.Option(
        "--profiles-dir",
        help=N_("Folder of <slug>.yaml overrides (default: NASKAH_PLUGINS__PROFILES_DIR)."),
    ),
]


def _agency(slug: str, profiles_dir: Path | None):
    """The agency with its overrides, and the folder used (settings when not given)."""
    from naskah.agencies.manager import get_plugins
    from naskah.settings import get_settings

    settings = get_settings()
    folder = profiles_dir if profiles_dir is not None else settings.plugins.profiles_dir
    try:
        plugins = get_plugins(settings.plugins.disabled, profiles_dir=folder)
        return plugins.agency(slug), folder
    except NaskahError as exc:
        err.print("[bold red]" + _("error:") + f"[/] {exc}", highlight=False)
        raise typer.Exit(1) from None


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else k))
        return out
    return {prefix: value}


@app.command("show", help=N_("Show the agency's profile as it is used, marking the values a "
                             "profile file sets."))
def show(
    slug: Annotated[str, typer.Argument(help=N_("Agency slug (see `naskah plugins`)."))],
    profiles_dir: ProfilesDir = None,
) -> None:
    """Show the agency's profile as it is used, marking the values a profile file sets."""
    from naskah.agencies.profiles import SUFFIX, profile_as_dict, read_profile

    agency, folder = _agency(slug, profiles_dir)
    overridden: set[str] = set()
    path = Path(folder) / f"{slug}{SUFFIX}" if folder is not None else None
    if path is not None and path.is_file():
        given = read_profile(path).override.model_dump(exclude_unset=True)
        overridden = set(_flatten(given))
    facts = _flatten(profile_as_dict(agency))
    facts.pop("sumber", None)
    table = Table(title=f"{agency.slug} · {agency.nama}")
    table.add_column(_("Key"))
    table.add_column(_("Value"), overflow="fold")
    table.add_column(_("From"), no_wrap=True)
    for key, value in {"nama": agency.nama, "pemerintah": agency.pemerintah, **facts}.items():
        if isinstance(value, list):
            text = "\n".join(f"• {v}" for v in value) or "—"
        else:
            text = "—" if value in ("", None) else str(value)
        table.add_row(key, text, path.name if path and key in overridden else "plugin")
    console.print(table)
    if overridden:
        console.print(_("Profile file: {path}", path=path), highlight=False)
    console.print(_("Source: {source}", source=sop_source(agency)), highlight=False)
    if folder is None:
        console.print(
            _("No profiles folder is set (NASKAH_PLUGINS__PROFILES_DIR): the plugin's profile "
              "as declared."),
            highlight=False,
        )


def sop_source(agency) -> str:
    """Where the plugin's facts come from, in a user's words: the agency's SOP document, its
    number and year (``SOP "Pengumpulan Data dan Pengukuran Kinerja" 2025``), not the seed file
    it was transcribed from."""
    name = agency.sop.nama_sop or _("(name not given)")
    nomor = agency.sop.nomor or agency.nomor_sop
    year = agency.tahun_sop or (agency.sop.tanggal_efektif.year if agency.sop.tanggal_efektif
                                else None)
    text = _("SOP \"{name}\"", name=name)
    if nomor:
        text += " " + _("number {nomor}", nomor=nomor)
    text += " " + (_("of {year}", year=year) if year else _("(year not given)"))
    return text


@app.command("template", help=N_("Print the agency's current profile as a commented YAML file "
                                 "to start from: `naskah profile template SLUG > "
                                 "profiles/SLUG.yaml`."))
def template(
    slug: Annotated[str, typer.Argument(help=N_("Agency slug (see `naskah plugins`)."))],
    profiles_dir: ProfilesDir = None,
) -> None:
    """Print the agency's current profile as a commented YAML file to start from:
    ``naskah profile template SLUG > profiles/SLUG.yaml``."""
    from naskah.agencies.profiles import profile_template

    agency, _folder = _agency(slug, profiles_dir)
    typer.echo(profile_template(agency), nl=False)

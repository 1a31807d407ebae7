"""``naskah plugins``: the loaded plugins, their agencies, and every check a run would make.

Checks (:mod:`naskah.agencies.check` and :mod:`naskah.agencies.check_sop`): plugins that did not
load; each agency's profile, SOP procedures (step numbers, decision targets, pelaksana, mutu
baku), the document kinds and variants its steps produce and its numbering patterns; every
plugin template (a sample render); plugins answering for agencies they do not declare (a
warning). Each problem is located (plugin, agency, procedure, step, field). Exit 1 when any
problem other than a warning is found; never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from naskah.cli.common import console, err, fail_cleanly
from naskah.i18n import N_, _, ngettext
from naskah.settings import get_settings

HELP = N_("List the loaded plugins, their agencies and hooks, and check everything a run would "
          "use: "
          "profiles, SOP procedures, document kinds, numbering patterns and templates.")


def plugins(
    as_json: Annotated[bool, typer.Option("--json", help=N_("Machine-readable output."))] = False,
) -> None:
    """List the loaded plugins, their agencies and hooks, and check everything a run would use:
    profiles, SOP procedures, document kinds, numbering patterns and templates."""
    from naskah.agencies.check import check_plugins
    from naskah.agencies.check_sop import PluginProblem, definition_problems, guard_problems
    from naskah.agencies.manager import plugins_for

    settings = get_settings()
    with fail_cleanly():
        loaded = plugins_for(settings)
        infos = loaded.describe()
        agencies = loaded.agencies()
        profile_problems = loaded.profile_problems()
        problems = [p for a in agencies.values() for p in definition_problems(loaded, a)]
        problems += guard_problems(loaded)
        checks = check_plugins(loaded)
    errors = [p for p in problems if not p.warning]
    template_errors = [c for plugin_checks in checks.values() for c in plugin_checks if not c.ok]
    failed = bool(loaded.failures or errors or template_errors or profile_problems)
    if as_json:
        console.print_json(
            json.dumps(
                {
                    "plugins": [i.__dict__ | {"hooks": list(i.hooks)} for i in infos],
                    "agencies": {slug: a.nama for slug, a in agencies.items()},
                    "failures": [f.__dict__ for f in loaded.failures],
                    "problems": [p.as_dict() for p in problems],
                    "profile_problems": profile_problems,
                    "template_checks": {
                        name: [c.__dict__ | {"problems": list(c.problems)} for c in plugin_checks]
                        for name, plugin_checks in checks.items()
                    },
                    "ok": not failed,
                }
            )
        )
        if failed:
            raise typer.Exit(1)
        return
    table = Table(title=_("Plugins"))
    for col in (_("Name"), _("Distribution"), _("Version"), _("Hooks")):
        table.add_column(col, overflow="fold")
    for i in infos:
        table.add_row(i.name, i.distribution, i.version, ", ".join(i.hooks))
    console.print(table)
    agencies_table = Table(title=_("Agencies"))
    agencies_table.add_column(_("Slug"))
    agencies_table.add_column(_("Agency"), overflow="fold")
    agencies_table.add_column(_("Plugin"), overflow="fold")
    declarers = loaded.agency_plugins()
    for slug, a in agencies.items():
        agencies_table.add_row(slug, a.nama, declarers.get(slug, ""))
    console.print(agencies_table)
    if checks:
        checks_table = Table(title=_("Plugin templates"))
        for col in (_("Plugin"), _("Agency"), _("Kind"), _("Template"), _("Result")):
            checks_table.add_column(col, overflow="fold")
        for name, plugin_checks in checks.items():
            for c in plugin_checks:
                result = "\n".join(c.problems) if c.problems else _("ok ({note})", note=_(c.note))
                checks_table.add_row(
                    name, c.agency, c.kind, Path(c.template).name, result,
                    style=None if c.ok else "red",
                )  # fmt: skip
        console.print(checks_table)
    for slug, located in profile_problems.items():
        head = (_("agency {slug!r} is disabled: its profile file has problems:", slug=slug)
                if slug else _("profile files that belong to no installed agency:"))
        err.print("[red]" + head, highlight=False)
        for p in located:
            err.print(f"  • {p}", highlight=False, markup=False)
    for f in loaded.failures:
        err.print(
            "[red]" + _("plugin {name!r} ({dist}) did not load:", name=f.name, dist=f.distribution)
            + f"[/] {f.error}",
            highlight=False,
        )
    for p in problems:
        style = "yellow" if p.warning else "red"
        label = _("warning") if p.warning else _("problem")
        err.print(f"[{style}]{label}: {p.location}:[/] {p.message}", highlight=False)
    for name, plugin_checks in checks.items():
        for c in filter(lambda c: not c.ok, plugin_checks):
            field = f"template ({c.kind})" if c.kind else ""
            where = PluginProblem(name, "", c.agency, field=field)
            for message in c.problems:  # located as `naskah run` prints them
                err.print(f"[red]{_('problem')}: {where.location}:[/] {message}", highlight=False)
    if failed:
        count = (len(loaded.failures) + len(errors) + len(template_errors)
                 + sum(len(v) for v in profile_problems.values()))
        err.print("[bold red]" + ngettext(
            "{n} plugin problem: a run of the agencies concerned is refused.",
            "{n} plugin problems: a run of the agencies concerned is refused.", count))
        raise typer.Exit(1)
    console.print(_("All plugins checked: no problems."))

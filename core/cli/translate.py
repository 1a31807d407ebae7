"""The command line in the user's language: help texts translated when a command runs, and the
words Click and Typer print themselves ("Usage:", "Options", "Missing command.") taken from
naskah's catalog.

Help texts are marked with :func:`~naskah.i18n.N_` where the commands are declared (module import
time, before ``NASKAH_LANG`` may be known to a test) and translated by :class:`NaskahGroup` each
time the root command runs, so ``NASKAH_LANG=en naskah --help`` and an in-process
``CliRunner`` with either language both show one language.

Typer vendors its own Click (``typer._click``), which prints English without gettext:
:func:`install_library_texts` translates its help option, usage line (``[OPTIONS]``,
``COMMAND [ARGS]...``), the type of each value (``<str>`` → ``<teks>``), panel titles and usage
errors through naskah's catalog (the ids are listed in :data:`LIBRARY_TEXTS` and
:data:`TYPE_WORDS` so the extractor and the catalog test see them). Argument and option names
(``workbook``, ``--agency``) are what users type: they stay as they are.
"""

from __future__ import annotations

import re
from typing import Any

import typer.core
import typer.rich_utils

from naskah import i18n
from naskah.i18n import N_

LIBRARY_TEXTS = (
    N_("Usage:"),
    N_("Show this message and exit."),
    N_("Missing command."),
    N_("No such command {name}."),
    N_("Did you mean {suggestions}?"),
    N_("Option {name} requires an argument."),
    N_("Option {name} requires {n} arguments."),
    N_("Option {name} does not take a value."),
    N_("Argument {name} takes {n} values."),
    N_("{value} is not one of {choices}."),
    N_("Input should be a valid number, unable to parse string as a number"),
    N_("No such option: {name}"),
    N_("(Possible options: {possibilities})"),
    N_("Missing {what}."),
    N_("Missing {what}. {detail}"),
    N_("Missing parameter: {name}"),
    N_("Invalid value for {hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Got unexpected extra argument(s) ({args})"),
    N_("argument"),
    N_("option"),
    N_("parameter"),
    N_("Error"),
    N_("Aborted."),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("(deprecated) "),
    N_("[default: {}]"),
    N_("[env var: {}]"),
    N_("[required]"),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
)
"""Words Typer (and the Click it vendors) prints, as English ids: translated from naskah's
catalog. A text not listed stays English."""

TYPE_WORDS = {
    "int range": N_("integer range"),
    "float range": N_("number range"),
    "str": N_("text"),
    "int": N_("integer"),
    "float": N_("number"),
    "bool": N_("yes/no"),
    "path": N_("path"),
    "Path": N_("path"),
    "list": N_("list"),
    "range": N_("range"),
    "datetime": N_("date-time"),
}
"""Words of Typer's value types (``<str>``, ``<int range>``, ``<list[Path]>``) and their
message ids; choice values (``<admin|operator>``) are left alone."""
_TYPE_WORD = re.compile(r"(?<![\w|])(" + "|".join(TYPE_WORDS) + r")(?![\w|])")

_RICH_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}
_ERRORS = (
    (re.compile(r"^Missing command\.$"), "Missing command.", {}),
    (re.compile(r"^No such command (?P<name>'.*?')\.(?: Did you mean (?P<suggestions>.+)\?)?$"),
     "No such command {name}.", {}),
    (re.compile(r"^Option (?P<name>'.+') requires an argument\.$"),
     "Option {name} requires an argument.", {}),
    (re.compile(r"^Option (?P<name>'.+') requires (?P<n>\d+) arguments\.$"),
     "Option {name} requires {n} arguments.", {}),
    (re.compile(r"^Option (?P<name>'.+') does not take a value\.$"),
     "Option {name} does not take a value.", {}),
    (re.compile(r"^Argument (?P<name>'.+') takes (?P<n>\d+) values\.$"),
     "Argument {name} takes {n} values.", {}),
    (re.compile(r"^No such option: (?P<name>\S+)"
                r"(?: \(Possible options: (?P<possibilities>.+)\))?$"),
     "No such option: {name}", {}),
    (re.compile(r"^Missing (?P<what>argument|option|parameter)(?P<hint> .+?)?\."
                r"(?: (?P<detail>.+))?$",
                re.S), "Missing {what}.", {}),
    (re.compile(r"^Missing parameter: (?P<name>.+)$"), "Missing parameter: {name}", {}),
    (re.compile(r"^Invalid value for (?P<hint>.+?): (?P<message>.+)$", re.S),
     "Invalid value for {hint}: {message}", {}),
    (re.compile(r"^Invalid value: (?P<message>.+)$", re.S), "Invalid value: {message}", {}),
    (re.compile(r"^Got unexpected extra argument\(s\) \((?P<args>.*)\)$"),
     "Got unexpected extra argument(s) ({args})", {}),
)
_VALUES = (  # what a value's check says, inside "Invalid value for …: <message>"
    (re.compile(r"^(?:Value error, )?(?P<value>.+) is not one of (?P<choices>.+)\.$", re.S),
     "{value} is not one of {choices}."),
)
_installed = False
_HELP_ID = "_naskah_help_id"


def translate_error(message: str) -> str:
    """A usage error of Typer's Click (English, no catalog of its own) in the user's language;
    a message not recognised is returned as it is."""
    for pattern, msgid, _unused in _ERRORS:
        m = pattern.match(message)
        if not m:
            continue
        fields = {k: v for k, v in m.groupdict().items()}
        if msgid == "Missing {what}.":
            what = i18n._(fields["what"]) + (fields["hint"] or "")
            if fields.get("detail"):
                return i18n._("Missing {what}. {detail}", what=what, detail=fields["detail"])
            return i18n._(msgid, what=what)
        if msgid == "No such command {name}.":
            text = i18n._(msgid, name=fields["name"])
            if fields.get("suggestions"):
                text += " " + i18n._("Did you mean {suggestions}?",
                                     suggestions=fields["suggestions"])
            return text
        if msgid == "No such option: {name}":
            text = i18n._(msgid, name=fields["name"])
            if fields.get("possibilities"):
                text += " " + i18n._("(Possible options: {possibilities})",
                                     possibilities=fields["possibilities"])
            return text
        if "message" in fields:
            fields["message"] = _value_message(fields["message"])
        return i18n._(msgid, **{k: v or "" for k, v in fields.items()})
    return message


def _value_message(message: str) -> str:
    """The reason a value was refused (Typer's or pydantic's English), translated when known."""
    for pattern, msgid in _VALUES:
        m = pattern.match(message)
        if m:
            return i18n._(msgid, **m.groupdict())
    return i18n._(message)


def translate_type(display: str) -> str:
    """``<str>`` → ``<teks>``, ``<list[Path]>`` → ``<daftar[jalur]>``: Typer's value type in
    the user's language (``en``: readable words, ``<text>``, ``<list[path]>``)."""
    if not display.startswith("<"):
        return display
    return _TYPE_WORD.sub(lambda m: i18n._(TYPE_WORDS[m.group(1)]), display)


def install_library_texts() -> None:
    """Set Typer's rich panel titles in the current language, and (once) make its help option,
    usage line and usage errors go through the catalog. Call before a command runs."""
    global _installed
    for constant, message in _RICH_CONSTANTS.items():
        setattr(typer.rich_utils, constant, i18n._(message))
    if _installed:
        return
    _installed = True
    from typer._click import decorators, exceptions, formatting

    original_help_option = decorators.help_option

    def help_option(param_decls):  # type: ignore[no-untyped-def]
        add = original_help_option(param_decls)

        def apply(command):  # type: ignore[no-untyped-def]
            command = add(command)
            command.params[-1].help = i18n._("Show this message and exit.")
            return command

        return apply

    decorators.help_option = help_option
    original_write_usage = formatting.HelpFormatter.write_usage

    def write_usage(self, prog, args="", prefix=None):  # type: ignore[no-untyped-def]
        if prefix is None:
            prefix = i18n._("Usage:") + " "
        return original_write_usage(self, prog, args, prefix)

    formatting.HelpFormatter.write_usage = write_usage  # type: ignore[method-assign]
    original_display_type = typer.core._TyperParameter.display_type

    def display_type(self, ctx):  # type: ignore[no-untyped-def]
        return translate_type(original_display_type(self, ctx))

    typer.core._TyperParameter.display_type = display_type  # type: ignore[method-assign]
    for name in dir(exceptions):
        cls = getattr(exceptions, name)
        if isinstance(cls, type) and "format_message" in vars(cls):
            cls.format_message = _translating(cls.format_message)  # type: ignore[attr-defined]


def _translating(format_message):  # type: ignore[no-untyped-def]
    def translated(self):  # type: ignore[no-untyped-def]
        return translate_error(format_message(self))

    return translated


def _translated(obj: Any, attr: str) -> None:
    ids = obj.__dict__.setdefault(_HELP_ID, {})
    if attr not in ids:
        ids[attr] = getattr(obj, attr, None)
    original = ids[attr]
    if isinstance(original, str) and original:
        setattr(obj, attr, i18n._(original))


def translate_command(command: Any) -> None:
    """Translate the help texts of ``command``, its parameters and its subcommands (recursively)
    from their English ids, in place. Safe to call again with another language."""
    for attr in ("help", "short_help", "epilog", "options_metavar", "subcommand_metavar"):
        _translated(command, attr)
    for param in command.params:
        _translated(param, "help")
    for sub in getattr(command, "commands", {}).values():
        translate_command(sub)


class NaskahGroup(typer.core.TyperGroup):
    """The root ``naskah`` group: every run first translates the command tree and the library
    texts into the current language (``NASKAH_LANG``)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        install_library_texts()
        translate_command(self)
        return super().main(*args, **kwargs)

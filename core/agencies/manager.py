"""Building the plugin manager and a typed facade over the hooks.

The default plugin (:mod:`naskah.plugins.default`) is registered first; agency plugins come from
the ``naskah`` entry-point group, each loaded on its own so that one broken plugin is reported by
name and the others keep working (pattern: pluggy's eggsample, tox 4's typed facade).

**Dispatch by declaration.** The per-agency hooks (every hook with an ``agency`` argument,
``naskah_document_context`` through ``cycle.agency``, and ``naskah_document_kinds`` as seen by
one agency) are asked, for an agency, only of the plugin that declares it (``naskah_agencies``),
of *site-wide* plugins (plugins that do not implement ``naskah_agencies``, e.g. a kabupaten's
common kop template) and of the default plugin. A plugin that declares agency A is never asked
about agency B, so a forgotten ``if agency.slug != ...`` guard cannot make it answer for another
agency, nor can its document kinds change another agency's. ``naskah plugins`` still reports such
a missing guard (:func:`naskah.agencies.check_sop.guard_problems`).

**Order.** The order in which Python finds installed plugins never changes a result: for an
agency the declaring plugin is asked first, then the site-wide plugins in the order of their
names, then the default (``tryfirst``/``trylast`` order plugins within those groups only).
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from naskah import PROJECT_NAME, hookspecs
from naskah.agencies import DEFAULT_PLUGIN
from naskah.cycle import Cycle
from naskah.errors import NaskahError
from naskah.i18n import _, ngettext
from naskah.measurement.types import MeasurementRules
from naskah.model import (
    AgencyProfile,
    CollectedData,
    DocumentKind,
    DocumentSpec,
    PlannedDocument,
    Problem,
    Procedure,
    Step,
)


class PluginError(NaskahError):
    """A plugin answered wrongly (duplicate agency, missing procedures, unknown kind …)."""


@dataclass(frozen=True)
class PluginFailure:
    """A plugin that could not be loaded: its entry-point name, distribution and the error."""

    name: str
    distribution: str
    error: str


@dataclass(frozen=True)
class PluginInfo:
    """One loaded plugin as listed by ``naskah plugins``."""

    name: str
    distribution: str
    version: str
    hooks: tuple[str, ...]


@dataclass
class Plugins:
    """Typed access to the hooks: one method per hook, results checked and combined.

    Build it with :func:`get_plugins`. ``failures`` lists plugins that did not load;
    ``profiles_dir`` is the folder of ``<slug>.yaml`` profile overrides
    (:mod:`naskah.agencies.profiles`).
    """

    pm: pluggy.PluginManager
    failures: list[PluginFailure] = field(default_factory=list)
    _dists: dict[str, tuple[str, str]] = field(default_factory=dict)
    profiles_dir: Path | None = None
    _declarers: dict[str, str] | None = field(default=None, repr=False)
    _relays: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def hook(self) -> Any:
        return self.pm.hook

    # --- agencies -----------------------------------------------------------------------------

    def agencies(self) -> dict[str, AgencyProfile]:
        """The usable agencies by slug, with the overrides of ``profiles_dir`` applied. An
        agency whose profile file has problems is left out (one bad file disables that agency
        only): :meth:`profile_problems` says why, :meth:`agency` raises them.

        Raises :class:`PluginError` on a duplicate slug,
        :class:`naskah.agencies.profiles.ProfileError` when the profiles folder is missing."""
        return self._agencies()[0]

    def profile_problems(self) -> dict[str, list[str]]:
        """Located problems of the profile files by agency slug (those agencies are disabled);
        under ``""`` the problems of files that belong to no installed agency."""
        return self._agencies()[1]

    def _agencies(self) -> tuple[dict[str, AgencyProfile], dict[str, list[str]]]:
        found: dict[str, AgencyProfile] = {}
        for impl, profiles in self._per_plugin("naskah_agencies"):
            for profile in profiles or ():
                if profile.slug in found:
                    raise PluginError(
                        _("agency {slug!r} is declared twice (again by plugin {impl!r})",
                          slug=profile.slug, impl=impl)
                    )
                found[profile.slug] = profile
        if self.profiles_dir is None:
            return found, {}
        from naskah.agencies.profiles import apply_each

        return apply_each(found, self.profiles_dir)

    def _agency_plugin_names(self) -> frozenset[str]:
        """Plugins implementing ``naskah_agencies`` (agency plugins: never site-wide, even when
        they declare no agency today)."""
        return frozenset(
            i.plugin_name for i in self.hook.naskah_agencies.get_hookimpls()
            if i.plugin_name != DEFAULT_PLUGIN
        )  # fmt: skip

    def agency_plugins(self) -> dict[str, str]:
        """The name of the plugin declaring each agency, by slug (computed once; the first
        declarer of a slug declared twice — :meth:`agencies` refuses that)."""
        if self._declarers is None:
            declarers: dict[str, str] = {}
            for impl, profiles in self._per_plugin("naskah_agencies"):
                for profile in profiles or ():
                    declarers.setdefault(profile.slug, impl)
            self._declarers = declarers
        return dict(self._declarers)

    def for_agency(self, slug: str | None) -> Any:
        """The hooks as asked for agency ``slug``: a hook relay (``.naskah_procedures(...)``
        …) without the plugins that declare *other* agencies. Asked, in this order: the plugin
        declaring ``slug``, site-wide plugins (not implementing ``naskah_agencies``) by name,
        the default. An undeclared slug is answered by site-wide plugins and the default only.
        ``slug=None``: every plugin, agency plugins by name before site-wide ones (listings)."""
        if slug not in self._relays:
            agency_plugins = self._agency_plugin_names()
            if slug is None:
                excluded: frozenset[str] = frozenset()
                own = agency_plugins
            else:
                own_name = self.agency_plugins().get(slug)
                own = frozenset({own_name} if own_name else ())
                excluded = agency_plugins - own
            self._relays[slug] = _AgencyHooks(self.pm, excluded, own)
        return self._relays[slug]

    def agency(self, slug: str) -> AgencyProfile:
        """The agency ``slug``.

        :raises ProfileError: its profile file has problems (every one located).
        :raises PluginError: unknown slug (the message lists the installed ones).
        """
        agencies, problems = self._agencies()
        if slug in problems:
            from naskah.agencies.profiles import ProfileError

            raise ProfileError(problems[slug])
        if slug not in agencies:
            known = ", ".join(sorted(agencies)) or _("none")
            message = _("unknown agency {slug!r}; installed agencies: {known}", slug=slug,
                        known=known)
            for failure in self.failures:
                message += "\n" + _("plugin {name!r} did not load: {error}", name=failure.name,
                                     error=failure.error)  # fmt: skip
            raise PluginError(message)
        return agencies[slug]

    def procedures(self, agency: AgencyProfile) -> tuple[Procedure, ...]:
        """The procedures of ``agency`` from the plugin declaring it.

        :raises PluginError: no procedures."""
        result = self.for_agency(agency.slug).naskah_procedures(agency=agency)
        if not result:
            raise PluginError(_("no plugin declares the SOP procedures of agency {slug!r}",
                                slug=agency.slug))
        return tuple(result)

    # --- documents ----------------------------------------------------------------------------

    def document_kinds(self, agency: AgencyProfile | str | None = None) -> dict[str, DocumentKind]:
        """Kinds by slug as ``agency`` (a profile or slug) sees them: the default's, site-wide
        plugins' and its declaring plugin's (:meth:`for_agency`), never another agency plugin's;
        ``None``: every plugin's (names for listings). A higher-priority plugin's kind replaces
        the default's, keeping the variants of both (``DocumentKind.variants``: a plugin may add
        a variant to a built-in kind by declaring the kind again with it)."""
        slug = agency.slug if isinstance(agency, AgencyProfile) else agency
        kinds: dict[str, DocumentKind] = {}
        for kinds_of_plugin in reversed(self.for_agency(slug).naskah_document_kinds()):
            for k in kinds_of_plugin or ():
                before = kinds.get(k.slug)
                if before is not None and set(before.variants) - set(k.variants):
                    merged = (*k.variants, *(v for v in before.variants if v not in k.variants))
                    k = dataclasses.replace(k, variants=merged)
                kinds[k.slug] = k
        return kinds

    def step_documents(
        self, agency: AgencyProfile, procedure: Procedure, step: Step
    ) -> list[DocumentSpec]:
        result = self.for_agency(agency.slug).naskah_step_documents(
            agency=agency, procedure=procedure, step=step
        )
        return list(result or ())

    def template(self, agency: AgencyProfile, kind: DocumentKind) -> Path:
        """The template of ``kind`` for ``agency`` (first result of ``naskah_template``).

        A plugin's own template (not naskah's ``templates/docx``) is checked before its first
        use (:func:`naskah.agencies.check.template_problems`, cached per path and mtime).

        :raises PluginError: no template, or the plugin's template has problems (the message
            names the plugin, its distribution, the file and every problem).
        """
        plugin_name, path = self._first_result(
            "naskah_template", agency.slug, agency=agency, kind=kind
        )
        if path is None or not Path(path).is_file():
            raise PluginError(_("no template for document kind {slug!r} (looked for {path})",
                                slug=kind.slug, path=path))
        from naskah.agencies import check as plugin_check

        if plugin_name not in (None, DEFAULT_PLUGIN) and not plugin_check.is_builtin_template(
            Path(path)
        ):
            problems, _note = plugin_check.template_problems(self, agency, kind, Path(path))
            if problems:
                dist = self._dists.get(plugin_name, ("?", "?"))[0]
                raise PluginError(
                    ngettext("plugin {name!r} ({dist}): template {path} of document kind {kind!r} "
                             "(agency {agency!r}) has {n} problem:",
                             "plugin {name!r} ({dist}): template {path} of document kind {kind!r} "
                             "(agency {agency!r}) has {n} problems:", len(problems),
                             name=plugin_name, dist=dist, path=path, kind=kind.slug,
                             agency=agency.slug)
                    + "\n" + "\n".join(f"  • {p}" for p in problems)
                )
        return Path(path)

    def document_context(
        self, cycle: Cycle, document: PlannedDocument, nomor: str | None
    ) -> dict[str, Any]:
        """Merged context: the default plugin's first, each other plugin's dict on top."""
        merged: dict[str, Any] = {}
        hooks = self.for_agency(cycle.agency.slug)
        for part in reversed(
            hooks.naskah_document_context(cycle=cycle, document=document, nomor=nomor)
        ):
            if part:
                merged.update(part)
        return merged

    def numbering_pattern(self, agency: AgencyProfile, kind: DocumentKind) -> str:
        return self.for_agency(agency.slug).naskah_numbering_pattern(agency=agency, kind=kind)

    def measurement_rules(self, agency: AgencyProfile) -> MeasurementRules:
        hooks = self.for_agency(agency.slug)
        return hooks.naskah_measurement_rules(agency=agency) or MeasurementRules()

    def validate_data(self, agency: AgencyProfile, data: CollectedData) -> list[Problem]:
        problems: list[Problem] = []
        for part in self.for_agency(agency.slug).naskah_validate_data(agency=agency, data=data):
            problems.extend(part or ())
        return problems

    # --- listing ------------------------------------------------------------------------------

    def describe(self) -> list[PluginInfo]:
        """Every registered plugin with its distribution, version and implemented hooks."""
        infos = []
        for name, plugin in self.pm.list_name_plugin():
            if plugin is None:
                continue
            hooks = tuple(sorted(h.name for h in self.pm.get_hookcallers(plugin) or ()))
            dist, version = self._dists.get(name, ("naskah", _version("naskah")))
            infos.append(PluginInfo(name, dist, version, hooks))
        return infos

    def _per_plugin(self, hook_name: str):
        """``(plugin name, answer)`` of each implementation of an argument-less hook.

        :raises PluginError: an implementation raised (the message names the plugin)."""
        caller = getattr(self.hook, hook_name)
        for impl in caller.get_hookimpls():
            try:
                answer = impl.function()
            except Exception as exc:
                error = f"{type(exc).__name__}: {exc}"
                raise PluginError(
                    _("plugin {name!r}: hook {hook} raised {error}", name=impl.plugin_name,
                      hook=hook_name, error=error)
                ) from exc  # fmt: skip
            yield impl.plugin_name, answer

    def _first_result(self, hook_name: str, slug: str, **kwargs: Any) -> tuple[str | None, Any]:
        """``(plugin name, result)`` of a first-result hook asked for agency ``slug``
        (:meth:`for_agency`): the implementations are asked in that relay's order (the
        declaring plugin, site-wide plugins by name, the default). With wrappers registered the
        hook is called normally and the plugin is ``None``."""
        caller = getattr(self.for_agency(slug), hook_name)
        impls = caller.get_hookimpls()
        if any(i.hookwrapper or i.wrapper for i in impls):
            return None, caller(**kwargs)
        for impl in reversed(impls):
            result = impl.function(*(kwargs[a] for a in impl.argnames))
            if result is not None:
                return impl.plugin_name, result
        return None, None


class _AgencyHooks:
    """A hook relay that skips the plugins named in ``excluded`` and asks the plugins named in
    ``first`` before the others: ``relay.naskah_x(**kwargs)`` calls the hook like pluggy does
    (first-result or all-results per its spec) in the order of :class:`_FilteredHook`."""

    def __init__(
        self, pm: pluggy.PluginManager, excluded: frozenset[str], first: frozenset[str]
    ) -> None:
        self._pm = pm
        self._excluded = excluded
        self._first = first

    def __getattr__(self, hook_name: str) -> Any:
        if not hook_name.startswith("naskah_"):
            raise AttributeError(hook_name)
        caller = _FilteredHook(self._pm, getattr(self._pm.hook, hook_name), self._excluded,
                               self._first)  # fmt: skip
        setattr(self, hook_name, caller)
        return caller


class _FilteredHook:
    """One hook without some plugins' implementations (by plugin name; pluggy's own
    ``subset_hook_caller`` needs hashable plugin objects, which plugins need not be), in an order
    that does not depend on registration: the plugins of ``first``, then the others by name,
    then the default; ``tryfirst``/``trylast`` order implementations within each group.
    Wrappers keep pluggy's order (they wrap every implementation)."""

    def __init__(self, pm: pluggy.PluginManager, caller: Any, excluded: frozenset[str],
                 first: frozenset[str] = frozenset()) -> None:  # fmt: skip
        self._pm = pm
        self._caller = caller
        self._excluded = excluded
        self._first = first
        self.name = caller.name

    def _rank(self, impl: Any) -> tuple[int, int]:
        name = impl.plugin_name
        group = 0 if name == DEFAULT_PLUGIN else 2 if name in self._first else 1
        return group, 0 if impl.trylast else 2 if impl.tryfirst else 1

    def get_hookimpls(self) -> list[Any]:
        impls = [i for i in self._caller.get_hookimpls() if i.plugin_name not in self._excluded]
        plain = [i for i in impls if not (i.hookwrapper or i.wrapper)]
        # pluggy calls the list from its end, so the highest rank is asked first; within a rank,
        # the name first in the alphabet is asked first (a stable sort on a reversed name sort).
        plain = sorted(sorted(plain, key=lambda i: i.plugin_name, reverse=True), key=self._rank)
        return plain + [i for i in impls if i.hookwrapper or i.wrapper]

    def __call__(self, **kwargs: Any) -> Any:
        """Call the hook; an implementation that raises something other than a naskah error
        (a plugin's bug) becomes a :class:`PluginError` naming the plugin and the hook."""
        impls = self.get_hookimpls()
        firstresult = bool(self._caller.spec and self._caller.spec.opts.get("firstresult"))
        if any(i.hookwrapper or i.wrapper for i in impls):
            # Wrappers need pluggy's own call loop (the one HookCaller.__call__ uses).
            try:
                return self._pm._hookexec(self.name, impls, kwargs, firstresult)
            except NaskahError:
                raise
            except Exception as exc:
                names = ", ".join(sorted({i.plugin_name for i in impls}))
                raise PluginError(_("plugin {name!r}: hook {hook} raised {error}", name=names,
                                    hook=self.name, error=f"{type(exc).__name__}: {exc}")
                                  ) from exc  # fmt: skip
        results = []
        for impl in reversed(impls):  # pluggy's call order: last registered / tryfirst first
            try:
                result = impl.function(*(kwargs[a] for a in impl.argnames))
            except NaskahError:
                raise
            except Exception as exc:
                raise PluginError(_("plugin {name!r}: hook {hook} raised {error}",
                                    name=impl.plugin_name, hook=self.name,
                                    error=f"{type(exc).__name__}: {exc}")) from exc  # fmt: skip
            if result is not None:
                if firstresult:
                    return result
                results.append(result)
        return None if firstresult else results


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def get_plugins(
    disabled: list[str] | tuple[str, ...] = (),
    *,
    entry_points: bool = True,
    extra: tuple[tuple[str, object], ...] = (),
    profiles_dir: Path | None = None,
    agencies_dir: Path | None = None,
) -> Plugins:
    """Build the plugin manager: hookspecs, the default plugin, entry-point plugins, ``extra``.

    :param disabled: plugin (entry-point) names not to load (``settings.plugins.disabled``).
    :param entry_points: load the ``naskah`` entry-point group (tests may turn it off).
    :param extra: ``(name, module_or_object)`` pairs registered after the entry points.
    :param profiles_dir: folder of ``<slug>.yaml`` agency profile overrides
        (``settings.plugins.profiles_dir``); ``None``: the plugins' profiles as declared.
    :param agencies_dir: folder of agency data files (``settings.plugins.agencies_dir``), read
        by the built-in declarative plugin (:mod:`naskah.agencies.data_plugin`), registered
        after the entry points under ``naskah.plugins.declarative``; a file with problems is a
        failure named ``naskah.plugins.declarative:<file>``, the other files load.
    :return: :class:`Plugins`; plugins that failed to import are in ``failures``, not raised.
    """
    from naskah.plugins import default

    pm = pluggy.PluginManager(PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    pm.register(default, name=DEFAULT_PLUGIN)
    plugins = Plugins(pm, profiles_dir=profiles_dir)
    if entry_points:
        for ep in importlib.metadata.entry_points(group=PROJECT_NAME):
            if ep.name in disabled or pm.has_plugin(ep.name):
                continue
            dist = ep.dist.name if ep.dist else "?"
            version = ep.dist.version if ep.dist else "?"
            try:
                _register_checked(pm, ep.load(), ep.name)
                plugins._dists[ep.name] = (dist, version)
            except Exception as exc:  # a broken plugin must not take the others down
                error = f"{type(exc).__name__}: {exc}"
                plugins.failures.append(PluginFailure(ep.name, dist, error))
    if agencies_dir is not None:
        from naskah.agencies.data_plugin import DeclarativeAgencies
        from naskah.agencies.declarative import PLUGIN_NAME

        if PLUGIN_NAME not in disabled:
            declared = DeclarativeAgencies(Path(agencies_dir))
            _register_checked(pm, declared, PLUGIN_NAME)
            for file_name, problems in declared.broken.items():
                plugins.failures.append(
                    PluginFailure(f"{PLUGIN_NAME}:{file_name}", "naskah", "\n".join(problems))
                )
    for name, obj in extra:
        if name not in disabled:
            try:
                _register_checked(pm, obj, name)
            except Exception as exc:
                plugins.failures.append(PluginFailure(name, "?", f"{type(exc).__name__}: {exc}"))
    return plugins


def plugins_for(settings: Any) -> Plugins:
    """:func:`get_plugins` as ``settings.plugins`` asks: disabled plugins left out, profile
    overrides of ``profiles_dir``, agency data files of ``agencies_dir``."""
    return get_plugins(
        settings.plugins.disabled,
        profiles_dir=settings.plugins.profiles_dir,
        agencies_dir=settings.plugins.agencies_dir,
    )


def _register_checked(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    """Register ``plugin``; unregister it again if it implements a hook that has no spec
    (a misspelt hook name), raising ``PluginValidationError``."""
    pm.register(plugin, name=name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError:
        pm.unregister(name=name)
        raise

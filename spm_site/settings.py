"""Per-framework settings: which rules run, at what severity, with which thresholds.

They come from `framework/spm.yml` and, for sites built with MkDocs, from the `spm` plugin's
options in `mkdocs.yml` (which win). For example:

    rules:
      SPM118:              # by code or by name
        max_age_days: 400
      imposed-measure: error
      SPM117: off
    alignment_page: true
    limits:
      max_name_length: 300   # characters in a name or title
      max_file_kb: 2048      # size of one YAML file

Every option and limit is declared once, as a field of a dataclass (`Options` in its rule module,
`Limits` in framework/limits.py; see framework/options.py); reading it here, its JSON Schema, the
reference page and `spm-site explain` all come from that declaration. A value outside its range is
a located error when the settings are read, so no rule ever sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import Any

from . import rules
from .diagnostics import Diagnostic, Location, Severity
from .framework.documents import CONFIG_FILES, Tree, read_config_file
from .framework.limits import Limits
from .framework.loader import LocDict
from .framework.options import Declared, RuleOptions, Setting, YesNo, shown
from .framework.visibility import Audiences, parse_audiences

LEVELS = ["off", *(s.value for s in Severity)]

#: The one setting at the top of spm.yml that is a value rather than a group of settings.
ALIGNMENT_PAGE = Setting("alignment_page", True, YesNo(),
                         "Whether the site gets an Alignment page listing every finding.")


def declarations() -> dict[str, type[Declared]]:
    """Every group of declared settings, by where spm.yml holds it: each rule with options, then `limits`."""
    groups: dict[str, type[Declared]] = {
        rule.CODE: rules.options(rule) for rule in rules.RULES.values() if rules.options(rule).settings()}
    return {**groups, "limits": Limits}


@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    severity: Severity
    options: RuleOptions


@dataclass
class Settings:
    """Rule overrides by code, whether the site gets an alignment page, and the caps on sizes."""

    #: By rule code: the severity (`severity`) and the options given, parsed and in range.
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    alignment_page: bool = ALIGNMENT_PAGE.default
    limits: Limits = field(default_factory=Limits)
    #: Who may see what: the audiences spm.yml names and each kind's default visibility.
    audiences: Audiences = field(default_factory=Audiences)
    #: The text of the settings file as read, by display path, so its findings can quote it.
    sources: dict[str, str] = field(default_factory=dict)
    #: The previous edition, a git revision (`since:`), and where it was written (see spm_site/since.py).
    since: str | None = None
    since_at: Location | None = None
    #: The organisation's own wording of spm-site's labels (`labels:`), by the English label (site/labels.py).
    labels: dict[str, str] = field(default_factory=dict)

    def for_rule(self, rule: ModuleType) -> RuleSettings:
        given = self.rules.get(rule.CODE, {})
        level = given.get("severity", rule.SEVERITY.value)
        options = rules.options(rule)(**{k: v for k, v in given.items() if k != "severity"})
        return RuleSettings(level != "off", Severity(level) if level != "off" else rule.SEVERITY, options)


class _Reader:
    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Diagnostic] = []

    def error(self, data: Any, key: str | None, message: str, hint: str | None = None, *, at_key: bool = False) -> None:
        """Report at the value of `key` in `data` (or at the key itself, for a key that is wrong)."""
        self.problems.append(Diagnostic(self._at(data, key, at_key), "bad-setting", message, hint=hint))

    def label_error(self, data: Any, key: str, name: str, message: str, hint: str | None) -> None:
        """A label override that cannot be used (`unknown-label` at the label, `bad-label` at its wording)."""
        self.problems.append(Diagnostic(self._at(data, key, name == "unknown-label"), name, message, hint=hint))

    def _at(self, data: Any, key: str | None, at_key: bool) -> Location:
        mark = getattr(data, "mark", (1, 1))
        if isinstance(data, LocDict) and key:
            mark = (data.key_marks if at_key else data.marks).get(key, mark)
        return Location(self.display, *mark)

    def parse(self, data: dict, key: str, declared: Setting, what: str, prefix: str = "") -> tuple[bool, Any]:
        """(True, the value) if `declared` accepts `data[key]`; else the error is reported and (False, None)."""
        try:
            return True, declared.accepts.parse(data[key])
        except ValueError:
            self.error(data, key, prefix + declared.problem(data[key], what))
            return False, None


def apply(settings: Settings, data: dict, reader: _Reader) -> None:
    """Merge `data` (from spm.yml or the plugin options) into `settings`, reporting every mistake."""
    for key, value in data.items():
        if key == ALIGNMENT_PAGE.name:
            ok, parsed = reader.parse(data, key, ALIGNMENT_PAGE, "setting")
            if ok:
                settings.alignment_page = parsed
        elif key == "rules":
            if not isinstance(value, dict):
                reader.error(data, key, "'rules' must map rule codes to a severity or to options")
                continue
            for name, conf in value.items():
                _apply_rule(settings, value, str(name), conf, reader)
        elif key == "limits":
            _apply_limits(settings, data, key, reader)
        elif key == "audiences":
            settings.audiences, found = parse_audiences(value, reader.display, getattr(data, "marks", {}).get(key, (1, 1)))
            reader.problems.extend(found)
        elif key == "since":
            _apply_since(settings, data, key, reader)
        elif key == "labels":
            _apply_labels(settings, data, key, reader)
        else:
            reader.error(data, key, f"unknown setting {shown(key)}",
                         hint="settings are 'rules', 'alignment_page', 'limits', 'since', 'audiences' and 'labels'",
                         at_key=True)


def _apply_labels(settings: Settings, data: dict, key: str, reader: _Reader) -> None:
    """`labels: {"Measures": "KPIs"}`: the organisation's own wording of spm-site's labels, each checked."""
    from .site.labels import override_problem  # the catalogue is the site's; settings only read the file

    value = data[key]
    if not isinstance(value, dict):
        reader.error(data, key, "'labels' must map spm-site's labels (in English) to the organisation's wording",
                     hint='for example `labels: {"Measures": "KPIs"}`')
        return
    for label, wording in value.items():
        problem = override_problem(str(label), wording)
        if problem is None:
            settings.labels[str(label)] = wording
            continue
        name, message, hint = problem
        reader.label_error(value, label, name, message, hint)


def _apply_since(settings: Settings, data: dict, key: str, reader: _Reader) -> None:
    """`since: v2026`: the git revision (tag, branch, commit) of the previous edition, to compare with."""
    value = data[key]
    if not isinstance(value, str) or not value.strip() or value.startswith("-"):
        reader.error(data, key, "'since' names the previous edition as a git revision: a tag, a branch or a commit",
                     hint="for example `since: v2026`")
        return
    mark = data.marks.get(key, data.mark) if isinstance(data, LocDict) else (1, 1)
    settings.since, settings.since_at = value.strip(), Location(reader.display, *mark)


def _apply_limits(settings: Settings, data: dict, key: str, reader: _Reader) -> None:
    value = data[key]
    declared = Limits.settings()
    hint = f"the limits are: {', '.join(declared)}"
    if not isinstance(value, dict):
        reader.error(data, key, "'limits' must map limit names to numbers", hint=hint)
        return
    for name in value:
        limit = declared.get(str(name))
        if limit is None:
            reader.error(value, name, f"no limit is called {shown(name)}", hint=hint, at_key=True)
            continue
        ok, parsed = reader.parse(value, name, limit, Limits.kind)
        if ok:
            settings.limits = replace(settings.limits, **{limit.name: parsed})


def _apply_rule(settings: Settings, parent: dict, name: str, conf: Any, reader: _Reader) -> None:
    rule = rules.get(name)
    if rule is None:
        reader.error(parent, name, f"no rule is called {shown(name)}", hint="`spm-site rules` lists them all", at_key=True)
        return
    target = settings.rules.setdefault(rule.CODE, {})
    if isinstance(conf, str):  # the short form: `SPM106: warning`
        _set_severity(target, rule, conf, parent, name, reader)
        return
    if not isinstance(conf, dict):
        reader.error(parent, name, f"rule {rule.CODE}: expected off, error, warning, info or a mapping of options")
        return
    group = rules.options(rule)
    declared = group.settings()
    for option in conf:
        if option == "severity":
            _set_severity(target, rule, conf[option], conf, option, reader)
        elif option in declared:
            ok, parsed = reader.parse(conf, option, declared[option], group.kind, f"rule {rule.CODE}: ")
            if ok:
                target[option] = parsed
        else:
            known = ", ".join(["severity", *declared])
            reader.error(conf, option, f"rule {rule.CODE} has no option {shown(option)}", hint=f"its options are: {known}",
                         at_key=True)


def _set_severity(target: dict, rule: ModuleType, value: Any, data: Any, key: str, reader: _Reader) -> None:
    if not isinstance(value, str) or value not in LEVELS:
        reader.error(data, key, f"rule {rule.CODE}: severity must be one of {', '.join(sorted(LEVELS))}, not {shown(value)}")
    else:
        target["severity"] = value


def load_settings(root: Tree, overrides: dict | None = None) -> tuple[Settings, list[Diagnostic]]:
    """Settings from `root/spm.yml` (if any; `root` may be a git revision's `Blobs`), then `overrides` (the plugin's options)."""
    settings = Settings()
    problems: list[Diagnostic] = []
    for name in CONFIG_FILES:
        read = read_config_file(root, name)
        if read is not None:
            source, found = read
            problems.extend(found)
            if source.text is not None:
                settings.sources[source.display] = source.text
            if source.data is not None:
                reader = _Reader(source.display)
                apply(settings, source.data, reader)
                problems.extend(reader.problems)
    if overrides:
        reader = _Reader("mkdocs.yml")
        apply(settings, overrides, reader)
        problems.extend(reader.problems)
    return settings, problems

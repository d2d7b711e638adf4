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

Every option has a declared type and range (`ACCEPTS` in its rule module, `LIMITS` below); a value
outside it is a located error when the settings are read, so no rule ever sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from . import rules
from .diagnostics import Diagnostic, Location, Severity
from .framework.documents import CONFIG_FILES, display_path
from .framework.scalars import BOOLEANS
from .framework.limits import LIMITS, Limits
from .framework.loader import LocDict, load_file
from .framework.options import problem, shown

_LEVELS = {"off", *(s.value for s in Severity)}



@dataclass(frozen=True)
class RuleSettings:
    enabled: bool
    severity: Severity
    options: dict[str, Any]


@dataclass
class Settings:
    """Rule overrides by code, whether the site gets an alignment page, and the caps on sizes."""

    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    alignment_page: bool = True
    limits: Limits = field(default_factory=Limits)
    #: The text of the settings file as read, by display path, so its findings can quote it.
    sources: dict[str, str] = field(default_factory=dict)

    def for_rule(self, rule: ModuleType) -> RuleSettings:
        given = self.rules.get(rule.CODE, {})
        level = given.get("severity", rule.SEVERITY.value)
        options = {**rule.OPTIONS, **{k: v for k, v in given.items() if k != "severity"}}
        return RuleSettings(level != "off", Severity(level) if level != "off" else rule.SEVERITY, options)


class _Reader:
    def __init__(self, display: str) -> None:
        self.display = display
        self.problems: list[Diagnostic] = []

    def error(self, data: Any, key: str | None, message: str, hint: str | None = None, *, at_key: bool = False) -> None:
        """Report at the value of `key` in `data` (or at the key itself, for a key that is wrong)."""
        mark = getattr(data, "mark", (1, 1))
        if isinstance(data, LocDict) and key:
            mark = (data.key_marks if at_key else data.marks).get(key, mark)
        self.problems.append(Diagnostic(Location(self.display, *mark), "bad-setting", message, hint=hint))


def apply(settings: Settings, data: dict, reader: _Reader) -> None:
    """Merge `data` (from spm.yml or the plugin options) into `settings`, reporting every mistake."""
    for key, value in data.items():
        if key == "alignment_page":
            if not (isinstance(value, bool) or (isinstance(value, str) and value in BOOLEANS)):
                reader.error(data, key, "alignment_page must be true or false")
            else:
                settings.alignment_page = value if isinstance(value, bool) else BOOLEANS[value]
        elif key == "rules":
            if not isinstance(value, dict):
                reader.error(data, key, "'rules' must map rule codes to a severity or to options")
                continue
            for name, conf in value.items():
                _apply_rule(settings, value, str(name), conf, reader)
        elif key == "limits":
            _apply_limits(settings, data, key, reader)
        else:
            reader.error(data, key, f"unknown setting {shown(key)}",
                         hint="settings are 'rules', 'alignment_page' and 'limits'", at_key=True)


def _apply_limits(settings: Settings, data: dict, key: str, reader: _Reader) -> None:
    value = data[key]
    if not isinstance(value, dict):
        reader.error(data, key, "'limits' must map limit names to numbers",
                     hint=f"the limits are: {', '.join(LIMITS)}")
        return
    for name, given in value.items():
        accepts = LIMITS.get(str(name))
        if accepts is None:
            reader.error(value, name, f"no limit is called {shown(name)}", hint=f"the limits are: {', '.join(LIMITS)}",
                         at_key=True)
            continue
        try:
            settings.limits = replace(settings.limits, **{name: accepts.parse(given)})
        except ValueError:
            reader.error(value, name, problem(name, accepts, getattr(Limits(), name), given, what="limit"))


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
    accepts = getattr(rule, "ACCEPTS", {})
    for option, value in conf.items():
        if option == "severity":
            _set_severity(target, rule, value, conf, option, reader)
        elif option in rule.OPTIONS:
            try:
                target[option] = accepts[option].parse(value)
            except ValueError:
                reader.error(conf, option, f"rule {rule.CODE}: " + problem(option, accepts[option],
                                                                          rule.OPTIONS[option], value))
        else:
            known = ", ".join(["severity", *rule.OPTIONS])
            reader.error(conf, option, f"rule {rule.CODE} has no option {shown(option)}", hint=f"its options are: {known}",
                         at_key=True)


def _set_severity(target: dict, rule: ModuleType, value: Any, data: Any, key: str, reader: _Reader) -> None:
    if not isinstance(value, str) or value not in _LEVELS:
        reader.error(data, key, f"rule {rule.CODE}: severity must be one of {', '.join(sorted(_LEVELS))}, not {shown(value)}")
    else:
        target["severity"] = value


def load_settings(root: Path, overrides: dict | None = None) -> tuple[Settings, list[Diagnostic]]:
    """Settings from `root/spm.yml` (if any), then `overrides` (the plugin's options)."""
    settings = Settings()
    problems: list[Diagnostic] = []
    for name in CONFIG_FILES:
        path = root / name
        if path.is_file():
            source, found = load_file(path, display_path(path))
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

"""JSON Schemas of the framework files, so that an editor can help while people type.

Generated from the pydantic models (the single source of truth), then adjusted to what authors
really write in an editor whose YAML language server (Red Hat's `vscode-yaml`, github.dev, Neovim,
Helix, ...) reads YAML 1.2 and knows nothing of the spm-site loader:

- one-item files (`values/`, `objectives/`, `functions/`, `roles/`) take their id from the file
  name, so `id` is optional there;
- spm-site reads every value as text and cannot know whether it was quoted, so a field accepts
  the YAML 1.2 value and its text alike: a number field takes `35` and `"35"` (never `.inf` or
  `.nan`), a text field takes `2027` and `true` as the words written (never only spaces), an id
  takes `1` but not `true`, a date is a `YYYY-MM-DD` day that exists (leap years included);
- every mapping forbids unknown keys (a misspelt key is underlined);
- descriptions stay (they are the hover help), with a `markdownDescription` for editors that
  render Markdown, human titles, and short error messages for HR people instead of regexes.

What a schema cannot know (does the role `sales-manager` exist? do the weights add up?) is left
to `spm-site check`. Output is deterministic: write it with sorted keys, as `write_schemas` does.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from . import rules as rule_registry
from .framework.documents import FOLDERS, ONE_ITEM_FOLDERS, SINGLE_FILES
from .framework.limits import Limits
from .framework.visibility import audiences_schema
from .framework import introspect
from .framework.introspect import human
from .framework.kinds import MODELS
from .framework.model import BOOLEAN_IDS, ID_PATTERN, URL_PATTERN, Node
from .framework.options import Declared, Setting
from .framework.scalars import DATE_PATTERN, NUMBER_PATTERN, TARGET_WORDS_PATTERN, TEXT_PATTERN, NOT_TARGET_WORDS_PATTERN
from .settings import ALIGNMENT_PAGE, LEVELS

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: The name of the settings file's schema, next to the file kinds.
SETTINGS_KIND = "spm"
#: What the `rules:` and `limits:` groups of spm.yml are for (editor hover help and the reference page).
RULES_TEXT = ("Alignment rules to turn off, make stricter or tune, by code (`SPM106`) or name "
              "(`imposed-measure`): a severity (`off`, `error`, `warning`, `info`) or a mapping with "
              "`severity` and the rule's options.")
LIMITS_TEXT = "Caps on the length of a name or title and on the size of one framework file."

_ID_MESSAGE = "Use lower-case letters, digits and hyphens only, like account-executive."
_DATE_MESSAGE = "Write the date as YYYY-MM-DD, for example 2027-03-31."
_NUMBER_MESSAGE = "Write a number, like 25 or 2.5, without units."
_TARGET_MESSAGE = "Write a number, like 25 or 2.5, without units, or the target in words, like TBD."
_TEXT_MESSAGE = "Write some text: spaces alone leave it empty."
_URL_MESSAGE = "Write one address, with no spaces, quotes, brackets or parentheses (write %28 and %29 for those)."
#: The largest finite number: `.inf` is above it.
_FINITE = 1.7976931348623157e308
#: The `id` of a file that holds one item (its name is the id); the reference page says the same.
FILE_ID_DESCRIPTION = (
    "Optional: the file name is the id (roles/account-executive.yml is `account-executive`). "
    "If you write it, it must be the file name without `.yml`."
)


#: What one file of each kind is, in words (schema titles and reference headings).
KIND_TITLES = {
    "organisation": "Organisation",
    "principles": "Principles",
    "levels": "Career levels",
    "competencies": "Competencies",
    "feedback": "Feedback rhythm",
    "values": "Value",
    "objectives": "Objective",
    "functions": "Function",
    "roles": "Role",
    "measures": "Measure group",
    "retired": "Retired items",
    SETTINGS_KIND: "Settings",
}


def where(kind: str) -> str:
    """Where files of `kind` live, from the repository root, as an author would write it."""
    if kind in SINGLE_FILES:
        return f"framework/{kind}.yml"
    if kind in ONE_ITEM_FOLDERS:
        return f"framework/{kind}/<id>.yml"
    if kind in FOLDERS:
        return f"framework/{kind}/<group>.yml"
    return "framework/spm.yml"


def file_globs(kind: str) -> list[str]:
    """Workspace globs of the files a schema applies to (for `yaml.schemas` in editor settings)."""
    if kind == SETTINGS_KIND:
        return ["framework/spm.yml", "framework/spm.yaml"]
    if kind in SINGLE_FILES:
        return [f"framework/{kind}.yml", f"framework/{kind}.yaml"]
    return [f"framework/{kind}/**/*.yml", f"framework/{kind}/**/*.yaml"]


# --- shaping pydantic's output ----------------------------------------------------------------


def _is_null(node: Any) -> bool:
    return node == {"type": "null"}


def _scalar(node: dict) -> dict:
    """The schema of one scalar as authors write it, from pydantic's schema of our custom types."""
    kind = node.get("type")
    if kind == "string" and node.get("format") == "date":  # Date
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN, "patternErrorMessage": _DATE_MESSAGE}
    if kind == "string" and node.get("pattern") == ID_PATTERN:  # Id
        return {"type": ["string", "integer"], "minimum": 0, "pattern": ID_PATTERN, "not": {"enum": list(BOOLEAN_IDS)},
                "patternErrorMessage": _ID_MESSAGE}
    if kind == "string" and node.get("pattern") == URL_PATTERN:  # a supporting link's address
        return {"type": "string", "pattern": URL_PATTERN, "patternErrorMessage": _URL_MESSAGE}
    if kind == "string" and "enum" not in node:  # Text: what YAML reads as a number or a boolean is text too
        return {"type": ["string", "number", "boolean"], "minLength": 1, "pattern": TEXT_PATTERN,
                "patternErrorMessage": _TEXT_MESSAGE}
    if kind == "number":  # Number
        return number_schema()
    return node


def number_schema() -> dict:
    """A finite number, or its text in the check's number grammar (a quoted `"35"`).

    `.inf` fails the bounds; `.nan` passes every comparison, so it is caught as the one value that
    lies in [0, 0] without being equal to 0.
    """
    finite = {"type": "number", "minimum": -_FINITE, "maximum": _FINITE,
              "not": {"minimum": 0, "maximum": 0, "not": {"const": 0}}}
    return {"anyOf": [finite, {"type": "string", "pattern": NUMBER_PATTERN}], "errorMessage": _NUMBER_MESSAGE}


def target_schema(optional: bool) -> dict:
    """A target (`model.Target`): a number as `number_schema` takes it, or words the check keeps as
    words (a letter in them, and not a yes/no); null too where it is optional."""
    words = {"type": "string", "pattern": TARGET_WORDS_PATTERN, "not": {"pattern": NOT_TARGET_WORDS_PATTERN}}
    return {"anyOf": [*number_schema()["anyOf"], words, *([{"type": "null"}] if optional else [])],
            "errorMessage": _TARGET_MESSAGE}


def _shape(node: Any, enums: dict[str, dict]) -> Any:
    """Rewrite one pydantic schema node (recursively) into what the editor should see."""
    if isinstance(node, list):
        return [_shape(n, enums) for n in node]
    if not isinstance(node, dict):
        return node
    node = dict(node)
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/") and ref[len("#/$defs/"):] in enums:  # enums are small: inline them
        del node["$ref"]
        node = {**enums[ref[len("#/$defs/"):]], **node}
    node.pop("default", None)  # `default: null` would be inserted by completion
    node.pop("title", None)  # titles are set below, from names
    options = node.get("anyOf")
    if options and len(options) == 2 and any(_is_null(o) for o in options):
        shaped = _shape(next(o for o in options if not _is_null(o)), enums)
        if "anyOf" in shaped:  # `Number | None`: one more way to write it
            del node["anyOf"]
            return _describe({**shaped, **node, "anyOf": [*shaped["anyOf"], {"type": "null"}]})
        if "$ref" not in shaped:  # `Text | None`: one schema that also allows null
            del node["anyOf"]
            types = shaped.get("type")
            types = types if isinstance(types, list) else [types]
            node = {**shaped, **node, "type": [*types, "null"]}
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
            return _describe(node)
    for key in ("items", "anyOf", "allOf", "oneOf"):
        if key in node:
            node[key] = _shape(node[key], enums)
    if "properties" in node:
        node["properties"] = {name: _shape(sub, enums) for name, sub in node["properties"].items()}
    if "type" in node and "properties" not in node:
        node = {**_scalar(node), **{k: v for k, v in node.items() if k not in ("type", "format", "pattern", "minLength")}}
    return _describe(node)


def _describe(node: dict) -> dict:
    if "description" in node:
        node["markdownDescription"] = node["description"]
    return node


def _annotate(schema: dict, defs: dict[str, dict], model: type[Node]) -> None:
    """What the models declare beyond pydantic's schema: human titles for every mapping and key,
    and for a reference the kind of item it names, in its error message."""
    for sub in introspect.models(model):
        node = schema if sub is model else defs[sub.__name__]
        node["title"] = human(sub.__name__)
        for spec in introspect.fields(sub):
            prop = node["properties"][spec.key]
            prop["title"] = spec.title
            if spec.refers:
                scalar = prop["items"] if spec.many else prop
                scalar["patternErrorMessage"] = _reference_message(spec)
            if spec.scalar == "number or text":
                for key in ("anyOf", "type", "pattern", "minLength", "errorMessage", "patternErrorMessage"):
                    prop.pop(key, None)
                prop.update(target_schema(spec.optional))


def _reference_message(spec: introspect.FieldSpec) -> str:
    return f"Use the id of {spec.target}: lower-case letters, digits and hyphens only."


def _model_schema(model: type[Node], kind: str) -> dict:
    raw = model.model_json_schema(mode="validation")
    defs = raw.pop("$defs", {})
    enums = {name: {k: v for k, v in d.items() if k in ("enum", "type")} for name, d in defs.items() if "enum" in d}
    shaped_defs = {name: _shape(d, enums) for name, d in defs.items() if name not in enums}
    schema = _shape(raw, enums)
    _annotate(schema, shaped_defs, model)
    if kind in ONE_ITEM_FOLDERS:
        schema["required"] = [r for r in schema.get("required", []) if r != "id"]
        schema["properties"]["id"] = {
            **schema["properties"]["id"], "description": FILE_ID_DESCRIPTION, "markdownDescription": FILE_ID_DESCRIPTION}
    waiver = shaped_defs.get("Waiver")
    if waiver:  # completion offers the rule codes; names work too, so they are examples, not an enum
        waiver["properties"]["rule"]["examples"] = list(rule_registry.RULES)
    schema["title"] = f"{KIND_TITLES[kind]} ({where(kind)})"
    schema["$schema"] = DRAFT
    if shaped_defs:
        schema["$defs"] = shaped_defs
    return schema


# --- spm.yml ----------------------------------------------------------------------------------


def _setting_schema(declared: Setting) -> dict:
    """One option, limit or yes/no, from its declaration: what it accepts, its default and its meaning."""
    text = declared.explained()
    return {**declared.accepts.json_schema(), "default": declared.default, "title": human(declared.name),
            "description": text, "markdownDescription": text}


def _group_schema(group: type[Declared]) -> dict[str, dict]:
    return {name: _setting_schema(declared) for name, declared in group.settings().items()}


def _rule_schema(rule: ModuleType) -> dict:
    summary = rule_registry.summary(rule)
    text = f"{rule.CODE} {rule.NAME}: {summary} Default severity: {rule.SEVERITY.value}."
    options = {"severity": {"$ref": "#/$defs/Severity"}, **_group_schema(rule_registry.options(rule))}
    detailed = {"type": "object", "additionalProperties": False, "properties": options,
                "title": f"{rule.CODE} settings",
                "description": "The rule's severity and options.", "markdownDescription": "The rule's severity and options."}
    # if/then/else rather than anyOf: a misspelt option is reported as such, not as a bad severity.
    return {"if": {"type": "string"}, "then": {"$ref": "#/$defs/Severity"}, "else": detailed,
            "title": f"{rule.CODE} {rule.NAME}", "description": text, "markdownDescription": text}


def settings_schema() -> dict:
    """`spm.yml`: which rules run, at which severity, with which options, and the alignment page."""
    rule_props: dict[str, Any] = {}
    patterns: dict[str, Any] = {}
    for rule in rule_registry.RULES.values():
        rule_props[rule.CODE] = _rule_schema(rule)
        rule_props[rule.NAME] = {"$ref": f"#/properties/rules/properties/{rule.CODE}"}
        # Codes are accepted in any case, as `spm-site check` does.
        patterns["^" + "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else c for c in rule.CODE) + "$"] = {
            "$ref": f"#/properties/rules/properties/{rule.CODE}"}
    severity_text = "`off` turns the rule off; `error` fails the check; `warning` and `info` are reported."
    return {
        "$defs": {"Severity": {"enum": LEVELS, "type": "string", "title": "Severity", "description": severity_text,
                               "markdownDescription": severity_text, "errorMessage": "Use off, error, warning or info."}},
        "$schema": DRAFT,
        "title": f"{KIND_TITLES[SETTINGS_KIND]} ({where(SETTINGS_KIND)})",
        "description": "spm-site's settings for this framework: which alignment rules run, and how.",
        "markdownDescription": "spm-site's settings for this framework: which alignment rules run, and how.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "audiences": audiences_schema(),
            "rules": {"type": "object", "title": "Rules", "description": RULES_TEXT, "markdownDescription": RULES_TEXT,
                      "properties": rule_props, "patternProperties": patterns, "additionalProperties": False},
            ALIGNMENT_PAGE.name: _setting_schema(ALIGNMENT_PAGE),
            "limits": {"type": "object", "title": "Limits", "description": LIMITS_TEXT,
                       "markdownDescription": LIMITS_TEXT, "additionalProperties": False,
                       "properties": _group_schema(Limits)},
            "since": {"type": "string", "minLength": 1, "pattern": "^[^-]", "title": "Previous edition",
                      "description": SINCE_TEXT, "markdownDescription": SINCE_TEXT},
            "labels": labels_schema(),
        },
    }


#: What `labels:` in spm.yml means (see spm_site/site/labels.py).
LABELS_TEXT = ("The organisation's own wording of spm-site's labels, from the label as the English handbook "
               "writes it to yours: `\"Measures\": \"KPIs\"`. Your wording is used in every language and is "
               "shown as text, never as Markdown or HTML; a label that fills something in (`Part of %(function)s`) "
               "must keep its placeholders.")


def labels_schema() -> dict:
    """`labels:`: every label spm-site has, so an editor completes them and flags a misspelt one."""
    from .site.labels import msgids  # the catalogue is the site's

    return {"type": "object", "title": "Labels", "description": LABELS_TEXT, "markdownDescription": LABELS_TEXT,
            "propertyNames": {"enum": sorted(msgids())},
            "additionalProperties": {"type": "string", "minLength": 1}}


#: What `since:` in spm.yml means (see spm_site/since.py).
SINCE_TEXT = ("The previous edition, as a git revision of this repository (a tag such as `v2026`, a branch or a "
              "commit): the site then shows what changed since it. `spm-site build --since` wins over it.")


# --- public API -------------------------------------------------------------------------------


def json_schemas() -> dict[str, dict]:
    """A JSON Schema (draft 2020-12) for every file kind, in the kinds table's order, then `spm`."""
    out = {kind: _model_schema(model, kind) for kind, model in MODELS.items()}
    out[SETTINGS_KIND] = settings_schema()
    return copy.deepcopy(out)


def dumps(schema: dict) -> str:
    """The bytes-stable text of a schema file."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_file(kind: str) -> str:
    return f"{kind}.schema.json"


def write_schemas(folder: Path) -> list[tuple[Path, bool]]:
    """Write `<kind>.schema.json` for every kind into `folder`; (path, changed) for each file.

    A file whose content would not change is left alone, so re-running changes nothing at all.
    """
    folder.mkdir(parents=True, exist_ok=True)
    done: list[tuple[Path, bool]] = []
    for kind, schema in json_schemas().items():
        path = folder / schema_file(kind)
        text = dumps(schema)
        changed = not path.is_file() or path.read_text(encoding="utf-8") != text
        if changed:
            path.write_text(text, encoding="utf-8", newline="\n")
        done.append((path, changed))
    return done

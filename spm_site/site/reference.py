"""The reference page: every file kind, its keys and an example, generated from the model itself.

The tables come from the one reading of the models (`framework.introspect`) that `resolve` checks
references with and the JSON Schemas editors use are annotated from, so the page, the editor's
hover help and `spm-site check` can never disagree. The examples are hand-written below and a test
validates each against the model. Nothing on this page comes from an organisation's files.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Any

from .. import rules as rule_registry
from ..framework.documents import ONE_ITEM_FOLDERS, SINGLE_FILES
from ..framework import introspect
from ..framework.introspect import FieldSpec
from ..framework.kinds import MODELS
from ..framework.model import Node
from ..schema import FILE_ID_DESCRIPTION
from ..diagnostic_docs import explanations
from ..diagnostics import anchor, rule_page
from ..framework.limits import Limits
from ..framework.visibility import AUDIENCES_TEXT
from ..framework.options import Declared
from ..schema import KIND_TITLES, LIMITS_TEXT, RULES_TEXT, SETTINGS_KIND, human, json_schemas, where
from ..settings import ALIGNMENT_PAGE, LEVELS

#: What each reference (an id that names another item) points at, as its field declares: (model, key) -> kind.
REFERENCES: dict[tuple[str, str], str] = {
    (model.__name__, spec.key): spec.refers.kind  # type: ignore[union-attr]
    for model, spec in introspect.references(*MODELS.values())}

#: Where on the reference page each kind of item is described (anchors).
TARGET_ANCHORS = {
    "role": "roles", "function": "functions", "objective": "objectives", "value": "values",
    "measure": "measure", "pillar": "pillar", "level": "level", "feedback rhythm": "rhythm", "behaviour": "behaviour",
    "theme": "theme", "proficiency": "proficiency",
    "track": "track", "ladder": "ladder",
}

#: Where files of each kind live, in a sentence.
LOCATION = {
    "organisation": "Required: one file at the top of `framework/`.",
    "principles": "One file at the top of `framework/`.",
    "levels": "One file at the top of `framework/`.",
    "competencies": "Optional: one file at the top of `framework/`, with the themes expectations are grouped by "
                    "and the proficiency scale they use.",
    "feedback": "One file at the top of `framework/`.",
    "values": "One file per value in `framework/values/`; the file name is the value's id.",
    "objectives": "One file per objective in `framework/objectives/`; the file name is the objective's id.",
    "functions": "One file per function in `framework/functions/`; the file name is the function's id.",
    "roles": "One file per role in `framework/roles/`; the file name is the role's id.",
    "measures": "Any number of files in `framework/measures/`, each a group of related measures, "
                "named as you like; every measure has its own id.",
    "retired": "Optional: one file at the top of `framework/`, listing items that no longer exist, so "
               "that their old pages say what became of them.",
    SETTINGS_KIND: "Optional: one file at the top of `framework/`. Without it every rule runs at its default severity.",
}

#: One example per kind: valid files, as an author would write them (validated by the tests).
EXAMPLES: dict[str, tuple[str, str]] = {
    "organisation": ("framework/organisation.yml", """\
name: Acme Field Services
mission: Help small trades run every job without the paperwork.
about: This handbook says what we expect of each role, how we measure it and how we grow.
pillars:
  - id: growth
    name: Win the right customers
    description: Grow new revenue from firms where we make the biggest difference.
  - id: people
    name: A great place to work
    description: Keep and grow the people who make it happen.
commitment:
  sponsor: head-of-sales
  statement: We stand behind this framework and will review it every year.
  edition: "2027"
  approved_by: [head-of-sales]
  approved_on: 2026-11-02
  communicated: Presented at the all-hands on 4 November 2026.
  input_from: Every team reviewed a draft in October.
last_reviewed: 2026-11-02
"""),
    "principles": ("framework/principles.yml", """\
principles:
  - id: clarity
    name: Clarity
    summary: Everyone knows what is expected of them.
    in_practice: Every role has written measures and expectations.
last_reviewed: 2026-11-02
"""),
    "levels": ("framework/levels.yml", """\
levels:
  - id: l1
    name: Associate
    summary: Learns the role with close support.
  - id: l2
    name: Senior
    summary: Works independently and coaches others.
  - id: l3-principal
    name: Principal
    track: ic
    summary: Solves the problems no one else can.
  - id: l3-manager
    name: Manager
    track: manager
    summary: Leads a team and answers for its results.
tracks:
  - id: ic
    name: Individual contributor
  - id: manager
    name: People manager
ladders:
  - id: support
    name: Support
    summary: The support team's own grades.
    levels:
      - id: support-1
        name: Support grade 1
        summary: Answers questions from the knowledge base.
"""),
    "competencies": ("framework/competencies.yml", """\
cumulative: true
scale:
  - id: learning
    name: Learning
    description: Does it with guidance and checks the result with someone more experienced.
  - id: skilled
    name: Skilled
    description: Does it alone, reliably, in everyday situations.
themes:
  - id: selling
    name: Selling
    description: Discovery, demonstrations and negotiation.
  - id: teamwork
    name: Teamwork
"""),
    "feedback": ("framework/feedback.yml", """\
rhythms:
  - id: weekly-one-to-one
    name: Weekly one-to-one
    cadence: weekly
    purpose: Coach on live work and remove blockers.
    participants: Employee and manager
    prepared_by: The employee brings one piece of work to discuss.
  - id: annual-review
    name: Annual review
    cadence: annual
    purpose: Look back on the year and agree development goals.
    participants: Employee and manager
"""),
    "values": ("framework/values/customer-first.yml", """\
name: Customer first
statement: We do what is right for the customer, even when it is harder.
behaviours:
  - id: listen-first
    looks_like: Asks what the customer needs before proposing anything.
    not_like: Pitches the product before understanding the problem.
last_reviewed: 2026-11-02
"""),
    "objectives": ("framework/objectives/win-new-logos.yml", """\
name: Win 120 new customers
description: New logos in our core segment, closed and live.
pillar: growth
parent: grow-revenue
owner: head-of-sales
horizon: FY2027
"""),
    "functions": ("framework/functions/sales.yml", """\
name: Sales
purpose: Find and win the customers we serve best.
leader: head-of-sales
accountabilities:
  - statement: New revenue from new customers.
    objectives: [grow-revenue, win-new-logos]
"""),
    "roles": ("framework/roles/account-executive.yml", """\
name: Account executive
function: sales
reports_to: head-of-sales
purpose: Win new customers who will succeed with us.
responsibilities:
  - Run discovery, demonstrations and negotiation for new business.
levels:
  - level: l1
    title: Associate account executive
    expectations:
      - Runs a clean discovery call.
    targets:
      - measure: win-rate
        target: 20
measures:
  - measure: win-rate
    target: 25
    weight: 60
    why: Shows the quality of selling, not only its volume.
  - measure: qualified-leads
    weight: 40
    accepted:
      by: head-of-sales
      reason: Self-sourced leads are part of every account executive's pipeline.
values:
  - value: customer-first
    behaviours: [listen-first]
    note: Sell what the customer can adopt.
development:
  - Run discovery without a script.
feedback: [weekly-one-to-one, annual-review]
partnership:
  employee:
    - Keeps the pipeline up to date.
  manager:
    - Reviews two calls a week with the account executive.
waivers:
  - rule: SPM106
    reason: Marketing and sales agreed this measure at the annual planning day.
last_reviewed: 2026-11-02
"""),
    "measures": ("framework/measures/sales.yml", """\
measures:
  - id: win-rate
    name: Win rate
    definition: The share of qualified opportunities we win.
    formula: Opportunities won divided by opportunities closed, times 100.
    unit: "%"
    direction: higher
    target: 25
    frequency: monthly
    source: CRM, closed opportunities
    owner: sales
    objectives: [win-new-logos]
    kind: effectiveness
    timing: lagging
    why: Shows whether we sell well, not only how much we sell.
"""),
    SETTINGS_KIND: ("framework/spm.yml", """\
rules:
  SPM106: error
  stale-content:
    max_age_days: 400
  SPM111:
    severity: warning
    min_per_year: 4
alignment_page: true
labels:
  Measures: KPIs
"""),
    "retired": ("framework/retired.yml", """\
retired:
  - kind: role
    id: sales-engineer
    name: Sales engineer
    edition: "2027"
    replaced_by: account-executive
    reason: Account executives now run their own product demonstrations.
"""),
}


@dataclass
class FieldDoc:
    key: str
    required: str
    type: str
    description: str


@dataclass
class ModelDoc:
    """One mapping: a whole file, or a nested entry such as a role's `measures`."""

    anchor: str
    title: str
    description: str
    fields: list[FieldDoc]
    used_in: str = ""


@dataclass
class KindDoc:
    kind: str
    anchor: str
    title: str
    path: str
    location: str
    description: str
    fields: list[FieldDoc]
    example_path: str
    example: str
    nested: list[ModelDoc] = field(default_factory=list)


@dataclass
class OptionDoc:
    """One declared option or limit, as its declaration says it (see framework/options.py)."""

    key: str
    default: str
    accepts: str
    description: str


def option_docs(group: type[Declared]) -> list[OptionDoc]:
    return [OptionDoc(_code(s.name), _code(s.default_text), s.accepts.describe(), s.description)
            for s in group.settings().values()]


@dataclass
class RuleDoc:
    code: str
    name: str
    severity: str
    summary: str
    options: str
    #: The rule's options with their defaults, ranges and meanings (empty for a rule without options).
    option_table: list[OptionDoc] = field(default_factory=list)
    #: Where the rule's explanation is on the page (the anchor a JSON finding's `help` names), and its text.
    anchor: str = ""
    text: str = ""
    #: The rule's own page (`reference/rules/spm106.md`), what a JSON finding's `url` names.
    page: str = ""

    @property
    def body(self) -> str:
        """The explanation without its first line, which the page shows as its summary."""
        return self.text.partition("\n")[2].strip()


@dataclass
class DiagnosticDoc:
    """A finding that is not an alignment rule: its name, its anchor on the page and its explanation."""

    name: str
    anchor: str
    text: str


def kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()


def _a(label: str) -> str:
    """'a role level', 'an acceptance' (the label may be a Markdown link)."""
    return ("an " if label.lstrip("[").startswith(tuple("aeiou")) else "a ") + label


def _file_label(kind: str) -> str:
    link = f"[{KIND_TITLES[kind].lower()}](#{kind})"
    return f"the {link} file" if kind in SINGLE_FILES else f"{_a(link)} file"


def _code(text: str) -> str:
    return f"`{text}`"


class _Describer:
    """Turns the models' fields into tables, documenting each nested model once, where first met."""

    def __init__(self) -> None:
        self.seen: set[type[Node]] = set()
        self.docs: dict[type[Node], ModelDoc] = {}
        self.usages: dict[type[Node], list[tuple[str, str, str]]] = {}

    def type_words(self, spec: FieldSpec) -> str:
        """The type of a key in plain words, linking to where the nested mapping or the target is described."""
        noun = self.noun(spec, spec.many)
        return f"list of {noun}" if spec.many else noun

    def noun(self, spec: FieldSpec, many: bool) -> str:
        if spec.refers:
            target = spec.refers.kind
            return f"[{target}](#{TARGET_ANCHORS[target]}) id" + ("s" if many else "")
        if spec.model:
            label = human(spec.model.__name__).lower()
            linked = f"[{introspect.plural(label) if many else label}](#{kebab(spec.model.__name__)})"
            return f"{'text items' if many else 'text'} or {linked}" if spec.or_text else linked
        if spec.scalar == "choice":
            return "one of " + ", ".join(_code(v) for v in spec.choices)
        if spec.scalar == "yes-no":
            return "true or false"
        if spec.scalar == "text":
            return "text items" if many else "text"
        return introspect.plural(spec.scalar) if many else spec.scalar

    def fields(self, model: type[Node], one_item: bool = False) -> list[FieldDoc]:
        out = []
        for spec in _ordered(introspect.fields(model)):
            if one_item and spec.key == "id":
                need, description = "no: the file name", FILE_ID_DESCRIPTION
            else:
                need, description = "yes" if spec.required else "no", spec.description
            out.append(FieldDoc(_code(spec.key), need, self.type_words(spec), description))
        return out

    def nested(self, model: type[Node], label: str) -> list[ModelDoc]:
        """Every model reachable from `model` not documented yet, in the order keys mention them."""
        found: list[ModelDoc] = []

        def visit(parent: type[Node], label: str) -> None:
            for spec in _ordered(introspect.fields(parent)):
                sub = spec.model
                if sub is None:
                    continue
                each = "Each entry of" if spec.many else "The value of"
                self.usages.setdefault(sub, []).append((each, spec.key, label))
                if sub in self.seen:
                    continue
                self.seen.add(sub)
                title = human(sub.__name__)
                doc = ModelDoc(kebab(sub.__name__), title, inspect.cleandoc(sub.__doc__ or ""), self.fields(sub))
                self.docs[sub] = doc
                found.append(doc)
                visit(sub, _a(f"[{title.lower()}](#{kebab(sub.__name__)})"))

        visit(model, label)
        return found

    def finish(self) -> None:
        """Say where each nested mapping is used, now that every kind has been seen."""
        for model, doc in self.docs.items():
            places = self.usages[model]
            first = places[0][:2]
            if all(p[:2] == first for p in places):
                doc.used_in = f"{first[0]} {_code(first[1])} in " + ", ".join(dict.fromkeys(p[2] for p in places))
            else:
                doc.used_in = "; ".join(f"{e} {_code(k)} in {lab}" for e, k, lab in places)


#: Keys every item may have, shown after the item's own keys.
_COMMON_LAST = ("last_reviewed", "waivers")


def _ordered(specs: tuple[FieldSpec, ...]) -> list[FieldSpec]:
    """Keys in the model's order, with the keys common to every item last."""
    return sorted(specs, key=lambda spec: spec.key in _COMMON_LAST)


def _summary(doc: str | None) -> str:
    """A model docstring without its leading "`roles/<id>.yml`: " and with a capital letter."""
    text = inspect.cleandoc(doc or "")
    text = re.sub(r"^`[^`]+`:\s*", "", text)
    return text[:1].upper() + text[1:]


def rule_docs() -> list[RuleDoc]:
    out = []
    for rule in rule_registry.RULES.values():
        declared = rule_registry.options(rule)
        options = ", ".join(f"`{s.name}` (default `{s.default_text}`)" for s in declared.settings().values())
        out.append(RuleDoc(rule.CODE, rule.NAME, rule.SEVERITY.value, rule_registry.summary(rule), options or "—",
                           option_docs(declared), anchor(rule.NAME), inspect.cleandoc(rule.__doc__ or ""),
                           rule_page(rule.CODE)))
    return out


def _settings_fields() -> list[FieldDoc]:
    """The keys at the top of spm.yml; the options of each group are in their own tables."""
    page = ALIGNMENT_PAGE
    return [FieldDoc(_code("rules"), "no", "mapping of rule code or name to a severity or to options", RULES_TEXT),
            FieldDoc(_code(page.name), "no", page.accepts.describe(), f"{page.description} Default: `{page.default_text}`."),
            FieldDoc(_code("limits"), "no", "mapping of [limit](#limits) names to numbers", LIMITS_TEXT),
            FieldDoc(_code("audiences"), "no", "mapping with `names` (list of audience names) and `defaults` "
                     "(mapping of kind or `kind.field` to an audience or a list)", AUDIENCES_TEXT)]


def diagnostic_docs() -> list[DiagnosticDoc]:
    """Every finding other than the alignment rules, as `spm-site explain` tells it."""
    return [DiagnosticDoc(e.name, anchor(e.name), e.text) for e in explanations() if e.code is None]


def reference_context() -> dict[str, Any]:
    """What `reference.md.j2` shows: the file kinds in the kinds table's order, the settings, the rules."""
    schemas = json_schemas()
    describer = _Describer()
    kinds: list[KindDoc] = []
    for kind, model in MODELS.items():
        describer.seen.add(model)
        path, example = EXAMPLES[kind]
        kinds.append(KindDoc(
            kind=kind, anchor=kind, title=KIND_TITLES[kind], path=where(kind), location=LOCATION[kind],
            description=_summary(model.__doc__), fields=describer.fields(model, kind in ONE_ITEM_FOLDERS),
            example_path=path, example=example,
            nested=describer.nested(model, _file_label(kind))))
    describer.finish()
    settings_path, settings_example = EXAMPLES[SETTINGS_KIND]
    settings = schemas[SETTINGS_KIND]
    return {
        "kinds": kinds,
        "single_files": [f"{k}.yml" for k in SINGLE_FILES],
        "settings": KindDoc(
            kind=SETTINGS_KIND, anchor="settings", title=KIND_TITLES[SETTINGS_KIND], path=where(SETTINGS_KIND),
            location=LOCATION[SETTINGS_KIND], description=settings["description"],
            fields=_settings_fields(), example_path=settings_path, example=settings_example),
        "limits": option_docs(Limits),
        "rules": rule_docs(),
        "diagnostics": diagnostic_docs(),
        "severities": LEVELS,
    }

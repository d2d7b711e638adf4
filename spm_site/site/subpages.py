"""Pages that would grow with the organisation, and the parts they are split into once they are large.

Some pages list something for every role, objective, measure or finding: the career levels page
(every role at every level, with its expectations), the cascade (every objective with the roles
that move it), the alignment page (every finding, and a matrix of objectives against functions),
the roles index (every role with its purpose), the measures catalogue and the comparison page's
form. At 5,000 roles the levels page alone was 6 MB of HTML; a phone or a printer gives up long
before that, and a 500 x 100 matrix is not read by anybody.

Below a size each page stays as it always was, one page, since a small organisation's reader
expects to see it all at once. Above it:

- the career levels page keeps every level (its summary, its pay band, its anchor) and says how
  many roles of each function describe it, linking to one page per function (`levels/<function>.md`)
  that lists the function's roles level by level, as the single page did;
- the cascade keeps its table of pillars and a section per pillar (their anchors), and each
  pillar's objectives move to a page of their own (`cascade/<pillar>.md`);
- the coverage matrix becomes functions against strategy pillars (how many of each pillar's
  objectives a function is accountable for), with the objectives nobody works towards listed by
  name: the cascade already says which functions and roles serve each objective;
- the findings are counted by rule, each rule's on pages of `FINDINGS` (`alignment/<rule>/<n>.md`);
- the roles index keeps a section per function (their anchors) and counts its roles, linking to
  the function's page, which lists them with their purpose;
- the measures catalogue lists the owning functions, each with the same filterable table of its
  own measures (`measures/owned-by/<function>.md`);
- the comparison page's form lists no role itself: its script lists them from the data it loads.

The thresholds are here and only here; a part's page path never depends on them, so a link to one
is valid whenever the part exists. A function's or a pillar's part is named by its id; the roles of
no function, the objectives of no pillar and the measures of no owner use a name no id can have
(ids have no `_`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Diagnostic
from ..framework.model import Function, Level, Measure, Objective, Role, RoleLevel
from ..framework.resolve import Framework
from .coverage import Coverage

#: Role-level rows (a role at one of its levels) the career levels page shows itself.
LEVEL_ROWS = 200
#: Links to roles the cascade shows itself (a role counted once for each objective it moves).
CASCADE_ROLE_LINKS = 600
#: Cells of the coverage matrix (objectives x functions) shown as a matrix.
COVERAGE_CELLS = 400
#: Roles the roles index lists itself, each with its purpose.
INDEX_ROLES = 200
#: Measures the measures catalogue lists itself, in one filterable table.
CATALOGUE_MEASURES = 200
#: Findings the alignment page lists itself, and the findings of one rule on each of its pages.
FINDINGS = 200

#: The part of roles whose function this edition does not show, of objectives of no pillar, of measures of no owner.
OTHER_ROLES = "other_roles"
NO_PILLAR = "no_pillar"
NO_OWNER = "no_owner"


def level_page(function: str | None) -> str:
    """The page of one function's roles on the career levels (`levels/<function>.md`)."""
    return f"levels/{function or OTHER_ROLES}.md"


def cascade_page(pillar: str | None) -> str:
    """The page of one pillar's objectives in the cascade (`cascade/<pillar>.md`)."""
    return f"cascade/{pillar or NO_PILLAR}.md"


def catalogue_page(function: str | None) -> str:
    """The catalogue of the measures one function owns (`measures/owned-by/<function>.md`)."""
    return f"measures/owned-by/{function or NO_OWNER}.md"


def _function_of(fw: Framework, role: Role) -> str | None:
    return role.function if role.function in fw.functions else None


# --- career levels -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LevelPart:
    """One function's roles on the career levels: a page of its own once the levels page is split."""

    #: The function's id; None for the roles whose function this edition does not show.
    function: str | None
    path: str
    #: Each level (levels.yml's order) that a role of this function describes, with those roles.
    levels: list[tuple[Level, list[tuple[Role, RoleLevel]]]]

    @property
    def rows(self) -> int:
        return sum(len(held) for _, held in self.levels)


def levels_split(fw: Framework) -> bool:
    """Whether the career levels page lists its roles on a page per function (too many for one page)."""
    return sum(1 for r in fw.roles.values() for rl in r.levels if rl.level in fw.levels) > LEVEL_ROWS


def level_parts(fw: Framework) -> list[LevelPart]:
    """The function pages of the career levels, in function order (roles of no shown function last);
    none while the levels page lists every role itself."""
    if not levels_split(fw):
        return []
    order = {f: i for i, f in enumerate(fw.functions)}
    by_function: dict[str | None, dict[str, list[tuple[Role, RoleLevel]]]] = {}
    for role in sorted(fw.roles.values(), key=lambda r: r.name.lower()):
        for rl in role.levels:
            if rl.level in fw.levels:
                by_function.setdefault(_function_of(fw, role), {}).setdefault(rl.level, []).append((role, rl))
    parts = []
    for function in sorted(by_function, key=lambda f: order.get(f, len(order)) if f is not None else len(order)):
        held = by_function[function]
        parts.append(LevelPart(function, level_page(function),
                               [(level, held[level.id]) for level in fw.levels.values() if level.id in held]))
    return parts


def parts_at_level(parts: list[LevelPart], level_id: str) -> list[tuple[LevelPart, int]]:
    """The function pages that list roles at this level, with how many."""
    out = []
    for part in parts:
        n = next((len(held) for level, held in part.levels if level.id == level_id), 0)
        if n:
            out.append((part, n))
    return out


# --- cascade ------------------------------------------------------------------------------------------

def cascade_split(fw: Framework) -> bool:
    """Whether the cascade moves each pillar's objectives to a page of their own."""
    links = 0
    for objective in fw.objectives.values():
        links += len({r.id for m in fw.measures_by_objective.get(objective.id, [])
                      for r in fw.roles_by_measure.get(m.id, [])})
    return links > CASCADE_ROLE_LINKS


def cascade_pages(fw: Framework) -> list[str]:
    """The pillar pages of the cascade (none while it is one page): every pillar, then objectives of no pillar."""
    if not cascade_split(fw):
        return []
    pages = [cascade_page(p) for p in fw.pillars if fw.objectives_by_pillar.get(p)]
    if any(o.pillar is None or o.pillar not in fw.pillars for o in fw.objectives.values()):
        pages.append(cascade_page(None))
    return pages


# --- coverage -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PillarCount:
    """A strategy pillar's objectives, and how many of them one function is accountable for."""

    pillar: str | None
    objectives: int
    served: int


@dataclass(frozen=True)
class FunctionCoverage:
    """One function's row of the coverage summary: its objectives counted by pillar."""

    function: str
    by_pillar: list[PillarCount]
    roles: int


@dataclass(frozen=True)
class CoverageSummary:
    #: Pillar ids in strategy order (None: objectives of no pillar), with their objective counts.
    pillars: list[tuple[str | None, int]]
    functions: list[FunctionCoverage]
    orphaned: list[Objective]


def coverage_split(fw: Framework) -> bool:
    """Whether the coverage matrix is too large to read (objectives x functions cells)."""
    return len(fw.objectives) * len(fw.functions) > COVERAGE_CELLS


def coverage_summary(fw: Framework, cover: Coverage) -> CoverageSummary | None:
    """Functions against strategy pillars, when the matrix would be too large; None while it is not."""
    if not coverage_split(fw):
        return None
    orphaned = [row.objective for row in cover.rows if row.orphaned]

    def pillar_of(o: Objective) -> str | None:
        return o.pillar if o.pillar in fw.pillars else None

    pillars: list[str | None] = list(fw.pillars)
    if any(pillar_of(o) is None for o in fw.objectives.values()):
        pillars.append(None)
    totals = {p: sum(1 for o in fw.objectives.values() if pillar_of(o) == p) for p in pillars}
    rows = []
    for f in fw.functions.values():
        served = {o for a in f.accountabilities for o in a.objectives if o in fw.objectives}
        counts = {p: sum(1 for o in served if pillar_of(fw.objectives[o]) == p) for p in pillars}
        rows.append(FunctionCoverage(f.id, [PillarCount(p, totals[p], counts[p]) for p in pillars],
                                     len(fw.roles_by_function.get(f.id, []))))
    return CoverageSummary([(p, totals[p]) for p in pillars], rows, orphaned)


# --- roles index --------------------------------------------------------------------------------------

def roles_index_split(fw: Framework) -> bool:
    """Whether the roles index counts each function's roles instead of listing them."""
    return len(fw.roles) > INDEX_ROLES


# --- measures catalogue -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Catalogue:
    """A filterable table of measures: the whole catalogue, or (split) the measures one function owns.

    `function` is the owning function's id ("" for measures of no shown owner, None for the whole
    catalogue); the filters offer the functions and objectives of these measures only."""

    function: str | None
    path: str
    measures: list[Measure]
    functions: list[Function]
    objectives: list[Objective]

    @property
    def keyed(self) -> int:
        return sum(1 for m in self.measures if m.key)


def _catalogue(fw: Framework, function: str | None, path: str, measures: list[Measure]) -> Catalogue:
    owners = {m.owner for m in measures}
    served = {o for m in measures for o in m.objectives}
    return Catalogue(function, path, measures, [f for f in fw.functions.values() if f.id in owners],
                     [o for o in fw.objectives.values() if o.id in served])


def catalogue_split(fw: Framework) -> bool:
    """Whether the measures catalogue lists each owning function's measures on a page of its own."""
    return len(fw.measures) > CATALOGUE_MEASURES


def catalogue(fw: Framework) -> Catalogue:
    """The whole catalogue, as one table (what the measures page shows while it is not split)."""
    return _catalogue(fw, None, "measures/index.md", list(fw.measures.values()))


def catalogue_parts(fw: Framework) -> list[Catalogue]:
    """One catalogue per owning function (function order; measures of no shown owner last), when split."""
    if not catalogue_split(fw):
        return []
    parts = [_catalogue(fw, f.id, catalogue_page(f.id), list(fw.measures_by_function[f.id]))
             for f in fw.functions.values() if f.id in fw.measures_by_function]
    unowned = [m for m in fw.measures.values() if m.owner not in fw.functions]
    if unowned:
        parts.append(_catalogue(fw, "", catalogue_page(None), unowned))
    return parts


# --- findings -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FindingsPage:
    """Findings `first` to `last` (counted from 1) of one rule, on a page of their own."""

    path: str
    number: int
    first: int
    last: int
    findings: list[Diagnostic]


@dataclass(frozen=True)
class RuleFindings:
    """One rule's findings, in the check's order (by file and line), page by page."""

    rule: str
    code: str | None
    severities: list[str]
    count: int
    pages: list[FindingsPage]


def findings_by_rule(findings: list[Diagnostic]) -> list[RuleFindings]:
    """Each rule's findings on pages of `FINDINGS`, by code then name, when the alignment page would
    list more than `FINDINGS`; none while it lists them all itself. A page is named by the rule and
    its number (`alignment/<rule>/<n>.md`): findings change with every edit, so nobody keeps a link
    to one for long, and a rule's first page keeps its address."""
    if len(findings) <= FINDINGS:
        return []
    grouped: dict[str, list[Diagnostic]] = {}
    for d in findings:
        grouped.setdefault(d.rule, []).append(d)
    out = []
    for rule, found in sorted(grouped.items(), key=lambda kv: (kv[1][0].code or "~", kv[0])):
        pages = [FindingsPage(f"alignment/{rule}/{i // FINDINGS + 1}.md", i // FINDINGS + 1, i + 1,
                              min(i + FINDINGS, len(found)), found[i:i + FINDINGS])
                 for i in range(0, len(found), FINDINGS)]
        severities = sorted({d.severity.value for d in found})
        out.append(RuleFindings(rule, found[0].code, severities, len(found), pages))
    return out


# --- the comparison page -------------------------------------------------------------------------------

def compare_options(fw: Framework) -> list[Role]:
    """The roles the comparison page's form lists in its HTML: every role while they are few (the
    roles index's threshold); none beyond, and the page's script lists them from the comparison's
    data (`assets/compare.json`, which it loads anyway), so the page does not grow with the roles."""
    return [] if roles_index_split(fw) else sorted(fw.roles.values(), key=lambda r: (r.name.lower(), r.id))


def part_pages(fw: Framework) -> list[str]:
    """Every part page the build adds for this framework (for `urls.generated_pages`)."""
    return [*(p.path for p in level_parts(fw)), *cascade_pages(fw), *(c.path for c in catalogue_parts(fw))]


GLOBALS = {"level_parts": level_parts, "parts_at_level": parts_at_level, "cascade_split": cascade_split,
           "cascade_page": cascade_page, "coverage_summary": coverage_summary,
           "roles_index_split": roles_index_split, "findings_by_rule": findings_by_rule,
           "catalogue": catalogue, "catalogue_parts": catalogue_parts, "compare_options": compare_options}

"""Write a deterministic synthetic framework of N roles that passes `spm-site check`.

    python -m bench.generate --roles 1000 bench/out/1000/framework

The same N always gives the same bytes (seeded random, no timestamps), so timings of two runs or
two versions of spm-site compare the same input. Shape, for N roles:

- 5 pillars, 6 principles, 5 levels, 5 feedback rhythms;
- values: max(6, N/100), 4 behaviours each;
- objectives: max(5, N/10), spread over the pillars, about half with a parent in the same pillar;
- functions: max(4, N/50), each with a leader role and 3-5 accountabilities tied to objectives;
- measures: max(10, N/4) in group files of 25; each supports 1-3 objectives and is owned by a function;
- N roles of ~3.5 KB each: purpose, 5 responsibilities, 3 levels (3 expectations, 1 target),
  4-5 measures whose weights add up to 100 (another function's measure carries `accepted:`),
  2 values with behaviours, 3 development items, feedback rhythms and a partnership.

Reporting lines never loop: function leaders report to the chief executive, everyone else to their
function's leader or to an earlier role of the same function. The output has no findings under any
alignment rule; `spm.yml` pins the stale-content rule's `as_of` date so that stays true as time passes.
"""

from __future__ import annotations

import argparse
import random
import shutil
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

#: Bump whenever the output changes, so `bench.run` regenerates instead of reusing old files.
GENERATOR_VERSION = 2

PILLARS = 5
LEVELS = 5
RHYTHMS = (("weekly-coaching", "Weekly coaching", "weekly"),
           ("fortnightly-pipeline-review", "Fortnightly pipeline review", "fortnightly"),
           ("monthly-check-in", "Monthly check-in", "monthly"),
           ("quarterly-development", "Quarterly development conversation", "quarterly"),
           ("annual-review", "Annual review", "annual"))
LEVEL_NAMES = ("Associate", "Professional", "Senior", "Principal", "Distinguished")
UNITS = ("%", "days", "GBP", "calls per week", "x pipeline", "score", "hours", "tickets per month")
CADENCES = ("weekly", "fortnightly", "monthly", "quarterly", "annual")
GROUP_SIZE = 25
KINDS = ("activity", "effectiveness", "outcome")
#: SPM118 (stale content) measures from this date, not from today: the output never ages.
AS_OF = "2026-12-31"

# A small business vocabulary; sentences are seeded random picks, so no two texts are identical.
NOUNS = """account adoption agreement analysis approach backlog baseline benchmark budget campaign capacity
case cash channel churn client coaching commitment community contract conversation cost coverage customer
cycle deal decision delivery demand design discovery discount engineer escalation estimate evidence
experience feedback forecast funnel goal growth handover hiring incident insight invoice journey knowledge
launch lead learning margin market meeting mentor milestone model network onboarding opportunity outcome
partner pipeline plan playbook policy portfolio practice price priority process product programme proposal
quality quarter quota rate record referral release relationship renewal report request requirement
research resource revenue review risk roadmap rollout schedule segment service signal skill spend sprint
stakeholder standard strategy supplier support survey system target team territory ticket time tool
training trend trust upgrade usage value vendor visit volume workflow workload""".split()
VERBS = """align analyse anticipate assess balance build calibrate challenge clarify close coach collaborate
communicate compare coordinate create deliver design develop document drive enable escalate estimate
evaluate expand explain facilitate forecast grow guide identify improve influence inform launch lead
maintain manage measure mentor monitor negotiate onboard own plan prepare prioritise protect qualify
reduce refine renew report resolve review run scale share shape simplify sponsor standardise streamline
support test track train translate understand unblock validate verify""".split()
ADJECTIVES = """accurate active agile annual balanced bold candid careful clear commercial complete
consistent critical cross-functional current customer-facing early effective efficient essential
fair focused frequent healthy honest inclusive key large lean long-term measurable mid-market modest
new open operational practical predictable proactive profitable qualified quarterly rapid realistic
regional reliable repeatable resilient responsive safe scalable shared short-term simple small specific
stable strategic strong structured sustainable timely transparent trusted visible weekly""".split()
ADVERBS = """accurately calmly carefully clearly consistently early efficiently fairly frequently honestly
independently openly proactively promptly quickly regularly reliably steadily thoughtfully visibly""".split()
CONNECTORS = ("so that", "because", "while", "and", "which means", "in order that", "before", "after")
PREPOSITIONS = ("for", "with", "across", "within", "through", "from", "towards", "around", "into")
TITLES = """analyst associate coordinator specialist manager lead partner advisor consultant engineer
executive planner strategist representative officer""".split()
TEAM_WORDS = """sales marketing finance people operations customer product platform support revenue
partner field data security legal procurement design research success growth""".split()


def _join(parts: list[str]) -> str:
    return " ".join(parts)


class Text:
    """Seeded sentences and names from the vocabulary."""

    def __init__(self, rng: random.Random) -> None:
        self.r = rng

    def clause(self) -> str:
        r = self.r
        return _join([r.choice(VERBS), r.choice(ADJECTIVES), r.choice(NOUNS), r.choice(PREPOSITIONS),
                      r.choice(ADJECTIVES), r.choice(NOUNS)] + ([r.choice(ADVERBS)] if r.random() < 0.4 else []))

    def sentence(self, min_words: int, max_words: int) -> str:
        """A sentence of roughly min..max words, capitalised and ending in a full stop."""
        r = self.r
        goal = r.randint(min_words, max_words)
        words = self.clause().split()
        while len(words) < goal:
            words += [r.choice(CONNECTORS)] + self.clause().split()
        words = words[:max(goal, 3)]
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, sentences: int, min_words: int, max_words: int) -> str:
        return " ".join(self.sentence(min_words, max_words) for _ in range(sentences))

    def name(self, words: int = 3) -> str:
        r = self.r
        parts = [r.choice(ADJECTIVES)] + [r.choice(NOUNS) for _ in range(words - 1)]
        text = " ".join(parts)
        return text[0].upper() + text[1:]

    def date(self) -> str:
        return f"2026-{self.r.randint(1, 12):02d}-{self.r.randint(1, 28):02d}"


# --- a tiny YAML writer: double-quoted one-liners, folded blocks for long text -----------------


class Yaml:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def raw(self, line: str) -> None:
        self.lines.append(line)

    def text(self, indent: int, key: str, value: str, dash: bool = False) -> None:
        """`key: "value"`, or a `>-` folded block when the value is long (as authors write it)."""
        pad = " " * indent
        lead = f"{pad}- " if dash else pad
        head = f"{lead}{key}: " if key else lead
        if len(head) + len(value) + 2 <= 100:
            self.lines.append(f'{head}"{value}"')
            return
        self.lines.append(f"{head}>-")
        body = " " * (len(lead) + (2 if key else 0))
        self.lines.extend(textwrap.wrap(value, width=100, initial_indent=body, subsequent_indent=body,
                                        break_on_hyphens=False))

    def scalar(self, indent: int, key: str, value: object, dash: bool = False) -> None:
        pad = " " * indent
        self.lines.append(f"{pad}{'- ' if dash else ''}{key}: {value}")

    def id_list(self, indent: int, key: str, ids: list[str]) -> None:
        self.lines.append(f"{' ' * indent}{key}: [{', '.join(ids)}]")

    def dump(self) -> str:
        return "\n".join(self.lines) + "\n"


# --- the framework's shape ------------------------------------------------------------------------


@dataclass
class Function:
    id: str
    leader: str
    objectives: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    tracks: dict[str, list[str]] = field(default_factory=dict)  # measure id -> its first objective
    kinds: dict[str, str] = field(default_factory=dict)  # measure id -> kind


@dataclass
class Shape:
    pillars: list[str]
    levels: list[str]
    values: dict[str, list[str]]  # value id -> behaviour ids
    objectives: list[tuple[str, int, str | None]]  # (id, pillar index, parent)
    functions: list[Function]
    measures: list[tuple[str, Function]]
    roles: list[tuple[str, Function, str | None]]  # (id, function, reports_to)


def plan(n_roles: int, rng: random.Random) -> Shape:
    """Ids and links only: which item points at which."""
    if n_roles < 4:
        raise ValueError("need at least 4 roles: one leader for each of the 4 smallest functions")
    n_values = max(6, n_roles // 100)
    n_objectives = max(5, n_roles // 10)
    n_functions = max(4, n_roles // 50)
    n_measures = max(10, n_roles // 4)

    pillars = [f"pillar-{i + 1}-{w}" for i, w in enumerate(rng.sample(NOUNS, PILLARS))]
    levels = [f"l{i + 1}" for i in range(LEVELS)]
    values = {f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{i + 1}": [] for i in range(n_values)}
    for vid in values:
        values[vid] = [f"{rng.choice(VERBS)}-{rng.choice(NOUNS)}-{j + 1}" for j in range(4)]

    objectives: list[tuple[str, int, str | None]] = []
    by_pillar: dict[int, list[str]] = {p: [] for p in range(PILLARS)}
    for i in range(n_objectives):
        pillar = i % PILLARS
        oid = f"{rng.choice(VERBS)}-{rng.choice(NOUNS)}-{i + 1}"
        earlier = by_pillar[pillar]
        parent = rng.choice(earlier) if earlier and rng.random() < 0.5 else None  # earlier only: no cycles
        objectives.append((oid, pillar, parent))
        earlier.append(oid)

    functions: list[Function] = []
    for i in range(n_functions):
        fid = "leadership" if i == 0 else f"{rng.choice(TEAM_WORDS)}-{rng.choice(NOUNS)}-{i}"
        leader = "chief-executive" if i == 0 else f"head-of-{fid}"
        functions.append(Function(fid, leader))
    objective_ids = [o[0] for o in objectives]
    for i, oid in enumerate(objective_ids):  # every objective is some function's accountability
        functions[i % n_functions].objectives.append(oid)
    for f in functions:
        while len(f.objectives) < 3:
            extra = rng.choice(objective_ids)
            if extra not in f.objectives:
                f.objectives.append(extra)

    measures: list[tuple[str, Function]] = []
    for i in range(n_measures):
        f = functions[i % n_functions]
        mid = f"{rng.choice(ADJECTIVES)}-{rng.choice(NOUNS)}-{i + 1}"
        measures.append((mid, f))
        f.measures.append(mid)
    for f in functions:  # no objective goes untracked (SPM103) while there are measures to go round
        f.tracks = {mid: [f.objectives[k % len(f.objectives)]] for k, mid in enumerate(f.measures)}
        f.kinds = {mid: KINDS[k % len(KINDS)] for k, mid in enumerate(f.measures)}

    roles: list[tuple[str, Function, str | None]] = []
    for f in functions:
        reports_to = None if f is functions[0] else functions[0].leader
        roles.append((f.leader, f, reports_to))
        f.roles.append(f.leader)
    for i in range(n_roles - len(roles)):
        f = functions[i % n_functions]
        rid = f"{f.id.rsplit('-', 1)[0]}-{rng.choice(TITLES)}-{i + 1}"
        # The leader, or sometimes an earlier role of the same function (a team lead): never a loop.
        manager = rng.choice(f.roles[1:]) if len(f.roles) > 1 and rng.random() < 0.3 else f.leader
        roles.append((rid, f, manager))
        f.roles.append(rid)
    return Shape(pillars, levels, values, objectives, functions, measures, roles[:n_roles])


# --- files ------------------------------------------------------------------------------------------


def organisation(shape: Shape, t: Text) -> str:
    y = Yaml()
    y.raw("# The organisation: a synthetic framework for spm-site's benchmarks.")
    y.text(0, "name", "Synthetic Benchmark Company")
    y.text(0, "mission", t.paragraph(2, 12, 20))
    y.text(0, "about", t.paragraph(3, 12, 22))
    y.raw("pillars:")
    for pid in shape.pillars:
        y.scalar(2, "id", pid, dash=True)
        y.text(4, "name", t.name(3))
        y.text(4, "description", t.paragraph(2, 12, 20))
    y.raw("commitment:")
    y.scalar(2, "sponsor", shape.functions[0].leader)
    y.text(2, "statement", t.paragraph(3, 12, 20))
    y.text(2, "edition", "2027")
    y.id_list(2, "approved_by", [f.leader for f in shape.functions[:3]])
    y.scalar(2, "approved_on", "2026-11-02")
    y.text(2, "communicated", t.sentence(14, 22))
    y.text(2, "input_from", t.sentence(14, 22))
    y.scalar(0, "last_reviewed", "2026-11-02")
    return y.dump()


def principles(t: Text) -> str:
    y = Yaml()
    y.raw("principles:")
    for i in range(6):
        y.scalar(2, "id", f"principle-{i + 1}", dash=True)
        y.text(4, "name", t.name(2))
        y.text(4, "summary", t.sentence(12, 20))
        y.text(4, "in_practice", t.paragraph(2, 12, 20))
    return y.dump()


def levels(shape: Shape, t: Text) -> str:
    y = Yaml()
    y.raw("levels:")
    for lid, name in zip(shape.levels, LEVEL_NAMES):
        y.scalar(2, "id", lid, dash=True)
        y.text(4, "name", name)
        y.text(4, "summary", t.paragraph(2, 10, 18))
    return y.dump()


def feedback(t: Text) -> str:
    y = Yaml()
    y.raw("rhythms:")
    for rid, name, cadence in RHYTHMS:
        y.scalar(2, "id", rid, dash=True)
        y.text(4, "name", name)
        y.scalar(4, "cadence", cadence)
        y.text(4, "purpose", t.sentence(12, 20))
        y.text(4, "participants", "Employee and manager")
        y.text(4, "prepared_by", t.sentence(8, 14))
    return y.dump()


def value(behaviours: list[str], t: Text) -> str:
    y = Yaml()
    y.text(0, "name", t.name(2))
    y.text(0, "statement", t.paragraph(2, 12, 20))
    y.raw("behaviours:")
    for bid in behaviours:
        y.scalar(2, "id", bid, dash=True)
        y.text(4, "looks_like", t.sentence(12, 20))
        y.text(4, "not_like", t.sentence(10, 16))
    y.scalar(0, "last_reviewed", t.date())
    return y.dump()


def objective(shape: Shape, pillar: int, parent: str | None, t: Text) -> str:
    y = Yaml()
    y.text(0, "name", t.sentence(6, 10).rstrip("."))
    y.text(0, "description", t.paragraph(2, 12, 22))
    y.scalar(0, "pillar", shape.pillars[pillar])
    if parent:
        y.scalar(0, "parent", parent)
    y.scalar(0, "owner", t.r.choice(shape.functions).leader)
    y.text(0, "horizon", "FY2027")
    y.scalar(0, "last_reviewed", t.date())
    return y.dump()


def function(f: Function, t: Text, to: Function | None = None) -> str:
    """A function; with `to`, one hand-off to it, written from an RNG of its own (`handoff-<id>`), so
    the rest of the generated framework is the same with or without it."""
    y = Yaml()
    y.text(0, "name", t.name(2))
    y.text(0, "purpose", t.paragraph(2, 12, 20))
    y.scalar(0, "leader", f.leader)
    y.raw("accountabilities:")
    n = t.r.randint(3, 5)
    for i in range(n):
        y.text(2, "statement", t.sentence(10, 18), dash=True)
        own = f.objectives[i::n] or [t.r.choice(f.objectives)]
        y.id_list(4, "objectives", own[:3])
    if to is not None and to is not f:
        own_text = Text(random.Random(f"handoff-{f.id}"))
        y.raw("handoffs:")
        y.scalar(2, "to", to.id, dash=True)
        y.text(4, "what", own_text.sentence(8, 14))
        y.id_list(4, "measures", f.measures[:1])
    y.scalar(0, "last_reviewed", t.date())
    return y.dump()


def measure_group(items: list[tuple[str, Function]], t: Text) -> str:
    r = t.r
    y = Yaml()
    y.raw("measures:")
    for mid, f in items:
        y.scalar(2, "id", mid, dash=True)
        y.text(4, "name", t.name(3))
        y.text(4, "definition", t.sentence(12, 22))
        y.text(4, "formula", t.sentence(8, 14))
        y.text(4, "unit", r.choice(UNITS))
        y.scalar(4, "direction", r.choice(("higher", "lower")))
        y.scalar(4, "target", r.choice((r.randint(1, 100), r.randint(1000, 900000), round(r.uniform(0.5, 9.5), 1))))
        y.scalar(4, "frequency", r.choice(CADENCES))
        y.text(4, "source", t.name(2) + " system")
        y.scalar(4, "owner", f.id)
        first = f.tracks[mid]
        more = [o for o in r.sample(f.objectives, min(len(f.objectives), r.randint(0, 2))) if o not in first]
        y.id_list(4, "objectives", first + more)
        y.scalar(4, "kind", f.kinds[mid])
        y.scalar(4, "timing", r.choice(("leading", "lagging")))
        y.text(4, "why", t.sentence(10, 18))
        y.scalar(4, "last_reviewed", t.date())
    return y.dump()


def weights(count: int, r: random.Random) -> list[int]:
    """`count` multiples of 5 that add up to 100."""
    units = [1] * count
    for _ in range(20 - count):
        units[r.randrange(count)] += 1
    return [u * 5 for u in sorted(units, reverse=True)]


def role(shape: Shape, rid: str, f: Function, reports_to: str | None, measures_of: dict[str, str],
         position: int, t: Text) -> str:
    r = t.r
    y = Yaml()
    y.raw(f"# Role: {rid} - a synthetic role for the benchmark.")
    y.text(0, "name", t.name(2) + " " + r.choice(TITLES))
    y.scalar(0, "function", f.id)
    if reports_to:
        y.scalar(0, "reports_to", reports_to)
    y.text(0, "purpose", t.paragraph(2, 9, 14))
    y.raw("responsibilities:")
    for _ in range(5):
        y.text(2, "", t.sentence(7, 14), dash=True)

    # Consecutive measures of the function, rotating from role to role: every measure is held by
    # someone (SPM117) and no role gets only activity measures (SPM112), since kinds alternate.
    count = min(len(f.measures), r.randint(3, 4))
    own = [f.measures[(position * 3 + k) % len(f.measures)] for k in range(count)]
    held = list(own)
    if r.random() < 0.5:  # half the roles are also held to a measure another function owns
        for _ in range(20):
            mid = r.choice(shape.measures)[0]
            if measures_of[mid] != f.id:
                held.append(mid)
                break
    start = r.randint(0, len(shape.levels) - 3)
    y.raw("levels:")
    for step, lid in enumerate(shape.levels[start:start + 3]):
        y.scalar(2, "level", lid, dash=True)
        y.text(4, "title", f"{LEVEL_NAMES[start + step]} {t.name(1).lower()} {r.choice(TITLES)}")
        y.raw("    expectations:")
        for _ in range(3):
            y.text(6, "", t.sentence(6, 11), dash=True)
        y.raw("    targets:")
        y.scalar(6, "measure", r.choice(held), dash=True)
        y.scalar(8, "target", r.randint(1, 500))

    y.raw("measures:")
    for mid, weight in zip(held, weights(len(held), r)):
        y.scalar(2, "measure", mid, dash=True)
        if r.random() < 0.5:
            y.scalar(4, "target", r.randint(1, 1000))
        y.scalar(4, "weight", weight)
        y.text(4, "why", t.sentence(7, 14))
        if measures_of[mid] != f.id:
            y.raw("    accepted:")
            y.scalar(6, "by", f.leader)
            y.text(6, "reason", t.sentence(14, 24))

    y.raw("values:")
    for vid in r.sample(list(shape.values), 2):
        y.scalar(2, "value", vid, dash=True)
        y.id_list(4, "behaviours", r.sample(shape.values[vid], 2))
        y.text(4, "note", t.sentence(10, 18))
    y.raw("development:")
    for _ in range(3):
        y.text(2, "", t.sentence(8, 14), dash=True)
    y.raw("feedback:")
    for rid_, _name, _cadence in r.sample(RHYTHMS, r.randint(3, 5)):
        y.raw(f"  - {rid_}")
    y.raw("partnership:")
    y.raw("  employee:")
    for _ in range(3):
        y.text(4, "", t.sentence(5, 10), dash=True)
    y.raw("  manager:")
    for _ in range(3):
        y.text(4, "", t.sentence(5, 10), dash=True)
    y.scalar(0, "last_reviewed", t.date())
    return y.dump()


def generate(n_roles: int, out: Path) -> dict[str, int]:
    """Write the framework into `out` (emptied first); returns counts of what was written."""
    rng = random.Random(f"spm-bench-{n_roles}")  # str seeds are stable across runs and platforms
    t = Text(rng)
    shape = plan(n_roles, rng)
    if out.exists():
        shutil.rmtree(out)
    files: dict[str, str] = {
        "spm.yml": f"# Tool settings: judge review dates from a fixed day, so the result never changes.\n"
                   f"rules:\n  SPM118:\n    as_of: \"{AS_OF}\"\n",
        "organisation.yml": organisation(shape, t),
        "principles.yml": principles(t),
        "levels.yml": levels(shape, t),
        "feedback.yml": feedback(t),
    }
    for vid, behaviours in shape.values.items():
        files[f"values/{vid}.yml"] = value(behaviours, t)
    for oid, pillar, parent in shape.objectives:
        files[f"objectives/{oid}.yml"] = objective(shape, pillar, parent, t)
    for i, f in enumerate(shape.functions):
        files[f"functions/{f.id}.yml"] = function(f, t, shape.functions[(i + 1) % len(shape.functions)])
    for g in range(0, len(shape.measures), GROUP_SIZE):
        files[f"measures/group-{g // GROUP_SIZE + 1:03d}.yml"] = measure_group(shape.measures[g:g + GROUP_SIZE], t)
    measures_of = {mid: f.id for mid, f in shape.measures}
    for rid, f, reports_to in shape.roles:
        files[f"roles/{rid}.yml"] = role(shape, rid, f, reports_to, measures_of, f.roles.index(rid), t)
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {"files": len(files), "roles": len(shape.roles), "measures": len(shape.measures),
            "objectives": len(shape.objectives), "functions": len(shape.functions), "values": len(shape.values),
            "bytes": sum(len(t.encode()) for t in files.values())}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, required=True, help="number of roles to generate")
    parser.add_argument("out_dir", type=Path, help="framework folder to write (replaced if it exists)")
    args = parser.parse_args(argv)
    counts = generate(args.roles, args.out_dir)
    print(", ".join(f"{k} {v}" for k, v in counts.items()) + f" -> {args.out_dir}")


if __name__ == "__main__":
    main()

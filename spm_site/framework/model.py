"""The framework model: what each YAML file kind may hold, with HR-readable field descriptions.

The loader hands every scalar over as text, so the field types below decide, strictly, what a
value means, as an editor reading YAML 1.2 would (see `scalars`): booleans are `true`/`false`,
numbers must look like numbers, dates must exist.
Unknown keys are errors (`extra="forbid"`): a misspelt key is never silently dropped. The field
descriptions are the user documentation; the reference page and the JSON Schema are built from them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..characters import char_name, forbidden_in_name
from .limits import Limits
from .numbers import currency_problem, locale_problem
from .loader import LocDict, Mark
from .scalars import BOOLEANS, TARGET_WORDS_PATTERN, NOT_TARGET_WORDS_PATTERN, parse_date, parse_number

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Ids that an editor reads as yes/no (YAML 1.2 `true`, `false`): refused, so both sides agree.
BOOLEAN_IDS = ("true", "false")


def _strict_bool(value: Any) -> Any:
    if isinstance(value, str):
        if value in BOOLEANS:
            return BOOLEANS[value]
        raise PydanticCustomError("not-a-boolean", "expected true or false, found '{found}'", {"found": value})
    return value


def _number(value: Any) -> Any:
    """A number as YAML 1.2 reads it (`35`, `"35"`, `035`, `1e3`, `0x23`); not `.inf`, `.nan` or units."""
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            raise PydanticCustomError("not-a-number", "expected a number, found '{found}'", {"found": value}) from None
    return value


def _target(value: Any) -> Any:
    """A target as authors state it: a number (read as `_number` reads it), else the target in words
    ("at or above the industry median", "TBD"). Text without a letter ("35%", "1,000") is a number
    written in a form nobody can compare, and a yes/no, `.inf` or `1e400` is no target: all are
    refused, as the editor's schema refuses them (`scalars.TARGET_WORDS_PATTERN`,
    `NOT_TARGET_WORDS_PATTERN`)."""
    if isinstance(value, str):
        try:
            return parse_number(value)
        except ValueError:
            if not re.search(TARGET_WORDS_PATTERN, value) or re.match(NOT_TARGET_WORDS_PATTERN, value):
                raise PydanticCustomError("not-a-number", "expected a number, or a target in words, found '{found}'",
                                          {"found": value}) from None
        return value.strip()
    return value


def _date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            day = parse_date(value)
        except ValueError:
            raise PydanticCustomError("invalid-date", "expected a date written YYYY-MM-DD, found '{found}'", {"found": value}) from None
        if day is None:
            raise PydanticCustomError("invalid-date", "'{found}' is not a date that exists in the calendar", {"found": value})
        return day
    return value


def _not_a_boolean_id(value: str) -> str:
    if value in BOOLEAN_IDS:
        raise PydanticCustomError("invalid-id", "'{found}' reads as yes/no in an editor; choose another id", {"found": value})
    return value


def _name(value: str, info: ValidationInfo) -> str:
    """A name is one line a reader can trust: no hidden or reordering characters, and not too long.

    The limit comes from `spm.yml` through the validation context (see `documents.read_documents`).
    """
    limits = (info.context or {}).get("limits") or Limits()
    if len(value) > limits.max_name_length:
        raise PydanticCustomError("too-long", "is {length} characters long; the limit is {limit}",
                                  {"length": len(value), "limit": limits.max_name_length})
    found = forbidden_in_name(value)
    if found:
        raise PydanticCustomError("hidden-character", "holds the character {char} at position {at}",
                                  {"char": char_name(found[1]), "at": found[0] + 1})
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN), AfterValidator(_not_a_boolean_id)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
#: A `name:` or `title:`: text that is shown in menus, tables, titles and diagrams.
@dataclass(frozen=True)
class AsWritten:
    """On a text field, that pages show it as written, never as Markdown: a name, a target in words.
    The link check (`site/author_links`) skips such fields, as no link in them is ever followed."""


AS_WRITTEN = AsWritten()
Name = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_name), AS_WRITTEN]
Flag = Annotated[bool, BeforeValidator(_strict_bool)]
Number = Annotated[float, BeforeValidator(_number)]
Date = Annotated[dt.date, BeforeValidator(_date)]
#: A target: a number in the measure's unit, or a target stated in words (`TBD`, "at or above the
#: industry median"). Only numbers are compared (`resolve.is_number`); words are shown as written.
Target = Annotated[float | Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)], BeforeValidator(_target),
                   AS_WRITTEN]


def _known(problem: Any) -> Any:
    """A validator from a `numbers` check that returns why a value is wrong, or None when it is right."""
    def check(value: str) -> str:
        found = problem(value)
        if found:
            raise PydanticCustomError("unknown", found)
        return value
    return AfterValidator(check)


#: A locale as Babel (CLDR) knows it: `en-GB`, `de-DE`, `fr`.
LocaleTag = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), _known(locale_problem)]
#: An ISO 4217 currency code: `GBP`, `EUR`.
CurrencyCode = Annotated[str, StringConstraints(min_length=3, max_length=3, strip_whitespace=True), _known(currency_problem)]


@dataclass(frozen=True)
class Refers:
    """On an id field, the kind of item the id names: `resolve` checks it, the schema and the
    reference page say it. Declared on the field, so a new reference cannot be forgotten.

    `within` is the key of a sibling reference whose item holds the ones named here: a role's
    `behaviours` are behaviours of the value its `value` names.
    """

    kind: str
    within: str | None = None


RoleRef = Annotated[Id, Refers("role")]
FunctionRef = Annotated[Id, Refers("function")]
ObjectiveRef = Annotated[Id, Refers("objective")]
MeasureRef = Annotated[Id, Refers("measure")]
ValueRef = Annotated[Id, Refers("value")]
PillarRef = Annotated[Id, Refers("pillar")]
LevelRef = Annotated[Id, Refers("level")]
RhythmRef = Annotated[Id, Refers("feedback rhythm")]
BehaviourRef = Annotated[Id, Refers("behaviour", within="value")]
ThemeRef = Annotated[Id, Refers("theme")]
ProficiencyRef = Annotated[Id, Refers("proficiency")]
TrackRef = Annotated[Id, Refers("track")]
LadderRef = Annotated[Id, Refers("ladder")]


# --- who may see what (see `visibility` and `audience`) ---------------------------------------

#: `public`, `internal` or the name of an audience listed in spm.yml (`audiences: names:`).
#: Spelt like an id, but not one: it names no item, so the reference calls it text.
AUDIENCE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
AudienceName = Annotated[str, StringConstraints(pattern=AUDIENCE_PATTERN)]
#: One audience, or a list of them (any of them may see it).
Visibility = AudienceName | list[AudienceName]


class Status(str, Enum):
    DRAFT = "draft"
    PUBLISHED = "published"


def _visibility() -> Any:
    return Field(None, description=(
        "Who may see it: `public` (anyone, outside the organisation too), `internal` (everyone in the "
        "organisation) or audiences named in spm.yml (`leadership`, or a list). Without it, the default "
        "for its kind in spm.yml applies, else `internal`."))


def _status() -> Any:
    return Field(Status.PUBLISHED, description=(
        "`draft` keeps it out of every build (it is still checked); `published` (the default) publishes it."))


def _field_visibility(fields: str) -> Any:
    return Field(None, description=(
        f"Who may see its sensitive fields ({fields}), each like `visibility`. A sensitive field is "
        "`internal` unless said here or in spm.yml, even on a public item."))


class Source:
    """Where a model item was written: its file, its own position and its values' positions."""

    __slots__ = ("file", "mark", "marks", "raw")

    def __init__(self, raw: LocDict) -> None:
        self.file = raw.file
        self.mark = raw.mark
        self.marks = raw.marks
        self.raw = raw

    def of(self, key: str | None = None, index: int | None = None) -> Mark:
        """The position of a value (or of item `index` in a list value); the item itself if unknown."""
        if key is None or key not in self.marks:
            return self.mark
        if index is not None:
            seq = self.raw.get(key)
            marks = getattr(seq, "marks", None)
            if marks and 0 <= index < len(marks):
                return marks[index]
        return self.marks[key]


class Node(BaseModel):
    """Base of every model: strict about keys, and remembers where it was written."""

    model_config = ConfigDict(extra="forbid")
    _src: Source | None = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_source(cls, data: Any, handler: Any) -> Any:
        item = handler(data)
        if isinstance(data, LocDict):
            item._src = Source(data)
        return item

    @property
    def src(self) -> Source | None:
        return self._src

    def __eq__(self, other: object) -> bool:
        """Equal when the content is: where it was written does not count, so two versions of a
        framework (two commits, a file moved) can be compared item by item."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by content, like a dict


class Waiver(Node):
    """A written decision to accept one alignment finding on this item."""

    rule: Text = Field(description="The rule code this item is allowed to break, for example `SPM106`.")
    reason: Text = Field(description="Why the organisation accepts it. Shown on the site beside the item.")
    measure: MeasureRef | None = Field(None, description=(
        "The one measure this waiver excuses, for a rule that finds a problem per measure (such as "
        "`SPM106` on a role): only the finding about that measure is accepted, and a new problem with "
        "another measure is still reported. Without it the waiver accepts the rule for the whole item."))


class Item(Node):
    """Anything with an id that others can point at."""

    id: Id = Field(description="Stable identifier: lower-case letters, digits and hyphens. Used in links and URLs.")
    visibility: Visibility | None = _visibility()
    status: Status = _status()
    last_reviewed: Date | None = Field(None, description="When this content was last reviewed (YYYY-MM-DD).")
    waivers: list[Waiver] = Field(default_factory=list, description="Alignment findings accepted on purpose, each with a reason.")
    # editions: URLs that survive a rename, and changes that take effect later (site/editions.py)
    previous_ids: list[Id] = Field(default_factory=list, description=(
        "Ids this item had before (after a rename): their old pages send readers here, so bookmarks "
        "and links keep working. A former id may not be the id of another item of the same kind."))
    effective_from: Date | None = Field(None, description=(
        "The date this item takes effect (YYYY-MM-DD), if later than the edition: until then the site "
        "announces it (\"From 1 April 2027: ...\") instead of presenting it as current."))


# --- organisation.yml -------------------------------------------------------------------------


class Pillar(Node):
    """One theme of the strategy that objectives roll up to."""

    id: Id = Field(description="Stable identifier of the pillar.")
    visibility: Visibility | None = _visibility()
    status: Status = _status()
    name: Name = Field(description="Short name of the pillar.")
    description: Text = Field(description="What the organisation means by it and why it matters now.")


class Commitment(Node):
    """Leadership's commitment to the framework: who stands behind this edition."""

    sponsor: RoleRef | None = Field(None, description="The role (id) of the executive who sponsors the framework.")
    statement: Text = Field(description="Leadership's commitment, in their own words.")
    edition: Text = Field(description="The name of this edition, for example `2027`.")
    approved_by: list[RoleRef] = Field(default_factory=list, description="Roles (ids) that approved this edition.")
    approved_on: Date | None = Field(None, description="The date this edition was approved.")
    effective_from: Date | None = Field(None, description=(
        "The date this edition takes effect (YYYY-MM-DD). The site is built as of this date (else "
        "`approved_on`) unless `spm-site build --as-of` names another."))
    communicated: Text | None = Field(None, description="How and when this edition was communicated to everyone.")
    input_from: Text | None = Field(None, description="How people at every level gave input to it.")
    input_levels: list[LevelRef] = Field(default_factory=list, description=(
        "The levels (ids from `levels.yml`) whose people gave input to this edition. When given, SPM131 "
        "names every level that roles are described at and that is missing here."))


class Organisation(Node):
    """`organisation.yml`: who we are, where we are going, and who stands behind the framework."""

    name: Name = Field(description="The organisation's name, shown on every page.")
    mission: Text = Field(description="Why the organisation exists, in a sentence or two.")
    about: Text | None = Field(None, description="A short introduction to the handbook (Markdown).")
    pillars: list[Pillar] = Field(description="The strategy's pillars (themes), in the order to show them.")
    commitment: Commitment = Field(description="Leadership's commitment to this framework.")
    last_reviewed: Date | None = Field(None, description="When this content was last reviewed.")
    locale: LocaleTag | None = Field(None, description=(
        "How the handbook writes numbers, and the language of Material's own labels: a language and "
        "region such as `en-GB`, `de-DE` or `fr-FR`. Without it, plain English (`en`): `1,200,000`."))
    currency: CurrencyCode | None = Field(None, description=(
        "The organisation's currency, an ISO 4217 code such as `GBP` or `EUR`: what a measure's "
        "`unit: currency` means. Without it, the currency of the locale's region. A measure whose unit is "
        "any currency code is shown with its symbol (`£300,000`)."))
    waivers: list[Waiver] = Field(default_factory=list, description="Alignment findings accepted on purpose.")


# --- competencies.yml -------------------------------------------------------------------------

#: A web address or a handbook page, written as one token: it becomes a link's destination as it is.
URL_PATTERN = "^[^\\s<>()\\[\\]\"']+$"  # ECMAScript reads it too: no escape before a quote
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]


class Proficiency(Node):
    """One step of the proficiency scale, in the organisation's own words."""

    id: Id = Field(description="Identifier of the step, for example `skilled`.")
    name: Name = Field(description="The step's name, as readers see it, for example `Skilled`.")
    description: Text = Field(description="What someone at this step can do, and how independently.")


class Theme(Node):
    """A competency area that expectations are grouped by (technical, delivery, communication ...)."""

    id: Id = Field(description="Identifier of the theme, for example `technical`.")
    name: Name = Field(description="The theme's name, for example `Technical skill`.")
    description: Text | None = Field(None, description="What the theme covers here.")


class CompetenciesFile(Node):
    """`competencies.yml`: the themes expectations are grouped by and the proficiency scale they use."""

    cumulative: Flag | None = Field(None, description=(
        "`true`: what a lower level expects still applies at every level above it (pages say so); "
        "`false`: each level's expectations stand on their own. Without it, pages say nothing either way."))
    scale: list[Proficiency] = Field(default_factory=list, description=(
        "The proficiency scale, lowest first, in the organisation's own words."))
    themes: list[Theme] = Field(default_factory=list, description="The themes, in the order pages show them.")
    last_reviewed: Date | None = Field(None, description="When this content was last reviewed.")


class SupportingLink(Node):
    """A page that helps someone meet an expectation: a guide, a course, a worked example."""

    title: Name = Field(description="What the link is called on the page.")
    url: Url = Field(description=(
        "Where it goes: a web address starting with https:// (or mailto:), or a handbook page written as "
        "its path from the site root, like `measures/win-rate.md`. No spaces, quotes, brackets or parentheses."))


class Expectation(Node):
    """An expectation with a theme and a proficiency: what good looks like, grouped and graded."""

    id: Id = Field(description=(
        "Stable identifier, unique within the role's level. The same id at two levels of a role is the same "
        "expectation (perhaps at another proficiency): the level comparison and `spm-site diff` match by it."))
    text: Text = Field(description="What good looks like, in a sentence (Markdown).")
    theme: ThemeRef | None = Field(None, description="The theme (id from `competencies.yml`) it belongs to.")
    proficiency: ProficiencyRef | None = Field(None, description="The proficiency (id from the scale in `competencies.yml`) expected.")
    examples: list[Text] = Field(default_factory=list, description="Examples of meeting it, in a sentence each (Markdown).")
    links: list[SupportingLink] = Field(default_factory=list, description="Pages that help someone meet it.")


#: The tags pydantic puts in an error's path for the two forms of an expectation (`locate` skips them).
UNION_TAGS = ("sentence", "mapping")


def _expectation_kind(value: Any) -> str:
    return UNION_TAGS[1] if isinstance(value, dict) else UNION_TAGS[0]


#: One entry of a level's `expectations`: plain text, or a mapping with a theme and a proficiency.
ExpectationEntry = Annotated[
    Annotated[Text, Tag(UNION_TAGS[0])] | Annotated[Expectation, Tag(UNION_TAGS[1])],
    Discriminator(_expectation_kind)]


# --- values/<id>.yml -----------------------------------------------------------------------------


class CompetencyBehaviour(Node):
    """What a key competency looks like at one level, on one track, or both."""

    level: LevelRef | None = Field(None, description="The level (id) this behaviour is for; without it, every level.")
    track: TrackRef | None = Field(None, description="The track (id from `levels.yml`) this behaviour is for; without it, every track.")
    looks_like: Text = Field(description="What someone there does, observably.")


class KeyCompetency(Node):
    """A key competency of a value, whose behaviours differ by level or track."""

    id: Id = Field(description="Identifier of the competency, unique within its value.")
    name: Name = Field(description="The competency's name.")
    description: Text | None = Field(None, description="What it means here.")
    behaviours: list[CompetencyBehaviour] = Field(description="What it looks like, by level or track.")


class Behaviour(Node):
    """An observable behaviour: what living a value looks like, and what it does not."""

    id: Id = Field(description="Identifier of the behaviour, unique within its value.")
    looks_like: Text = Field(description="What someone living the value does, observably.")
    not_like: Text | None = Field(None, description="What the opposite looks like, so nobody has to guess.")


class Value(Item):
    """`values/<id>.yml`: one organisational value with its explicit behaviours."""

    name: Name = Field(description="The value's name.")
    statement: Text = Field(description="What the value means here, in a sentence or two.")
    behaviours: list[Behaviour] = Field(default_factory=list, description="Observable behaviours of the value.")
    competencies: list[KeyCompetency] = Field(default_factory=list, description=(
        "Key competencies of the value, each with behaviours that differ by level or track."))


# --- principles.yml ---------------------------------------------------------------------------


class Principle(Node):
    """A principle of the performance-management system and how this organisation applies it."""

    id: Id = Field(description="Identifier of the principle.")
    visibility: Visibility | None = _visibility()
    status: Status = _status()
    name: Name = Field(description="The principle, in a few words.")
    summary: Text = Field(description="What the principle asks for.")
    in_practice: Text = Field(description="How this organisation applies it, concretely.")
    max_activity_share: Annotated[Number, Field(ge=0, le=100)] | None = Field(None, description=(
        "For a principle that limits effort counts: the largest share (percent) of a role's weight that "
        "`activity` measures may take, for example `33.3` for \"never more than a third\". SPM123 checks "
        "every role against it; it takes the place of that rule's `max_share` in spm.yml."))


class PrinciplesFile(Node):
    """`principles.yml`: the principles behind the whole framework."""

    principles: list[Principle] = Field(description="The principles, in the order to show them.")
    last_reviewed: Date | None = Field(None, description="When this content was last reviewed.")


class LevelFieldVisibility(Node):
    """Who may see a level's sensitive fields."""

    pay_band: Visibility | None = Field(None, description="Who may see the pay band.")


class MeasureFieldVisibility(Node):
    """Who may see a measure's sensitive fields."""

    formula: Visibility | None = Field(None, description="Who may see how it is calculated.")
    source: Visibility | None = Field(None, description="Who may see where its data comes from.")
    target: Visibility | None = Field(None, description="Who may see its default target.")


class RoleFieldVisibility(Node):
    """Who may see a role's sensitive fields."""

    targets: Visibility | None = Field(None, description="Who may see the role's targets, at every level.")
    weights: Visibility | None = Field(None, description="Who may see the weights of its measures.")


# --- levels.yml -------------------------------------------------------------------------------


class Level(Node):
    """One step of the career ladder."""

    id: Id = Field(description="Identifier of the level, for example `l3`.")
    visibility: Visibility | None = _visibility()
    status: Status = _status()
    name: Name = Field(description="The level's name, for example `Senior`.")
    summary: Text = Field(description="What distinguishes this level: scope, autonomy, influence.")
    pay_band: Text | None = Field(None, description="The pay band of this level, for example `£48,000–£58,000`. Sensitive: internal unless `field_visibility` or spm.yml says otherwise.")
    field_visibility: LevelFieldVisibility | None = _field_visibility("`pay_band`")
    track: TrackRef | None = Field(None, description=(
        "The track (id from `tracks:`) this level belongs to, for example `manager`. Without it the level "
        "is shared by every track. A ladder lists its shared levels first: the tracks branch after the "
        "last of them, and a shared level may not follow a track's level."))


class Track(Node):
    """A track of the career ladder (individual contributor, people manager): levels of their own above the branch point."""

    id: Id = Field(description="Identifier of the track, for example `ic` or `manager`.")
    name: Name = Field(description="The track's name, for example `Individual contributor`.")
    summary: Text | None = Field(None, description="Who the track is for and how it differs from the others.")


class Ladder(Node):
    """The career ladder of one job family, when it does not share the main one."""

    id: Id = Field(description="Identifier of the ladder, for example `engineering`. Roles and functions name it in `ladder:`.")
    name: Name = Field(description="The ladder's name, for example `Engineering`.")
    summary: Text | None = Field(None, description="Which job family climbs it and what sets it apart.")
    levels: list[Level] = Field(description=(
        "The ladder's levels, lowest first, shared levels before track levels. Level ids are unique "
        "across the whole file, this ladder's and every other's."))


class LevelsFile(Node):
    """`levels.yml`: the career ladder, from the first step up, and the ladders of job families that have their own."""

    levels: list[Level] = Field(default_factory=list, description=(
        "The shared ladder's levels, lowest first: the ladder of every role whose function and role name no other."))
    tracks: list[Track] = Field(default_factory=list, description=(
        "The tracks levels may belong to (`track:` on a level), for example individual contributor and "
        "people manager. Tracks share the levels without a track and diverge after them."))
    ladders: list[Ladder] = Field(default_factory=list, description=(
        "Job families with a ladder of their own (engineering with eight levels, operations with four). "
        "A role's ladder is its own `ladder:`, else its function's, else the shared `levels:`."))


# --- feedback.yml -----------------------------------------------------------------------------


class Cadence(str, Enum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    ANNUAL = "annual"

    @property
    def per_year(self) -> int:
        return {"weekly": 52, "fortnightly": 26, "monthly": 12, "quarterly": 4, "half-yearly": 2, "annual": 1}[self.value]


class RunBy(str, Enum):
    """Who leads a conversation."""

    MANAGER = "manager"
    EMPLOYEE = "employee"


class Rhythm(Node):
    """A recurring conversation about performance and growth."""

    id: Id = Field(description="Identifier of the conversation.")
    visibility: Visibility | None = _visibility()
    status: Status = _status()
    name: Name = Field(description="Its name, for example `Weekly coaching`.")
    cadence: Cadence = Field(description="How often it happens.")
    purpose: Text = Field(description="What the conversation is for.")
    participants: Text = Field(description="Who takes part.")
    prepared_by: Text | None = Field(None, description="Who prepares it and how.")
    run_by: RunBy | None = Field(None, description=(
        "Who runs it: `manager` (each participant's manager leads it, as in a coaching one-to-one) or "
        "`employee` (the employee leads it). SPM124 expects a manager whose reports have a weekly "
        "conversation that is not run by the employee to say so in the manager's own role."))
    reviews: list[MeasureRef] = Field(default_factory=list, description=(
        "The measures (ids) this conversation reviews. When a role's conversations list any, SPM133 names "
        "the measures the role is held to that none of them reviews."))
    upward: Flag | None = Field(None, description=(
        "`true` when feedback also goes upward in it (the employee gives the manager feedback): two-way "
        "feedback. SPM125 finds managers none of whose reports' conversations is upward."))


class FeedbackFile(Node):
    """`feedback.yml`: the rhythm of feedback, coaching and development conversations."""

    rhythms: list[Rhythm] = Field(description="The conversations, most frequent first.")
    last_reviewed: Date | None = Field(None, description="When this content was last reviewed.")


# --- objectives/<id>.yml ----------------------------------------------------------------------


class KeyResult(Node):
    """A result that shows the objective is met: a measure reaching a target by a date."""

    measure: MeasureRef = Field(description="The measure (id) that shows it.")
    target: Number = Field(description="The value the measure must reach, in the measure's unit.")
    by: Date = Field(description="The date by which it must be reached (YYYY-MM-DD).")


class Objective(Item):
    """`objectives/<id>.yml`: a business objective that serves a strategy pillar."""

    name: Name = Field(description="The objective, as a short outcome statement.")
    description: Text = Field(description="What success looks like and why it matters.")
    pillar: PillarRef | None = Field(None, description="The strategy pillar (id) it serves.")
    parent: ObjectiveRef | None = Field(None, description="A broader objective (id) this one contributes to.")
    owner: RoleRef | None = Field(None, description="The role (id) accountable for it.")
    horizon: Text | None = Field(None, description="The period it is set for, for example `FY2027`.")
    key_results: list[KeyResult] = Field(default_factory=list, description=(
        "What meeting the objective takes, each a measure, a target and a date. SPM132 compares them with "
        "what roles are held to."))


# --- functions/<id>.yml -----------------------------------------------------------------------


class Accountability(Node):
    """Something a function answers for, tied to the objectives it moves."""

    statement: Text = Field(description="What the function is accountable for.")
    objectives: list[ObjectiveRef] = Field(default_factory=list, description="The objectives (ids) this accountability serves.")


class Handoff(Node):
    """Work one function passes to another: leads to sales, new customers to onboarding."""

    to: FunctionRef = Field(description="The function (id) that receives the work.")
    what: Text = Field(description="What is handed over, for example `Marketing qualified leads`.")
    measures: list[MeasureRef] = Field(default_factory=list, description=(
        "The measures (ids) that span the hand-off: held by roles on both sides, or measuring the quality "
        "(`kind: effectiveness`) of what crosses it. SPM120 finds a hand-off that none spans."))


class Function(Item):
    """`functions/<id>.yml`: a team, what it is for and what it answers for."""

    name: Name = Field(description="The function's name.")
    purpose: Text = Field(description="Why the function exists.")
    leader: RoleRef = Field(description="The role (id) that leads it.")
    ladder: LadderRef | None = Field(None, description=(
        "The ladder (id from `ladders:` in `levels.yml`) of the function's roles, if not the shared one. A role's own `ladder:` wins."))
    accountabilities: list[Accountability] = Field(default_factory=list, description="What the function answers for.")
    handoffs: list[Handoff] = Field(default_factory=list, description="Work this function passes to other functions.")


# --- measures/<group>.yml ---------------------------------------------------------------------


class Direction(str, Enum):
    HIGHER = "higher"
    LOWER = "lower"


class Kind(str, Enum):
    ACTIVITY = "activity"
    EFFECTIVENESS = "effectiveness"
    OUTCOME = "outcome"


class Timing(str, Enum):
    LEADING = "leading"
    LAGGING = "lagging"


class HealthStatus(str, Enum):
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    OFF_TRACK = "off-track"
    NO_DATA = "no-data"


class Health(Node):
    """How a measure stands now, as its owner last judged it: a status, why, and when."""

    status: HealthStatus = Field(description=(
        "`on-track`, `at-risk`, `off-track` or `no-data` (nothing recent to judge it by)."))
    reason: Text | None = Field(None, description="Why it stands there, in a sentence or two.")
    as_of: Date | None = Field(None, description="When the status was judged (YYYY-MM-DD). Without it, readers are told the date is not stated.")
class Scope(str, Enum):
    """Whose result a number is, from the broadest to the narrowest."""

    COMPANY = "company"
    FUNCTION = "function"
    TEAM = "team"
    INDIVIDUAL = "individual"


class Period(str, Enum):
    """The span of time a target counts over."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def _distinct(values: list[str]) -> list[str]:
    """A list of words written twice (in any case) is a slip: say which, rather than show it twice."""
    seen: set[str] = set()
    for value in values:
        if value.casefold() in seen:
            raise PydanticCustomError("duplicate", "names {value} twice", {"value": repr(value)})
        seen.add(value.casefold())
    return values


#: Abbreviations or synonyms: names, each once.
AlsoCalled = Annotated[list[Name], AfterValidator(_distinct)]


def _also_called(what: str) -> tuple[object, object]:
    """`abbreviations:` and `synonyms:` of a measure or role: the words people search for it by."""
    return (
        Field(default_factory=list, description=(
            f"Short forms people use for this {what}, for example `NRR`. Shown under its name and found "
            "by the site's search; each at most once.")),
        Field(default_factory=list, description=(
            f"Other names people give this {what}, for example `net dollar retention`. Shown beside the "
            "abbreviations and found by search; each at most once.")),
    )


class Measure(Item):
    """A key performance indicator: what it counts, how, and which objectives it shows progress on.

    Only `name` and `definition` are required, so that an indicator set can be published as it is;
    what it leaves out is reported by SPM116 and shown to readers as not stated, never guessed.
    """

    name: Name = Field(description="The measure's name.")
    definition: Text = Field(description="What it measures, in plain words.")
    formula: Text | None = Field(None, description="How it is calculated.")
    unit: Text | None = Field(None, description="The unit of the target, for example `%`, `days` or `x pipeline`.")
    direction: Direction | None = Field(None, description="Whether `higher` or `lower` is better.")
    target: Target | None = Field(None, description=(
        "The default target: a number in the unit above, or the target in words when it is not a "
        "number (`at or above the industry median`, `TBD`)."))
    period: Period | None = Field(None, description=(
        "The period every target of this measure is for, shown after the number: `week` gives "
        "`12 calls a week`. One of `day`, `week`, `month`, `quarter`, `year`."))
    frequency: Cadence | None = Field(None, description="How often it is measured and reviewed.")
    source: Text | None = Field(None, description="Where the data comes from.")
    owner: FunctionRef | None = Field(None, description="The function (id) that owns the measure and its definition.")
    objectives: list[ObjectiveRef] = Field(default_factory=list, description="The objectives (ids) this measure shows progress on.")
    kind: Kind | None = Field(None, description="`activity` (effort), `effectiveness` (quality of effort) or `outcome` (result).")
    timing: Timing | None = Field(None, description="`leading` (predicts results) or `lagging` (records them).")
    why: Text | None = Field(None, description="Why it matters, in a sentence.")
    parent: MeasureRef | None = Field(None, description=(
        "The broader indicator (id of a measure) this one rolls up to. Both pages show the link; "
        "a chain of parents may not come back to where it started."))
    key: Flag = Field(False, description=(
        "`true` marks a key indicator: one of the few the organisation steers by. The catalogue "
        "shows it and can list key indicators only."))
    health: Health | None = Field(None, description="How the measure stands now: a status, with why and when.")
    scope: Scope | None = Field(None, description=(
        "The narrowest level the number is measured for: `individual` (each person's own result), `team`, "
        "`function` or `company` (only the whole company has it, such as total support cost against "
        "revenue). SPM121 finds roles held with weight to a number broader than they can move."))
    field_visibility: MeasureFieldVisibility | None = _field_visibility("`formula`, `source`, `target`")
    abbreviations: AlsoCalled = _also_called("measure")[0]
    synonyms: AlsoCalled = _also_called("measure")[1]


class MeasureGroup(Node):
    """`measures/<group>.yml`: a group of related measures."""

    measures: list[Measure] = Field(description="The measures of this group.")


# --- roles/<id>.yml ---------------------------------------------------------------------------


class LevelTarget(Node):
    """A target that differs at one level of a role."""

    measure: MeasureRef = Field(description="The measure (id).")
    target: Target = Field(description="The target at this level: a number in the measure's unit, or the target in words.")


class RoleLevel(Node):
    """What is expected of a role at one level of the ladder."""

    level: LevelRef = Field(description="The level (id) from `levels.yml`, on the role's ladder.")
    title: Name | None = Field(None, description="The job title at this level, if it differs.")
    expectations: list[ExpectationEntry] = Field(default_factory=list, description=(
        "What good looks like at this level: each a sentence, or a mapping with an `id`, `text`, `theme`, "
        "`proficiency`, `examples` and `links` (see `competencies.yml`)."))
    targets: list[LevelTarget] = Field(default_factory=list, description="Targets that differ at this level.")


class Acceptance(Node):
    """The role's function agreeing to a measure another function owns."""

    by: RoleRef = Field(description="The role (id) that accepted the measure for this role's function.")
    reason: Text = Field(description="Why it was accepted: how it serves this role's objectives.")


class RoleMeasure(Node):
    """A measure the role is held to, with role-specific target and weight."""

    measure: MeasureRef = Field(description="The measure (id).")
    target: Target | None = Field(None, description="The role's target, if it differs from the measure's: a number, or the target in words.")
    weight: Number | None = Field(None, description="Weight in percent; if any measure of a role has one, all should add up to 100.")
    why: Text | None = Field(None, description="Why this role is held to it.")
    accepted: Acceptance | None = Field(None, description="For a measure owned by another function: who accepted it and why.")
    levels_reason: Text | None = Field(None, description=(
        "Why the target asks less at a higher level (a lower number where higher is better, or a higher "
        "one where lower is better), for example a larger, slower book of deals. Shown beside the fall "
        "on the role page."))


class RoleValue(Node):
    """A value the role is expected to live, and which of its behaviours matter most here."""

    value: ValueRef = Field(description="The value (id).")
    behaviours: list[BehaviourRef] = Field(default_factory=list, description="Behaviour ids of that value; empty means all of them.")
    note: Text | None = Field(None, description="What the value looks like in this role.")


class Partnership(Node):
    """The split of responsibility between employee and manager."""

    employee: list[Text] = Field(description="What the employee owns.")
    manager: list[Text] = Field(description="What the manager owns.")


class Role(Item):
    """`roles/<id>.yml`: one role, its purpose, expectations, measures and growth."""

    name: Name = Field(description="The role's name.")
    function: FunctionRef = Field(description="The function (id) the role belongs to.")
    reports_to: RoleRef | None = Field(None, description="The role (id) it reports to.")
    ladder: LadderRef | None = Field(None, description=(
        "The ladder (id from `ladders:` in `levels.yml`) this role climbs, if not its function's or the "
        "shared one. The role may describe only levels of that ladder."))
    track: TrackRef | None = Field(None, description=(
        "The one track (id) of its ladder this role sits on, for example `manager` for an engineering "
        "manager. The role may then describe only shared levels and that track's. Without it, the role "
        "may describe levels of every track, and its page shows the branch as a choice."))
    purpose: Text = Field(description="Why the role exists, in a sentence or two.")
    responsibilities: list[Text] = Field(default_factory=list, description="What the role is responsible for.")
    levels: list[RoleLevel] = Field(default_factory=list, description="Expectations by level of the career ladder.")
    measures: list[RoleMeasure] = Field(default_factory=list, description="The measures the role is held to.")
    values: list[RoleValue] = Field(default_factory=list, description="The values and behaviours expected.")
    development: list[Text] = Field(default_factory=list, description="What to grow into: skills and behaviours for the future.")
    feedback: list[RhythmRef] = Field(default_factory=list, description="The conversations (ids from `feedback.yml`) this role takes part in.")
    field_visibility: RoleFieldVisibility | None = _field_visibility("`targets`, the role's and its levels', and `weights`")
    partnership: Partnership | None = Field(None, description="Who owns what between employee and manager.")
    moves_to: list[RoleRef] = Field(default_factory=list, description=(
        "The roles (ids) people in this role typically move to next, most usual first. The role's page lists "
        "them as career paths, and each of those roles' pages lists this one as where people come from. "
        "Not the role itself, and each role once."))
    abbreviations: AlsoCalled = _also_called("role")[0]
    synonyms: AlsoCalled = _also_called("role")[1]


# --- retired.yml ------------------------------------------------------------------------------


class RetiredKind(str, Enum):
    """The kinds of item that have a page of their own, and so a URL that may outlive them."""

    VALUE = "value"
    OBJECTIVE = "objective"
    FUNCTION = "function"
    ROLE = "role"
    MEASURE = "measure"


class RetiredItem(Node):
    """An item that no longer exists: its old page says so, when, and what replaced it."""

    kind: RetiredKind = Field(description="The kind of item: `value`, `objective`, `function`, `role` or `measure`.")
    id: Id = Field(description="The id it had, so its old URL keeps answering. No live item of the kind may use it.")
    name: Name = Field(description="Its name, as readers knew it.")
    edition: Text = Field(description="The edition in which it was retired, for example `2027`.")
    replaced_by: Id | None = Field(None, description="The id of the item of the same kind that replaces it, if any.")
    reason: Text | None = Field(None, description="Why it was retired, in a sentence or two.")
    visibility: Visibility | None = _visibility()


class RetiredFile(Node):
    """`retired.yml`: items that were removed, so that their old pages say what became of them."""

    retired: list[RetiredItem] = Field(default_factory=list, description="The retired items, in any order.")

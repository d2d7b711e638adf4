"""The alignment rules, listed by hand so that the registry reads as a table of contents.

Adding a rule means one new module, named in `_NAMES` below (see `base.py` for what it declares),
and one test file.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from ..framework.options import RuleOptions

#: One rule module per line, in code order.
_NAMES = (
    "spm101_measure_without_objective",
    "spm102_objective_without_pillar",
    "spm103_objective_without_measure",
    "spm104_objective_without_owner",
    "spm105_pillar_mismatch",
    "spm106_imposed_measure",
    "spm107_accountability_without_objective",
    "spm108_role_without_measures",
    "spm109_role_without_behaviours",
    "spm110_role_without_development",
    "spm111_annual_feedback_only",
    "spm112_activity_only",
    "spm113_weights_not_100",
    "spm114_value_without_behaviours",
    "spm115_behaviour_without_opposite",
    "spm116_measure_incomplete",
    "spm117_orphan_measure",
    "spm118_stale_content",
    "spm119_edition_not_approved",
    "spm120_handoff_without_shared_measure",
    "spm121_measure_out_of_reach",
    "spm122_acceptance_by_wrong_party",
    "spm123_too_much_activity",
    "spm124_manager_without_coaching",
    "spm125_no_upward_feedback",
    "spm126_objective_without_function",
    "spm127_owner_outside_function",
    "spm128_value_without_role",
    "spm129_role_without_partnership",
    "spm130_edition_not_communicated",
    "spm131_edition_without_input",
    "spm132_key_result_not_held",
    "spm133_rhythm_reviews_unheld_measure",
    "spm134_default_every_level_overrides",
)
_MODULES: tuple[ModuleType, ...] = tuple(import_module(f"{__name__}.{name}") for name in _NAMES)

#: Every rule by code, in code order.
RULES: dict[str, ModuleType] = {m.CODE: m for m in sorted(_MODULES, key=lambda m: m.CODE)}
_BY_NAME: dict[str, ModuleType] = {m.NAME: m for m in _MODULES}


def get(code_or_name: str) -> ModuleType | None:
    """A rule by its code (`SPM106`, any case) or its name (`imposed-measure`)."""
    return RULES.get(code_or_name.upper()) or _BY_NAME.get(code_or_name.lower())


def summary(rule: ModuleType) -> str:
    """The first line of a rule's docstring."""
    return (rule.__doc__ or "").strip().splitlines()[0]


def options(rule: ModuleType) -> type[RuleOptions]:
    """The declaration of a rule's options: its `Options`, or none at all."""
    return getattr(rule, "Options", RuleOptions)

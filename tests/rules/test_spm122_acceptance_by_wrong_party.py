"""SPM122 acceptance-by-wrong-party: an imposed measure is accepted by the side that is held to it."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

ROLE = "roles/account-executive.yml"
MARKETER = ("name: Marketing manager\nfunction: marketing\nreports_to: head-of-sales\n"
            "purpose: Bring sales the leads it can close.\n")
SUPPORT = "name: Support\npurpose: Help customers use what they bought.\nleader: head-of-sales\n"


def signed_by(role_id: str) -> str:
    return changed(ROLE, "      by: head-of-sales\n", f"      by: {role_id}\n")


def test_acceptance_signed_by_the_imposing_function_is_an_error(make_framework):
    text = signed_by("marketing-manager")
    root = make_framework({ROLE: text, "roles/marketing-manager.yml": MARKETER})
    d = only(root, "SPM122")
    assert where(d, root) == ("SPM122", "acceptance-by-wrong-party", "error", ROLE,
                              *position(text, "marketing-manager"))
    assert ("Account executive ('account-executive') is held to Qualified leads ('qualified-leads'), owned by "
            "Marketing ('marketing'), and its acceptance is signed by Marketing manager ('marketing-manager'), "
            "from the function that imposes it, not by Head of sales ('head-of-sales') or another role of "
            "Sales ('sales')") in d.message
    assert "the people held to the number have not agreed to it" in d.message


def test_acceptance_signed_by_a_third_function_says_so(make_framework):
    text = signed_by("support-agent")
    agent = MARKETER.replace("Marketing manager", "Support agent").replace("function: marketing", "function: support")
    root = make_framework({ROLE: text, "roles/support-agent.yml": agent, "functions/support.yml": SUPPORT})
    assert "from Support ('support'), neither side of it" in only(root, "SPM122").message


def test_acceptance_signed_by_the_held_functions_leader_passes(make_framework):
    """The trap: the head of sales leads marketing too, but signs as the leader of sales."""
    assert findings(make_framework({"roles/marketing-manager.yml": MARKETER}), "SPM122") == []


def test_acceptance_signed_by_another_role_of_the_held_function_passes(make_framework):
    assert findings(make_framework({ROLE: signed_by("account-executive")}), "SPM122") == []

"""PLOVER/CAMEO facts: trigger lexicon, CAMEO codes, Goldstein weights, QuadClass."""

from tacitus.model import PLOVER_TYPES
from tacitus.ontology import MODES, cameo_for, goldstein, quad_class, triggers


def test_every_trigger_has_a_known_type_mode_and_a_cameo_code_of_that_type():
    for entries in triggers().values():
        for t in entries:
            assert t.event_type in PLOVER_TYPES
            assert t.mode is None or t.mode in MODES[t.event_type]
            assert cameo_for(t.event_type, None, t.cameo) == t.cameo, t      # the code fits the type
            assert goldstein(t.cameo) is not None, t


def test_every_type_and_mode_has_a_cameo_code_goldstein_and_quad():
    for event_type in PLOVER_TYPES:
        for mode in (None, *MODES[event_type]):
            code = cameo_for(event_type, mode)
            assert code[:2].isdigit() and goldstein(code) is not None
            assert quad_class(code, event_type) in (1, 2, 3, 4)


def test_goldstein_falls_back_to_the_parent_code():
    assert goldstein("1831") == -10.0
    assert goldstein("0612") == goldstein("061")
    assert goldstein(None) is None


def test_quad_class_follows_the_cameo_root():
    assert quad_class("042", "CONSULT") == 1 and quad_class("073", "AID") == 2
    assert quad_class("112", "ACCUSE") == 3 and quad_class("190", "ASSAULT") == 4
    assert quad_class(None, "PROTEST") == 4


def test_a_mismatched_hint_is_ignored():
    assert cameo_for("ASSAULT", "firearms", "040") == "193"


def test_cameo_keeps_appeals_apart_from_demands_and_refines_generic_codes_by_mode():
    assert cameo_for("REQUEST", "yield", "020") == "025"      # "urged X to release": appeal to yield
    assert cameo_for("REQUEST", None, "100") == "100"         # "demanded"
    assert cameo_for("REJECT", "meet", "120") == "125"        # generic refusal + what was refused
    assert quad_class("025", "REQUEST") == 1 and quad_class("105", "REQUEST") == 3


def test_who_attacks_decides_cameo_18_or_19():
    from tacitus.ontology import assault_cameo

    assert assault_cameo("190", ["gunmen"]) == "180"
    assert assault_cameo("180", ["troops"]) == "190"
    assert assault_cameo("1831", ["troops"]) == "1831"          # a specific code is kept

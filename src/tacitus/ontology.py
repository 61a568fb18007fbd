"""PLOVER and CAMEO facts Tacitus needs at run time, loaded once from our data files.

- `triggers.tsv`: which words can express which PLOVER type/mode, with a CAMEO code and a prior;
- `goldstein.tsv`: Goldstein weights per CAMEO code (source named in the file);
- `contexts.tsv`: cue words for PLOVER contexts.
CAMEO codes follow the official CAMEO->PLOVER table (PLOVER manual, 2021-09-17).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .model import PLOVER_TYPES

__all__ = ["Trigger", "MODES", "triggers", "cameo_for", "assault_cameo", "goldstein", "quad_class",
           "context_cues", "DEFAULT_CAMEO", "as_intention"]

MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (), "SUPPORT": (), "CONCEDE": (), "COOPERATE": (), "AID": (),
    "CONSULT": ("visit", "third-party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"),
}

# The most general CAMEO code of each PLOVER type in the official table, and per mode where it is specific.
DEFAULT_CAMEO: dict[str, str] = {
    "AGREE": "030", "CONSULT": "040", "SUPPORT": "050", "CONCEDE": "080", "COOPERATE": "060", "AID": "070",
    "RETREAT": "087", "REQUEST": "100", "ACCUSE": "110", "REJECT": "120", "THREATEN": "130",
    "PROTEST": "140", "SANCTION": "160", "MOBILIZE": "150", "COERCE": "170", "ASSAULT": "190",
}
_MODE_CAMEO: dict[tuple[str, str], str] = {
    ("CONSULT", "phone"): "041", ("CONSULT", "visit"): "042", ("CONSULT", "third-party"): "044",
    ("RETREAT", "withdraw"): "0872", ("RETREAT", "release"): "0841", ("RETREAT", "disarm"): "0873",
    ("RETREAT", "ceasefire"): "0871", ("RETREAT", "access"): "086", ("RETREAT", "resign"): "0831",
    ("REQUEST", "assist"): "101", ("REQUEST", "change"): "104", ("REQUEST", "yield"): "105",
    ("REQUEST", "meet"): "106", ("REJECT", "assist"): "121", ("REJECT", "change"): "123",
    ("REJECT", "yield"): "124", ("REJECT", "meet"): "125", ("ACCUSE", "investigate"): "090",
    ("ACCUSE", "disapprove"): "111", ("ACCUSE", "allege"): "112", ("THREATEN", "restrict"): "1312",
    ("THREATEN", "relations"): "1313", ("THREATEN", "arrest"): "132", ("THREATEN", "expel"): "136",
    ("THREATEN", "violence"): "138", ("THREATEN", "territory"): "1382", ("PROTEST", "demo"): "141",
    ("PROTEST", "hunger"): "142", ("PROTEST", "strike"): "143", ("PROTEST", "boycott"): "143",
    ("PROTEST", "obstruct"): "144", ("PROTEST", "riot"): "145", ("PROTEST", "vandalize"): "145",
    ("SANCTION", "withdraw"): "161", ("SANCTION", "discontinue"): "162", ("SANCTION", "expel"): "166",
    ("SANCTION", "convict"): "116", ("MOBILIZE", "police"): "153", ("MOBILIZE", "troops"): "154",
    ("MOBILIZE", "militia"): "154", ("MOBILIZE", "weapons"): "152", ("COERCE", "seize"): "171",
    ("COERCE", "restrict"): "172", ("COERCE", "censor"): "1721", ("COERCE", "curfew"): "1723",
    ("COERCE", "martial-law"): "1724", ("COERCE", "arrest"): "173", ("COERCE", "deport"): "174",
    ("COERCE", "withhold"): "172", ("ASSAULT", "abduct"): "181", ("ASSAULT", "beat"): "182",
    ("ASSAULT", "sexual"): "1821", ("ASSAULT", "torture"): "1822", ("ASSAULT", "primitive"): "1823",
    ("ASSAULT", "explosives"): "183", ("ASSAULT", "suicide-attack"): "1831",
    ("ASSAULT", "targeted"): "186", ("ASSAULT", "destroy"): "1712", ("ASSAULT", "crowd-control"): "175",
    ("ASSAULT", "firearms"): "193", ("ASSAULT", "heavy-weapons"): "194", ("ASSAULT", "aerial"): "195",
    ("ASSAULT", "drone"): "195", ("ASSAULT", "unconventional"): "204",
}
# CAMEO root -> QuadClass, as GDELT computes it.
_QUAD_BY_ROOT = {**{r: 1 for r in range(1, 6)}, **{r: 2 for r in range(6, 9)},
                 **{r: 3 for r in range(9, 14)}, **{r: 4 for r in range(14, 21)}}
# PLOVER's own quad categories (manual, table of categories), used when no CAMEO code is known.
_QUAD_BY_TYPE = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2,
                 "RETREAT": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 4,
                 "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}


@dataclass(frozen=True)
class Trigger:
    pos: str            # "verb" or "noun"
    lemma: str          # head lemma
    particle: str       # "" or the particle/preposition(s) that must follow ("for" in "call for")
    event_type: str
    mode: str | None
    cameo: str
    prior: float
    needs_object: bool = False
    no_complement: bool = False
    active_only: bool = False


def _rows(name: str) -> list[list[str]]:
    text = resources.files("tacitus.data").joinpath(name).read_text(encoding="utf-8")
    return [row for row in csv.reader(text.splitlines(), delimiter="\t") if row and not row[0].startswith("#")]


@lru_cache(maxsize=1)
def triggers() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """(pos, lemma) -> the triggers with that head, most specific first."""
    table: dict[tuple[str, str], list[Trigger]] = {}
    for row in _rows("triggers.tsv"):
        pos, lemma, event_type, mode, cameo, prior = row[:6]
        head, _, particle = lemma.partition("+")
        flags = set(row[6].split(",")) if len(row) > 6 else set()
        if event_type not in PLOVER_TYPES:
            raise ValueError(f"triggers.tsv: unknown type {event_type}")
        mode_value = None if mode == "-" else mode
        if mode_value is not None and mode_value not in MODES[event_type]:
            raise ValueError(f"triggers.tsv: {mode_value} is not a mode of {event_type}")
        trig = Trigger(pos, head, particle.replace("+", " "), event_type, mode_value, cameo, float(prior),
                       needs_object="obj" in flags, no_complement="nocomp" in flags,
                       active_only="active" in flags)
        table.setdefault((pos, head), []).append(trig)
    # Most specific first: a particle-bound sense, then a sense that needs an object ("struck a village"
    # before "workers struck").
    return {k: tuple(sorted(v, key=lambda t: (-len(t.particle), not t.needs_object))) for k, v in table.items()}


@lru_cache(maxsize=1)
def _goldstein_table() -> dict[str, float]:
    return {code: float(value) for code, value in _rows("goldstein.tsv")}


# CAMEO 02 APPEAL by what is asked for (PLOVER REQUEST's modes).
_APPEAL_BY_MODE = {"assist": "021", "change": "024", "yield": "025", "meet": "026"}


def cameo_for(event_type: str, mode: str | None, hint: str | None = None) -> str:
    """A CAMEO code consistent with the PLOVER type: the trigger's own code when it agrees (refined by
    the mode where the trigger's code is its family's generic one), else the mode's, else the type's."""
    if hint and _type_of_root(hint, event_type):
        if hint[:2] == "02" and mode in _APPEAL_BY_MODE:
            return _APPEAL_BY_MODE[mode]
        generic = len(hint) == 3 and hint.endswith("0")
        if generic and mode and (event_type, mode) in _MODE_CAMEO:
            return _MODE_CAMEO[(event_type, mode)]
        return hint
    if mode and (event_type, mode) in _MODE_CAMEO:
        return _MODE_CAMEO[(event_type, mode)]
    return DEFAULT_CAMEO[event_type]


# Who fights decides CAMEO's root for an attack: 18 unconventional violence (militants, gunmen, bombers)
# or 19 conventional military force (armies, troops, air forces). PLOVER has one ASSAULT for both.
_IRREGULAR = frozenset("""gunman gunmen militant militants rebel rebels insurgent insurgents attacker attackers
assailant assailants bomber bombers terrorist terrorists jihadist jihadists extremist extremists fighter
fighters mob kidnapper kidnappers pirate pirates bandit bandits militia militias group gang gangs""".split())
_REGULAR = frozenset("""army armies troops soldier soldiers military forces navy marines warplane warplanes jet
jets artillery tank tanks battalion brigade""".split())


def assault_cameo(code: str, actor_words: list[str]) -> str:
    """Refine a generic attack code (180/190/193) by who carried it out."""
    if code not in {"180", "190", "193"}:
        return code
    words = {w.lower() for w in actor_words}
    if words & _IRREGULAR:
        return "180"
    if words & _REGULAR:
        return code if code in {"190", "193"} else "190"
    return code


# CAMEO roots each PLOVER type can take (official table, root level; 02 APPEAL for REQUEST).
_ROOTS_OF_TYPE = {"AGREE": {3}, "CONSULT": {4}, "SUPPORT": {5}, "COOPERATE": {6}, "AID": {7}, "CONCEDE": {8},
                  "RETREAT": {8}, "ACCUSE": {9, 11}, "REQUEST": {2, 10}, "REJECT": {12}, "THREATEN": {13},
                  "PROTEST": {14}, "MOBILIZE": {15}, "SANCTION": {16, 11}, "COERCE": {16, 17, 19},
                  "ASSAULT": {17, 18, 19, 20}}


def _type_of_root(code: str, event_type: str) -> bool:
    """Whether a CAMEO code's root can belong to this PLOVER type."""
    return int(code[:2]) in _ROOTS_OF_TYPE[event_type]


def goldstein(code: str | None) -> float | None:
    if not code:
        return None
    table = _goldstein_table()
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def quad_class(code: str | None, event_type: str) -> int:
    if code:
        return _QUAD_BY_ROOT[int(code[:2])]
    return _QUAD_BY_TYPE[event_type]


@lru_cache(maxsize=1)
def context_cues() -> tuple[tuple[str, tuple[str, ...]], ...]:
    merged: dict[str, list[str]] = {}
    for context, cues in _rows("contexts.tsv"):
        merged.setdefault(context, []).extend(c.strip() for c in cues.split(",") if c.strip())
    return tuple((k, tuple(v)) for k, v in merged.items())


# PLOVER manual, AGREE: "Cooperative actions of types CONSULT, SUPPORT, COOPERATE, and AID reported in
# future tense ... should be coded as AGREE"; CONCEDE: "Announcements of future retreats should be coded
# as CONCEDE". The CAMEO code becomes the matching "express intent to ..." code. A conflictual act
# announced for the future ("we will hunt you down", "X will impose sanctions") is a statement of intent
# to act against someone: THREATEN, with CAMEO's "threaten with military force" / "threaten to sanction".
_INTENTIONS = {"CONSULT": ("AGREE", "036", None), "SUPPORT": ("AGREE", "032", None),
               "COOPERATE": ("AGREE", "031", None), "AID": ("AGREE", "033", None),
               "RETREAT": ("CONCEDE", "080", None), "ASSAULT": ("THREATEN", "138", "violence"),
               "SANCTION": ("THREATEN", "1312", "restrict")}


def as_intention(event_type: str) -> tuple[str, str, str | None] | None:
    """(type, CAMEO code, mode) that a future event of this type is coded as, or None when it keeps its type."""
    return _INTENTIONS.get(event_type)


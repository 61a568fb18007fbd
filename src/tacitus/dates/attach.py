"""Which word a temporal expression belongs to, and which way in time that word points.

A date phrase dates the predicate it modifies: "attacked on Tuesday" dates the attack, "the bombing last
week" dates the bombing even when the parser hangs "last week" on the main verb. `owner` walks up the
dependency tree from the expression to the first verb or event noun; `tense` reads the tense of a verb
(or of the verb an event noun hangs from) so an ambiguous "Friday" or "in March" can be read forward
for "will meet on Friday" and back for "met on Friday" (`orient`).
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from .timex import Timex, oriented

__all__ = ["EVENT_NOUNS", "owner", "host", "tense", "orient", "is_event_noun"]

# Nouns that name an event, so a date next to them is that event's date ("the raid last month").
EVENT_NOUNS = frozenset("""
attack bombing bomb strike airstrike raid war invasion election vote meeting talks summit visit trip
protest clash explosion blast shooting killing murder assassination arrest ceasefire truce coup massacre
assault offensive operation ambush riot demonstration rally agreement deal treaty accord conference
referendum trial verdict crackdown withdrawal incursion uprising revolt rebellion siege battle fighting
kidnapping abduction hijacking execution deployment announcement speech negotiations sanctions embargo
boycott march sit-in occupation takeover seizure capture release escape resignation inauguration ouster
overthrow hearing ruling decision launch detonation evacuation earthquake flood crash collapse
""".split())

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
_FUTURE_GOVERNORS = {"plan", "schedule", "expect", "intend", "aim", "prepare", "hope", "vow", "promise",
                     "threaten", "pledge", "want", "seek", "decide", "agree", "set", "due", "going", "go"}
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "csubjpass"}
_PLAIN_ADVERBIAL = {"npadvmod", "advmod", "tmod", "obl:tmod", "nmod:tmod", "dep"}


def is_event_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in EVENT_NOUNS


def _is_predicate(tok: Token) -> bool:
    return tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ in ("ROOT", "conj", "ccomp", "advcl", "relcl"))


def owner(timex: Timex, parsed: SpacyDoc, triggers: Collection[int] = ()) -> Token | None:
    """The event word or verb a temporal expression modifies; None when it hangs from nothing of the kind.

    `triggers` are token indices of known event triggers: they own a date attached to them even when
    they are nouns. A plain adverbial ("last week", "yesterday") right after an event noun belongs to
    that noun ("the bombing last week"), whatever the parser attached it to.
    """
    span = parsed.char_span(timex.start, timex.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    root = span.root
    before = parsed[span.start - 1] if span.start > 0 else None
    first = span[0].lower_
    if (before is not None and (before.i in triggers or is_event_noun(before))
            and (root.dep_ in _PLAIN_ADVERBIAL or first in ("last", "this", "yesterday", "earlier"))
            and root.head.i != before.i and not _argument_of(before, root.head)):
        return before
    tok = root
    while tok.head.i != tok.i:
        tok = tok.head
        if tok.i in span:             # a range's parts hang on each other
            continue
        if tok.i in triggers or _is_predicate(tok) or is_event_noun(tok):
            return tok
    return None


def _argument_of(noun: Token, verb: Token) -> bool:
    """Whether `noun` is the subject or object of `verb` itself ("faked his death last summer": the
    faking is dated), rather than buried in a phrase below it ("revenge for the bombing last week")."""
    cur = noun
    while cur.dep_ in ("compound", "conj", "appos") and cur.head.i != cur.i:
        cur = cur.head
    return cur.head.i == verb.i and cur.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd")


def host(tok: Token) -> Token:
    """The verb an event word belongs to in its own clause ("launched" for "launched an attack")."""
    cur = tok
    while not _is_predicate(cur) and cur.head.i != cur.i and cur.dep_ not in _CLAUSE_DEPS:
        cur = cur.head
    return cur if _is_predicate(cur) else tok


def tense(tok: Token) -> str:
    """"future", "past" or "present" for a verb or the verb an event noun hangs from."""
    verb = host(tok)
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in aux):
        return "future"
    if any(a.lower_ == "to" for a in aux) and verb.dep_ == "xcomp":
        gov = verb.head
        if any(a.lower_ in _FUTURE_AUX for a in gov.children):
            return "future"
        if gov.tag_ == "VBD":
            return "present"          # "agreed to sell in October": either side of the agreement
        if gov.lemma_.lower() in _FUTURE_GOVERNORS:
            return "future"
        return tense(gov) if gov.i != verb.i else "present"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
        return "past"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "amod", "relcl"):
        return "past"                 # "the Taliban, ousted in 2001"
    if verb.tag_ == "VBG" and verb.head.i != verb.i and any(a.lower_ in ("was", "were") for a in verb.head.children):
        return "past"
    return "present"


def orient(timex: Timex, parsed: SpacyDoc, triggers: Collection[int] = (), word: Token | None = None) -> Timex:
    """An ambiguous expression read in the direction of the tense of `word` (default: its owner)."""
    if timex.other is None:
        return timex
    word = word if word is not None else owner(timex, parsed, triggers)
    if word is None:
        return timex
    way = tense(word)
    if way == "present":
        return timex
    return oriented(timex, future=way == "future")

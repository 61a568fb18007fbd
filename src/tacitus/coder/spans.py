"""Participant spans: from a head token to the words that name it ("US Army General Mark Milley").

Kept: compounds, adjectives, possessors and the named entity the head sits in. Dropped: determiners,
numbers ("13 American service members" -> "American service members"; counts belong to `modality`),
appositions and relative clauses.
"""

from __future__ import annotations

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .lexicon import RELATIVE_PRONOUNS

__all__ = ["participant_span", "expand_conj", "is_participant", "head_at"]

_KEEP_LEFT = frozenset({"compound", "amod", "nmod", "poss", "case", "flat", "nn", "hyph"})
_NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
_TALLIES = frozenset({"toll", "tally", "count", "figure"})
_NON_AGENT_POS = frozenset({"NUM", "ADV", "ADJ", "VERB", "AUX", "ADP", "SCONJ", "CCONJ", "PART", "PUNCT",
                            "SYM", "DET", "X", "SPACE"})


def is_participant(token: Token) -> bool:
    """Can this token head an actor/recipient mention at all?"""
    if token.pos_ in _NON_AGENT_POS or token.lower_ in RELATIVE_PRONOUNS:
        return False
    if token.pos_ == "PRON" and token.lower_ in {"it", "this", "what", "something", "anything", "nothing",
                                                 "itself", "there"}:
        return False
    if token.lemma_.lower() in _TALLIES:
        return False                        # "the death toll ... were reported": a count, not who was hit
    return token.ent_type_ not in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}


def expand_conj(token: Token) -> list[Token]:
    """`X and Y and Z` -> [X, Y, Z] (coordination: one event, several participants)."""
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN", "PRON"})
    return sorted(out, key=lambda t: t.i)


def participant_span(head: Token, floor: int = 0) -> SpacySpan:
    """The tokens naming the participant headed by `head`, never starting before token index `floor`."""
    doc = head.doc
    left = head.i
    # Walk left over the contiguous modifiers that belong to the name.
    while left - 1 >= floor:
        prev = doc[left - 1]
        if prev.head.i >= left and prev.head.i <= head.i and (
                prev.dep_ in _KEEP_LEFT or (prev.ent_iob_ != "O" and prev.ent_type_ in _NAME_ENTS
                                            and prev.dep_ not in {"det", "nummod"})):
            left -= 1
        elif prev.dep_ == "case" or prev.tag_ in {"POS", "HYPH"}:
            left -= 1                                   # "Georgia's", "eastern-based"
        else:
            break
    right = head.i + 1
    # A head inside a named entity takes the whole entity ("the Joint Chiefs of Staff", "Ministry of Defence").
    if head.ent_iob_ != "O" and head.ent_type_ in _NAME_ENTS:
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        if ent is not None:
            left, right = min(left, max(ent.start, floor)), max(right, ent.end)
    while left < head.i and (doc[left].dep_ in {"det", "case", "punct", "cc", "predet"} or doc[left].tag_ == "POS"
                             or doc[left].pos_ in {"DET", "NUM", "PUNCT"}):
        left += 1
    while right - 1 > head.i and doc[right - 1].pos_ in {"PUNCT", "DET", "CCONJ"}:
        right -= 1
    return doc[left:right]


def head_at(parsed: SpacyDoc, start: int, end: int) -> Token | None:
    """The head token of a character span of the parsed text (a trigger, a speaker), or None where it
    does not align with the tokens."""
    found = parsed.char_span(start, end, alignment_mode="expand")
    return found.root if found is not None and len(found) else None

"""Casualty and arrest counts: "killed more than 150 Afghans and 13 American service members".

Numbers are read where the parse ties them to a casualty word (the object of "killed", the subject of
"were arrested", "the death toll rose to 23", "12 dead"), normalised ("more than 150" -> 150 with a
lower-bound mark, "dozens" -> 24 lower bound, "10 to 15" -> 10 with upper 15), and summed per kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

__all__ = ["Count", "parse_number", "counts_near"]

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
# Vague quantities: the smallest value the word admits, always a lower bound.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "tens": 20, "several": 3,
          "a few": 2, "few": 2, "many": 2, "millions": 2_000_000}
_ROUND = {"a dozen": 12, "dozen": 12, "a hundred": 100, "a thousand": 1_000}
_LOWER = {"more than", "over", "at least", "upwards of", "in excess of", "no fewer than", "no less than"}
_UPPER = {"up to", "nearly", "almost", "fewer than", "less than", "under", "as many as"}
_APPROX = {"about", "around", "some", "roughly", "approximately", "an estimated", "estimated"}

_KINDS = {
    "killed": {"kill", "die", "dead", "death", "massacre", "slay", "murder", "execute", "fatality", "toll",
               "death toll", "body", "behead", "perish"},
    "injured": {"injure", "wound", "hurt", "injury", "maim", "injured", "wounded"},
    "arrested": {"arrest", "detain", "jail", "imprison", "round", "apprehend", "nab", "detention", "arrested",
                 "detained", "custody"},
    "missing": {"missing", "abduct", "kidnap", "disappear", "unaccounted"},
}


@dataclass(frozen=True)
class Count:
    kind: str                  # killed | injured | arrested | missing
    value: int
    lower_bound: bool
    upper: int | None          # the upper end of a range or an "up to" bound
    text: str
    start: int
    end: int

    def to_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "lower_bound": self.lower_bound, "upper": self.upper,
                "text": self.text, "start": self.start, "end": self.end}


def _words_to_int(words: list[str]) -> int | None:
    total = current = 0
    seen = False
    for w in words:
        w = w.lower().replace(",", "")
        if w.isdigit():
            current += int(w)
        elif w in _UNITS:
            current += _UNITS[w]
        elif w in _TENS:
            current += _TENS[w]
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total += current
                current = 0
        elif w in {"and", "-"}:
            continue
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_number(phrase: str) -> tuple[int, bool, int | None] | None:
    """'more than 150' -> (150, True, None); 'dozens' -> (24, True, None); '10 to 15' -> (10, False, 15)."""
    text = re.sub(r"\s+", " ", phrase.lower().replace("-", " ")).strip()
    lower = upper_mark = False
    for prefix in sorted(_LOWER | _UPPER | _APPROX, key=len, reverse=True):
        if text.startswith(prefix + " "):
            lower, upper_mark = prefix in _LOWER, prefix in _UPPER
            text = text[len(prefix) + 1:]
            break
    if text in _VAGUE:
        return _VAGUE[text], True, None
    if text in _ROUND:
        return _ROUND[text], lower, None
    m = re.fullmatch(r"([\w, ]+?) (?:to|and|or) ([\w, ]+)", text)
    if m and not upper_mark:
        lo, hi = _words_to_int(m.group(1).split()), _words_to_int(m.group(2).split())
        if lo is not None and hi is not None and hi > lo:
            return lo, lower, hi
    digits = text.replace(",", "")
    if re.fullmatch(r"\d+(\.\d+)? (million|thousand)", digits):
        n, scale = digits.split()
        return int(float(n) * _SCALES[scale]), lower, None
    value = _words_to_int(text.split())
    if value is None:
        return None
    return value, lower, value if upper_mark else None


def _number_phrase(noun: Token) -> tuple[int, int] | None:
    """Token range [start, end) of the number that counts `noun` ("more than 150" in "more than 150 Afghans")."""
    nums = [c for c in noun.children if c.dep_ == "nummod" or (c.like_num and c.i < noun.i)
            or c.lower_ in _VAGUE and c.i < noun.i]
    if not nums and (noun.like_num or noun.lower_ in _VAGUE):
        nums = [noun]
    if not nums:
        return None
    # the number may follow its noun ("Afghans, 150 of them"): then it starts where it stands
    lo = min([t.i for n in nums for t in n.subtree if t.i <= noun.i] or [n.i for n in nums])
    hi = max(n.i for n in nums) + 1
    return lo, hi


def _kind(word: Token) -> str | None:
    lemma, low = word.lemma_.lower(), word.lower_
    for kind, words in _KINDS.items():
        if lemma in words or low in words:
            return kind
    return None


def _victims(word: Token) -> list[Token]:
    """The counted nouns of a casualty word: objects of 'killed', subjects of 'were killed'/'died', the
    number a toll 'rose to', the noun that '12 dead' describes."""
    out = [c for c in word.children if c.dep_ in {"dobj", "nsubjpass"}]
    if word.lemma_ in {"die", "perish"} or (word.pos_ == "ADJ" and word.dep_ in {"amod", "acomp"}):
        out += [c for c in word.children if c.dep_ == "nsubj"]
        if word.dep_ == "amod":
            out.append(word.head)
    if word.lemma_ in {"toll", "death"} or word.pos_ == "NOUN":
        head = word.head if word.dep_ in {"nsubj", "nsubjpass"} else None
        if head is not None:
            out += [p for c in head.children if c.dep_ == "prep" and c.lower_ in {"to", "at"}
                    for p in c.children if p.dep_ == "pobj"]
            out += [c for c in head.children if c.dep_ in {"attr", "dobj"}]
    if word.dep_ == "acl" and word.tag_ == "VBN":
        out.append(word.head)                          # "12 people killed in the attack"
    expanded = []
    for v in out:
        expanded.append(v)
        expanded += [c for c in v.children if c.dep_ == "conj"]
    return expanded


def counts_near(words: list[Token]) -> list[Count]:
    """Counts stated with the casualty words `words` (all in one sentence)."""
    found: dict[tuple[str, int], Count] = {}
    for word in words:
        kind = _kind(word)
        if kind is None:
            continue
        for victim in _victims(word):
            span = _number_phrase(victim)
            if span is None:
                continue
            doc = victim.doc
            phrase = doc[span[0]:span[1]]
            parsed = parse_number(phrase.text)
            if parsed is None:
                continue
            value, lower, upper = parsed
            found[(kind, span[0])] = Count(kind, value, lower, upper, phrase.text, phrase.start_char, phrase.end_char)
    return sorted(found.values(), key=lambda c: c.start)

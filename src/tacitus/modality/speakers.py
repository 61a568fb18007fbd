"""Who a pronoun speaker is: "He is reported to have said ..." -> the person the previous sentences named.

Deliberately small: the nearest earlier subject of the right kind (a person for he/she, of no other gender
where a given name or noun tells one; an organisation, country or group for it/they), looking back at most
three sentences. Full coreference is the actors stage's job (issue #3); this covers attribution, where the
antecedent is nearly always the last-named subject.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

__all__ = ["antecedent", "agrees"]

_PERSON_PRONOUNS = {"he", "she", "him", "her"}
_GROUP_PRONOUNS = {"it", "they", "them"}
_PERSON_NOUNS = {"president", "minister", "general", "secretary", "spokesman", "spokeswoman", "spokesperson",
                 "chairman", "chief", "leader", "official", "envoy", "ambassador", "commander", "premier",
                 "governor", "mayor", "senator", "king", "prince", "queen", "judge", "prosecutor"}


_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_GENDERED_NOUNS = {"spokesman": "m", "chairman": "m", "king": "m", "prince": "m", "spokeswoman": "f",
                   "chairwoman": "f", "queen": "f", "princess": "f", "congresswoman": "f", "congressman": "m"}


@lru_cache(maxsize=1)
def _given_names() -> dict[str, str]:
    text = resources.files("tacitus.data").joinpath("actors", "given_names.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {name.lower(): gender for name, gender in rows[1:]}


def _gender(tok: Token) -> str | None:
    """'m', 'f' or None (unknown): from a gendered noun, else the first name of the person the token heads."""
    if tok.lemma_.lower() in _GENDERED_NOUNS:
        return _GENDERED_NOUNS[tok.lemma_.lower()]
    entity = next((e for e in tok.doc.ents if e.start <= tok.i < e.end and e.label_ == "PERSON"), None)
    if entity is None or len(entity) < 2:
        return None
    return _given_names().get(entity[0].lower_)


def agrees(pronoun: str, name: str | None) -> bool:
    """Whether a person pronoun can stand for someone of this name: not "she" for Donald Trump."""
    wanted = _GENDER.get(pronoun.lower())
    words = (name or "").split()
    known = _given_names().get(words[0].lower()) if words else None
    return wanted is None or known is None or known == wanted


def _is_person(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or tok.lemma_.lower() in _PERSON_NOUNS


def _is_group(tok: Token) -> bool:
    return tok.ent_type_ in {"ORG", "GPE", "NORP"} or (tok.pos_ == "NOUN" and tok.tag_ == "NNS")


def antecedent(pronoun: Token, window: int = 3) -> Token | None:
    """The head token the pronoun refers to, or None when no earlier subject fits."""
    low = pronoun.lower_
    if low in _PERSON_PRONOUNS:
        # "her" is not John Kasich: a gender the name tells must agree
        fits = lambda t: _is_person(t) and _gender(t) in (None, _GENDER[low])  # noqa: E731
    elif low in _GROUP_PRONOUNS:
        fits = _is_group
    else:
        return None
    doc = pronoun.doc
    sents = list(doc.sents)
    here = next(i for i, s in enumerate(sents) if s.start <= pronoun.i < s.end)
    # the same sentence before the pronoun first, then the previous ones, nearest first
    spans = [doc[sents[here].start:pronoun.i]] + [sents[i] for i in range(here - 1, max(-1, here - 1 - window), -1)]
    for span in spans:
        subjects = [t for t in span if t.dep_ in {"nsubj", "nsubjpass"} and t.pos_ != "PRON" and fits(t)]
        if subjects:
            return subjects[-1] if span is spans[0] else subjects[0]
    return None

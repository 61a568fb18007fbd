"""Toponyms in a parsed text: which spans name places, which place each names, which stand for actors.

Recognition takes spaCy's GPE/LOC/FAC entities, plus capitalised proper-noun sequences that the gazetteer
knows (the small model misses or mislabels many place names). A gazetteer-only match must look like a
place: a country, state or sizeable city, or a name after a locative preposition ("in Goma").
A name in a place slot (slots.tsv: "the village of X", "the towns of X and Y", "X district",
"X Governorate", "liberated X") is a place even when the gazetteer does not know it or spaCy calls it
PERSON/ORG: small places are what event reports name; it stays unresolved (text only) unless known.
A lower-case lead of a place entity ("west Baghdad") is not part of the name.
Nationality words ("Afghan", "Americans") are never places. A place name that stands for a government
("Washington said", "the Kabul government", "Moscow's envoy") is kept with role "actor": callers that
want event places drop those.

Disambiguation scores each candidate by its level and size (country > state > big city), a bonus for
national capitals, a penalty for matching only an alternate name, the document's country focus (the
countries its unambiguous toponyms point to), and a qualifier right after it ("Paris, Texas").
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .gazetteer import Gazetteer, Place, city_stands_for_area, normalise

__all__ = ["Toponym", "find_toponyms", "resolve", "contains", "LOCATIVE_PREPS"]

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# labels a gazetteer match may override only with strong evidence (the small model calls many places ORG/PERSON)
_OVERRIDABLE = frozenset({"ORG", "PERSON", "NORP", "LANGUAGE", "PRODUCT", "WORK_OF_ART", "EVENT"})
# entity labels that a name in a place slot never has (numbers, dates, amounts)
# countries that are one city: "a Singapore hotel" is in Singapore, where "a U.S. patrol" is only American
_CITY_STATES = frozenset({"HKG", "MAC", "SGP", "MCO", "VAT", "GIB", "SMR"})
_NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
# lower-case particles inside Arabic, Spanish, French... place names ("Taybat al-Imam", "Ras al-Ain")
_PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ibn", "bin", "bani", "de", "del",
                        "della", "di", "da", "do", "dos", "das", "la", "las", "los", "le", "les", "du", "van",
                        "von", "sur", "upon", "on"})
_MAX_RUN = 6
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "from", "to", "into",
                            "toward", "towards", "throughout", "within", "through", "over", "on", "off",
                            "between", "along", "of", "beyond", "out"})
_STRONG_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within"})
_GEOGRAPHIC_HEADS = frozenset({"part", "north", "south", "east", "west", "centre", "center", "outskirts",
                               "edge", "coast", "largest", "biggest", "second", "heart", "suburb", "suburbs",
                               "outskirt", "countryside", "neighbourhood", "neighborhood", "streets", "runway",
                               "skies", "sky", "airspace", "soil", "waters", "territory", "vicinity", "environs",
                               "heartland", "downtown", "centre", "interior", "shores", "shore",
                               # installations on the ground ("Venezuela's oil installations", "Iran's nuclear
                               # sites"): where, not whose
                               "installation", "facility", "site", "plant", "refinery", "mine", "oilfield",
                               "field", "pipeline"})
_OWN_LEVEL = frozenset({"county", "parish", "township", "borough"})     # units the gazetteer lacks
_MAX_NGRAM = 4
_FOCUS_WEIGHT = 3.0
_QUALIFIER_BONUS = 5.0
_STATE_WEIGHT = 2.0


@dataclass(frozen=True)
class Toponym:
    """A place-name mention: `text == parsed_text[start - offset:end - offset]`; `place` None if unknown."""

    start: int
    end: int
    text: str
    place: Place | None
    role: str = "place"          # "place", or "actor" when the name stands for a government or people
    source: str = "ner"          # "ner" (a spaCy entity) or "gazetteer" (a known name the parser missed)
    token_start: int = 0         # token indices in the parse, end exclusive
    token_end: int = 0
    root: int = 0                # token index of the span's syntactic head


@lru_cache(maxsize=None)
def _table(name: str) -> tuple[tuple[str, ...], ...]:
    text = resources.files("tacitus.data").joinpath("places", name).read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=None)
def _features() -> frozenset[str]:
    return frozenset(row[1] for row in _table("features.tsv"))


@lru_cache(maxsize=None)
def _facilities() -> frozenset[str]:
    return frozenset(row[1] for row in _table("features.tsv") if row[0] == "facility")


@lru_cache(maxsize=None)
def _nonplaces() -> frozenset[str]:
    return frozenset(row[0].lower() for row in _table("nonplaces.tsv"))


@lru_cache(maxsize=None)
def _metonymy(kind: str) -> frozenset[str]:
    return frozenset(row[1] for row in _table("metonymy.tsv") if row[0] == kind)


@lru_cache(maxsize=None)
def _state_abbreviations() -> dict[str, str]:
    return {row[0]: row[1] for row in _table("us_states.tsv")}


def find_toponyms(parsed: SpacyDoc, gazetteer: Gazetteer, doc_text_offset: int = 0,
                  exclude: list[tuple[int, int]] | tuple = (), *, include_actors: bool = False) -> list[Toponym]:
    """Toponyms of `parsed`, offsets shifted by `doc_text_offset`; none overlapping an `exclude` span
    (given in shifted offsets, e.g. the dateline). Actor uses are left out unless `include_actors`."""
    spans = _recognise(parsed, gazetteer)
    surnames = _surnames(parsed)
    kept = []
    for span, source in spans:
        start, end = span.start_char + doc_text_offset, span.end_char + doc_text_offset
        if any(start < b and a < end for a, b in exclude):
            continue
        if span.text in surnames and not _place_context(span, gazetteer):
            continue                       # "Warren said" after "Elizabeth Warren": the senator, not the town
        kept.append((span, source))
    places = _within_known(kept, resolve(parsed, [span for span, _ in kept], gazetteer))
    out = []
    for (span, source), place in zip(kept, places):
        role = "actor" if _is_actor(span, place) else "place"
        if role == "actor" and not include_actors:
            continue
        out.append(Toponym(span.start_char + doc_text_offset, span.end_char + doc_text_offset, span.text, place,
                           role, source, span.start, span.end, span.root.i))
    return out


# how a named part hangs on the noun a possessor also modifies ("Y's X district", "Y's district of X")
_NAMED_PART = frozenset({"compound", "nmod", "amod", "prep"})


def contains(outer: Token, inner: Token) -> bool:
    """`outer` names the area around `inner`: it hangs below it through a phrase, or possesses its noun."""
    if outer.dep_ == "poss" and inner.head.i == outer.head.i and inner.dep_ in _NAMED_PART:
        return True                           # "Mogadishu's Yaqshid district"
    node, phrase = outer, False
    while node.head.i != node.i and node.i != inner.i:
        phrase = phrase or node.dep_ in ("prep", "appos", "npadvmod", "advmod")
        node = node.head
    return node.i == inner.i and phrase


def _within_known(kept: list[tuple[SpacySpan, str]], places: list[Place | None]) -> list[Place | None]:
    """A place the gazetteer does not know, inside one it does ("al-Shaab Stadium in eastern Baghdad",
    "Mecca's Al-Nur hospital", "the Zarvo region of Dagestan"), is located as that one (feature "within")."""
    out = list(places)
    for k, ((span, source), place) in enumerate(zip(kept, places)):
        if place is not None:
            continue
        # the name, or the place noun it names ("the Zarvo region of Dagestan": "region")
        inner = [span.root] + ([span.root.head] if span.root.dep_ == "compound" and span.root.head.is_lower else [])
        # "Smith of Texas" is a congressman: a name only the parser calls a place takes no place through "of"
        around = [places[j] for j, (other, _) in enumerate(kept)
                  if places[j] is not None and j != k and any(contains(other.root, t) for t in inner)
                  and (source == "slot" or other.root.head.lower_ != "of")]
        if around:                  # as the contract's own example: "Kabul airport" is located as Kabul
            best = min(around, key=lambda p: {"city": 0, "admin1": 1}.get(p.precision, 2))
            out[k] = replace(best, feature="within")
    return out


# ---------------------------------------------------------------- recognition

def _trim(span: SpacySpan) -> SpacySpan | None:
    """Drop a leading article and a trailing possessive or punctuation: "the Kabul's" -> "Kabul"."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in {"the", "a", "an"} or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ == "'s"):
        end -= 1
    return doc[start:end] if end > start else None


def _name_variants(text: str) -> list[str]:
    """The text, then without trailing feature words ("Helmand province" -> "Helmand")."""
    variants = [text]
    words = text.split()
    while len(words) > 1 and words[-1].lower() in _features():
        words = words[:-1]
        variants.append(" ".join(words))
    if len(words) > 2 and words[0].lower() in _features() and words[1].lower() == "of":
        variants.append(" ".join(words[2:]))          # "City of Boston", "Province of Herat"
    return variants


_ADMIN_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "prefecture", "department"})
# first-level areas named by a common word (Cameroon's West, Nigeria's Delta and Rivers, Zambia's Eastern)
_COMMON_AREA_NAMES = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                                "central", "centre", "center", "capital", "lakes", "littoral", "plateau", "rivers",
                                "delta", "coast", "north west", "south west", "north east", "south east"})


def _city_or_area(found: list[tuple[Place, bool]], admin: bool) -> list[tuple[Place, bool]]:
    """A city and the first-level area named after it ("Kirkuk"), the city holding a good part of the area's
    people: the area when the text says so ("Kirkuk province"), else the city, as news mostly means."""
    areas = {(p.country, normalise(p.name)): p.population for p, main in found if main and p.precision == "admin1"}
    cities = {(p.country, normalise(p.name)): p.population for p, main in found if main and p.precision == "city"}
    both = {key for key in areas.keys() & cities.keys() if city_stands_for_area(cities[key], areas[key])}
    if not both:
        return found
    level = "city" if admin else "admin1"            # the level to drop
    return [(p, main) for p, main in found if not (p.precision == level and (p.country, normalise(p.name)) in both)]


def _candidates(span: SpacySpan, gazetteer: Gazetteer) -> list[tuple[Place, bool]]:
    doc = span.doc
    dotted = span.text + "." if span.end < len(doc) and doc[span.end].text == "." else span.text
    state = _state_abbreviations().get(dotted)
    if state is not None and "." in dotted:               # "Tex.", "N.Y.": AP-style state names
        return [(p, True) for p, _ in gazetteer.candidates(state) if p.precision == "admin1"]
    last = span[-1].lower_
    if last in _OWN_LEVEL:          # "Laurel County" is not the city of Laurel: unknown rather than wrong
        return gazetteer.candidates(span.text)
    for variant in _name_variants(span.text):
        found = gazetteer.candidates(variant)
        if found:
            after = doc[span.end].lower_ if span.end < len(doc) else ""
            admin = (variant != span.text and last in _ADMIN_WORDS) or after in _ADMIN_WORDS
            if not admin:           # "the West", "Delta": an area named by a common word only with "State", "Region"
                found = [(p, main) for p, main in found
                         if not (p.precision == "admin1" and normalise(p.name) in _COMMON_AREA_NAMES)]
                if not found:
                    return []
            return _city_or_area(found, admin)
    if last not in _features():     # "South Charleston" is not Charleston
        return []
    # a facility or long name: the longest capitalised piece the gazetteer knows ("Kabul International Airport")
    tokens = list(span)
    for size in range(min(len(tokens) - 1, _MAX_NGRAM), 0, -1):
        for i in range(len(tokens) - size + 1):
            piece = tokens[i:i + size]
            if not piece[0].is_title or any(t.lower_ in _nonplaces() or t.lower_ in _features() for t in piece):
                continue                # "Thames Valley" is not The Valley, "X Airport" not a town Airport
            found = gazetteer.candidates(span.doc[piece[0].i:piece[-1].i + 1].text)
            if found:
                return found
    return []


def _strong(found: list[tuple[Place, bool]]) -> bool:
    """A name the gazetteer is sure of: a country, state, continent, or a main name of a big city."""
    return any(main and (p.precision in ("country", "admin1") or p.feature == "capital" or p.population >= 100_000)
               for p, main in found)


def _after_locative(token: Token) -> bool:
    prev = token.doc[token.i - 1] if token.i > 0 else None
    while prev is not None and prev.lower_ in {"the", "a", "an"} and prev.i > 0:
        prev = token.doc[prev.i - 1]
    return prev is not None and prev.lower_ in _STRONG_PREPS


def _is_demonym(span: SpacySpan, gazetteer: Gazetteer) -> bool:
    key = normalise(span.text)
    return key in gazetteer.demonyms and not any(main for _, main in gazetteer.candidates(span.text))


def _recognise(parsed: SpacyDoc, gazetteer: Gazetteer) -> list[tuple[SpacySpan, str]]:
    out: list[tuple[SpacySpan, str]] = []
    taken = [False] * len(parsed)
    for ent in parsed.ents:
        for i in range(ent.start, ent.end):
            taken[i] = True
        span = _trim(ent)
        if span is None or _is_demonym(span, gazetteer):
            continue
        if ent.label_ in PLACE_LABELS:
            span = _drop_lower_lead(span)
            if span is not None and (span[0].is_title or span[0].is_upper or span[0].like_num):
                out.append((span, "ner"))
        elif ent.label_ in _OVERRIDABLE and span[0].is_title:
            found = gazetteer.candidates(span.text)
            # "Washington" tagged ORG, "Goma" tagged PERSON: a known place name after "in", or a sure one
            if found and (_strong(found) or _after_locative(span[0]) or _place_slot(span) is not None) \
                    and span.text.lower() not in _nonplaces() and not _cut_from_longer_name(span, found):
                out.append((span, "gazetteer"))
    out += _scan(parsed, gazetteer, taken)
    out += _slot_names(parsed, gazetteer, out)
    out.sort(key=lambda item: item[0].start)
    return out


def _drop_lower_lead(span: SpacySpan) -> SpacySpan | None:
    """"west Baghdad", "downtown Kabul": the name starts at its first capitalised word."""
    start = span.start
    while start < span.end and span.doc[start].is_lower and span.doc[start].is_alpha:
        start += 1
    return span.doc[start:span.end] if start < span.end else None


@lru_cache(maxsize=None)
def _slot_words(kind: str) -> frozenset[str]:
    return frozenset(row[1] for row in _table("slots.tsv") if row[0] == kind)


def _name_part(token: Token) -> bool:
    if token.tag_ not in ("NNP", "NNPS"):
        return False
    return token.text[:1].isupper() or token.lower_ in _PARTICLES


def _name_runs(parsed: SpacyDoc, free: list[bool]) -> list[SpacySpan]:
    """Maximal runs of capitalised proper nouns, joined by particles and in-word hyphens ("Al-Bayaa")."""
    runs, i, n = [], 0, len(parsed)
    while i < n:
        if not free[i] or not _name_part(parsed[i]) or not parsed[i].text[:1].isupper():
            i += 1
            continue
        j = i + 1
        while j < n and free[j] and j - i < _MAX_RUN:
            token = parsed[j]
            joined = token.text in {"-", "\u2013"} and not parsed[j - 1].whitespace_ and not token.whitespace_
            if (joined and j + 1 < n and free[j + 1] and _name_part(parsed[j + 1])
                    and len(parsed[j - 1]) > 1 and len(parsed[j + 1]) > 1):
                j += 2
            elif _name_part(token) and parsed[j - 1].whitespace_ != "" and not parsed[j - 1].is_punct:
                j += 1
            else:
                break
        while j - 1 > i and parsed[j - 1].lower_ in _PARTICLES:
            j -= 1
        runs.append(parsed[i:j])
        i = j
    return runs


def _place_slot(span: SpacySpan) -> str | None:
    """Which place slot the name `span` fills, if any (see slots.tsv), else None."""
    if span[-1].lower_ in _slot_words("suffix") and 1 < len(span) <= 4 and not any(
            t.lower_ in _features() or t.lower_ in _slot_words("institution") for t in span[:-1]):
        return "suffix"                # "X Governorate", not "X County School District"
    if span[0].lower_ in _slot_words("prefix") and len(span) > 1 and span.root.dep_ not in ("nsubj", "nsubjpass") \
            and not any(t.lower_ in _slot_words("institution") for t in span[1:]):
        return "prefix"                # "Kafr Musa", "Jabal Hamid"; not "Lake Forest College"
    node = span.root
    while node.dep_ in ("conj", "appos") and node.head.i != node.i and node.head.i < node.i:
        node = node.head                       # "the towns of X and Y": Y fills X's slot
    head = node.head
    if node.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in _slot_words("of"):
        return "of"
    if (node.dep_ in ("compound", "nmod", "amod") and head.i > node.i and head.is_lower
            and head.lemma_.lower() in _slot_words("before")):
        return "before"
    if node.dep_ == "dobj" and head.lemma_.lower() in _slot_words("object") and node.i == span.root.i:
        return "object"
    return None


def _slot_names(parsed: SpacyDoc, gazetteer: Gazetteer,
                found: list[tuple[SpacySpan, str]]) -> list[tuple[SpacySpan, str]]:
    """Names the recognisers above left out that fill a place slot ("the village of X", "X district").

    Small places are missing from the gazetteer and the small model tags many of them PERSON or ORG;
    the slot, not the name, says they are places (but never a people: "captured two Palestinians"). Such a
    name is kept with the gazetteer's place if it
    knows one, else unresolved."""
    free = [True] * len(parsed)
    for span, _ in found:
        for i in range(span.start, span.end):
            free[i] = False
    out = []
    for run in _name_runs(parsed, free):
        labels = {t.ent_type_ for t in run if t.ent_type_}
        plural_people = "NORP" in labels and run[-1].tag_ == "NNPS"          # "captured two Palestinians"
        if labels & _NOT_NAMES or plural_people or run[0].lower_ in _nonplaces() or run.text.lower() in _nonplaces():
            continue
        if _is_demonym(run, gazetteer) or _place_slot(run) is None:
            continue
        out.append((run, "slot"))
    return out


def _scan(parsed: SpacyDoc, gazetteer: Gazetteer, taken: list[bool]) -> list[tuple[SpacySpan, str]]:
    """Capitalised proper-noun runs outside any entity that the gazetteer knows, longest match first."""
    out = []
    i, n = 0, len(parsed)
    while i < n:
        token = parsed[i]
        if taken[i] or token.tag_ not in ("NNP", "NNPS") or not token.is_title or token.lower_ in _nonplaces():
            i += 1
            continue
        match = None
        for size in range(min(_MAX_NGRAM, n - i), 0, -1):
            if any(taken[i:i + size]) or not parsed[i + size - 1].text[:1].isupper():
                continue
            span = parsed[i:i + size]
            found = gazetteer.candidates(span.text)
            if found:
                match = (span, found)
                break
        if match is None:
            i += 1
            continue
        span, found = match
        sentence_start = token.is_sent_start
        if _cut_from_longer_name(span, found):
            i = span.end
            continue
        if (not _is_demonym(span, gazetteer)
                and (_strong(found) or _after_locative(token) or _qualified(span, gazetteer))
                and not (sentence_start and not _strong(found))):
            out.append((span, "gazetteer"))
        i = span.end
    return out


def _surnames(parsed: SpacyDoc) -> frozenset[str]:
    """The last names of the people the document names in full ("Elizabeth Warren" -> "Warren")."""
    return frozenset(ent[-1].text for ent in parsed.ents
                     if ent.label_ == "PERSON" and len(ent) >= 2 and ent[-1].text[:1].isupper())


def _place_context(span: SpacySpan, gazetteer: Gazetteer) -> bool:
    """Words that make a name a place even when a person bears it: "in Warren", "Warren, Mich.", a country,
    a first-level area or a capital ("Jordan", "Georgia", "Washington")."""
    return _after_locative(span[0]) or _qualified(span, gazetteer) or any(
        main and (p.precision in ("country", "admin1") or p.feature == "capital")
        for p, main in gazetteer.candidates(span.text))


def _cut_from_longer_name(span: SpacySpan, found: list[tuple[Place, bool]]) -> bool:
    """"Tan Son Nhut Air Base": only another name of some place (Anchorage's "Tan"), and the proper name
    goes on past it with words that are no place word."""
    nxt = span.doc[span.end] if span.end < len(span.doc) else None
    return (nxt is not None and nxt.tag_ in ("NNP", "NNPS") and nxt.is_title and not any(m for _, m in found)
            and nxt.lower_ not in _slot_words("suffix") | _features())


def _qualified(span: SpacySpan, gazetteer: Gazetteer) -> bool:
    """Followed by ", <state or country>": "Alexandria, La."."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    return bool(_qualifier_of(doc[span.end + 1:span.end + 2], gazetteer))


# ---------------------------------------------------------------- actor uses

def _is_actor(span: SpacySpan, place: Place | None = None) -> bool:
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:        # "Russia and China said": the first conjunct's role
        root = root.head
    head = root.head
    if (place is not None and place.precision == "country" and place.country not in _CITY_STATES
            and root.dep_ in ("compound", "amod", "nmod") and head.i > root.i and head.pos_ in ("NOUN", "PROPN")
            and head.lemma_.lower() not in _features() | _GEOGRAPHIC_HEADS):
        return True     # "U.S. soldiers", "a U.S. airstrike": whose, not where ("a Hong Kong hotel" stays a place)
    if root.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() not in _metonymy("place_verb"):
        return True
    if root.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in _metonymy("head"):
        return True
    if root.dep_ == "poss" and head.lemma_.lower() not in _features() | _GEOGRAPHIC_HEADS:
        return True
    return root.dep_ == "pobj" and head.dep_ == "agent"          # "was condemned by Washington"


# ---------------------------------------------------------------- disambiguation

def _prior(place: Place, main: bool) -> float:
    size = math.log10(place.population + 10) if place.population else 6.0
    level = {"country": 3.0, "admin1": 0.5}.get(place.precision, 0.0)
    if place.feature == "continent":
        level = 2.0
    capital = 1.5 if place.feature == "capital" else 0.0
    return size + level + capital - (0.0 if main else 1.5)


def _qualifier_of(span: SpacySpan, gazetteer: Gazetteer) -> tuple[set[str], set[str]]:
    """(admin1 names, countries) that a qualifier names: "Texas", "Tex.", "France"."""
    text = span.text
    state = _state_abbreviations().get(text)
    if state is None and span.end < len(span.doc) and span.doc[span.end].text == ".":
        state = _state_abbreviations().get(text + ".")
    if state:
        return {normalise(state)}, {"USA"}
    admin1, countries = set(), set()
    for place, main in gazetteer.candidates(text):
        if place.precision == "admin1":
            admin1.add(normalise(place.name))
            if place.country:
                countries.add(place.country)
        elif place.precision == "country" and place.country:
            countries.add(place.country)
    return admin1, countries


def resolve(parsed: SpacyDoc, spans: list[SpacySpan], gazetteer: Gazetteer) -> list[Place | None]:
    """The place each span names, chosen jointly over the document (see the module docstring)."""
    found = [_candidates(span, gazetteer) for span in spans]
    focus: Counter[str] = Counter()
    states: Counter[str] = Counter()          # the same for first-level areas: local news stays local
    for cands in found:
        mains = [p for p, main in cands if main] or [p for p, _ in cands]
        countries = {p.country for p in mains if p.country}
        if len(countries) == 1:
            focus[next(iter(countries))] += 1
        areas = {p.admin1 for p in mains if p.admin1}
        if len(areas) == 1 and len(mains) == 1:
            states[next(iter(areas))] += 1
    total = sum(focus.values()) or 1
    total_states = sum(states.values()) or 1
    out: list[Place | None] = []
    for k, (span, cands) in enumerate(zip(spans, found)):
        if not cands or _local_landmark(span, cands, focus, gazetteer):
            out.append(None)
            continue
        qualifier = _following_qualifier(span, spans[k + 1] if k + 1 < len(spans) else None, gazetteer)
        best, best_score = None, -math.inf
        for place, main in cands:
            # the document's countries, and at half weight their neighbours ("Gaza" in a story about Israel)
            near = sum(focus.get(c, 0) for c in gazetteer.borders.get(place.country or "", ()))
            score = _prior(place, main) + _FOCUS_WEIGHT * (focus.get(place.country or "", 0) + 0.5 * near) / total
            if place.precision == "city" and place.admin1:
                score += _STATE_WEIGHT * states.get(place.admin1, 0) / total_states
            if qualifier and place.precision == "city" and (
                    normalise(place.admin1 or "") in qualifier[0] or place.country in qualifier[1]):
                score += _QUALIFIER_BONUS
            if score > best_score:
                best, best_score = place, score
        out.append(best)
    return out


def _local_landmark(span: SpacySpan, cands: list[tuple[Place, bool]], focus: Counter[str],
                    gazetteer: Gazetteer) -> bool:
    """"the Sao Paulo market" in a story about Luanda: a name on a local facility, whose places all lie in
    countries the rest of the story never names, is the facility's own name, not Brazil's city."""
    root = span.root
    if root.dep_ != "compound" or root.head.lemma_.lower() not in _facilities() or not focus:
        return False
    countries = {p.country for p, _ in cands if p.country}
    own = next(iter(countries)) if len(countries) == 1 else None       # what this name itself added to focus
    elsewhere = {c for c, n in focus.items() if n - (c == own) > 0}
    near = elsewhere | {b for c in elsewhere for b in gazetteer.borders.get(c, ())}
    return bool(elsewhere) and not countries & near


def _following_qualifier(span: SpacySpan, following: SpacySpan | None,
                         gazetteer: Gazetteer) -> tuple[set[str], set[str]] | None:
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return None
    if following is not None and following.start == span.end + 1:
        return _qualifier_of(following, gazetteer)
    qualifier = _qualifier_of(doc[span.end + 1:span.end + 2], gazetteer)
    return qualifier if qualifier[0] or qualifier[1] else None

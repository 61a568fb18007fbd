"""Stage `places`: where each event happened, as the contract's `location` object (or None).

The location is a place the text ties to the event, tried in this order:
1. attached to the trigger: a place in a locative phrase under the trigger ("attacked a station in Goma",
   "the bombing at a Kabul airport gate"), or a place name modifying the trigger or one of its noun
   arguments ("the Kabul bombing", "struck a Kabul airport gate"), or a place in the object phrase of a
   verb acting on the ground ("rebels captured Knin", "stormed the towns of X and Y", "Y's streets were
   patrolled") unless it is a country, or where a verb of going or sending leads ("traveled to Tehran",
   "deployed troops to Syria").
   Of several attached places the most specific wins: one nested in another's phrase or possessing its
   noun is the area around it ("in the village of X in Y province", "Y's X district", "in the Y
   neighbourhood of X" -> X), then the smaller level (a place too small for the gazetteer is smallest);
2. the trigger's sentence: the nearest place there in a locative phrase ("In Goma, rebels said they
   attacked ...") or modifying a noun of such a phrase, or a place nested in that one's phrase ("in the
   Idlib village of X, killing four" -> X); but not a place under a conjoined verb that is no act of
   violence ("was shot and later died at a hospital in X": the shooting is not placed at X), nor, for a
   verb of saying, a place in what is said ("officials said a bomb killed five in X": the saying is not);
3. the paragraph: the nearest place in a locative phrase in an earlier sentence of the same paragraph.
Never the dateline (a report's origin), never a place that is itself an actor or recipient of the
event (a participant span ending with the place name; "a Kabul airport gate" still places the event in
Kabul), and never a country that is the event's direct argument: PLOVER coders leave location to an explicit
place, so in "Russia attacked Ukraine" the recipient country is not a location (the event gets None).
Place names used as actors ("Moscow denied", "the Kabul government") are not locations either.
A place spaCy recognises but the gazetteer cannot resolve still gives a location, with the text only.
Toponyms are computed once per document; `location_for_trigger` takes a trigger token directly so the
event-location evaluation can use the same logic without the coder.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Token

from ..coder.lexicon import HARM_VERBS, REPORT
from ..model import Doc, Event
from ..ontology import triggers
from ..places.gazetteer import Gazetteer
from ..places.toponyms import Toponym, contains, find_toponyms

__all__ = ["locate_events", "location_for_trigger", "as_location", "document_toponyms"]

# prepositions that say where: "in", "at", "near" ... ("to", "from", "against" say where to or at whom)
_WHERE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within", "on",
                    "into", "along", "off", "nearby", "beside", "behind", "across", "amid", "over", "through",
                    "above", "below", "beneath", "opposite"})
# "the city of Nablus", "the outskirts of Kabul": an "of" phrase that still names a place
_OF_HEADS = frozenset({"city", "town", "village", "province", "district", "region", "state", "capital", "area",
                       "outskirts", "suburb", "suburbs", "center", "centre", "heart", "part", "north", "south",
                       "east", "west", "streets", "governorate", "county", "island", "port", "border",
                       "edge", "countryside", "vicinity", "perimeter", "neighbourhood", "neighborhood", "environs",
                       "middle", "entrance", "settlement", "hamlet", "quarter", "municipality", "prefecture",
                       "enclave", "stronghold", "camp", "coast", "shore", "banks", "bank", "centre", "downtown"})
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                         "northeastward", "northward", "southward", "eastward", "westward"})
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr", "agent", "oprd", "csubj"})
_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "xcomp", "csubj", "parataxis", "acl"})
_RANK = {"continent": 4, "country": 3, "admin1": 2}       # other resolved places 1, unresolved (small) 0
# verbs acting on the ground itself: their object town is the event's place ("rebels captured Knin"); a
# country object stays a recipient ("Russia attacked Ukraine" has no location)
_ON_TERRITORY = frozenset({"capture", "seize", "take", "occupy", "liberate", "retake", "recapture", "patrol",
                           "shell", "bomb", "bombard", "raid", "storm", "overrun", "besiege", "surround",
                           "destroy", "enter", "invade", "encircle", "blockade", "strike", "hit", "attack",
                           "evacuate", "control", "reach", "loot", "burn", "flood", "rock", "shake", "target"})
# ... of which these move into the ground they take: even a country object is where it happens ("entered
# Syria", "invaded Ukraine"), where "attacked China" may be words against a government
_INTO = frozenset({"enter", "invade", "occupy", "infiltrate", "reach", "patrol"})
_PARTITIVES = frozenset({"much", "most", "all", "part", "parts", "half", "swathes", "swaths", "areas", "stretches",
                         "territory", "chunk", "chunks", "bulk", "rest", "region", "regions"})
# verbs of going or sending: where they lead is where the event is (a visit, a deployment, a march)
_MOTION = frozenset({"travel", "go", "come", "return", "move", "fly", "sail", "drive", "march", "walk", "flee",
                     "deploy", "redeploy", "dispatch", "send", "ship", "transfer", "extradite", "deport",
                     "evacuate", "relocate", "head", "advance", "proceed", "arrive", "visit", "journey"})
_MODIFIERS = frozenset({"compound", "nmod", "amod", "npadvmod", "poss"})
# links that stay inside a noun phrase ("the Red Sea island of X", "the X and Y districts", "Y's streets")
_OBJECT_PARTS = frozenset({"compound", "nmod", "amod", "poss", "pobj", "prep", "conj", "appos", "cc"})


def document_toponyms(doc: Doc, parsed: SpacyDoc, gazetteer: Gazetteer) -> list[Toponym]:
    """The document's place (not actor) toponyms, the dateline left out."""
    exclude = [(doc.dateline.start, doc.dateline.end)] if doc.dateline else []
    return find_toponyms(parsed, gazetteer, 0, exclude)


def locate_events(events: list[Event], doc: Doc, parsed: SpacyDoc, gazetteer: Gazetteer) -> list[Event]:
    """Each event with `location` set from the text, or None when the text gives no place for it."""
    if not events:
        return events
    toponyms = document_toponyms(doc, parsed, gazetteer)
    spans = [parsed.char_span(e.trigger.start, e.trigger.end, alignment_mode="expand") for e in events]
    triggers = [s.root for s in spans if s is not None and len(s)]
    claimed = _claimed_by_nouns(parsed, toponyms, triggers)
    out = []
    for event, span in zip(events, spans):
        if span is None or not len(span):
            out.append(replace(event, location=None))
            continue
        mine = [t for t in toponyms if claimed.get(t.start) == span.root.i]
        others_ = [t for t in toponyms if claimed.get(t.start, span.root.i) == span.root.i]
        participants = [(p.start, p.end) for p in (*event.actor, *event.recipient)]
        found = (location_for_trigger(span.root, mine, participants, text=doc.text) if mine else None) or \
            location_for_trigger(span.root, others_, participants, text=doc.text, others=triggers)
        out.append(replace(event, location=as_location(found) if found else None))
    return out


def _claimed_by_nouns(parsed: SpacyDoc, toponyms: list[Toponym], triggers: list[Token]) -> dict[int, int]:
    """Toponym start -> the event noun whose locative phrase it is, by adjacency.

    The small parser hangs "the bombing last week at a Kabul airport gate" on the main verb; a "where"
    phrase that follows an event noun, with at most a few words of time ("last week") between, belongs to
    that noun, whatever the parse says (the dates stage reads time phrases the same way)."""
    nouns = {t.i: t for t in triggers if t.pos_ in {"NOUN", "PROPN"}}
    out: dict[int, int] = {}
    for topo in toponyms:
        node, steps = parsed[topo.root], 0
        while node.dep_ != "prep" and node.head.i != node.i and steps < 4:
            node, steps = node.head, steps + 1
        if node.dep_ != "prep" or node.lower_ not in _WHERE:
            continue
        i = node.i - 1
        while i >= 0 and node.i - i <= 4 and i not in nouns and (
                parsed[i].ent_type_ in {"DATE", "TIME"} or parsed[i].pos_ in {"DET", "ADJ", "ADV", "NUM"}):
            i -= 1
        if i in nouns:
            out[topo.start] = i
    return out


def as_location(toponym: Toponym) -> dict[str, Any]:
    """The contract's location object; an unresolved place keeps its text and leaves the codes None."""
    place = toponym.place
    return {"text": toponym.text, "name": place.name if place else toponym.text,
            "country": place.country if place else None, "admin1": place.admin1 if place else None,
            "lat": round(place.lat, 5) if place else None, "lon": round(place.lon, 5) if place else None,
            "geonames_id": place.geonames_id if place else None, "precision": place.precision if place else None,
            "start": toponym.start, "end": toponym.end}


def location_for_trigger(trigger: Token, toponyms: list[Toponym], participants: list[tuple[int, int]] = (),
                         *, text: str | None = None, offset: int = 0,
                         others: list[Token] = ()) -> Toponym | None:
    """The place where the event of `trigger` happened, from toponyms of the same parse (or None).

    `participants` are the event's actor/recipient spans; `offset` is what was added to the parse's
    character offsets to get the toponyms' (as given to `find_toponyms`); `others` are the triggers of the
    document's other events: a place attached to one of them is that event's, not a sentence-level
    fallback for this one ("promised revenge for the bombing at Kabul airport": the promise has no place)."""
    # a participant that *is* the place (ends with it: "Ukraine", "the town of Knin") rules it out; a place
    # that only modifies a participant's noun ("at a Kabul airport gate") still says where
    usable = [t for t in toponyms if t.role == "place"
              and not any(t.start < b and a < t.end and t.end >= b for a, b in participants)]
    if not usable:
        return None
    doc = trigger.doc
    # "in Sinjar, 100 km west of Mosul": Mosul only says where Sinjar is; it places nothing while another can
    # (alone, "a raid west of Mosul" is best placed by it)
    landmarks = [t for t in usable if _reference_point(doc[t.root])]
    if len(landmarks) < len(usable):
        usable = [t for t in usable if t not in landmarks]
    attached = [(cost, t) for t in usable if (cost := _attachment(doc[t.root], trigger, t)) is not None]
    first = trigger
    while first.dep_ == "conj" and first.tag_ == "VBG" and first.head.tag_ == "VBG":
        first = first.head                    # "..., firing tear gas and arresting hundreds"
    if not attached and first.dep_ == "advcl" and first.tag_ == "VBG" and first.head.pos_ in ("VERB", "AUX"):
        # "attacked Damboa town, killing 60 residents": a trailing participle shares its verb's place
        attached = [(cost + 1, t) for t in usable
                    if (cost := _attachment(doc[t.root], first.head, t)) is not None]
    if attached:
        best = _most_specific(attached, trigger)
        known = [(cost, t) for cost, t in attached if t.place is not None and t is not best]
        if best.place is None and known:     # "near the Zawra Stadium in western Mosul": placed at Mosul
            around = _most_specific(known, trigger).place
            best = replace(best, place=replace(around, feature="within"))
        return best
    # only a trigger above a place can have it attached: look among its ancestors, not at every event
    theirs = {o.i: o for o in others if o.i != trigger.i}
    usable = [t for t in usable if not any(a.i in theirs and _attachment(doc[t.root], theirs[a.i], t) is not None
                                           for a in doc[t.root].ancestors)]
    # "was shot in the stomach and later died at X hospital": a conjoined verb's place is the trigger's only
    # when both tell one act of violence ("were killed and 20 wounded in X")
    usable = [t for t in usable if _shares_incident(doc[t.root], trigger)]
    if trigger.lemma_.lower() in REPORT:
        # "officials said a bomb killed five in Diffa": Diffa is where the bombing was, not the saying
        usable = [t for t in usable if not _in_complement(doc[t.root], trigger)]
    sentence = trigger.sent
    in_sentence = [t for t in usable if sentence.start <= t.root < sentence.end
                   and (_locative(doc[t.root]) or _journey_end(doc[t.root], trigger))]
    if in_sentence:
        nearest = min(in_sentence, key=lambda t: abs(t.root - trigger.i))
        inner = [t for t in in_sentence if t is not nearest and contains(doc[nearest.root], doc[t.root])]
        # "in the West Bank village of X": the nearest place may be the area around a named one
        return min(inner, key=lambda t: abs(t.root - nearest.root)) if inner else nearest
    return _from_paragraph(trigger, usable, text, offset)


def _trigger_child_above(place: Token, trigger: Token) -> Token | None:
    """The trigger's child on the way up from `place`, or None where the trigger is not above it."""
    node = place
    while node.head.i != node.i and node.i != trigger.i:
        if node.head.i == trigger.i:
            return node
        node = node.head
    return None


def _shares_incident(place: Token, trigger: Token) -> bool:
    """False when the place hangs under a verb conjoined to the trigger that tells another act: neither
    harm ("killed and wounded in X") nor one of the trigger's own kind ("marched and rallied in X")."""
    child = _trigger_child_above(place, trigger)
    if child is None or child.dep_ != "conj" or child.pos_ not in ("VERB", "AUX"):
        return True
    lemma = child.lemma_.lower()
    kinds = {t.event_type for t in triggers().get(("verb", lemma), ())}
    own = {t.event_type for t in triggers().get(("verb", trigger.lemma_.lower()), ())}
    # a detainee's acts follow one another from place to place ("captured in X and deported to a camp at Y")
    return lemma in HARM_VERBS or "ASSAULT" in kinds or bool((kinds & own) - {"COERCE"})


def _in_complement(place: Token, trigger: Token) -> bool:
    """The place lies in a clause the trigger reports (its ccomp, or the quote it introduces)."""
    child = _trigger_child_above(place, trigger)
    return child is not None and (child.dep_ == "ccomp" or child.dep_ in ("parataxis", "xcomp", "dobj")
                                  and child.pos_ in ("VERB", "AUX"))


def _reference_point(place: Token) -> bool:
    """The place is a landmark for another: "(100 km) north of X", "southwest of X" — a bare direction with
    no article ("in the north of X" is a part of X, not a landmark)."""
    prep = place.head
    if place.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lower_ in _OF_HEADS and \
            prep.head.dep_ == "pobj":
        place, prep = prep.head, prep.head.head      # "northeast of the city of Multan"
    if place.dep_ != "pobj" or prep.lower_ != "of" or prep.head.i == prep.i:
        return False
    direction = prep.head
    return direction.lower_.replace("-", "") in _DIRECTIONS and not any(
        c.dep_ in ("det", "poss") for c in direction.children)


def _most_specific(attached: list[tuple[int, Toponym]], trigger: Token) -> Toponym:
    """The most specific of the places attached to the trigger.

    A place nested in another's phrase contains it ("in the village of X in Y province", "in X, north of
    Y": Y), and so does a possessor beside a named part ("Y's X district"); then the smaller unit wins
    (country, then first-level area, then a known city, then a place too small for the gazetteer), then
    the closer attachment."""
    doc = trigger.doc
    tops = [t for _, t in attached]
    return min(attached, key=lambda item: (
        any(contains(doc[item[1].root], doc[other.root]) for other in tops if other is not item[1]),
        _RANK.get(_precision(item[1]) or "", 1 if _precision(item[1]) else 0), item[0],
        abs(item[1].root - trigger.i)))[1]


def _precision(toponym: Toponym) -> str | None:
    """The level the name itself is known at: one placed only by the place around it ranks as unknown."""
    return toponym.place.precision if toponym.place and toponym.place.feature != "within" else None


def _attachment(place: Token, trigger: Token, toponym: Toponym) -> int | None:
    """How far `place` sits below `trigger` through a locative phrase or a modifier (None: not attached)."""
    if place.i == trigger.i:
        return None
    path = []
    node = place
    while node.i != trigger.i:
        if node.head.i == node.i or len(path) > 8:
            return None                       # reached the root: the trigger is not above the place
        path.append(node)
        node = node.head
    lemma = trigger.lemma_.lower()
    if (lemma in _ON_TERRITORY and (_precision(toponym) != "country" or lemma in _INTO or _part_of(path))
            and _in_object_phrase(path)):
        return len(path)   # "captured Knin", "stormed the town of X", "Y's streets were patrolled"
    if any(n.dep_ in _CLAUSES for n in path) or path[-1].dep_ == "conj":
        return None                           # another clause, or a conjoined verb's place
    if _through_where(path):
        return len(path)
    if lemma in _MOTION and path[-1].dep_ == "prep" and path[-1].lower_ in ("to", "into"):
        return len(path)   # "traveled to Tehran", "deployed to Syria", "marched to the Sydney offices"
    if place.dep_ in _MODIFIERS and len(path) <= 2 and place.dep_ != "poss":
        # "the Kabul bombing", "struck a Kabul airport gate": a place naming the event's setting
        return len(path) + 2
    return None


def _part_of(path: list[Token]) -> bool:
    """'captured much of Liberia', 'shelled parts of Ukraine': a share of a country is ground, not its
    government."""
    return len(path) >= 3 and path[1].lower_ == "of" and path[2].lower_ in _PARTITIVES


def _in_object_phrase(path: list[Token]) -> bool:
    """The path (place up to a child of the trigger) stays inside the trigger's object noun phrase:
    the object itself, or a name, possessor, conjunct or "of"/"where" phrase within it."""
    if path[-1].dep_ not in ("dobj", "nsubjpass"):
        return False
    for node in path[:-1]:
        if node.dep_ == "prep" and node.lower_ != "of" and node.lower_ not in _WHERE:
            return False
        if node.dep_ not in _OBJECT_PARTS:
            return False
    return True


def _through_where(path: list[Token]) -> bool:
    for node in path:
        if node.dep_ == "prep" and node.lower_ in _WHERE:
            return True
        if node.dep_ == "prep" and node.lower_ == "of" and (
                node.head.lemma_.lower() in _OF_HEADS or node.head.lower_ in _OF_HEADS):
            return True
    return False


def _journey_end(place: Token, trigger: Token) -> bool:
    """The place is where a journey leads that the trigger is part of ("traveled to Baghdad for talks",
    "came to Rome to protest"): the going verb governs the trigger."""
    prep = place.head
    while prep.dep_ in ("compound", "nmod", "amod", "pobj", "conj", "appos") and prep.head.i != prep.i:
        prep = prep.head
    if prep.dep_ != "prep" or prep.lower_ not in ("to", "into"):
        return False
    mover = prep.head
    if mover.lemma_.lower() not in _MOTION or mover.pos_ != "VERB" or mover not in trigger.ancestors:
        return False
    # "returned to the Capitol from the White House meeting": the meeting is where the journey began
    node = trigger
    while node.i != mover.i:
        if node.dep_ == "prep" and node.lower_ in ("from", "after", "out"):
            return False
        node = node.head
    return True


def _locative(place: Token) -> bool:
    """The place is inside a locative phrase, or modifies a noun that is ("at a Kabul checkpoint")."""
    path, node = [], place
    while node.head.i != node.i and len(path) < 6:
        path.append(node)
        if node.dep_ == "prep":
            return _through_where(path)
        if node.dep_ in _ARGUMENTS or node.dep_ in _CLAUSES:
            return False
        node = node.head
    return False


def _from_paragraph(trigger: Token, usable: list[Toponym], text: str | None, offset: int) -> Toponym | None:
    """The nearest earlier locative place of the trigger's paragraph (sentences before the trigger's)."""
    doc = trigger.doc
    sentence = trigger.sent
    body = text if text is not None else doc.text
    start_char = sentence.start_char + offset
    para_start = max(body.rfind("\n\n", 0, start_char), body.rfind("\n", 0, start_char))
    para_start = 0 if para_start < 0 else para_start
    earlier = [t for t in usable if para_start <= t.start < start_char and t.root < sentence.start
               and _locative(doc[t.root])]
    return max(earlier, key=lambda t: t.start) if earlier else None

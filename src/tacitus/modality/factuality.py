"""How sure the text is that an event happened: the cues around a trigger, read off the parse.

Cues are collected on the trigger and on every word that governs it as a complement ("hinted at possible
cooperation", "is said to have had coordination", "vowed to attack"), then ranked:

    negated > hypothetical > future > hedged > historical > reported > asserted

The first that applies is `factuality`; the others that also apply are `marks` (a reported hedge is
"hedged" with mark "reported"). PLOVER's auxiliary modes name four of these (historical, future,
hypothetical, negation); "reported" and "hedged" are ours: attribution and uncertainty.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Token

from ..coder.lexicon import AGREE_VERBS, THREAT_INTENT

__all__ = ["CLASSES", "Factuality", "factuality_of", "governors", "is_commitment"]

CLASSES = ("asserted", "reported", "hedged", "negated", "hypothetical", "future", "historical")
_PRECEDENCE = ("negated", "hypothetical", "future", "hedged", "historical", "reported")

_CLIMB = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "obj", "nsubjpass", "conj", "auxpass", "acomp",
          "oprd", "attr", "nsubj", "csubj"}
# Verbs whose complement did not (or will not) happen: "denied that troops fired", "cancelled the deal",
# "refused to meet". Not "stop", "halt", "suspend": what they end had happened ("suspended food aid").
_NEG_VERBS = {"deny", "fail", "refute", "dismiss", "reject", "cancel", "delay", "postpone", "scrap", "abandon",
              "refuse", "decline", "prevent", "block", "veto", "kill", "shelve", "avert", "thwart", "foil"}
# ... of which only these take a clause ("denied that troops fired"); a clause under another one is a misparse
_NEG_OF_CLAUSE = {"deny", "refute", "dismiss", "reject"}
# Speech acts that a rejection or denial answers: the proposal was made, only what it proposed is off
# ("rejected the proposal", "dismissed the claim")
_SPEECH_NOUNS = {"proposal", "offer", "plan", "request", "call", "demand", "bid", "claim", "report", "allegation",
                 "accusation", "charge", "suggestion", "idea", "appeal", "ultimatum", "statement", "invitation"}
_NEG_ADJ = {"cancelled", "canceled", "scrapped", "postponed", "delayed", "aborted", "failed", "stalled",
            "abandoned", "foiled", "thwarted", "shelved", "averted"}
# Verbs that realise a nominal event ("no talks were held"): their negation is the event's.
_OCCURRENCE = {"hold", "take", "occur", "happen", "carry", "conduct", "launch", "stage", "make", "reach",
               "sign", "be", "have", "see", "place", "produce", "yield", "achieve", "secure"}
_HEDGE_AUX = {"may", "might", "could"}
# verbs of state: "may be", "could mean" say how things may stand now, not what may happen next
_STATIVE = frozenset({"be", "have", "know", "seem", "appear", "remain", "exist", "contain", "mean", "own", "hold",
                      "belong", "involve", "include", "lack", "need", "want", "like", "believe", "understand"})
_FUTURE_AUX = {"will", "shall", "'ll", "wo"}                     # "wo" is spaCy's token for won't
_HEDGE_ADV = {"possibly", "perhaps", "apparently", "probably", "likely", "maybe", "seemingly", "presumably",
              "potentially", "unlikely"}
_REPORT_ADV = {"reportedly", "allegedly", "purportedly", "supposedly", "ostensibly"}
_HEDGE_ADJ = {"possible", "potential", "likely", "probable", "suspected", "unconfirmed", "apparent",
              "alleged", "rumoured", "rumored"}
_FUTURE_ADJ = {"planned", "proposed", "upcoming", "future", "scheduled", "impending", "forthcoming", "expected",
               "prospective"}
_HEDGE_VERBS = {"hint", "consider", "weigh", "mull", "explore", "seem", "appear", "suggest", "speculate",
                "contemplate", "signal", "indicate", "float", "suspect", "believe", "think", "fear"}
_FUTURE_VERBS = {"plan", "intend", "aim", "prepare", "promise", "vow", "pledge", "threaten", "expect",
                 "schedule", "set", "agree", "want", "hope", "seek", "offer", "decide", "commit", "propose",
                 "warn", "swear", "undertake", "request", "demand", "urge", "call", "ask", "require", "need",
                 "order", "wish", "await", "negotiate", "arrange", "force", "compel", "pressure", "push",
                 "forecast", "predict", "project", "anticipate", "foresee", "envisage", "envision"}
_REPORT_VERBS = {"say", "tell", "claim", "report", "announce", "state", "add", "allege", "accord", "confirm",
                 "insist", "assert", "quote", "write", "describe", "testify", "acknowledge", "admit", "reveal",
                 "disclose", "note", "declare"}
_CONDITIONAL_MARKS = {"if", "unless", "provided", "lest"}
_ARGUMENT_PREPS = {"at", "for", "to", "of", "on", "about", "into", "with", "over", "against", "from"}
_TEMPORAL_MARKS = {"when", "before", "after", "until", "once", "as"}
# Verbs that assert their infinitive happened ("managed to flee"), unlike plans, contracts and purposes.
_IMPLICATIVE = {"manage", "begin", "start", "continue", "fail", "try", "help", "use", "go", "come", "get",
                "stop", "cease", "keep", "resume", "attempt", "happen", "tend", "seem", "appear"}
_READY = {"willing", "ready", "prepared", "eager", "keen", "determined", "poised", "set", "due", "likely",
          "expected", "scheduled", "going"}          # not "about to": imminent acts keep their type
_ANNOUNCING_NOUNS = {"announcement", "statement", "promise", "pledge", "plan", "decision", "warning", "threat",
                     "vow", "commitment", "undertaking", "assurance", "proposal"}
_COMMITMENT_RULES = ("+assault", "+coerce", "+sanction", "+mobilize", "+protest", "+threaten", "+consult",
                     "+cooperate", "+aid", "+agree", "+retreat", "+concede")
# Verbs of effort: their infinitive is striven for, not done ("fighting to stem a crash", "racing to reach").
_EFFORT = {"fight", "struggle", "work", "strive", "battle", "race", "scramble", "rush", "move", "labour", "labor"}
# Nouns of anticipation: what they are "of" or "for" has not happened ("fears of a recession", "hopes of a
# recovery", "plans for a new port", "the threat of sanctions").
_ANTICIPATION = {"fear", "hope", "worry", "concern", "prospect", "expectation", "forecast", "prediction", "plan",
                 "threat", "risk", "danger", "possibility", "chance", "likelihood", "intention", "proposal"}
# Nouns that cancel what they are "of" or "in" ("the cancellation of the summit", "a delay in delivery").
_NEG_NOUNS = {"cancellation", "postponement", "delay", "suspension", "abandonment", "lack", "absence", "failure",
              "denial", "rejection", "collapse"}
# Adverbs by which a past act fell short: "nearly broke the record" (not "narrowly escaped": that one happened).
_SHORT_OF = {"nearly", "almost", "narrowly"}
# Infinitives that state a result, not a purpose, after a past verb of change ("fell 3% to close at 7,114").
_RESULT_INFINITIVES = {"close", "end", "finish", "settle", "reach", "stand", "hit", "top"}
# Verbs that look forward only through an infinitive or a preposition ("set to", "pushed for a vote"), not
# with an object ("set a record", "pushed back the launch"); "call" not with a name ("what they call meddling").
_FORWARD_ONLY_WHEN_OPEN = {"set", "push", "force", "compel", "pressure", "ask"}
_FORWARD_TIME = re.compile(r"\b(?:next|coming|upcoming|tomorrow|later this)\b")
_TIME_DEPS = frozenset({"npadvmod", "tmod", "prep", "advmod"})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")


@dataclass(frozen=True)
class Factuality:
    factuality: str
    marks: tuple[str, ...]
    cues: tuple[str, ...]           # the words that decided it, for explanations and debugging
    speculative: bool = False       # future only through "may", "might", "could": a maybe, no intention


def governors(trigger: Token) -> list[Token]:
    """The trigger and the words it is a complement of, up to the clause that asserts it.

    A preposition is crossed only when it marks an argument of a verb or adjective ("hinted at
    cooperation"), not of a noun ("in response to the bombing") and not a time or cause ("delayed after
    an accident"): those are not part of the governor's modality."""
    chain, tok = [trigger], trigger
    for _ in range(8):
        if tok.dep_ in {"acl", "ccomp"} and tok.head.pos_ == "NOUN" and tok.head.lemma_.lower() in _SPEECH_NOUNS \
                and tok.head.dep_ in {"dobj", "nsubjpass", "pobj"} \
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children):
            tok = tok.head                 # "denied reports that it had bombed a hospital": the reports' content
            chain.append(tok)
            continue
        if tok.dep_ not in _CLIMB or tok.head.i == tok.i:
            break
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() not in _OCCURRENCE | _IMPLICATIVE:
            break          # "the loss could swell": the verb's modality is its own, not its subject event's
        if tok.dep_ == "prep" and (tok.head.pos_ not in {"VERB", "AUX", "ADJ"} or tok.lower_ not in _ARGUMENT_PREPS) \
                and not _anticipated_by(tok):
            break
        tok = tok.head
        chain.append(tok)
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ in {"ROOT", "relcl", "advcl", "acl"}:
            break
    return chain


def _years_before(trigger: Token, published: dt.date) -> list[str]:
    """Years in the trigger's clause at least two years before publication ("in the fall of 2001")."""
    clause = trigger if trigger.pos_ in {"VERB", "AUX"} else trigger.head
    words = " ".join(t.text for t in clause.subtree if t.ent_type_ == "DATE" or t.like_num)
    return [y for y in _YEAR.findall(words) if int(y[:4]) <= published.year - 2]


def factuality_of(trigger: Token, published: dt.date | None = None, attributed: bool = False,
                  commitment: bool = False) -> Factuality:
    """Classify one event trigger. `attributed`: the coder found a speaker; `commitment`: the event was
    made from a promised or threatened act (its content lies in the future)."""
    found: dict[str, list[str]] = {}

    def cue(kind: str, word: str) -> None:
        found.setdefault(kind, []).append(word)

    chain = governors(trigger)
    negations = 0
    for depth, tok in enumerate(chain):
        lemma = tok.lemma_.lower()
        for child in tok.children:
            low = child.lower_
            if child.dep_ == "neg" or (child.dep_ == "advmod" and low == "never"):
                # a governor's negation is the event's only where the governor realises it
                if depth == 0 or (depth == 1 and (lemma in _OCCURRENCE | _IMPLICATIVE)):
                    negations += 1
                    cue("negated", low)
            elif child.dep_ == "det" and low == "no" and tok.pos_ == "NOUN":
                negations += 1
                cue("negated", low)
            elif child.dep_ == "aux":
                if low in _FUTURE_AUX or (low == "going" and any(c.lower_ == "to" for c in tok.children)):
                    cue("future", low)
                elif low in _HEDGE_AUX:
                    cue("hedged", low)
                    if depth == 0 and _bare_eventive(tok):
                        cue("future", low)          # "prices may rise": a possible event, not yet happened
                elif low == "would":
                    cue("would", low)
            elif child.dep_ == "advmod" and low in _HEDGE_ADV:
                cue("hedged", low)
            elif child.dep_ == "advmod" and low in _REPORT_ADV:
                cue("reported", low)
            elif child.dep_ == "amod" and low in _HEDGE_ADJ:
                cue("hedged", low)
            elif child.dep_ == "advmod" and low in _SHORT_OF and depth == 0 and tok.tag_ == "VBD" \
                    and tok.lemma_.lower() not in {"escape", "avoid", "miss"}:
                negations += 1                                 # "nearly broke the record": it did not
                cue("negated", low)
            elif child.dep_ in {"amod", "acl"} and low.split("-")[-1] in _NEG_ADJ and depth == 0:
                negations += 1
                cue("negated", low)
            elif child.dep_ == "amod" and low in _FUTURE_ADJ:
                cue("future", low)
            elif child.dep_ == "mark" and low in _CONDITIONAL_MARKS and not _elliptical(tok):
                cue("hypothetical", low)
            elif child.dep_ == "advcl" and (any(g.dep_ == "mark" and g.lower_ in {"if", "unless"}
                                                for g in child.children) and not _elliptical(child)
                                            or _inverted_condition(child)):
                cue("condition", "if")
            elif (child.dep_ == "prep" and _implied_condition(child)) or (
                    child.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "any" for d in child.children)):
                cue("implied", "any")                      # "would sink any ship", "in the event of a strike"
            elif child.dep_ == "mark" and low == "that" and child.i > 0 and tok.doc[child.i - 1].lower_ == "so":
                cue("purpose", "so that")                  # "so that the latter would stop selling"
            elif child.dep_ in {"nsubj", "nsubjpass"} and _none_of(child) and depth == 0 \
                    and tok.pos_ in {"VERB", "AUX"}:
                negations += 1                             # "no group", "neither side", "not a single shot"
                cue("negated", "no")
            elif child.dep_ == "xcomp" and depth <= 1 and lemma in {"have", "be"} and any(
                    g.dep_ == "advmod" and g.lower_ == "yet" for g in list(tok.children) + list(child.children)):
                negations += 1                             # "have yet to release": not released
                cue("negated", "yet")
        if depth == 0:
            # a past or perfect verb is not made future by a time its complement looks to ("has announced
            # cuts over the next four years")
            done = tok.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)
            if not done and any(_FORWARD_TIME.search(" ".join(t.lower_ for t in c.subtree)) for c in tok.children
                                if c.dep_ in _TIME_DEPS and len(list(c.subtree)) <= 6):
                cue("future", "next")                      # "the replacement of its chief next month"
            elif _futurate(tok):
                cue("future", "on")                        # "the A380 is travelling to the US on Monday"
            continue
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
        via = chain[depth - 1].dep_                      # how the event hangs from this governor
        if lemma in _NEG_VERBS and tok.pos_ == "VERB" and via in {"dobj", "obj", "xcomp", "ccomp", "pcomp", "pobj",
                                                                  "nsubjpass"} \
                and (via != "ccomp" or lemma in _NEG_OF_CLAUSE) \
                and not (depth == 1 and trigger.lemma_.lower() in _SPEECH_NOUNS):    # "the flight was delayed"
            negations += 1
            cue("negated", lemma)
        elif lemma == "rule" and any(c.lower_ == "out" for c in tok.children):
            if any(c.dep_ == "neg" or c.lower_ == "never" for c in tok.children):
                cue("hedged", "rule out")                  # "did not rule out": a double negation, a maybe
            else:
                negations += 1                             # "ruled out talks": none
                cue("negated", "rule out")
        elif lemma in _HEDGE_VERBS and (lemma not in {"believe", "think", "suspect", "fear"} or passive):
            cue("hedged", lemma)
        elif lemma in _FUTURE_VERBS and not (lemma in _FORWARD_ONLY_WHEN_OPEN and via not in {"xcomp", "prep"}
                                             and not _sets_to(tok)) \
                and not (lemma == "call" and via == "oprd"):
            cue("future", lemma)
        elif lemma in _EFFORT and via == "xcomp" and tok.pos_ == "VERB":
            cue("future", lemma)
        elif lemma in _ANTICIPATION and tok.pos_ == "NOUN" and via == "prep":
            cue("future", lemma)
        elif lemma in _NEG_NOUNS and tok.pos_ == "NOUN" and via == "prep" and depth == 2:
            negations += 1                                 # "the postponement of the vote"
            cue("negated", lemma)
        elif lemma in _REPORT_VERBS:
            cue("reported", lemma)
        elif lemma in {"believe", "think", "suspect", "fear"}:
            cue("reported", lemma)
    if negations % 2 == 1:
        cue("negated", "")
    elif "negated" in found:
        del found["negated"]
    if _inverted_condition(trigger):
        cue("hypothetical", trigger.doc[trigger.left_edge.i].lower_)   # "Had the peacekeepers stayed, ..."
    if "would" in found and "purpose" in found:
        cue("future", "so that")
    elif "would" in found and ("condition" in found or "hypothetical" in found or "implied" in found):
        cue("hypothetical", "would")
    elif "condition" in found:
        cue("hypothetical", "if")
    elif "would" in found and any(t.lemma_ in _FUTURE_VERBS | _REPORT_VERBS or t.lemma_ in _ANNOUNCING_NOUNS
                                  for t in trigger.ancestors):
        cue("future", "would")                             # "said it would withdraw": reported future
    elif "would" in found:
        cue("hypothetical", "would")
    # the trigger, or the infinitive it is the object of ("to fund an extended search"), has not happened yet
    if any(_unrealised_infinitive(t) for t in chain if t.pos_ in {"VERB", "AUX"} or t is trigger) or \
            _future_time_clause(trigger):
        cue("future", "to")
    if commitment:
        cue("future", trigger.lower_)
    if attributed:
        cue("reported", "speaker")
    if published is not None:
        years = _years_before(trigger, published)
        if years:
            cue("historical", years[0])
    present = [c for c in _PRECEDENCE if c in found]
    primary = present[0] if present else "asserted"
    marks = tuple(c for c in present[1:])
    cues = tuple(w for c in present for w in found[c] if w)
    speculative = primary == "future" and set(found["future"]) <= _HEDGE_AUX
    return Factuality(primary, marks, cues, speculative)


def _bare_eventive(verb: Token) -> bool:
    """A plain event verb after its modal ("may rise", "could be sold"), not a state, a perfect or a
    progressive ("may be", "may have fired", "may be spreading")."""
    if verb.pos_ != "VERB" or verb.tag_ not in {"VB", "VBN"}:
        return False
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    return not any(c.lemma_ == "have" for c in auxes) and verb.lemma_ not in _STATIVE


def _unrealised_infinitive(trigger: Token) -> bool:
    """'a contract to supply', 'a plan to assemble', '... to boost efficiency', 'is to be delivered':
    an infinitive that a noun, a purpose or 'be' governs has not happened yet."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return False
    if trigger.dep_ == "ROOT":
        return True                                        # headline style: "Apple to give refunds"
    head = trigger.head
    if trigger.dep_ in {"acl", "relcl"} and head.pos_ in {"NOUN", "PROPN"}:
        # "the first woman to lead the firm", "the only country to vote against": done, not planned
        return not any(c.dep_ in {"amod", "nummod"} and c.lower_ in {"first", "last", "only", "second", "third"}
                       for c in head.children)
    if trigger.dep_ == "advcl":
        # "fell 3% to close at 7,114": a result of a past change, not a purpose
        return not (trigger.lemma_ in _RESULT_INFINITIVES and head.tag_ == "VBD" and trigger.i > head.i)
    if trigger.dep_ == "xcomp" and head.lower_ in _READY:
        return True                                        # "is willing to withdraw", "is poised to strike"
    return trigger.dep_ == "xcomp" and head.lemma_ == "be" or (
        trigger.dep_ == "xcomp" and head.lemma_ not in _IMPLICATIVE and head.lemma_ in _FUTURE_VERBS)


def _future_time_clause(trigger: Token) -> bool:
    """'... will wear the livery when it arrives', '... said the engines would be replaced before the tour
    began': a time clause of a future main clause."""
    if trigger.dep_ != "advcl" or not any(c.dep_ in {"mark", "advmod"} and c.lower_ in _TEMPORAL_MARKS
                                          for c in trigger.children):
        return False
    head = trigger.head
    auxes = {c.lower_ for c in head.children if c.dep_ == "aux"}
    if auxes & _FUTURE_AUX:
        return True
    # "would" is a future only as reported speech ("announced that they would be replaced")
    return "would" in auxes and any(t.lemma_ in _REPORT_VERBS | _FUTURE_VERBS for t in head.ancestors)


def _sets_to(verb: Token) -> bool:
    """'the trial is set to begin': the verb looks forward through an infinitive of its own."""
    return any(c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
               for c in verb.children)


_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _futurate(verb: Token) -> bool:
    """A present progressive with a day: an arrangement, not an act under way ("is travelling on Monday",
    "are meeting on Friday")."""
    present = any(c.dep_ == "aux" and c.lower_ in {"is", "are", "am", "'s", "'re"} for c in verb.children)
    return verb.tag_ == "VBG" and present and any(
        c.dep_ in _TIME_DEPS and any(t.lower_ in _WEEKDAYS for t in c.subtree) and len(list(c.subtree)) <= 4
        for c in verb.children)


def _inverted_condition(clause: Token) -> bool:
    """'Had the peacekeepers stayed, ...', 'Should the junta hand power, ...', 'Were it to fall, ...': a
    clause opened by its auxiliary, before its subject, is a condition."""
    if clause.dep_ != "advcl":
        return False
    first = clause.doc[clause.left_edge.i]
    subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}), None)
    return first.lower_ in {"had", "should", "were"} and first.head.i == clause.i and subject is not None \
        and first.i < subject.i


def _implied_condition(prep: Token) -> bool:
    """'would respond to any attack', 'in the event of an invasion', 'in case of war': the act waits on one."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return False
    if prep.lower_ == "in" and obj.lower_ in {"event", "case"}:
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in obj.children) and not any(
            d.dep_ == "det" and d.lower_ != "the" for d in obj.children)
    return any(d.dep_ == "det" and d.lower_ == "any" for d in obj.children)


def _none_of(subject: Token) -> bool:
    """'no group', 'neither side', 'not a single shot', 'not one soldier': a subject that is nobody."""
    dets = {d.lower_ for d in subject.children if d.dep_ in {"det", "preconj", "neg", "advmod", "amod"}}
    return bool(dets & {"no", "neither"}) or ("not" in dets and bool(dets & {"a", "single", "one"})) or \
        (subject.lower_ in {"neither", "none", "nobody", "nothing"})


def _elliptical(clause: Token) -> bool:
    """'sales doubled if compared to last year', 'will consider other options if necessary': a subjectless
    participle or adjective after "if" sets no condition on the event."""
    return clause.tag_ in {"VBN", "JJ"} and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass"}
                                                   for c in clause.children)


def _anticipated_by(prep: Token) -> bool:
    """'fears of a recession', 'plans for a port', 'the postponement of the vote': the preposition hangs on a
    noun of anticipation or cancellation, which decides whether its object happens."""
    lemma = prep.head.lemma_.lower()
    return prep.head.pos_ == "NOUN" and ((prep.lower_ in {"of", "for"} and lemma in _ANTICIPATION) or
                                         (prep.lower_ in {"of", "in"} and lemma in _NEG_NOUNS))


def is_commitment(rule: str) -> bool:
    """Whether the coder built the event from a promised/threatened/agreed act ("verb:vow+assault"); not an
    accusation, request or refusal built the same way ("verb:accuse+aid": the accusing happened)."""
    verb = rule[len("verb:"):].split("+")[0]
    return rule.startswith("verb:") and verb in THREAT_INTENT | AGREE_VERBS and any(
        rule.endswith(r) for r in _COMMITMENT_RULES)

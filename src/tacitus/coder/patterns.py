"""Event mentions from the dependency parse: triggers, then who did it to whom.

The order matters and follows how news English nests events:
1. every word that can express an event (data/triggers.tsv) becomes a mention;
2. light verbs hand their nominal event its actor ("ISKP carried out an attack");
3. complement-taking verbs rewrite or pass through what they govern: a vowed attack is a THREATEN,
   an urged release a REQUEST, a refused meeting a REJECT, a reported attack stays an ASSAULT with a
   speaker ("Police said gunmen attacked a convoy"), a hinted cooperation stays COOPERATE;
4. participants are read off the parse (active, passive, nominal, coordinated, relative clauses);
5. what is still missing is filled by two narrow inferences: the victims of "the bombing ... that
   killed 150 people", and the perpetrator of an attack that another actor is "responding to".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..ontology import Trigger, triggers
from .lexicon import (AGREE_VERBS, CONFLICT_TYPES, COOPERATIVE_TYPES, DOCUMENT_NOUNS, EVENT_NOUNS, HARM_VERBS,
                      LIGHT_VERBS, MOBILIZE_CUES, OBJECT_CONTROL, OBJECT_IS_MEANS, OBLIGATION, PASS_THROUGH,
                      RECIPIENT_PREPS, RELATIVE_PRONOUNS, REPORT, RESPONSE_PREPS, THING_NOUNS, THREAT_INTENT,
                      TRANSFER_VERBS, WEAPON_CUES, WEAPON_MODES)
from .spans import expand_conj, is_participant

__all__ = ["Mention", "find_mentions"]

_SUBJ = {"nsubj", "csubj"}
_PASS_SUBJ = {"nsubjpass", "csubjpass"}
_OBJ = {"dobj", "obj"}
_COMPLEMENT_PREPS = {"at", "for", "to", "of", "on", "in", "about", "into"}
_CIVIL_RESOURCES = {"peacekeeper", "peacekeepers", "observer", "observers", "monitor", "monitors", "diplomat",
                    "diplomats", "ambassador", "envoy", "staff", "inspector", "inspectors", "mission", "embassy",
                    "aid", "worker", "workers", "volunteer", "volunteers", "mediator", "mediators"}
_COMMITMENTS = {"treaty", "agreement", "accord", "deal", "pact", "talks", "talk", "negotiation", "negotiations",
                "organization", "organisation", "alliance", "union", "court", "council", "convention", "mediation"}
_UNDERGO = {"face", "suffer", "endure", "draw", "attract", "receive", "weather", "incur", "sustain"}
_AREA_MODES = {"curfew", "martial-law"}
_RELATIONAL = {"border", "ties", "tie", "relation", "relations", "talk", "talks", "link", "links", "contact",
               "contacts", "trade", "cooperation", "dialogue", "negotiation", "negotiations", "agreement", "deal"}
_ABSORBING = {"SANCTION", "COERCE", "REJECT", "RETREAT", "CONCEDE"}
_ANAPHORS = {"it", "they", "he", "she", "we"}
_QUANTITY_NOUNS = {"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "score", "scores",
                   "million", "millions", "number", "group", "handful", "crowd", "crowds"}


@dataclass
class Mention:
    """One event found in one sentence, by token index; `stages.code` turns it into an Event."""

    head: Token
    trigger: list[Token]
    event_type: str
    mode: str | None
    cameo: str | None
    prior: float
    rule: str
    actors: list[Token] = field(default_factory=list)
    recipients: list[Token] = field(default_factory=list)
    speaker: Token | None = None
    governor: Token | None = None          # the verb whose subject acts (light verbs, pass-through verbs)
    object_control: bool = False           # governor hands its object, not its subject, as actor
    purpose: bool = False                  # an infinitive of purpose ("... to fight the IS")


def _lookup(token: Token) -> Trigger | None:
    table = triggers()
    if token.pos_ in {"VERB"}:
        keys = [("verb", token.lemma_.lower())]
    elif token.pos_ in {"NOUN", "PROPN"}:
        lemma = token.lemma_.lower()
        mods = [c for c in token.lefts if c.dep_ in {"compound", "amod"}]
        keys = [("noun", f"{c.lower_}{lemma}") for c in mods] + [("noun", f"{c.lower_}-{lemma}") for c in mods]
        keys.append(("noun", lemma))
        if token.tag_ == "VBG" or lemma.endswith("ing"):
            keys.append(("noun", token.lower_))
    else:
        return None
    # A particle counts when it hangs on the trigger and is not a time phrase ("fired on Tuesday").
    nearby = {c.lower_ for c in token.children
              if c.dep_ in {"prt", "prep", "advmod", "dative", "dobj", "oprd", "acomp", "agent"}
              and not any(g.ent_type_ in {"DATE", "TIME"} for g in c.children)}
    has_object = bool(_children(token, _OBJ | _PASS_SUBJ | {"dative"})) or token.dep_ == "acl" or (
        token.tag_ == "VBG" and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children))
    papers = any(o.lemma_.lower() in DOCUMENT_NOUNS for o in _children(token, _OBJ | _PASS_SUBJ))
    for key in keys:
        for entry in table.get(key, ()):
            if entry.needs_object and not has_object:
                continue
            if papers and entry.pos == "verb" and entry.event_type in {"RETREAT", "AID"}:
                continue                                 # "released a statement" frees nobody
            if entry.no_complement and _children(token, {"oprd", "xcomp", "ccomp", "acomp"}):
                continue
            if entry.active_only and (_children(token, _PASS_SUBJ) or token.tag_ == "VBN" and token.dep_ == "acl"):
                continue
            if not entry.particle or all(w in nearby for w in entry.particle.split()):
                return entry
    return None


def _trigger_tokens(token: Token, particle: str = "") -> list[Token]:
    """The trigger words: the head plus an adjacent particle, the object its entry names ("opened fire",
    "violated the ceasefire"), or the modifier that names the event ("suicide bombing", "martial law")."""
    out = [token]
    named = set(particle.split())
    for child in token.children:
        if child.dep_ == "prt" and abs(child.i - token.i) <= 2:
            out.append(child)
        if child.dep_ in {"compound", "amod"} and token.i - 2 <= child.i < token.i and (
                child.pos_ in {"NOUN", "VERB"} or child.lower_ in named):
            out += list(token.doc[child.i:token.i])
        if child.dep_ in {"dobj", "obj"} and child.lower_ in named:
            out.append(child)
    return sorted(set(out), key=lambda t: t.i)


def _modifier(token: Token, entry: Trigger) -> str:
    """The modifier a compound noun entry was found by ("martial" for martial-law), else ""."""
    if entry.pos != "noun" or entry.lemma == token.lemma_.lower():
        return ""
    return entry.lemma.replace(token.lemma_.lower(), "").strip("-")


def _children(token: Token, deps: set[str]) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _prep_objects(token: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    out = []
    for prep in token.children:
        if prep.dep_ in {"prep", "agent", "dative"} and prep.lower_ in preps:
            out += [p for p in prep.children if p.dep_ == "pobj"]
    return out


def _subjects(token: Token, depth: int = 0) -> list[Token]:
    """Who acts for a verb: its subject, else the subject it shares through coordination or control."""
    subj = _children(token, _SUBJ)
    if subj:
        head = subj[0]
        if head.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
            return [token.head]
        return expand_conj(head)
    if depth > 4:
        return []
    if token.dep_ == "relcl" and token.head.pos_ in {"NOUN", "PROPN", "PRON"} and not _children(token, _PASS_SUBJ):
        return [token.head]
    if token.dep_ == "acl" and token.tag_ == "VBG":
        return [token.head]
    if token.dep_ == "xcomp" and token.head.pos_ == "ADJ" and token.head.dep_ in {"acomp", "amod"}:
        return _subjects(token.head.head, depth + 1)      # "Honduras is willing to withdraw"
    if token.dep_ in {"xcomp", "conj", "advcl", "ccomp", "pcomp"} and token.head.pos_ in {"VERB", "AUX"}:
        if token.dep_ == "xcomp" and _children(token.head, _PASS_SUBJ):     # "X is said to have ..."
            return expand_conj(_children(token.head, _PASS_SUBJ)[0])
        if token.dep_ == "xcomp" and token.head.lemma_ in OBJECT_CONTROL:
            obj = _children(token.head, _OBJ)
            if obj:
                return expand_conj(obj[0])
        if token.dep_ == "ccomp":
            return []
        if token.dep_ == "conj" and _children(token.head, _PASS_SUBJ):
            return []
        return _subjects(token.head, depth + 1)
    if token.dep_ == "pcomp" and token.head.dep_ == "prep":
        return _subjects(token.head.head, depth + 1)
    return []


def _passive_agents(token: Token) -> list[Token]:
    return [p for agent in _children(token, {"agent"}) for p in agent.children if p.dep_ == "pobj"]


def _is_passive(token: Token) -> bool:
    return bool(_children(token, _PASS_SUBJ)) or (token.dep_ == "acl" and token.tag_ == "VBN")


def _among_whom(token: Token) -> list[Token]:
    """'X were among those/dozens killed' -> X: the subject of the copula that "among" hangs on."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ != "among" or prep.head.lemma_ != "be":
        return []
    return [x for s in _children(prep.head, _SUBJ) for x in expand_conj(s)]


def _recipient_preps(m: Mention) -> frozenset[str]:
    """Prepositions whose object is the recipient; a curfew or martial law is imposed *in* a place."""
    preps = RECIPIENT_PREPS["*"] | RECIPIENT_PREPS.get(m.event_type, frozenset())
    return preps | {"in"} if m.mode in _AREA_MODES else preps


def _verb_participants(m: Mention) -> None:
    t = m.head
    if _is_passive(t):
        m.actors = [a for p in _passive_agents(t) for a in expand_conj(p)]
        pass_subj = _children(t, _PASS_SUBJ)
        m.recipients = expand_conj(pass_subj[0]) if pass_subj else ([t.head] if t.dep_ == "acl" else [])
        among = _among_whom(t.head) if not pass_subj and t.dep_ == "acl" else []
        if among:
            m.recipients = among                 # "13 soldiers were among dozens killed": the soldiers
    else:
        m.actors = _subjects(t) if not m.actors else m.actors
        goal = _prep_objects(t, {"to"}) if t.lemma_ in TRANSFER_VERBS else []
        own_words = {w.i for w in m.trigger}
        named = [o for o in _children(t, _OBJ) if o.i in own_words]   # "voiced support of X": X, via the noun
        noun_preps = _recipient_preps(m) | {"of", "for", "to", "with"}
        m.recipients += [x for o in named for p in _prep_objects(o, noun_preps) for x in expand_conj(p)]
        objs = [] if goal or m.event_type in OBJECT_IS_MEANS else [
            o for o in _children(t, _OBJ) if o.lemma_.lower() not in THING_NOUNS and o.i not in own_words]
        m.recipients += [x for g in goal for x in expand_conj(g)]
        m.recipients += [x for o in objs for x in expand_conj(o)]
        m.recipients += [x for d in _children(t, {"dative"}) if d.pos_ != "ADP" for x in expand_conj(d)]
    preps = _recipient_preps(m)
    if not m.recipients or m.event_type in {"AID", "CONSULT", "COOPERATE", "MOBILIZE"}:
        m.recipients += [x for p in _prep_objects(t, preps) for x in expand_conj(p)]
    if m.event_type in OBJECT_IS_MEANS and not m.recipients:
        # "mobilized troops for a war against Iraq": the force's target hangs from its purpose
        m.recipients = [x for c in t.children if c.dep_ == "prep" and c.lower_ == "for" for o in c.children
                        if o.dep_ == "pobj" for p in _prep_objects(o, {"against", "on"}) for x in expand_conj(p)]
    if t.tag_ == "VBG" and not m.recipients:           # "further targeting of the ISKP"
        m.recipients += [x for p in _prep_objects(t, {"of"}) for x in expand_conj(p)]
    if m.event_type == "REQUEST":
        _addressee(m, t)


def _addressee(m: Mention, t: Token) -> None:
    """Whom a request is made of: 'demanded an explanation from X' -> X; 'demanding (that) X resign' -> X.
    What is asked for (the explanation) is not the recipient."""
    source = _prep_objects(t, {"from"}) or [p for o in _children(t, _OBJ) for p in _prep_objects(o, {"from"})]
    if source:
        m.recipients = [x for p in source for x in expand_conj(p)]
        return
    clause = [c for c in t.children if c.dep_ in {"ccomp", "acl"} and c.pos_ in {"VERB", "AUX"}]
    subjects = [s for c in clause for s in _children(c, _SUBJ)]
    if subjects and not any(r.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for r in m.recipients):
        m.recipients = [x for s in subjects for x in expand_conj(s)]


def _noun_participants(m: Mention) -> None:
    t = m.head
    owners = [x for c in _children(t, {"poss"}) for x in expand_conj(c)]
    pronominal = owners and (owners[0].pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON"
                                                             for c in owners[0].children))
    if pronominal and t.dep_ in _OBJ and t.head.pos_ == "VERB":
        # "X continued their attacks", "X pledged his country's support": the owner is the subject
        owners = _subjects(t.head) or owners
    m.actors += owners
    m.actors += [x for p in _prep_objects(t, {"by"}) for x in expand_conj(p)]
    m.actors += [x for p in _prep_objects(t, {"between", "among"}) for x in expand_conj(p)]
    m.actors += [c for c in t.lefts if c.dep_ in {"compound", "amod"} and c.ent_type_ in
                 {"NORP", "GPE", "ORG", "PERSON"}]
    preps = _recipient_preps(m) | {"of", "with", "to"}
    m.recipients += [x for p in _prep_objects(t, preps) for x in expand_conj(p)]
    if t.dep_ in _SUBJ and t.head.lemma_ in HARM_VERBS:     # "the blast killed 12 people"
        m.recipients += [x for o in _children(t.head, _OBJ) for x in expand_conj(o)]
    for clause in t.children:                           # "an attack that killed 13 soldiers", "... killing 13"
        if clause.lemma_ in HARM_VERBS and (clause.dep_ == "acl" or (
                clause.dep_ == "relcl" and any(s.lower_ in RELATIVE_PRONOUNS for s in _children(clause, _SUBJ)))):
            m.recipients += [x for o in _children(clause, _OBJ) for x in expand_conj(o)]
    if m.event_type == "REQUEST":
        _addressee(m, t)                                # "its demand that the US ease sanctions"


def _governor_actors(m: Mention) -> list[Token]:
    gov = m.governor
    if gov is None:
        return []
    if m.object_control:
        obj = _children(gov, _OBJ)
        return expand_conj(obj[0]) if obj else []
    if _children(gov, _PASS_SUBJ):
        return [a for p in _passive_agents(gov) for a in expand_conj(p)]
    return _subjects(gov)


def _resolve(token: Token, mentions: dict[int, Mention], depth: int = 0) -> Mention | None:
    """The event a token stands for: its own mention, the noun a light verb carries ("hold talks"),
    or, through a pass-through verb, what that verb governs ("continue to attack")."""
    if token.i in mentions:
        return mentions[token.i]
    if token.pos_ != "VERB" or depth > 3:
        return None
    carried = next((mentions[o.i] for o in _children(token, _OBJ) if o.i in mentions
                    and mentions[o.i].governor is not None and mentions[o.i].governor.i == token.i), None)
    if carried is not None:
        return carried
    if token.lemma_ in PASS_THROUGH:
        return _complement(token, mentions, depth + 1)
    return None


def _complement(token: Token, mentions: dict[int, Mention], depth: int = 0) -> Mention | None:
    """The event a verb governs: its infinitive, clause, object, or prepositional object."""
    for child in token.children:
        if child.dep_ in {"xcomp", "ccomp", "dobj", "obj"}:
            found = _resolve(child, mentions, depth)
            if found is not None:
                return found
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in _COMPLEMENT_PREPS:
            for obj in prep.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    found = _resolve(obj, mentions, depth)
                    if found is not None:
                        return found
    return None


def _mode_from(kind: str, inner: Mention) -> str | None:
    """REQUEST/REJECT share modes: what is asked for or refused."""
    if kind in {"REQUEST", "REJECT"}:
        if inner.event_type == "CONSULT":
            return "meet"
        if inner.event_type in {"AID", "COOPERATE", "SUPPORT"}:
            return "assist"
        if inner.event_type in {"RETREAT", "CONCEDE"}:
            return "yield"
        return "change"
    if kind == "THREATEN":
        return {"ASSAULT": "violence", "MOBILIZE": "violence", "PROTEST": "restrict"}.get(
            inner.event_type) or {"arrest": "arrest", "seize": "territory", "expel": "expel",
                                  "deport": "expel", "withdraw": "relations"}.get(inner.mode or "", "restrict")
    return None


def _weapon_mode(m: Mention) -> str | None:
    sent = m.head.sent
    lo, hi = max(sent.start, m.head.i - 6), min(sent.end, m.head.i + 7)
    window = " " + " ".join(t.lower_ for t in m.head.doc[lo:hi]) + " "
    for mode, cues in WEAPON_CUES:
        if any(f" {cue} " in window for cue in cues):
            return mode
    return None


def _refine_type_and_mode(m: Mention) -> None:
    """Words around the trigger that settle its mode (weapons, who is mobilised) or, for peacekeepers,
    its type."""
    if m.event_type == "MOBILIZE" and any(t.lower_.startswith("peacekeep") for t in m.head.subtree):
        # Sending peacekeepers is aid, not a show of force (PLOVER AID; CAMEO 074).
        m.event_type, m.mode, m.cameo, m.rule = "AID", None, "074", m.rule + "+peacekeeping"
        return
    if m.event_type == "RETREAT" and m.mode == "withdraw" and m.head.pos_ == "VERB":
        # PLOVER SANCTION/withdraw: pulling out one's non-military resources (peacekeepers, observers,
        # diplomats) or leaving a treaty, talks or an organisation reduces relations; it is no retreat.
        objs = {o.lemma_.lower() for o in _children(m.head, _OBJ)}
        left = {o.lemma_.lower() for o in _prep_objects(m.head, {"from"})}
        if objs & _CIVIL_RESOURCES or left & _COMMITMENTS:
            m.event_type, m.cameo, m.rule = "SANCTION", "161" if objs & {"ambassador", "envoy"} else "166", \
                m.rule + "/as-sanction"        # not "+sanction": that suffix marks a rewritten commitment
            if objs & _CIVIL_RESOURCES:          # the peacekeepers are the means; whom they leave, the recipient
                m.recipients = [p for p in _prep_objects(m.head, {"from"}) if is_participant(p)]
            return
    if m.event_type == "ASSAULT" and (m.mode is None or m.mode in WEAPON_MODES):
        m.mode = _weapon_mode(m) or m.mode
    elif m.event_type == "MOBILIZE":
        words = " " + " ".join(t.lower_ for t in m.head.subtree) + " "
        for mode, cues in MOBILIZE_CUES:
            if any(f" {cue} " in words for cue in cues):
                m.mode = mode
                break
    elif m.event_type == "PROTEST" and any(c.lower_ == "hunger" for c in m.head.lefts):
        m.mode = "hunger"


def _speaker(m: Mention) -> Token | None:
    """Who the sentence attributes the event to: the subject of a reporting verb above it, or 'according to X'."""
    cur = m.head
    while cur.dep_ != "ROOT" and cur.head.i != cur.i:
        edge, cur = cur.dep_, cur.head
        if cur.lemma_ in REPORT and edge in {"ccomp", "xcomp", "parataxis", "advcl"}:
            subj = _subjects(cur)
            if subj and subj[0].lower_ not in RELATIVE_PRONOUNS:
                return subj[0]
            break
    for tok in m.head.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            objs = [c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def find_mentions(sent: SpacySpan, floor: int = 0) -> list[Mention]:
    """All event mentions of one sentence; tokens before `floor` (the dateline) are never used."""
    mentions = _find_triggers(sent, floor)
    trigger_ids = set(mentions)
    # a word inside another trigger's words ("voiced his support", "violated the ceasefire") is no event
    covered = {t.i for m in mentions.values() for t in m.trigger if t.i != m.head.i}
    for i in covered & set(mentions):
        del mentions[i]
    by_depth = sorted(sent, key=lambda t: -len(list(t.ancestors)))      # innermost first
    _carry_light_verbs(by_depth, mentions)
    _rewrite_complements(by_depth, mentions)
    absorbed = _find_absorbed(mentions)
    for m in mentions.values():
        _attach_participants(m)
    for i, outer in absorbed.items():
        inner = mentions.pop(i)
        outer.recipients += [r for r in inner.recipients if r not in outer.recipients]
        if not outer.actors:
            outer.actors = inner.actors
    _merge_effects(mentions)
    _responders(mentions)
    out = []
    for m in sorted(mentions.values(), key=lambda x: x.head.i):
        if _finish(m, floor, trigger_ids):
            out.append(m)
    return out


def _find_triggers(sent: SpacySpan, floor: int) -> dict[int, Mention]:
    """1. Every word that can express an event (data/triggers.tsv) is a mention."""
    mentions: dict[int, Mention] = {}
    for tok in sent:
        entry = _lookup(tok) if tok.i >= floor else None
        if entry is not None:
            mentions[tok.i] = Mention(tok, _trigger_tokens(tok, entry.particle + " " + _modifier(tok, entry)),
                                      entry.event_type, entry.mode, entry.cameo,
                                      entry.prior, f"{entry.pos}:{entry.lemma}")
    return mentions


def _carry_light_verbs(by_depth: list[Token], mentions: dict[int, Mention]) -> None:
    """2. A light verb carries its nominal event: the noun is the event, the verb's subject its actor.

    Only light verbs hand over: "suspended aid" stays a SANCTION on aid, not AID."""
    for tok in by_depth:
        if tok.pos_ != "VERB" or tok.lemma_ not in LIGHT_VERBS:
            continue
        for obj in _children(tok, _OBJ | _PASS_SUBJ):
            inner, own = mentions.get(obj.i), mentions.get(tok.i)
            if inner is None or obj.pos_ not in {"NOUN", "PROPN"} or (own is not None and own.prior >= inner.prior):
                continue
            inner.governor = tok
            inner.rule += "+light"
            mentions.pop(tok.i, None)


def _rewrite_complements(by_depth: list[Token], mentions: dict[int, Mention]) -> None:
    """3. Complement-taking verbs decide what their complement is, innermost first."""
    for tok in by_depth:
        if tok.pos_ not in {"VERB", "AUX"}:
            continue
        inner = _complement(tok, mentions)
        if inner is None or inner.head.i == tok.i:
            continue
        own = mentions.get(tok.i)
        lemma, own_type = tok.lemma_, (own.event_type if own else None)
        if lemma in REPORT and inner.head.dep_ in {"ccomp", "xcomp"} and not (
                lemma == "warn" and inner.event_type in CONFLICT_TYPES):
            _reported(tok, inner, mentions)
        elif lemma in THREAT_INTENT | AGREE_VERBS and inner.event_type == "SUPPORT" and inner.head.pos_ == "NOUN":
            inner.governor = tok                 # "pledged his full support for X": support, by the subject
            mentions.pop(tok.i, None)
        elif new_type := _rewritten_type(lemma, own_type, inner):
            _rewrite(tok, own, inner, new_type, mentions)
        elif lemma in PASS_THROUGH or (own is None and inner.head.dep_ in {"dobj", "pobj", "xcomp"}
                                      and lemma not in REPORT):
            if inner.governor is None:
                inner.governor = tok
                inner.object_control = lemma in OBJECT_CONTROL and inner.head.dep_ == "xcomp"
            if own is not None and lemma in PASS_THROUGH:
                del mentions[tok.i]


def _reported(tok: Token, inner: Mention, mentions: dict[int, Mention]) -> None:
    """A reported event keeps its type and gains a speaker; "X said Y must ..." is X's demand to Y."""
    if inner.head.pos_ == "VERB" and any(a.lower_ in OBLIGATION for a in _children(inner.head, {"aux"})):
        demand = Mention(tok, _trigger_tokens(tok), "REQUEST", _mode_from("REQUEST", inner), None, 0.7,
                         f"verb:{tok.lemma_}+must+{inner.event_type.lower()}")
        demand.recipients = _subjects(inner.head)
        mentions[tok.i] = demand
        del mentions[inner.head.i]
        return
    inner.speaker = inner.speaker or (_subjects(tok) or [None])[0]    # "He is reported to have said ..."
    mentions.pop(tok.i, None)


def _rewritten_type(lemma: str, own_type: str | None, inner: Mention) -> str | None:
    """The type a commitment, request, refusal or accusation makes of the event it governs, if any."""
    if lemma in THREAT_INTENT or (lemma in AGREE_VERBS and own_type in {"AGREE", None}):
        if inner.event_type in CONFLICT_TYPES and lemma in THREAT_INTENT:
            return "THREATEN"
        if inner.event_type in COOPERATIVE_TYPES - {"SUPPORT"}:
            return "AGREE"
        if inner.event_type in {"RETREAT", "CONCEDE"}:
            return "CONCEDE"
        return None
    if own_type in {"REQUEST", "REJECT"} and inner.event_type not in {"REQUEST", "REJECT", "ACCUSE"}:
        return own_type
    if own_type == "ACCUSE" and inner.head.dep_ == "pcomp":
        return "ACCUSE"                          # "accused X of attacking Y": the accusation is the point
    return None


def _rewrite(tok: Token, own: Mention | None, inner: Mention, new_type: str, mentions: dict[int, Mention]) -> None:
    base = own or Mention(tok, _trigger_tokens(tok), new_type, None, None, 0.8, f"verb:{tok.lemma_}")
    kept = own is not None and own.event_type == new_type
    base.event_type = new_type
    base.mode = _mode_from(new_type, inner) if new_type in {"REQUEST", "REJECT", "THREATEN"} else (
        own.mode if kept else None)
    base.cameo = own.cameo if kept else None          # cameo_for refines a generic code by the new mode
    base.prior = max(base.prior, inner.prior, 0.7)
    base.rule += f"+{inner.event_type.lower()}"
    _verb_participants(inner) if inner.head.pos_ == "VERB" else _noun_participants(inner)
    if new_type in {"REQUEST", "REJECT", "ACCUSE"} and _children(tok, _OBJ):
        base.recipients = []                     # the addressee, read in step 4: "urged X to ..."
    elif not inner.recipients and inner.head.dep_ == "ccomp":
        base.recipients = _subjects(inner.head)  # "demanded that the government resign"
    else:
        base.recipients = list(inner.recipients)
    mentions[tok.i] = base
    del mentions[inner.head.i]


def _find_absorbed(mentions: dict[int, Mention]) -> dict[int, Mention]:
    """3b. What a sanction, ban, refusal or retreat acts on is its content, not a second event:
    "suspended aid to Gaza" is one SANCTION whose recipient is Gaza. Returns inner index -> outer."""
    absorbed: dict[int, Mention] = {}
    for i, m in mentions.items():
        if m.head.pos_ not in {"NOUN", "PROPN"} or m.governor is not None:
            continue
        outer_tok = m.head.head
        if m.head.dep_ == "pobj" and outer_tok.lower_ == "of":
            outer_tok = outer_tok.head
        elif m.head.dep_ not in _OBJ | _PASS_SUBJ:
            continue
        outer = mentions.get(outer_tok.i)
        if outer is not None and outer is not m and outer.event_type in _ABSORBING:
            absorbed[i] = outer
    return absorbed


def _attach_participants(m: Mention) -> None:
    """4. Participants read off the parse, then from the governing verb where the trigger has none."""
    if m.head.pos_ == "VERB":
        _verb_participants(m)
    else:
        _noun_participants(m)
    if not m.actors and (m.governor is None or m.governor.lemma_ not in _UNDERGO):
        m.actors = _governor_actors(m)
    if m.governor is not None and m.governor.lemma_ in _UNDERGO and m.head.pos_ != "VERB":
        # "Iran faces criticism from the UN": who faces, suffers or draws an event is its recipient
        m.recipients = _subjects(m.governor)
        sources = _prep_objects(m.head, {"from", "by"}) or _prep_objects(m.governor, {"from"})
        m.actors = [x for p in sources for x in expand_conj(p)]
    elif m.governor is not None and m.head.pos_ != "VERB" and not m.recipients:
        m.recipients = [x for p in _prep_objects(m.governor, _recipient_preps(m)) for x in expand_conj(p)]
    if not m.recipients and m.head.pos_ == "VERB":
        # "agreed to open its borders to X", "refused to send troops to X": the action the verb governs
        # is no event of ours, but says to whom it is done
        for comp in _children(m.head, {"xcomp"}):
            goal = _prep_objects(comp, {"to", "into", "with", "against", "on", "for"})
            objs = [o for o in _children(comp, _OBJ) if o.lemma_.lower() not in THING_NOUNS]
            # "refused to allow the plane to land": the parser makes the plane the clause's subject
            objs = objs or [s for c in _children(comp, {"ccomp"}) for s in _children(c, _SUBJ)]
            m.recipients = [x for o in (goal or objs) for x in expand_conj(o)]
    m.purpose = m.head.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in m.head.children)


def _finish(m: Mention, floor: int, events: set[int]) -> bool:
    """Speaker, clean participants and mode; False when the mention names no participant at all."""
    m.speaker = m.speaker or _speaker(m)
    # "The military said it launched strikes": a pronoun actor of a reported event is its speaker.
    if m.speaker is not None and m.speaker.pos_ != "PRON":
        m.actors = [m.speaker if a.lower_ in _ANAPHORS else a for a in m.actors]
    own = {t.i for t in m.trigger}
    m.actors = [a for a in _clean(m.actors, floor, events) if a.i not in own]
    m.recipients = [r for r in _clean(m.recipients, floor, events) if r not in m.actors and r.i not in own]
    if not m.actors and not m.recipients and not _counted_victims(m):
        return False
    _refine_type_and_mode(m)
    return True


def _counted_victims(m: Mention) -> bool:
    """'dozens were killed', 'killed 40': a toll with no named victim still reports a killing."""
    if m.head.lemma_ not in HARM_VERBS - {"claim", "leave", "hit"} or m.head.pos_ != "VERB":
        return False
    slots = _children(m.head, _OBJ | _PASS_SUBJ) + ([m.head.head] if m.head.dep_ == "acl" else [])
    return any(t.ent_type_ == "CARDINAL" or t.pos_ == "NUM" or t.lemma_.lower() in _QUANTITY_NOUNS for t in slots)


def _substance(token: Token) -> Token:
    """'thousands of teachers' -> teachers: a quantity is not the participant, what it counts is."""
    if token.pos_ == "NUM" or token.lemma_.lower() in _QUANTITY_NOUNS:
        of = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
              if p.dep_ == "pobj"]
        if of:
            return of[0]
    return token


def _behind_event(token: Token, events: set[int]) -> Token:
    """'rejected the appeal of two journalists' -> journalists; 'condemned the attacks' stays 'attacks'.

    An event noun in a participant slot stands for whoever it belongs to, when the text says."""
    if token.i not in events and not (token.pos_ == "NOUN" and token.lemma_.lower() in EVENT_NOUNS):
        return token
    owners = [c for c in token.children if c.dep_ == "poss"]
    owners += [p for c in token.children if c.dep_ in {"prep", "agent"} and c.lower_ in {"of", "by", "from"}
               for p in c.children if p.dep_ == "pobj" and p.i not in events]
    return owners[0] if owners else token


def _target_of_action(token: Token) -> Token:
    """'launched legal action against the government' -> the government; 'close the border with Iraq'
    -> Iraq: an action noun's target, a relation's other side."""
    if token.pos_ != "NOUN":
        return token
    preps = {"against"} | ({"with"} if token.lemma_.lower() in _RELATIONAL else set())
    other = [p for c in token.children if c.dep_ == "prep" and c.lower_ in preps for p in c.children
             if p.dep_ == "pobj"]
    return other[0] if other else token


def _named(token: Token) -> Token:
    """'his Iranian counterpart, Mostafa Najjar' -> Mostafa Najjar: a title's apposed name names it better."""
    if token.pos_ == "NOUN":
        names = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if names:
            return names[0]
    return token


def _clean(tokens: list[Token], floor: int, events: set[int]) -> list[Token]:
    """Participants are who or what is acted on or acts; never the dateline."""
    seen, out = set(), []
    for t in (_named(_target_of_action(_behind_event(_substance(x), events))) for x in tokens):
        if t.i >= floor and t.i not in seen and is_participant(t):
            seen.add(t.i)
            out.append(t)
    return out


def _merge_effects(mentions: dict[int, Mention]) -> None:
    """'the bombing ... that killed 150 Afghans': the killing is the bombing's effect, not a second event."""
    for i, m in list(mentions.items()):
        t = m.head
        if t.pos_ != "VERB" or t.lemma_ not in HARM_VERBS | {"claim"}:
            continue
        antecedent = None
        subj = _children(t, _SUBJ)
        cause = t.head
        while cause.i not in mentions and cause.tag_ == "VBG" and cause.dep_ in {"conj", "advcl", "xcomp"}:
            cause = cause.head                  # "..., killing 23 and wounding 40": climb the coordination
        if t.dep_ in {"advcl", "xcomp", "conj"} and t.tag_ == "VBG" and not subj and cause.i in mentions \
                and mentions[cause.i].event_type == "ASSAULT":
            antecedent = cause                  # "detonated a vest ..., killing 23 people": the blast's toll
        elif t.dep_ == "relcl" and (not subj or subj[0].lower_ in RELATIVE_PRONOUNS):
            antecedent = t.head
        elif subj and (subj[0].i in mentions or subj[0].lemma_ in EVENT_NOUNS):
            antecedent = subj[0]
        if antecedent is None:
            continue
        target = mentions.get(antecedent.i)
        if target is None and t.dep_ == "relcl":
            # Attachment errors put the clause on a nearby noun ("the bombing at a gate that killed"):
            # take the closest event noun to its left in the same clause.
            lo = max(t.sent.start, antecedent.i - 10)
            target = next((mentions[j] for j in range(antecedent.i - 1, lo - 1, -1)
                           if j in mentions and mentions[j].head.pos_ == "NOUN"
                           and mentions[j].event_type == "ASSAULT"), None)
        if target is None:
            if antecedent.lemma_ in EVENT_NOUNS:
                m.actors = []
            continue
        target.recipients += [r for r in m.recipients if r not in target.recipients]
        del mentions[i]


def _responders(mentions: dict[int, Mention]) -> None:
    """'X vowed to target Y in response to the bombing': a bombing with no actor was Y's."""
    for m in mentions.values():
        if m.actors or m.event_type != "ASSAULT":
            continue
        node = m.head
        # climb: bombing <-pobj- to <-prep- response <-pobj- in <-prep- VERB
        for _ in range(4):
            node = node.head
            if node.lemma_ in RESPONSE_PREPS:
                verb = node
                while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
                    verb = verb.head
                responder = mentions.get(verb.i) or next(
                    (x for x in mentions.values() if x.head in verb.ancestors), None)
                if responder is not None and responder is not m and responder.recipients:
                    m.actors = list(responder.recipients)
                break

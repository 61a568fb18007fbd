"""Closed word classes the patterns rely on (our own lists). Trigger words live in data/triggers.tsv."""

from __future__ import annotations

__all__ = ["REPORT", "THREAT_INTENT", "REQUEST_VERBS", "REJECT_VERBS", "AGREE_VERBS", "ACCUSE_VERBS",
           "PASS_THROUGH", "LIGHT_VERBS", "THING_NOUNS", "EVENT_NOUNS", "RESPONSE_PREPS",
           "CONFLICT_TYPES", "COOPERATIVE_TYPES", "RELATIVE_PRONOUNS", "WEAPON_CUES", "WEAPON_MODES",
           "MOBILIZE_CUES", "RECIPIENT_PREPS", "OBJECT_CONTROL", "TRANSFER_VERBS", "OBLIGATION",
           "DOCUMENT_NOUNS", "OBJECT_IS_MEANS", "HARM_VERBS"]

# Verbs that attribute a claim: the event is their complement, their subject is the speaker.
REPORT = frozenset("""say tell claim report announce state add note confirm insist deny acknowledge admit reveal
write quote believe think suggest indicate assert contend argue explain declare testify recount allege
describe disclose estimate maintain predict stress warn_report""".split())
# Verbs of commitment whose complement decides the event: a threatened act is THREATEN, a promised
# cooperative act is AGREE, a promised retreat or concession is CONCEDE (PLOVER manual, AGREE/CONCEDE notes).
THREAT_INTENT = frozenset("threaten vow promise pledge warn swear commit".split())
REQUEST_VERBS = frozenset("urge ask demand implore press push appeal call beg encourage request invite plead".split())
REJECT_VERBS = frozenset("refuse reject decline rule_out veto".split())
AGREE_VERBS = frozenset("agree offer accept consent".split())
ACCUSE_VERBS = frozenset("accuse blame charge condemn denounce criticize criticise suspect".split())
# Verbs that pass their complement through unchanged: the actor is their subject, the event the complement's.
# Their uncertainty ("hinted at", "considering") is for the modality stage to read.
PASS_THROUGH = frozenset("""plan intend consider hint seek propose weigh prepare aim want try attempt begin start
continue resume decide expect hope mull discuss explore order instruct direct authorize authorise allow permit
step intensify escalate finish complete""".split())
# Verbs that only carry a nominal event: "carried out an attack", "held talks", "imposed sanctions".
LIGHT_VERBS = frozenset("""carry conduct launch stage hold mount make pay impose issue file level wage lodge
unleash perpetrate commit execute organize organise lead announce begin start resume continue open stage step
take order sign reach conclude seal strike extend provide deliver send give offer grant enforce declare
slap attend""".split())
# Nouns that are what is sent, given or moved, never a participant: "sent troops to X" -> recipient X.
THING_NOUNS = frozenset("""aid assistance weapon arms ammunition money fund loan grant food supply supplies troops
soldier force forces equipment vehicle tank jet missile ship warship help relief medicine vaccine fuel
reinforcement personnel support package message letter envoy delegation troop
intelligence information data evidence gas bullet shot round shell rocket missile explosive bomb""".split())
# What is released, given or delivered when nobody is freed or helped: "released a statement",
# "gave a speech", "delivered an address", "provided details".
DOCUMENT_NOUNS = frozenset("""statement report video footage data figure figures list detail details result results
photo photograph image picture recording transcript document documents letter book album film speech address
interview remark remarks comment comments update warning forecast estimate guidance version song record
testimony evidence account briefing blow boost message lecture sermon verdict""".split())
# Types whose direct object is what the actor moves or uses, never the recipient ("mobilized the army").
OBJECT_IS_MEANS = frozenset({"MOBILIZE"})
# Nouns naming an occurrence: as the subject of "kill" they are the event, not its actor.
EVENT_NOUNS = frozenset("""attack blast explosion bombing bomb strike airstrike shelling fire crash fighting clash
violence raid shooting gunfire ambush offensive assault operation unrest riot protest storm flood""".split())
# Verbs that tell the harm of an attack ("the blast killed 12", "left 3 dead", "claimed 20 lives").
HARM_VERBS = frozenset("kill wound injure maim hit destroy damage claim leave".split())
# "X targeted Y in response to the bombing": the bombing's missing actor is the one being answered, Y.
RESPONSE_PREPS = frozenset("response retaliation reprisal revenge answer".split())
CONFLICT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "THREATEN", "PROTEST"})
COOPERATIVE_TYPES = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "AGREE"})
RELATIVE_PRONOUNS = frozenset("who whom which that whose".split())

# Words near an ASSAULT trigger that state how it was done, strongest first (PLOVER ASSAULT modes).
WEAPON_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("suicide-attack", ("suicide",)),
    ("drone", ("drone", "drones", "uav", "uavs")),
    ("unconventional", ("chemical", "sarin", "chlorine", "nerve agent", "biological", "nuclear")),
    ("aerial", ("air strike", "air strikes", "airstrike", "airstrikes", "air raid", "air raids", "warplane",
                "warplanes", "jets", "fighter jets", "helicopter", "helicopters", "aircraft", "bombers")),
    ("explosives", ("car bomb", "roadside bomb", "bomb", "bombs", "ied", "ieds", "explosive", "explosives",
                    "grenade", "grenades", "landmine", "mine", "blast", "bombing")),
    ("heavy-weapons", ("artillery", "shelling", "shells", "mortar", "mortars", "rocket", "rockets", "tank",
                       "tanks", "missile", "missiles")),
    ("crowd-control", ("tear gas", "teargas", "rubber bullets", "water cannon", "water cannons", "batons")),
    ("firearms", ("gunmen", "gunman", "gun", "guns", "rifle", "rifles", "bullet", "bullets", "gunfire",
                  "shot", "shooting", "opened fire", "sniper", "snipers")),
    ("primitive", ("machete", "machetes", "knife", "knives", "axe", "axes", "stones", "rocks", "clubs")),
)
WEAPON_MODES = frozenset(m for m, _ in WEAPON_CUES)
# Who is mobilised decides MOBILIZE's mode.
MOBILIZE_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("police", ("police", "policemen", "riot police", "gendarmes", "gendarmerie", "security forces")),
    ("militia", ("militia", "militias", "fighters", "militants", "volunteers")),
    ("weapons", ("warship", "warships", "missile", "missiles", "submarine", "aircraft carrier", "jets",
                 "warplanes", "batteries", "tanks", "artillery")),
    ("troops", ("troops", "soldiers", "army", "reservists", "battalion", "battalions", "brigade", "forces")),
)
# Prepositions whose object is the recipient, by event type ("*" = any type).
RECIPIENT_PREPS: dict[str, frozenset[str]] = {
    "*": frozenset({"against", "on", "upon", "toward", "towards", "into"}),
    "CONSULT": frozenset({"with", "to"}), "COOPERATE": frozenset({"with", "to"}),
    "AGREE": frozenset({"with", "to"}), "AID": frozenset({"to", "for"}), "SUPPORT": frozenset({"for", "to"}),
    "ASSAULT": frozenset({"at", "with"}), "REQUEST": frozenset({"to", "from"}),
    "REJECT": frozenset(), "ACCUSE": frozenset({"of"}), "THREATEN": frozenset({"with"}),
    "PROTEST": frozenset({"outside", "over"}), "SANCTION": frozenset({"from", "with", "to"}),
    "MOBILIZE": frozenset({"to", "in", "along", "near", "at", "into"}),   # where the force is pointed
    "COERCE": frozenset({"for"}), "RETREAT": frozenset({"from", "to"}),
    "CONCEDE": frozenset({"to"}),
}
# Verbs of transfer: with a "to" object that is the recipient, and the direct object is what moves
# ("returned five artifacts to the government of Peru").
TRANSFER_VERBS = frozenset("""give send deliver supply provide return hand donate transfer extradite ship lend
grant offer sell pledge allocate disburse airlift""".split())
# Modals that turn a reported action into a demand: "X said Y must withdraw" is X's REQUEST to Y.
OBLIGATION = frozenset({"must", "should"})
# Verbs that hand their object, not their subject, to an infinitive: "ordered troops to withdraw".
OBJECT_CONTROL = frozenset("order instruct direct authorize authorise allow permit force compel tell".split())

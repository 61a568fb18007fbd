"""Stage `code`: who did what to whom, read off the parse. Sentences are our own."""

import pytest

from conftest import find, texts


@pytest.mark.parametrize("sentence", [
    "Rebels attacked an army convoy near Goma on Tuesday.",
    "An army convoy was attacked by rebels near Goma on Tuesday.",
])
def test_active_and_passive_voice_give_the_same_roles(code_one, sentence):
    (event,) = find(code_one(sentence), "ASSAULT")
    assert [a.lower() for a in texts(event["actor"])] == ["rebels"]
    assert texts(event["recipient"]) == ["army convoy"]


def test_nominal_trigger_with_by_and_of(code_one):
    (event,) = find(code_one("The bombing of the embassy by militants drew wide condemnation."), "ASSAULT")
    assert texts(event["actor"]) == ["militants"] and texts(event["recipient"]) == ["embassy"]
    assert event["evidence"]["trigger"]["text"] == "bombing" and event["mode"] == "explosives"


def test_light_verb_hands_its_subject_to_the_noun(code_one):
    (event,) = find(code_one("Militants carried out an attack on a police station in the north."), "ASSAULT")
    assert texts(event["actor"]) == ["Militants"] and texts(event["recipient"]) == ["police station"]
    assert event["evidence"]["trigger"]["text"] == "attack"


def test_coordinated_actors_make_one_event_not_one_per_actor(code_one):
    events = code_one("Kenya and Uganda agreed to hold talks on the border dispute.")
    assert [e["event_type"] for e in events] == ["AGREE"]
    assert texts(events[0]["actor"]) == ["Kenya", "Uganda"]


def test_reported_speech_codes_the_reported_event_and_keeps_the_speaker(code_one):
    events = code_one("Police said gunmen attacked a bus in the south of the country.")
    assert [e["event_type"] for e in events] == ["ASSAULT"]          # not an ACCUSE by the police
    assert texts(events[0]["actor"]) == ["gunmen"] and events[0]["modality"]["speaker"]["text"] == "Police"


def test_according_to_is_a_speaker(code_one):
    (event,) = code_one("According to witnesses, soldiers opened fire on the crowd.")
    assert event["event_type"] == "ASSAULT" and event["mode"] == "firearms"
    assert texts(event["recipient"]) == ["crowd"] and event["modality"]["speaker"]["text"] == "witnesses"


def test_a_vowed_attack_is_a_threat_against_the_target(code_one):
    (event,) = code_one("The president vowed to attack the rebels in their mountain bases.")
    assert event["event_type"] == "THREATEN" and event["mode"] == "violence"
    assert texts(event["recipient"]) == ["rebels"]


def test_urging_a_release_is_a_request_to_yield_not_a_release(code_one):
    (event,) = code_one("The UN urged both sides to release their prisoners.")
    assert (event["event_type"], event["mode"]) == ("REQUEST", "yield")
    assert texts(event["actor"]) == ["UN"] and texts(event["recipient"]) == ["sides"]


def test_refusing_to_meet_is_a_reject(code_one):
    (event,) = code_one("The government refused to meet the protest leaders.")
    assert (event["event_type"], event["mode"]) == ("REJECT", "meet")


def test_accusation_is_the_point_so_no_torture_event(code_one):
    events = code_one("The opposition accused the police of torturing detainees.")
    assert [e["event_type"] for e in events] == ["ACCUSE"]
    assert texts(events[0]["recipient"]) == ["police"]


def test_quantities_are_not_participants(code_one):
    events = code_one("Thousands of teachers marched through the capital to demand higher pay.")
    (march,) = [e for e in events if e["evidence"]["trigger"]["text"] == "marched"]
    assert march["event_type"] == "PROTEST" and texts(march["actor"]) == ["teachers"]


def test_a_tally_is_not_a_participant(pipe):
    from tacitus.coder.spans import is_participant
    parsed = pipe.parser.nlp("The death toll and four soldiers were counted.")
    heads = {t.text: is_participant(t) for t in parsed if t.dep_ in {"nsubjpass", "conj"}}
    assert heads == {"toll": False, "soldiers": True}


def test_those_among_the_dead_are_the_victims(code_one):
    events = code_one("Three aid workers were among dozens killed when shells hit the camp.")
    (killing,) = [e for e in events if e["evidence"]["trigger"]["text"] == "killed"]
    assert killing["event_type"] == "ASSAULT" and texts(killing["recipient"]) == ["aid workers"]


def test_a_toll_with_no_named_victim_is_still_a_killing(code_one):
    events = code_one("Dozens were killed overnight.")
    assert [e["event_type"] for e in events] == ["ASSAULT"]
    assert events[0]["actor"] == [] and events[0]["recipient"] == []


def test_a_promised_attack_stays_a_threat_whatever_the_model_says_of_promises(code_one):
    (threat,) = code_one("The president promised to hunt down the militia.")
    assert threat["event_type"] == "THREATEN" and texts(threat["recipient"]) == ["militia"]


def test_a_responded_to_attack_gets_its_perpetrator(code_one):
    events = code_one("The army vowed to hunt down the militia in response to the ambush that killed four soldiers.")
    (threat,) = find(events, "THREATEN")
    (ambush,) = find(events, "ASSAULT")
    assert texts(threat["recipient"]) == ["militia"]
    assert texts(ambush["actor"]) == ["militia"]


@pytest.mark.parametrize("sentence", [
    "Arsenal beat Chelsea 3-1 on Saturday to go top of the league.",
    "Shares in the mining company fell sharply after the results.",
])
def test_sport_and_markets_are_not_events(code_one, sentence):
    assert code_one(sentence) == []


def test_event_records_keep_the_contract(code_one):
    text = "Riot police fired tear gas at protesters outside parliament on Monday, witnesses said."
    events = code_one(text)
    assert events, "expected at least one event"
    for e in events:
        assert e["schema"] == "tacitus.event/1" and e["id"].startswith("ev_")
        assert e["cameo"][:2].isdigit() and e["quad_class"] in (1, 2, 3, 4)
        assert isinstance(e["goldstein"], float) and 0.0 <= e["confidence"] <= 1.0
        trig = e["evidence"]["trigger"]
        assert text[trig["start"]:trig["end"]] == trig["text"]
        assert text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["sentence"]
        for p in e["actor"] + e["recipient"]:
            assert text[p["start"]:p["end"]] == p["text"]
        assert e["location"] is None and e["date"] is None        # owned by later stages
        assert e["pipeline"]["components"]["parser"].startswith("en_core_web_sm")


def test_event_ids_are_stable(code_one):
    text = "Police arrested 12 protesters in the capital on Friday."
    assert [e["id"] for e in code_one(text)] == [e["id"] for e in code_one(text)]


def test_releasing_a_statement_frees_nobody(code_one):
    assert not find(code_one("The rebel command released a statement on Monday about the ceasefire."), "RETREAT")
    (release,) = find(code_one("The rebels released 12 hostages near the border on Monday."), "RETREAT")
    assert release["mode"] == "release" and texts(release["recipient"]) == ["hostages"]


def test_suspending_aid_is_a_sanction_on_the_aided(code_one):
    (event,) = code_one("The United States suspended military aid to Indonesia over human rights concerns.")
    assert event["event_type"] == "SANCTION" and texts(event["recipient"]) == ["Indonesia"]


def test_sending_peacekeepers_is_aid(code_one):
    events = code_one("Japan is sending troops to the United Nations peacekeeping force in South Sudan.")
    assert [e["event_type"] for e in events] == ["AID"] and events[0]["cameo"] == "074"


def test_a_request_is_addressed_to_whom_it_is_asked_of(code_one):
    (asked,) = find(code_one("The court demanded an explanation from the city magistrate on Tuesday."), "REQUEST")
    assert texts(asked["recipient"]) == ["city magistrate"]
    (clause,) = find(code_one("Rebels demanded that the army release their commander."), "REQUEST")
    assert texts(clause["recipient"]) == ["army"] and clause["mode"] == "yield"


def test_a_relation_noun_hands_over_its_other_side(code_one):
    (threat,) = code_one("Iran threatened to close its border with Iraqi Kurdistan.")
    assert threat["event_type"] == "THREATEN" and texts(threat["recipient"]) == ["Iraqi Kurdistan"]


def test_a_surrender_is_to_someone(code_one):
    (surrender,) = find(code_one("A rebel commander has surrendered to government forces in the north."), "RETREAT")
    assert texts(surrender["recipient"]) == ["government forces"]


def test_an_apposed_name_and_an_adjective_s_subject(code_one):
    (agree,) = find(code_one("The defence minister agreed with his Iranian counterpart, Ali Rezaei, to exchange "
                             "military delegations."), "AGREE")
    assert "Ali Rezaei" in texts(agree["recipient"])
    events = code_one("Honduras is willing to withdraw its troops from the border zone.")
    assert events and texts(events[0]["actor"]) == ["Honduras"] and texts(events[0]["recipient"]) == ["border zone"]


def test_multiword_triggers_and_areas(code_one):
    (law,) = code_one("The president imposed martial law across the country on Monday.")
    assert (law["event_type"], law["mode"]) == ("COERCE", "martial-law")
    assert law["evidence"]["trigger"]["text"] == "martial law"
    (curfew,) = code_one("Authorities imposed a curfew in the northern town after clashes.")
    assert curfew["mode"] == "curfew" and texts(curfew["recipient"]) == ["northern town"]
    (breach,) = code_one("Rebels violated the ceasefire near the border on Sunday.")
    assert (breach["event_type"], breach["cameo"]) == ("ASSAULT", "196") and breach["recipient"] == []


def test_who_faces_criticism_is_its_recipient(code_one):
    (event,) = code_one("The ministry drew sharp condemnation from rights groups on Monday.")
    assert event["event_type"] == "ACCUSE"
    assert texts(event["actor"]) == ["rights groups"] and texts(event["recipient"]) == ["ministry"]


def test_refusing_to_let_someone_do_something(code_one):
    (event,) = code_one("Italy and Spain have refused to allow the plane to enter their air space.")
    assert event["event_type"] == "REJECT" and texts(event["recipient"]) == ["plane"]


def test_a_word_inside_a_trigger_is_no_second_event(code_one):
    events = code_one("President Ana Ruiz voiced her strong support of the prime minister on Monday.")
    assert [e["event_type"] for e in events] == ["SUPPORT"]
    assert texts(events[0]["recipient"]) == ["prime minister"]


def test_withdrawing_peacekeepers_or_leaving_a_treaty_is_a_sanction(code_one):
    (pullout,) = code_one("The UN withdrew its peacekeepers from the border zone on Monday.")
    assert (pullout["event_type"], pullout["mode"]) == ("SANCTION", "withdraw")
    assert texts(pullout["recipient"]) == ["border zone"]
    (troops,) = code_one("Russia withdrew its troops from the town on Monday.")
    assert troops["event_type"] == "RETREAT"

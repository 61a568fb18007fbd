"""The reference article (../shared/seed): what the core coder must find in it."""

import pytest

import tacitus
from conftest import find, texts

SEED = "milley-taliban-2021-09-02.txt"


@pytest.fixture(scope="module")
def seed(shared):
    results = list(tacitus.code_paths([shared / "seed" / SEED], published="2021-09-02"))
    (result,) = results
    assert result.reject is None
    return result.doc, [e.to_dict() for e in result.events]


def test_scraper_debris_removed_and_washington_is_the_dateline(seed):
    doc, _ = seed
    assert "text_fields" not in doc.text and doc.text.startswith("Washington:")
    assert doc.dateline.text == "Washington" and doc.published == "2021-09-02"


def test_iskp_suicide_bombing(seed):
    _, events = seed
    bombings = [e for e in find(events, "ASSAULT") if "bombing" in e["evidence"]["trigger"]["text"]]
    assert bombings, "no ASSAULT with a bombing trigger"
    bombing = bombings[0]
    assert "ISKP" in texts(bombing["actor"])
    assert bombing["mode"] == "suicide-attack" and bombing["cameo"].startswith("18")
    assert "Afghans" in texts(bombing["recipient"])


def test_biden_threatens_iskp(seed):
    _, events = seed
    threats = [e for e in find(events, "THREATEN") if any("Biden" in a for a in texts(e["actor"]))]
    assert threats and "ISKP" in texts(threats[0]["recipient"])


def test_milley_cooperation_with_the_taliban(seed):
    _, events = seed
    coop = [e for e in events if e["event_type"] in ("COOPERATE", "AGREE")
            and any("Milley" in a or a == "US" for a in texts(e["actor"]))
            and any("Taliban" in r for r in texts(e["recipient"]))]
    assert coop


def test_every_quoted_span_indexes_the_emitted_text(seed):
    doc, events = seed
    assert events
    for e in events:
        spans = [e["evidence"]["trigger"], *e["actor"], *e["recipient"]]
        spans += [e["modality"]["speaker"]] if e["modality"]["speaker"] else []
        for span in spans:
            assert doc.text[span["start"]:span["end"]] == span["text"]
        assert doc.text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["sentence"]


def test_the_dateline_is_never_a_participant(seed):
    doc, events = seed
    for e in events:
        for p in e["actor"] + e["recipient"]:
            assert p["start"] >= doc.body_start


def _by_trigger(events, word):
    return [e for e in events if word in e["evidence"]["trigger"]["text"]]


def test_seed_factuality_and_speakers(seed):
    _, events = seed
    (coop,) = [e for e in events if e["evidence"]["trigger"]["text"] == "cooperation"]
    assert coop["modality"]["factuality"] == "hedged" and "reported" in coop["modality"]["marks"]
    assert "Milley" in coop["modality"]["speaker"]["text"]
    airport = [e for e in _by_trigger(events, "coordination") if "said to" in e["evidence"]["sentence"]]
    assert airport and airport[0]["modality"]["factuality"] == "reported"
    (threat,) = _by_trigger(events, "promised")
    assert threat["modality"]["factuality"] == "future" and "Biden" in threat["actor"][0]["text"]
    (ouster,) = _by_trigger(events, "ousted")
    assert ouster["modality"]["factuality"] == "historical"


def test_seed_bombing_counts(seed):
    _, events = seed
    (bombing,) = _by_trigger(events, "bombing")
    assert bombing["modality"]["factuality"] == "asserted"
    stated = [(c["kind"], c["value"], c["lower_bound"]) for c in bombing["count_mentions"]]
    assert stated == [("killed", 150, True), ("killed", 13, False)]
    assert bombing["counts"]["killed"] == 163


def test_seed_pronoun_speaker_is_milley(seed):
    _, events = seed
    spoken = [e for e in events if (e["modality"]["speaker"] or {}).get("text") == "He"]
    assert spoken and "Milley" in spoken[0]["modality"]["speaker"]["resolved"]["text"]


# -- who, where, when (issue #3) -------------------------------------------------------------------------

def _codes(part):
    return part["country"], part["sector"]


def test_seed_actors_are_coded(seed):
    _, events = seed
    (bombing,) = _by_trigger(events, "bombing")
    iskp = [a for a in bombing["actor"] if a["text"] == "ISKP"][0]
    assert iskp["country"] == "AFG" and iskp["sector"] in {"REB", "INS"}
    (threat,) = _by_trigger(events, "promised")
    assert _codes(threat["actor"][0]) == ("USA", "GOV") and threat["actor"][0]["kb_id"] == "person:joe-biden"
    coop = [e for e in events if any("Milley" in a["text"] for a in e["actor"])]
    assert coop and _codes([a for a in coop[0]["actor"] if "Milley" in a["text"]][0]) == ("USA", "MIL")


def test_seed_bombing_is_at_kabul(seed):
    _, events = seed
    (bombing,) = _by_trigger(events, "bombing")
    where = bombing["location"]
    assert where and where["country"] == "AFG" and abs(where["lat"] - 34.5) < 0.3 and "Kabul" in where["text"]


def test_seed_bombing_is_dated_last_week(seed):
    _, events = seed
    (bombing,) = _by_trigger(events, "bombing")
    # "last week" in a Thursday article: the Thursday before, at week precision
    assert bombing["date"] == "2021-08-26"
    assert bombing["date_precision"] in {"day", "week"} and bombing["date_text"] == "last week"


def test_seed_ouster_is_dated_2001_not_2021(seed):
    _, events = seed
    (ouster,) = _by_trigger(events, "ousted")
    assert ouster["date"].startswith("2001") and ouster["date_precision"] in {"range", "year", "month"}
    assert "2001" in ouster["date_text"]


def test_seed_dateline_is_not_a_location(seed):
    doc, events = seed
    for e in events:
        if e["location"]:
            assert e["location"]["start"] >= doc.body_start

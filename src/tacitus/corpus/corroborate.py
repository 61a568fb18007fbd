"""Corroboration: what the sources of one event cluster agree and disagree on, and the cluster record.

Each document speaks once per field: when it mentions the event several times, its own most frequent
value is its claim (for counts, the highest number it states: tolls are revised upwards, and a report
that says "at least 60" and later "170" means 170). Support is counted in independent sources: wire copies
(documents sharing a canonical copy) and several articles of one outlet count once (`cluster.source_key`).
Documents are listed under each value, copies next to their canonical, so a reader sees both who said it
and how many independent outlets did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .cluster import source_key

__all__ = ["COUNT_KINDS", "CLUSTER_SCHEMA", "corroboration", "cluster_record"]

COUNT_KINDS = ("killed", "injured", "arrested", "missing")
CLUSTER_SCHEMA = "tacitus.cluster/1"
_PRECISION_RANK = {"day": 0, "range": 1, "week": 2, "month": 3, "year": 4}

Claim = Callable[[Mapping[str, Any]], Any]


def _by_doc(events: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    out: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        out.setdefault(event["doc_id"], []).append(event)
    return out


def _doc_order(doc_ids: list[str], docs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Doc ids with each wire copy next to its canonical copy."""
    def key(d: str) -> tuple[str, int, str]:
        canonical = (docs.get(d) or {}).get("canonical") or d
        return canonical, d != canonical, d
    return sorted(set(doc_ids), key=key)


def _field(per_doc: Mapping[str, Any], docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """{"values": {value: [doc ids]}, "sources": {value: independent sources}, "agree": one value only}."""
    values: dict[str, list[str]] = {}
    for doc_id, value in per_doc.items():
        if value is not None:
            values.setdefault(str(value), []).append(doc_id)
    sources = {v: len({source_key(d, docs) for d in ds}) for v, ds in values.items()}
    ordered = sorted(values, key=lambda v: (-sources[v], v))
    return {"values": {v: _doc_order(values[v], docs) for v in ordered},
            "sources": {v: sources[v] for v in ordered}, "agree": len(values) <= 1}


def _modal(items: list[Any]) -> Any:
    """The most frequent non-null item; ties go to the first stated."""
    items = [i for i in items if i is not None]
    if not items:
        return None
    counts = Counter(items)
    return max(items, key=lambda i: (counts[i], -items.index(i)))


def _location_name(event: Mapping[str, Any]) -> str | None:
    loc = event.get("location") or {}
    name = loc.get("name") or loc.get("text")
    if not name:
        return None
    return f"{name} ({loc['country']})" if loc.get("country") else name


def _actor_key(p: Mapping[str, Any]) -> str | None:
    return p.get("kb_id") or p.get("name") or p.get("text")


def _participants(events: Sequence[Mapping[str, Any]], role: str) -> list[str]:
    keys = [_actor_key(p) for e in events for p in e.get(role) or []]
    return sorted({k for k in keys if k})


def corroboration(events: Sequence[Mapping[str, Any]], docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Field by field, which documents state which value, and whether the independent sources agree.

    Keys: the count kinds any source states (killed, injured, arrested, missing), `date`, `place`,
    `actor`, `recipient` (for these two, `agree` means that every source naming one shares at least one
    with the others) and `factuality` (one outlet asserting what another hedges disagrees)."""
    by_doc = _by_doc(events)
    out: dict[str, Any] = {}
    for kind in COUNT_KINDS:
        per_doc = {d: max((e["counts"][kind] for e in evs if (e.get("counts") or {}).get(kind) is not None),
                          default=None) for d, evs in by_doc.items()}
        if any(v is not None for v in per_doc.values()):
            out[kind] = _field(per_doc, docs)
    out["date"] = _field({d: _modal([e.get("date") for e in evs]) for d, evs in by_doc.items()}, docs)
    out["place"] = _field({d: _modal([_location_name(e) for e in evs]) for d, evs in by_doc.items()}, docs)
    for role in ("actor", "recipient"):
        named = {d: _participants(evs, role) for d, evs in by_doc.items()}
        field = _field({d: "; ".join(keys) if keys else None for d, keys in named.items()}, docs)
        sets = [set(keys) for keys in named.values() if keys]
        field["agree"] = all(s & set().union(*(o for o in sets if o is not s)) for s in sets) if len(sets) > 1 \
            else True
        out[role] = field
    out["factuality"] = _field({d: _modal([(e.get("modality") or {}).get("factuality") for e in evs])
                                for d, evs in by_doc.items()}, docs)
    return out


def _supported(events: Sequence[Mapping[str, Any]], docs: Mapping[str, Mapping[str, Any]],
               claim: Claim) -> Any:
    """The claim backed by the most independent sources (ties: the earliest stated)."""
    support: dict[Any, set[str]] = {}
    order: list[Any] = []
    for event in events:
        value = claim(event)
        if value is None:
            continue
        if value not in support:
            order.append(value)
        support.setdefault(value, set()).add(source_key(event["doc_id"], docs))
    if not order:
        return None
    return max(order, key=lambda v: (len(support[v]), -order.index(v)))


def _consensus_participants(events: Sequence[Mapping[str, Any]], docs: Mapping[str, Mapping[str, Any]],
                            role: str) -> list[dict[str, Any]]:
    """The most-supported participant of `role`, with its codes (offsets belong to single documents)."""
    pairs = [(e, p) for e in events for p in e.get(role) or [] if _actor_key(p)]
    if not pairs:
        return []
    flat = [{**e, "_key": _actor_key(p)} for e, p in pairs]
    best = _supported(flat, docs, lambda e: e["_key"])
    chosen = next(p for _, p in pairs if _actor_key(p) == best)
    return [{"name": chosen.get("name") or chosen.get("text"), "country": chosen.get("country"),
             "sector": chosen.get("sector"), "kb_id": chosen.get("kb_id")}]


def _consensus_location(events: Sequence[Mapping[str, Any]],
                        docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any] | None:
    best = _supported(events, docs, _location_name)
    if best is None:
        return None
    loc = next(e["location"] for e in events if _location_name(e) == best)
    return {k: v for k, v in loc.items() if k not in ("start", "end", "text")}


def _consensus_date(events: Sequence[Mapping[str, Any]],
                    docs: Mapping[str, Mapping[str, Any]]) -> tuple[str | None, str | None]:
    """Dates stated in the text beat dates taken from the article; then the most precise, most supported."""
    stated = [e for e in events if e.get("date") and e.get("date_text")]
    pool = stated or [e for e in events if e.get("date")]
    if not pool:
        return None, None
    finest = min(_PRECISION_RANK.get(e.get("date_precision") or "day", 5) for e in pool)
    pool = [e for e in pool if _PRECISION_RANK.get(e.get("date_precision") or "day", 5) == finest]
    best = _supported(pool, docs, lambda e: (e["date"], e.get("date_precision")))
    return best


def cluster_record(cluster_id: str, events: Sequence[Mapping[str, Any]],
                   docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The `tacitus.cluster/1` record of ../shared/spec/event-record.md for one cluster's events."""
    sources = _doc_order([e["doc_id"] for e in events], docs)
    event_type = _supported(events, docs, lambda e: e.get("event_type"))
    date, precision = _consensus_date(events, docs)
    return {
        "schema": CLUSTER_SCHEMA,
        "cluster_id": cluster_id,
        "event_type": event_type,
        "actor": _consensus_participants(events, docs, "actor"),
        "recipient": _consensus_participants(events, docs, "recipient"),
        "location": _consensus_location(events, docs),
        "date": date,
        "date_precision": precision,
        "sources": sources,
        "num_articles": len(sources),
        "num_sources": len({source_key(d, docs) for d in sources}),
        "event_ids": [e["id"] for e in events],
        "corroboration": corroboration(events, docs),
    }

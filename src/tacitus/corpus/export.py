"""`tacitus export`: the store as JSON Lines, CSV, Parquet or GDELT 2.0 event-table rows.

`--per event` writes one row per event mention, each with its `cluster_id` and the cluster's `sources`;
`--per cluster` one row per real-world event (the `tacitus.cluster/1` records, or their flat columns).
The `gdelt` format follows the GDELT 2.0 event table's 61 columns in order (tab-separated, with a header
line), then our own columns. Differences a GDELT user should know: actor and geo country codes are ISO
3166-1 alpha-3 (GDELT uses CAMEO country codes and FIPS 10-4), `Actor*Code` is country + PLOVER sector,
`AvgTone` is empty (we measure no tone), and actor geography is left empty (we geolocate the event only).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, TextIO

from ..errors import InputError
from ..store import EXPORT_FORMATS, GDELT_COLUMNS, Store

__all__ = ["export", "gdelt_row", "EXTRA_GDELT_COLUMNS"]

EXTRA_GDELT_COLUMNS = ("TacitusEventID", "ClusterID", "PloverType", "PloverMode", "Factuality", "Confidence",
                       "DatePrecision", "DateText", "Killed", "Injured", "Arrested", "Actor1KBID", "Actor2KBID",
                       "EvidenceSentence")


def export(store: Store, fmt: str, per: str = "event", out: TextIO | None = None,
           path: str | Path | None = None) -> int:
    """Write the store in `fmt` to `path` (or the text stream `out`); returns the number of rows."""
    if fmt not in EXPORT_FORMATS:
        raise InputError(f"unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}")
    if per not in ("event", "cluster"):
        raise InputError("--per is 'event' or 'cluster'")
    if fmt == "gdelt" and per != "event":
        raise InputError("the GDELT event table has one row per event: use --per event")
    if fmt == "parquet" and path is None:
        raise InputError("Parquet is binary: give an output file with -o")
    if fmt == "parquet":
        query = store.event_table_query() if per == "event" else store.cluster_table_query()
        store.export_table(query, str(path), "parquet")
        return int(store.sql(f"SELECT count(*) AS n FROM ({query})")["n"][0])
    handle = open(path, "w", encoding="utf-8", newline="") if path is not None else out
    if handle is None:
        raise InputError("nowhere to write: give a path or a stream")
    try:
        if fmt == "jsonl":
            return _jsonl(store, per, handle)
        if fmt == "csv":
            query = store.event_table_query() if per == "event" else store.cluster_table_query()
            frame = store.sql(query)
            frame.to_csv(handle, index=False)
            return len(frame)
        return _gdelt(store, handle)
    finally:
        if path is not None:
            handle.close()


def _jsonl(store: Store, per: str, out: TextIO) -> int:
    n = 0
    if per == "cluster":
        for record in store.cluster_records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
        return n
    sources = {r["cluster_id"]: r.get("sources", []) for r in store.cluster_records()}
    for record in store.event_records():
        if record.get("cluster_id") in sources:
            record["sources"] = sources[record["cluster_id"]]
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        n += 1
    return n


def _gdelt(store: Store, out: TextIO) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(GDELT_COLUMNS + EXTRA_GDELT_COLUMNS)
    n = 0
    for record, info in store.gdelt_rows():
        writer.writerow(gdelt_row(record, info))
        n += 1
    return n


def _actor(parts: list[dict[str, Any]]) -> list[Any]:
    """The ten GDELT actor columns for the first participant (GDELT has one actor per side)."""
    if not parts:
        return [""] * 10
    p = parts[0]
    code = (p.get("country") or "") + (p.get("sector") or "")
    return [code, (p.get("name") or p.get("text") or "").upper(), p.get("country") or "", "", "", "", "",
            p.get("sector") or "", "", ""]


def _geo_type(loc: dict[str, Any]) -> int | str:
    """GDELT's geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    precision, us = loc.get("precision"), loc.get("country") == "USA"
    if precision == "country":
        return 1
    if precision == "admin1":
        return 2 if us else 5
    if precision == "city":
        return 3 if us else 4
    return ""


def gdelt_row(record: dict[str, Any], info: dict[str, Any]) -> list[Any]:
    """One GDELT 2.0 event-table row (plus our columns) for a stored event record."""
    day = dt.date.fromisoformat(record["date"]) if record.get("date") else None
    cameo = record.get("cameo") or ""
    loc = record.get("location") or {}
    added = info.get("added")
    evidence = record.get("evidence") or {}
    lead = info.get("lead_end")
    counts = record.get("counts") or {}
    row: list[Any] = [
        int(hashlib.sha1(record["id"].encode()).hexdigest()[:15], 16),      # GDELT ids are integers
        day.strftime("%Y%m%d") if day else "", day.strftime("%Y%m") if day else "", day.year if day else "",
        round(day.year + (day.timetuple().tm_yday - 1) / 365.0, 4) if day else "",
        *_actor(record.get("actor", [])), *_actor(record.get("recipient", [])),
        int(bool(lead) and evidence.get("start", 0) < lead), cameo, cameo[:3], cameo[:2],
        record.get("quad_class") or "", record.get("goldstein") if record.get("goldstein") is not None else "",
        info.get("num_events") or 1, info.get("num_sources") or 1, info.get("num_articles") or 1, "",
        *[""] * 16,                                                   # actor geography: not coded
        _geo_type(loc), loc.get("name") or "", loc.get("country") or "", loc.get("admin1") or "", "",
        loc.get("lat") if loc.get("lat") is not None else "", loc.get("lon") if loc.get("lon") is not None else "",
        loc.get("geonames_id") or "",
        added.strftime("%Y%m%d%H%M%S") if added else "", info.get("url") or "",
    ]
    parts = record.get("actor", []), record.get("recipient", [])
    row += [record["id"], record.get("cluster_id") or "", record.get("event_type"), record.get("mode") or "",
            (record.get("modality") or {}).get("factuality") or "", record.get("confidence"),
            record.get("date_precision") or "", record.get("date_text") or "",
            *[counts.get(k) if counts.get(k) is not None else "" for k in ("killed", "injured", "arrested")],
            (parts[0][0].get("kb_id") if parts[0] else "") or "", (parts[1][0].get("kb_id") if parts[1] else "") or "",
            " ".join((evidence.get("sentence") or "").split())]
    return row

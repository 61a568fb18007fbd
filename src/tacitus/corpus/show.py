"""`tacitus show CLUSTER`: one real-world event as a reader wants it — what, who, where, when, from which
sources, and field by field what those sources agree and disagree on."""

from __future__ import annotations

from typing import Any

__all__ = ["render_cluster"]


def _party(parts: list[dict[str, Any]]) -> str:
    out = []
    for p in parts or []:
        codes = "/".join(c for c in (p.get("country"), p.get("sector")) if c)
        out.append(f"{p.get('name') or p.get('text')}" + (f" ({codes})" if codes else ""))
    return ", ".join(out) or "-"


def _values(field: dict[str, Any]) -> str:
    values = field.get("values") or {}
    return "; ".join(f"{value}: {', '.join(docs)}" for value, docs in values.items())


def render_cluster(record: dict[str, Any] | None, events: list[dict[str, Any]]) -> str:
    if record is None:
        return "cluster has no record yet\n"
    loc = record.get("location") or {}
    lines = [
        f"{record['cluster_id']}  {record.get('event_type')}",
        f"  who:     {_party(record.get('actor', []))}",
        f"  whom:    {_party(record.get('recipient', []))}",
        f"  where:   {loc.get('name') or '-'}" + (f" ({loc.get('country')})" if loc.get("country") else ""),
        f"  when:    {record.get('date') or '-'} ({record.get('date_precision') or '-'})",
        f"  sources: {record.get('num_sources')} outlets, {record.get('num_articles')} articles, "
        f"{len(record.get('event_ids', []))} mentions",
    ]
    corroboration = record.get("corroboration") or {}
    if corroboration:
        lines.append("  what the sources say:")
        for name, field in corroboration.items():
            if isinstance(field, dict) and "values" in field:
                mark = "agree" if field.get("agree") else "DISAGREE"
                lines.append(f"    {name:12} {mark:8} {_values(field)}")
    lines.append("  evidence:")
    for e in sorted(events, key=lambda e: (e.get("doc_id"), e.get("id"))):
        fact = (e.get("modality") or {}).get("factuality") or "-"
        sentence = " ".join((e.get("evidence") or {}).get("sentence", "").split())
        lines.append(f"    [{e.get('doc_id')}] ({fact}) {sentence[:160]}")
    return "\n".join(lines) + "\n"

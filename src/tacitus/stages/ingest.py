"""Stage `ingest`: paths, folders and stdin -> Article records (or Reject when an input is unusable).

Reads bytes and does not judge them: deciding whether something is an article is `clean`'s job, so that
every input, however broken, reaches a stage that writes a reject line with a reason.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError
from ..model import Article, Reject

__all__ = ["read_paths", "read_stream", "read_feed", "article_from_record", "content_id", "SUFFIXES"]

SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".jsonl.gz", ".json.gz", ".rss", ".atom", ".xml")
_FEEDS = (".rss", ".atom", ".xml")


def content_id(data: str | bytes, prefix: str = "doc") -> str:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    return f"{prefix}-{hashlib.sha1(raw).hexdigest()[:12]}"


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def read_paths(paths: Iterable[str | Path], published: str | None = None,
               stdin: BinaryIO | None = None) -> Iterator[Article | Reject]:
    """Yield one Article (or Reject) per article found under `paths`; "-" reads standard input."""
    for item in paths:
        if str(item) == "-":
            yield from read_stream((stdin or sys.stdin.buffer).read(), "stdin", published)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in SUFFIXES)
            for file in files:
                yield from _read_file(file, published)
        elif path.is_file():
            yield from _read_file(path, published)
        else:
            raise InputError(f"no such file or folder: {path}")


def _read_file(path: Path, published: str | None) -> Iterator[Article | Reject]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Reject(doc_id=path.stem, reason=f"unreadable file: {exc.strerror or exc}", origin=str(path))
        return
    suffix = _suffix(path)
    if suffix.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            yield Reject(doc_id=path.stem, reason=f"broken gzip file: {exc}", origin=str(path))
            return
    if suffix in (".json", ".jsonl", ".jsonl.gz", ".json.gz"):
        yield from _read_json(data, str(path), published, single=suffix in (".json", ".json.gz"))
    elif suffix in _FEEDS:
        yield from read_feed(data, str(path), published)
    elif suffix in (".html", ".htm"):
        yield Article(text=data, doc_id=path.stem, origin=str(path), published=published, kind="html")
    else:
        yield Article(text=data, doc_id=path.stem, origin=str(path), published=published)


def read_feed(data: bytes, origin: str, published: str | None = None) -> Iterator[Article | Reject]:
    """An RSS or Atom feed: one Article (HTML) per entry, with its link, title, date and the feed's title as
    outlet. A file that is no feed, or a feed without entries, is one reject saying so."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        why = f"not a feed ({feed.bozo_exception})" if feed.bozo else "feed has no entries"
        yield Reject(doc_id=content_id(data), reason=why, origin=origin)
        return
    outlet = feed.feed.get("title")
    for n, entry in enumerate(feed.entries, 1):
        content = entry.get("content") or []
        body = content[0].get("value") if content else entry.get("summary")
        where = f"{origin} entry {n}"
        if not body:
            yield Reject(doc_id=content_id(where), reason="feed entry has no text", origin=where)
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        url = entry.get("link")
        yield Article(text=_snippet_text(body), doc_id=content_id(url, "url") if url else content_id(body),
                      title=entry.get("title"), url=url, outlet=outlet,
                      published=f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}" if when else published,
                      origin=where, kind="json")


def _snippet_text(html: str) -> str:
    """A feed entry's HTML fragment as plain text, one paragraph per line (it is no page to extract from)."""
    import re

    from lxml import html as lxml_html

    marked = re.sub(r"(?i)</p>|<br\s*/?>|</div>|</li>", "\n", html)
    try:
        text = lxml_html.fragment_fromstring(marked, create_parent="div").text_content()
    except Exception:                      # lxml raises several types on broken fragments; keep the raw text
        text = re.sub(r"<[^>]+>", " ", marked)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def read_stream(data: bytes, origin: str, published: str | None = None) -> Iterator[Article | Reject]:
    """Standard input: sniff JSON Lines, HTML or plain text from the first non-blank byte."""
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        yield from _read_json(data, origin, published, single=head == b"[")
    elif head == b"<":
        yield Article(text=data, doc_id=content_id(data), origin=origin, published=published, kind="html")
    else:
        yield Article(text=data, doc_id=content_id(data), origin=origin, published=published)


def _read_json(data: bytes, origin: str, published: str | None, single: bool) -> Iterator[Article | Reject]:
    text = data.decode("utf-8", errors="replace")
    if single or text.lstrip().startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Reject(doc_id=content_id(data), reason=f"invalid JSON: {exc.msg} at line {exc.lineno}",
                         origin=origin)
            return
        records = parsed if isinstance(parsed, list) else [parsed]
        for n, record in enumerate(records, 1):
            yield article_from_record(record, f"{origin} item {n}", published)
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin} line {n}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Reject(doc_id=content_id(line), reason=f"invalid JSON: {exc.msg}", origin=where)
            continue
        yield article_from_record(record, where, published)


def _opt_str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def article_from_record(record: Any, origin: str, published: str | None = None) -> Article | Reject:
    """A JSON object with `text` and optional `id`, `title`, `url`, `outlet`, `published`.

    A `published` value that is not an ISO date is dropped by `clean` (the article is then undated)."""
    if not isinstance(record, dict):
        return Reject(doc_id=content_id(json.dumps(record, default=str)),
                      reason=f"JSON record is a {type(record).__name__}, not an object", origin=origin)
    url = _opt_str(record.get("url"))
    given = _opt_str(record.get("id")) or _opt_str(record.get("doc_id"))
    text = record.get("text")
    doc_id = given or (content_id(url, "url") if url else content_id(json.dumps(record, sort_keys=True,
                                                                               default=str)))
    if not isinstance(text, str):
        why = "has no 'text' field" if text is None else f"'text' is a {type(text).__name__}, not a string"
        return Reject(doc_id=doc_id, reason=f"JSON record {why}", origin=origin)
    if not given and not url:
        doc_id = content_id(text)
    # Common corpus spellings are accepted too: "source" for the outlet, "date_iso"/"date" for the date.
    outlet = _opt_str(record.get("outlet")) or _opt_str(record.get("source"))
    when = _opt_str(record.get("published")) or _opt_str(record.get("date_iso")) or _opt_str(record.get("date"))
    return Article(text=text, doc_id=doc_id, title=_opt_str(record.get("title")), url=url, outlet=outlet,
                   published=when or published, origin=origin, kind="json")

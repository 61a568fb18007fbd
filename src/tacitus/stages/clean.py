"""Stage `clean`: Article -> Doc (cleaned text, title, dateline) or Reject (with a reason).

Debris is removed by general rules, never by matching one site's strings: icon-font ligature words glued
to a paragraph ("text_fieldsWashington:"), share/subscribe/"Read more" lines, a repeated headline, and
whitespace damage. Every offset Tacitus emits indexes the `text` built here.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata

from ..model import Article, Doc, Reject, Span
from ..settings import Settings

__all__ = ["clean", "decode", "normalise_date"]

log = logging.getLogger(__name__)

# Icon fonts render words such as "share" or "text_fields" as glyphs; scrapers keep the words.
_ICON_WORDS = ("share|print|email|mail|bookmark|bookmark_border|schedule|access_time|visibility|comment|"
               "today|event|person|favorite|favorite_border|chat|forum|link|close|menu|search|home")
_GLUED_ICON = re.compile(rf"^(?:[a-z]+(?:_[a-z]+)+|{_ICON_WORDS})+(?=[A-Z])")
_ICON_ONLY_LINE = re.compile(rf"^(?:(?:[a-z]+(?:_[a-z]+)+|{_ICON_WORDS})\s*)+$")
_DEBRIS_START = re.compile(
    r"^(?:share(?: this(?: article| story)?| on \w+| via \w+)?|tweet|e-?mail(?: this)?|print(?: this)?|"
    r"subscribe(?: to [\w ]+)?|sign up(?: for [\w ]+)?|follow us(?: on \w+)?|advertisement|sponsored|"
    r"click here|read more|read also|also read|related(?: articles| stories| news| coverage)?|"
    r"recommended|see also|more on this|watch|listen|copyright|all rights reserved|\u00a9)\b", re.I)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'\u2019\-]*(?:[ \-][A-Z][A-Za-z.'\u2019\-]*){0,3}"
    r"(?:, [A-Z][A-Za-z.'\u2019\-]*(?: [A-Z][A-Za-z.'\u2019\-]*){0,2})?)"
    r"(?P<date>,? (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?)?"
    r"(?P<agency> ?\([^()\n]{1,40}\))?"
    r"\s*(?P<sep>:|--|[-\u2013\u2014])\s+")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_FUNCTION_WORDS = frozenset(
    "the a an of to in and or but is are was were be been has have had will would said says that this "
    "with for on at by from as it its he she they we his her their not no after before over into "
    "which who what when where there than also about could should may can".split())


def decode(data: str | bytes) -> tuple[str | None, str | None]:
    """Return (text, None) or (None, reason). Binary data is refused; legacy encodings are tolerated."""
    if isinstance(data, str):
        return data, None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            return None, "undecodable UTF-16 text"
    sample = data[:8192]
    if b"\x00" in sample:
        return None, "binary data (NUL bytes), not text"
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if sample and controls / len(sample) > 0.05:
        return None, "binary data (control bytes), not text"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        # Not UTF-8: most such news files are Windows-1252 / Latin-1.
        return data.decode("cp1252", errors="replace"), None


def normalise_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from an ISO date or datetime string, else None."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        return None


def _tidy(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


_ENDS_SENTENCE = tuple('.!?:;…"”’)]')


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines: a line that stops mid-sentence and a next line starting in lower case are
    one line. The parser treats every line break as a sentence boundary (stages/parse.py)."""
    out: list[str] = []
    for line in lines:
        if out and not out[-1].endswith(_ENDS_SENTENCE) and line[:1].islower():
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _key(line: str) -> str:
    return re.sub(r"\W+", " ", line.lower()).strip()


def _is_debris(line: str) -> bool:
    if _ICON_ONLY_LINE.match(line):
        return True
    m = _DEBRIS_START.match(line)
    if not m:
        return False
    rest = line[m.end():].lstrip()
    # "Read more: ...", "Share | Tweet" are debris; "Share prices rose 3%." is news.
    return rest[:1] in ("", ":", "|", "\u00bb", ">", "-") or (len(line) <= 60 and not line.endswith("."))


def _english_problem(text: str) -> str | None:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "no words: not an article"
    latin = sum(1 for c in letters if c.isascii()) / len(letters)
    if latin < 0.6:
        return f"not English: {1 - latin:.0%} of letters are outside the Latin alphabet"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 2:
        return "too short to be an article"
    if len(words) >= 20:
        share = sum(1 for w in words if w in _FUNCTION_WORDS) / len(words)
        if share < 0.12:
            return f"not English: only {share:.0%} of words are common English function words"
    return None


def _truncate(text: str, limit: int, doc_id: str) -> str:
    if len(text) <= limit:
        return text
    cut = max(text.rfind(". ", 0, limit), text.rfind("\n", 0, limit))
    cut = cut + 1 if cut > limit // 2 else (text.rfind(" ", 0, limit) if " " in text[:limit] else limit)
    log.warning("%s: %d characters, truncated to %d", doc_id, len(text), cut)
    return text[:cut].rstrip()


def _from_html(raw: str) -> tuple[str | None, str | None, str | None]:
    import trafilatura  # imported here: HTML is the rare input, and the import costs ~0.5 s

    try:
        found = trafilatura.bare_extraction(raw, with_metadata=True)
    except Exception as exc:  # trafilatura raises many kinds on broken markup; all mean "no article"
        log.debug("trafilatura failed: %s", exc)
        return None, None, None
    if found is None:
        return None, None, None
    data = found.as_dict()
    return data.get("text"), data.get("title"), data.get("date")


def clean(article: Article, settings: Settings | None = None) -> Doc | Reject:
    settings = settings or Settings()
    raw, problem = decode(article.text)
    if raw is None:
        return Reject(article.doc_id, problem or "undecodable", article.origin)
    title, published = article.title, article.published
    if article.kind == "html":
        raw, html_title, html_date = _from_html(raw)
        if not raw:
            return Reject(article.doc_id, "HTML has no main text", article.origin)
        title, published = title or html_title, published or html_date
    lines = _tidy(raw)
    if article.kind == "txt" and lines and title is None:
        title, lines = lines[0], lines[1:]
    lines = [_GLUED_ICON.sub("", line) for line in lines]
    lines = _unwrap([line for line in lines if line and not _is_debris(line)])
    if title:
        title = _GLUED_ICON.sub("", " ".join(_tidy(title))) or None
        heading = _key(title or "")
        while lines and heading and _key(lines[0]) == heading:
            lines = lines[1:]
    if not lines:
        return Reject(article.doc_id, "empty: no body text after cleaning", article.origin)
    text = _truncate("\n".join(lines), settings.max_chars, article.doc_id)
    problem = _english_problem(text)
    if problem:
        return Reject(article.doc_id, problem, article.origin)
    dateline, body_start = None, 0
    m = _DATELINE.match(text)
    if m and (m.group("sep") == ":" or m.group("agency") or m.group("date")
              or m.group("place").split(",")[0].isupper()):          # "MOGADISHU, Somalia --"
        dateline = Span(m.group("place"), m.start("place"), m.end("place"))
        body_start = m.end()
    return Doc(doc_id=article.doc_id, text=text, title=title, published=normalise_date(published),
               url=article.url, outlet=article.outlet, dateline=dateline, body_start=body_start)

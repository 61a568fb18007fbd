"""The embedded actor knowledge base: countries, organisations, office-holders and sector words.

Read once per process from our own TSV files in `data/actors/` (see its README.md) into dictionaries keyed by
a normalised phrase, so that matching a mention is a handful of dict look-ups. Acronyms of up to five capital
letters are matched case-sensitively ("IS" the group, never "is" the verb); everything else case-insensitively.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Entry", "KnowledgeBase", "Word", "words_of", "phrase_key", "load_kb"]

_WORD = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_]+(?:['’][^\W_]+)?")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{0,4}$")
_QUALIFIED = re.compile(r"^(.+?)\s*\(([^()]+)\)$")
_DATA = "actors"
_SPECIAL = frozenset({"countries.tsv", "country_variants.tsv", "sectors.tsv", "given_names.tsv"})


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def words_of(text: str) -> list[Word]:
    """Words with their offsets; an abbreviation loses its dots ("U.S." -> "US"); hyphens split words."""
    out = []
    for m in _WORD.finditer(text):
        word, end = m.group().replace(".", "").replace("’", "'"), m.end()
        if word[-2:] in {"'s", "'S"}:                      # "the Taliban's men": the possessive is no part of the name
            word, end = word[:-2], end - 2
        out.append(Word(word, m.start(), end))
    return out


@lru_cache(maxsize=1 << 16)
def phrase_key(text: str) -> str:
    # cached: the KB repeats the same titles thousands of times ("deputy defence minister")
    return " ".join(w.text.lower() for w in words_of(text))


def _exact_key(text: str) -> str:
    return " ".join(w.text for w in words_of(text))


@dataclass(frozen=True)
class Entry:
    """One thing a mention can name. Persons have one Entry per term of office."""

    kb_id: str
    name: str
    kind: str                          # country, demonym, capital, person, or an organisation kind
    country: str | None = None
    sector: str | None = None
    sector2: str | None = None
    office: str | None = None
    titles: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    switch: dt.date | None = None      # from this day sector2 is the primary sector (insurgents who took power)

    def sectors_on(self, when: dt.date | None) -> tuple[str | None, str | None]:
        """The sectors on a day; with no date, as they stand now (as a person's current term does)."""
        if self.switch is not None and (when is None or when >= self.switch):
            return self.sector2, self.sector
        return self.sector, self.sector2

    def active(self, when: dt.date | None) -> bool:
        if when is None or self.start is None:
            return self.end is None
        return self.start <= when and (self.end is None or when <= self.end)


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("tacitus.data").joinpath(f"{_DATA}/{name}").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    for line in lines[1:]:
        cells = line.split("\t")
        yield dict(zip(header, cells + [""] * (len(header) - len(cells))))


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


_FAMILY_NAME_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "VNM", "KHM"})
_PATRONYMIC = re.compile(r"\b(?:bin|ibn|bint|ben|ould|wad)\b", re.IGNORECASE)


def _surnames(name: str, country: str | None) -> list[str]:
    """How a text refers to the person by one word: the family name ("Biden"; "Xi", "Yoon" come first).
    Patronymic names ("Salman bin Abdulaziz") have none: their last word is a father's name many share."""
    parts = name.replace("-", " ").split()
    if len(parts) < 2 or _PATRONYMIC.search(name):
        return []
    if country in _FAMILY_NAME_FIRST:
        return [parts[0].lower()]
    last = words_of(name)[-1].text.lower()
    return [last] if len(last) > 2 and "-" not in name.split()[-1] else []


class KnowledgeBase:
    """Look-ups over the actor tables. Build with `load_kb()` (cached per process)."""

    def __init__(self) -> None:
        self.phrases: dict[str, list[Entry]] = {}       # lower-case phrase -> entries
        self.exact: dict[str, list[Entry]] = {}         # case-sensitive acronym -> entries
        self.surnames: dict[str, list[Entry]] = {}      # lower-case last name -> person terms
        self.titles: dict[str, list[Entry]] = {}        # lower-case title -> office terms
        # "Labour Party (UK)", "PAN (Mexico)": a bare form that names this body only in a document about its
        # country (same keys as `phrases`/`exact`)
        self.qualified: dict[str, list[Entry]] = {}
        self.surnamed: dict[str, list[Entry]] = {}      # person kb_id -> their terms findable by a surname
        self.sectors: dict[str, tuple[str, str | None]] = {}
        self.countries: dict[str, Entry] = {}           # iso3 -> the country entry
        self.max_words = 1
        self.digest = hashlib.sha256()
        self.counts: dict[str, int] = {}

    # -- building --------------------------------------------------------------------------------------
    def _add(self, alias: str, entry: Entry) -> None:
        alias = re.sub(r"^(?:the|The)\s+", "", alias.strip())
        words = words_of(alias)
        if not words:
            return
        compact = "".join(w.text for w in words)
        if len(words) == 1 and _ACRONYM.match(compact):
            bucket, key = self.exact, compact
        else:
            bucket, key = self.phrases, " ".join(w.text.lower() for w in words)
        if entry not in bucket.setdefault(key, []):
            bucket[key].append(entry)
        self.max_words = max(self.max_words, len(words))

    def _add_qualified(self, alias: str, entry: Entry) -> None:
        """Register the bare form of "Name (Country)" when the country in brackets is the entry's own."""
        m = _QUALIFIED.match(alias.strip())
        if m is None or entry.country is None:
            return
        qualifier = self.phrases.get(phrase_key(m.group(2)), []) + self.exact.get(m.group(2).strip(), [])
        if not any(e.kind in ("country", "demonym") and e.country == entry.country for e in qualifier):
            return
        key = self._key(m.group(1))
        if key and entry not in self.qualified.setdefault(key, []):
            self.qualified[key].append(entry)

    def _key(self, alias: str) -> str:
        words = words_of(re.sub(r"^(?:the|The)\s+", "", alias.strip()))
        compact = "".join(w.text for w in words)
        if len(words) == 1 and _ACRONYM.match(compact):
            return compact
        return " ".join(w.text.lower() for w in words)

    def _count(self, kind: str) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def add_countries(self) -> None:
        for row in _rows("countries.tsv"):
            iso = row["iso3"]
            country = Entry(f"country:{iso}", row["name"], "country", iso)
            self.countries[iso] = country
            self._count("country")
            for name in [row["name"], *_split(row["names"])]:
                self._add(name, country)
            demonym = Entry(f"country:{iso}", row["name"], "demonym", iso)
            for name in _split(row["demonyms"]):
                self._add(name, demonym)
            seat = Entry(f"country:{iso}", f"Government of {row['name']}", "capital", iso, "GOV")
            for name in _split(row["capitals"]):
                self._add(name, seat)

    def add_organisations(self, name: str = "organisations.tsv") -> None:
        for row in _rows(name):
            entry = Entry(row["kb_id"], row["name"], row.get("kind") or "org", row.get("country") or None,
                          row.get("sector") or None, row.get("sector2") or None,
                          switch=_date(row.get("sector2_from", "")))
            self._count(entry.kind)
            for alias in [row["name"], *_split(row.get("aliases", ""))]:
                self._add(alias, entry)
                self._add_qualified(alias, entry)

    def add_officeholders(self, name: str) -> None:
        for row in _rows(name):
            entry = Entry(row["kb_id"], row["name"], "person", row.get("country") or None,
                          row.get("sector") or "GOV", None, row.get("office") or None,
                          tuple(t.lower() for t in _split(row.get("titles", ""))),
                          _date(row.get("start", "")), _date(row.get("end", "")))
            self._count("person term")
            names = [row["name"], *_split(row.get("aliases", ""))]
            for alias in names:
                self._add(alias, entry)
            for alias in names:
                for surname in _surnames(alias, entry.country):
                    if entry not in self.surnames.setdefault(surname, []):
                        self.surnames[surname].append(entry)
                    if entry not in self.surnamed.setdefault(entry.kb_id, []):
                        self.surnamed[entry.kb_id].append(entry)
            for title in entry.titles:
                self.titles.setdefault(phrase_key(title), []).append(entry)

    def add_sectors(self) -> None:
        for row in _rows("sectors.tsv"):
            self.sectors[phrase_key(row["word"])] = (row["sector"], row.get("sector2") or None)

    # -- look-ups --------------------------------------------------------------------------------------
    def lookup(self, words: list[Word], i: int, j: int) -> list[Entry]:
        """Entries named by words[i:j] exactly (case rules as above)."""
        chunk = words[i:j]
        if j - i == 1 and _ACRONYM.match(chunk[0].text):
            found = self.exact.get(chunk[0].text)
            if found:
                return found
        return self.phrases.get(" ".join(w.text.lower() for w in chunk), [])

    def qualified_lookup(self, words: list[Word], i: int, j: int) -> list[Entry]:
        """Entries whose bracket-qualified alias ("PAN (Mexico)") has words[i:j] as its bare form."""
        chunk = words[i:j]
        if j - i == 1 and _ACRONYM.match(chunk[0].text):
            return self.qualified.get(chunk[0].text, [])
        return self.qualified.get(" ".join(w.text.lower() for w in chunk), [])

    def holders(self, title: str, country: str | None, when: dt.date | None) -> list[Entry]:
        """Who held the office called `title` in `country` at `when` (latest term when `when` is None)."""
        terms = [e for e in self.titles.get(phrase_key(title), []) if country is None or e.country == country]
        if when is not None:
            return [e for e in terms if e.active(when)]
        current = [e for e in terms if e.end is None]
        return current


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    kb = KnowledgeBase()
    folder = resources.files("tacitus.data").joinpath(_DATA)
    names = sorted(p.name for p in folder.iterdir() if p.name.endswith(".tsv"))
    for name in names:
        kb.digest.update(folder.joinpath(name).read_bytes())
    kb.add_countries()
    kb.add_sectors()
    for name in names:
        if name.startswith("officeholders"):
            kb.add_officeholders(name)
        elif name not in _SPECIAL:
            kb.add_organisations(name)          # organisations.tsv, territories.tsv: one entity per row
    return kb

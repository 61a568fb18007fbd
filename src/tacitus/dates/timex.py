"""Temporal expressions in plain text, normalised against the article date (TimeML-style TIMEX3).

`find_timexes(text, published)` runs a fixed set of regular expressions over a small vocabulary of
our own (month and weekday names, seasons, "last/next/this/past/coming", numbers in digits and words,
"ago", "early/late/mid", durations, clock times, "every ..."), keeps the longest non-overlapping
matches, normalises each relative to the article date, then joins ranges ("between 2003 and 2011",
"from March to May", "since 2001"). It needs no parse, so it is cheap enough to run on every article.

Expressions whose direction the words leave open (a bare weekday, "March 3", "in March", "in the
summer") carry both readings: the one chosen from nearby tense cues ("will", "ago", past-tense verbs)
and the other in `Timex.other`, so a caller with a parse can pick by the tense of the verb they belong
to (`oriented`). Expressions that need an article date and have none are still found, with no value.
`dateparser` is used only for numeric dates ("3/12/2019"), whose day/month order it knows best.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from . import calendar as cal
from .calendar import Reading

__all__ = ["Timex", "find_timexes", "oriented", "duration_range", "TYPES"]

TYPES = ("DATE", "DURATION", "TIME", "SET")


@dataclass(frozen=True)
class Timex:
    """One temporal expression: `text == source[start:end]`; date/date_end ISO strings or None."""

    start: int
    end: int
    text: str
    type: str                       # "DATE" | "DURATION" | "TIME" | "SET"
    value: str | None               # TimeML value: "2021-08-26", "2021-W34", "2001-FA", "P3W", "PAST_REF"
    date: str | None                # first day of the period (None: a duration, or nothing to anchor on)
    date_end: str | None            # last day, for precision "range" only
    precision: str | None           # "day" | "week" | "month" | "year" | "range" | None
    mod: str | None = None          # "START" | "MID" | "END" | "APPROX" | "MORE_THAN" | "LESS_THAN"
    parts: tuple["Timex", ...] = ()  # the expressions a range is made of ("2003", "2011")
    direction: str | None = None    # "past" | "future": which way an ambiguous expression was read
    other: "Timex | None" = None    # the same words read the other way ("Friday" ahead instead of back)

    @property
    def anchored(self) -> bool:
        return self.date is not None


# --- vocabulary --------------------------------------------------------------------------------

_MONTHS = {name: i + 1 for i, name in enumerate(
    "January February March April May June July August September October November December".split())}
_ABBR = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
         "Oct": 10, "Nov": 11, "Dec": 12}
_WEEKDAYS = {name: i for i, name in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_VAGUE = {"several", "a few", "few", "many", "some", "a couple of", "couple of", "dozens of", "hundreds of",
          "recent", "coming", "past", "the past", "the last", "the coming", "the next"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
             "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
             "nineteenth": 19, "twentieth": 20, "twenty-first": 21}
_UNIT = {"second": "S", "minute": "MIN", "hour": "H", "day": "D", "week": "W", "fortnight": "FN",
         "month": "M", "quarter": "Q", "year": "Y", "decade": "DE", "century": "CE", "centurie": "CE",
         "weekend": "WE"}

_I = "(?i:{})".format
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_MONTH_ANY = "(?:" + "|".join(_MONTHS) + "|(?:" + "|".join(sorted(_ABBR, key=len, reverse=True)) + r")\.?)"
_WEEKDAY = "(?:" + "|".join(_WEEKDAYS) + ")"
_PART = _I("morning|afternoon|evening|night|overnight")
_SEASON = _I("spring|summer|fall|autumn|winter")
_NUMWORD = (r"(?:(?:" + "|".join(_TENS) + r")(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?|"
            + "|".join(sorted(_SMALL[1:], key=len, reverse=True)) + "|a\\s+dozen|dozen|a\\s+hundred|hundred)")
_NUM = _I(r"\d+(?:\.\d+)?|" + _NUMWORD)
_QUANT = _I(r"an?|several|a\s+few|few|many|some|a\s+couple\s+of|couple\s+of|dozens\s+of|hundreds\s+of|" + _NUMWORD)
_UNITS = _I(r"seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|centur(?:y|ies)")
_COUNTED = _I("people|persons|troops|soldiers|civilians|protesters|refugees|migrants|deaths|dead|cases|votes|"
              "dollars|euros|pounds|km|kilometers|kilometres|miles|tonnes|tons|feet|metres|meters|members|workers|"
              "families|homes|houses|prisoners|rebels|fighters|militants|police|officers|children|students|units|"
              "hectares|barrels|jobs|seats|percent|times")
_YEAR = (r"(?<![\d$£€.,/:])(?<![A-Z]-)(?:1[6-9]\d\d|20\d\d)(?![\d%]|,\d|\.\d|-(?i:year|month|day|week|old))"
         rf"(?!\s+{_COUNTED}\b)")
_MOD = _I(r"(?P<mod>early|late|mid|the\s+(?:end|beginning|start|middle|turn)\s+of|end|beginning)") + r"[-\s]+"
_APPROX = _I(r"(?P<approx>almost|nearly|about|around|roughly|approximately|some|more\s+than|over|"
             r"less\s+than|under|at\s+least|up\s+to|just\s+over|just\s+under|barely)") + r"\s+"
_NOT_AGE = r"(?!\s*-?\s*(?i:old)\b|\s+(?i:and\s+(?:older|younger|over|under)|of\s+age)\b)"
_PLURAL_UNITS = _I(r"minutes|hours|days|weeks|months|years|decades")

_MONTH_CUE = _I("in|since|until|till|by|during|before|after|from|to|through|between|and|or|of|last|next|this|"
                "early|late|mid|around")
_REF_WORDS = _I("now|currently|nowadays|at present|at the moment|these days|recently|lately|the past|the future|"
                "at the time")
_EDGE = _I("past|last|next|coming|previous|following|first|final|remaining|recent")

# name, pattern; the span reported is group "t" when the pattern has one (context words stay outside).
_RULES: list[tuple[str, str]] = [
    ("iso", r"(?<![\d-])(?P<t>(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d))(?![\d-])"),
    ("numeric", r"(?<![\d/])(?P<t>\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))(?![\d/])"),
    ("mdy", rf"\b(?P<t>(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH_ANY})\s+(?P<d>[0-3]?\d)(?i:st|nd|rd|th)?\b"
            rf"(?:,?\s+(?P<y>{_YEAR}))?)"),
    ("dmy", rf"\b(?P<t>(?:(?P<wd>{_WEEKDAY}),?\s+)?(?:(?i:the)\s+)?(?P<d>[0-3]?\d)(?i:st|nd|rd|th)?\s+(?:(?i:of)\s+)?"
            rf"(?P<mon>{_MONTH_ANY})(?:,?\s+(?P<y>{_YEAR}))?)\b"),
    ("month_year", rf"\b(?P<t>(?:{_MOD})?(?P<mon>{_MONTH_ANY})(?:\s+(?i:of))?,?\s+(?P<y>{_YEAR}))"),
    ("rel_month", rf"\b(?P<t>(?:{_MOD})?(?P<rel>{_I('last|this|next|past|coming')})\s+(?P<mon>{_MONTH})\b)"),
    ("mod_month", rf"(?P<t>{_MOD}(?P<mon>{_MONTH})\b)(?!\s+\d)"),
    ("bare_month", rf"\b{_MONTH_CUE}\s+(?P<t>(?P<mon>{_MONTH}))\b(?!\s+\d)"),
    ("season_year", rf"\b(?P<t>(?:{_I('the')}\s+)?(?:{_MOD})?(?P<s>{_SEASON})(?:\s+{_I('of')})?,?\s+(?P<y>{_YEAR}))"),
    ("rel_season", rf"\b(?P<t>(?:{_MOD})?(?P<rel>{_I('last|this|next|past|coming')})\s+(?P<s>{_SEASON}))\b"),
    ("the_season", rf"\b{_I('in|during|by|over|through|until|since|before|after|throughout|into|for')}\s+"
                   rf"(?P<t>{_I('the')}\s+(?:{_MOD})?(?P<s>{_SEASON}))\b(?!\s+{_I('of')}\b)"),
    ("bound_unit", rf"(?P<t>{_I('(?P<mod>the (?:end|beginning|start|middle|turn) of)')}\s+(?:{_I('the')}\s+)?"
                   rf"(?:(?P<rel>{_I('this|last|next|current|coming|past|previous|following')})\s+)?"
                   rf"(?P<u>{_I('week|month|year|decade|century|quarter')}))\b"),
    ("rel_unit", rf"\b(?P<t>(?:(?P<mod>{_I('early|late|mid|earlier|later|end|beginning')})[-\s]+)?"
                 rf"(?:(?P<the>{_I('the')})\s+)?"
                 rf"(?P<rel>{_I('last|this|next|past|coming|previous|following|current')})\s+"
                 rf"(?:{_I('fiscal|calendar')}\s+)?(?P<u>{_I('week|weekend|month|year|decade|century|quarter')}))\b"),
    ("the_weekend", rf"\b{_I('over|during|on|at|for|this|until|by|since')}\s+"
                    rf"(?P<t>{_I('the')}\s+(?P<u>{_I('weekend')}))\b"),
    ("rel_weekday", rf"(?P<t>(?P<rel>{_I('last|this|next|coming|past')})\s+(?P<wd>{_WEEKDAY})"
                    rf"(?:\s+(?P<part>{_PART}))?)\b"),
    ("weekday", rf"(?P<t>(?P<wd>{_WEEKDAY})(?:\s+(?P<part>{_PART}))?)\b"),
    ("deictic", rf"\b(?P<t>(?P<word>{_I('yesterday|today|tomorrow|tonight|overnight')})"
                rf"(?:\s+(?P<part>{_PART}))?)\b"),
    ("last_night", rf"\b(?P<t>(?P<rel>{_I('last|this')})\s+(?P<part>{_PART}))\b"),
    ("ref", rf"\b(?P<t>{_REF_WORDS})\b(?!\s+(?:{_NUM}|{_UNITS}|{_QUANT})\b)"),
    ("set_every", rf"(?P<t>{_I('every|each')}\s+(?:(?P<n>{_NUM}|{_I('other')})\s+)?"
                  rf"(?P<u>{_UNITS}|{_PART}|{_WEEKDAY}|{_SEASON}|{_I('season|weekend')}))\b"),
    ("set_adverb", rf"\b(?P<t>(?P<adv>{_I('daily|weekly|monthly|annually|yearly|hourly|nightly|quarterly')}))\b"),
    ("set_rate", rf"\b{_I('once|twice|times|per')}\s+"
                 rf"(?P<t>(?:{_I('a|an|per')}\s+)?(?P<u>{_I('day|week|month|year|hour')}))\b"),
    ("ago", rf"\b(?P<t>(?P<n>{_QUANT}|{_NUM})\s+(?P<u>{_UNITS})\s+{_I('ago|earlier|before|later|previously')})\b"),
    ("bare_ago", rf"(?P<t>(?P<u>{_PLURAL_UNITS})\s+{_I('ago')})\b"),
    ("edge_duration", rf"\b(?:{_APPROX})?(?P<t>(?:{_I('the')}\s+)?(?P<rel>{_EDGE})\s+"
                      rf"(?:(?P<n>{_QUANT}|{_NUM})\s+)?(?P<u>{_UNITS}))\b{_NOT_AGE}"),
    ("duration", rf"\b(?:{_APPROX})?(?P<t>(?:(?P<the>{_I('the')})\s+)?(?P<n>{_QUANT}|{_NUM})\s+"
                 rf"(?:{_I('more|full|long')}\s+)?(?P<u>{_UNITS}))\b{_NOT_AGE}"),
    ("adj_duration", rf"\b(?P<t>(?P<n>\d+|{_NUMWORD}|{_I('one')})-"
                     rf"(?P<u>{_I('second|minute|hour|day|week|month|year|decade')}))\b(?!-|\s+-?\s*(?i:old)\b)"),
    ("bare_duration", rf"\b{_I('for|in|within|over|after|take|took|takes|taking|than')}\s+"
                      rf"(?P<t>(?:(?P<rel>{_I('recent|coming|past|several|many|few')})\s+)?(?P<u>{_PLURAL_UNITS}))\b"),
    ("recent_units", rf"(?P<t>(?P<rel>{_I('recent|coming')})\s+(?P<u>{_PLURAL_UNITS}))\b"),
    ("yy_suffix", r"(?<=\d\d\d\d[-–])(?P<t>(?P<yy>\d\d))(?![\d%])"),
    ("fiscal", rf"(?P<t>(?:(?i:fiscal(?:\s+year)?)\s+|FY\s?)(?P<y>{_YEAR}))"),
    ("decade", rf"\b(?P<t>(?:{_I('the')}\s+)?(?:{_MOD})?(?:(?P<dec>1[6-9]\d0|20\d0)|'(?P<dd>\d0))'?s)\b"),
    ("century", rf"\b(?P<t>(?:{_I('the')}\s+)?(?:{_MOD})?(?:(?P<c>\d{{1,2}})(?i:st|nd|rd|th)|"
                rf"(?P<cw>{_I('|'.join(_ORDINALS))}))[-\s]+{_I('century')})"),
    ("year", rf"(?P<t>(?:{_MOD})?(?P<y>{_YEAR}))"),
    ("clock", r"(?<![\d:.])(?P<t>(?P<h>1[0-2]|0?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.|p\.m\.|am|pm))"
              r"(?:\s+(?P<tz>GMT|UTC|ET|EST|EDT|PST|PDT|BST|CET|(?i:local time)))?)(?![\w.]|\.\w)"),
    ("clock24", r"(?<![\d:.$])(?P<t>(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)"
                r"(?:\s*(?P<tz>GMT|UTC|ET|EST|EDT|PST|PDT|BST|CET|(?i:local time|hrs|hours)))?)(?![\d:])"),
    ("noon", rf"\b(?P<t>{_I('noon|midday|midnight')})\b"),
]
_COMPILED = [(name, re.compile(pattern)) for name, pattern in _RULES]
_PRIORITY = {name: i for i, (name, _) in enumerate(_RULES)}

_RANGE = re.compile(r"^\s*(?:-|–|—|to|until|till|through|and|or)\s*$", re.I)
_RANGE_OPEN = re.compile(r"(?:\b(?P<w>between|from)\s+)$", re.I)
_SINCE = re.compile(r"\b(?:since|ever\s+since)\s+$", re.I)
_FUTURE_CUE = re.compile(r"\b(?:will|won't|shall|'ll|going\s+to|is\s+to|are\s+to|scheduled|due|plans?|planned|"
                         r"expected|set\s+to|upcoming|intends?|hopes?\s+to|would|next|until|ahead)\b", re.I)
_PAST_CUE = re.compile(r"\b(?:was|were|had|did|ago|earlier|last|since|been|said|told|\w{3,}ed)\b", re.I)


# --- helpers ---------------------------------------------------------------------------------------

def _number(word: str | None) -> float | None:
    """The value of a numeral in digits or words; None for vague quantities ("several")."""
    if word is None:
        return None
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w in ("a", "an", "one"):
        return 1
    if w in _VAGUE:
        return None
    if w in ("a dozen", "dozen"):
        return 12
    if w in ("a hundred", "hundred"):
        return 100
    try:
        return float(w) if "." in w else int(w)
    except ValueError:
        pass
    total = 0
    for piece in re.split(r"[-\s]", w):
        if piece in _TENS:
            total += _TENS[piece]
        elif piece in _SMALL:
            total += _SMALL.index(piece)
        else:
            return None
    return total


def _unit(word: str) -> str:
    """The unit code of a unit word, singular or plural ("weeks" -> "W"); KeyError for other words."""
    w = word.lower()
    return _UNIT[w] if w in _UNIT else _UNIT[w[:-1]]


def _duration_value(n: float | None, unit: str) -> str:
    """TimeML duration: P3W, P10Y for a decade, PT2H; X for an unknown count (PXM)."""
    q = "X" if n is None else (f"{n:g}")
    scale = {"DE": 10, "CE": 100, "FN": 2, "Q": 3}
    if unit in scale:
        q = "X" if n is None else f"{n * scale[unit]:g}"
        unit = {"DE": "Y", "CE": "Y", "FN": "W", "Q": "M"}[unit]
    if unit in ("H", "MIN", "S"):
        return f"PT{q}{'M' if unit == 'MIN' else unit}"
    return f"P{q}{'D' if unit == 'WE' else unit}"


def _shift(ref: dt.date, n: float, unit: str) -> dt.date:
    """`ref` moved by n units (negative: back); fractional months and years round to whole months."""
    if unit in ("D", "WE"):
        return ref + dt.timedelta(days=round(n))
    if unit in ("W", "FN"):
        return ref + dt.timedelta(days=round(n * (14 if unit == "FN" else 7)))
    months = {"M": 1, "Q": 3, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    if months is None:                       # hours, minutes, seconds: the same day for our purposes
        return ref
    return cal.add_months(ref, round(n * months))


def _reading_at(d: dt.date, unit: str) -> Reading:
    """The calendar period of granularity `unit` holding `d` ("two weeks ago" -> that ISO week).
    A week keeps `d` itself as its date: "last week" in a Thursday article is the Thursday before, at week
    precision (the middle of the week it names on average, where its Monday would be days too early)."""
    if unit in ("W", "FN"):
        return cal.Reading(cal.week(d).value, d, None, "week")
    if unit == "WE":
        return cal.weekend(d)
    if unit in ("M", "Q"):
        return cal.month(d.year, d.month)
    if unit == "Y":
        return cal.year(d.year)
    if unit == "DE":
        return cal.decade(d.year // 10 * 10)
    if unit == "CE":
        return cal.century(d.year // 100 + 1)
    return cal.day(d)


def _mod(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    if w.startswith(("early", "the beginning", "the start", "beginning", "earlier")):
        return "START"
    if w.startswith(("late", "the end", "end", "later")):
        return "END"
    if w.startswith(("mid", "the middle", "the turn")):
        return "MID"
    return None


def _approx(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    if w.startswith(("more", "over", "at least", "just over")):
        return "MORE_THAN"
    if w.startswith(("less", "under", "almost", "nearly", "up to", "just under", "barely")):
        return "LESS_THAN"
    return "APPROX"


def _month_of(word: str) -> int:
    w = word.rstrip(".")
    return _MONTHS.get(w) or _ABBR[w]


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


@lru_cache(maxsize=4)
def _dateparser(base: dt.date | None):
    """One DateDataParser per article date (building one is slow; most articles reuse a few)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "MDY"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


# --- direction of ambiguous expressions ----------------------------------------------------------

def _sentence_window(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the same sentence before and after an expression (up to 80 characters each)."""
    lo = max(text.rfind(c, 0, start) for c in ".!?\n")
    before = text[max(lo + 1, start - 80):start]
    hi = min((i for i in (text.find(c, end) for c in ".!?\n") if i >= 0), default=len(text))
    return before, text[end:min(hi, end + 60)]


def _cue(text: str, start: int, end: int) -> str | None:
    """"future" or "past" when the words around an expression say which way it points, else None."""
    before, after = _sentence_window(text, start, end)
    # (position, future wins a tie: "scheduled" is both a future word and an -ed form)
    cues = [(m.start(), 1) for m in _FUTURE_CUE.finditer(before)] + [(m.start(), 0) for m in _PAST_CUE.finditer(before)]
    if cues:
        return "future" if max(cues)[1] else "past"       # the cue nearest before the expression
    cues = [(m.start(), -1) for m in _FUTURE_CUE.finditer(after)] + [(m.start(), 0) for m in _PAST_CUE.finditer(after)]
    return ("future" if min(cues)[1] else "past") if cues else None


def _pick(past: Reading, future: Reading, published: dt.date, cue: str | None,
          default: str) -> tuple[Reading, Reading | None, str | None]:
    """The reading the cue (else `default`: "past" or "nearest") chooses, the other one, its direction."""
    if past == future:
        return past, None, None
    way = cue or default
    if way == "nearest":            # news looks back more often than ahead: ahead only when near and nearer
        ahead, back = (future.date - published).days, (published - past.date).days
        way = "future" if ahead < back and ahead <= 120 else "past"
    return (past, future, "past") if way == "past" else (future, past, "future")


# --- handlers: each turns one match into readings ------------------------------------------------

# (type, Reading or None, mod) or, for expressions open in direction, (..., other Reading, direction)
_Result = tuple


class _Context:
    """What handlers need besides the match: the article date, the text, the last anchored date."""

    def __init__(self, text: str, published: dt.date | None) -> None:
        self.text = text
        self.published = published
        self.last: dt.date | None = None       # the date of the last anchored DATE expression


def _ambiguous(kind: str, past: Reading, future: Reading, ctx: _Context, m: re.Match, default: str,
               mod: str | None = None) -> _Result:
    chosen, other, way = _pick(past, future, ctx.published, _cue(ctx.text, m.start("t"), m.end("t")), default)
    return kind, chosen, mod, other, way


def _h_iso(m: re.Match, ctx: _Context) -> _Result:
    d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return "DATE", cal.day(d) if d else None, None


def _h_numeric(m: re.Match, ctx: _Context) -> _Result:
    got = _dateparser(ctx.published).get_date_data(m["t"])
    return "DATE", cal.day(got.date_obj.date()) if got and got.date_obj else None, None


def _h_day(m: re.Match, ctx: _Context) -> _Result:
    mon, d = _month_of(m["mon"]), int(m["d"])
    if m["y"]:
        day = _safe_date(int(m["y"]), mon, d)
        return "DATE", cal.day(day) if day else None, None
    if ctx.published is None or _safe_date(2000, mon, d) is None:
        return "DATE", None, None
    pub = ctx.published
    this = _safe_date(pub.year, mon, d) or dt.date(pub.year, mon, 28)
    past = this if this <= pub else (_safe_date(pub.year - 1, mon, d) or dt.date(pub.year - 1, mon, 28))
    future = this if this >= pub else (_safe_date(pub.year + 1, mon, d) or dt.date(pub.year + 1, mon, 28))
    return _ambiguous("DATE", cal.day(past), cal.day(future), ctx, m, "nearest")


def _h_month_year(m: re.Match, ctx: _Context) -> _Result:
    return "DATE", cal.month(int(m["y"]), _month_of(m["mon"])), _mod(m["mod"])


def _h_rel_month(m: re.Match, ctx: _Context) -> _Result:
    if ctx.published is None:
        return "DATE", None, _mod(m["mod"])
    mon, pub, rel = _month_of(m["mon"]), ctx.published, m["rel"].lower()
    y = pub.year
    if rel in ("last", "past"):
        y = pub.year if mon < pub.month else pub.year - 1
    elif rel in ("next", "coming"):
        y = pub.year if mon > pub.month else pub.year + 1
    return "DATE", cal.month(y, mon), _mod(m["mod"])


def _h_bare_month(m: re.Match, ctx: _Context) -> _Result:
    mod = _mod(m.groupdict().get("mod"))
    if ctx.published is None:
        return "DATE", None, mod
    mon, pub = _month_of(m["mon"]), ctx.published
    past = cal.month(pub.year if mon <= pub.month else pub.year - 1, mon)
    future = cal.month(pub.year if mon >= pub.month else pub.year + 1, mon)
    return _ambiguous("DATE", past, future, ctx, m, "nearest", mod)


def _h_season_year(m: re.Match, ctx: _Context) -> _Result:
    return "DATE", cal.season(int(m["y"]), _SEASONS[m["s"].lower()]), _mod(m["mod"])


def _seasons_around(pub: dt.date, code: str) -> tuple[Reading, Reading]:
    """The latest season `code` begun by `pub`, and the earliest not yet over on `pub`."""
    past = cal.season(pub.year, code)
    if past.date > pub:
        past = cal.season(pub.year - 1, code)
    future = cal.season(pub.year - 1, code)
    if future.date_end < pub:
        future = cal.season(pub.year, code)
    if future.date_end < pub:
        future = cal.season(pub.year + 1, code)
    return past, future


def _this_season(pub: dt.date, code: str) -> Reading:
    """"this summer": the current season if it is one, else the one of this year (a spring winter: the last)."""
    y, current = cal.season_of(pub)
    if current != code:
        y = pub.year - 1 if code == "WI" and pub.month <= 6 else pub.year
    return cal.season(y, code)


def _h_rel_season(m: re.Match, ctx: _Context) -> _Result:
    if ctx.published is None:
        return "DATE", None, _mod(m["mod"])
    pub, code, rel = ctx.published, _SEASONS[m["s"].lower()], m["rel"].lower()
    this = _this_season(pub, code)
    y = int(this.value[:4])
    if rel in ("last", "past"):
        y -= 1
    elif rel in ("next", "coming") and this.date <= pub:
        y += 1
    return "DATE", cal.season(y, code), _mod(m["mod"])


def _h_the_season(m: re.Match, ctx: _Context) -> _Result:
    if ctx.published is None:
        return "DATE", None, _mod(m["mod"])
    past, future = _seasons_around(ctx.published, _SEASONS[m["s"].lower()])
    return _ambiguous("DATE", past, future, ctx, m, "nearest", _mod(m["mod"]))


def _rel_step(rel: str) -> int:
    return {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(rel, 0)


def _h_rel_unit(m: re.Match, ctx: _Context) -> _Result:
    rel, unit = (m["rel"] or "this").lower(), _unit(m["u"])
    mod = _mod(m["mod"])
    the = bool(m.groupdict().get("the"))
    if the and rel in ("past", "last") and unit in ("M", "Y", "DE", "CE", "Q"):
        return _duration(1, unit, "past", ctx, mod)          # "the past year": the twelve months up to now
    if the and rel in ("next", "coming", "following") and unit in ("DE", "CE"):
        return _duration(1, unit, "future" if rel != "following" else None, ctx, mod)   # "over the next decade"
    ref = ctx.last if rel in ("previous", "following") and ctx.last else ctx.published
    if the and rel == "next" and ctx.last:
        ref = ctx.last                                        # "the next year": after the last date told
    if ref is None:
        return "DATE", None, mod
    step = _rel_step(rel)
    if unit == "WE":
        return "DATE", cal.weekend(ref + dt.timedelta(days=7 * step)), mod
    return "DATE", _reading_at(_shift(ref, step, unit), unit), mod


def _h_the_weekend(m: re.Match, ctx: _Context) -> _Result:
    if ctx.published is None:
        return "DATE", None, None
    pub = ctx.published
    current = cal.weekend(pub)
    past = current if current.date <= pub else cal.weekend(pub - dt.timedelta(days=7))
    return _ambiguous("DATE", past, current, ctx, m, "past")


def _weekday_readings(wd: int, pub: dt.date, rel: str | None) -> tuple[Reading, Reading]:
    if rel in ("last", "past"):
        d = cal.weekday_before(pub, wd, inclusive=False)
        return cal.day(d), cal.day(d)
    if rel in ("next", "coming"):
        d = cal.weekday_after(pub, wd, inclusive=False)
        return cal.day(d), cal.day(d)
    if rel == "this":
        d = pub + dt.timedelta(days=wd - pub.weekday())
        return cal.day(d), cal.day(d)
    return cal.day(cal.weekday_before(pub, wd)), cal.day(cal.weekday_after(pub, wd))


def _h_weekday(m: re.Match, ctx: _Context) -> _Result:
    kind = "TIME" if m["part"] else "DATE"
    if ctx.published is None:
        return kind, None, None
    rel = m.groupdict().get("rel")
    past, future = _weekday_readings(_WEEKDAYS[m["wd"]], ctx.published, rel.lower() if rel else None)
    if m["part"]:
        code = _PARTS[m["part"].lower()]
        past, future = (replace(r, value=f"{r.value}T{code}") for r in (past, future))
    return _ambiguous(kind, past, future, ctx, m, "past")


def _h_deictic(m: re.Match, ctx: _Context) -> _Result:
    word = m["word"].lower()
    kind = "TIME" if m["part"] or word in ("tonight", "overnight") else "DATE"
    if ctx.published is None:
        return kind, None, None
    d = ctx.published + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(word, 0))
    r = cal.day(d)
    part = m["part"] or ("night" if word in ("tonight", "overnight") else None)
    return kind, replace(r, value=f"{r.value}T{_PARTS[part.lower()]}") if part else r, None


def _h_last_night(m: re.Match, ctx: _Context) -> _Result:
    if ctx.published is None:
        return "TIME", None, None
    back = m["rel"].lower() == "last"
    r = cal.day(ctx.published - dt.timedelta(days=1 if back else 0))
    return "TIME", replace(r, value=f"{r.value}T{_PARTS[m['part'].lower()]}"), None


_REFS = {"the past": "PAST_REF", "recently": "PAST_REF", "lately": "PAST_REF", "at the time": "PAST_REF",
         "the future": "FUTURE_REF"}


def _h_ref(m: re.Match, ctx: _Context) -> _Result:
    word = re.sub(r"\s+", " ", m["t"].lower())
    return "DATE", Reading(_REFS.get(word, "PRESENT_REF"), None, None, None), None


def _h_ago(m: re.Match, ctx: _Context) -> _Result:
    unit, n = _unit(m["u"]), _number(m["n"])
    word = m["t"].rsplit(None, 1)[-1].lower()
    if word != "ago":                    # "three days earlier": a length, relative to another event
        return "DURATION", Reading(_duration_value(n, unit), None, None, None), None
    if n is None:
        return "DATE", Reading("PAST_REF", None, None, None), None
    if ctx.published is None:
        return "DATE", None, None
    return "DATE", _reading_at(_shift(ctx.published, -n, unit), unit), None


def _h_bare_ago(m: re.Match, ctx: _Context) -> _Result:
    return "DATE", Reading("PAST_REF", None, None, None), None


def _duration(n: float | None, unit: str, edge: str | None, ctx: _Context, mod: str | None) -> _Result:
    """A length of time; "the past N units" / "the next N units" also get the range they cover."""
    value = _duration_value(n, unit)
    reading = Reading(value, None, None, None)
    if edge and ctx.published is not None and n is not None:
        reading = duration_range(reading.value, ctx.published, forward=edge == "future") or reading
    return "DURATION", reading, mod


def _h_edge_duration(m: re.Match, ctx: _Context) -> _Result:
    rel = m["rel"].lower()
    edge = {"past": "past", "last": "past", "recent": "past", "next": "future", "coming": "future",
            "remaining": "future"}.get(rel)
    n = _number(m["n"]) if m["n"] else (None if m["u"].lower().endswith("s") else 1)
    return _duration(n, _unit(m["u"]), edge, ctx, _approx(m["approx"]))


def _h_duration(m: re.Match, ctx: _Context) -> _Result:
    return _duration(_number(m["n"]), _unit(m["u"]), None, ctx, _approx(m.groupdict().get("approx")))


def _h_bare_duration(m: re.Match, ctx: _Context) -> _Result:
    rel = (m["rel"] or "").lower()
    edge = {"recent": "past", "past": "past", "coming": "future"}.get(rel)
    return _duration(None, _unit(m["u"]), edge, ctx, None)


def _h_yy_suffix(m: re.Match, ctx: _Context) -> _Result:
    first = int(ctx.text[m.start("t") - 5:m.start("t") - 1])
    y = first // 100 * 100 + int(m["yy"])
    return "DATE", cal.year(y if y > first else y + 100), None


def _h_year(m: re.Match, ctx: _Context) -> _Result:
    return "DATE", cal.year(int(m["y"])), _mod(m.groupdict().get("mod"))


def _h_decade(m: re.Match, ctx: _Context) -> _Result:
    if m["dec"]:
        first = int(m["dec"])
    else:
        base = ctx.published.year if ctx.published else 2000
        first = (base // 100 * 100) + int(m["dd"])
        first = first - 100 if first > base else first
    return "DATE", cal.decade(first), _mod(m["mod"])


def _h_century(m: re.Match, ctx: _Context) -> _Result:
    number = int(m["c"]) if m["c"] else _ORDINALS[m["cw"].lower()]
    return "DATE", cal.century(number) if 1 <= number <= 21 else None, _mod(m["mod"])


def _h_clock(m: re.Match, ctx: _Context) -> _Result:
    h, mi = int(m["h"]), int(m["mi"] or 0)
    ap = (m.groupdict().get("ap") or "").lower().replace(".", "")
    h = (h % 12) + (12 if ap == "pm" else 0) if ap else h
    if ctx.published is None:
        return "TIME", None, None
    r = cal.day(ctx.published)
    return "TIME", replace(r, value=f"{r.value}T{h:02d}:{mi:02d}"), None


def _h_noon(m: re.Match, ctx: _Context) -> _Result:
    if ctx.published is None:
        return "TIME", None, None
    r = cal.day(ctx.published)
    return "TIME", replace(r, value=f"{r.value}T{'24:00' if m['t'].lower() == 'midnight' else '12:00'}"), None


def _h_set(m: re.Match, ctx: _Context) -> _Result:
    gd = m.groupdict()
    word = (gd.get("u") or gd.get("adv") or "").lower()
    unit = {"daily": "D", "nightly": "D", "weekly": "W", "monthly": "M", "annually": "Y", "yearly": "Y",
            "hourly": "H", "quarterly": "Q"}.get(word)
    if unit is None:
        try:
            unit = _unit(word)
        except KeyError:
            unit = None
    if word in _PARTS:
        value = f"XXXX-XX-XXT{_PARTS[word]}"
    elif word in (w.lower() for w in _WEEKDAYS):
        value = f"XXXX-WXX-{[w.lower() for w in _WEEKDAYS].index(word) + 1}"
    elif word in _SEASONS or word == "season":
        value = f"XXXX-{_SEASONS.get(word, 'XX')}"
    else:
        value = _duration_value(1, unit) if unit else "XXXX"
    return "SET", Reading(value, None, None, None), None


_HANDLERS: dict[str, Callable[[re.Match, _Context], _Result]] = {
    "iso": _h_iso, "numeric": _h_numeric, "mdy": _h_day, "dmy": _h_day, "month_year": _h_month_year,
    "rel_month": _h_rel_month, "mod_month": _h_bare_month, "bare_month": _h_bare_month,
    "season_year": _h_season_year, "rel_season": _h_rel_season, "the_season": _h_the_season,
    "bound_unit": _h_rel_unit, "rel_unit": _h_rel_unit, "the_weekend": _h_the_weekend,
    "rel_weekday": _h_weekday, "weekday": _h_weekday, "deictic": _h_deictic, "last_night": _h_last_night,
    "ref": _h_ref, "ago": _h_ago, "bare_ago": _h_bare_ago, "edge_duration": _h_edge_duration,
    "duration": _h_duration, "adj_duration": _h_duration, "bare_duration": _h_bare_duration,
    "recent_units": _h_bare_duration, "yy_suffix": _h_yy_suffix, "fiscal": _h_year, "decade": _h_decade,
    "century": _h_century, "year": _h_year, "clock": _h_clock, "clock24": _h_clock, "noon": _h_noon,
    "set_every": _h_set, "set_adverb": _h_set, "set_rate": _h_set,
}


# --- public --------------------------------------------------------------------------------------

def duration_range(value: str, ref: dt.date, forward: bool) -> Reading | None:
    """A duration value ("P3W") laid out as a range ending at `ref` (or starting there when `forward`)."""
    m = re.fullmatch(r"PT?(\d+(?:\.\d+)?)([DWMY])", value)
    if not m or value.startswith("PT"):
        return None
    n, unit = float(m[1]), m[2]
    other = _shift(ref, n if forward else -n, unit)
    lo, hi = (ref, other) if forward else (other, ref)
    return Reading(value, lo, hi, "range")


def oriented(timex: Timex, future: bool) -> Timex:
    """The reading of an ambiguous expression that points forward (`future`) or back from the article date."""
    if timex.other is not None and timex.direction == ("past" if future else "future"):
        return timex.other
    return timex


def _make(m: re.Match, name: str, ctx: _Context) -> Timex:
    result = _HANDLERS[name](m, ctx)
    kind, reading, mod = result[:3]
    other_reading, way = (result[3], result[4]) if len(result) == 5 else (None, None)
    start, end = m.span("t")
    base = dict(start=start, end=end, text=m["t"], type=kind, mod=mod)
    other = _timex(base, other_reading, None, None) if other_reading is not None else None
    return _timex(base, reading, way, other)


def _timex(base: dict, r: Reading | None, way: str | None, other: Timex | None) -> Timex:
    if r is None:
        return Timex(**base, value=None, date=None, date_end=None, precision=None)
    return Timex(**base, value=r.value, date=r.date.isoformat() if r.date else None,
                 date_end=r.date_end.isoformat() if r.date_end else None, precision=r.precision,
                 direction=way, other=other)


_AGE_BEFORE = re.compile(r"\b(?i:aged?|ages)\s+$")
_ID_BEFORE = re.compile(r"\b(?i:resolutions?|no\.|number|article|route|highway|flight|room|page|section|chapter|"
                        r"paragraph|decree|platform)\s+$")
_YEAR_RULES = {"year", "fiscal", "yy_suffix"}
_DURATION_RULES = {"duration", "adj_duration", "edge_duration"}


def _candidates(text: str) -> list[tuple[int, int, int, str, re.Match]]:
    found = []
    for name, rx in _COMPILED:
        for m in rx.finditer(text):
            if name in _DURATION_RULES and _AGE_BEFORE.search(text, max(0, m.start("t") - 8), m.start("t")):
                continue                     # "children aged 6 months": an age, not a time
            if name in _YEAR_RULES and _ID_BEFORE.search(text, max(0, m.start("t") - 12), m.start("t")):
                continue                     # "Resolution 1973": a number that names something
            if m["t"] and m["t"].strip():
                found.append((m.start("t"), -(m.end("t") - m.start("t")), _PRIORITY[name], name, m))
    found.sort(key=lambda c: c[:3])
    return found


def _select(found: list[tuple[int, int, int, str, re.Match]]) -> list[tuple[str, re.Match]]:
    """Longest match first at each position; nothing overlapping an expression already taken."""
    chosen, taken_until = [], -1
    for start, neg_len, _, name, m in found:
        if start >= taken_until:
            chosen.append((name, m))
            taken_until = start - neg_len
    return chosen


def _reading(t: Timex) -> Reading | None:
    if t.date is None:
        return None
    return Reading(t.value or "", dt.date.fromisoformat(t.date),
                   dt.date.fromisoformat(t.date_end) if t.date_end else None, t.precision)


def _join(a: Timex, b: Timex, start: int, text: str, r: Reading) -> Timex:
    return Timex(start, b.end, text[start:b.end], "DATE", r.value, r.date.isoformat(),
                 r.date_end.isoformat() if r.date_end else None, r.precision, parts=(a, b))


def _ranges(timexes: list[Timex], text: str, published: dt.date | None) -> list[Timex]:
    """Join "between X and Y", "from X to Y", "X-Y" into ranges and "since X" into X..article date."""
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        a = timexes[i]
        b = timexes[i + 1] if i + 1 < len(timexes) else None
        ra = _reading(a)
        if a.type == "DATE" and b is not None and b.type == "DATE" and ra and _RANGE.match(text[a.end:b.start]):
            rb = _reading(b)
            opener = _RANGE_OPEN.search(text[max(0, a.start - 12):a.start])
            joiner = text[a.end:b.start].strip().lower()
            if rb and (opener or joiner in ("-", "–", "—", "to", "through", "until", "till")):
                r = cal.span(ra, rb)
                if r is not None:
                    start = a.start - len(opener.group(0)) if opener else a.start
                    out.append(_join(a, b, start, text, r))
                    i += 2
                    continue
        since = _SINCE.search(text[max(0, a.start - 12):a.start])
        if since and ra and published and a.type in ("DATE", "TIME") and ra.date <= published:
            start = a.start - len(since.group(0))
            r = Reading(f"{a.value}/{published.isoformat()}", ra.date, published, "range")
            out.append(Timex(start, a.end, text[start:a.end], "DATE", r.value, r.date.isoformat(),
                             published.isoformat(), "range", parts=(a,)))
            i += 1
            continue
        out.append(a)
        i += 1
    return out


_CLOCK_DAY = re.compile(r"\s*(?:(?i:on)\s+)?")


def _at_day(clock: Timex, day: Timex | None) -> Timex | None:
    if day is None or clock.value is None or day.value is None:
        return None
    return replace(day, type="TIME", value=day.value[:10] + clock.value[10:])


def _clock_days(timexes: list[Timex], text: str) -> list[Timex]:
    """A clock time followed by its day ("15:00 GMT Saturday") is one time on that day."""
    out: list[Timex] = []
    i = 0
    while i < len(timexes):
        a = timexes[i]
        b = timexes[i + 1] if i + 1 < len(timexes) else None
        if (b is not None and a.type == "TIME" and a.value and "T" in a.value and b.precision == "day"
                and b.type == "DATE" and _CLOCK_DAY.fullmatch(text, a.end, b.start)):
            merged = _at_day(a, b)
            if merged is not None:
                other = _at_day(a, b.other)
                whole = dict(start=a.start, text=text[a.start:b.end])
                out.append(replace(merged, **whole, other=replace(other, **whole) if other else None))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def find_timexes(text: str, published: dt.date | None) -> list[Timex]:
    """Every temporal expression in `text`, in order, normalised relative to `published`."""
    ctx = _Context(text, published)
    timexes: list[Timex] = []
    for name, m in _select(_candidates(text)):
        t = _make(m, name, ctx)
        if t.type == "DATE" and t.date and t.precision in ("day", "week", "month", "year"):
            ctx.last = dt.date.fromisoformat(t.date)
        timexes.append(t)
    return _ranges(_clock_days(timexes, text), text, published)

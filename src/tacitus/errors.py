"""One exception tree. The library raises these; only the edges (CLI, API server) turn them into messages."""

from __future__ import annotations

__all__ = ["TacitusError", "InputError", "StageError", "ModelError", "EvalDataMissing"]


class TacitusError(Exception):
    """Base of every error Tacitus raises on purpose."""


class InputError(TacitusError):
    """A path, file or argument the user gave cannot be used (missing file, bad date, unknown format)."""


class StageError(TacitusError):
    """A pipeline stage failed on input it should have handled."""


class ModelError(TacitusError):
    """A model or trained artefact is missing or unusable (e.g. no spaCy English model installed)."""


class EvalDataMissing(TacitusError):
    """An evaluation set is not present (../shared is absent on this machine)."""

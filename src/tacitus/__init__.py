"""Tacitus: news articles in, evidence-linked PLOVER event records out.

    >>> import tacitus
    >>> events = tacitus.code("Rebels attacked an army convoy near Goma on Tuesday, officials said.")
    >>> events[0].event_type
    'ASSAULT'
"""

__version__ = "0.1.0"

from .api import PairResult, RejectedInput, classify_pair, code, code_paths, export, ingest, pipeline  # noqa: E402
from .api import open_corpus as open  # noqa: E402,A001 - `tacitus.open(path)` reads a corpus store
from .errors import EvalDataMissing, InputError, ModelError, StageError, TacitusError  # noqa: E402
from .model import Article, Doc, Event, Participant, Reject, Span  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402

__all__ = [
    "__version__", "code", "code_paths", "classify_pair", "pipeline", "PairResult", "RejectedInput",
    "open", "ingest", "export",
    "Article", "Doc", "Event", "Participant", "Reject", "Span", "Settings", "load_settings",
    "TacitusError", "InputError", "ModelError", "StageError", "EvalDataMissing",
]

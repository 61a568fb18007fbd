"""Malformed input never crashes a batch: every input becomes a reject or events (hypothesis)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.model import Article, Reject
from tacitus.stages.ingest import read_stream

_settings = settings(max_examples=260, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_words = st.sampled_from("the army police rebels attacked met said in on Kabul protesters arrested 12 "
                         "talks <p> </p> & ; \u00e9 \u4e2d \x00 \n \t".split(" ") + [" "])
_texty = st.lists(_words, max_size=60).map(" ".join)


def _check(pipe, articles):
    results = list(pipe.run(articles))
    assert len(results) == len(articles)
    for result in results:
        assert (result.reject is not None) or (result.doc is not None)
        if result.doc is not None:
            for e in result.events:
                text = result.doc.text
                assert text[e.trigger.start:e.trigger.end] == e.trigger.text


@_settings
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(pipe, data):
    _check(pipe, [Article(text=data, doc_id="b"), Article(text=data, doc_id="h", kind="html")])


@_settings
@given(st.text(max_size=2000))
def test_arbitrary_unicode_text_in_any_encoding(pipe, text):
    arts = [Article(text=text, doc_id="t", kind="json")]
    for enc in ("utf-16", "latin-1", "cp1252"):
        try:
            arts.append(Article(text=text.encode(enc), doc_id=enc))
        except UnicodeEncodeError:
            arts.append(Article(text=text.encode("utf-8", "replace"), doc_id=enc))
    _check(pipe, arts)


@_settings
@given(_texty)
def test_news_like_word_salad_and_broken_html(pipe, text):
    _check(pipe, [Article(text=text, doc_id="w", kind="json"),
                  Article(text=f"<html><body>{text}", doc_id="h", kind="html"),
                  Article(text=f"<html><head><title>{text}</title></head></html>", doc_id="n", kind="html")])


@_settings
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=40),
                    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                    max_leaves=12))
def test_json_records_of_any_shape(pipe, value):
    line = json.dumps(value).encode()
    items = list(read_stream(line, "stdin")) if line.lstrip()[:1] in (b"{", b"[") else \
        list(read_stream(b'{"text": ' + json.dumps(json.dumps(value)).encode() + b"}", "stdin"))
    _check(pipe, items)
    for item in items:
        assert isinstance(item, (Article, Reject))


def test_a_five_megabyte_single_line(pipe):
    line = ("Rebels attacked the town and police arrested twelve men " * 90_000)[:5_000_000]
    (result,) = pipe.run([Article(text=b"Headline\n" + line.encode(), doc_id="big")])
    assert result.doc is not None and len(result.doc.text) <= pipe.settings.max_chars

"""Stage `clean`: scraper debris goes by general rules; datelines become the report's origin."""

from tacitus.model import Article, Doc, Reject
from tacitus.stages.clean import clean


def _txt(text: str) -> Doc | Reject:
    return clean(Article(text=text.encode("utf-8"), doc_id="t"))


def test_icon_ligature_glued_to_dateline_is_removed_and_dateline_kept_as_origin():
    doc = _txt("Talks resume\ntext_fieldsNairobi: Negotiators met on Monday in the capital.")
    assert doc.text.startswith("Nairobi: Negotiators")
    assert doc.dateline.text == "Nairobi" and doc.text[doc.dateline.start:doc.dateline.end] == "Nairobi"
    assert doc.body_start == len("Nairobi: ")


def test_wire_datelines_with_agency_and_date():
    for line, place in [("GOMA (Wire) - Rebels advanced.", "GOMA"),
                        ("KYIV, March 3 (Agency) - Shelling resumed.", "KYIV"),
                        ("SYLHET, Bangladesh, June 25 (Tacitus Wire) - Aid arrived.", "SYLHET, Bangladesh")]:
        doc = _txt("Headline\n" + line)
        assert doc.dateline.text == place, line


def test_ordinary_first_sentence_is_not_a_dateline():
    doc = _txt("Headline\nThe president said on Monday that talks would resume.")
    assert doc.dateline is None and doc.body_start == 0


def test_share_subscribe_and_read_more_lines_go_but_news_about_shares_stays():
    doc = _txt("Markets\nShare this article\nSubscribe to our newsletter\nRead more: Another story\n"
               "Share prices rose 3% on Monday.\nshare print email")
    assert doc.text == "Share prices rose 3% on Monday."


def test_repeated_headline_and_whitespace_damage():
    doc = _txt("Army withdraws\nArmy withdraws\n  The\tarmy \u00a0withdrew\u200b from the town.  \r\n\r\n")
    assert doc.title == "Army withdraws" and doc.text == "The army withdrew from the town."


def test_non_articles_are_rejected_with_reasons():
    assert "empty" in _txt("").reason
    assert "binary" in clean(Article(text=b"\x00\x01\x02PNG\x00" * 50, doc_id="b")).reason
    german = "Die Regierung hat heute neue Gesetze beschlossen, sagte ein Sprecher. " * 5
    assert "not English" in _txt("Titel\n" + german).reason
    assert "not English" in _txt("標題\n政府今天宣布了新的法律。" * 20).reason


def test_latin1_bytes_are_decoded_not_rejected():
    doc = clean(Article(text="Headline\nThe minister visited S\u00e3o Paulo on Monday.".encode("cp1252"), doc_id="l"))
    assert isinstance(doc, Doc) and "Paulo" in doc.text


def test_html_main_text_title_and_date():
    html = ("<html><head><title>Troops pull back</title><meta property='article:published_time' "
            "content='2024-05-02'></head><body><article><h1>Troops pull back</h1><p>Government troops "
            "withdrew from two villages on Thursday after a week of fighting with rebels, officials said."
            "</p><p>The rebels said they would hold their positions.</p></article></body></html>")
    doc = clean(Article(text=html.encode(), doc_id="h", kind="html"))
    assert doc.title == "Troops pull back" and doc.published == "2024-05-02"
    assert doc.text.startswith("Government troops withdrew")


def test_html_without_body_is_rejected():
    assert clean(Article(text=b"<html><head></head></html>", doc_id="h", kind="html")).reason == \
        "HTML has no main text"


def test_overlong_text_is_truncated_at_a_sentence_end():
    from tacitus.settings import Settings

    body = "Police arrested a man in the city. " * 100
    doc = clean(Article(text=("T\n" + body).encode(), doc_id="x"), Settings(max_chars=500))
    assert len(doc.text) <= 500 and doc.text.endswith(".")

from datetime import date

import pytest

from factcheck.analysis import analyze
from factcheck.analysis.html import extract

PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>Council approves budget | Millbrook Gazette</title>
<meta name="author" content="Rosa Delgado-Hart">
<meta property="og:site_name" content="Millbrook Gazette">
<meta property="article:published_time" content="2026-02-24T07:15:00-05:00">
<meta name="generator" content="WordPress 6.4">
<link rel="canonical" href="https://gazette.example/budget">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "NewsArticle", "headline": "Council approves budget",
   "author": [{"@type": "Person", "name": "Rosa Delgado-Hart"}],
   "datePublished": "2026-02-24T07:15:00-05:00",
   "publisher": {"@type": "NewsMediaOrganization", "name": "Millbrook Gazette"}}]}</script>
<style>body { font-family: Georgia }</style>
<script>window.gazetteAnalytics = {loaded: false};</script>
</head><body>
<nav><a href="/">Home</a> <a href="/news">Local Government</a></nav>
<article>
  <h1>Council approves budget</h1>
  <p class="byline">By Rosa Delgado-Hart &middot; February 24, 2026</p>
  <p>The council voted 7&#8211;2 on Monday night to approve a $412.6 million budget, the
     city&#8217;s largest.<script>alert("x")</script></p>
  <h2>Where the money goes</h2>
  <p>Police get $88.4&nbsp;million.<br>Fire gets $61.2 million.</p>
  <p hidden>Hidden spam text.</p>
  <p style="display:none">More hidden text.</p>
  <blockquote><p>We are cutting close, he said.</p></blockquote>
  <p>She called it <q>a responsible budget</q>.</p>
  <!-- a comment that must not appear -->
  <aside class="related"><p>Unrelated teaser.</p></aside>
</article>
<form><h3>Get the City Hall Briefing</h3><button>Sign up</button></form>
<footer><p>&copy; 2026 Millbrook Gazette. All rights reserved.</p></footer>
</body></html>"""


def test_metadata_and_title():
    page = extract(PAGE)
    assert page.title == "Council approves budget"
    assert page.published == date(2026, 2, 24)
    meta = page.metadata
    assert meta["author"] == "Rosa Delgado-Hart"
    assert meta["outlet"] == "Millbrook Gazette"
    assert meta["url"] == "https://gazette.example/budget"
    assert meta["published"] == "2026-02-24"
    assert meta["provenance"]["generator"] == "WordPress 6.4"
    assert meta["provenance"]["json_ld"][0]["@graph"][0]["headline"] == "Council approves budget"


def test_text_has_no_markup_scripts_styles_or_navigation():
    a = analyze(PAGE, html=True)
    for banned in ("gazetteAnalytics", "alert", "font-family", "<", "Sign up", "City Hall Briefing",
                   "Local Government", "Hidden spam", "More hidden", "a comment", "Unrelated teaser"):
        assert banned not in a.text, banned
    assert "The council voted 7–2 on Monday night" in a.text  # entities decoded
    assert "city’s largest." in a.text
    assert "Police get $88.4 million.\nFire gets $61.2 million." in a.text
    assert "She called it “a responsible budget”." in a.text


def test_blocks_follow_the_markup():
    a = analyze(PAGE, html=True)
    got = [(b.kind, b.boilerplate_kind, a.text[b.start:b.end]) for b in a.blocks]
    assert got[0] == ("title", None, "Council approves budget")
    assert ("boilerplate", "byline", "By Rosa Delgado-Hart · February 24, 2026") in got
    assert ("heading", None, "Where the money goes") in got
    assert got[-1] == ("boilerplate", "footer", "© 2026 Millbrook Gazette. All rights reserved.")
    assert sum(1 for g in got if g[0] == "title") == 1  # the h1 is not repeated
    assert a.published_at == date(2026, 2, 24)
    assert a.claims[0].text.startswith("The council voted")


def test_published_argument_wins_over_the_page():
    assert analyze(PAGE, html=True, published=date(2026, 3, 1)).published_at == date(2026, 3, 1)


@pytest.mark.parametrize("html", [
    "",
    "<html>",
    "<<<>>>",
    "<p>Unclosed <b>tags <i>everywhere<p>Next paragraph said so.",
    "<div>" * 5000 + "Deep text here, officials said." + "</div>" * 10,
    '<?xml version="1.0" encoding="utf-8"?><html><body><p>XML prolog page.</p></body></html>',
    "<script>document.write('<p>injected</p>')</script><p>Real text.</p>",
    "<svg><script>alert(1)</script><text>svg text</text></svg><p>After svg.</p>",
    "<p>Broken &#xZZZ; entity &amp and &unknown; too.</p>",
    '<script type="application/ld+json">{not json</script><p>Bad JSON-LD page.</p>',
    "<template><p>template text</p></template><noscript>enable js</noscript><p>Visible.</p>",
    "<iframe srcdoc='<p>frame</p>'></iframe><p>Outside.</p>",
])
def test_broken_and_hostile_html(html):
    a = analyze(html, html=True)
    for banned in ("alert", "injected", "document.write", "template text", "enable js", "frame<",
                   "<script", "<p>"):
        assert banned not in a.text
    for c in a.claims:
        assert a.text[c.start:c.end] == c.text


def test_lone_surrogates_and_nul_do_not_cut_the_page():
    a = analyze("<p>Before\ud800 after\x00 the council said so.</p><p>Second paragraph here.</p>", html=True)
    assert "after" in a.text and "Second paragraph here." in a.text


def test_deeply_nested_text_survives():
    a = analyze("<div>" * 5000 + "Deep text here, officials said." + "</div>" * 10, html=True)
    assert "Deep text here" in a.text or a.text == ""


def test_image_label_belongs_to_the_image():
    page = extract('<script type="application/ld+json">{"@type": "NewsArticle", "image": '
                   '{"@type": "ImageObject", "digitalSourceType": "trainedAlgorithmicMedia"}}</script>'
                   "<article><p>Text.</p></article>")
    [found] = page.metadata["provenance"]["digital_source_type"]
    assert found["scope"] == "media"

"""factcheck.urls: what a stored URL may be, and how its domain is shown."""
import pytest

from factcheck.urls import URLError, display_domain, normalize_url


@pytest.mark.parametrize("typed, shown", [
    # A Cyrillic "а" in place of the Latin "a": the punycode beside it gives the look-alike away.
    ("https://\u0430pple.com/login", "\u0430pple.com (xn--pple-43d.com)"),
    ("https://p\u0430ypal.com/", "p\u0430ypal.com (xn--pypal-4ve.com)"),
    ("https://bücher.example/report", "bücher.example (xn--bcher-kva.example)"),
    ("https://apple.com/", "apple.com"),  # plain ASCII hosts are shown as they are
    ("HTTPS://Example.ORG:443/a", "example.org"),
])
def test_international_domains_are_shown_with_their_punycode(typed, shown):
    assert display_domain(normalize_url(typed)) == shown


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                                 "file:///etc/passwd", "ftp://example.org/x", "//example.org/x", "",
                                 "http://", "https:///path-only"])
def test_only_http_and_https_urls_with_a_host_are_accepted(url):
    with pytest.raises(URLError):
        normalize_url(url)


@pytest.mark.parametrize("stored, link", [
    ("https://example.org/a", "https://example.org/a"),
    ("HTTP://example.org/", "HTTP://example.org/"),
    ("javascript:alert(1)", None),
    ("JaVaScRiPt:alert(1)", None),
    ("java\tscript:alert(1)", None),  # browsers drop the tab and run it
    (" javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("vbscript:msgbox(1)", None),
    ("//evil.example/", None),
    ("", None),
    (None, None),
])
def test_only_http_links_are_made_clickable(stored, link):
    from factcheck.urls import http_link
    assert http_link(stored) == link

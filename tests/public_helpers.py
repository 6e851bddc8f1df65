"""Helpers shared by the public-site tests: page structure checks and the crawler of the public site."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.http import HttpResponseBase

#: Addresses a public crawl never fetches: the admin, and static and uploaded files.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/")


class PageStructure(HTMLParser):
    """Collects what accessibility checks need from one HTML page: headings in order, images
    without ``alt``, landmarks, links and the ``lang`` of the ``<html>`` element."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.images_without_alt: list[str] = []
        self.tags: set[str] = set()
        self.links: list[str] = []
        self.html_lang = ""
        self.hreflangs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag == "img" and attributes.get("alt") is None:
            self.images_without_alt.append(attributes.get("src", ""))
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "link" and attributes.get("rel") == "alternate" and attributes.get("hreflang"):
            self.hreflangs[attributes["hreflang"]] = attributes["href"]


def structure(html: str) -> PageStructure:
    """Parse ``html`` (str) into a :class:`PageStructure`."""
    parser = PageStructure()
    parser.feed(html)
    return parser


def assert_accessible_structure(html: str, url: str) -> PageStructure:
    """One h1, first heading is the h1, no heading level skipped going down, every image has
    ``alt``, header/nav/main/footer landmarks and a skip link. Returns the parsed page."""
    page = structure(html)
    assert page.headings.count(1) == 1, f"{url}: {page.headings.count(1)} h1 elements"
    assert page.headings[0] == 1, f"{url}: first heading is h{page.headings[0]}"
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"{url}: h{before} followed by h{after}"
    assert not page.images_without_alt, f"{url}: images without alt {page.images_without_alt}"
    assert {"header", "nav", "main", "footer"} <= page.tags, url
    assert 'href="#main"' in html, f"{url}: no skip link"
    return page


def same_site(base: str, link: str) -> str | None:
    """The path and query (str) of ``link`` as written on the page at ``base`` (an absolute
    address on ``testserver``) when it is a page of this site a public crawl fetches; ``None``
    for another site or scheme and for the admin, static and media files (:data:`SKIPPED_PREFIXES`)."""
    parts = urlsplit(urljoin(base, link.strip()))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", "testserver"):
        return None
    if not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def response_text(response) -> str:
    """The body of a Django test ``response`` (streamed or not) as str (UTF-8, undecodable bytes
    replaced); a calendar's folded lines are unfolded (RFC 5545 section 3.1), so that a text or
    an address is found whole."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "calendar" in response.get("Content-Type", ""):
        content = content.replace(b"\r\n ", b"")
    return content.decode("utf-8", errors="replace")


class _Links(HTMLParser):
    """The ``href`` of every ``<a>`` and ``<link>`` of an HTML page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        href = dict(attrs).get("href")
        if tag in ("a", "link") and href:
            self.links.append(href)


def links_of(response, text: str) -> list[str]:
    """The addresses (as written) a crawl follows from a 200 ``response`` whose body is ``text``:
    an HTML page's ``<a>`` and ``<link>``; in anything else (sitemap, feeds, open data, calendar)
    each ``<loc>`` and each absolute address on ``testserver``."""
    if "html" in response.get("Content-Type", ""):
        parser = _Links()
        parser.feed(text)
        return parser.links
    return [loc or absolute for loc, absolute in re.findall(
        r"<loc>(.*?)</loc>|https?://testserver(/[^\s\"'<>,\\]*)", text)]


#: What a crawl's check gets for each response: the address (path and query), the Django test
#: response and its body (:func:`response_text`); it returns more addresses to fetch, or None.
Check = Callable[[str, HttpResponseBase, str], Iterable[str] | None]

REDIRECTS = (301, 302, 303, 307, 308)


def crawl(client, start: Iterable[str], check: Check, *, limit: int,
          follow: Callable[[str, str], bool] | None = None) -> dict[str, str]:
    """Fetch every address in ``start`` (paths with their query) with the Django test ``client``,
    then every page of the site reachable from them, breadth first, each address once: the
    target of a redirect (the client does not follow it), and from a 200 response the links of
    :func:`links_of` for which ``follow(address, link)`` is true (``None``: every link), each
    made a path by :func:`same_site` (other sites, the admin and files are not fetched).

    ``check(address, response, text)`` is called on every response, whatever its status: it
    fails the test (``assert``) or records what is wrong, and may return more addresses (forms
    it filled in; relative to ``address``, fetched whatever ``follow`` says).

    Returns ``{address: text}`` of every 200 response, in the order fetched. Raises
    ``AssertionError`` when the crawl finds more than ``limit`` (int) addresses: it would have
    left pages unchecked."""
    queue: deque[str] = deque()
    seen: set[str] = set()
    pages: dict[str, str] = {}

    def enqueue(path: str | None) -> None:
        if path and path not in seen:
            assert len(seen) < limit, f"the crawl found more than {limit} addresses: raise its limit"
            seen.add(path)
            queue.append(path)

    for path in start:
        enqueue(path)
    while queue:
        path = queue.popleft()
        base = f"http://testserver{path}"
        response = client.get(path)
        text = response_text(response)
        for extra in check(path, response, text) or ():
            enqueue(same_site(base, extra))
        if response.status_code in REDIRECTS:
            enqueue(same_site(base, response["Location"]))
        elif response.status_code == 200:
            pages[path] = text
            for link in links_of(response, text):
                target = same_site(base, link)
                if target and (follow is None or follow(path, target)):
                    enqueue(target)
    return pages

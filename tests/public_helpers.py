"""Helpers shared by the public-site tests: fixed "today", page structure checks, a crawler."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


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


def crawl(client, start_urls: list[str], limit: int = 400) -> dict[str, str]:
    """Follow every same-site link under the language prefixes from ``start_urls`` (paths)
    with the Django test ``client``; filter links other than ``?page=`` are not followed.
    Returns ``{path: html}`` of every page fetched. Fails on any response other than 200."""
    seen: dict[str, str] = {}
    queue = list(start_urls)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        html = response.content.decode()
        seen[url] = html
        for href in structure(html).links:
            absolute = urljoin(url, href)
            parts = urlsplit(absolute)
            if parts.netloc or not parts.path.startswith(("/zh-hant/", "/en/")):
                continue
            if parts.query and not parts.query.startswith("page="):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target not in seen:
                queue.append(target)
    return seen


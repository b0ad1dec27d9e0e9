"""The link fetcher against a loopback page server, and its refusals with a resolver stub."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import httpx
import pytest

from services.fetch import Fetcher, FetchError, FetchPolicy, FetchRefused, is_public_address
from services.pages import document_text, extract_article, link_in
from tests.integration.pageserver import PAGES, page_server


def stub_resolver(table: dict[str, list[str]], calls: list[str] | None = None):
    async def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    return resolve


LOOPBACK_OK = FetchPolicy(allow_address=lambda ip: ip.is_loopback, timeout=5.0)
NAMES = {"news.example": ["127.0.0.1"], "intranet.example": ["10.0.0.8"]}


@pytest.fixture
def server() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    with page_server() as (base, requests):
        yield base.replace("127.0.0.1", "news.example"), requests


def loopback_fetcher(**policy: object) -> Fetcher:
    values = {"allow_address": lambda ip: ip.is_loopback, "timeout": 5.0, **policy}
    return Fetcher(policy=FetchPolicy(**values), resolver=stub_resolver(NAMES))  # type: ignore[arg-type]


async def test_page_is_fetched_from_the_checked_address_with_the_name_in_host(server) -> None:
    base, requests = server
    page = await loopback_fetcher().fetch(f"{base}/pages/kremlin-iran.html")
    assert page.content.startswith(b"<!DOCTYPE html>")
    assert page.charset == "utf-8" and page.content_type == "text/html"
    assert requests[-1] == ("/pages/kremlin-iran.html", base.removeprefix("http://"))


async def test_three_redirects_are_followed_and_the_final_url_kept(server) -> None:
    base, _ = server
    page = await loopback_fetcher().fetch(f"{base}/redirect/3/pages/kremlin-iran.html")
    assert page.final_url == f"{base}/pages/kremlin-iran.html"
    assert page.url == f"{base}/redirect/3/pages/kremlin-iran.html"


async def test_a_fourth_redirect_is_refused(server) -> None:
    base, _ = server
    with pytest.raises(FetchError, match="redirects more than 3"):
        await loopback_fetcher().fetch(f"{base}/redirect/4/pages/kremlin-iran.html")


async def test_a_redirect_into_the_private_network_is_refused_before_connecting(server) -> None:
    base, requests = server
    with pytest.raises(FetchRefused, match="private or local"):
        await loopback_fetcher().fetch(f"{base}/to-private")
    assert [path for path, _ in requests] == ["/to-private"]


async def test_a_redirect_to_a_file_url_is_refused(server) -> None:
    base, _ = server
    with pytest.raises(FetchRefused, match="only fetch http"):
        await loopback_fetcher().fetch(f"{base}/to-file")


@pytest.mark.parametrize("path", ["/huge", "/huge-undeclared"])
async def test_pages_over_the_size_cap_are_abandoned(server, path: str) -> None:
    base, _ = server
    with pytest.raises(FetchError, match="larger than 1 MB"):
        await loopback_fetcher(max_bytes=1_000_000).fetch(base + path)


async def test_a_server_that_drips_bytes_hits_the_deadline(server) -> None:
    base, _ = server
    with pytest.raises(FetchError, match=r"longer than 0\.5 s"):
        await loopback_fetcher(timeout=0.5).fetch(f"{base}/slow")


@pytest.mark.parametrize(
    ("path", "reason"), [("/image", "image/png file"), ("/gone", "answered 410")]
)
async def test_non_pages_and_errors_get_a_reason(server, path: str, reason: str) -> None:
    base, _ = server
    with pytest.raises(FetchError, match=reason):
        await loopback_fetcher().fetch(base + path)


def _no_traffic(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"a refused link must not be requested: {request.url}")


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("http://127.0.0.1/", {}),
        ("http://[::1]:8080/", {}),
        ("http://169.254.169.254/latest/meta-data/", {}),
        ("http://[::ffff:127.0.0.1]/", {}),
        ("http://0.0.0.0/", {}),
        ("http://localhost/", {"localhost": ["127.0.0.1", "::1"]}),
        ("https://intranet.example/", {"intranet.example": ["10.0.0.8"]}),
        ("https://rebind.example/", {"rebind.example": ["93.184.216.34", "192.168.1.1"]}),
        ("http://cgnat.example/", {"cgnat.example": ["100.64.1.1"]}),
    ],
)
async def test_production_policy_refuses_private_and_loopback_addresses(
    url: str, names: dict[str, list[str]]
) -> None:
    fetcher = Fetcher(resolver=stub_resolver(names), transport=httpx.MockTransport(_no_traffic))
    with pytest.raises(FetchRefused, match="private or local network"):
        await fetcher.fetch(url)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://news.example/a",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://user:secret@news.example/",
        "news.example/a",
        "https://news.example/" + "a" * 3000,
    ],
)
async def test_only_plain_http_links_are_fetched(url: str) -> None:
    fetcher = Fetcher(resolver=stub_resolver(NAMES), transport=httpx.MockTransport(_no_traffic))
    with pytest.raises(FetchRefused):
        await fetcher.fetch(url)


async def test_a_public_address_is_requested_pinned_with_sni_and_host() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, html="<html><body>ok</body></html>")

    names = {"news.example": ["93.184.216.34"]}
    fetcher = Fetcher(resolver=stub_resolver(names), transport=httpx.MockTransport(handler))
    page = await fetcher.fetch("https://news.example/story?id=1")
    assert page.final_url == "https://news.example/story?id=1"
    assert seen[0].url.host == "93.184.216.34"
    assert seen[0].headers["host"] == "news.example"
    assert seen[0].extensions["sni_hostname"] == "news.example"
    assert seen[0].headers["accept-language"] == "en"


async def test_an_unknown_host_says_so() -> None:
    fetcher = Fetcher(resolver=stub_resolver({}), transport=httpx.MockTransport(_no_traffic))
    with pytest.raises(FetchError, match="could not be found"):
        await fetcher.fetch("https://nowhere.example/")


def test_public_address_check() -> None:
    assert is_public_address(ipaddress.ip_address("93.184.216.34"))
    assert is_public_address(ipaddress.ip_address("2606:4700::1111"))
    for private in (
        "10.1.1.1",
        "172.16.0.1",
        "192.168.0.1",
        "127.0.0.1",
        "::1",
        "fe80::1",
        "169.254.1.1",
        "224.0.0.1",
        "240.0.0.1",
        "::ffff:10.0.0.1",
        "fc00::1",
    ):
        assert not is_public_address(ipaddress.ip_address(private)), private


def test_trafilatura_keeps_the_article_and_drops_navigation_ads_and_comments() -> None:
    article = extract_article((PAGES / "kremlin-iran.html").read_bytes(), "https://news.example/a")
    assert article is not None
    assert article.text.startswith("Kremlin warns a strike on Iran")
    assert "Dmitry Peskov said on Thursday" in article.text
    assert "Esmaeil Baghaei" in article.text
    for noise in (
        "truthseeker99",
        "Cheap flights",
        "Subscribe",
        "All rights reserved",
        "my neighbour",
    ):
        assert noise not in article.text
    assert article.published == "2026-11-20"
    assert article.site == "World Wire"


def test_a_page_without_an_article_yields_none() -> None:
    assert extract_article((PAGES / "no-article.html").read_bytes()) is None


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("https://news.example/a", (), "https://news.example/a"),
        ("  https://news.example/a.  ", (), "https://news.example/a"),
        ("Peskov warns on Iran https://news.example/a", (), "https://news.example/a"),
        ("Read this", ("https://news.example/b",), "https://news.example/b"),
        ("https://a.example/ and https://b.example/", (), None),
        ("no link here", (), None),
        ("word " * 40 + "https://news.example/a", (), None),
    ],
)
def test_a_message_counts_as_a_link_only_when_it_is_mostly_one(
    text: str, entities: tuple[str, ...], expected: str | None
) -> None:
    assert link_in(text, entities) == expected


def test_a_text_file_in_windows_1252_keeps_its_curly_quotes() -> None:
    data = "“We reject it,” Orbán said.".encode("cp1252")
    assert document_text("note.txt", data) == "“We reject it,” Orbán said."
    assert document_text("note.txt", "Zelenskyy said “yes”".encode()) == "Zelenskyy said “yes”"

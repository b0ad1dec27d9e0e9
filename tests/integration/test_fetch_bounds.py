"""Bounded fetches against a real loopback server: compressed pages read right, decompression
bombs refused at once in little memory, and every special-purpose address refused."""

from __future__ import annotations

import ipaddress
import time
import tracemalloc
from collections.abc import Iterator

import httpx
import pytest

from services.fetch import Fetcher, FetchError, FetchRefused, is_public_address
from tests.integration.pageserver import BOMB_MEGABYTES, PAGES, gzip_bomb, page_server
from tests.integration.test_fetch import _no_traffic, loopback_fetcher, stub_resolver

LIMIT = 1_000_000
SMALL_MEMORY = 8_000_000  # the 1 MB cap, one 64 KB step, and the bookkeeping around them


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    for layers in (1, 2, 3):
        gzip_bomb(layers)  # built once, before any memory is measured
    with page_server() as (url, _):
        yield url.replace("127.0.0.1", "news.example")


async def fetch_measured(url: str, capsys: pytest.CaptureFixture[str], **policy: object):
    """Fetch `url`; the outcome (page or FetchError), seconds taken and peak bytes allocated."""
    fetcher = loopback_fetcher(max_bytes=LIMIT, **policy)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome: object = await fetcher.fetch(url)
    except FetchError as exc:
        outcome = exc
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    with capsys.disabled():
        print(f"\n  /{url.split('/', 3)[-1]}: {elapsed:.3f} s, peak {peak / 1e6:.1f} MB", end=" ")
    return outcome, elapsed, peak


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/deflate-raw"])
async def test_a_compressed_page_is_read_as_the_page(base: str, path: str) -> None:
    page = await loopback_fetcher(max_bytes=LIMIT).fetch(base + path)
    assert page.content == (PAGES / "kremlin-iran.html").read_bytes()


@pytest.mark.parametrize("layers", [2, 3])
async def test_stacked_encodings_are_refused_before_the_body_is_read(
    base: str, layers: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert len(gzip_bomb(layers)) < 1000  # a few hundred bytes that inflate to 256 MB
    outcome, _, peak = await fetch_measured(f"{base}/bomb/{layers}", capsys)
    assert isinstance(outcome, FetchError)
    assert f"compressed {layers} times over" in str(outcome)
    assert peak < SMALL_MEMORY


async def test_one_layer_inflating_past_the_cap_is_abandoned_in_little_memory(
    base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert BOMB_MEGABYTES * 1_000_000 > 100 * LIMIT
    outcome, _, peak = await fetch_measured(f"{base}/bomb/1", capsys)
    assert isinstance(outcome, FetchError) and "larger than 1 MB" in str(outcome)
    assert peak < SMALL_MEMORY


async def test_a_second_layer_the_header_does_not_name_stays_compressed(
    base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    outcome, _, peak = await fetch_measured(f"{base}/bomb-in-one-header", capsys)
    assert not isinstance(outcome, FetchError)
    assert outcome.content == gzip_bomb(1)  # type: ignore[attr-defined]
    assert len(gzip_bomb(1)) < LIMIT and peak < SMALL_MEMORY


async def test_an_encoding_that_was_not_asked_for_is_refused(base: str) -> None:
    with pytest.raises(FetchError, match=r"encoding I don't read \(br\)"):
        await loopback_fetcher().fetch(f"{base}/brotli")


async def test_the_deadline_covers_a_compressed_body(base: str) -> None:
    with pytest.raises(FetchError, match=r"longer than 0\.5 s"):
        await loopback_fetcher(timeout=0.5).fetch(f"{base}/gzip-slow")


SPECIAL = [
    "2002:7f00:1::1",  # 6to4 around 127.0.0.1
    "2002:5db8:d822::1",  # 6to4 around a public address: still a tunnel
    "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
    "64:ff9b::a00:8",  # NAT64 of 10.0.0.8
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::5db8:d822",  # local-use NAT64
    "2001::5db8:d822",  # Teredo
    "2001:db8::1",
    "3fff::1",
    "fec0::1",
    "fe80::1%1",
    "::7f00:1",  # IPv4-compatible, deprecated
    "::ffff:a9fe:a9fe",
    "100::1",
    "5f00::1",
    "ff02::1",
    "192.0.0.8",
    "192.0.2.10",
    "192.88.99.1",
    "198.18.0.1",
    "198.51.100.7",
    "203.0.113.9",
    "100.64.1.1",
    "255.255.255.255",
    "0.1.2.3",
]


@pytest.mark.parametrize("address", SPECIAL)
def test_special_purpose_addresses_are_not_public(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:4700::1111", "64:ff9b::5db8:d822", "::ffff:5db8:d822"]
)
def test_public_addresses_and_nat64_of_a_public_one_are_allowed(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    ["http://[2002:7f00:1::1]/", "http://[64:ff9b::7f00:1]:8080/", "http://tunnel.example/"],
)
async def test_a_link_through_a_tunnel_to_loopback_is_refused_before_connecting(url: str) -> None:
    names = {"tunnel.example": ["93.184.216.34", "2002:a00:1::1"]}
    fetcher = Fetcher(resolver=stub_resolver(names), transport=httpx.MockTransport(_no_traffic))
    with pytest.raises(FetchRefused, match="private or local network"):
        await fetcher.fetch(url)

"""Fetching a web page a user linked to, without letting the link reach inside our network.

A URL sent to the bot is untrusted input that makes *us* open a connection, so every hop is
checked before it is opened: only http/https, the host resolved here and every address it
resolves to must be public (`services/addresses.py`: no loopback, private, link-local,
multicast, reserved or other special-purpose range, IPv4 inside IPv6 judged as IPv4), and the
connection then goes to the address that was checked — not to a second DNS answer (the SNI and
`Host` header still carry the name, so TLS is verified against it). Redirects are followed by
hand, at most `max_redirects`, each re-checked the same way. The body is read raw and decoded
here, one encoding at most, a step at a time, and abandoned past `max_bytes` decoded
(`services/content_decoding.py`); the whole fetch, decoding included, has one deadline, so
neither a server dripping bytes nor a decompression bomb can hold a handler.

The resolver, the address policy and the transport are parameters: tests serve pages from a
loopback server by passing a policy that allows it, and test the refusal with a resolver stub.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from services.addresses import IPAddress, is_public_address
from services.content_decoding import BodyRefused, BodyTooLarge, content_encoding, read_body

Resolver = Callable[[str, int], Awaitable[list[str]]]
USER_AGENT = "OnRecordBot/0.1 (+news statement archive; fetches only links sent to it)"
MAX_URL_CHARS = 2048
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


class FetchError(ValueError):
    """The page could not be fetched; str(exc) is the one-line reason shown to the user."""


class FetchRefused(FetchError):
    """The link points somewhere the bot must not go (scheme, private address, …)."""


async def system_resolver(host: str, port: int) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 15.0  # the whole fetch, redirects included
    connect_timeout: float = 5.0
    max_bytes: int = 3_000_000
    max_redirects: int = 3
    allow_address: Callable[[IPAddress], bool] = is_public_address


@dataclass(frozen=True)
class FetchedPage:
    url: str  # as the user sent it
    final_url: str  # after redirects: the article's address, stored as its source
    content: bytes
    content_type: str
    charset: str | None


@dataclass
class Fetcher:
    """Fetches one page per call; holds no connections between calls."""

    policy: FetchPolicy = field(default_factory=FetchPolicy)
    resolver: Resolver = system_resolver
    transport: httpx.AsyncBaseTransport | None = None

    async def fetch(self, url: str) -> FetchedPage:
        try:
            async with asyncio.timeout(self.policy.timeout):
                return await self._fetch(url)
        except TimeoutError:
            raise FetchError(
                f"The page took longer than {self.policy.timeout:g} s to load; try again later."
            ) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"Could not load the page ({type(exc).__name__}).") from exc

    async def _fetch(self, url: str) -> FetchedPage:
        timeout = httpx.Timeout(self.policy.timeout, connect=self.policy.connect_timeout)
        async with httpx.AsyncClient(
            transport=self.transport, timeout=timeout, follow_redirects=False, trust_env=False
        ) as client:
            current = url
            for _hop in range(self.policy.max_redirects + 1):
                target = checked_url(current)
                address = await self._checked_address(target)
                request = pinned_request(client, target, address)
                response = await client.send(request, stream=True)
                try:
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        current = str(target.join(location))
                        continue
                    return await self._read(response, url, str(target))
                finally:
                    await response.aclose()
        raise FetchError(f"The link redirects more than {self.policy.max_redirects} times.")

    async def _checked_address(self, url: httpx.URL) -> str:
        """Resolve the host; refuse if *any* answer is not allowed, else pin the first."""
        host = url.host
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [str(literal)]
        else:
            try:
                addresses = await self.resolver(host, url.port or default_port(url.scheme))
            except OSError as exc:
                raise FetchError(f"The site {host} could not be found.") from exc
        if not addresses:
            raise FetchError(f"The site {host} could not be found.")
        for address in addresses:
            if not self.policy.allow_address(ipaddress.ip_address(address)):
                raise FetchRefused(
                    f"I don't fetch {host}: it points to a private or local network address."
                )
        return addresses[0]

    async def _read(self, response: httpx.Response, url: str, final_url: str) -> FetchedPage:
        if response.status_code != 200:
            raise FetchError(f"The site answered {response.status_code}; no article to read.")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type and content_type not in HTML_TYPES:
            raise FetchError(f"The link is a {content_type} file, not a web page.")
        limit = self.policy.max_bytes
        too_large = f"The page is larger than {limit // 1_000_000} MB; not fetched."
        declared = response.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            raise FetchError(too_large)
        try:
            encoding = content_encoding(response.headers.get("content-encoding", ""))
            # The raw stream, not aiter_bytes(): httpx would inflate each layer whole before the
            # cap is checked. (Not aiter_raw() either: it refuses a response built with its
            # content, as a test transport builds them.)
            stream = response.stream
            assert isinstance(stream, httpx.AsyncByteStream)
            body = await read_body(stream, encoding, limit)
        except BodyTooLarge:
            raise FetchError(too_large) from None
        except BodyRefused as exc:
            raise FetchError(str(exc)) from None
        return FetchedPage(
            url=url,
            final_url=final_url,
            content=body,
            content_type=content_type or "text/html",
            charset=response.charset_encoding,
        )


def default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def checked_url(raw: str) -> httpx.URL:
    """Parse and refuse anything that is not a plain http(s) URL with a host name."""
    raw = raw.strip()
    if len(raw) > MAX_URL_CHARS:
        raise FetchRefused(f"That link is longer than {MAX_URL_CHARS} characters.")
    if urlsplit(raw).scheme.lower() not in ("http", "https"):
        raise FetchRefused("I only fetch http:// and https:// links.")
    try:
        url = httpx.URL(raw)
    except (httpx.InvalidURL, ValueError) as exc:
        raise FetchRefused("That link is not a valid web address.") from exc
    if not url.host:
        raise FetchRefused("That link has no site name in it.")
    if url.userinfo:
        raise FetchRefused("I don't fetch links with a user name or password in them.")
    return url


def pinned_request(client: httpx.AsyncClient, url: httpx.URL, address: str) -> httpx.Request:
    """A request to `address` that still names `url.host` in Host and in TLS (SNI, cert)."""
    return client.build_request(
        "GET",
        url.copy_with(host=address),
        headers={
            "Host": url.netloc.decode("ascii"),
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
            "Accept-Language": "en",  # only English is analysed: ask for it where sites offer it
            "Accept-Encoding": "gzip, deflate",  # the encodings content_decoding reads
        },
        extensions={"sni_hostname": url.host},
    )

"""A loopback HTTP server for link tests: saved pages plus a few misbehaving routes.

It runs in a thread on 127.0.0.1 with an ephemeral port and only ever answers this test
process; the bot reaches it because tests give the fetcher a policy that allows loopback
(production refuses it — tested separately with a resolver stub).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).parent / "pages"
BOMB_MEGABYTES = 256  # what the innermost layer of each bomb inflates to


@functools.cache
def gzip_bomb(layers: int) -> bytes:
    """`BOMB_MEGABYTES` of zeros, gzipped `layers` times (two layers: 590 bytes)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    body = b"".join(compressor.compress(zeros) for _ in range(BOMB_MEGABYTES))
    body += compressor.flush()
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


def _article_page() -> bytes:
    return (PAGES / "kremlin-iran.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(
        self,
        status: int,
        body: bytes = b"",
        content_type: str = "text/html",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def handle(self) -> None:
        # the fetcher may hang up on an oversized or endless page: what the tests ask of it
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("Host", "")))  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        if path.startswith("/pages/"):
            file = PAGES / path.removeprefix("/pages/")
            if file.is_file():
                self._send(200, file.read_bytes(), "text/html; charset=utf-8")
            else:
                self._send(404, b"not found")
        elif path.startswith("/bare/"):  # no charset in the header: the page's <meta> decides
            file = PAGES / path.removeprefix("/bare/")
            if file.is_file():
                self._send(200, file.read_bytes(), "text/html")
            else:
                self._send(404, b"not found")
        elif path.startswith("/redirect/"):
            # /redirect/N/target…: N more hops, then to target
            _, _, count, target = path.split("/", 3)
            location = f"/redirect/{int(count) - 1}/{target}" if int(count) > 1 else f"/{target}"
            self._send(302, headers={"Location": location})
        elif path == "/to-private":
            self._send(302, headers={"Location": "http://intranet.example/admin"})
        elif path == "/to-file":
            self._send(302, headers={"Location": "file:///etc/passwd"})
        elif path == "/huge":
            self._send(200, b"<html><body>" + b"<p>word </p>" * 400_000 + b"</body></html>")
        elif path == "/huge-undeclared":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(400):
                self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
        elif path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"<p>drip</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif path == "/gzip":  # an ordinary compressed page
            self._send(200, gzip.compress(_article_page()), headers={"Content-Encoding": "gzip"})
        elif path == "/deflate":  # zlib-wrapped, as the standard says
            self._send(200, zlib.compress(_article_page()), headers={"Content-Encoding": "deflate"})
        elif path == "/deflate-raw":  # raw deflate, as some servers send it
            packer = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
            body = packer.compress(_article_page()) + packer.flush()
            self._send(200, body, headers={"Content-Encoding": "deflate"})
        elif path.startswith("/bomb/"):  # /bomb/N: N gzip layers, each named in the header
            layers = int(path.removeprefix("/bomb/"))
            encoding = ", ".join(["gzip"] * layers)
            self._send(200, gzip_bomb(layers), headers={"Content-Encoding": encoding})
        elif path == "/bomb-in-one-header":  # two layers, one named: the second is junk text
            self._send(200, gzip_bomb(2), headers={"Content-Encoding": "gzip"})
        elif path == "/brotli":
            self._send(200, b"\x0b\x02\x80hello\x03", headers={"Content-Encoding": "br"})
        elif path == "/gzip-slow":  # a compressed page, dripped
            body = gzip.compress(_article_page())
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            try:
                for start in range(0, len(body), 200):
                    self.wfile.write(body[start : start + 200])
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the fetcher's deadline hung up, as it should
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/gone":
            self._send(410, b"gone")
        else:
            self._send(404, b"not found")


@contextmanager
def page_server() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Yields the base URL (http://127.0.0.1:PORT) and the list of (path, Host) requested."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.requests = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.requests  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()

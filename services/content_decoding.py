"""Reading a response body that may be compressed, never past a byte limit.

httpx decodes `Content-Encoding` itself, each layer whole per network chunk: `gzip, gzip` over
1,827 bytes became 2.1 GB before any cap was checked, and three layers took 8.3 GB and 97 s
of CPU in which no deadline could fire. Here the raw bytes are read and decoded by hand:

- at most one encoding, `gzip` or `deflate` (the only ones the fetcher asks for); stacked or
  other encodings are refused from the headers, before the body is read;
- the decompressor is asked for at most `STEP` bytes at a time (zlib's `max_length`), so
  memory holds the limit plus one step, whatever the compression ratio;
- the loop yields to the event loop after each step, so the caller's deadline covers
  decoding as well as the network.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterable

STEP = 64 * 1024
DECODERS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class BodyRefused(ValueError):
    """The body can't be read within the rules; str(exc) is the one-line reason."""


class BodyTooLarge(BodyRefused):
    """The body, decoded, is over the limit."""


def content_encoding(header: str) -> str | None:
    """The one encoding named by a Content-Encoding header (None for none or identity)."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if len(codings) > 1:
        raise BodyRefused(
            f"The page is compressed {len(codings)} times over ({', '.join(codings)}); not fetched."
        )
    if codings and codings[0] not in DECODERS:
        raise BodyRefused(f"The page is sent in an encoding I don't read ({codings[0]}).")
    return codings[0] if codings else None


async def read_body(chunks: AsyncIterable[bytes], encoding: str | None, limit: int) -> bytes:
    """The decoded body from raw `chunks`, or `BodyTooLarge` as soon as it passes `limit`."""
    body = bytearray()
    decoder = zlib.decompressobj(DECODERS[encoding]) if encoding else None
    raw_deflate = False  # `deflate` is meant zlib-wrapped; some servers send it raw
    async for chunk in chunks:
        if decoder is None:
            body.extend(chunk)
            if len(body) > limit:
                raise BodyTooLarge
            continue
        pending = chunk
        while pending and not decoder.eof:
            try:
                body.extend(decoder.decompress(pending, STEP))
            except zlib.error as exc:
                if encoding == "deflate" and not raw_deflate and not body:
                    raw_deflate, decoder = True, zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise BodyRefused("The page's compression is broken.") from exc
            pending = decoder.unconsumed_tail
            if len(body) > limit:
                raise BodyTooLarge
            await asyncio.sleep(0)  # let a deadline fire between steps
    return bytes(body)

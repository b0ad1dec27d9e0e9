"""The handlers for more ways in and out — links, files, channels, search and digest pages —
in one list.

`bot/app.py` adds these before the pasted-text handler: a link or a file in private chat
must reach its own handler first, since the text handler's filter would take it too.
Commands (/search, /sources, /chart) are in the command table like every other; the list
ends with the answer to a command none of them took (`handlers/unknown.py`), which comes
after every command's own handler for the same reason.
"""

from __future__ import annotations

from telegram.ext import BaseHandler

from handlers.channels import channel_handlers
from handlers.digest_pages import digest_page_handlers
from handlers.links import link_handlers
from handlers.search import search_handlers
from handlers.unknown import unknown_command_handlers


def ways_in_and_out() -> list[BaseHandler]:
    return [
        *channel_handlers(),
        *link_handlers(),
        *search_handlers(),
        *digest_page_handlers(),
        *unknown_command_handlers(),
    ]

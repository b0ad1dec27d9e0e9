"""Use cases shared by the bot and the CLI: ingest an article, show a topic, subscribe.

Services call `extraction` and `storage`; they never import telegram, so everything the bot
does can be run and tested without it.
"""

from services.context import Services, open_services

__all__ = ["Services", "open_services"]

"""A strict check of Telegram's HTML parse mode, for asserting on what the bot sends.

Telegram accepts only a few tags, properly nested, and only the entities &lt; &gt; &amp;
&quot; and numeric ones; a stray `<` or `&` makes it reject the whole message
("can't parse entities"). This mirrors those rules.
"""

from __future__ import annotations

import re

TELEGRAM_LIMIT = 4096
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
_TOKEN = re.compile(r"<(/?)([a-z-]+)((?:\s+[a-z-]+(?:=\"[^\"<>]*\")?)*)\s*>|<|&")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


def html_problems(text: str) -> list[str]:
    """Why Telegram would reject `text` in HTML mode; empty if it would not."""
    problems = []
    if len(text) > TELEGRAM_LIMIT:
        problems.append(f"{len(text)} characters, over {TELEGRAM_LIMIT}")
    if not text.strip():
        problems.append("empty message")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        problems.append(f"not encodable as UTF-8: {exc.reason}")
    stack: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token == "&":
            if not _ENTITY.match(text, match.start()):
                problems.append(f"bare & at {match.start()}")
        elif token == "<":
            problems.append(f"bare < at {match.start()}")
        else:
            closing, name = match.group(1), match.group(2)
            if name not in ALLOWED_TAGS:
                problems.append(f"tag <{name}> not allowed")
            elif closing:
                if not stack or stack[-1] != name:
                    problems.append(f"</{name}> closes {stack[-1] if stack else 'nothing'}")
                else:
                    stack.pop()
            else:
                stack.append(name)
    if stack:
        problems.append(f"unclosed {stack}")
    return problems

'use strict';
// Telegram-style parse_mode=HTML: turns markup into plain text + MessageEntity
// list, and rejects what Telegram could not parse (unsupported or unbalanced
// tags, a bare "<", a "&" that is not an entity). Offsets are UTF-16 code
// units, as in the Bot API; error positions are UTF-8 byte offsets, as in
// Telegram's own messages.

class ParseError extends Error {}

const SIMPLE_TAGS = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
};
const ALLOWED_TAGS = new Set([
  ...Object.keys(SIMPLE_TAGS), 'a', 'code', 'pre', 'span', 'blockquote', 'tg-emoji',
]);
const NAMED_ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"' };

function byteOffset(src, index) {
  return Buffer.byteLength(src.slice(0, index), 'utf8');
}

// Decodes the entity starting at src[i] === '&'; returns [text, length] or null.
function decodeEntity(src, i) {
  const m = /^&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,10})|([a-zA-Z]+));/.exec(src.slice(i, i + 16));
  if (!m) return null;
  if (m[3] !== undefined) {
    const named = NAMED_ENTITIES[m[3]];
    return named === undefined ? null : [named, m[0].length];
  }
  const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2], 10);
  if (!(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return [String.fromCodePoint(cp), m[0].length];
}

function decodeAttribute(src, value, at) {
  let out = '';
  for (let k = 0; k < value.length;) {
    if (value[k] === '&') {
      const dec = decodeEntity(value, k);
      if (!dec) {
        throw new ParseError(`Character '&' in an attribute at byte offset ${byteOffset(src, at)} `
          + 'is not a part of an HTML entity');
      }
      out += dec[0];
      k += dec[1];
    } else {
      out += value[k];
      k += 1;
    }
  }
  return out;
}

// Parses `<name attr="v" ...>` starting at src[i] === '<'. Returns {name, attrs, end}.
function parseStartTag(src, i) {
  let j = i + 1;
  while (j < src.length && !/[\s>/]/.test(src[j])) j += 1;
  const name = src.slice(i + 1, j).toLowerCase();
  if (!ALLOWED_TAGS.has(name)) {
    throw new ParseError(`Unsupported start tag "${name}" at byte offset ${byteOffset(src, i)}`);
  }
  const attrs = {};
  for (;;) {
    while (j < src.length && /\s/.test(src[j])) j += 1;
    if (j >= src.length) throw new ParseError(`Unclosed start tag at byte offset ${byteOffset(src, i)}`);
    if (src[j] === '>') return { name, attrs, end: j + 1 };
    const nameStart = j;
    while (j < src.length && /[a-zA-Z0-9_-]/.test(src[j])) j += 1;
    if (j === nameStart) {
      throw new ParseError(`Empty attribute name in the tag "${name}" at byte offset ${byteOffset(src, i)}`);
    }
    const attrName = src.slice(nameStart, j).toLowerCase();
    while (j < src.length && /\s/.test(src[j])) j += 1;
    if (src[j] !== '=') {
      attrs[attrName] = '';
      continue;
    }
    j += 1;
    while (j < src.length && /\s/.test(src[j])) j += 1;
    let value;
    if (src[j] === '"' || src[j] === "'") {
      const close = src.indexOf(src[j], j + 1);
      if (close < 0) throw new ParseError(`Unclosed end tag at byte offset ${byteOffset(src, j)}`);
      value = src.slice(j + 1, close);
      j = close + 1;
    } else {
      const valueStart = j;
      while (j < src.length && !/[\s>]/.test(src[j])) j += 1;
      value = src.slice(valueStart, j);
    }
    attrs[attrName] = decodeAttribute(src, value, nameStart);
  }
}

function entityFor(tag, offset, length) {
  const base = { offset, length };
  if (SIMPLE_TAGS[tag.name]) return { type: SIMPLE_TAGS[tag.name], ...base };
  switch (tag.name) {
    case 'span':
      return { type: 'spoiler', ...base };
    case 'code':
      return { type: 'code', ...base };
    case 'pre':
      return tag.language ? { type: 'pre', ...base, language: tag.language } : { type: 'pre', ...base };
    case 'blockquote':
      return { type: 'expandable' in tag.attrs ? 'expandable_blockquote' : 'blockquote', ...base };
    case 'tg-emoji':
      return { type: 'custom_emoji', ...base, custom_emoji_id: tag.attrs['emoji-id'] };
    case 'a': {
      const href = tag.attrs.href;
      if (!href) return null;
      const mention = /^tg:\/\/user\?id=(\d+)$/.exec(href);
      if (mention) return { type: 'text_mention', ...base, user: { id: Number(mention[1]), is_bot: false, first_name: 'User' } };
      return { type: 'text_link', ...base, url: href };
    }
    default:
      return null;
  }
}

function checkTag(src, tag, at, stack) {
  if (tag.name === 'span' && tag.attrs.class !== 'tg-spoiler') {
    throw new ParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(src, at)}`);
  }
  if (tag.name === 'tg-emoji' && !/^\d+$/.test(tag.attrs['emoji-id'] || '')) {
    throw new ParseError(`Invalid custom emoji identifier specified at byte offset ${byteOffset(src, at)}`);
  }
  if (tag.name === 'blockquote' && stack.some((t) => t.name === 'blockquote')) {
    throw new ParseError(`Blockquote can't be nested at byte offset ${byteOffset(src, at)}`);
  }
  const code = stack.find((t) => t.name === 'code' || t.name === 'pre');
  if (code && !(tag.name === 'code' && code.name === 'pre' && stack[stack.length - 1] === code)) {
    throw new ParseError(`Tag "${tag.name}" can't be nested inside "${code.name}" at byte offset ${byteOffset(src, at)}`);
  }
}

// Telegram trims leading and trailing whitespace of a message and shifts entities.
function trimWithEntities(text, entities) {
  const lead = text.length - text.replace(/^\s+/, '').length;
  const trimmed = text.trim();
  const out = [];
  for (const e of entities) {
    const start = Math.max(e.offset - lead, 0);
    const end = Math.min(e.offset + e.length - lead, trimmed.length);
    if (end > start) out.push({ ...e, offset: start, length: end - start });
  }
  return { text: trimmed, entities: out };
}

function parseHtml(src) {
  let out = '';
  const stack = [];
  const entities = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '&') {
      const dec = decodeEntity(src, i);
      if (!dec) {
        throw new ParseError(`Character '&' at byte offset ${byteOffset(src, i)} is not a part of `
          + 'an HTML entity; replace it with "&amp;"');
      }
      out += dec[0];
      i += dec[1];
    } else if (c !== '<') {
      out += c;
      i += 1;
    } else if (src[i + 1] === '/') {
      const close = src.indexOf('>', i);
      if (close < 0) throw new ParseError(`Unclosed end tag at byte offset ${byteOffset(src, i)}`);
      const name = src.slice(i + 2, close).trim().toLowerCase();
      const top = stack.pop();
      if (!top) throw new ParseError(`Unexpected end tag at byte offset ${byteOffset(src, i)}`);
      if (name !== top.name) {
        throw new ParseError(`Unmatched end tag at byte offset ${byteOffset(src, i)}, `
          + `expected "</${top.name}>", found "</${name}>"`);
      }
      if (top.name === 'code' && stack.length && stack[stack.length - 1].name === 'pre') {
        const lang = /^language-(.+)$/.exec(top.attrs.class || '');
        if (lang) stack[stack.length - 1].language = lang[1];
      } else {
        const entity = entityFor(top, top.offset, out.length - top.offset);
        if (entity && entity.length > 0) entities.push(entity);
      }
      i = close + 1;
    } else {
      const tag = parseStartTag(src, i);
      checkTag(src, tag, i, stack);
      stack.push({ ...tag, offset: out.length });
      i = tag.end;
    }
  }
  if (stack.length) {
    throw new ParseError(`Can't find end tag corresponding to start tag "${stack[stack.length - 1].name}"`);
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return trimWithEntities(out, entities);
}

module.exports = { parseHtml, ParseError, trimWithEntities };

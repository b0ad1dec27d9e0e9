'use strict';
// Bot API methods of the fake server. Each takes (store, params, ctx) and
// returns the `result` or throws ApiError; validation follows what Telegram
// rejects (entities it cannot parse, over-long texts, unknown reply targets,
// invalid commands, ...). Long polling lives in server.js.

const { parseHtml, ParseError } = require('./html');
const { ApiError, nowSec, clone } = require('./store');
const { SECRET_RE } = require('./webhook');

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;
const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice',
  'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note',
]);
const PARSE_MODES = new Set(['html', 'markdown', 'markdownv2']);

const codePoints = (s) => [...s].length;

function formatted(params, field, { limit, tooLong, emptyError }) {
  const raw = params[field];
  if (raw === undefined || raw === null || raw === '') {
    if (emptyError) throw new ApiError(400, emptyError);
    return { text: undefined, entities: undefined };
  }
  if (typeof raw !== 'string') throw new ApiError(400, `Bad Request: ${field} must be a string`);
  const mode = params.parse_mode;
  let parsed;
  if (mode) {
    if (!PARSE_MODES.has(String(mode).toLowerCase())) throw new ApiError(400, 'Bad Request: unsupported parse_mode');
  }
  if (mode && String(mode).toLowerCase() === 'html') {
    try {
      parsed = parseHtml(raw);
    } catch (err) {
      if (err instanceof ParseError) throw new ApiError(400, `Bad Request: can't parse entities: ${err.message}`);
      throw err;
    }
  } else {
    parsed = { text: raw.trim(), entities: params[field === 'text' ? 'entities' : 'caption_entities'] || [] };
  }
  if (!parsed.text && emptyError) throw new ApiError(400, emptyError);
  if (codePoints(parsed.text) > limit) throw new ApiError(400, tooLong);
  return { text: parsed.text, entities: parsed.entities.length ? parsed.entities : undefined };
}

function checkInlineKeyboard(markup) {
  if (markup === undefined || markup === null) return undefined;
  if (typeof markup !== 'object') throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  if (!('inline_keyboard' in markup)) return undefined;  // reply keyboards do not show in the Message
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) {
    throw new ApiError(400, 'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  for (const button of rows.flat()) {
    if (!button || typeof button.text !== 'string' || !button.text) {
      throw new ApiError(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
    }
    if (button.callback_data !== undefined && (!button.callback_data || Buffer.byteLength(button.callback_data) > 64)) {
      throw new ApiError(400, 'Bad Request: BUTTON_DATA_INVALID');
    }
    const kinds = ['url', 'callback_data', 'switch_inline_query', 'switch_inline_query_current_chat',
      'web_app', 'login_url', 'pay', 'callback_game', 'copy_text', 'switch_inline_query_chosen_chat'];
    if (!kinds.some((k) => button[k] !== undefined)) {
      throw new ApiError(400, 'Bad Request: text buttons are unallowed in the inline keyboard');
    }
  }
  return clone(markup);
}

function checkWritable(chat) {
  if (chat.blocked) throw new ApiError(403, chat.blocked);
  if (chat.botStatus === 'left' || chat.botStatus === 'kicked') {
    const kind = chat.info.type === 'channel' ? 'channel chat' : 'group chat';
    throw new ApiError(403, chat.botStatus === 'kicked'
      ? `Forbidden: bot was kicked from the ${kind}` : `Forbidden: bot is not a member of the ${kind}`);
  }
}

function replyTarget(store, chat, params) {
  let reply = params.reply_parameters;
  if (!reply && params.reply_to_message_id) reply = { message_id: Number(params.reply_to_message_id) };
  if (!reply) return undefined;
  const targetChat = reply.chat_id !== undefined ? store.resolveChat(reply.chat_id) : chat;
  const stored = targetChat.messages.get(Number(reply.message_id));
  if (!stored) {
    if (reply.allow_sending_without_reply || params.allow_sending_without_reply) return undefined;
    throw new ApiError(400, 'Bad Request: message to be replied not found');
  }
  const target = clone(stored.message);
  delete target.reply_to_message;
  return target;
}

function sendMessage(store, params) {
  const chat = store.resolveChat(params.chat_id);
  checkWritable(chat);
  const { text, entities } = formatted(params, 'text', {
    limit: TEXT_LIMIT, tooLong: 'Bad Request: message is too long', emptyError: 'Bad Request: message text is empty',
  });
  const replyMarkup = checkInlineKeyboard(params.reply_markup);
  const replyTo = replyTarget(store, chat, params);
  const message = store.newBotMessage(chat, {
    text, entities, reply_markup: replyMarkup, reply_to_message: replyTo,
    link_preview_options: params.link_preview_options,
  });
  store.recordSent(chat, 'sendMessage', 'send', message, params);
  return message;
}

function imageSize(bytes) {
  if (bytes.length > 24 && bytes.readUInt32BE(0) === 0x89504e47) {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length > 10 && bytes.toString('latin1', 0, 3) === 'GIF') {
    return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  }
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    for (let i = 2; i + 9 < bytes.length;) {
      if (bytes[i] !== 0xff) return null;
      const marker = bytes[i + 1];
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { width: bytes.readUInt16BE(i + 7), height: bytes.readUInt16BE(i + 5) };
      }
      i += 2 + bytes.readUInt16BE(i + 2);
    }
  }
  return null;
}

// An InputFile arrives as an uploaded part (directly or via attach://name), or as a file_id.
function inputFile(store, params, field, ctx) {
  let value = params[field];
  if (typeof value === 'string' && value.startsWith('attach://')) value = ctx.uploads[value.slice(9)];
  if (value === undefined || value === null || value === '') throw new ApiError(400, `Bad Request: there is no ${field} in the request`);
  if (typeof value === 'string') {
    if (/^https?:\/\//.test(value)) throw new ApiError(400, 'Bad Request: failed to get HTTP URL content');
    const known = store.files.get(value);
    if (!known) throw new ApiError(400, 'Bad Request: wrong file identifier/HTTP URL specified');
    return known;
  }
  if (!value.bytes.length) throw new ApiError(400, 'Bad Request: file must be non-empty');
  return store.addFile(`${field}s`, value.filename, value.type, value.bytes, value.size);
}

function sendFile(kind) {
  return (store, params, ctx) => {
    const chat = store.resolveChat(params.chat_id);
    checkWritable(chat);
    const { text: caption, entities } = formatted(params, 'caption', {
      limit: CAPTION_LIMIT, tooLong: 'Bad Request: message caption is too long',
    });
    const file = inputFile(store, params, kind, ctx);
    const media = { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length };
    let fields;
    if (kind === 'photo') {
      const size = imageSize(file.bytes);
      if (!size) throw new ApiError(400, 'Bad Request: IMAGE_PROCESS_FAILED');
      fields = { photo: [{ ...media, ...size }] };
    } else {
      fields = { document: { ...media, file_name: file.filename, mime_type: file.mime_type } };
    }
    const message = store.newBotMessage(chat, {
      ...fields, caption, caption_entities: entities,
      reply_markup: checkInlineKeyboard(params.reply_markup), reply_to_message: replyTarget(store, chat, params),
    });
    const record = store.recordSent(chat, kind === 'photo' ? 'sendPhoto' : 'sendDocument', 'send', message, params);
    record.file = { filename: file.filename, size: file.size, bytes: file.bytes.length, mime_type: file.mime_type, sha256: file.sha256 };
    return message;
  };
}

function editableMessage(store, params) {
  const chat = store.resolveChat(params.chat_id);
  const stored = chat.messages.get(Number(params.message_id));
  if (!params.message_id || !stored) throw new ApiError(400, 'Bad Request: message to edit not found');
  if (!stored.fromBot) throw new ApiError(400, "Bad Request: message can't be edited");
  checkWritable(chat);
  return { chat, stored };
}

function commitEdit(store, chat, stored, changes, method, params) {
  const before = stored.message;
  const after = { ...clone(before), ...changes, edit_date: nowSec() };
  for (const key of Object.keys(after)) if (after[key] === undefined) delete after[key];
  const same = (k) => JSON.stringify(before[k] ?? null) === JSON.stringify(after[k] ?? null);
  if (['text', 'entities', 'caption', 'caption_entities', 'reply_markup'].every(same)) {
    throw new ApiError(400, 'Bad Request: message is not modified: specified new message content and reply markup '
      + 'are exactly the same as a current content and reply markup of the message');
  }
  store.storeMessage(chat, after, true);
  store.recordSent(chat, method, 'edit', after, params);
  return after;
}

function editMessageText(store, params) {
  if (params.inline_message_id) return true;
  const { chat, stored } = editableMessage(store, params);
  if (typeof stored.message.text !== 'string') throw new ApiError(400, 'Bad Request: there is no text in the message to edit');
  const { text, entities } = formatted(params, 'text', {
    limit: TEXT_LIMIT, tooLong: 'Bad Request: MESSAGE_TOO_LONG', emptyError: 'Bad Request: message text is empty',
  });
  return commitEdit(store, chat, stored, {
    text, entities, reply_markup: checkInlineKeyboard(params.reply_markup), link_preview_options: params.link_preview_options,
  }, 'editMessageText', params);
}

function editMessageReplyMarkup(store, params) {
  if (params.inline_message_id) return true;
  const { chat, stored } = editableMessage(store, params);
  return commitEdit(store, chat, stored, { reply_markup: checkInlineKeyboard(params.reply_markup) },
    'editMessageReplyMarkup', params);
}

function deleteMessage(store, params) {
  const chat = store.resolveChat(params.chat_id);
  const stored = chat.messages.get(Number(params.message_id));
  if (!stored) throw new ApiError(400, 'Bad Request: message to delete not found');
  chat.messages.delete(Number(params.message_id));
  store.recordSent(chat, 'deleteMessage', 'delete', stored.message, params);
  return true;
}

function sendChatAction(store, params) {
  const chat = store.resolveChat(params.chat_id);
  if (!CHAT_ACTIONS.has(params.action)) throw new ApiError(400, 'Bad Request: wrong parameter action in request');
  checkWritable(chat);
  chat.actions.push({ action: params.action, time: Date.now() / 1000 });
  return true;
}

function scopeKey(params) {
  const scope = params.scope || { type: 'default' };
  if (typeof scope !== 'object' || typeof scope.type !== 'string') throw new ApiError(400, "Bad Request: can't parse BotCommandScope JSON object");
  const key = [scope.type, scope.chat_id, scope.user_id].filter((x) => x !== undefined).join(':');
  return `${key}|${params.language_code || ''}`;
}

function setMyCommands(store, params) {
  const commands = params.commands;
  if (!Array.isArray(commands)) throw new ApiError(400, "Bad Request: can't parse commands JSON object");
  if (commands.length > 100) throw new ApiError(400, 'Bad Request: too many commands');
  for (const c of commands) {
    if (!c || typeof c.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw new ApiError(400, 'Bad Request: BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || !c.description.trim() || codePoints(c.description) > 256) {
      throw new ApiError(400, 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID');
    }
  }
  store.commands.set(scopeKey(params), clone(commands));
  return true;
}

function textSetting(field, key, limit) {
  const setter = (store, params) => {
    const value = params[field] ?? '';
    if (typeof value !== 'string' || codePoints(value) > limit) throw new ApiError(400, `Bad Request: ${field} is too long`);
    store.descriptions.set(`${key}|${params.language_code || ''}`, value);
    return true;
  };
  const getter = (store, params) => ({ [field]: store.descriptions.get(`${key}|${params.language_code || ''}`) ?? '' });
  return [setter, getter];
}

function chatFullInfo(chat) {
  return {
    ...clone(chat.info),
    accent_color_id: 0,
    max_reaction_count: 11,
    accepted_gift_types: {
      unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false, gifts_from_channels: false,
    },
  };
}

function getChatMember(store, params) {
  const chat = store.resolveChat(params.chat_id);
  const userId = Number(params.user_id);
  if (!Number.isInteger(userId) || userId <= 0) throw new ApiError(400, 'Bad Request: invalid user_id specified');
  if (userId === store.botId) {
    const status = chat.botStatus || 'member';
    return clone(chat.members.get(userId)) || { status, user: store.botUser() };
  }
  const known = chat.members.get(userId);
  if (known && known.status) return clone(known);
  const user = known ? known.user : { id: userId, is_bot: false, first_name: `User${userId}` };
  if (chat.info.type === 'private' && userId !== chat.info.id) throw new ApiError(400, 'Bad Request: user not found');
  return { status: 'member', user: clone(user) };
}

function leaveChat(store, params) {
  const chat = store.resolveChat(params.chat_id);
  if (chat.info.type === 'private') throw new ApiError(400, "Bad Request: chat member status can't be changed in private chats");
  chat.botStatus = 'left';
  return true;
}

function answerCallbackQuery(store, params) {
  const entry = store.callbackQueries.get(String(params.callback_query_id));
  if (!entry || entry.answered) {
    throw new ApiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid');
  }
  if (params.text && codePoints(params.text) > 200) throw new ApiError(400, 'Bad Request: MESSAGE_TOO_LONG');
  entry.answered = { text: params.text, show_alert: Boolean(params.show_alert), time: Date.now() / 1000 };
  return true;
}

function getFile(store, params) {
  const file = store.files.get(params.file_id);
  if (!file) throw new ApiError(400, 'Bad Request: invalid file_id');
  return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length, file_path: file.file_path };
}

const [setMyDescription, getMyDescription] = textSetting('description', 'description', 512);
const [setMyShortDescription, getMyShortDescription] = textSetting('short_description', 'short', 120);
const [setMyName, getMyName] = textSetting('name', 'name', 64);

const METHODS = {
  getUpdates: null,  // long polling: handled by the server itself
  getMe: (store) => ({
    ...store.botUser(), can_join_groups: true, can_read_all_group_messages: false,
    supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false,
  }),
  logOut: () => true,
  close: () => true,
  deleteWebhook: (store, params) => {
    store.webhookUrl = '';
    store.webhookSecret = '';
    if (params.drop_pending_updates) store.updates = [];
    return true;
  },
  setWebhook: (store, params) => {
    if (!params.url) throw new ApiError(400, 'Bad Request: bad webhook: an HTTPS URL must be provided for webhook');
    if (params.secret_token !== undefined && !SECRET_RE.test(String(params.secret_token))) {
      throw new ApiError(400, 'Bad Request: secret token contains unallowed characters');
    }
    if (params.drop_pending_updates) store.updates = [];
    if (Array.isArray(params.allowed_updates)) store.allowedUpdates = params.allowed_updates;
    store.webhookUrl = params.url;
    store.webhookSecret = params.secret_token ? String(params.secret_token) : '';
    store.wakeWaiters();  // the pusher starts posting what is pending
    return true;
  },
  getWebhookInfo: (store) => ({ url: store.webhookUrl, has_custom_certificate: false, pending_update_count: store.updates.length }),
  sendMessage,
  sendDocument: sendFile('document'),
  sendPhoto: sendFile('photo'),
  editMessageText,
  editMessageReplyMarkup,
  deleteMessage,
  sendChatAction,
  setMyCommands,
  getMyCommands: (store, params) => clone(store.commands.get(scopeKey(params))) || [],
  deleteMyCommands: (store, params) => { store.commands.delete(scopeKey(params)); return true; },
  setMyDescription,
  getMyDescription,
  setMyShortDescription,
  getMyShortDescription,
  setMyName,
  getMyName,
  answerCallbackQuery,
  leaveChat,
  getChat: (store, params) => chatFullInfo(store.resolveChat(params.chat_id)),
  getChatMember,
  getFile,
};

// Telegram method names are case-insensitive.
const BY_LOWER_NAME = new Map(Object.entries(METHODS).map(([name, fn]) => [name.toLowerCase(), { name, fn }]));

// Methods that create a message: what "send number N" and fault injection count by default.
const SEND_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto']);

module.exports = { METHODS, BY_LOWER_NAME, SEND_METHODS, checkWritable };

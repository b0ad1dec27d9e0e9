'use strict';
// In-memory state of the fake Bot API: chats and their messages, the update
// queue with Telegram's offset semantics, what the bot sent, the call log,
// and the faults/holds tests arm through the control API.

const crypto = require('crypto');
const TelegramServer = require('telegram-test-api');

// Never started: only its client's message builders are used (makeMessage).
const upstream = new TelegramServer({ port: 1, host: '127.0.0.1', storeTimeout: 1e9 });

const DEFAULT_EXCLUDED_UPDATES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);
const MESSAGE_KEYS = [
  'message', 'edited_message', 'channel_post', 'edited_channel_post',
  'business_message', 'edited_business_message',
];

class ApiError extends Error {
  constructor(code, description, parameters) {
    super(description);
    this.code = code;
    this.description = description;
    this.parameters = parameters;
  }
}

const nowSec = () => Math.floor(Date.now() / 1000);
const clone = (x) => (x === undefined ? undefined : JSON.parse(JSON.stringify(x)));

function updateType(update) {
  return Object.keys(update).find((k) => k !== 'update_id');
}

class Store {
  constructor({ botUsername = 'OnRecordTestBot', botName = 'OnRecord Test' } = {}) {
    this.botUsername = botUsername;
    this.botName = botName;
    this.botId = 1;
    this.nextUpdateId = 1;  // monotonic across resets, like Telegram's
    this.nextCallSeq = 1;
    this.reset();
  }

  reset() {
    this.updates = [];
    this.allowedUpdates = null;
    this.waiters = this.waiters || [];  // a poller waiting across a reset still gets new updates
    this.chats = new Map();
    this.sent = [];
    this.calls = [];
    this.files = new Map();
    this.nextFileSeq = 1;
    this.commands = new Map();
    this.descriptions = new Map();
    this.callbackQueries = new Map();
    this.nextCallbackSeq = 1;
    this.webhookUrl = '';
    this.webhookSecret = '';
    this.webhookDeliveries = [];
    this.faults = [];
    this.floodUntil = new Map();
    this.holds = [];
    this.strictChats = false;  // opt-in: unknown chats are "chat not found", as on Telegram
    this.limits = null;  // opt-in Telegram rate limits, see POST /control/limits
    this.acceptedSends = [];  // {time, chatId} of accepted sends, for the limits
    this.nextHoldId = 1;
    this.sendCount = 0;
    this.chatSendCount = new Map();
    for (const h of this.held || []) {
      h.done = true;
      h.discarded = true;  // held across a reset: never processed into the new state
      h.resolve();
    }
    this.held = [];
  }

  botUser() {
    return { id: this.botId, is_bot: true, first_name: this.botName, username: this.botUsername };
  }

  // --- chats and messages -------------------------------------------------

  chat(chatId, create = true) {
    let chat = this.chats.get(chatId);
    if (!chat && create) {
      const info = chatId > 0
        ? { id: chatId, type: 'private', first_name: `User${chatId}` }
        : { id: chatId, type: chatId < -1e12 ? 'supergroup' : 'group', title: `Chat ${chatId}` };
      chat = { info, nextMessageId: 1, messages: new Map(), blocked: null, botStatus: null, members: new Map(), actions: [] };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  registerChat(info) {
    if (!info || typeof info.id !== 'number') throw new ApiError(400, 'update needs a chat with a numeric id');
    const chat = this.chat(info.id);
    chat.info = { ...chat.info, ...info };
    if (info.type !== 'private') delete chat.info.first_name;
    return chat;
  }

  resolveChat(chatId) {
    if (chatId === undefined || chatId === null || chatId === '') {
      throw new ApiError(400, 'Bad Request: chat_id is empty');
    }
    if (typeof chatId === 'string' && chatId.startsWith('@')) {
      const name = chatId.slice(1).toLowerCase();
      for (const chat of this.chats.values()) {
        if ((chat.info.username || '').toLowerCase() === name) return chat;
      }
      throw new ApiError(400, 'Bad Request: chat not found');
    }
    const id = Number(chatId);
    if (!Number.isInteger(id) || id === 0) throw new ApiError(400, 'Bad Request: chat not found');
    if (this.strictChats && !this.chats.has(id)) throw new ApiError(400, 'Bad Request: chat not found');
    return this.chat(id);
  }

  storeMessage(chat, message, fromBot) {
    if (typeof message.message_id !== 'number') message.message_id = chat.nextMessageId;
    chat.nextMessageId = Math.max(chat.nextMessageId, message.message_id + 1);
    const previous = chat.messages.get(message.message_id);
    chat.messages.set(message.message_id, {
      message, fromBot, edits: previous ? [...previous.edits, previous.message] : [],
    });
    if (message.from && !message.from.is_bot) chat.members.set(message.from.id, { user: message.from });
    return message;
  }

  newBotMessage(chat, fields) {
    const message = {
      message_id: chat.nextMessageId, from: this.botUser(), chat: clone(chat.info), date: nowSec(), ...fields,
    };
    return this.storeMessage(chat, message, true);
  }

  // --- updates ------------------------------------------------------------

  inject(raw) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ApiError(400, 'update must be an object');
    const update = clone(raw);
    delete update.update_id;
    const type = updateType(update);
    if (!type) throw new ApiError(400, 'update has no payload');
    if (MESSAGE_KEYS.includes(type)) this.normalizeMessageUpdate(update[type], type.startsWith('edited_'));
    if (type === 'callback_query') this.normalizeCallbackQuery(update.callback_query);
    if (type === 'my_chat_member' || type === 'chat_member') this.normalizeMemberUpdate(update[type], type);
    update.update_id = this.nextUpdateId;
    this.nextUpdateId += 1;
    this.updates.push({ update_id: update.update_id, ...update });
    this.wakeWaiters();
    return this.updates[this.updates.length - 1];
  }

  normalizeMessageUpdate(message, edited) {
    const chat = this.registerChat(message.chat);
    message.chat = clone(chat.info);
    if (typeof message.date !== 'number') message.date = nowSec();
    if (edited && typeof message.edit_date !== 'number') message.edit_date = nowSec();
    if (chat.info.type === 'private' && !message.from) {
      message.from = { id: chat.info.id, is_bot: false, first_name: chat.info.first_name || 'User' };
    }
    this.storeMessage(chat, message, false);
  }

  normalizeCallbackQuery(query) {
    if (!query.from) throw new ApiError(400, 'callback_query needs from');
    if (!query.id) query.id = String(this.nextCallbackSeq++);
    const message = query.message || {};
    if (message.chat) {
      const chat = this.registerChat(message.chat);
      if (typeof query.chat_instance !== 'string') query.chat_instance = `instance${chat.info.id}`;
      const stored = typeof message.message_id === 'number'
        ? chat.messages.get(message.message_id)
        : [...chat.messages.values()].reverse().find((m) => m.fromBot);
      query.message = { ...(stored ? clone(stored.message) : {}), ...message };
      if (typeof query.message.message_id !== 'number') query.message.message_id = chat.nextMessageId - 1;
      if (typeof query.message.date !== 'number') query.message.date = nowSec();
      query.message.chat = clone(chat.info);
    } else if (typeof query.chat_instance !== 'string') {
      query.chat_instance = 'instance0';
    }
    this.callbackQueries.set(query.id, { answered: false, query });
  }

  normalizeMemberUpdate(event, type) {
    const chat = this.registerChat(event.chat);
    event.chat = clone(chat.info);
    if (typeof event.date !== 'number') event.date = nowSec();
    const member = event.new_chat_member;
    if (!member || !member.user) return;
    if (type === 'my_chat_member' || member.user.id === this.botId) {
      chat.botStatus = member.status;
      if (chat.info.type === 'private') {
        chat.blocked = member.status === 'kicked' ? 'Forbidden: bot was blocked by the user' : null;
      }
    }
    chat.members.set(member.user.id, clone(member));
  }

  deliverable(offset, limit) {
    if (offset !== undefined && offset !== null && offset !== 0) {
      if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
      else this.updates = this.updates.slice(offset);
    }
    const allowed = this.allowedUpdates;
    return this.updates
      .filter((u) => {
        const type = updateType(u);
        return allowed && allowed.length ? allowed.includes(type) : !DEFAULT_EXCLUDED_UPDATES.has(type);
      })
      .slice(0, limit);
  }

  wakeWaiters() {
    for (const waiter of [...this.waiters]) waiter.poll();
    if (this.webhookPusher) this.webhookPusher.kick();
  }

  // --- user-side builders (telegram-test-api's client does the shape) -------

  userMessage({ user_id: userId, text, chat_id: chatId, first_name: firstName, username, message: extra }) {
    if (!Number.isInteger(userId) || userId <= 0) throw new ApiError(400, 'user_id must be a positive integer');
    if (typeof text !== 'string' || !text.trim()) throw new ApiError(400, 'text must be a non-empty string');
    if ([...text].length > 4096) {
      throw new ApiError(400, 'a Telegram user cannot send more than 4096 characters in one message; send it in parts');
    }
    const client = upstream.getClient('unused', {
      userId, chatId: chatId || userId, firstName: firstName || `User${userId}`, userName: username || `user${userId}`,
    });
    const message = client.makeMessage(text);
    delete message.botToken;
    delete message.chat.title;
    message.date = nowSec();
    const command = /^\/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?/.exec(text);
    if (command) message.entities = [{ type: 'bot_command', offset: 0, length: command[0].length }];
    if (chatId && chatId !== userId) {
      const known = this.chats.get(chatId);
      message.chat = known ? clone(known.info) : { id: chatId, type: chatId < -1e12 ? 'supergroup' : 'group', title: `Chat ${chatId}` };
    }
    return { message: { ...message, ...(extra || {}) } };
  }

  // --- files ----------------------------------------------------------------

  addFile(folder, filename, mimeType, bytes, declaredSize) {
    const seq = this.nextFileSeq++;
    const file = {
      file_id: `FILE${seq}-${crypto.randomBytes(6).toString('hex')}`,
      file_unique_id: `U${seq}`,
      file_path: `${folder}/file_${seq}`,
      filename,
      mime_type: mimeType || 'application/octet-stream',
      size: declaredSize ?? bytes.length,
      bytes,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
    };
    this.files.set(file.file_id, file);
    return file;
  }

  // --- bookkeeping --------------------------------------------------------

  recordSent(chat, method, kind, message, params) {
    const record = {
      seq: this.sent.length + 1,
      chat_id: chat.info.id,
      method,
      kind,
      message_id: message ? message.message_id : null,
      text: message ? (message.text ?? message.caption ?? null) : null,
      params,
      time: Date.now() / 1000,
    };
    this.sent.push(record);
    return record;
  }
}

module.exports = { Store, ApiError, nowSec, clone, updateType, MESSAGE_KEYS };

'use strict';
// Control API for tests: inject updates, read what the bot sent, arm faults
// and holds. Every route returns {"ok": true, "result": ...}; errors are
// {"ok": false, "error_code", "description"}. See README.md.

const { ApiError, clone } = require('./store');
const { SEND_METHODS } = require('./methods');

const DEFAULT_DESCRIPTIONS = {
  400: 'Bad Request: injected failure',
  403: 'Forbidden: bot was blocked by the user',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

function intParam(value, name, { required = false, min } = {}) {
  if (value === undefined || value === null || value === '') {
    if (required) throw new ApiError(400, `${name} is required`);
    return null;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || (min !== undefined && n < min)) throw new ApiError(400, `${name} must be an integer${min !== undefined ? ` >= ${min}` : ''}`);
  return n;
}

function methodsParam(value) {
  if (value === undefined || value === null) return [...SEND_METHODS];
  if (!Array.isArray(value) || !value.every((m) => typeof m === 'string')) throw new ApiError(400, 'methods must be a list of method names');
  return value;
}

function controlRoutes(api) {
  const store = () => api.store;
  const heldView = (h) => ({
    id: h.id, call_seq: h.call_seq, method: h.method, chat_id: h.chat_id, mode: h.mode, since: h.since,
    processed: h.processed, client_closed: h.client_closed,
  });

  return {
    'GET /control/state': () => {
      const s = store();
      return {
        bot: s.botUser(),
        send_count: s.sendCount,
        chat_send_counts: Object.fromEntries(s.chatSendCount),
        pending_updates: s.updates.length,
        next_update_id: s.nextUpdateId,
        waiting_pollers: s.waiters.length,
        allowed_updates: s.allowedUpdates,
        webhook_url: s.webhookUrl,
        webhook_deliveries: s.webhookDeliveries.map((d) => ({ ...d })),
        chats: [...s.chats.keys()],
        commands: Object.fromEntries(s.commands),
        descriptions: Object.fromEntries(s.descriptions),
        faults: s.faults.map((f) => ({ ...f })),
        limits: s.limits,
        strict_chats: s.strictChats,
        holds: s.holds.map((h) => ({ ...h })),
        held: s.held.filter((h) => !h.done).map(heldView),
        calls: s.calls.length,
      };
    },

    'POST /control/reset': () => {
      store().reset();
      return true;
    },

    'POST /control/updates': (update) => clone(store().inject(update)),
    'GET /control/updates': () => clone(store().updates),

    'POST /control/send_text': (payload) => {
      const s = store();
      return clone(s.inject(s.userMessage(payload)));
    },

    'POST /control/callback_query': (payload) => {
      const userId = intParam(payload.user_id, 'user_id', { required: true, min: 1 });
      const chatId = intParam(payload.chat_id, 'chat_id') ?? userId;
      if (typeof payload.data !== 'string') throw new ApiError(400, 'data must be a string');
      const s = store();
      const chat = s.chats.get(chatId);
      const from = (chat && chat.members.get(userId) && chat.members.get(userId).user)
        || { id: userId, is_bot: false, first_name: `User${userId}` };
      const message = { chat: chat ? clone(chat.info) : { id: chatId, type: 'private', first_name: from.first_name } };
      if (payload.message_id !== undefined) message.message_id = intParam(payload.message_id, 'message_id');
      return clone(s.inject({ callback_query: { from, message, data: payload.data } }));
    },

    'GET /control/sent': (_payload, query) => {
      const chatId = intParam(query.chat_id, 'chat_id');
      const since = intParam(query.since, 'since') ?? 0;
      return store().sent.filter((r) => (chatId === null || r.chat_id === chatId) && r.seq > since
        && (!query.kind || r.kind === query.kind));
    },

    'GET /control/messages': (_payload, query) => {
      const chat = store().chats.get(intParam(query.chat_id, 'chat_id', { required: true }));
      if (!chat) return [];
      return [...chat.messages.values()]
        .sort((a, b) => a.message.message_id - b.message.message_id)
        .map((m) => ({ from_bot: m.fromBot, message: clone(m.message), edits: clone(m.edits) }));
    },

    'GET /control/actions': (_payload, query) => {
      const chat = store().chats.get(intParam(query.chat_id, 'chat_id', { required: true }));
      return chat ? clone(chat.actions) : [];
    },

    'GET /control/calls': (_payload, query) => {
      const since = intParam(query.since, 'since') ?? 0;
      return store().calls.filter((c) => c.seq > since && (!query.method || c.method === query.method));
    },

    'GET /control/callback_answers': () => [...store().callbackQueries.entries()]
      .map(([id, entry]) => ({ id, answered: entry.answered })),

    'POST /control/fail': (payload) => {
      const code = intParam(payload.code, 'code') ?? 429;
      if (![400, 403, 429, 500, 502].includes(code)) throw new ApiError(400, 'code must be one of 400, 403, 429, 500, 502');
      const fault = {
        chat_id: intParam(payload.chat_id, 'chat_id'),
        remaining: intParam(payload.count, 'count', { min: 1 }) ?? 1,
        fired: 0,
        code,
        retry_after: intParam(payload.retry_after, 'retry_after', { min: 1 }) ?? 1,
        description: payload.description || DEFAULT_DESCRIPTIONS[code],
        methods: methodsParam(payload.methods),
        enforce: payload.enforce !== false,
      };
      store().faults.push(fault);
      return { ...fault };
    },

    'POST /control/block': (payload) => {
      const s = store();
      const chat = s.chat(intParam(payload.chat_id, 'chat_id', { required: true }));
      chat.blocked = payload.blocked === false ? null : (payload.description || DEFAULT_DESCRIPTIONS[403]);
      return { chat_id: chat.info.id, blocked: chat.blocked };
    },

    'POST /control/hold': (payload) => {
      const s = store();
      const mode = payload.mode || 'after';
      if (!['after', 'before'].includes(mode)) throw new ApiError(400, 'mode must be "after" or "before"');
      const hold = {
        id: s.nextHoldId++,
        remaining: intParam(payload.n, 'n', { min: 1 }) ?? 1,
        chat_id: intParam(payload.chat_id, 'chat_id'),
        methods: methodsParam(payload.methods),
        mode,
      };
      s.holds.push(hold);
      return { ...hold };
    },

    'GET /control/held': () => store().held.filter((h) => !h.done).map(heldView),

    'POST /control/release': (payload) => {
      const s = store();
      const id = intParam(payload.id, 'id');
      const targets = s.held.filter((h) => !h.done && (id === null || h.id === id));
      for (const h of targets) {
        h.done = true;
        h.resolve();
      }
      s.held = s.held.filter((h) => !h.done);
      return { released: targets.length };
    },

    'POST /control/files': (payload) => {
      if (typeof payload.filename !== 'string' || !payload.filename) throw new ApiError(400, 'filename is required');
      let bytes;
      if (typeof payload.content_base64 === 'string') bytes = Buffer.from(payload.content_base64, 'base64');
      else if (typeof payload.text === 'string') bytes = Buffer.from(payload.text, 'utf8');
      else throw new ApiError(400, 'content_base64 or text is required');
      const file = store().addFile('documents', payload.filename, payload.mime_type, bytes);
      return {
        file_id: file.file_id, file_unique_id: file.file_unique_id, file_name: file.filename,
        mime_type: file.mime_type, file_size: bytes.length,
      };
    },

    'POST /control/config': (payload) => {
      const s = store();
      if (payload.strict_chats !== undefined) s.strictChats = Boolean(payload.strict_chats);
      return { strict_chats: s.strictChats };
    },

    'POST /control/limits': (payload) => {
      const s = store();
      if (payload.enabled === false) {
        s.limits = null;
        return null;
      }
      s.limits = {
        global_per_second: intParam(payload.global_per_second, 'global_per_second', { min: 1 }) ?? 30,
        group_per_minute: intParam(payload.group_per_minute, 'group_per_minute', { min: 1 }) ?? 20,
        chat_per_second: intParam(payload.chat_per_second, 'chat_per_second', { min: 1 }),
        methods: methodsParam(payload.methods),
      };
      s.acceptedSends = [];
      return { ...s.limits };
    },

    'POST /control/clear_faults': () => {
      const s = store();
      s.faults = [];
      s.holds = [];
      s.floodUntil.clear();
      s.limits = null;
      for (const chat of s.chats.values()) chat.blocked = null;
      return true;
    },
  };
}

module.exports = { controlRoutes };

'use strict';
// What tests arm through the control API, applied to each send: holds (answer later, or
// process later), injected failures with Telegram's flood-wait windows, and opt-in rate limits.

const { ApiError } = require('./store');
const { SEND_METHODS } = require('./methods');

function countSend(store, method, chatId) {
  let trigger = null;
  for (const hold of store.holds) {
    if (!hold.methods.includes(method)) continue;
    if (hold.chat_id !== null && hold.chat_id !== chatId) continue;
    hold.remaining -= 1;
    if (hold.remaining === 0 && !trigger) trigger = hold;
  }
  if (SEND_METHODS.has(method)) {
    store.sendCount += 1;
    store.chatSendCount.set(chatId, (store.chatSendCount.get(chatId) || 0) + 1);
  }
  store.holds = store.holds.filter((h) => h.remaining > 0);
  return trigger;
}

function holdRequest(store, log, res, call, method, chatId, hold) {
  const held = {
    id: hold.id, call_seq: call.seq, method, chat_id: chatId, mode: hold.mode, since: Date.now() / 1000,
    processed: false, client_closed: false,
  };
  held.released = new Promise((resolve) => { held.resolve = resolve; });
  res.on('close', () => {
    if (!res.writableEnded) held.client_closed = true;
  });
  call.held = true;
  store.held.push(held);
  log(`holding ${method} to ${chatId} (hold ${hold.id})`);
  return held;
}

// Opt-in: Telegram's documented limits (30 messages/s overall, 20/min per group).
function checkLimits(store, method, chatId, call) {
  const limits = store.limits;
  if (!limits || !limits.methods.includes(method)) return;
  const now = Date.now();
  const sends = store.acceptedSends.filter((s) => s.time > now - 60_000);
  store.acceptedSends = sends;
  const refuse = (windowSends, windowMs) => {
    const retryAfter = Math.max(1, Math.ceil((windowSends[0].time + windowMs - now) / 1000));
    call.rate_limited = true;
    throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
  };
  const lastSecond = sends.filter((s) => s.time > now - 1000);
  if (limits.global_per_second && lastSecond.length >= limits.global_per_second) refuse(lastSecond, 1000);
  const chat = store.chats.get(chatId);
  const isGroup = typeof chatId === 'number' && chatId < 0 && (!chat || chat.info.type !== 'channel');
  if (isGroup && limits.group_per_minute) {
    const inChat = sends.filter((s) => s.chatId === chatId);
    if (inChat.length >= limits.group_per_minute) refuse(inChat, 60_000);
  }
  if (limits.chat_per_second) {
    const inChat = lastSecond.filter((s) => s.chatId === chatId);
    if (inChat.length >= limits.chat_per_second) refuse(inChat, 1000);
  }
}

function checkFaults(store, method, chatId, call) {
  const now = Date.now();
  for (const key of [chatId, '*']) {
    const flood = store.floodUntil.get(key);
    if (flood && flood.until > now && flood.methods.includes(method)) {
      const retryAfter = Math.max(1, Math.ceil((flood.until - now) / 1000));
      call.flood_violation = true;
      throw new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
    }
  }
  const fault = store.faults.find((f) => f.remaining > 0 && f.methods.includes(method)
    && (f.chat_id === null || f.chat_id === chatId));
  if (!fault) return;
  fault.remaining -= 1;
  fault.fired += 1;
  store.faults = store.faults.filter((f) => f.remaining > 0);
  call.injected_fault = fault.code;
  if (fault.code === 429) {
    if (fault.enforce) {
      store.floodUntil.set(fault.chat_id === null ? '*' : chatId, { until: now + fault.retry_after * 1000, methods: fault.methods });
    }
    throw new ApiError(429, fault.description || `Too Many Requests: retry after ${fault.retry_after}`, { retry_after: fault.retry_after });
  }
  throw new ApiError(fault.code, fault.description);
}

module.exports = { countSend, holdRequest, checkLimits, checkFaults };

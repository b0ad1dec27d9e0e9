'use strict';
// getUpdates with Telegram's semantics: long polling (held until an update arrives or the
// timeout passes), offset confirmation, limit, allowed_updates, and 409 for a second poller.

const { ApiError, clone } = require('./store');
const { send, apiError } = require('./respond');

async function getUpdates(store, res, params, call, finish) {
  if (store.webhookUrl) {
    const err = new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    finish(409, apiError(res, err));
    return;
  }
  const limit = Math.min(Math.max(Number(params.limit) || 100, 1), 100);
  const timeout = Math.max(Number(params.timeout) || 0, 0);
  if (Array.isArray(params.allowed_updates)) store.allowedUpdates = params.allowed_updates;
  for (const other of [...store.waiters]) {
    other.respond(409, {
      ok: false, error_code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
  }
  const offset = params.offset;
  const first = store.deliverable(offset, limit);
  if (first.length || timeout === 0) {
    const payload = { ok: true, result: clone(first) };
    call.update_ids = first.map((u) => u.update_id);
    finish(200, payload);
    send(res, 200, payload);
    return;
  }
  await new Promise((resolve) => {
    const waiter = {
      respond: (status, payload) => {
        clearTimeout(waiter.timer);
        store.waiters = store.waiters.filter((w) => w !== waiter);
        if (payload.ok) call.update_ids = payload.result.map((u) => u.update_id);
        finish(status, payload);
        send(res, status, payload);
        resolve();
      },
      poll: () => {
        const ready = store.deliverable(undefined, limit);
        if (ready.length) waiter.respond(200, { ok: true, result: clone(ready) });
      },
    };
    waiter.timer = setTimeout(() => waiter.respond(200, { ok: true, result: [] }), timeout * 1000);
    res.on('close', () => {
      if (!res.writableEnded && store.waiters.includes(waiter)) {
        call.client_closed = true;
        waiter.respond(499, { ok: false, error_code: 499, description: 'client closed the request' });
      }
    });
    store.waiters.push(waiter);
  });
}

module.exports = { getUpdates };

'use strict';
// Webhook delivery with Telegram's semantics: after setWebhook, each pending update (in
// order, one at a time) is POSTed as JSON to the URL, with X-Telegram-Bot-Api-Secret-Token
// when setWebhook gave a secret_token. A 2xx answer confirms the update (it leaves the
// queue); anything else, or no answer, and it is posted again after a pause. getUpdates
// answers 409 while a webhook is set (polling.js). Every attempt is kept for the tests
// (GET /control/state: webhook_deliveries).

const http = require('http');
const https = require('https');

const RETRY_MS = 500;
const TIMEOUT_MS = 60_000;
const SECRET_RE = /^[A-Za-z0-9_-]{1,256}$/;

function post(url, update, secret) {
  const body = Buffer.from(JSON.stringify(update));
  const headers = { 'content-type': 'application/json', 'content-length': body.length };
  if (secret) headers['x-telegram-bot-api-secret-token'] = secret;
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve) => {
    const req = client.request(url, { method: 'POST', headers, timeout: TIMEOUT_MS }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

class WebhookPusher {
  constructor(store, log) {
    this.store = store;
    this.log = log;
    this.running = false;
  }

  // Called whenever an update arrives or the webhook changes.
  kick() {
    if (!this.running) this.run();
  }

  async run() {
    this.running = true;
    const store = this.store;
    try {
      for (;;) {
        const url = store.webhookUrl;
        const [update] = url ? store.deliverable(undefined, 1) : [];
        if (!update) return;
        const status = await post(url, update, store.webhookSecret);
        store.webhookDeliveries.push({ update_id: update.update_id, url, status, time: Date.now() / 1000 });
        this.log(`webhook ${update.update_id} -> ${status}`);
        if (status >= 200 && status < 300) {
          store.updates = store.updates.filter((u) => u.update_id !== update.update_id);
        } else {
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
        }
      }
    } finally {
      this.running = false;
    }
  }
}

module.exports = { WebhookPusher, SECRET_RE };

#!/usr/bin/env node
'use strict';
// Loopback fake Telegram Bot API for OnRecord's end-to-end tests.
//
//   node server.js --port 0 --host 127.0.0.1 [--bot-username NAME] [--verbose]
//
// Prints "listening on http://HOST:PORT" once ready. Bot API under
// /bot<TOKEN>/<method> (JSON, form-urlencoded or multipart bodies), test
// control under /control/... (see README.md next to this file).

const http = require('http');
const { Store, ApiError } = require('./store');
const { BY_LOWER_NAME } = require('./methods');
const { controlRoutes } = require('./control');
const { readBody, send, apiError } = require('./respond');
const { getUpdates } = require('./polling');
const { WebhookPusher } = require('./webhook');
const { countSend, holdRequest, checkLimits, checkFaults } = require('./faults');

const JSON_FIELDS = new Set([
  'reply_markup', 'reply_parameters', 'entities', 'caption_entities', 'commands', 'scope', 'allowed_updates',
  'link_preview_options', 'media', 'results', 'reaction', 'menu_button', 'rights', 'permissions',
]);
const INT_FIELDS = new Set([
  'message_id', 'offset', 'limit', 'timeout', 'reply_to_message_id', 'message_thread_id', 'user_id',
  'cache_time', 'from_chat_id', 'until_date', 'max_connections',
]);
const TOKEN_RE = /^\d+:[A-Za-z0-9_-]+$/;

function parseArgs(argv) {
  const opts = { port: 0, host: '127.0.0.1', botUsername: 'OnRecordTestBot', verbose: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--port') opts.port = Number(argv[++i]);
    else if (arg === '--host') opts.host = argv[++i];
    else if (arg === '--bot-username') opts.botUsername = argv[++i];
    else if (arg === '--verbose') opts.verbose = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: node server.js [--port PORT] [--host HOST] [--bot-username NAME] [--verbose]\n');
      process.exit(0);
    } else {
      process.stderr.write(`unknown argument: ${arg}\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    process.stderr.write('--port must be an integer in 0..65535\n');
    process.exit(2);
  }
  return opts;
}

function coerce(key, value) {
  if (typeof value !== 'string') return value;
  if (JSON_FIELDS.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      throw new ApiError(400, `Bad Request: can't parse ${key} JSON object`);
    }
  }
  if (key === 'chat_id' && /^-?\d+$/.test(value)) return Number(value);
  if (INT_FIELDS.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
}

// Returns {params, uploads}: params coerced like Telegram reads them, uploads by part name.
async function parseParams(req, url) {
  const raw = {};
  const uploads = {};
  for (const [k, v] of url.searchParams) raw[k] = v;
  const body = await readBody(req);
  const type = (req.headers['content-type'] || '').toLowerCase();
  if (body.length && type.startsWith('application/json')) {
    let data;
    try {
      data = JSON.parse(body.toString('utf8'));
    } catch {
      throw new ApiError(400, 'Bad Request: invalid JSON in request body');
    }
    if (data && typeof data === 'object') Object.assign(raw, data);
  } else if (body.length && type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) raw[k] = v;
  } else if (body.length && type.startsWith('multipart/form-data')) {
    let form;
    try {
      form = await new Request('http://multipart.local/', {
        method: 'POST', headers: { 'content-type': req.headers['content-type'] }, body,
      }).formData();
    } catch (err) {
      throw new ApiError(400, `Bad Request: can't parse multipart body: ${err.message}`);
    }
    for (const [k, v] of form) {
      if (typeof v === 'string') {
        raw[k] = v;
      } else {
        const upload = { filename: v.name, type: v.type, size: v.size, bytes: Buffer.from(await v.arrayBuffer()) };
        uploads[k] = upload;
        raw[k] = upload;
      }
    }
  }
  const params = {};
  for (const [k, v] of Object.entries(raw)) params[k] = coerce(k, v);
  if (typeof params.chat_id === 'string' && /^-?\d+$/.test(params.chat_id)) params.chat_id = Number(params.chat_id);
  return { params, uploads };
}

// What the call log keeps of params: uploads shrink to their metadata.
function loggable(params) {
  const out = {};
  for (const [k, v] of Object.entries(params)) {
    out[k] = v && typeof v === 'object' && Buffer.isBuffer(v.bytes)
      ? { filename: v.filename, size: v.size, bytes: v.bytes.length, mime_type: v.type } : v;
  }
  return out;
}

class FakeBotApi {
  constructor(opts) {
    this.opts = opts;
    this.store = new Store({ botUsername: opts.botUsername });
    this.store.webhookPusher = new WebhookPusher(this.store, (line) => this.log(line));
    this.control = controlRoutes(this);
  }

  log(line) {
    if (this.opts.verbose) process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  }

  async handle(req, res) {
    const url = new URL(req.url, 'http://fake.local');
    try {
      if (url.pathname.startsWith('/control/')) {
        await this.handleControl(req, res, url);
        return;
      }
      const bot = /^\/bot([^/]+)\/([A-Za-z]+)\/?$/.exec(url.pathname);
      if (bot) {
        await this.handleBot(req, res, url, bot[1], bot[2]);
        return;
      }
      const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (file) {
        this.handleFile(res, file[2]);
        return;
      }
      apiError(res, new ApiError(404, 'Not Found'));
    } catch (err) {
      if (err instanceof ApiError) {
        apiError(res, err);
      } else {
        process.stderr.write(`internal error: ${err.stack}\n`);
        send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${err.message}` });
      }
    }
  }

  async handleControl(req, res, url) {
    const route = this.control[`${req.method} ${url.pathname}`];
    if (!route) {
      send(res, 404, { ok: false, error_code: 404, description: `no control route ${req.method} ${url.pathname}` });
      return;
    }
    const body = await readBody(req);
    let payload = {};
    if (body.length) {
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ApiError(400, 'control payload must be JSON');
      }
    }
    const query = Object.fromEntries(url.searchParams);
    send(res, 200, { ok: true, result: await route(payload, query) });
  }

  handleFile(res, filePath) {
    const file = [...this.store.files.values()].find((f) => f.file_path === filePath);
    if (!file) {
      apiError(res, new ApiError(404, 'Not Found'));
      return;
    }
    res.writeHead(200, { 'content-type': file.mime_type, 'content-length': file.bytes.length });
    res.end(file.bytes);
  }

  async handleBot(req, res, url, token, methodName) {
    const store = this.store;
    const call = { seq: store.nextCallSeq++, time: Date.now() / 1000, method: methodName, params: null, status: null };
    store.calls.push(call);
    const finish = (status, payload) => {
      call.status = status;
      call.ok = payload.ok;
      if (!payload.ok) {
        call.error_code = payload.error_code;
        call.description = payload.description;
      }
      call.duration = Date.now() / 1000 - call.time;
      this.log(`${methodName} -> ${status}${payload.ok ? '' : ` ${payload.description}`}`);
    };
    if (!['GET', 'POST'].includes(req.method)) {
      finish(405, apiError(res, new ApiError(405, 'Method Not Allowed')));
      return;
    }
    if (!TOKEN_RE.test(token)) {
      await readBody(req);
      finish(401, apiError(res, new ApiError(401, 'Unauthorized')));
      return;
    }
    store.botId = Number(token.split(':')[0]);
    const entry = BY_LOWER_NAME.get(methodName.toLowerCase());
    let parsed;
    try {
      parsed = await parseParams(req, url);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      finish(err.code, apiError(res, err));
      return;
    }
    call.params = loggable(parsed.params);
    if (!entry) {
      finish(404, apiError(res, new ApiError(404, 'Not Found')));
      return;
    }
    call.method = entry.name;
    if (entry.name === 'getUpdates') {
      await getUpdates(store, res, parsed.params, call, finish);
      return;
    }
    const chatId = parsed.params.chat_id;
    call.chat_id = chatId;
    const hold = countSend(store, entry.name, chatId);
    let held;
    if (hold) {
      held = holdRequest(store, (line) => this.log(line), res, call, entry.name, chatId, hold);
      if (hold.mode === 'before') {
        await held.released;
        if (held.discarded) {
          finish(502, apiError(res, new ApiError(502, 'Bad Gateway')));
          return;
        }
      }
    }
    let status;
    let payload;
    try {
      checkFaults(store, entry.name, chatId, call);
      checkLimits(store, entry.name, chatId, call);
      const result = await entry.fn(store, parsed.params, { uploads: parsed.uploads, token });
      status = 200;
      payload = { ok: true, result };
      if (store.limits && store.limits.methods.includes(entry.name)) {
        store.acceptedSends.push({ time: Date.now(), chatId });
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      status = err.code;
      payload = { ok: false, error_code: err.code, description: err.description };
      if (err.parameters) payload.parameters = err.parameters;
    }
    call.result = payload.ok && payload.result && typeof payload.result === 'object' ? { message_id: payload.result.message_id } : undefined;
    if (held && hold.mode !== 'before') {
      held.processed = true;
      held.status = status;
      await held.released;
    }
    finish(status, payload);
    send(res, status, payload);
  }

}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const api = new FakeBotApi(opts);
  const server = http.createServer((req, res) => {
    api.handle(req, res).catch((err) => {
      process.stderr.write(`unhandled error: ${err.stack}\n`);
      send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${err.message}` });
    });
  });
  process.on('uncaughtException', (err) => process.stderr.write(`uncaught exception: ${err.stack}\n`));
  server.keepAliveTimeout = 60_000;
  server.listen(opts.port, opts.host, () => {
    const { address, port } = server.address();
    const host = address.includes(':') ? `[${address}]` : address;
    process.stdout.write(`listening on http://${host}:${port}\n`);
  });
  server.on('error', (err) => {
    process.stderr.write(`fake Bot API could not listen: ${err.message}\n`);
    process.exit(1);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();

module.exports = { FakeBotApi, parseArgs };

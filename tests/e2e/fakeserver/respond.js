'use strict';
// Writing Bot API style JSON answers, and reading request bodies.

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res, status, payload) {
  if (res.writableEnded || res.destroyed) return;
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function apiError(res, err) {
  const payload = { ok: false, error_code: err.code, description: err.description };
  if (err.parameters) payload.parameters = err.parameters;
  send(res, err.code, payload);
  return payload;
}

module.exports = { readBody, send, apiError };

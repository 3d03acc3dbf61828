// Express middleware that refuses request bodies carrying secrets (422 with a reason safe to show).
//
//   const express = require('express');
//   const app = express();
//   app.use(express.json());
//   app.post('/messages', leakguardMiddleware(), (req, res) => res.json({ ok: true }));
'use strict';

const { Scanner } = require('..');

/** Every string inside a parsed JSON body, depth-first. */
function* strings(value, depth = 0) {
  if (depth > 32) return;
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v, depth + 1);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* strings(v, depth + 1);
}

/**
 * @param {{ scanner?: Scanner, status?: number }} [options]
 */
function leakguardMiddleware({ scanner = new Scanner(), status = 422 } = {}) {
  return async function leakguard(req, res, next) {
    try {
      const body = typeof req.body === 'string' || Buffer.isBuffer(req.body) ? [req.body] : [...strings(req.body)];
      for (const text of body) {
        const verdict = await scanner.checkAsync(text);
        if (verdict.action === 'block') {
          return res.status(status).json({ error: 'secret_detected', reason: verdict.reason });
        }
      }
      return next();
    } catch (err) {
      return next(err); // fail closed: the error handler answers 500, the body is not accepted
    }
  };
}

module.exports = { leakguardMiddleware };

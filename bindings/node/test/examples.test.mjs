// Drives each example's handler: Slack through the real Bolt framework and its real Web API client,
// talking HTTP to a local stand-in for slack.com; Express through a real server; Discord with a
// message object shaped as discord.js delivers it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import http from 'node:http';

const require = createRequire(import.meta.url);
const { registerLeakguard } = require('../examples/slack-bolt.js');
const { leakguardMessageHandler } = require('../examples/discord.js');
const { leakguardMiddleware } = require('../examples/express-middleware.js');

const TOKEN = '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';

/** A local HTTP server recording Slack Web API calls and answering {ok: true}. */
async function fakeSlackApi() {
  const calls = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      calls.push({ method: req.url.replace(/^\/api\//, ''), params, auth: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { calls, url: `http://127.0.0.1:${server.address().port}/api/`, close: () => server.close() };
}

function slackEvent(text, ts) {
  return {
    token: 'verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: `Ev${ts.replace('.', '')}`,
    event_time: 1764400000,
    event: { type: 'message', channel: 'C0001', channel_type: 'channel', user: 'U0042', text, ts, event_ts: ts },
    authorizations: [{ team_id: 'T0001', user_id: 'U0BOT', is_bot: true }],
  };
}

test('Slack (Bolt): a message with a secret is deleted and its author warned privately', async () => {
  const { App } = require('@slack/bolt');
  const api = await fakeSlackApi();
  const receiver = { init() {}, start: async () => {}, stop: async () => {} };
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-test-bot', botId: 'B0001', botUserId: 'U0BOT' }),
    clientOptions: { slackApiUrl: api.url },
    logLevel: 'error',
  });
  registerLeakguard(app, { adminToken: 'xoxp-test-admin' });
  try {
    await app.processEvent({ body: slackEvent(`prod token: ${TOKEN}`, '1764400000.000100'), ack: async () => {} });
    await app.processEvent({ body: slackEvent('standup in 5 minutes', '1764400001.000100'), ack: async () => {} });
  } finally {
    api.close();
  }
  const del = api.calls.filter((c) => c.method === 'chat.delete');
  const eph = api.calls.filter((c) => c.method === 'chat.postEphemeral');
  assert.equal(del.length, 1);
  assert.equal(del[0].params.ts, '1764400000.000100');
  assert.equal(del[0].params.channel, 'C0001');
  assert.equal(eph.length, 1);
  assert.equal(eph[0].params.user, 'U0042');
  assert.ok(!eph[0].params.text.includes(TOKEN), 'the warning must not repeat the secret');
  assert.match(eph[0].params.text, /blocked/);
});

test('Discord: messageCreate deletes and DMs the author; ordinary messages pass', async () => {
  const log = [];
  const message = (content) => ({
    id: '1301234567890123456',
    channelId: '1300000000000000001',
    content,
    deletable: true,
    author: { id: '1290000000000000042', username: 'alice', bot: false, send: async (t) => log.push(['dm', t]) },
    delete: async () => log.push(['delete']),
  });
  const onMessageCreate = leakguardMessageHandler();
  assert.equal(await onMessageCreate(message('gg, see you tomorrow')), 'allow');
  assert.equal(log.length, 0);
  assert.equal(await onMessageCreate(message(`deploy key ${TOKEN}`)), 'block');
  assert.deepEqual(log[0], ['delete']);
  assert.equal(log[1][0], 'dm');
  assert.ok(!log[1][1].includes(TOKEN));
  // Bots are ignored (the bot's own warnings never loop).
  assert.equal(await onMessageCreate({ ...message(TOKEN), author: { bot: true } }), 'allow');
});

test('Express middleware refuses JSON bodies carrying secrets', async () => {
  const express = require('express');
  const app = express();
  app.use(express.json());
  app.post('/messages', leakguardMiddleware(), (req, res) => res.json({ ok: true }));
  const server = await new Promise((r) => { const s = app.listen(0, '127.0.0.1', () => r(s)); });
  const url = `http://127.0.0.1:${server.address().port}/messages`;
  try {
    const post = (body) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post({ text: 'hello team', thread: { replies: ['fine'] } });
    assert.equal(ok.status, 200);
    const bad = await post({ text: 'see below', attachments: [{ note: `token ${TOKEN}` }] });
    assert.equal(bad.status, 422);
    const j = await bad.json();
    assert.equal(j.error, 'secret_detected');
    assert.ok(!JSON.stringify(j).includes(TOKEN));
  } finally {
    server.close();
  }
});

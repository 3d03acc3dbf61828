// Per-message latency through Node for chat messages of 100 to 300 bytes: leakguard (check, scan)
// against secretlint's Node API (@secretlint/core + preset-recommend) on the same messages, same run.
//   node bench/latency.mjs [--messages FILE.json]   (secretlint from $SECRETLINT_NODE_MODULES,
//                                                    default /opt/peers/node/node_modules)
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const lg = require('../index.js');

// Messages: a JSON array file given with --messages FILE (e.g. the Python benchmark's ordinary chat
// messages), else every text of the prose development set (tests/prose/*.jsonl) of 100 to 300 bytes.
const corpus = join(here, '../../../tests/prose');
const messages = [];
const mi = process.argv.indexOf('--messages');
if (mi > 0) messages.push(...JSON.parse(readFileSync(process.argv[mi + 1], 'utf8')));
for (const f of mi > 0 ? [] : readdirSync(corpus).filter((n) => n.endsWith('.jsonl'))) {
  for (const line of readFileSync(join(corpus, f), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const { text } = JSON.parse(line);
    const n = Buffer.byteLength(text);
    if (n >= 100 && n <= 300) messages.push(text);
  }
}
if (messages.length === 0) throw new Error('no messages of 100-300 bytes found under tests/prose');

function stats(ns) {
  ns.sort((a, b) => a - b);
  const q = (p) => ns[Math.min(ns.length - 1, Math.floor(p * ns.length))] / 1000;
  return { median_us: +q(0.5).toFixed(2), p99_us: +q(0.99).toFixed(2), n: ns.length };
}

async function measure(name, fn, rounds) {
  for (const m of messages.slice(0, 200)) await fn(m); // warm-up
  const ns = [];
  for (let r = 0; r < rounds; r++) {
    for (const m of messages) {
      const t0 = process.hrtime.bigint();
      await fn(m);
      ns.push(Number(process.hrtime.bigint() - t0));
    }
  }
  return { tool: name, ...stats(ns) };
}

const results = [];
const scanner = new lg.Scanner();
results.push(await measure('leakguard check() (sync)', (m) => scanner.check(m), 5));
results.push(await measure('leakguard scan() (sync)', (m) => scanner.scan(m), 5));
results.push(await measure('leakguard checkAsync()', (m) => scanner.checkAsync(m), 2));

const peerModules = process.env.SECRETLINT_NODE_MODULES || '/opt/peers/node/node_modules';
if (existsSync(join(peerModules, '@secretlint/core'))) {
  const preq = createRequire(join(peerModules, 'x.js'));
  const { lintSource } = preq('@secretlint/core');
  const { creator } = preq('@secretlint/secretlint-rule-preset-recommend');
  const config = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: creator }] };
  const lint = (content) =>
    lintSource({ source: { filePath: '/message.txt', content, contentType: 'text' }, options: { config } });
  results.push(await measure('secretlint lintSource() (preset-recommend)', lint, 1));
} else {
  console.error(`secretlint not found under ${peerModules}: run ../shared/peers/install.sh`);
}
console.log(`${messages.length} messages of 100-300 bytes; node ${process.version}`);
console.table(results);

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const lg = require('../index.js');

// A GitHub token with a valid CRC32 checksum, made up for these tests.
const TOKEN = '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';

test('scan finds a token and offsets are UTF-16 indices', () => {
  const cases = [
    `plain ascii ${TOKEN} end`,
    `café crème, déjà vu: ${TOKEN} à bientôt`,
    `emoji 🎉🔑👩‍💻 then ${TOKEN} 🚀`,
    `中文 日本語 한국어 ${TOKEN} 结束`,
    `עברית \u200F${TOKEN}\u200F العربية`,
    `𝒳 astral ${TOKEN}`,
  ];
  for (const text of cases) {
    const found = lg.scan(text, { includeSecrets: true });
    assert.equal(found.length, 1, text);
    const f = found[0];
    assert.equal(text.slice(f.start, f.end), TOKEN, text);
    assert.equal(f.secret, TOKEN);
    assert.equal(f.rule, 'leakguard.github.pat');
    assert.equal(f.line, 1);
  }
});

test('the secret is absent unless asked for', () => {
  const [f] = lg.scan(`x ${TOKEN}`);
  assert.equal(f.secret, undefined);
  assert.ok(!JSON.stringify(f).includes(TOKEN));
  assert.equal(f.redacted, 'ghp_********');
  assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
});

test('Buffer input: byte offsets, invalid UTF-8 tolerated', () => {
  const buf = Buffer.concat([Buffer.from([0xff, 0xfe, 0x20]), Buffer.from(`é ${TOKEN}\n`)]);
  const [f] = lg.scan(buf);
  assert.equal(buf.subarray(f.start, f.end).toString(), TOKEN);
});

test('line and column are 1-based', () => {
  const [f] = lg.scan(`first line\n  ${TOKEN}`);
  assert.equal(f.line, 2);
  assert.equal(f.column, 3);
});

test('redact masks only the secret', () => {
  assert.equal(lg.redact(`deploy with ${TOKEN} now`), 'deploy with ******** now');
  assert.equal(lg.redact('nothing here'), 'nothing here');
});

test('check gives a verdict with a reason safe to show', () => {
  const ok = lg.check('lunch at noon?');
  assert.equal(ok.action, 'allow');
  assert.equal(ok.findings.length, 0);
  const v = lg.check(`here you go: ${TOKEN}`);
  assert.equal(v.action, 'block');
  assert.equal(v.confidence, 'high');
  assert.ok(!v.reason.includes(TOKEN));
  assert.ok(!v.redacted.includes(TOKEN));
  assert.ok(v.reason.length > 0);
});

test('async twins resolve off the JavaScript thread', async () => {
  const big = 'lorem ipsum dolor sit amet\n'.repeat(200_000) + TOKEN;
  const [found, verdict] = await Promise.all([lg.scanAsync(big), lg.checkAsync(`pw ${TOKEN}`)]);
  assert.equal(found.length, 1);
  assert.equal(big.slice(found[0].start, found[0].end), TOKEN);
  assert.equal(verdict.action, 'block');
  const s = new lg.Scanner();
  assert.equal((await s.scanAsync(`a ${TOKEN}`)).length, 1);
  assert.equal((await s.checkAsync('hello')).action, 'allow');
});

test('Scanner from a config string and a config file', () => {
  const s = new lg.Scanner({ config: '[detection]\ndisable = ["leakguard.github.pat"]\n' });
  assert.equal(s.scan(`x ${TOKEN}`).length, 0);
  const dir = mkdtempSync(join(tmpdir(), 'lg-node-'));
  const path = join(dir, 'lg.toml');
  writeFileSync(path, '[policy]\nblock_at = "high"\nwarn_at = "high"\n');
  const s2 = new lg.Scanner({ configPath: path });
  assert.equal(s2.check(`x ${TOKEN}`).action, 'block');
});

test('errors carry a code and name the culprit, never a secret', () => {
  assert.throws(() => new lg.Scanner({ config: '[detection]\nbogus = 1\n' }), (e) => {
    assert.equal(e.code, 'LEAKGUARD_CONFIG');
    assert.match(e.message, /bogus/);
    assert.match(e.message, /:2:/);
    return true;
  });
  assert.throws(
    () => new lg.Scanner({ config: '[[rules]]\nid = "acme.bad"\nname = "x"\nkeywords = ["acme"]\npattern = "acme_("\nconfidence = "high"\n' }),
    (e) => e.code === 'LEAKGUARD_CONFIG' && e.message.includes('acme.bad'),
  );
  assert.throws(() => new lg.Scanner({ configPath: '/no/such/file.toml' }), (e) => e.code === 'LEAKGUARD_IO');
});

test('a panic inside the binding becomes an Error and the process lives on', () => {
  assert.throws(() => lg.__panicForTests(), (e) => e.code === 'LEAKGUARD_PANIC');
  assert.equal(lg.check('still alive').action, 'allow');
});

test('wrong argument types are TypeErrors, not crashes', () => {
  assert.throws(() => lg.scan(42));
  assert.throws(() => lg.scan());
  assert.throws(() => lg.redact(null));
});

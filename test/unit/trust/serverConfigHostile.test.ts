import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { addAccount, confString, createOperator, NKey, paths, serverConfig, TrustError } from '../../../src/core/trust';
import { assertOnlyOwnDirectives, hostileStore, injections } from './hostile';
import { tempRoot } from './helpers';

describe('trust server config: nothing from the store reaches the config but keys, JWTs and escaped text', () => {
  const tmp = tempRoot('conf-hostile');
  after(() => tmp.remove());

  it('confString: one quoted line, only the escapes the server knows', () => {
    assert.equal(confString('plain é 中 🚀'), '"plain é 中 🚀"');
    assert.equal(confString('a"b\\c\td\ne\rf'), '"a\\"b\\\\c\\td\\ne\\rf"');
    assert.equal(confString('\u2028\u2029\u0085\u0000\u202e\u{e000}'), '"\\xe2\\x80\\xa8\\xe2\\x80\\xa9\\xc2\\x85\\x00\\xe2\\x80\\xae\\xee\\x80\\x80"');
    assert.equal(confString('\ud800'), '"\\xef\\xbf\\xbd"', 'a lone surrogate');
    for (const s of injections(1234)) {
      const q = confString(s);
      assert.match(q, /^"([^"\\\n\r\u2028\u2029\u0085]|\\["\\tnr]|\\x[0-9a-f]{2})*"$/u, q);
    }
  });

  it('hostile folder names, JWT names, sub/iss, problem messages and resolver folder stay inside comments and strings', async () => {
    const { operator, valid } = await hostileStore(tmp.store, 65000);
    const memory = await serverConfig({ store: tmp.store, operator });
    assert.deepEqual(memory.preloaded.map((a) => a.name).sort(), [...valid, 'SYS'].sort());
    assert.equal(memory.skipped.length, 2 + injections(65000).length);
    assertOnlyOwnDirectives(memory.text);
    assert.match(memory.text, /^# Left out: account "EVILSUB": "[^\n]*x\\nhttp: \\"127\.0\.0\.1:65000\\"\\n#/m);
    const full = await serverConfig({ store: tmp.store, operator, resolver: 'full', resolverDir: `./jwt"\n}\nhttp: "127.0.0.1:65000"\n#` });
    assertOnlyOwnDirectives(full.text);
    assert.match(full.text, /^ {2}dir: "\.\/jwt\\"\\n}\\nhttp: \\"127\.0\.0\.1:65000\\"\\n#"$/m);
  });

  it('an operator name that is a path (.., ., a/b, a control character) is refused, not read', async () => {
    for (const operator of ['..', '.', 'a/b', '../stores', 'x\ny']) {
      await assert.rejects(serverConfig({ store: tmp.store, operator }), (e: unknown) => e instanceof TrustError && e.code === 'invalid-name', operator);
    }
  });
});

describe('trust server config: built from verified JWTs alone (seeds and the marker play no part)', () => {
  const tmp = tempRoot('conf-seeds');
  after(() => tmp.remove());

  it('a corrupt operator signing-key seed, a corrupt account signing-key seed, a missing .nsc: every valid account is still preloaded, the rest reported', async () => {
    const { store } = tmp;
    const op = await createOperator({ store, name: 'OP' });
    const app = await addAccount({ store, operator: 'OP', name: 'APP', signingKey: true });
    fs.writeFileSync(paths.seed(store, op.operator.signingKey as string), 'SOnotaseed');
    fs.writeFileSync(paths.seed(store, app.signingKey as string), NKey.generate('account').seed());
    fs.rmSync(paths.marker(store, 'OP'));
    const r = await serverConfig({ store, operator: 'OP' });
    assert.deepEqual(r.preloaded.map((a) => a.name), ['APP', 'SYS']);
    assert.deepEqual(r.skipped, []);
    assert.deepEqual(r.warnings.map((w) => w.code).sort(), ['corrupt-seed', 'missing-marker', 'seed-mismatch']);
  });

  it('an operator JWT that cannot be read is reported with the true cause, not as missing', async () => {
    const { store } = tmp;
    await createOperator({ store, name: 'DIRJWT' });
    fs.rmSync(paths.operatorJwt(store, 'DIRJWT'));
    fs.mkdirSync(paths.operatorJwt(store, 'DIRJWT'));
    await assert.rejects(serverConfig({ store, operator: 'DIRJWT' }), (e: unknown) => e instanceof TrustError && /EISDIR/.test(e.message) && !/does not exist/.test(e.message));
    await assert.rejects(addAccount({ store, operator: 'DIRJWT', name: 'X' }), (e: unknown) => e instanceof TrustError && e.code === 'io' && /cannot be read: .*DIRJWT\.jwt: it is a folder, not a file \(EISDIR\)/.test(e.message));
  });
});

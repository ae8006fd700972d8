import * as assert from 'node:assert/strict';
import { main } from '../../../src/cli';
import { addAccount, CONNECT_OVERHEAD, createOperator, DEFAULT_MAX_CONTROL_LINE, encodeUserJwt, maxControlLineFor, NKey, userJwtSizeWarning } from '../../../src/core/trust';
import { tempRoot } from './helpers';

const subjects = (n: number): string[] => Array.from({ length: n }, (_, i) => `orders.region-${String(i).padStart(3, '0')}.events.>`);

describe('trust: JWTs too large for the default max_control_line', () => {
  const account = NKey.generate('account');
  const jwtWith = (n: number): Promise<string> => encodeUserJwt({ name: 'u', user: NKey.generate('user'), account, permissions: { pub: { allow: subjects(n) } } });

  it('a small JWT gets no warning; a large one names its size and the max_control_line that admits it', async () => {
    assert.equal(userJwtSizeWarning(await jwtWith(3)), undefined);
    const big = await jwtWith(150);
    const warning = userJwtSizeWarning(big, 'many');
    assert.ok(warning);
    const suggested = maxControlLineFor(big);
    assert.equal(suggested % 1024, 0);
    assert.ok(suggested >= big.length + 512, `${suggested} leaves room for the CONNECT fields beside ${big.length} bytes`);
    assert.match(warning, new RegExp(`^the JWT of user 'many' is ${big.length} bytes: its logins will be refused with "maximum control line exceeded"`));
    assert.match(warning, new RegExp(`default max_control_line \\(4096\\); set max_control_line: ${suggested} in the server config`));
  });

  it('warns from the size where a named connection may no longer fit, and says "will" once even a bare CONNECT does not', async () => {
    let n = 1;
    while ((await jwtWith(n)).length + 512 <= DEFAULT_MAX_CONTROL_LINE) n++;
    const first = await jwtWith(n);
    assert.match(userJwtSizeWarning(first) ?? '', /may be refused/);
    assert.equal(userJwtSizeWarning(await jwtWith(n - 1)), undefined);
    const certain = await jwtWith(n + 10);
    assert.ok(certain.length + CONNECT_OVERHEAD > DEFAULT_MAX_CONTROL_LINE);
    assert.match(userJwtSizeWarning(certain) ?? '', /will be refused/);
  });

  it('user add prints the warning on stderr and still succeeds', async () => {
    const tmp = tempRoot('mcl');
    try {
      await createOperator({ store: tmp.store, name: 'OP' });
      await addAccount({ store: tmp.store, operator: 'OP', name: 'APP' });
      const x = { out: '', err: '', cwd: tmp.root, stdout: { write: (t: string) => void (x.out += t) }, stderr: { write: (t: string) => void (x.err += t) } };
      const args = ['user', 'add', '--store', '.', '--operator', 'OP', '--account', 'APP', '--name', 'many', '--creds', 'many.creds', ...subjects(150).flatMap((s) => ['--allow-pub', s])];
      assert.equal(await main(args, x), 0, x.err);
      const jwt = /jwt:\s+(\S+)/.exec(x.out);
      assert.ok(jwt);
      const m = /^nats-workbench user add: warning: the JWT of user 'many' is (\d+) bytes: .* set max_control_line: (\d+) in the server config/m.exec(x.err);
      assert.ok(m, x.err);
      assert.ok(Number(m[1]) > 4096);
      assert.ok(Number(m[2]) >= Number(m[1]) + 512);
    } finally {
      tmp.remove();
    }
  });

  it('the size counts UTF-8 bytes, not characters', () => {
    assert.equal(maxControlLineFor('é'.repeat(3000)), 7168);
    assert.equal(maxControlLineFor('e'.repeat(3000)), 4096);
  });
});

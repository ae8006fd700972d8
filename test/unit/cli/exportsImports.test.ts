/**
 * The CLI's `export add|rm` and `import add|rm` on a temporary store: text and JSON output, the
 * activation token of a private export, exit codes (1 for a refusal, 2 for usage) that change nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { importsOf, parseJwt, paths, storeAt } from '../../../src/core/trust';
import { tempRoot } from '../trust/helpers';
import { cli, snapshot } from './run';

describe('trust CLI: exports and imports', function () {
  this.timeout(60_000);
  const tmp = tempRoot('cli-exports');
  const cwd = tmp.root;
  const store = storeAt(path.join(cwd, 'nats'));
  const op = ['--store', 'nats', '--operator', 'OP'];

  const nats = (account: string): Record<string, unknown> => {
    const parsed = parseJwt(fs.readFileSync(paths.accountJwt(store, 'OP', account), 'utf8'));
    assert.ok(parsed.ok);
    return parsed.jwt.claims.nats;
  };

  before(async () => {
    assert.equal((await cli(cwd, 'init', ...op)).code, 0);
    for (const name of ['SVC', 'CLI']) assert.equal((await cli(cwd, 'account', 'add', ...op, '--name', name)).code, 0);
  });
  after(() => tmp.remove());

  it('export add: a private service with a response type, in text; a public stream in JSON', async () => {
    const r = await cli(cwd, 'export', 'add', ...op, '--account', 'SVC', '--subject', 'help.>', '--service', '--private', '--response-type', 'Chunked', '--name', 'help');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Account 'SVC' A[A-Z2-7]{55}, re-signed by O[A-Z2-7]{55}:\n {2}export \+ private service 'help\.>' \(Chunked responses\) named 'help'\n {2}jwt: .*SVC\.jwt\nChanged since last push/);
    const j = await cli(cwd, 'export', 'add', ...op, '--account', 'SVC', '--subject', 'news.*', '--stream', '--format', 'json');
    assert.equal(j.code, 0, j.err);
    assert.deepEqual((JSON.parse(j.out) as { export: unknown }).export, { subject: 'news.*', type: 'stream', private: false });
    assert.deepEqual(nats('SVC').exports, [
      { subject: 'help.>', type: 'service', name: 'help', token_req: true, response_type: 'Chunked' },
      { subject: 'news.*', type: 'stream' },
    ]);
  });

  it('import add: the private service gets its activation token; a stream with a local subject', async () => {
    const r = await cli(cwd, 'import', 'add', ...op, '--account', 'CLI', '--from-account', 'SVC', '--subject', 'help.>', '--service', '--local-subject', 'svc.help.>', '--token-expiry', '30d');
    assert.equal(r.code, 0, r.err);
    const token = importsOf({ iss: '', sub: '', nats: nats('CLI') })[0].token ?? '';
    const exp = (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number }).exp;
    assert.ok(Math.abs(exp * 1000 - (Date.now() + 30 * 86_400_000)) < 60_000, 'the token expires in 30 days');
    assert.match(r.out, /import \+ service 'help\.>' from account 'SVC' as 'svc\.help\.>' \(with activation token\)\n[^]*activation token signed by A/);
    assert.match(r.out, /Account 'SVC' has changed since it was last pushed: push it first/);
    const s = await cli(cwd, 'import', 'add', ...op, '--account', 'CLI', '--from-account', 'SVC', '--subject', 'news.*', '--stream', '--local-subject', 'n.$1', '--format', 'json');
    assert.equal(s.code, 0, s.err);
    const imports = importsOf({ iss: '', sub: '', nats: nats('CLI') });
    assert.deepEqual(imports.map((i) => [i.subject, i.type, i.localSubject, i.token !== undefined]), [
      ['help.>', 'service', 'svc.help.>', true],
      ['news.*', 'stream', 'n.$1', false],
    ]);
  });

  it('refusals exit 1, usage errors exit 2, and neither changes the store', async () => {
    const before = snapshot(tmp.root);
    const cases: [string[], number, RegExp][] = [
      [['import', 'add', ...op, '--account', 'CLI', '--from-account', 'GONE', '--subject', 'x', '--service'], 1, /account 'GONE' of operator 'OP' does not exist/],
      [['import', 'add', ...op, '--account', 'CLI', '--from-account', 'SVC', '--subject', 'help.>', '--service'], 1, /already imports the service 'help\.>'/],
      [['export', 'add', ...op, '--account', 'SVC', '--subject', 'news.*', '--stream'], 1, /already exports the stream 'news\.\*'/],
      [['export', 'rm', ...op, '--account', 'SVC', '--subject', 'nothing'], 1, /no stream or service export 'nothing'/],
      [['export', 'add', ...op, '--account', 'SVC', '--subject', 'a..b', '--stream'], 2, /token 2 is empty/],
      [['export', 'add', ...op, '--account', 'SVC', '--subject', 'x'], 2, /--service or --stream is required/],
      [['export', 'add', ...op, '--account', 'SVC', '--subject', 'x', '--stream', '--service'], 2, /not both/],
      [['export', 'add', ...op, '--account', 'SVC', '--subject', 'x', '--service', '--response-type', 'Lots'], 2, /--response-type takes Singleton, Stream, Chunked/],
      [['import', 'add', ...op, '--account', 'CLI', '--subject', 'x', '--stream'], 2, /--from-account is required/],
      [['import', 'add', ...op, '--account', 'CLI', '--from-account', 'SVC', '--subject', 'news.*', '--stream', '--local-subject', 'n'], 2, /needs as many/],
      [['import', 'list', ...op], 2, /unknown subcommand 'list'/],
      [['import', 'add', ...op, '--account', 'CLI', '--from-account', 'SVC', '--subject', 'help.x', '--service', '--local-subject', 'h.x', '--token-expiry', 'soon'], 2, /soon/],
    ];
    for (const [argv, code, message] of cases) {
      const r = await cli(cwd, ...argv).catch((e: Error) => ({ code: 2, out: '', err: e.message }));
      assert.equal(r.code, code, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message, argv.join(' '));
    }
    assert.deepEqual(snapshot(tmp.root), before);
  });

  it('export rm names the imports that stop working; import rm removes one', async () => {
    const r = await cli(cwd, 'export', 'rm', ...op, '--account', 'SVC', '--subject', 'news.*');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /export - public stream 'news\.\*'[^]*Imports that stop working: 'CLI'/);
    const i = await cli(cwd, 'import', 'rm', ...op, '--account', 'CLI', '--from-account', 'SVC', '--subject', 'news.*', '--format', 'json');
    assert.equal(i.code, 0, i.err);
    assert.deepEqual(importsOf({ iss: '', sub: '', nats: nats('CLI') }).map((x) => x.subject), ['help.>']);
  });
});

/**
 * Exports and imports in the core: the claims written (nats-io/jwt v2 layout), the activation
 * token of a private export, refusals that name what is wrong and change nothing, and the
 * `import-unusable` problem when an import's export is gone, private without a token, or its token expired.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  addAccount,
  addExport,
  addImport,
  createOperator,
  deleteAccount,
  importProblem,
  importsOf,
  localSubjectProblem,
  parseJwt,
  paths,
  readOperatorEntry,
  recordPush,
  removeExport,
  removeImport,
  subjectContainedIn,
  TrustError,
  verifyJwt,
} from '../../../src/core/trust';
import { tempRoot } from './helpers';

const claimsOf = (file: string): { iss: string; sub: string; nats: Record<string, unknown> } => {
  const p = parseJwt(fs.readFileSync(file, 'utf8'));
  assert.ok(p.ok);
  return p.jwt.claims;
};

describe('trust: exports and imports', function () {
  this.timeout(30_000);
  const tmp = tempRoot('exports');
  const { store } = tmp;
  const base = { store, operator: 'OP' };
  let svcKey: string;
  let svcSigningKey: string | undefined;
  let cliKey: string;

  before(async () => {
    await createOperator({ store, name: 'OP' });
    const svc = await addAccount({ ...base, name: 'SVC', signingKey: true });
    svcKey = svc.publicKey;
    svcSigningKey = svc.signingKey;
    cliKey = (await addAccount({ ...base, name: 'CLI' })).publicKey;
  });
  after(() => tmp.remove());

  /** Asserts `body` fails with a TrustError of `code` matching `message`, and that no JWT of the store changed. */
  async function refused(body: () => Promise<unknown>, code: string, message: RegExp): Promise<void> {
    const files = ['SVC', 'CLI'].map((a) => `${tmp.root}/stores/OP/accounts/${a}/${a}.jwt`);
    const before = files.map((f) => fs.readFileSync(f, 'utf8'));
    await assert.rejects(body, (e: unknown) => {
      assert.ok(e instanceof TrustError, String(e));
      assert.equal(e.code, code, e.message);
      assert.match(e.message, message);
      return true;
    });
    assert.deepEqual(files.map((f) => fs.readFileSync(f, 'utf8')), before, 'nothing was written');
  }

  it('adds a public service export with its response type, re-signed and marked changed since the last push', async () => {
    const r = await addExport({ ...base, account: 'SVC', subject: 'help.>', type: 'service', responseType: 'Stream', name: 'help desk' });
    assert.deepEqual(claimsOf(r.jwtPath).nats.exports, [{ subject: 'help.>', type: 'service', name: 'help desk', response_type: 'Stream' }]);
    assert.match(r.changes[0], /export \+ public service 'help\.>' \(Stream responses\)/);
    const entry = await readOperatorEntry(store, 'OP');
    const svc = entry?.accounts.find((a) => a.name === 'SVC');
    assert.equal(svc?.changedSincePush, true);
    assert.deepEqual(svc?.problems, []);
  });

  it('imports a public service with a local subject: subject is the export side, local_subject the importer side, no token', async () => {
    const r = await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'help.>', type: 'service', localSubject: 'ask.>' });
    assert.deepEqual(claimsOf(r.jwtPath).nats.imports, [{ subject: 'help.>', account: svcKey, type: 'service', local_subject: 'ask.>' }]);
    assert.equal(r.activationIssuer, undefined);
    const entry = await readOperatorEntry(store, 'OP');
    assert.deepEqual(entry?.accounts.find((a) => a.name === 'CLI')?.problems, []);
  });

  it('a private stream export: the import carries an activation token signed by the exporting account\'s signing key', async () => {
    await addExport({ ...base, account: 'SVC', subject: 'events.*', type: 'stream', private: true });
    const r = await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'events.*', type: 'stream' });
    const imp = importsOf(claimsOf(r.jwtPath) as never).find((i) => i.subject === 'events.*');
    assert.ok(imp?.token, 'the import carries a token');
    const v = verifyJwt(imp.token);
    assert.equal(v.type, 'activation');
    assert.equal(v.claims?.sub, cliKey);
    assert.equal(v.claims?.iss, svcSigningKey);
    assert.equal(r.activationIssuer, svcSigningKey);
    assert.deepEqual({ ...v.claims?.nats }, { subject: 'events.*', kind: 'stream', type: 'activation', issuer_account: svcKey, version: 2 });
    const entry = await readOperatorEntry(store, 'OP');
    assert.deepEqual(entry?.accounts.find((a) => a.name === 'CLI')?.problems, []);
  });

  it('refuses what cannot work, naming it, and writes nothing', async () => {
    await refused(() => addImport({ ...base, account: 'CLI', fromAccount: 'NOPE', subject: 'x', type: 'service' }), 'not-found', /account 'NOPE' of operator 'OP' does not exist/);
    await refused(() => addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'nothing.here', type: 'service' }), 'not-found', /exports no service that contains 'nothing\.here' \(its service exports: 'help\.>'\)/);
    await refused(() => addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'help.>', type: 'service' }), 'exists', /already imports the service 'help\.>' from account 'SVC'/);
    await refused(() => addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'events.*', type: 'stream', localSubject: 'ev.>' }), 'invalid-argument', /both end in '>'/);
    await refused(() => addImport({ ...base, account: 'SVC', fromAccount: 'SVC', subject: 'help.a', type: 'service' }), 'invalid-argument', /cannot import from itself/);
    await refused(() => addExport({ ...base, account: 'SVC', subject: 'help.>', type: 'service' }), 'exists', /already exports the service 'help\.>'/);
    await refused(() => addExport({ ...base, account: 'SVC', subject: 'help.desk', type: 'service' }), 'exists', /overlaps the service export 'help\.>'/);
    await refused(() => addExport({ ...base, account: 'SVC', subject: 'a..b', type: 'stream' }), 'invalid-argument', /export subject 'a\.\.b' is not a valid subject: token 2 is empty/);
    await refused(() => addExport({ ...base, account: 'SVC', subject: 'x.>.y', type: 'stream' }), 'invalid-argument', /not a valid subject/);
    await refused(() => addExport({ ...base, account: 'SVC', subject: 's', type: 'stream', responseType: 'Stream' }), 'invalid-argument', /service exports only/);
    await refused(() => addExport({ ...base, account: 'SVC', subject: 's', type: 'service', responseType: 'Many' as never }), 'invalid-argument', /Singleton, Stream, Chunked/);
    await refused(() => addExport({ ...base, account: 'SVC', subject: 's', type: 'queue' as never }), 'invalid-argument', /stream or service/);
    await refused(() => removeExport({ ...base, account: 'SVC', subject: 'absent' }), 'not-found', /no stream or service export 'absent' of account 'SVC'/);
    await refused(() => removeImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'absent' }), 'not-found', /no stream or service import 'absent'/);
  });

  it('an import whose export is gone, private without a token, or whose token expired is reported as import-unusable', async () => {
    await addExport({ ...base, account: 'SVC', subject: 'temp', type: 'stream' });
    await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'temp', type: 'stream' });
    const removed = await removeExport({ ...base, account: 'SVC', subject: 'temp' });
    assert.deepEqual(removed.brokenImports, ['CLI']);
    let cli = (await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'CLI');
    assert.deepEqual(cli?.problems.map((p) => `${p.code}: ${p.message}`), ["import-unusable: the stream import of 'temp' cannot work: account 'SVC' exports no stream that contains 'temp'"]);

    // Exported again, now private: the import made for the public one has no token.
    await addExport({ ...base, account: 'SVC', subject: 'temp', type: 'stream', private: true });
    cli = (await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'CLI');
    assert.match(cli?.problems.map((p) => p.message).join('\n') ?? '', /export 'temp' of account 'SVC' is private and the import has no activation token/);
    await removeImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'temp' });

    const expires = new Date(Date.now() + 3_600_000);
    await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'temp', type: 'stream', activationExpires: expires });
    assert.deepEqual((await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'CLI')?.problems, []);
    cli = (await readOperatorEntry(store, 'OP', { now: new Date(expires.getTime() + 60_000) }))?.accounts.find((a) => a.name === 'CLI');
    assert.match(cli?.problems.map((p) => `${p.code}: ${p.message}`).join('\n') ?? '', /import-unusable: .*'temp'.*activation token expired on/);
  });

  it('a token for another account, or altered, does not make an import usable', async () => {
    const entry = await readOperatorEntry(store, 'OP');
    const svc = entry?.accounts.find((a) => a.name === 'SVC')?.claims;
    const cli = entry?.accounts.find((a) => a.name === 'CLI')?.claims;
    assert.ok(svc && cli);
    const imp = importsOf(cli).find((i) => i.subject === 'events.*');
    assert.ok(imp?.token);
    assert.equal(importProblem(imp, cliKey, svc), undefined);
    assert.match(importProblem(imp, svcKey, svc) ?? '', /made for account .* not for the importing account/);
    const [h, body, sig] = imp.token.split('.');
    const altered = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { nats: { subject: string } };
    altered.nats.subject = '>';
    const forged = `${h}.${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${sig}`;
    assert.match(importProblem({ ...imp, token: forged }, cliKey, svc) ?? '', /signature of its activation token does not match/);
    assert.match(importProblem({ ...imp, subject: 'other.x' }, cliKey, svc) ?? '', /exports no stream that contains 'other\.x'/);
  });

  it('local subjects map as nats-io/jwt requires; containment as Go computes it', () => {
    assert.equal(localSubjectProblem('ask.>', 'help.>'), undefined);
    assert.equal(localSubjectProblem('q.$1', 'a.*'), undefined);
    assert.equal(localSubjectProblem('q.*', 'a.*'), undefined);
    assert.match(localSubjectProblem('q', 'a.*') ?? '', /needs as many/);
    assert.match(localSubjectProblem('q.$2', 'a.*') ?? '', /'\$2' refers to a '\*'/);
    assert.match(localSubjectProblem('q.>', 'a') ?? '', /both end in '>'/);
    assert.match(localSubjectProblem('q..x', 'a') ?? '', /token 2 is empty/);
    assert.equal(subjectContainedIn('a.b', 'a.*'), true);
    assert.equal(subjectContainedIn('a.b.c', 'a.>'), true);
    assert.equal(subjectContainedIn('a.*', 'a.b'), false);
    assert.equal(subjectContainedIn('a', 'a.>'), false);
    assert.equal(subjectContainedIn('a.b.c', 'a.*'), false);
  });

  it('an export with an account token position (the system account\'s monitoring): the importer\'s key goes in that token, another key is refused', async () => {
    const r = await addImport({ ...base, account: 'CLI', fromAccount: 'SYS', subject: '$SYS.REQ.ACCOUNT.*.*', type: 'service', localSubject: 'monitor.*' });
    assert.equal(r.import.subject, `$SYS.REQ.ACCOUNT.${cliKey}.*`);
    assert.deepEqual((await readOperatorEntry(store, 'OP'))?.accounts.find((a) => a.name === 'CLI')?.problems, []);
    await refused(
      () => addImport({ ...base, account: 'CLI', fromAccount: 'SYS', subject: `$SYS.ACCOUNT.${svcKey}.>`, type: 'stream' }),
      'invalid-argument',
      /would not work: .*admits only subjects with the importing account's public key as token 3/,
    );
  });

  it('reads imports written before local_subject: a service\'s subject is local and `to` the export side; a stream\'s `to` is a prefix', () => {
    const claims = { iss: '', sub: '', nats: { imports: [
      { subject: 'ask.x', to: 'help.x', account: svcKey, type: 'service' },
      { subject: 'news.a', to: 'svc', account: svcKey, type: 'stream' },
      { subject: 'bad', type: 'queue', account: svcKey },
      null,
    ] } };
    assert.deepEqual(importsOf(claims).map((i) => [i.type, i.subject, i.localSubject]), [
      ['service', 'help.x', 'ask.x'],
      ['stream', 'news.a', 'svc.news.a'],
    ]);
  });

  it('an import from an account no longer in the store is removed by the account\'s public key', async () => {
    const gone = await addAccount({ ...base, name: 'GONE' });
    await addExport({ ...base, account: 'GONE', subject: 'bye', type: 'stream' });
    await addImport({ ...base, account: 'CLI', fromAccount: 'GONE', subject: 'bye', type: 'stream' });
    await deleteAccount({ ...base, name: 'GONE' });
    await refused(() => removeImport({ ...base, account: 'CLI', fromAccount: 'GONE', subject: 'bye' }), 'not-found', /account 'GONE' of operator 'OP' does not exist/);
    const r = await removeImport({ ...base, account: 'CLI', fromAccount: gone.publicKey, subject: 'bye' });
    assert.equal(r.import.account, gone.publicKey);
    assert.equal(importsOf(claimsOf(r.jwtPath) as never).some((i) => i.account === gone.publicKey), false);
  });

  it('a subject exported both as a stream and as a service needs its type to be removed; service imports may not overlap locally', async () => {
    await addExport({ ...base, account: 'SVC', subject: 'both', type: 'stream' });
    await addExport({ ...base, account: 'SVC', subject: 'both', type: 'service' });
    await refused(() => removeExport({ ...base, account: 'SVC', subject: 'both' }), 'invalid-argument', /export 'both' of account 'SVC' is both a stream and a service: say which/);
    const r = await removeExport({ ...base, account: 'SVC', subject: 'both', type: 'service' });
    assert.equal(r.export.type, 'service');
    // 'ask.>' is the local subject of the help.> service import made above.
    await refused(
      () => addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'help.x', type: 'service', localSubject: 'ask.x' }),
      'exists',
      /would be 'ask\.x' in account 'CLI', which overlaps its service import 'ask\.>'/,
    );
  });

  it('without an operator seed to re-sign with, nothing is written and the error names the keystore', async () => {
    const op = await readOperatorEntry(store, 'OP');
    assert.ok(op?.publicKey);
    const seeds = [op.publicKey, ...op.signingKeys.map((k) => k.publicKey)].map((k) => paths.seed(store, k));
    for (const f of seeds) fs.renameSync(f, `${f}.away`);
    try {
      await refused(() => addExport({ ...base, account: 'SVC', subject: 'unsigned', type: 'stream' }), 'missing-seed', /seed of operator 'OP' .*is in the keystore/);
    } finally {
      for (const f of seeds) fs.renameSync(`${f}.away`, f);
    }
  });

  it('an import names the exporting account to push first while it has changed since its last push', async () => {
    const e = await addExport({ ...base, account: 'SVC', subject: 'pushed', type: 'stream' });
    const first = await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'pushed', type: 'stream' });
    assert.equal(first.pushExporterFirst, 'SVC');
    recordPush(store, 'OP', e.publicKey, fs.readFileSync(e.jwtPath, 'utf8'));
    await removeImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'pushed' });
    const again = await addImport({ ...base, account: 'CLI', fromAccount: 'SVC', subject: 'pushed', type: 'stream' });
    assert.equal(again.pushExporterFirst, undefined);
  });
});

/** Who loses an import when an export goes (pure): which imports count, and names from JWTs shown escaped. */
import * as assert from 'node:assert/strict';
import { JwtClaims, NKey, exportsChanged, lostImports, predictImportLoss } from '../../../src/core/trust';

describe('trust: imports lost by a push (pure)', () => {
  const exporter = NKey.generate('account').publicKey;
  const importer = NKey.generate('account').publicKey;
  const user = NKey.generate('user').publicKey;
  const acc = (sub: string, nats: Record<string, unknown>, name?: string): JwtClaims => ({ iss: 'O', sub, ...(name ? { name } : {}), nats });
  const now = acc(exporter, { exports: [{ subject: 'a.>', type: 'stream' }, { subject: 'b.*', type: 'service' }] }, 'EXP');
  const next = acc(exporter, { exports: [{ subject: 'b.*', type: 'service' }] }, 'EXP');

  it('only imports from the pushed account that work now and not after count', () => {
    const imp = acc(importer, {
      imports: [
        { subject: 'a.x', type: 'stream', account: exporter, local_subject: 'mine.x' },
        { subject: 'b.q', type: 'service', account: exporter },
        { subject: 'c.>', type: 'stream', account: exporter }, // already broken: no export c.>
        { subject: 'a.>', type: 'stream', account: NKey.generate('account').publicKey },
      ],
    });
    assert.equal(exportsChanged(now, next), true);
    assert.equal(exportsChanged(now, now), false);
    assert.equal(exportsChanged(undefined, next), false, 'an account the servers do not hold has no importer using it');
    assert.deepEqual(lostImports(imp, now, next).map((l) => [l.import.subject, l.import.localSubject]), [['a.x', 'mine.x']]);
  });

  it('counts users, connections and the subscribers on the local subject; a crafted account name or subject is shown escaped', () => {
    const imp = acc(importer, { imports: [{ subject: 'a.\u001b[2J', type: 'stream', account: exporter, local_subject: 'mine.\u001b[2J' }] }, 'evil\u001b]0;x\u0007\nname');
    const lost = lostImports(imp, now, next);
    assert.equal(lost.length, 1);
    const states = new Map([[importer, { clients: [{ user, subscriptions: ['mine.>'] }, { user, subscriptions: ['other'] }, { user: NKey.generate('user').publicKey }] }]]);
    const loss = predictImportLoss(lost, states);
    assert.deepEqual(loss.accounts.map((a) => [a.users, a.connections, a.subscribed]), [[2, 3, 1]]);
    assert.equal(loss.summary, 'cuts 1 importing account off an export (2 users, 3 connections connected there now)');
    assert.doesNotMatch(loss.lines.join(''), /[\u001b\u0007\n]/);
    assert.equal(predictImportLoss([], states).summary, '');
  });
});

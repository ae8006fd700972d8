import * as assert from 'node:assert/strict';
import { accountsToPush } from '../../../src/core/trust/clusterPush';
import type { AccountEntry } from '../../../src/core/trust/model';

/** An account entry with what the push order reads: name, key, imports, the changed mark. */
function account(name: string, importsFrom: string[] = [], changed = false): AccountEntry {
  return {
    kind: 'account',
    name,
    publicKey: `A${name}`,
    claims: { nats: { imports: importsFrom.map((from) => ({ subject: `${from}.svc`, account: `A${from}`, type: 'service' })) } },
    changedSincePush: changed,
  } as unknown as AccountEntry;
}

describe('push order', () => {
  it('pushes changed accounts first, then by name', () => {
    const order = accountsToPush({ accounts: [account('B'), account('A'), account('C', [], true)] }, undefined, 'OP');
    assert.deepEqual(order.map((a) => a.name), ['C', 'A', 'B']);
  });

  it('pushes an exporting account before the accounts that import from it', () => {
    // APP changed and imports from SVC, which did not change: SVC still goes first.
    const order = accountsToPush({ accounts: [account('APP', ['SVC'], true), account('SVC'), account('OTHER', [], true)] }, undefined, 'OP');
    assert.deepEqual(order.map((a) => a.name), ['SVC', 'APP', 'OTHER']);
  });

  it('follows chains and keeps every account once, also with an import cycle', () => {
    const order = accountsToPush({ accounts: [account('A', ['B']), account('B', ['C']), account('C', ['A']), account('D', ['B'])] }, undefined, 'OP');
    assert.equal(order.length, 4);
    assert.deepEqual([...new Set(order.map((a) => a.name))].sort(), ['A', 'B', 'C', 'D']);
    assert.ok(order.findIndex((a) => a.name === 'B') < order.findIndex((a) => a.name === 'D'));
  });

  it('orders only the accounts asked for', () => {
    const order = accountsToPush({ accounts: [account('APP', ['SVC']), account('SVC')] }, ['APP'], 'OP');
    assert.deepEqual(order.map((a) => a.name), ['APP']);
  });
});

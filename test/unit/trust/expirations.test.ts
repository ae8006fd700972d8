import * as assert from 'node:assert/strict';
import { addAccount, addUser, createOperator, expirations, parseExpiry, readStore, TrustError } from '../../../src/core/trust';
import { tempRoot } from './helpers';

const DAY = 86_400_000;

describe('trust expirations', () => {
  const tmp = tempRoot('exp');
  after(() => tmp.remove());

  it('lists expired and soon-expiring users and accounts, soonest first', async () => {
    const { store } = tmp;
    const now = Date.now();
    await createOperator({ store, name: 'OP' });
    await addAccount({ store, operator: 'OP', name: 'SOON', expires: new Date(now + 10 * DAY) });
    await addAccount({ store, operator: 'OP', name: 'LATER', expires: new Date(now + 400 * DAY) });
    await addUser({ store, operator: 'OP', account: 'LATER', name: 'gone', expires: new Date(now - 2 * DAY - 1000) });
    await addUser({ store, operator: 'OP', account: 'LATER', name: 'week', expires: new Date(now + 7 * DAY + 1000) });
    await addUser({ store, operator: 'OP', account: 'LATER', name: 'forever' });
    const list = await expirations({ store, withinDays: 30, now: new Date(now) });
    assert.deepEqual(
      list.map((e) => [e.kind, e.name, e.account, e.expired, e.daysLeft]),
      [
        ['user', 'gone', 'LATER', true, -3],
        ['user', 'week', 'LATER', false, 7],
        ['account', 'SOON', undefined, false, 9],
      ],
    );
    const model = await readStore(store);
    assert.equal((await expirations({ store: model, withinDays: 500, now: new Date(now) })).length, 4);
    assert.deepEqual((await expirations({ store: model, withinDays: 0, now: new Date(now) })).map((e) => e.name), ['gone']);
    await assert.rejects(expirations({ store: model, withinDays: -1 }), TrustError);
  });

  it('parses expiries given as durations or dates', () => {
    const now = new Date(Date.UTC(2030, 0, 1));
    assert.equal(parseExpiry('90m', now).getTime(), now.getTime() + 90 * 60_000);
    assert.equal(parseExpiry('1d12h', now).getTime(), now.getTime() + 36 * 3_600_000);
    assert.equal(parseExpiry('2w', now).getTime(), now.getTime() + 14 * DAY);
    assert.equal(parseExpiry('1y', now).getTime(), now.getTime() + 365 * DAY);
    assert.equal(parseExpiry('2031-02-03', now).toISOString(), '2031-02-03T00:00:00.000Z');
    assert.throws(() => parseExpiry('soon', now), /'soon' is not an expiry: use a duration such as 90m/);
    assert.throws(() => parseExpiry('0d', now), /longer than zero/);
    assert.throws(() => parseExpiry('2029-01-01', now), /already past/);
    assert.throws(() => parseExpiry('2031-13-45', now), /not a valid date/);
  });
});

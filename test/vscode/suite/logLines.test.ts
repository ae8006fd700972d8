/**
 * The log channel's file in a real VS Code: a message holding a line break (a store name, a
 * server reply) stays one line, so it cannot forge a line that reads like the extension's own.
 */
import * as assert from 'node:assert/strict';
import { logContaining, trustAccess } from './trustHelpers';

describe('log channel: one line per message', () => {
  it('a line feed, carriage return or bidi override in a logged name is written escaped', async () => {
    const access = await trustAccess();
    const marker = `marker-${Date.now()}`;
    access.context.log.info(`Added account '${marker}\n2026-12-02 13:00:00.000 [error] forged\r\u202e'`);
    const text = await logContaining(access, marker);
    const line = text.split('\n').find((l) => l.includes(marker));
    assert.ok(line, 'the message is in the log file');
    assert.match(line, /\[info\] Added account 'marker-\d+\\n2026-12-02 13:00:00\.000 \[error\] forged\\r\\u202e'$/);
    assert.ok(!text.split('\n').some((l) => l.startsWith('2026-12-02 13:00:00.000 [error] forged')), 'no forged line');
  });
});

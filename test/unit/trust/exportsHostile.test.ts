/**
 * Hostile input (fast-check) for exports and imports: generated subjects, local subjects, names
 * and response types thrown at addExport/addImport. For every case: nothing but a TrustError
 * escapes; a refusal leaves the store exactly as it was; an accepted one reads back without an
 * error (no import-unusable either) and is removed again. Go's jwt library then reads the store clean.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { addAccount, addExport, addImport, createOperator, exportSubjectProblem, readOperatorEntry, removeExport, removeImport, TrustError } from '../../../src/core/trust';
import { assertReferenceClean } from '../../support/referenceValidator';
import { SEED_PATTERN, tempRoot } from './helpers';
import { hostileName, hostileSubject, treeState } from './hostileInputs';

const SEED = Number(process.env.HOSTILE_SEED ?? 90210);

describe('trust: hostile exports and imports', function () {
  this.timeout(120_000);
  const tmp = tempRoot('exports-hostile');
  const base = { store: tmp.store, operator: 'OP' };
  const counts = { accepted: 0, refused: 0 };

  before(async () => {
    await createOperator({ store: tmp.store, name: 'OP' });
    await addAccount({ ...base, name: 'SVC', signingKey: true });
    await addAccount({ ...base, name: 'CLI' });
    await addAccount({ ...base, name: 'OFFER' });
    // Everything is offered, so an import is refused only for what it is itself.
    await addExport({ ...base, account: 'OFFER', subject: '>', type: 'stream', private: true });
    await addExport({ ...base, account: 'OFFER', subject: '>', type: 'service' });
  });
  after(async function () {
    this.timeout(60_000);
    await assertReferenceClean(tmp.root);
    tmp.remove();
  });

  /** Runs `op`: a TrustError leaves the tree untouched; success must read back clean, then `undo` runs. */
  async function attempt(op: () => Promise<unknown>, undo: () => Promise<unknown>): Promise<boolean> {
    const before = treeState(tmp.root);
    try {
      await op();
    } catch (e) {
      assert.ok(e instanceof TrustError, `not a TrustError: ${String(e)}`);
      assert.doesNotMatch(e.message, SEED_PATTERN);
      assert.deepEqual(treeState(tmp.root), before, `refused (${e.message}) but the store changed`);
      counts.refused++;
      return false;
    }
    const entry = await readOperatorEntry(tmp.store, 'OP');
    const errors = entry?.accounts.flatMap((a) => a.problems.filter((p) => p.severity === 'error').map((p) => `${a.name}: ${p.message}`));
    assert.deepEqual(errors, [], 'the accepted change reads back clean');
    await undo();
    counts.accepted++;
    return true;
  }

  it('addExport: only valid subjects are accepted, anything else is a TrustError that changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(hostileSubject, fc.option(hostileName, { nil: undefined }), fc.constantFrom('stream', 'service', 'queue'), fc.boolean(), fc.constantFrom(undefined, 'Singleton', 'Stream', 'Chunked', 'singleton'), async (subject, name, type, priv, responseType) => {
        const ok = await attempt(
          () => addExport({ ...base, account: 'SVC', subject, name, type: type as never, private: priv, responseType: responseType as never }),
          () => removeExport({ ...base, account: 'SVC', subject, type: type as never }),
        );
        if (ok) assert.equal(exportSubjectProblem(subject), undefined, `accepted the subject ${JSON.stringify(subject)}`);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('addImport: hostile subjects and local subjects; a private export\'s import always carries a working token', async () => {
    await fc.assert(
      fc.asyncProperty(hostileSubject, fc.option(fc.oneof(hostileSubject, fc.constantFrom('x.$1', 'x.>', '$1.$2', 'y')), { nil: undefined }), fc.constantFrom('stream', 'service'), async (subject, localSubject, type) => {
        await attempt(
          () => addImport({ ...base, account: 'CLI', fromAccount: 'OFFER', subject, localSubject, type: type as never }),
          () => removeImport({ ...base, account: 'CLI', fromAccount: 'OFFER', subject, type: type as never }),
        );
      }),
      { seed: SEED, numRuns: 150 },
    );
    assert.ok(counts.accepted > 20 && counts.refused > 20, `both paths taken: ${JSON.stringify(counts)}`);
  });
});

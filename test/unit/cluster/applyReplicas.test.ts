/** The wording of a num_replicas reduction where the live cluster block is missing, odd or hostile. */
import * as assert from 'node:assert/strict';
import { predictReplicaReduction } from '../../../src/core/cluster';

describe('predictReplicaReduction', () => {
  it('only when num_replicas goes down (0 counts as 1)', () => {
    assert.equal(predictReplicaReduction({ name: 'S', num_replicas: 1 }, { name: 'S', num_replicas: 3 }, undefined), undefined);
    assert.equal(predictReplicaReduction({ name: 'S', num_replicas: 1 }, { name: 'S', num_replicas: 0 }, undefined), undefined);
    assert.equal(predictReplicaReduction({ name: 'S', num_replicas: 3 }, { name: 'S', num_replicas: 3 }, undefined), undefined);
    assert.equal(predictReplicaReduction({ name: 'S', num_replicas: 3 }, { name: 'S', num_replicas: 0 }, undefined)?.to, 1);
  });

  it('no leader reported: names no kept or deleted peer, says the server keeps the leader at the update', () => {
    const r = predictReplicaReduction({ name: 'S', num_replicas: 5 }, { name: 'S', num_replicas: 3 }, { name: 'c1', replicas: [{ name: 'n1' }, { name: 'n2' }] });
    assert.ok(r);
    assert.deepEqual([r.kept, r.dropped, r.leader], [[], [], undefined]);
    assert.equal(r.summary, 'Removes 2 replicas (num_replicas 5 → 3): the stream then survives 1 server failure (now it survives 2 server failures).');
    assert.equal(r.lines[1], "The server keeps the copy of the stream's leader at the time of the update and deletes those of 2 other peers (of n1, n2); no leader was reported now.");
  });

  it('a server name with terminal codes is shown escaped', () => {
    const r = predictReplicaReduction({ name: 'S', num_replicas: 3 }, { name: 'S', num_replicas: 1 }, { leader: 'n1\u001b]0;x\u0007', replicas: [{ name: 'n2\nforged' }] });
    assert.ok(r);
    assert.doesNotMatch(r.lines.join(''), /[\u001b\u0007\n]/);
    assert.deepEqual(r.dropped, ['n2\nforged'], 'the names themselves are kept as the server sent them');
  });
});

import * as assert from 'node:assert/strict';
import { WorkspaceIndex, hoverAt, parseStreamDocument } from '../../../src/core/streams';

const text = `{
  "name": "ORDERS",
  "subjects": ["orders.>"],
  "retention": "workqueue",
  "storage": "memory",
  "num_replicas": 3,
  "max_age": 86400000000000,
  "max_msgs": 1000000,
  "max_bytes": 1073741824,
  "max_msgs_per_subject": -1,
  "max_msg_size": 1048576,
  "max_consumers": -1,
  "discard": "new",
  "placement": {"cluster": "east", "tags": ["ssd"]},
  "sources": [{"name": "UPSTREAM", "filter_subject": "up.>"}],
  "deny_delete": true
}`;

function hover(source: string, key: string, workspace?: WorkspaceIndex): string | undefined {
  const doc = parseStreamDocument(source, 'f/orders.json');
  return hoverAt(doc, source.indexOf(`"${key}"`) + 2, workspace)?.markdown;
}

describe('hovers', () => {
  it('explains each field for this stream', () => {
    assert.match(hover(text, 'num_replicas')!, /R3: quorum 2 of 3, survives 1 server failure/);
    assert.match(hover(text, 'storage')!, /RAM on 3 servers/);
    assert.match(hover(text, 'retention')!, /Work-queue retention/);
    assert.match(hover(text, 'max_age')!, /kept for \*\*1d\*\*/);
    assert.match(hover(text, 'max_msgs')!, /1,000,000 messages\*\*; then new messages are refused/);
    assert.match(hover(text, 'max_bytes')!, /1 GiB/);
    assert.match(hover(text, 'max_msgs_per_subject')!, /no limit per subject/);
    assert.match(hover(text, 'max_msg_size')!, /larger than \*\*1 MiB\*\*/);
    assert.match(hover(text, 'max_consumers')!, /no limit on consumers/);
    assert.match(hover(text, 'discard')!, /new messages are refused/);
    assert.match(hover(text, 'placement')!, /cluster `east`, on servers tagged `ssd`/);
    assert.match(hover(text, 'sources')!, /UPSTREAM\*\*, subjects `up.>`/);
    assert.match(hover(text, 'deny_delete')!, /Refuse deleting single messages/);
    assert.match(hover(text, 'subjects')!, /orders.>/);
  });

  it('leaves the schema description out when asked (an editor showing it already)', () => {
    const doc = parseStreamDocument(text, 'f/orders.json');
    const replicas = hoverAt(doc, text.indexOf('"num_replicas"') + 2, undefined, { description: false })!;
    assert.match(replicas.markdown, /R3: quorum 2 of 3/);
    assert.doesNotMatch(replicas.markdown, /How many servers hold a copy/);
    assert.equal(hoverAt(doc, text.indexOf('"deny_delete"') + 2, undefined, { description: false }), undefined);
  });

  it('shows defaults, even and invalid values', () => {
    assert.match(hover('{"name": "S", "duplicate_window": 0, "max_age": 60000000000}', 'duplicate_window')!, /Not set: the server uses \*\*1m\*\*/);
    assert.match(hover('{"name": "S", "num_replicas": 4}', 'num_replicas')!, /R4: quorum 3 of 4, survives 1 server failure. An even count adds no tolerance over R3/);
    assert.match(hover('{"name": "S", "num_replicas": 1}', 'num_replicas')!, /survives no server failure/);
    assert.match(hover('{"name": "S", "num_replicas": 5}', 'num_replicas')!, /quorum 3 of 5, survives 2 server failures/);
    assert.match(hover('{"name": "S", "num_replicas": "3"}', 'num_replicas')!, /not valid/);
    assert.match(hover('{"name": "S", "storage": "memory"}', 'storage')!, /every message is lost when the server restarts/);
    assert.match(hover('{"name": "S", "max_age": 0}', 'max_age')!, /kept forever/);
  });

  it('hovers on values too, inside info documents, and nowhere else', () => {
    const info = '{"config": {"name": "S", "num_replicas": 3}, "state": {"messages": 1}}';
    const doc = parseStreamDocument(info);
    const h = hoverAt(doc, info.indexOf('3}'))!;
    assert.match(h.markdown, /R3/);
    assert.equal(h.range.offset, info.indexOf('"num_replicas"'));
    assert.equal(hoverAt(doc, info.indexOf('"state"') + 2), undefined);
    assert.equal(hoverAt(doc, 0), undefined);
  });

  it('says where a mirrored stream lives in the workspace', () => {
    const origin = parseStreamDocument('{"name": "ORDERS", "placement": {"cluster": "east"}}', 'f/orders.json');
    const mirrorText = '{"name": "DR", "mirror": {"name": "ORDERS"}}';
    const mirror = parseStreamDocument(mirrorText, 'f/dr.json');
    const ws = new WorkspaceIndex([origin, mirror]);
    assert.match(hoverAt(mirror, mirrorText.indexOf('"mirror"') + 1, ws)!.markdown, /read-only copy of \*\*ORDERS\*\*, defined in f\/orders\\\.json \(cluster east\)/);
  });
});

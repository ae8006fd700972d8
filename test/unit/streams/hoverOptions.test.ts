import * as assert from 'node:assert/strict';
import { fieldSchema } from '../../../src/core/streams/schema';
import { hoverAt, parseStreamDocument } from '../../../src/core/streams';

const text = `{
  "name": "ORDERS",
  "num_replicas": 3,
  "deny_delete": true
}`;

function hover(key: string, description?: boolean): string | undefined {
  const doc = parseStreamDocument(text, 'f/orders.json');
  const options = description === undefined ? undefined : { description };
  return hoverAt(doc, text.indexOf(`"${key}"`) + 2, undefined, options)?.markdown;
}

describe('hovers without the schema description (an editor whose JSON language server shows it)', () => {
  it('keep the meaning and drop the description', () => {
    const described = fieldSchema('num_replicas')?.description;
    assert.ok(described, 'num_replicas has a schema description');
    assert.ok(hover('num_replicas')!.includes(described), 'by default the description is appended');
    const meaning = hover('num_replicas', false)!;
    assert.match(meaning, /R3: quorum 2 of 3, survives 1 server failure/);
    assert.ok(!meaning.includes(described), meaning);
  });

  it('give no hover for a field that has only a description', () => {
    assert.ok(hover('deny_delete'), 'with the description there is a hover');
    assert.equal(hover('deny_delete', false), undefined);
  });
});

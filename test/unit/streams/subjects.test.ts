import * as assert from 'node:assert/strict';
import { isSubsetMatch, subjectProblem, subjectsOverlap } from '../../../src/core/streams';
import { SubjectIndex } from '../../../src/core/streams/subjects';

/** Reference matcher: does filter `f` match the concrete subject `s`? */
function matches(f: string, s: string): boolean {
  const ft = f.split('.');
  const st = s.split('.');
  for (let i = 0; i < ft.length; i++) {
    if (ft[i] === '>') return st.length > i;
    if (i >= st.length || (ft[i] !== '*' && ft[i] !== st[i])) return false;
  }
  return ft.length === st.length;
}

function allSequences(tokens: string[], maxLength: number): string[] {
  const out: string[] = [];
  const grow = (prefix: string[]): void => {
    if (prefix.length > 0) out.push(prefix.join('.'));
    if (prefix.length === maxLength) return;
    for (const t of tokens) grow([...prefix, t]);
  };
  grow([]);
  return out;
}

// Concrete subjects over a, b and a third token no filter names, up to 4 tokens long.
const CONCRETE = allSequences(['a', 'b', 'z'], 4);
const FILTERS = allSequences(['a', 'b', '*', '>'], 3).filter((f) => subjectProblem(f) === undefined);

describe('subjects', () => {
  it('finds the problems the server refuses', () => {
    assert.equal(subjectProblem('orders.*'), undefined);
    assert.equal(subjectProblem('>'), undefined);
    assert.equal(subjectProblem('a.*b'), undefined);
    assert.match(subjectProblem('')!, /empty/);
    assert.match(subjectProblem('a..b')!, /empty token/);
    assert.match(subjectProblem('a.')!, /empty token/);
    assert.match(subjectProblem('a.>.b')!, />/);
    assert.match(subjectProblem('a b')!, /whitespace/);
  });

  it('overlap agrees with "some subject matches both" for every pair of filters', () => {
    for (const x of FILTERS) {
      for (const y of FILTERS) {
        const expected = CONCRETE.some((s) => matches(x, s) && matches(y, s));
        assert.equal(subjectsOverlap(x, y), expected, `${x} vs ${y}`);
      }
    }
  });

  it('subset agrees with "every subject matching the first matches the second"', () => {
    for (const x of FILTERS) {
      for (const y of FILTERS) {
        const matched = CONCRETE.filter((s) => matches(x, s));
        const expected = matched.every((s) => matches(y, s));
        assert.equal(isSubsetMatch(x, y), expected, `${x} ⊆ ${y}`);
      }
    }
    assert.equal(isSubsetMatch('$JS.API.STREAM.INFO.X', '$JS.API.>'), true);
    assert.equal(isSubsetMatch('>', '$JS.API.>'), false);
  });

  it('the subject index finds exactly the overlapping filters', () => {
    const index = new SubjectIndex<string>();
    for (const f of FILTERS) index.add(f, f);
    for (const query of FILTERS) {
      const found = new Set<string>();
      index.overlapping(query, (f) => found.add(f));
      const expected = FILTERS.filter((f) => subjectsOverlap(query, f));
      assert.deepEqual([...found].sort(), expected.sort(), query);
    }
  });
});

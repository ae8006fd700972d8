import * as assert from 'node:assert/strict';
import { isSubsetMatch, subjectProblem, subjectsOverlap } from '../../../src/core/streams';
import { SubjectIndex, provablyDisjoint } from '../../../src/core/streams/subjects';

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

describe('subjects: the disjointness proof', () => {
  /** Cross-owner overlaps as the index finds them. */
  function indexFindsOverlap(subjects: string[], owners: number[]): boolean {
    const index = new SubjectIndex<number>();
    subjects.forEach((s, i) => index.add(s, i));
    let found = false;
    subjects.forEach((s, i) =>
      index.overlapping(s, (j) => {
        if (owners[j] !== owners[i]) found = true;
      }),
    );
    return found;
  }

  it('proves no overlap only when the index finds none, for every pair and triple of owners', () => {
    const filters = FILTERS.filter((f) => !f.split('.').includes('*'));
    let proofs = 0;
    for (const x of filters) {
      for (const y of filters) {
        // Two owners, and the same two subjects under one owner (never an overlap).
        assert.equal(provablyDisjoint([x, y], [0, 1]), !indexFindsOverlap([x, y], [0, 1]), `${x} vs ${y}`);
        assert.equal(provablyDisjoint([x, y], [0, 0]), true, `${x} and ${y} of one owner`);
        for (const z of ['a.b', 'b.>', '>', 'z']) {
          const subjects = [x, y, z];
          const owners = [0, 1, 1];
          const proof = provablyDisjoint(subjects, owners);
          assert.equal(proof, !indexFindsOverlap(subjects, owners), subjects.join(' '));
          if (proof) proofs++;
        }
      }
    }
    // The proof applies often enough to matter (and the test sees both outcomes).
    assert.ok(proofs > 10, `${proofs} proofs`);
  });

  it('gives up on a `*` token, but not on `*` inside a literal token', () => {
    assert.equal(provablyDisjoint(['a.*', 'b'], [0, 1]), false);
    assert.equal(provablyDisjoint(['*'], [0]), false);
    assert.equal(provablyDisjoint(['a*.b', 'a*.c', 'x.*y'], [0, 1, 2]), true);
    assert.equal(provablyDisjoint(['a*.b', 'a*.b'], [0, 1]), false);
  });

  it('finds overlaps between `>` subjects and the subjects below their prefix', () => {
    assert.equal(provablyDisjoint(['shop.1.orders.>', 'shop.2.orders.>'], [0, 1]), true);
    assert.equal(provablyDisjoint(['shop.>', 'shop.2.orders.>'], [0, 1]), false);
    assert.equal(provablyDisjoint(['shop.2.orders', 'shop.2.>'], [0, 1]), false);
    assert.equal(provablyDisjoint(['shop.2', 'shop.2.>'], [0, 1]), true);
    assert.equal(provablyDisjoint(['>', 'x'], [0, 1]), false);
    assert.equal(provablyDisjoint(['>', 'x'], [0, 0]), true);
  });
});

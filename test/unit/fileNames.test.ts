import * as assert from 'node:assert/strict';
import { fileNamePart } from '../../src/core/fileNames';

describe('fileNamePart: stream names from a server in file names', () => {
  it('replaces NUL, escapes, bidi overrides, separators and a leading dot; keeps letters', () => {
    assert.equal(fileNamePart('HOSTILE\u0000\u001b[31m\u202eNOSJ'), 'HOSTILE__[31m_NOSJ');
    assert.equal(fileNamePart('a/b\\c:d*e?f"g<h>i|j k'), 'a_b_c_d_e_f_g_h_i_j_k');
    assert.equal(fileNamePart('.hidden'), '_hidden');
    assert.equal(fileNamePart('ORDERS-eu_1'), 'ORDERS-eu_1');
    assert.equal(fileNamePart('Bestellungen-é'), 'Bestellungen-é');
  });
});

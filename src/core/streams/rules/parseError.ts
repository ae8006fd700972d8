import { plural } from '../format';
import { DocumentRule } from './types';

export const parseError: DocumentRule = {
  id: 'parse-error',
  severity: 'error',
  scope: 'document',
  title: 'Invalid JSON',
  anchor: 'where the parser stops',
  explanation:
    'The file is not valid JSON (comments are allowed). Neither `nats stream add --config` nor the ' +
    'JetStream API can read it, and the other rules cannot check it until it parses.',
  check(document, report) {
    const [first, ...more] = document.syntaxErrors;
    if (!first) return;
    const tail = more.length > 0 ? ` (and ${plural(more.length, 'more syntax error')})` : '';
    report({ span: { offset: first.offset, length: first.length }, message: `Invalid JSON: ${first.message}${tail}`, headline: 'invalid JSON' });
  },
};

/** Hostile stores for the server-config tests: every field that reaches a config tries to inject a directive. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createOperator, NKey, paths, StoreLocation } from '../../../src/core/trust';
import { loadSeed } from '../../../src/core/trust/storeWrite';
import { signClaims } from './helpers';

/** Text that tries to end a comment or a string and start a directive of its own. */
export function injections(port: number): string[] {
  const directive = `http: "127.0.0.1:${port}"`;
  return [
    `a\n${directive}\n#`,
    `b\r${directive}\r#`,
    `c\r\n${directive}\r\n#`,
    `d\u2028${directive}\u2029#`,
    `e\u0085${directive}\u0085#`,
    `f"\n}\n${directive}\n{"`,
    `g\\"\n${directive}\n# $VAR {}`,
    `h\u0000\u001b[2J\u202e${directive}`,
  ];
}

const LIMITS = { subs: -1, conn: -1, leaf: -1, imports: -1, exports: -1, data: -1, payload: -1, wildcards: true };

/**
 * A store whose every field that reaches a server config is hostile: an operator folder with
 * quotes, braces, `#` and `$`; valid accounts named (folder and JWT) with line breaks of every
 * kind; an account whose JWT's sub and iss are injections; folder names that do not match
 * their JWTs (so they are left out and named in the comment).
 */
export async function hostileStore(store: StoreLocation, port: number): Promise<{ operator: string; valid: string[]; keys: Map<string, NKey> }> {
  const operator = 'op "#$ {x}\n} é 🚀'.replace('\n', ' ');
  const op = await createOperator({ store, name: 'OP', signingKey: false });
  // The operator folder and file renamed (nsc names the JWT file after the folder).
  fs.renameSync(paths.operatorJwt(store, 'OP'), path.join(paths.operatorDir(store, 'OP'), `${operator}.jwt`));
  fs.renameSync(paths.operatorDir(store, 'OP'), paths.operatorDir(store, operator));
  const opKey = loadSeed(store, op.operator.publicKey) as NKey;
  const keys = new Map<string, NKey>();
  const account = (name: string, claims: Record<string, unknown> = {}): void => {
    const key = NKey.generate('account');
    keys.set(name, key);
    const jwt = signClaims({ jti: name.length.toString(), iat: 1, iss: op.operator.publicKey, sub: key.publicKey, name, nats: { limits: LIMITS, type: 'account', version: 2 }, ...claims }, opKey);
    fs.mkdirSync(paths.accountDir(store, operator, name), { recursive: true });
    fs.writeFileSync(paths.accountJwt(store, operator, name), jwt);
  };
  const valid = injections(port).filter((n) => !n.includes('\u0000'));
  for (const name of valid) account(name);
  account('EVILSUB', { sub: `x\nhttp: "127.0.0.1:${port}"\n#` });
  account('EVILISS', { iss: `y\r\nhttp: "127.0.0.1:${port}"\r\n#` });
  for (const [i, name] of injections(port).entries()) {
    // A folder named by the injection holding a JWT named otherwise: left out, its folder named.
    const folder = `${name.replace(/[/\u0000]/g, '')}-${i}`;
    fs.mkdirSync(paths.accountDir(store, operator, folder), { recursive: true });
    fs.copyFileSync(paths.accountJwt(store, operator, valid[0]), paths.accountJwt(store, operator, folder));
  }
  return { operator, valid, keys };
}

/** Every line of the config is blank, a comment, or one of the directives serverConfig writes. */
export function assertOnlyOwnDirectives(text: string): void {
  const known = /^(operator|system_account|resolver|resolver_preload): |^ {2}(A[A-Z2-7]{55}|type|dir|allow_delete|interval|limit): |^(resolver: \{|resolver_preload: \{|\})$/;
  for (const line of text.split('\n')) {
    assert.ok(line === '' || /^ *#/.test(line) || known.test(line), `unexpected line: ${JSON.stringify(line)}`);
    assert.doesNotMatch(line, /[\r\u2028\u2029\u0085\u0000\u001b\u202e]/u, `no raw separator or control character: ${JSON.stringify(line)}`);
  }
}

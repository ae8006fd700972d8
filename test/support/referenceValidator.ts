/**
 * The reference validator (test/go/jwtcheck): nats-io's Go jwt/v2 and nkeys libraries, the ones nsc
 * and nats-server use, read a store the way they would. `scripts/setup.sh` builds it; when the
 * binary is missing or older than its source, `test/go/build.sh` builds it here (a few seconds).
 */
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as path from 'node:path';

export interface ReferenceFinding {
  code: string;
  /** `error` fails a store; `time` (expired, not yet valid) and `warning` are reported only. */
  severity: 'error' | 'time' | 'warning';
  message: string;
}

export interface ReferencePermission {
  allow?: string[];
  deny?: string[];
}

/** What Go decoded (fields as jwtcheck names them). */
export interface ReferenceDecoded {
  name: string;
  sub: string;
  iss: string;
  exp?: number;
  tags?: string[];
  description?: string;
  system_account?: string;
  signing_keys?: { key: string; scoped: boolean; role?: string; template?: Record<string, unknown> }[];
  issuer_account?: string;
  pub?: ReferencePermission;
  sub_perm?: ReferencePermission;
  exports?: string[];
  imports?: string[];
  jetstream?: boolean;
  tiers?: Record<string, Record<string, number | boolean>>;
  bearer?: boolean;
  /** No permissions or limits at all (what a user of a scoped signing key must be). */
  scoped?: boolean;
}

export interface ReferenceRecord {
  file: string;
  kind: 'operator' | 'account' | 'user' | 'seed' | 'creds' | string;
  decoded?: ReferenceDecoded;
  /** The public key of a seed or of the seed in a .creds file. */
  public_key?: string;
  findings: ReferenceFinding[];
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
let binary: string | undefined;

/** The validator's path, built when needed (once per process). */
export function referenceValidator(): string {
  if (binary === undefined) {
    try {
      binary = execFileSync('bash', [path.join(ROOT, 'test', 'go', 'build.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    } catch (e) {
      const stderr = String((e as { stderr?: unknown }).stderr ?? (e as Error).message);
      throw new Error(`the reference validator could not be built (it needs the Debian packages golang-go, golang-github-nats-io-jwt-dev and golang-github-nats-io-nkeys-dev: run scripts/setup.sh): ${stderr}`);
    }
  }
  return binary;
}

export interface ReferenceRun {
  /** One record per file read. */
  records: ReferenceRecord[];
  /** 0: no finding is an error (expired claims and warnings are not); 1: some are. */
  exitCode: 0 | 1;
}

/** Runs the validator on store roots and/or files. */
export function runReferenceValidator(...paths: string[]): Promise<ReferenceRun> {
  const bin = referenceValidator();
  return new Promise((resolve, reject) => {
    execFile(bin, paths, { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0;
      if (code !== 0 && code !== 1) {
        reject(new Error(`the reference validator failed (${String(code)}): ${stderr || error?.message}`));
        return;
      }
      const records = stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as ReferenceRecord);
      resolve({ records, exitCode: code === 0 ? 0 : 1 });
    });
  });
}

/** A finding a test expects: in the file whose path (relative to the store root) matches `file`. */
export interface ExpectedFinding {
  file: string | RegExp;
  code: string;
}

function matches(expected: ExpectedFinding, relative: string, finding: ReferenceFinding): boolean {
  if (expected.code !== finding.code) return false;
  return typeof expected.file === 'string' ? relative === expected.file || relative.endsWith(`/${expected.file}`) : expected.file.test(relative);
}

/**
 * Asserts that Go finds nothing in the store at `root` but the `expected` findings, each of which
 * must occur. Returns the records (paths relative to `root`) for further checks.
 */
export async function assertReferenceClean(root: string, expected: ExpectedFinding[] = []): Promise<ReferenceRecord[]> {
  const run = await runReferenceValidator(root);
  const records = run.records.map((r) => ({ ...r, file: path.relative(root, r.file) }));
  assert.ok(records.length > 0, `the reference validator found no files in ${root}`);
  const unexpected: string[] = [];
  const seen = new Set<ExpectedFinding>();
  for (const r of records) {
    for (const f of r.findings) {
      const e = expected.find((x) => matches(x, r.file, f));
      if (e) seen.add(e);
      else unexpected.push(`${r.file}: ${f.code} (${f.severity}): ${f.message}`);
    }
  }
  assert.deepEqual(unexpected, [], 'findings of the reference validator (nats-io/jwt v2)');
  const missing = expected.filter((e) => !seen.has(e)).map((e) => `${String(e.file)}: ${e.code}`);
  assert.deepEqual(missing, [], 'expected findings the reference validator did not report');
  assert.equal(run.exitCode, records.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0, 'its exit code');
  return records;
}

/** The record of the file at `relative` (to the store root), failing when there is none. */
export function recordOf(records: ReferenceRecord[], relative: string): ReferenceRecord {
  const r = records.find((x) => x.file === relative);
  assert.ok(r, `the reference validator reported nothing for ${relative}; it read ${records.map((x) => x.file).join(', ')}`);
  return r;
}

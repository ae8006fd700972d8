/**
 * `nats-workbench audit (--server URL [--creds FILE] [--user U --password P] | --context NAME)
 * [--format text|json|sarif]`: audits what a connection runs (streams, key-value buckets, object
 * stores, consumers, the account) with the stream rules and the audit's live rules.
 */
import { ClusterError } from '../core/cluster';
import { AUDIT_RULES, AuditFinding, auditConnection, auditText } from '../core/cluster/audit';
import { ruleCatalogue } from '../core/streams';
import { displayLine, displayText, quoted } from '../core/trust/quote';
import { CONNECTION_OPTIONS, connectionProfile, openCliConnection, timeoutOption } from './connectionOptions';
import { CliCommand, CliIo, UsageError, optionValue, parseArgs } from './framework';
import { SarifResult, sarifLog } from './sarif';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const usage = `Usage: nats-workbench audit (--server URL [--creds FILE] [--user U --password P] | --context NAME)
                           [--format text|json|sarif] [--timeout MS]

Audits everything a connection's account runs: every stream, key-value bucket (KV_*), object
store (OBJ_*) and consumer. The stream rules run on the live configurations (as lint runs them on
files); the audit's own rules check what only a running system shows:
${AUDIT_RULES.map((r) => `  ${r.id.padEnd(26)} ${r.severity.padEnd(8)} ${r.title}`).join('\n')}

Options:
  --server URL      the server(s) to connect to (comma-separated for a cluster)
  --creds FILE      a .creds file (user JWT and seed)
  --user U --password P
                    user and password
  --context NAME    a nats CLI context (~/.config/nats/context/NAME.json) instead of --server
  --format FORMAT   text (default), json (an array of {kind, name, stream, rule, severity,
                    message}; kind is stream, kv, objectstore, consumer or account) or sarif
  --timeout MS      how long connecting and each request may take (default 10000)

Exit codes: 0 no finding is an error, 1 at least one is, 2 wrong usage or no connection (the
reason is printed).
`;

/** The JSON rows: `{kind, name, stream, rule, severity, message}` (`stream` null for the account). */
function jsonRows(findings: readonly AuditFinding[]): string {
  return JSON.stringify(findings.map((f) => ({ kind: f.kind, name: f.name, stream: f.stream ?? null, rule: f.rule, severity: f.severity, message: f.message })), null, 2) + '\n';
}

function sarifResults(findings: readonly AuditFinding[]): SarifResult[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    location: { logical: f.kind === 'consumer' ? `${f.stream}/${f.name}` : f.kind === 'account' ? 'account' : (f.stream ?? f.name), kind: f.kind },
  }));
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: [...CONNECTION_OPTIONS, 'format', 'timeout'] });
  if (parsed.positionals.length) throw new UsageError(`unexpected argument ${quoted(parsed.positionals[0])}`);
  const format = (optionValue(parsed, 'format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not ${quoted(format)}`);
  const timeoutMs = timeoutOption(parsed, 10_000);
  const conn = await openCliConnection('audit', await connectionProfile(parsed, io), io, timeoutMs);
  if (!conn) return 2;
  try {
    const result = await auditConnection(conn, { timeoutMs });
    if (format === 'json') io.stdout.write(jsonRows(result.findings));
    else if (format === 'sarif') io.stdout.write(sarifLog([...ruleCatalogue(), ...AUDIT_RULES], sarifResults(result.findings), io.cwd));
    else io.stdout.write(auditText(result).split('\n').map(displayLine).join('\n'));
    return result.findings.some((f) => f.severity === 'error') ? 1 : 0;
  } catch (e) {
    if (!(e instanceof ClusterError)) throw e;
    io.stderr.write(`nats-workbench audit: ${displayText(e.failure.message)}\n`);
    return 2;
  } finally {
    await conn.close();
  }
}

export const auditCommand: CliCommand = {
  summary: 'Audit the streams, buckets, object stores and consumers a server runs (text, json or SARIF)',
  usage,
  run,
};

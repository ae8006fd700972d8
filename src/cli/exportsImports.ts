/** `nats-workbench export add|rm` and `import add|rm`: what accounts offer each other, and what they take. */
import { addExport, addImport, displayText as shown, ExportKind, parseExpiry, removeExport, removeImport, ResponseType, RESPONSE_TYPES } from '../core/trust';
import { CliCommand, CliIo, optionValue, parseArgs, ParsedArgs, requiredOption, UsageError } from './framework';
import { formatOption, output } from './lifecycleOptions';
import { entityOption, runTrust, storeOption } from './trustCommon';

const COMMON = ['store', 'operator', 'account', 'subject', 'format'];
const TYPES = ['service', 'stream'];

/** `--service` or `--stream`: required when adding, optional (needed only when both exist) when removing. */
function typeOption(parsed: ParsedArgs, required: boolean): ExportKind | undefined {
  const given = TYPES.filter((t) => parsed.flags.has(t)) as ExportKind[];
  if (given.length > 1) throw new UsageError('give --service or --stream, not both');
  if (required && given.length === 0) throw new UsageError('--service or --stream is required');
  return given[0];
}

function subcommand(args: string[], what: string): { sub: 'add' | 'rm'; rest: string[] } {
  const [sub, ...rest] = args;
  if (sub === 'add' || sub === 'rm') return { sub, rest };
  throw new UsageError(sub === undefined ? `missing subcommand: add or rm (${what})` : `unknown subcommand '${sub}' (expected: add or rm)`);
}

/** The subcommand and the options `export` and `import` share; `add` takes `addValues` and `addFlags` too. */
function common(args: string[], io: CliIo, what: string, values: string[], addValues: string[], addFlags: string[] = []) {
  const { sub, rest } = subcommand(args, what);
  const parsed = parseArgs(rest, { values: [...COMMON, ...values, ...(sub === 'add' ? addValues : [])], flags: [...TYPES, ...(sub === 'add' ? addFlags : [])] });
  return {
    sub,
    parsed,
    store: storeOption(parsed, io),
    operator: entityOption(parsed, io, 'operator'),
    account: entityOption(parsed, io, 'account'),
    subject: requiredOption(parsed, 'subject'),
    format: formatOption(parsed),
    type: typeOption(parsed, sub === 'add'),
  };
}

const changedLines = (r: { account: string; publicKey: string; issuer: string; changes: string[]; jwtPath: string }): string[] => [
  `Account '${shown(r.account)}' ${r.publicKey}, re-signed by ${r.issuer}:`,
  ...r.changes.map((c) => `  ${shown(c)}`),
  `  jwt: ${shown(r.jwtPath)}`,
  `Changed since last push: push account '${shown(r.account)}' for servers to apply it.`,
];

export const exportCommand: CliCommand = {
  summary: 'Add or remove an export of an account: a stream or service other accounts may import (public or private)',
  usage: [
    'Usage: nats-workbench export add [--store DIR] [--operator O] --account A --subject S (--service|--stream)',
    '         [--private] [--name N] [--response-type Singleton|Stream|Chunked] [--format text|json]',
    '',
    'Account A offers subject S: a service (requests answered in A) or a stream (messages published',
    'in A). --private requires importers to hold an activation token: "import add" makes it for',
    'accounts of the store. --response-type (services): one reply (Singleton, the default), a stream',
    'of replies, or one reply in chunks. The account is re-signed and marked "changed since last push".',
    '',
    'Usage: nats-workbench export rm [--store DIR] [--operator O] --account A --subject S [--service|--stream] [--format text|json]',
    '',
    'Removes the export; names the accounts of the store whose imports of it stop working.',
  ].join('\n'),
  async run(args, io) {
    const { sub, parsed, store, operator, account, subject, format, type } = common(args, io, 'export', [], ['name', 'response-type'], ['private']);
    if (sub === 'rm') {
      return runTrust('export rm', io, async () => {
        const r = await removeExport({ store, operator, account, subject, type });
        const broken = r.brokenImports?.length ? [`Imports that stop working: ${r.brokenImports.map((a) => `'${shown(a)}'`).join(', ')}`] : [];
        output(io, format, [...changedLines(r), ...broken], r);
        return 0;
      });
    }
    const responseType = optionValue(parsed, 'response-type');
    if (responseType !== undefined && !RESPONSE_TYPES.includes(responseType as ResponseType)) {
      throw new UsageError(`--response-type takes ${RESPONSE_TYPES.join(', ')}, not '${responseType}'`);
    }
    return runTrust('export add', io, async () => {
      const r = await addExport({ store, operator, account, subject, type: type as ExportKind, private: parsed.flags.has('private'), name: optionValue(parsed, 'name'), responseType: responseType as ResponseType | undefined });
      output(io, format, changedLines(r), r);
      return 0;
    });
  },
};

export const importCommand: CliCommand = {
  summary: 'Add or remove an import of an account from another account of the store (activation token made for private exports)',
  usage: [
    'Usage: nats-workbench import add [--store DIR] [--operator O] --account B --from-account A --subject S',
    '         (--service|--stream) [--local-subject L] [--name N] [--token-expiry D] [--format text|json]',
    '',
    'Account B imports subject S from account A, which must export it (a stream or service export',
    'containing S). --local-subject L is what B\'s users use instead of S (a service they request, a',
    'stream they subscribe to); it ends in ">" when S does, and has a "*" or "$1", "$2"… for each "*" of S.',
    'For a private export, the activation token is made (signed by A or its signing key) and embedded;',
    '--token-expiry (a duration such as 90d, a date, or an RFC 3339 time) makes it expire.',
    'A stream import overlapping another from A in both subject and local subject is refused: the server would',
    'deliver its messages twice. Account B is re-signed and marked "changed since last push".',
    '',
    'Usage: nats-workbench import rm [--store DIR] [--operator O] --account B --from-account A --subject S [--service|--stream] [--format text|json]',
    '',
    'Removes the import; --from-account also takes the public key of an account no longer in the store.',
  ].join('\n'),
  async run(args, io) {
    const { sub, parsed, store, operator, account, subject, format, type } = common(args, io, 'import', ['from-account'], ['name', 'local-subject', 'token-expiry']);
    const fromAccount = requiredOption(parsed, 'from-account');
    const tokenExpiry = optionValue(parsed, 'token-expiry');
    return runTrust(`import ${sub}`, io, async () => {
      const activationExpires = tokenExpiry === undefined ? undefined : parseExpiry(tokenExpiry);
      const r =
        sub === 'rm'
          ? await removeImport({ store, operator, account, fromAccount, subject, type })
          : await addImport({ store, operator, account, fromAccount, subject, type: type as ExportKind, localSubject: optionValue(parsed, 'local-subject'), name: optionValue(parsed, 'name'), activationExpires });
      const token = r.activationIssuer ? [`  activation token signed by ${r.activationIssuer}`] : [];
      const first = r.pushExporterFirst ? [`Account '${shown(r.pushExporterFirst)}' has changed since it was last pushed: push it first, or servers do not see its export.`] : [];
      output(io, format, [...changedLines(r), ...token, ...first], r);
      return 0;
    });
  },
};

/**
 * `nats-workbench lint [--format text|json|sarif] [--disable RULE]… <files or folders>…`: the stream
 * config rules for CI pipelines. Workspace rules run across all files of one run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Finding, RULE_IDS, RuleSettings, analyzeWorkspace, getRule, looksLikeStreamFile, ruleCatalogue } from '../core/streams';
import { describeIoError } from '../core/ioErrors';
import { displayText } from '../core/trust/quote';
import { CliCommand, CliIo, UsageError, optionValue, parseArgs } from './framework';
import { plural } from '../core/plural';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);
const EXTENSIONS = ['.json', '.jsonc', '.yaml', '.yml'];

const usage = `Usage: nats-workbench lint [--format text|json|sarif] [--disable RULE]... <files or folders>...

Checks JetStream stream configurations: JSON or JSONC files holding a stream configuration, a
\`nats stream info --json\` document, a key-value bucket config, a consumer config (or
\`nats consumer info --json\` document), or an array of them; and YAML files holding NACK resources
(jetstream.nats.io Stream, KeyValue, ObjectStore, Consumer). Folders are searched
recursively for .json/.jsonc/.yaml/.yml files that hold them (node_modules and .git are skipped); files named
explicitly are always checked. Rules across files (overlapping subjects, copy cycles, copies in
the same cluster) see every file of the run.

Options:
  --format FORMAT   text (default, for people), json (an array of findings with 1-based lines
                    and columns) or sarif (SARIF 2.1.0, for code-scanning dashboards)
  --disable RULE    turn a rule off; repeat for several

Exit codes: 0 no finding is an error, 1 at least one is, 2 wrong usage or an unreadable path.

Rules:
${ruleCatalogue()
  .map((r) => `  ${r.id.padEnd(30)} ${r.severity.padEnd(8)} ${r.title}${r.scope === 'live' ? ' (needs a server)' : ''}`)
  .join('\n')}
`;

interface Source {
  /** The absolute path: the document's URI for the analysis (folders decide subjects-overlap). */
  absolute: string;
  /** As shown: relative to the working folder when inside it. */
  shown: string;
}

class UnreadablePath extends Error {}

function shownPath(absolute: string, cwd: string): string {
  const rel = path.relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}

function walk(folder: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch (e) {
    throw new UnreadablePath(`cannot read '${folder}': ${describeIoError(e)}`);
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) walk(full, out);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && EXTENSIONS.some((x) => entry.name.toLowerCase().endsWith(x))) {
      out.push(full);
    }
  }
}

function readText(file: string, shown: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnreadablePath(`cannot read '${shown}': ${describeIoError(e)}`);
  }
}

/** The files to check with their text: named files always, files in folders when they hold stream configs. */
function collect(args: string[], cwd: string): { source: Source; text: string }[] {
  const seen = new Set<string>();
  const out: { source: Source; text: string }[] = [];
  const add = (absolute: string, text: string): void => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    out.push({ source: { absolute, shown: shownPath(absolute, cwd) }, text });
  };
  for (const arg of args) {
    const absolute = path.resolve(cwd, arg);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch (e) {
      throw new UnreadablePath(`cannot read '${arg}': ${describeIoError(e)}`);
    }
    if (stat.isDirectory()) {
      const files: string[] = [];
      walk(absolute, files);
      for (const file of files) {
        const text = readText(file, shownPath(file, cwd));
        if (looksLikeStreamFile(file, text)) add(file, text);
      }
    } else {
      add(absolute, readText(absolute, arg));
    }
  }
  return out;
}

interface Located {
  finding: Finding;
  file: string;
}

function jsonFindings(located: Located[]): string {
  const rows = located.map(({ finding: f, file }) => ({
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    severity: f.severity,
    rule: f.rule,
    message: f.message,
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}

function textFindings(located: Located[], files: number, streams: number, liveChecked: boolean): string {
  // File names and messages (which quote stream names) come from the files: printed through displayText.
  const lines = located.map(({ finding: f, file }) => `${displayText(file)}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.rule} ${displayText(f.message)}`);
  const by = (s: string): number => located.filter((l) => l.finding.severity === s).length;
  const scope = `in ${plural(files, 'file')} (${plural(streams, 'stream')})`;
  lines.push(
    '',
    located.length === 0 ? `No problems ${scope}.` : `${plural(by('error'), 'error')}, ${plural(by('warning'), 'warning')}, ${plural(by('info'), 'info')} ${scope}.`,
  );
  if (!liveChecked) lines.push('Rules that need a server (replicas-standalone, replicas-exceed-cluster, placement-unmatched) were not checked.');
  return lines.join('\n') + '\n';
}

function markdownToText(markdown: string): string {
  return markdown.replace(/\*\*|`/g, '');
}

function sarif(located: Located[], cwd: string): string {
  const rules = ruleCatalogue();
  const level = (s: string): string => (s === 'info' ? 'note' : s);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'nats-workbench',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.title,
              shortDescription: { text: r.title },
              fullDescription: { text: markdownToText(r.explanation) },
              help: { text: markdownToText(r.explanation), markdown: r.explanation },
              defaultConfiguration: { level: level(r.severity) },
              properties: { scope: r.scope },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd + path.sep).href } },
        results: located.map(({ finding: f, file }) => {
          const relative = !path.isAbsolute(file);
          return {
            ruleId: f.rule,
            ruleIndex: rules.findIndex((r) => r.id === f.rule),
            level: level(f.severity),
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: relative ? { uri: file.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' } : { uri: pathToFileURL(file).href },
                  region: {
                    startLine: f.range.start.line + 1,
                    startColumn: f.range.start.character + 1,
                    endLine: f.range.end.line + 1,
                    endColumn: f.range.end.character + 1,
                  },
                },
              },
            ],
          };
        }),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

async function run(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args, { values: ['format', 'disable'] });
  const format = (optionValue(parsed, 'format') ?? 'text') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${format}'`);
  const settings: Record<string, 'off'> = {};
  for (const id of parsed.options.get('disable') ?? []) {
    if (!getRule(id)) throw new UsageError(`--disable: unknown rule '${id}'; the rules are ${RULE_IDS.join(', ')}`);
    settings[id] = 'off';
  }
  if (parsed.positionals.length === 0) throw new UsageError('name at least one file or folder to check');

  let inputs: { source: Source; text: string }[];
  try {
    inputs = collect(parsed.positionals, io.cwd);
  } catch (e) {
    if (!(e instanceof UnreadablePath)) throw e;
    io.stderr.write(`nats-workbench lint: ${displayText(e.message)}\n`);
    return 2;
  }
  if (inputs.length === 0) io.stderr.write(`nats-workbench lint: no stream config files found in ${displayText(parsed.positionals.join(', '))}\n`);

  const shown = new Map(inputs.map((i) => [i.source.absolute, i.source.shown]));
  const analysis = analyzeWorkspace(
    inputs.map((i) => ({ uri: i.source.absolute, text: i.text })),
    { settings: settings as RuleSettings },
  );
  const documents = [...analysis.documents].sort((a, b) => shown.get(a.uri)!.localeCompare(shown.get(b.uri)!));
  const located = documents.flatMap((d) => d.findings.map((finding) => ({ finding, file: shown.get(d.uri)! })));
  const streams = documents.reduce((n, d) => n + d.streams.length, 0);

  if (format === 'json') io.stdout.write(jsonFindings(located));
  else if (format === 'sarif') io.stdout.write(sarif(located, io.cwd));
  else io.stdout.write(textFindings(located, documents.length, streams, analysis.live.checked));
  return located.some((l) => l.finding.severity === 'error') ? 1 : 0;
}

export const lintCommand: CliCommand = {
  summary: 'Check JetStream stream config files (text, json or SARIF output)',
  usage,
  run,
};

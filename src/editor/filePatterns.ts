/**
 * Which files are stream configs by name: the default patterns (also contributed to package.json
 * for the JSON schema and JSONC), and glob matching as VS Code settings write globs (`**`, `*`,
 * `?`, `{a,b}`, `[abc]`) on forward-slash paths. Editor-free, so file watcher events can be matched
 * without a TextDocument, and the manifest test can compare the patterns.
 */

/** The default of `natsWorkbench.streams.filePatterns`. */
export const DEFAULT_FILE_PATTERNS: readonly string[] = ['**/*.stream.json', '**/*.stream.jsonc', '**/streams/**/*.json'];

function escape(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function translate(glob: string): string {
  let out = '';
  let inGroup = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of whole folders (also none); a trailing `**` matches the rest.
        const slash = glob[i + 2] === '/';
        out += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '{') {
      inGroup++;
      out += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      out += ')';
    } else if (c === ',' && inGroup > 0) {
      out += '|';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) {
        out += '\\[';
      } else {
        const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        i = end;
      }
    } else {
      out += escape(c);
    }
  }
  return out;
}

export class GlobSet {
  private readonly regexes: RegExp[];

  constructor(readonly patterns: readonly string[]) {
    this.regexes = patterns.filter((p) => p.trim() !== '').map((p) => new RegExp(`^${translate(p.trim().replace(/\\/g, '/'))}$`));
  }

  /**
   * True when one pattern matches `path` (absolute or relative; `\` is read as `/`). A pattern
   * that does not start with `**` or `/` is matched against `relative` (the workspace-relative
   * path) when it is given.
   */
  matches(path: string, relative?: string): boolean {
    const abs = path.replace(/\\/g, '/');
    const rel = relative?.replace(/\\/g, '/');
    return this.regexes.some((re) => re.test(abs) || (rel !== undefined && re.test(rel)));
  }
}

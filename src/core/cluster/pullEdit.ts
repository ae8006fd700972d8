/**
 * Pull Stream Config into a file that already defines the stream: the file's text with that
 * stream's fields changed to the live configuration and nothing else touched (comments, order,
 * indentation and the other streams of the file stay as they are).
 */
import { FormattingOptions, JSONPath, applyEdits, findNodeAtOffset, getNodePath, modify, parseTree } from 'jsonc-parser';
import { parseStreamDocument } from '../streams';
import { ConfigChange, StreamConfigDoc, cleanConfig, diffConfigs } from './streamConfig';

export interface StreamTextUpdate {
  /** The new text (the old one when nothing changes). */
  text: string;
  /** What changes in the file, as `diffConfigs(file, live)` sees it. */
  changes: ConfigChange[];
}

/** The indentation the text uses: tabs, or the width of its first indented line (default 2). */
function formattingOf(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return indent.startsWith('\t') ? { insertSpaces: false, tabSize: 1, eol } : { insertSpaces: true, tabSize: indent.length, eol };
}

/** The JSON path of the configuration object of stream `index` of the document `text`. */
function configPath(text: string, index: number): JSONPath {
  const doc = parseStreamDocument(text);
  const entry = doc.streams[index];
  if (!entry) throw new RangeError(`the document has no stream ${index}`);
  const root = parseTree(text);
  const node = root && findNodeAtOffset(root, doc.tree.offset(entry.node), true);
  if (!node) throw new RangeError(`stream ${index} was not found in the text`);
  return getNodePath(node);
}

/**
 * The text of a stream config document (config, `nats stream info --json` document or array) in
 * which stream `index` (0-based, as `parseStreamDocument` counts) takes the live configuration:
 * each changed field is set to its live value, added at the end of the object when the file did
 * not have it, or removed when the live configuration has none. Fields that do not change are
 * left as written, defaults included. Throws a RangeError for a bad index; the text must parse.
 */
export function updateStreamText(text: string, index: number, live: StreamConfigDoc): StreamTextUpdate {
  const doc = parseStreamDocument(text);
  if (doc.syntaxErrors.length) throw new RangeError('the document has JSON syntax errors');
  const entry = doc.streams[index];
  if (!entry) throw new RangeError(`the document has no stream ${index}`);
  const fileConfig = doc.tree.toValue(entry.node) as StreamConfigDoc;
  const liveConfig = cleanConfig(live);
  const changes = diffConfigs(fileConfig, liveConfig);
  const path = configPath(text, index);
  const formattingOptions = formattingOf(text);
  let out = text;
  // A second pass catches defaults that follow other fields (duplicate_window follows max_age).
  for (let pass = 0, pending = changes; pending.length > 0 && pass < 3; pass++) {
    for (const field of new Set(pending.map((c) => c.field))) {
      out = applyEdits(out, modify(out, [...path, field], liveConfig[field], { formattingOptions }));
    }
    const updated = parseStreamDocument(out);
    pending = diffConfigs(updated.tree.toValue(updated.streams[index].node) as StreamConfigDoc, liveConfig);
  }
  return { text: out, changes };
}

/**
 * The log channel writes each message as `<time> [level] <message>` into a log file, as it is
 * given: a store name, a subject or a server's reply holding a line break would start a line of
 * its own that reads like one the extension wrote. Every text message goes through displayText
 * (one line, no control or bidirectional characters) at this single place. No `vscode` import:
 * it works on anything shaped like a LogOutputChannel.
 */
import { displayText } from './core/trust/quote';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'appendLine'] as const;

type Levels = { [K in (typeof LEVELS)[number]]: (message: never, ...args: never[]) => void };

/**
 * `channel` with every text it logs shown by displayText (other arguments, e.g. an Error, as they
 * are); everything else (name, logLevel, show, dispose…) is the channel's own, through the prototype.
 */
export function oneLineLog<T extends Levels>(channel: T): T {
  const wrapped = Object.create(channel) as T;
  for (const level of LEVELS) {
    const write = channel[level] as (...a: unknown[]) => void;
    Object.defineProperty(wrapped, level, {
      value: (message: unknown, ...args: unknown[]) => write.call(channel, typeof message === 'string' ? displayText(message) : message, ...args),
    });
  }
  return wrapped;
}

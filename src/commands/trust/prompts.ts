/** The questions the trust commands ask when their argument object leaves something open. */
import * as fs from 'node:fs';
import { checkLimit, checkName, parseExpiry, permissionSubjectProblem, PermissionList } from '../../core/trust';
import { parseSize } from '../../core/trust/size';
import { askInput, askPick, Cancelled, Choice, InputOptions } from '../wizard';
import * as notify from '../../notifications';

export type { Choice };

/** The message of what `f` throws, or undefined: a validateInput from a core check. */
export const message = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
};

/** An input box (a step of the wizard it is asked in); Escape ends the command (Cancelled). */
export async function askText(options: InputOptions): Promise<string> {
  return (await askInput(options)).trim();
}

/** A name for a new operator, account or user, checked as the store will check it. */
export function askName(what: string, taken: readonly string[] = [], value?: string): Promise<string> {
  return askText({
    title: `New ${what}`,
    prompt: `Name of the new ${what}`,
    value,
    validateInput: (v) => message(() => checkName(v.trim(), what)) ?? (taken.includes(v.trim()) ? `${what} '${v.trim()}' already exists` : undefined),
  });
}

/** A quick pick of one item (a step of the wizard it is asked in); Escape ends the command (Cancelled). */
export function pickOne<T>(items: Choice<T>[], placeHolder: string, title?: string): Promise<T> {
  return askPick(items, { placeHolder, title });
}

/**
 * Splits a list of subjects typed by a person (commas or spaces). A subscribe subject may carry a
 * queue group after a space (`orders.* workers`), so for those only commas separate.
 */
export function splitSubjects(text: string, queues = false): string[] {
  return text
    .split(queues ? /,/ : /[,\s]+/)
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

/** A list of subjects (what an empty one means is for `prompt` to say), each checked as the core checks the permission list `list`. */
export async function askSubjects(title: string, prompt: string, queues = false, list: PermissionList = queues ? 'allow-sub' : 'allow-pub'): Promise<string[]> {
  const text = await askText({
    title,
    prompt,
    placeHolder: queues ? 'e.g. orders.>, billing.* workers  (a queue group after a space)' : 'e.g. orders.>, billing.*',
    validateInput: (v) => splitSubjects(v, queues).map((s) => permissionSubjectProblem(list, s)).find(Boolean),
  });
  return splitSubjects(text, queues);
}

/** An expiry (duration or date) or none. */
export async function askExpiry(what: string): Promise<string | undefined> {
  const text = await askText({
    title: `Expiry of the ${what}`,
    prompt: `Expiry of the ${what}: a duration (90m, 12h, 30d, 2w, 1y), a date (2030-01-31: expires at 00:00 UTC that day) or a date-time with a zone (2030-01-31T12:00:00Z); empty: never expires`,
    validateInput: (v) => (v.trim() === '' ? undefined : message(() => parseExpiry(v))),
  });
  return text === '' ? undefined : text;
}

/** A byte size or unlimited. */
export async function askSize(title: string): Promise<number | undefined> {
  const text = await askText({
    title,
    prompt: `${title}: a size such as 512M, 1G, 10GiB, 100MB; empty: unlimited`,
    validateInput: (v) => (v.trim() === '' ? undefined : message(() => parseSize(v, title))),
  });
  return text === '' ? undefined : parseSize(text, title);
}

/** A count or unlimited. */
export async function askCount(title: string): Promise<number | undefined> {
  const text = await askText({
    title,
    prompt: `${title}: a whole number; empty: unlimited`,
    // Digits alone can still be too large for the JWT (1e21 and up are written with an exponent): the core's check decides.
    validateInput: (v) => (v.trim() === '' ? undefined : /^\d+$/.test(v.trim()) ? message(() => checkLimit(title, Number(v.trim()))) : 'a whole number, or empty for unlimited'),
  });
  return text === '' ? undefined : Number(text);
}

/**
 * Whether an existing file may be replaced: `given` when the argument object answered it,
 * otherwise a modal question. False when the file does not exist.
 */
export async function mayReplace(file: string, given: boolean | undefined, detail?: () => string | undefined): Promise<boolean> {
  if (!fs.existsSync(file)) return false;
  if (given !== undefined) return given;
  const what = detail?.();
  const answer = await notify.showWarningMessage(`${file} already exists. Replace it?${what ? ` ${what}` : ''}`, { modal: true }, 'Replace');
  if (answer !== 'Replace') throw new Cancelled();
  return true;
}

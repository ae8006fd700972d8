/**
 * The one multi-step input of the extension. A command asks its questions inside
 * `wizard(title, flow)`; every question `flow` asks through `askInput`, `askPick` or `askDialog`
 * (directly or through the helpers in trust/prompts.ts and the pickers) is then one step of the
 * same wizard: its title names what is being made and counts the steps ("Add User to account 'APP'
 * (3/6)", names quoted), from the second step on a Back button returns to the previous step with its answer
 * kept, Escape cancels the whole command (`Cancelled`), and input boxes show their validation
 * message inline and refuse Enter while there is one.
 *
 * Back works by replay: the flow runs again from the start, the answers given before the step
 * that is asked again are returned without showing anything, and that step shows its previous
 * answer. So a flow must only ask questions (and read) before it returns: the command acts on
 * what `wizard` returns. Questions asked outside a wizard are single prompts with their own title.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import * as vscode from 'vscode';
import { displayLabel, inertLinks } from '../core/trust/quote';

/** Thrown by the prompts when the user presses Escape. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/** Thrown inside a flow when the user presses Back: `wizard` runs the flow again. */
class GoBack extends Error {
  constructor() {
    super('back');
  }
}

/** One answered step: which question (`key`) and the answer, as returned and as shown again. */
interface Answer {
  key: string;
  value: unknown;
  /** The text typed, or the label of the item picked. */
  shown?: string;
}

class WizardRun {
  /** Answers of this pass, by position. */
  answers: Answer[] = [];
  /** Answers to return without asking in this pass (those before the step asked again). */
  replay: Answer[] = [];
  /** The last answer at each position, shown again when the same question comes back there. */
  readonly memory = new Map<number, Answer>();
  position = 0;
  total = 0;
  title: string;

  constructor(readonly baseTitle: string) {
    this.title = baseTitle;
  }

  startPass(): void {
    this.answers = [];
    this.position = 0;
    this.total = 0;
    this.title = this.baseTitle;
  }
}

const current = new AsyncLocalStorage<WizardRun>();

/**
 * Runs `flow` as one wizard titled `title` (see the module comment) and returns what it returns.
 * Inside another wizard, `flow` simply continues that one.
 */
export async function wizard<T>(title: string, flow: () => Promise<T>): Promise<T> {
  if (current.getStore()) return flow();
  const run = new WizardRun(title);
  for (;;) {
    run.startPass();
    try {
      return await current.run(run, flow);
    } catch (e) {
      if (!(e instanceof GoBack)) throw e;
    }
  }
}

/** Names what the wizard makes, once the flow knows (e.g. "Add User 'alice' to account 'APP'"). */
export function setWizardTitle(title: string): void {
  const run = current.getStore();
  if (run) run.title = title;
}

/** Says how many more steps follow those asked so far, for the step count; the flow updates it when an answer changes the path. */
export function stepsLeft(count: number): void {
  const run = current.getStore();
  if (run) run.total = run.position + count;
}

/** Adds `count` steps to the count when an answer opens a longer path (e.g. "Restrict subjects…"). */
export function addSteps(count: number): void {
  const run = current.getStore();
  if (run) run.total += count;
}

/** How a step shows: its place, its title, and its previous answer when the same question comes back. */
interface StepView {
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
  canGoBack: boolean;
  previous: Answer | undefined;
}

/**
 * One question: replayed when its answer is known, else shown through `show`. `show` resolves
 * with the answer, rejects with `Cancelled` on Escape and calls `back` for the Back button.
 */
async function step<T>(key: string, ownTitle: string | undefined, show: (view: StepView, back: (shown?: string) => never) => Promise<Answer & { value: T }>): Promise<T> {
  const run = current.getStore();
  if (!run) return (await show({ title: ownTitle, step: undefined, totalSteps: undefined, canGoBack: false, previous: undefined }, () => { throw new Cancelled(); })).value;
  const position = run.position;
  const known = run.replay[position];
  if (known && known.key === key) {
    run.answers.push(known);
    run.position++;
    return known.value as T;
  }
  run.replay = run.answers.slice(); // the path changed (or this is new): nothing after this is replayed
  const remembered = run.memory.get(position);
  const view: StepView = {
    title: run.title,
    step: position + 1,
    totalSteps: Math.max(run.total, position + 1),
    canGoBack: position > 0,
    previous: remembered?.key === key ? remembered : undefined,
  };
  const back = (shown?: string): never => {
    if (shown !== undefined) run.memory.set(position, { key, value: undefined, shown });
    run.replay = run.answers.slice(0, position - 1);
    throw new GoBack();
  };
  const answer = await show(view, back);
  run.answers.push(answer);
  run.memory.set(position, answer);
  run.position++;
  return answer.value;
}

/** Places a quick input in the wizard: title, step count, Back button. */
function place(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, view: StepView): void {
  input.title = view.title;
  input.step = view.step;
  input.totalSteps = view.totalSteps;
  input.ignoreFocusOut = true;
  if (view.canGoBack) input.buttons = [vscode.QuickInputButtons.Back];
}

/**
 * Shows `input` until `settle` is called with an answer or an error; Escape (hiding) cancels and
 * the Back button calls `back` with what the step shows now.
 */
function showUntilSettled<T>(
  input: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> },
  shownNow: () => string,
  back: (shown?: string) => never,
  wire: (settle: (result: () => T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (result: () => T): void => {
      if (settled) return;
      settled = true;
      try {
        resolve(result());
      } catch (e) {
        reject(e);
      }
      input.dispose();
    };
    input.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && settle(() => back(shownNow())));
    input.onDidHide(() => settle(() => {
      throw new Cancelled();
    }));
    wire(settle);
    input.show();
  });
}

export interface InputOptions {
  /** The title outside a wizard; inside one the wizard's title shows. */
  title?: string;
  /** The question, shown under the box: it must say what to type on its own. */
  prompt: string;
  /** Prefilled text (a previous answer shown again takes its place). */
  value?: string;
  placeHolder?: string;
  password?: boolean;
  /** A message while the text cannot be taken, else undefined. */
  validateInput?: (value: string) => string | undefined;
}

/** An input box step; resolves with the text as typed. */
export function askInput(options: InputOptions): Promise<string> {
  return step<string>(`input:${options.prompt}`, options.title, (view, back) => {
    const box = vscode.window.createInputBox();
    place(box, view);
    // VS Code makes `[label](command:…)` in a prompt or a validation message a link: a quoted name cannot.
    box.prompt = inertLinks(options.prompt);
    box.placeholder = options.placeHolder;
    box.password = options.password ?? false;
    box.value = view.previous?.shown ?? options.value ?? '';
    const validate = (v: string): string | undefined => {
      const problem = options.validateInput?.(v);
      return problem === undefined ? undefined : inertLinks(problem);
    };
    // An empty box is not yet a mistake: the prompt shows until something is typed, or Enter is pressed.
    const check = (v: string): string | undefined => (v ? validate(v) : undefined);
    box.validationMessage = check(box.value);
    box.onDidChangeValue((v) => (box.validationMessage = check(v)));
    return showUntilSettled(
      box,
      () => box.value,
      back,
      (settle) =>
        box.onDidAccept(() => {
          const problem = validate(box.value);
          box.validationMessage = problem;
          if (problem === undefined) settle(() => ({ key: `input:${options.prompt}`, value: box.value, shown: box.value }));
        }),
    );
  });
}

export type Choice<T> = vscode.QuickPickItem & {
  value: T;
  /** Shown but not an answer (e.g. a line of a summary): accepting it does nothing. */
  inert?: boolean;
};

export interface PickOptions {
  /** The question, shown in the filter box. */
  placeHolder: string;
  /** The title outside a wizard; inside one the wizard's title shows. */
  title?: string;
}

/** The longest detail line a quick pick item shows (a template, a list of servers). */
const DETAIL_MAX = 1000;

/** A quick pick step of one item; resolves with its value. */
export function askPick<T>(items: readonly Choice<T>[], options: PickOptions): Promise<T> {
  const key = `pick:${options.placeHolder}`;
  return step<T>(key, options.title, (view, back) => {
    const pick = vscode.window.createQuickPick<Choice<T>>();
    place(pick, view);
    pick.placeholder = options.placeHolder;
    pick.matchOnDescription = true;
    // Labels name streams, accounts and servers: each on one line in its own order, a long one cut.
    const shown = items.map((i) => ({
      ...i,
      label: displayLabel(i.label),
      ...(i.description !== undefined ? { description: displayLabel(i.description) } : {}),
      ...(i.detail !== undefined ? { detail: displayLabel(i.detail, DETAIL_MAX) } : {}),
    }));
    pick.items = shown;
    const again = shown.find((i) => i.label === view.previous?.shown && !i.inert);
    if (again) pick.activeItems = [again];
    return showUntilSettled(
      pick,
      () => pick.activeItems[0]?.label ?? '',
      back,
      (settle) =>
        pick.onDidAccept(() => {
          const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
          if (chosen && !chosen.inert) settle(() => ({ key, value: chosen.value, shown: chosen.label }));
        }),
    );
  });
}

/**
 * A step shown by something other than a quick input (an open dialog): `open` resolves with the
 * answer or undefined when the user closes it (then the command is cancelled).
 */
export function askDialog<T>(key: string, open: () => Thenable<T | undefined>): Promise<T> {
  return step<T>(`dialog:${key}`, undefined, async () => {
    const value = await open();
    if (value === undefined) throw new Cancelled();
    return { key: `dialog:${key}`, value };
  });
}

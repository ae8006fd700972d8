/**
 * The form-like flow of the edit commands: a list of fields, each with its current value; picking
 * one asks for its new value with the current one filled in (never an empty box that would mean
 * "remove"); "Save" applies what was changed, Escape drops it all.
 */
import * as vscode from 'vscode';
import { Cancelled } from './run';
import { checkLimit, parseSize } from '../../core/trust';
import { askText, message } from './prompts';
import { pickLabel } from '../../core/trust/quote';
import * as notify from '../../notifications';

export interface FormField {
  label: string;
  /** The value now, as the prompt shows and takes it. */
  value: string;
  prompt: string;
  /** An error for a text that cannot be the new value, or undefined. */
  validate: (text: string) => string | undefined;
}

/** Runs the form; returns the fields whose text changed (label → new text), or throws Cancelled. */
export async function editForm(title: string, fields: FormField[]): Promise<Map<string, string>> {
  const changed = new Map<string, string>();
  const save = '$(check) Save changes';
  for (;;) {
    const items: vscode.QuickPickItem[] = [
      { label: save, description: changed.size ? `${changed.size} changed` : 'nothing changed yet' },
      ...fields.map((f) => ({ label: f.label, description: pickLabel((changed.get(f.label) ?? f.value) || '(none)'), detail: changed.has(f.label) ? 'changed' : undefined })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Pick a field to change, then Save changes', ignoreFocusOut: true });
    if (!picked) throw new Cancelled();
    if (picked.label === save) return changed;
    const field = fields.find((f) => f.label === picked.label);
    if (!field) continue;
    const text = await askText({ title: `${title}: ${field.label}`, prompt: field.prompt, value: changed.get(field.label) ?? field.value, validateInput: field.validate });
    if (text === field.value) changed.delete(field.label);
    else changed.set(field.label, text);
  }
}

/** What `text` (comma separated) adds to and removes from `current`. */
export function listDiff(current: readonly string[], text: string, split: (t: string) => string[]): { add: string[]; remove: string[] } {
  const next = split(text);
  return { add: next.filter((s) => !current.includes(s)), remove: current.filter((s) => !next.includes(s)) };
}

/** A modal confirmation naming what stops working; false when declined. */
export async function confirm(message: string, detail: string[], ...buttons: string[]): Promise<string | undefined> {
  return notify.showWarningMessage(message, { modal: true, detail: detail.join('\n') }, ...buttons);
}

/** A comma separated list as typed. */
export const commaList = (t: string): string[] => t.split(',').map((s) => s.trim()).filter(Boolean);

/** A limit as the form shows it. */
export const limitText = (v: number | undefined): string => (v === undefined || v === -1 ? 'unlimited' : String(v));

/** A limit typed in the form: a count, or a size when `size`; unlimited/-1 is -1. */
export const limitValue = (t: string, size: boolean): number => (/^(unlimited|-1)$/i.test(t.trim()) ? -1 : size ? parseSize(t, 'the limit') : Number(t.trim()));

/** Why a typed limit is not one, or undefined. */
export const limitProblem = (t: string, size: boolean): string | undefined =>
  !size && !/^(unlimited|-1|\d+)$/i.test(t.trim()) ? 'a whole number, or unlimited' : message(() => checkLimit('the limit', limitValue(t, size)));

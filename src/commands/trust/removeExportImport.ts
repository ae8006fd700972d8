/** NATS: Remove Export and NATS: Remove Import — after a confirmation that says what stops working. */
import { ExportKind, ExportResult, ImportResult, removeExport, removeImport } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { confirm } from './editForm';
import { chooseAccount, chooseOperator } from './pickers';
import { askText } from './prompts';
import { Cancelled, inform } from './run';

export interface RemoveExportCommandArgs {
  operator: string;
  account: string;
  subject: string;
  /** Needed only when the subject is exported both as a stream and as a service. */
  type: ExportKind;
  /** Skip the confirmation (argument objects). */
  confirmed: boolean;
}

export interface RemoveImportCommandArgs extends RemoveExportCommandArgs {
  fromAccount: string;
}

async function target<T extends RemoveExportCommandArgs>(ctx: TrustContext, arg: unknown, what: string): Promise<T> {
  const args = invocation<T>(arg);
  const operator = await chooseOperator(ctx, args.operator);
  const account = await chooseAccount(ctx, operator, args.account);
  const subject = args.subject ?? (await askText({ title: `Remove ${what} of ${account}`, prompt: `The subject of the ${what.toLowerCase()} to remove` }));
  return { ...args, operator, account, subject } as T;
}

async function confirmed(args: RemoveExportCommandArgs, message: string, detail: string[]): Promise<void> {
  if (args.confirmed) return;
  if ((await confirm(message, detail, 'Remove')) !== 'Remove') throw new Cancelled();
}

export async function removeExportCommand(ctx: TrustContext, arg: unknown): Promise<ExportResult> {
  const args = await target<RemoveExportCommandArgs>(ctx, arg, 'Export');
  await confirmed(args, `Remove the export '${args.subject}' of account '${args.account}'?`, [
    'Accounts importing it can no longer use it once the account is pushed.',
  ]);
  const result = await removeExport({ store: ctx.store(), operator: args.operator, account: args.account, subject: args.subject, type: args.type });
  ctx.changed();
  const broken = result.brokenImports?.length ? ` Imports that stop working: ${result.brokenImports.join(', ')}.` : '';
  inform(ctx, `Removed the export '${args.subject}' of account '${args.account}'.${broken} Servers apply it once it is pushed.`);
  return result;
}

export async function removeImportCommand(ctx: TrustContext, arg: unknown): Promise<ImportResult> {
  const args = await target<RemoveImportCommandArgs>(ctx, arg, 'Import');
  const fromAccount = args.fromAccount ?? (await askText({ title: `Remove Import of ${args.account}`, prompt: 'The account it imports from' }));
  await confirmed(args, `Remove the import '${args.subject}' from account '${fromAccount}' of account '${args.account}'?`, [
    `Users of account '${args.account}' can no longer use it once the account is pushed.`,
  ]);
  const result = await removeImport({ store: ctx.store(), operator: args.operator, account: args.account, fromAccount, subject: args.subject, type: args.type });
  ctx.changed();
  inform(ctx, `Removed the import '${args.subject}' from '${fromAccount}' of account '${args.account}'. Servers apply it once it is pushed.`);
  return result;
}

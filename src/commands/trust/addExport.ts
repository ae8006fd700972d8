/** NATS: Add Export — an account offers a stream or a service to the other accounts (public, or private with activation tokens). */
import { addExport, exportSubjectProblem, ExportKind, ExportResult, RESPONSE_TYPES, ResponseType } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseAccount, chooseOperator } from './pickers';
import { askText, pickOne } from './prompts';
import { inform } from './run';

export interface AddExportCommandArgs {
  operator: string;
  account: string;
  subject: string;
  type: ExportKind;
  /** Importers need an activation token (default false). */
  private: boolean;
  name: string;
  /** Services: Singleton (default), Stream or Chunked. */
  responseType: ResponseType;
}

/** A stream or a service: what an export or import carries. */
export function pickKind(title: string): Promise<ExportKind> {
  return pickOne<ExportKind>(
    [
      { label: '$(symbol-method) Service', description: 'requests answered in the exporting account', value: 'service' },
      { label: '$(broadcast) Stream', description: 'messages published in the exporting account', value: 'stream' },
    ],
    'Service or stream?',
    title,
  );
}

export async function addExportCommand(ctx: TrustContext, arg: unknown): Promise<ExportResult> {
  const args = invocation<AddExportCommandArgs>(arg);
  const model = await ctx.read();
  const operator = await chooseOperator(ctx, args.operator, model);
  const account = await chooseAccount(ctx, operator, args.account, () => true, model);
  const asked = args.subject === undefined;
  const type = args.type ?? (await pickKind(`Add Export to ${account}`));
  const subject =
    args.subject ??
    (await askText({ title: `Add Export to ${account}`, prompt: `The subject of the ${type} (wildcards * and > allowed)`, placeHolder: type === 'service' ? 'e.g. help.>' : 'e.g. events.*', validateInput: (v) => exportSubjectProblem(v.trim()) }));
  const isPrivate =
    args.private ??
    (asked &&
      (await pickOne(
        [
          { label: 'Public', description: 'any account of the operator may import it', value: false },
          { label: 'Private', description: 'importers need an activation token from this account', value: true },
        ],
        'Who may import it?',
      )));
  let responseType = args.responseType;
  if (responseType === undefined && asked && type === 'service') {
    responseType = await pickOne(
      RESPONSE_TYPES.map((t) => ({ label: t, description: t === 'Singleton' ? 'one reply per request (default)' : t === 'Stream' ? 'several replies per request' : 'one reply in several messages', value: t })),
      'How does the service reply?',
    );
  }
  const result = await addExport({ store: ctx.store(), operator, account, subject, type, private: isPrivate, name: args.name, responseType });
  ctx.changed();
  inform(ctx, `Account '${account}' now exports the ${isPrivate ? 'private' : 'public'} ${type} '${subject}'. Servers apply it once it is pushed.`);
  return result;
}

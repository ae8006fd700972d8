/** NATS: Add Import — an account takes a stream or service another account of the store exports; private exports get their activation token. */
import { addImport, AccountEntry, exportsOf, ExportInfo, ExportKind, importSubjectFor, ImportResult, localSubjectProblem, subjectContainedIn } from '../../core/trust';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseAccount, chooseOperator } from './pickers';
import { askText, pickOne } from './prompts';
import { inform } from './run';
import { pickLabel } from '../../core/trust/quote';

export interface AddImportCommandArgs {
  operator: string;
  /** The importing account. */
  account: string;
  /** The exporting account (same operator). */
  fromAccount: string;
  /** The subject on the exporting side. */
  subject: string;
  type: ExportKind;
  /** The subject in the importing account (default: the same). */
  localSubject: string;
  name: string;
}

export async function addImportCommand(ctx: TrustContext, arg: unknown): Promise<ImportResult> {
  const args = invocation<AddImportCommandArgs>(arg);
  const model = await ctx.read();
  const operator = await chooseOperator(ctx, args.operator, model);
  const account = await chooseAccount(ctx, operator, args.account, () => true, model);
  let { fromAccount, subject, type } = args;
  const asked = subject === undefined;
  const accounts = model.operators.find((o) => o.name === operator)?.accounts ?? [];
  if (fromAccount === undefined || subject === undefined || type === undefined) {
    const offers = accounts
      .filter((a) => a.name !== account && (fromAccount === undefined || a.name === fromAccount))
      .flatMap((a: AccountEntry) => exportsOf(a.claims).map((e) => ({ from: a.name, e })))
      .filter(({ e }) => (type === undefined || e.type === type) && (subject === undefined || subjectContainedIn(subject, e.subject)));
    if (offers.length === 0) throw new Error(`no other account of operator '${operator}' exports ${type ? `a ${type}` : 'anything'}${subject ? ` containing '${subject}'` : ''}: run "NATS: Add Export" first`);
    const chosen = await pickOne<{ from: string; e: ExportInfo }>(
      offers.map((o) => ({ label: pickLabel(o.e.subject), description: pickLabel(`${o.e.type} of ${o.from}${o.e.private ? ', private' : ''}`), ...(o.e.name !== undefined ? { detail: pickLabel(o.e.name) } : {}), value: o })),
      'The export to import',
      `Add Import to account '${account}'`,
    );
    fromAccount = chosen.from;
    type = chosen.e.type;
    const importer = accounts.find((a) => a.name === account)?.publicKey;
    subject = importer ? importSubjectFor(chosen.e, subject ?? chosen.e.subject, importer) : (subject ?? chosen.e.subject);
  }
  let localSubject = args.localSubject;
  if (localSubject === undefined && asked) {
    const remote = subject;
    localSubject = await askText({
      title: `Add Import to account '${account}'`,
      prompt: `The subject in account '${account}' (keep '${remote}' for the same; '>' at the end when it has one, '$1'… for its '*')`,
      value: remote,
      validateInput: (v) => (v.trim() === remote ? undefined : localSubjectProblem(v.trim(), remote)),
    });
  }
  const result = await addImport({ store: ctx.store(), operator, account, fromAccount, subject, type, localSubject, name: args.name });
  ctx.changed();
  inform(ctx, `Account '${account}' now imports the ${type} '${subject}' from '${fromAccount}'${result.activationIssuer ? ' with an activation token' : ''}. Servers apply it once it is pushed${result.pushExporterFirst ? `, after '${result.pushExporterFirst}' (changed since its last push)` : ''}.`);
  return result;
}

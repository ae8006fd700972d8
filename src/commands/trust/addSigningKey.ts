/** NATS: Add Signing Key — a new signing key for an operator or for one of its accounts, plain or scoped (a role). */
import { addSigningKey, checkUserPermissions, ScopeTemplateInput, SigningKeyResult, SigningKeyScopeInput, SignWith } from '../../core/trust';
import { TrustNode } from '../../explorer/operators/node';
import { askPermissions } from './addUser';
import { invocation } from './args';
import type { TrustContext } from './context';
import { chooseOperator } from './pickers';
import { addSteps, setWizardTitle, stepsLeft, wizard } from '../wizard';
import { askText, pickOne } from './prompts';
import { inform } from './run';
import { pickLabel } from '../../core/trust/quote';

export interface AddSigningKeyCommandArgs {
  operator: string;
  /** The account that gets the key; without it (in an argument object) the operator does. */
  account: string;
  /** For an account: which operator key re-signs its JWT. */
  signWith: SignWith;
  /**
   * For an account: makes the key scoped (nsc `edit signing-key --role`). Users signed with it
   * (Add User with `signWith: role`) carry no permissions; the template applies.
   */
  role: string;
  /** The scoped key's permissions and limits for its users (omitted: any subject, unlimited). */
  template: ScopeTemplateInput;
  /** Refused: a scope has no description (see SCOPE_DESCRIPTION_REFUSED). */
  description: string;
}

/** Asks whether an account key is plain or scoped, and for a scoped one its role and template. */
async function askScope(account: string, roles: readonly string[]): Promise<SigningKeyScopeInput | undefined> {
  const scoped = await pickOne(
    [
      { label: 'Signing key', description: 'signs users with the permissions each user is given', value: false },
      { label: 'Scoped signing key (role)…', description: 'its users get the role’s permission template, none of their own', value: true },
    ],
    `Kind of signing key for account '${account}'`,
  );
  if (!scoped) return undefined;
  addSteps(2);
  const role = await askText({
    title: 'Role of the scoped signing key',
    prompt: 'The role of the scoped signing key: the name users are signed by (e.g. reader, service)',
    validateInput: (v) => (v.trim() === '' ? 'a role name is needed' : roles.includes(v.trim()) ? `account '${account}' already has the role '${v.trim()}'` : undefined),
  });
  const permissions = await askPermissions(`users signed with role '${role}'`);
  return { role, template: { permissions } };
}

export async function addSigningKeyCommand(ctx: TrustContext, arg: unknown): Promise<SigningKeyResult> {
  const args = invocation<AddSigningKeyCommandArgs>(arg);
  const fromUi = arg === undefined || arg instanceof TrustNode;
  const { operator, account, scope } = await wizard('Add Signing Key', async () => {
    const model = await ctx.read();
    let account = args.account;
    if (args.operator === undefined && model.operators.length > 1) stepsLeft(3); // operator, whose key, its kind
    const operator = args.operator ?? (await chooseOperator(ctx, undefined, model));
    setWizardTitle(`Add Signing Key to operator '${operator}'`);
    const accounts = model.operators.find((o) => o.name === operator)?.accounts ?? [];
    const asksKind = fromUi && args.role === undefined;
    // Whose key, then its kind when it can be an account's.
    if (args.operator === undefined) stepsLeft(1 + (asksKind && accounts.length > 0 ? 1 : 0));
    if (args.operator === undefined) {
      // Nothing said whose key it is: ask, the operator first.
      account = await pickOne<string | undefined>(
        [
          { label: `$(organization) Operator ${pickLabel(operator)}`, description: 'signs accounts', value: undefined },
          ...accounts.map((a) => ({ label: `$(folder-library) Account ${pickLabel(a.name)}`, description: 'signs users', value: a.name })),
        ],
        'Whose signing key?',
      );
    }
    if (account !== undefined) setWizardTitle(`Add Signing Key to account '${account}'`);
    stepsLeft(account !== undefined && asksKind ? 1 : 0);
    let scope: SigningKeyScopeInput | undefined;
    if (args.role !== undefined) scope = { role: args.role, template: args.template, description: args.description };
    else if (account !== undefined && fromUi) {
      const roles = accounts.find((a) => a.name === account)?.signingKeys.flatMap((k) => (k.scope ? [k.scope.role] : [])) ?? [];
      scope = await askScope(account, roles);
    }
    return { operator, account, scope };
  });
  checkUserPermissions(scope?.template?.permissions);
  const result = await addSigningKey({ store: ctx.store(), operator, account, signWith: args.signWith, scope });
  ctx.changed();
  const owner = account === undefined ? `operator '${operator}'` : `account '${account}' of operator '${operator}'`;
  inform(ctx, `Added ${scope ? `scoped signing key (role '${scope.role}')` : 'signing key'} ${result.publicKey} to ${owner}`);
  return result;
}

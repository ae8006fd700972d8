/**
 * What the user tries, checked against its permissions: may it publish to a subject, subscribe to
 * one? The store's answer follows nats-server's rules for a subject and the allow/deny lists (an
 * allow list, when there is one, must hold the subject; no deny entry may); the server's answer is
 * what a real connection gets (a PERMISSIONS_VIOLATION for the publish or the subscription).
 */
import type { NatsConnection } from 'nats';
import { isSubsetMatch } from '../streams/subjects';
import { subjectFault } from '../subjectSyntax';
import { TrustError } from './problems';
import { quoted } from './quote';

export type TryOperation = 'publish' | 'subscribe';

export interface Tries {
  publish?: string[];
  subscribe?: string[];
}

export interface TryVerdict {
  operation: TryOperation;
  subject: string;
  /** Undefined when allowed; else which rule forbids it and what to do. */
  forbiddenBy?: string;
  /** With a server the user logged in to: what it did with the try. */
  server?: 'allowed' | 'refused';
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string' && x !== '') : []);

/** Refuses a subject the server would refuse anyway (and a publish subject with wildcards). */
export function checkTrySubject(operation: TryOperation, subject: string): void {
  const fault = subjectFault(subject);
  if (fault) throw new TrustError('invalid-argument', `cannot try to ${operation} to ${quoted(subject)}: it is not a valid subject (${fault.kind})`);
  if (operation === 'publish' && subject.split('.').some((t) => t === '*' || t === '>')) {
    throw new TrustError('invalid-argument', `cannot try to publish to ${quoted(subject)}: a publish subject has no wildcards`);
  }
}

/** The store's verdict on each try, from the user's (or its role's) `pub` and `sub` permissions. */
export function checkTries(permissions: Record<string, unknown>, tries: Tries): TryVerdict[] {
  const verdicts: TryVerdict[] = [];
  for (const [operation, subjects, field, flag] of [
    ['publish', tries.publish ?? [], 'pub', 'pub'],
    ['subscribe', tries.subscribe ?? [], 'sub', 'sub'],
  ] as const) {
    const perm = (permissions[field] ?? {}) as { allow?: unknown; deny?: unknown };
    const allow = list(perm.allow);
    const deny = list(perm.deny);
    for (const subject of subjects) {
      checkTrySubject(operation, subject);
      const denied = deny.find((d) => isSubsetMatch(subject, d));
      let forbiddenBy: string | undefined;
      if (denied !== undefined) {
        forbiddenBy = `its deny-${flag} entry ${quoted(denied)} forbids it; remove that entry (Edit User, --rm-deny-${flag} ${denied})`;
      } else if (allow.length > 0 && !allow.some((a) => isSubsetMatch(subject, a))) {
        forbiddenBy = `its allow-${flag} list (${allow.map((a) => quoted(a)).join(', ')}) does not hold it; add it (Edit User, --allow-${flag} ${subject})`;
      }
      verdicts.push({ operation, subject, ...(forbiddenBy ? { forbiddenBy } : {}) });
    }
  }
  return verdicts;
}

/**
 * Publishes and subscribes as asked on a logged-in connection and returns the tries the server
 * refused (PERMISSIONS_VIOLATION). The subscriptions are removed again; what is published is empty.
 */
export async function triesRefusedByServer(nc: NatsConnection, tries: Tries): Promise<{ operation: TryOperation; subject: string }[]> {
  const nats = await import('nats');
  const refused: { operation: TryOperation; subject: string }[] = [];
  const watching = (async () => {
    for await (const s of nc.status()) {
      if (s.type !== nats.Events.Error || s.data !== nats.ErrorCode.PermissionsViolation || !s.permissionContext) continue;
      refused.push({ operation: s.permissionContext.operation === 'publish' ? 'publish' : 'subscribe', subject: s.permissionContext.subject });
    }
  })();
  const subs = (tries.subscribe ?? []).map((subject) => nc.subscribe(subject));
  for (const subject of tries.publish ?? []) nc.publish(subject);
  await nc.flush();
  // The server's -ERR comes before its PONG; give the status iterator its turn.
  await new Promise((r) => setTimeout(r, 100));
  for (const sub of subs) sub.unsubscribe();
  void watching;
  return refused;
}

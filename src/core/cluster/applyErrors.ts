/**
 * Why applying a stream config failed, and which config field the editor should mark. One table
 * maps JetStream error codes (and, for the server's generic codes, the wording of the description)
 * to the field they concern.
 */
import { ClusterError, Failure, JetStreamApiErrorInfo, describeFailure } from './errors';
import { StreamConfigDoc, configOf } from './streamConfig';

export type ApplyErrorKind =
  /** The server refused the config (see `errCode`). */
  | 'refused'
  /** The document is not a usable stream config (no name, not an object…). */
  | 'invalid'
  /** The live stream changed since the plan that was shown. */
  | 'conflict'
  /** The server could not be asked (disconnected, timeout, JetStream unavailable, cancelled). */
  | 'unavailable';

export interface ApplyError {
  kind: ApplyErrorKind;
  /** One sentence for a person. */
  message: string;
  /** The top-level config key to mark (`num_replicas`, `subjects`…); undefined: mark `name`. */
  field?: string;
  /** JetStream's HTTP-like status, for `refused`. */
  code?: number;
  /** JetStream's error code (10052, 10074…), for `refused`. */
  errCode?: number;
  /** The server's description, for `refused`. */
  description?: string;
  /** The underlying failure, for `unavailable` and `refused`. */
  failure?: Failure;
}

/** Thrown by `planApply`; `apply` returns the same `ApplyError` instead of throwing. */
export class ApplyFailure extends Error {
  constructor(readonly error: ApplyError) {
    super(error.message);
    this.name = 'ApplyFailure';
  }
}

type FieldChoice = string | ((config: StreamConfigDoc) => string | undefined);

const present = (config: StreamConfigDoc, key: string): boolean => config[key] !== undefined && config[key] !== null;
const copyField = (config: StreamConfigDoc): string => (present(config, 'mirror') ? 'mirror' : 'sources');
const sizeField = (config: StreamConfigDoc): string | undefined => (present(config, 'max_bytes') ? 'max_bytes' : undefined);

/** Codes that always concern one field. */
const BY_CODE: Record<number, FieldChoice> = {
  10074: 'num_replicas', // replicas > 1 not supported in non-clustered mode
  10133: 'num_replicas', // replicas count cannot be negative
  10061: 'num_replicas', // replicas configuration can not be updated
  10005: (c) => (present(c, 'placement') ? 'placement' : 'num_replicas'), // no suitable peers for placement
  10011: 'placement', // tags placement not supported for operation
  10034: 'subjects', // stream mirrors can not contain subjects
  10065: 'subjects', // subjects overlap with an existing stream
  10031: 'sources', // stream mirrors can not also contain other sources
  10140: 'sources', // duplicate source configuration detected
  10141: 'sources', // sourced stream name is invalid
  10144: 'sources',
  10145: 'sources',
  10146: 'sources',
  10147: 'sources',
  10032: 'mirror', // mirror with both start seq and start time
  10033: 'mirror', // mirrors can not contain filtered subjects
  10055: 'mirror', // stream mirror configuration can not be updated
  10142: 'mirror', // mirrored stream name is invalid
  10150: 'mirror',
  10151: 'mirror',
  10152: 'mirror',
  10154: 'mirror',
  10143: 'first_seq', // stream mirrors can not have first sequence configured
  10155: 'subject_transform',
  10156: 'subject_transform',
  10030: 'max_msg_size', // mirror must have max message size >= source
  10046: 'max_msg_size', // source must have max message size >= target
  10021: copyField, // external api prefix overlaps
  10022: copyField, // external delivery prefix overlaps
  10024: copyField, // external delivery prefix has wildcards
  10113: 'max_bytes', // account requires max bytes
  10122: 'max_bytes', // max bytes exceeds account limit
  10023: sizeField, // insufficient resources
  10028: sizeField, // insufficient memory resources
  10047: sizeField, // insufficient storage resources
  10056: 'name', // stream name in subject does not match request
  10058: 'name', // stream name already in use with a different configuration
  10128: 'name', // stream name can not contain path separators
};

/** Generic codes whose description tells the field ("max age needs to be >= 100ms", …). */
const GENERIC_CODES = new Set([10048, 10049, 10051, 10052, 10069]);

const BY_DESCRIPTION: [RegExp, string][] = [
  [/replica/i, 'num_replicas'],
  [/duplicates? window/i, 'duplicate_window'],
  [/max(imum)? age/i, 'max_age'],
  [/roll-?ups?/i, 'allow_rollup_hdrs'],
  [/storage type/i, 'storage'],
  [/retention/i, 'retention'],
  [/max ?consumers/i, 'max_consumers'],
  [/template/i, 'template_owner'],
  [/mirror/i, 'mirror'],
  [/source/i, 'sources'],
  [/placement|tags|cluster/i, 'placement'],
  [/max (msg|message) size/i, 'max_msg_size'],
  [/max(imum)? bytes/i, 'max_bytes'],
  [/max(imum)? (msgs|messages) per subject/i, 'max_msgs_per_subject'],
  [/max(imum)? (msgs|messages)/i, 'max_msgs'],
  [/discard/i, 'discard'],
  [/sealed|seal/i, 'sealed'],
  [/deny ?delete/i, 'deny_delete'],
  [/deny ?purge|purge/i, 'deny_purge'],
  [/republish/i, 'republish'],
  [/transform/i, 'subject_transform'],
  [/first ?seq/i, 'first_seq'],
  [/subject/i, 'subjects'],
  [/stream name|name/i, 'name'],
];

/** The config field a JetStream API error concerns, or undefined when it cannot be told. */
export function fieldForApiError(api: JetStreamApiErrorInfo, config: StreamConfigDoc): string | undefined {
  const code = api.errCode;
  if (code === undefined) return undefined;
  const choice = BY_CODE[code];
  if (choice !== undefined) return typeof choice === 'function' ? choice(config) : choice;
  if (GENERIC_CODES.has(code)) return BY_DESCRIPTION.find(([pattern]) => pattern.test(api.description))?.[1];
  return undefined;
}

/** The `ApplyError` for anything thrown while planning or applying `doc`. */
export function toApplyError(error: unknown, doc: unknown, operation: string): ApplyError {
  if (error instanceof ApplyFailure) return error.error;
  const fail = error instanceof ClusterError ? error.failure : describeFailure(error, { operation });
  if (fail.kind === 'jetstream' && fail.api && fail.api.errCode !== 10008) {
    const out: ApplyError = {
      kind: 'refused',
      message: `The server refused the stream config: ${fail.api.description}${fail.api.errCode ? ` (JetStream error ${fail.api.errCode})` : ''}.`,
      code: fail.api.code,
      description: fail.api.description,
      failure: fail,
    };
    if (fail.api.errCode !== undefined) out.errCode = fail.api.errCode;
    const field = fieldForApiError(fail.api, configOf(doc) ?? {});
    if (field) out.field = field;
    return out;
  }
  return { kind: 'unavailable', message: fail.message, failure: fail };
}

/**
 * Operators, accounts, users and credentials: the public API of the trust core (no `vscode`).
 * The editor's commands and the CLI call the operations with one argument object each.
 */
export { TrustError, hasErrors } from './problems';
export type { Problem, ProblemCode, Severity, TrustErrorCode } from './problems';

export { redactSeeds } from './redact';

export { NKey, isPublicKey, publicKeyKind, verifySignature } from './keys';
export type { KeyKind } from './keys';

export { accountLimits, encodeAccountJwt, encodeOperatorJwt, encodeUserJwt, jetStreamEnabled, systemAccountExports, userClaims, userPermissionInputs } from './claims';
export type {
  AccountJwtInput,
  AccountLimitsInput,
  JetStreamInput,
  JetStreamLimitsInput,
  OperatorJwtInput,
  SubjectPermissionInput,
  UserClaimsInput,
  UserJwtInput,
  UserPermissionsInput,
  ValidityInput,
} from './claims';

export { parseJwt, signingKeyScopes, signingKeysOf, userPermissionFieldsSet, USER_SCOPE_KIND } from './jwt';
export type { ClaimType, JwtClaims, ParsedJwt, SigningKeyScope } from './jwt';

export { anchorOf, verifyJwt } from './verify';
export type { TrustAnchor, Verification, VerifyOptions } from './verify';

export { formatCreds, parseCreds } from './creds';
export type { ParsedCreds } from './creds';

export { FileExistsError, inTransaction, writeFileAtomic } from './files';
export type { WriteOptions } from './files';

export { KEYSTORE_GITIGNORE, MAX_NAME_BYTES, checkName, expandHome, markerText, nscDefaultLocation, nscEnvironment, paths, storeAt } from './layout';
export type { Environment, NscEnvironment, StoreLocation } from './layout';

export { entries } from './model';
export type { AccountEntry, KeyInfo, OperatorEntry, StoreEntry, StoreMarker, StoreModel, UserEntry } from './model';

export { readOperatorEntry, readStore } from './storeRead';
export type { ReadOptions } from './storeRead';

export type { SignWith } from './storeAccess';

export { addAccount, addSigningKey, addUser, addUsers, createOperator, generateUserCreds, SCOPE_DESCRIPTION_REFUSED } from './operations';
export type {
  AccountResult,
  AddAccountArgs,
  AddSigningKeyArgs,
  AddUserArgs,
  AddUserSpec,
  AddUsersArgs,
  CreateOperatorArgs,
  CreateOperatorResult,
  CredsResult,
  EntityResult,
  GenerateUserCredsArgs,
  ScopeTemplateInput,
  SigningKeyResult,
  SigningKeyScopeInput,
  UserResult,
} from './operations';

export { applyUserEdit, editList, editUser, userInputOf } from './editUser';
export type { EditResult, EditUserArgs, EditUserResult, ListEdit, UserEdit } from './editUser';
export { accountLimitsInputOf, applyAccountEdit, editAccount } from './editAccount';
export type { AccountEdit, EditAccountArgs, EditAccountResult } from './editAccount';
export { ALL_USERS, removeSigningKey, revokedAt, revokeUsers, signedBy, userPublicKeyProblem } from './revocations';
export type { RemoveSigningKeyArgs, RemoveSigningKeyResult, RevokeUsersArgs, RevokeUsersResult } from './revocations';
export { rotateSigningKey } from './rotate';
export type { ReissuedEntry, RotateSigningKeyArgs, RotateSigningKeyResult, SkippedEntry } from './rotate';
export { accountDeletionImpact, deleteAccount, deleteUser, userDeletionImpact } from './delete';
export type { DeleteAccountArgs, DeleteResult, DeleteUserArgs } from './delete';
export { changedSincePush, PUSH_STATE_FILE, pushStatePath, readPushRecords, recordPush } from './pushState';
export type { AccountPushRecord, PushRecords } from './pushState';

export { confString, serverConfig } from './serverConfig';
export type { ServerConfigArgs, ServerConfigResult } from './serverConfig';

export { checkAccountWorks, pushAccount, pushAccountFromStore } from './push';
export type { CheckAccountArgs, PushAccountArgs, PushAccountFromStoreArgs, PushAccountResult, PushReply } from './push';
export { predictPushImpact, pushImpactIsSerious } from './pushImpact';
export type { LiveAccountState, LiveClient, PushImpact, RevokedClient } from './pushImpact';
export { planAccountPush, planAccountPushFromStore, readImportLoss, readLiveAccount } from './pushImpactLive';
export type { ImportLoss, ImportLossAccount, ImporterState, LostImport } from './importLoss';
export { exportsChanged, lostImports, predictImportLoss } from './importLoss';
export type { PushImpactArgs } from './pushImpactLive';
export { planPushToCluster, pullFromCluster, pushToCluster } from './clusterPush';
export type { ClusterAccountPush, ClusterArgs, ClusterDifference, PlannedAccountPush, PullFromClusterResult, PulledAccount, PushToClusterArgs, PushToClusterResult } from './clusterPush';

export { decodeJwt, formatDecodedJwt, scopeTemplateText } from './decode';
export { describeNewUser, describePermissions, replyLimitText, repliesText, subjectPermissionText } from './describe';
export type { NewUserDescription, NewUserSigner, PermissionLine } from './describe';
export type { ClaimField, DecodeOptions, DecodedJwt } from './decode';

export { expirations } from './expirations';
export type { Expiration, ExpirationsArgs } from './expirations';

export { EXPIRY_FORMS, LATEST_EXPIRY, parseExpiry, parsePastTime } from './expiry';
export { displayLabel, displayText, pickLabel, quoted } from './quote';
export { parseSize } from './size';
export { CONNECTION_TYPES, checkConnectionTypes, checkLimit, checkResponses, checkSourceNetworks, checkTags, sourceNetworkProblem } from './claimValues';
export { checkPermissionSubjects, checkUserPermissions, permissionSubjectProblem } from './permissions';
export type { PermissionList } from './permissions';
export { CONNECT_OVERHEAD, DEFAULT_MAX_CONTROL_LINE, maxControlLineFor, userJwtSizeWarning } from './controlLine';
export { addGitignoreEntry, gitignoreHas } from './gitignore';
export { diagnoseCreds, diagnoseCredsOnServer, operatorOfCreds } from './diagnose';
export type { DiagnoseOptions, DiagnoseServerOptions, Diagnosis, DiagnosisCode, DiagnosisReason, ServerVerdict } from './diagnose';
export { activationProblem, EXPORT_KINDS, exportsOf, exportSubjectProblem, importProblem, importsOf, importSubjectFor, localSubjectProblem, RESPONSE_TYPES, subjectContainedIn } from './exportsRead';
export type { ExportInfo, ExportKind, ImportInfo, ResponseType } from './exportsRead';
export { addExport, addImport, exportText, importText, removeExport, removeImport } from './exportsImports';
export type { AddExportArgs, AddImportArgs, ExportResult, ExportsImportsResult, ImportResult, RemoveExportArgs, RemoveImportArgs } from './exportsImports';
export type { ServerAccount } from './diagnose';
export { compareAccountJwts, lookupAccountOnServer } from './accountLookup';
export type { AccountLookup, AccountLookupArgs, AccountLookupState } from './accountLookup';
export { storeUserCreds, systemUserCreds } from './storeCreds';
export { credsReplacement } from './credsReplacement';
export { DIAGNOSIS_TITLES, formatDiagnosis } from './diagnosisReport';
export type { DiagnosisReportOptions } from './diagnosisReport';
export { checkTries, checkTrySubject } from './diagnoseTries';
export type { Tries, TryOperation, TryVerdict } from './diagnoseTries';

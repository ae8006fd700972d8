/**
 * The live-cluster core: connection profiles (settings and `nats` contexts), connections with
 * status events, stream listing with replica health, the topology a connection can see, and
 * applying / pulling stream configs. Pure TypeScript; nats.js is loaded on the first connection.
 */
export type { ConnectionAuth, ConnectionProfile, ProfileProblem, ProfileSource, TlsFiles } from './profile';
export { DEFAULT_SERVER_URL, describeAuth, describeProfile, displayServers, expandHome, hasProfileErrors, needsSecret, profileFromSettings, splitServers, urlWithoutUserInfo } from './profile';

export type { ContextCredentials, NatsContexts, NatsContextsOptions } from './natsContexts';
export { natsConfigDir, profileFromContext, readNatsContexts, resolveContextCredentials, validContextName } from './natsContexts';
export type { NscUser, ResolveContext } from './contextRefs';
export { ReferenceError, describeReference, expandEnv, expandPath, parseNscUrl, referenceScheme, resolveLiteral, resolveNscUser, resolveReference } from './contextRefs';

export type { Failure, FailureContext, FailureKind, JetStreamApiErrorInfo } from './errors';
export { ClusterError, describeFailure } from './errors';

export type {
  ConnectOptions,
  ConnectedServer,
  ConnectionEvent,
  ConnectionState,
  Disposable,
  GatherOptions,
  RequestOptions,
  StatusEvent,
  StatusListener,
} from './connection';
export { Connection } from './connection';
export { isNatsLoaded } from './natsClient';
export { JS_ERR, MAX_LISTED, MAX_PAGES, isApiError, jsRequest, listTotal } from './jsApi';

export type { HealthVerdict, RawClusterInfo, RawPeerInfo, ReplicaState, ReplicaStatus, StreamHealth } from './streamHealth';
export { classifyHealth, replicaStatuses, survivalText } from './streamHealth';
export type { Advisory, AdvisoryKind, AdvisoryState, LiveStreamsOptions, LiveStreamsSink } from './liveStreams';
export { LiveStreams, parseAdvisorySubject } from './liveStreams';
export { applySightings, carryPlacement, judgeStream } from './streamPresence';
export type { StreamSighting, StreamVerdict, StreamsSeen } from './streamPresence';

export type { ListStreamsOptions, StreamListing, StreamPage, StreamSummary } from './streamList';
export { forgetStreamNames, knownStreamNames, listAllStreams, listStreams, streamInfo, streamNames, summarizeStream, unreportedText } from './streamList';

export type { CleanConfigOptions, ConfigChange, DiffDocuments, StreamConfigDoc } from './streamConfig';
export { STREAM_CONFIG_FIELDS, canonicalJson, cleanConfig, configOf, configText, diffConfigs, diffDocuments, effectiveValue, formatChanges } from './streamConfig';
export { formatDuration } from '../streams/format';

export type { ApplyError, ApplyErrorKind } from './applyErrors';
export { ApplyFailure, fieldForApiError, toApplyError } from './applyErrors';
export type { ApplyOptions, ApplyPlan, ApplyResult } from './apply';
export { apply, planApply, pullConfig } from './apply';
export type { StreamTextUpdate } from './pullEdit';
export { updateStreamText } from './pullEdit';

export type {
  ClusterTopology,
  JetStreamAccount,
  JetStreamStatus,
  Knowable,
  PlacementMatch,
  TopologyCluster,
  TopologyFacts,
  TopologyServer,
  TopologySource,
} from './topology';
export { buildTopology, jetStreamServerCount, matchPlacement } from './topology';
export type { TopologyOptions } from './topologyProbe';
export { readTopology } from './topologyProbe';
export { analysisTopology } from './analysisTopology';

export type { AssetKind, AssetPrediction, DrillMode, DrillResult, DrillServer, DrillStream, DrillTarget, DrillTopology, MetaPrediction } from './drill';
export { DrillError, assetCluster, assetOf, assetReason, drillHeadline, drillJson, drillModeText, drillPasses, drillTarget, drillText, metaText, quorum, readableFrom, resolveTarget, runDrill } from './drill';
export type { LiveDrillTopology, ReadDrillOptions } from './drillLive';
export { drillTopologyFrom, readDrillTopology } from './drillLive';

export type { ApplyLoss, LossCause, LossField, LossRange, MessageProbe, OneWayChange, PredictLossOptions, StreamStateSnapshot } from './applyLoss';
export { MAX_AGE_PROBES, ageCutoff, countOlderThan, lossIsSerious, needsSubjectCounts, predictApplyLoss, rangeText } from './applyLoss';
export type { LiveLossOptions } from './applyLossLive';
export { liveLoss, readSubjectCounts } from './applyLossLive';
export type { ReplicaReduction } from './applyReplicas';
export { predictReplicaReduction } from './applyReplicas';

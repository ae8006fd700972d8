/** Environment variables through which a test launcher hands facts to the suite. */

/** URL of the UI driver (screenshots, workbench DOM); absent under launchers without a browser. */
export const UI_DRIVER_ENV = 'NATS_WORKBENCH_UI_DRIVER';
/** Folder for screenshots and other test output. */
export const TEST_OUTPUT_ENV = 'NATS_WORKBENCH_TEST_OUTPUT';
/** The NATS servers the launcher started for the suite. */
export const TEST_NATS_ENV = {
  /** Client URL(s), comma separated. */
  url: 'NATS_WORKBENCH_TEST_URL',
  /** Monitoring URL of one node. */
  monitor: 'NATS_WORKBENCH_TEST_MONITOR',
  /** 'cluster' or 'server'. */
  kind: 'NATS_WORKBENCH_TEST_KIND',
  /** PIDs of the cluster's nodes, comma separated (for failure tests). */
  pids: 'NATS_WORKBENCH_TEST_PIDS',
} as const;

/** Set (to 1) when the launcher opened the workspace untrusted, in Restricted Mode. */
export const TEST_RESTRICTED_ENV = 'NATS_WORKBENCH_TEST_RESTRICTED';
/** The title of the suite that runs in Restricted Mode (and only there). */
export const RESTRICTED_SUITE = 'Restricted Mode';

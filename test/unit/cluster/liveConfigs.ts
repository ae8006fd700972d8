/** Stream configurations as nats-server returns them, for the unit tests of the cluster core. */

// What nats-server 2.9.10 returned for `{"name":"A"}` (see the server tests for the live check).
export const LIVE_MINIMAL = {
  name: 'A',
  subjects: ['A'],
  retention: 'limits',
  max_consumers: -1,
  max_msgs: -1,
  max_bytes: -1,
  max_age: 0,
  max_msgs_per_subject: -1,
  max_msg_size: -1,
  discard: 'old',
  storage: 'file',
  num_replicas: 1,
  duplicate_window: 120000000000,
  allow_direct: false,
  mirror_direct: false,
  sealed: false,
  deny_delete: false,
  deny_purge: false,
  allow_rollup_hdrs: false,
};

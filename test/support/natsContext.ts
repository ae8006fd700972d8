/** `nats` CLI context files for tests. */

/** A context file as `nats context save` writes it: the whole settings struct, `json.MarshalIndent(…, "", "  ")`. */
export function cliContext(fields: Record<string, unknown>): string {
  const settings: Record<string, unknown> = {
    description: '',
    url: '',
    socks_proxy: '',
    token: '',
    user: '',
    password: '',
    creds: '',
    nkey: '',
    cert: '',
    key: '',
    ca: '',
    nsc: '',
    jetstream_domain: '',
    jetstream_api_prefix: '',
    jetstream_event_prefix: '',
    inbox_prefix: '',
    user_jwt: '',
    user_seed: '',
    color_scheme: '',
    tls_first: false,
    windows_cert_store: '',
    windows_cert_match_by: '',
    windows_cert_match: '',
    windows_ca_certs_match: null,
  };
  return JSON.stringify({ ...settings, ...fields }, null, 2);
}

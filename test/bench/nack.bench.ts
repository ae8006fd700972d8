/**
 * NACK resources in YAML: the analysis of a 2,000-resource file (streams, key-value buckets and
 * object stores, with comments) against the `yaml` package's own parse of it, same run; and what
 * a YAML file that holds no NACK resource costs the editor (the content check run when a YAML
 * document opens), on a 1 MB Kubernetes manifest file; and the JSON content check (stream, bucket
 * and consumer configs) on a package-lock.json.
 */
import { parseAllDocuments } from 'yaml';
import { MappedStreamDocument, analyzeDocument, looksLikeStreamFile } from '../../src/core/streams';
import { packageLock } from './detect.bench';
import { Bench, time } from './framework';

/** `count` NACK resources in one multi-document file, about a third of them with a finding. */
export function nackFile(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 5 === 3 ? 'KeyValue' : i % 5 === 4 ? 'ObjectStore' : 'Stream';
    const lines = [`# resource ${i}`, 'apiVersion: jetstream.nats.io/v1beta2', `kind: ${kind}`, 'metadata:', `  name: r-${i}`, 'spec:'];
    if (kind === 'Stream') {
      lines.push(`  name: S${i}`, `  subjects: ["s${i}.>"]`, `  replicas: ${[3, 1, 2][i % 3]} # replicas`, `  maxAge: ${i % 7 === 0 ? '50ms' : '24h'}`, '  duplicateWindow: 2m', '  storage: file', '  maxBytes: 1073741824');
      if (i % 11 === 0) lines.push('  placement:', '    cluster: east', '    tags: [ssd]');
    } else {
      lines.push(`  bucket: b${i}`, `  replicas: ${[3, 1][i % 2]}`, '  ttl: 1h', '  storage: file');
      if (kind === 'KeyValue') lines.push(`  history: ${i % 9 === 0 ? 100 : 5}`);
    }
    docs.push(lines.join('\n') + '\n');
  }
  return docs.join('---\n');
}

/** Kubernetes manifests (Deployments and Services) of about `bytes` bytes: no NACK resource. */
export function manifests(bytes: number): string {
  const docs: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const doc = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: app-${i}`,
      '  labels:',
      `    app: app-${i}`,
      'spec:',
      '  replicas: 3',
      '  template:',
      '    spec:',
      '      containers:',
      `        - name: app-${i}`,
      `          image: registry.example.com/app-${i}:1.${i % 10}.0`,
      '          ports:',
      '            - containerPort: 8080',
      '',
    ].join('\n');
    docs.push(doc);
    size += doc.length + 4;
  }
  return docs.join('---\n');
}

export async function run(bench: Bench): Promise<void> {
  const text = nackFile(2000);
  const kb = Math.round(text.length / 1024);
  const streams = MappedStreamDocument.fromNackYaml(text, '/w/nack.yaml').streams.length;
  if (streams !== 2000) throw new Error(`read ${streams} resources of 2000`);
  const parse = await time(() => parseAllDocuments(text), 10, 2);
  const analyse = await time(() => analyzeDocument(MappedStreamDocument.fromNackYaml(text, '/w/nack.yaml')).findings.length, 10, 2);
  bench.report(`nack: analysis of a 2,000-resource NACK YAML file (${kb} KB), median (baseline: the yaml package's parseAllDocuments of it)`, analyse.median, 'ms', parse.median);

  const other = manifests(1024 * 1024);
  if (looksLikeStreamFile('/w/deploy.yaml', other)) throw new Error('the manifests were taken for NACK resources');
  const mb = (other.length / 1e6).toFixed(2);
  const detect = await time(() => looksLikeStreamFile('/w/deploy.yaml', other), 2000, 200);
  const small = manifests(4 * 1024);
  const detectSmall = await time(() => looksLikeStreamFile('/w/deploy.yaml', small), 20000, 2000);
  bench.report(`nack: content check of a ${mb} MB YAML file without NACK resources, median`, detect.median, 'ms', null);
  bench.report(`nack: content check of a ${small.length} B YAML file without NACK resources, median`, detectSmall.median * 1000, 'µs', null);

  // The check the editor runs on JSON now also looks for bucket and consumer configs.
  const lock = packageLock(1024 * 1024);
  if (looksLikeStreamFile('/w/package-lock.json', lock)) throw new Error('the package-lock fixture was taken for a stream file');
  const json = await time(() => looksLikeStreamFile('/w/package-lock.json', lock), 2000, 200);
  bench.report(`nack: content check (streams, buckets, consumers) of a ${(lock.length / 1e6).toFixed(2)} MB package-lock.json, median`, json.median, 'ms', null);
}

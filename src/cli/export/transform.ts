/**
 * What `ebb export` makes of one stored object: the manifest a Knative cluster applies unchanged, and the
 * notes a human must read (written as YAML comments above it). Pure: no I/O.
 *
 * - Status and server-set metadata (uid, resourceVersion, generation, creationTimestamp, managedFields,
 *   ownerReferences, finalizers) go; so do Ebb's own annotations (`ebb.dev/…`), kubectl's last-applied
 *   configuration and Knative's creator/lastModifier (the cluster sets its own).
 * - A container that runs an Ebb-local command (`ebb func serve …`, `ebb adapter …`) keeps its image and
 *   loses the command: on Knative the image runs the function. One that names no image gets the image
 *   `config-ebb-images` maps to its command, else a placeholder under `--registry`, with a note.
 * - A RocketMQSource stays as the kind (Ebb's, `sources.knative.dev/v1alpha1`), or — with an adapter image
 *   — becomes a ContainerSource running Ebb's adapter with the same settings in its environment.
 */
import type { KObject } from '../../api/object.js';
import { parseMapping } from '../../reconcilers/revision/resources/images.js';

export interface ExportOptions {
  /** `config-ebb-images`' `images` value, to turn commands back into images. */
  imagesMapping?: string;
  /** Registry for placeholder images of containers with none. @defaultValue registry.example.com */
  registry: string;
  /** When set, RocketMQSources become ContainerSources running this image of Ebb's adapter. */
  rocketmqAdapterImage?: string;
}

export interface Exported {
  object: KObject;
  notes: string[];
}

const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'ownerReferences',
  'finalizers',
  'selfLink',
];
const DROPPED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'serving.knative.dev/creator',
  'serving.knative.dev/lastModifier',
];

export function exportObject(input: KObject, opts: ExportOptions): Exported {
  const obj = structuredClone(input) as any;
  const notes: string[] = [];
  delete obj.status;
  const meta = obj.metadata ?? {};
  for (const k of SERVER_METADATA) delete meta[k];
  const dataFormat = meta.annotations?.[DATA_FORMAT_ANNOTATION];
  meta.annotations = cleanAnnotations(meta.annotations);
  if (obj.kind === 'RocketMQSource' && dataFormat && !opts.rocketmqAdapterImage)
    meta.annotations = { ...meta.annotations, [DATA_FORMAT_ANNOTATION]: dataFormat };
  if (!meta.annotations) delete meta.annotations;
  for (const spec of podSpecsOf(obj)) fixContainers(spec, obj, opts, notes);
  if (obj.kind === 'Secret')
    notes.push('holds secret values (base64 in data): review before committing it anywhere');
  if (obj.kind === 'RocketMQSource' && opts.rocketmqAdapterImage) {
    const out = asContainerSource(obj, opts.rocketmqAdapterImage, dataFormat);
    const more = obj.spec?.endpoints || obj.spec?.namesrvAddr ? [] : [NO_ENDPOINTS_NOTE];
    return { object: out, notes: [...notes, ROCKETMQ_NOTE, ...more] };
  }
  if (obj.kind === 'RocketMQSource') {
    notes.push(
      "RocketMQSource is Ebb's kind: install its CRD and controller, or export with --rocketmq-adapter-image IMAGE to get a ContainerSource running Ebb's adapter",
    );
  }
  return { object: obj, notes };
}

/** The one Ebb annotation a RocketMQSource keeps: it changes what the source sends. */
const DATA_FORMAT_ANNOTATION = 'ebb.dev/rocketmq-data-format';
const NO_ENDPOINTS_NOTE =
  "it used ebb up's local RocketMQ: set ROCKETMQ_ENDPOINTS to your cluster's proxy (host:port)";
const ROCKETMQ_NOTE =
  "a RocketMQSource exported as a ContainerSource running Ebb's adapter (`ebb adapter rocketmq`, configured by the env below)";

function cleanAnnotations(annotations: Record<string, string> | undefined) {
  if (!annotations) return undefined;
  const kept = Object.entries(annotations).filter(
    ([k]) => !k.startsWith('ebb.dev/') && !DROPPED_ANNOTATIONS.includes(k),
  );
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

/** The pod specs an object carries: a Service's or Configuration's template, a ContainerSource's, a JobSink's Job's. */
function podSpecsOf(obj: any): any[] {
  const out: any[] = [];
  const add = (spec: any) => {
    if (spec && Array.isArray(spec.containers)) out.push(spec);
  };
  add(obj.spec?.template?.spec);
  add(obj.spec?.configuration?.template?.spec);
  add(obj.spec?.job?.spec?.template?.spec);
  return out;
}

function fixContainers(spec: any, obj: any, opts: ExportOptions, notes: string[]): void {
  const mapping = parseMapping(opts.imagesMapping);
  spec.containers.forEach((c: any, i: number) => {
    const where = `${obj.kind} ${obj.metadata?.name} container ${c.name ?? i}`;
    const command: string[] = Array.isArray(c.command) ? c.command : [];
    const local = command[0] === 'ebb';
    if (!c.image) {
      const mapped = imageFor(mapping, command);
      c.image =
        mapped ?? `${opts.registry}/${obj.metadata?.name}${spec.containers.length > 1 ? `-${i}` : ''}`;
      notes.push(
        mapped
          ? `${where}: image ${mapped} from config-ebb-images (it ran \`${command.join(' ')}\` here)`
          : `${where}: ran \`${command.join(' ')}\` locally and has no image — build one and replace ${c.image}`,
      );
      delete c.command;
      delete c.args;
    } else if (local) {
      notes.push(
        `${where}: ran \`${[...command, ...(c.args ?? [])].join(' ')}\` here; on Knative its image ${c.image} must serve it (build the function into it, e.g. with \`func build\`)`,
      );
      delete c.command;
      delete c.args;
    }
  });
}

/** The image whose `config-ebb-images` command is `command`. */
function imageFor(mapping: Record<string, unknown>, command: string[]): string | undefined {
  const line = command.join(' ');
  for (const [image, value] of Object.entries(mapping)) {
    const words = Array.isArray(value) ? value.join(' ') : String(value).trim().split(/\s+/).join(' ');
    if (words === line) return image;
  }
  return undefined;
}

function asContainerSource(src: any, image: string, dataFormat: string | undefined): KObject {
  const s = src.spec ?? {};
  const env: { name: string; value: string }[] = [];
  const set = (name: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') env.push({ name, value: String(value) });
  };
  set(
    'ROCKETMQ_ENDPOINTS',
    Array.isArray(s.endpoints) ? s.endpoints.join(';') : (s.endpoints ?? s.namesrvAddr),
  );
  set('ROCKETMQ_TOPIC', s.topic);
  set('ROCKETMQ_CONSUMER_GROUP', s.consumerGroup ?? s.groupName);
  set('ROCKETMQ_SELECTOR_TYPE', s.selector?.type);
  set('ROCKETMQ_SELECTOR', s.selector?.expression);
  set('DELIVERY_RETRY', s.delivery?.retry);
  set('DELIVERY_BACKOFF_POLICY', s.delivery?.backoffPolicy);
  set('DELIVERY_BACKOFF_DELAY', s.delivery?.backoffDelay);
  set('DELIVERY_TIMEOUT', s.delivery?.timeout);
  set('DELIVERY_DEAD_LETTER_SINK', s.delivery?.deadLetterSink?.uri);
  set('ROCKETMQ_DATA_FORMAT', dataFormat);
  const meta = { ...src.metadata };
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'ContainerSource',
    metadata: meta,
    spec: {
      template: { spec: { containers: [{ name: 'adapter', image, args: ['adapter', 'rocketmq'], env }] } },
      sink: s.sink,
      ...(s.ceOverrides ? { ceOverrides: s.ceOverrides } : {}),
    },
  } as KObject;
}

/**
 * `ebb export [-n NS | -A] [-o DIR] [--registry R] [--rocketmq-adapter-image IMAGE]`: the namespace's
 * objects as manifests a Knative cluster applies unchanged (export/transform.ts says what changes), with
 * every deviation that needs a human written as a comment above its object. Objects other objects own
 * (Revisions, a Service's Route, a flow's channels, a JobSink's Jobs) are left out: their owners make them
 * again. To stdout as one YAML stream, or one file per object under DIR (`{namespace}/{kind}-{name}.yaml`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Document } from 'yaml';
import type { KindDef } from '../../api/kind.js';
import { KINDS } from '../../api/registry.js';
import { IMAGES_CONFIGMAP } from '../../reconcilers/revision/resources/images.js';
import { action, clientFor, err, type NamespaceFlags, out, withNamespace, withServer } from '../command.js';
import { exportObject } from '../export/transform.js';
import { kindPath } from '../paths.js';

interface ExportFlags extends NamespaceFlags {
  allNamespaces?: boolean;
  output?: string;
  registry: string;
  rocketmqAdapterImage?: string;
}

/** Namespaces and kinds that belong to the platform, not to the user's application. */
const SYSTEM_NAMESPACES = ['knative-serving', 'knative-eventing', 'kube-system', 'kube-public'];
const SKIPPED_KINDS = ['Revision', 'Namespace', 'Job', 'EventType', 'Event'];
const SKIPPED_CONFIGMAPS = ['kube-root-ca.crt'];

export function registerExport(program: Command): void {
  const cmd = program
    .command('export')
    .description("Write the namespace's objects as manifests a Knative cluster applies unchanged")
    .option('-A, --all-namespaces', 'every namespace but the system ones')
    .option('-o, --output <dir>', 'write one file per object under this folder instead of stdout')
    .option(
      '--registry <registry>',
      'registry for placeholder images of local commands',
      'registry.example.com',
    )
    .option(
      '--rocketmq-adapter-image <image>',
      "export RocketMQSources as ContainerSources running Ebb's adapter image",
    );
  withServer(withNamespace(cmd)).action(action((flags: ExportFlags) => exportAll(flags)));
}

async function exportAll(flags: ExportFlags): Promise<number> {
  const client = clientFor(flags);
  const namespace = flags.allNamespaces ? undefined : (flags.namespace ?? 'default');
  let imagesMapping: string | undefined;
  try {
    const cm = await client.get(
      kindPath(kindOf('ConfigMap'), IMAGES_CONFIGMAP.namespace, IMAGES_CONFIGMAP.name),
    );
    imagesMapping = (cm as any).data?.[IMAGES_CONFIGMAP.key];
  } catch {
    // no mapping: containers without an image get placeholders
  }
  const docs: { path: string; text: string }[] = [];
  let notes = 0;
  for (const def of KINDS.filter((k) => k.namespaced && !SKIPPED_KINDS.includes(k.kind))) {
    const list = await client.list(kindPath(def, namespace));
    for (const obj of list.items) {
      const ns = obj.metadata.namespace ?? '';
      if (SYSTEM_NAMESPACES.includes(ns)) continue;
      if ((obj.metadata.ownerReferences ?? []).some((r) => r.controller)) continue;
      if (def.kind === 'ConfigMap' && SKIPPED_CONFIGMAPS.includes(obj.metadata.name)) continue;
      const exported = exportObject(obj, {
        imagesMapping,
        registry: flags.registry,
        ...(flags.rocketmqAdapterImage ? { rocketmqAdapterImage: flags.rocketmqAdapterImage } : {}),
      });
      const doc = new Document(exported.object);
      if (exported.notes.length > 0)
        doc.commentBefore = exported.notes.map((n) => ` ebb export: ${n}`).join('\n');
      notes += exported.notes.length;
      const kind = exported.object.kind.toLowerCase();
      docs.push({
        path: join(ns, `${kind}-${obj.metadata.name}.yaml`),
        text: doc.toString({ lineWidth: 0 }),
      });
    }
  }
  if (flags.output) {
    for (const d of docs) {
      const file = join(flags.output, d.path);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, d.text);
    }
    err(
      `exported ${docs.length} objects to ${flags.output}${notes ? `; ${notes} notes need a look (comments in the files)` : ''}`,
    );
  } else {
    out(docs.map((d) => d.text).join('---\n'));
    if (notes) err(`${notes} notes need a look (the comments above their objects)`);
  }
  return 0;
}

function kindOf(kind: string): KindDef {
  return KINDS.find((k) => k.kind === kind && k.group === '')!;
}

/**
 * The containers of a revision (Knative's ValidatePodSpec / ValidateContainer): one serving container, or
 * several of which exactly one declares the port; at most one port, named "", "http1" or "h2c".
 *
 * Ebb deviation from Knative: a container may have `command` and no `image`. Ebb runs replicas as local
 * processes, so a command is a complete description of what to run; an image alone runs only where the
 * project maps it to a command. Paths are relative to the pod spec (`containers[0].image`).
 */
import { typeOf, unknownFields, wrongType } from '../common/fields.js';
import { invalidValueText, isDNS1123Label } from '../common/names.js';
import { FieldError } from '../field-error.js';
import { isPlainObject } from '../object.js';
import { validateEnv, validateEnvFrom } from './env.js';
import { imageReferenceError } from './image-ref.js';
import { type ServingPort, validateProbe } from './probe.js';

/** Knative's DefaultUserPort, used when the container declares no port. */
export const DEFAULT_USER_PORT = 8080;
const VALID_PORT_NAMES = ['', 'http1', 'h2c'];
const PORT_FIELDS = ['containerPort', 'name', 'protocol'];
const CONTAINER_FIELDS = [
  'args',
  'command',
  'env',
  'envFrom',
  'image',
  'imagePullPolicy',
  'livenessProbe',
  'name',
  'ports',
  'readinessProbe',
  'resources',
  'securityContext',
  'startupProbe',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'volumeMounts',
  'workingDir',
];

const hasPorts = (c: unknown) => isPlainObject(c) && Array.isArray(c.ports) && c.ports.length > 0;

/** Index of the serving container: the only one, or the one with ports (-1 when ambiguous). */
export function servingContainerIndex(containers: unknown[]): number {
  if (containers.length === 1) return 0;
  return containers.findIndex(hasPorts);
}

/**
 * Ports Knative's queue-proxy and profiling listen on next to the user container (reservedPorts: 8012 and
 * 8013 for traffic, 8022 admin, 9090 and 9091 metrics, 8008 profiling); a manifest using one would not run
 * on Knative, so Ebb refuses it too.
 */
const RESERVED_PORTS = new Set([8012, 8013, 8022, 9090, 9091, 8008]);
/** Knative's queue-proxy sidecar's name (reservedContainerNames). */
const RESERVED_CONTAINER_NAME = 'queue-proxy';

export function validateContainers(containers: unknown): FieldError {
  if (containers === undefined || containers === null) return FieldError.missing('containers');
  if (!Array.isArray(containers))
    return FieldError.of(`expected array, got ${typeOf(containers)}`, 'containers');
  if (containers.length === 0) return FieldError.missing('containers');
  let errs = FieldError.empty();
  const withPorts = containers.filter(hasPorts).length;
  // knative.dev/pkg's paths: `containers[*].ports` for what concerns the ports across containers.
  if (containers.length > 1 && withPorts === 0) errs = errs.also(FieldError.missing('containers[*].ports'));
  const portCount = containers.reduce<number>(
    (n, c) => n + (isPlainObject(c) && Array.isArray(c.ports) ? c.ports.length : 0),
    0,
  );
  if (withPorts > 1 || portCount > 1) {
    errs = errs.also(
      FieldError.of(
        'more than one container port is set',
        'containers[*].ports',
        'FieldValueInvalid',
        'Only a single port is allowed across all containers',
      ),
    );
  }
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const name = isPlainObject(c) ? c.name : undefined;
    if (typeof name === 'string' && name !== '') {
      if (seen.has(name))
        errs = errs.also(FieldError.of(`Duplicate value: "${name}"`, `containers[${i}].name`));
      seen.add(name);
    }
    errs = errs.also(validateContainer(c).viaFieldIndex('containers', i));
  });
  return errs;
}

function validateContainer(c: unknown): FieldError {
  if (!isPlainObject(c)) return FieldError.of(`expected object, got ${typeOf(c)}`, '');
  let errs = unknownFields(c, CONTAINER_FIELDS).also(
    wrongType(c.name, 'string', 'name'),
    wrongType(c.image, 'string', 'image'),
    wrongType(c.workingDir, 'string', 'workingDir'),
    stringList(c.command, 'command'),
    stringList(c.args, 'args'),
  );
  if (c.name === RESERVED_CONTAINER_NAME) {
    errs = errs.also(FieldError.of(`"${c.name}" is a reserved container name`, 'name'));
  } else if (typeof c.name === 'string' && c.name !== '') {
    for (const msg of isDNS1123Label(c.name))
      errs = errs.also(FieldError.of(invalidValueText(c.name, msg), 'name'));
  }
  const hasImage = typeof c.image === 'string' && c.image !== '';
  const hasCommand = Array.isArray(c.command) && c.command.length > 0;
  if (!hasImage && !hasCommand && c.image === undefined) {
    errs = errs.also(
      FieldError.of(
        'missing field(s)',
        'image',
        'FieldValueRequired',
        'set image, or command to run a local process without one',
      ),
    );
  } else if (!hasImage && !hasCommand) {
    errs = errs.also(FieldError.invalidValue(c.image, 'image', 'image must not be empty'));
  } else if (hasImage) {
    const bad = imageReferenceError(c.image as string);
    if (bad) {
      errs = errs.also(
        FieldError.of(
          'Failed to parse image reference',
          'image',
          'FieldValueInvalid',
          `image: "${c.image}", error: ${bad}`,
        ),
      );
    }
  }
  const ports = validatePorts(c.ports);
  return errs.also(
    validateResources(c.resources).viaField('resources'),
    ports.errs.viaField('ports'),
    validateEnv(c.env),
    validateEnvFrom(c.envFrom),
    validateProbe(c.readinessProbe, ports.port).viaField('readinessProbe'),
    validateProbe(c.livenessProbe, ports.port).viaField('livenessProbe'),
    validateProbe(c.startupProbe, ports.port).viaField('startupProbe'),
  );
}

/** The API server's schema for a quantity (`limits.memory: 512Mi`), as Knative's CRD declares it. */
const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
const QUANTITY = new RegExp(QUANTITY_PATTERN);

/** `resources.limits` and `requests`: maps of quantities (a number or a quantity string). */
function validateResources(resources: unknown): FieldError {
  if (resources === undefined || resources === null) return FieldError.empty();
  if (!isPlainObject(resources)) return FieldError.of(`expected object, got ${typeOf(resources)}`, '');
  let errs = unknownFields(resources, ['claims', 'limits', 'requests']);
  for (const field of ['limits', 'requests']) {
    const map = resources[field];
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map)) {
      errs = errs.also(FieldError.of(`expected object, got ${typeOf(map)}`, field));
      continue;
    }
    for (const [name, value] of Object.entries(map)) {
      if (typeof value === 'number' || (typeof value === 'string' && QUANTITY.test(value))) continue;
      errs = errs.also(
        FieldError.invalidValue(value, `${field}.${name}`, `in body should match '${QUANTITY_PATTERN}'`),
      );
    }
  }
  return errs;
}

function stringList(value: unknown, path: string): FieldError | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return undefined;
  return FieldError.of(`expected array of strings, got ${typeOf(value)}`, path);
}

/** Validates `ports` and returns the serving port. Paths are relative to `ports`, unindexed, as Knative's. */
export function validatePorts(ports: unknown): { port: ServingPort; errs: FieldError } {
  const fallback: ServingPort = { name: '', containerPort: DEFAULT_USER_PORT };
  if (ports === undefined || ports === null) return { port: fallback, errs: FieldError.empty() };
  if (!Array.isArray(ports))
    return { port: fallback, errs: FieldError.of(`expected array, got ${typeOf(ports)}`, '') };
  if (ports.length === 0) return { port: fallback, errs: FieldError.empty() };
  // More than one port is refused across the containers (validateContainers), at containers[*].ports.
  let errs = FieldError.empty();
  const p = ports[0];
  if (!isPlainObject(p))
    return { port: fallback, errs: errs.also(FieldError.of(`expected object, got ${typeOf(p)}`, '')) };
  errs = errs.also(unknownFields(p, PORT_FIELDS), wrongType(p.name, 'string', 'name'));
  if (p.protocol !== undefined && p.protocol !== '' && p.protocol !== 'TCP') {
    errs = errs.also(FieldError.invalidValue(p.protocol, 'protocol'));
  }
  const name = typeof p.name === 'string' ? p.name : '';
  if (!VALID_PORT_NAMES.includes(name)) {
    errs = errs.also(
      FieldError.of(
        `Port name ${name} is not allowed`,
        '',
        'FieldValueInvalid',
        "Name must be empty, or one of: 'h2c', 'http1'",
      ),
    );
  }
  const containerPort = p.containerPort;
  if (containerPort === undefined) errs = errs.also(FieldError.missing('containerPort'));
  else if (typeof containerPort !== 'number' || !Number.isInteger(containerPort)) {
    errs = errs.also(wrongType(containerPort, 'integer', 'containerPort'));
  } else if (containerPort < 1 || containerPort > 65535) {
    errs = errs.also(FieldError.outOfBounds(containerPort, 1, 65535, 'containerPort'));
  } else if (RESERVED_PORTS.has(containerPort)) {
    errs = errs.also(
      FieldError.invalidValue(
        `${containerPort} is a reserved port`,
        'containerPort',
        `${containerPort} is a reserved port, please use a different value`,
      ),
    );
  }
  const port = { name, containerPort: typeof containerPort === 'number' ? containerPort : DEFAULT_USER_PORT };
  return { port, errs };
}

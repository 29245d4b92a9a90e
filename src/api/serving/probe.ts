/**
 * Readiness, liveness and startup probes (Knative's validateProbe): exactly one handler of httpGet,
 * tcpSocket, exec and grpc; a named or numbered port must be the container's port. Paths are relative to
 * the probe.
 */
import { typeOf, unknownFields, wrongType } from '../common/fields.js';
import { invalidValueText } from '../common/names.js';
import { FieldError } from '../field-error.js';
import { isPlainObject } from '../object.js';

export const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;
const PROBE_FIELDS = [
  ...PROBE_HANDLERS,
  'failureThreshold',
  'initialDelaySeconds',
  'periodSeconds',
  'successThreshold',
  'timeoutSeconds',
];
const PROBE_NUMBERS = [
  'failureThreshold',
  'initialDelaySeconds',
  'periodSeconds',
  'successThreshold',
  'timeoutSeconds',
];
const HTTP_GET_FIELDS = ['host', 'httpHeaders', 'path', 'port', 'scheme'];

/** The serving port: the container's single port, or Knative's default 8080 when none is declared. */
export interface ServingPort {
  name: string;
  containerPort: number;
}

export const hasHandler = (probe: Record<string, unknown>): boolean =>
  PROBE_HANDLERS.some((h) => probe[h] !== undefined && probe[h] !== null);

export function validateProbe(probe: unknown, port: ServingPort): FieldError {
  if (probe === undefined || probe === null) return FieldError.empty();
  if (!isPlainObject(probe)) return FieldError.of(`expected object, got ${typeOf(probe)}`, '');
  let errs = unknownFields(probe, PROBE_FIELDS);
  for (const field of PROBE_NUMBERS) {
    const value = probe[field];
    if (value === undefined) continue;
    const typeErr = wrongType(value, 'integer', field);
    if (typeErr) errs = errs.also(typeErr);
    else if ((value as number) < 0) {
      errs = errs.also(FieldError.of(invalidValueText(value, 'must be greater than or equal to 0'), field));
    }
  }
  const handlers = PROBE_HANDLERS.filter((h) => probe[h] !== undefined && probe[h] !== null);
  if (handlers.length === 0) errs = errs.also(FieldError.oneOf([...PROBE_HANDLERS]));
  else if (handlers.length > 1) errs = errs.also(FieldError.multipleOneOf(handlers));
  for (const h of handlers) errs = errs.also(validateHandler(h, probe[h], port).viaField(h));
  return errs;
}

function validateHandler(
  handler: (typeof PROBE_HANDLERS)[number],
  action: unknown,
  port: ServingPort,
): FieldError {
  if (!isPlainObject(action)) return FieldError.of(`expected object, got ${typeOf(action)}`, '');
  switch (handler) {
    case 'httpGet': {
      let errs = unknownFields(action, HTTP_GET_FIELDS).also(
        wrongType(action.path, 'string', 'path'),
        wrongType(action.host, 'string', 'host'),
        wrongType(action.httpHeaders, 'array', 'httpHeaders'),
        checkPort(action.port, port),
      );
      if (action.scheme !== undefined && action.scheme !== 'HTTP' && action.scheme !== 'HTTPS') {
        errs = errs.also(FieldError.invalidValue(action.scheme, 'scheme'));
      }
      return errs;
    }
    case 'tcpSocket':
      return unknownFields(action, ['host', 'port']).also(checkPort(action.port, port));
    case 'exec': {
      const errs = unknownFields(action, ['command']);
      if (action.command === undefined) return errs.also(FieldError.missing('command'));
      if (!Array.isArray(action.command) || action.command.some((c) => typeof c !== 'string')) {
        return errs.also(FieldError.of('expected array of strings', 'command'));
      }
      return errs;
    }
    case 'grpc': {
      const errs = unknownFields(action, ['port', 'service']).also(
        wrongType(action.service, 'string', 'service'),
      );
      if (action.port === undefined) return errs.also(FieldError.missing('port'));
      return errs.also(wrongType(action.port, 'integer', 'port'));
    }
  }
}

/**
 * A probe port given by name must name the container's port; a number is accepted whatever it is, as
 * Knative accepts it (its queue-proxy probes the container port regardless, and so does Ebb's runtime).
 */
function checkPort(value: unknown, port: ServingPort): FieldError | undefined {
  if (value === undefined || value === null || value === 0 || value === '') return undefined;
  if (typeof value === 'string' && value === port.name) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return undefined;
  return FieldError.invalidValue(value, 'port', 'Probe port must match container port');
}

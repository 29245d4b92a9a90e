/**
 * The CloudEvents HTTP protocol binding and the event codec: the eventing data plane's public surface for
 * events on the wire and at rest.
 */
export {
  checkAttributeName,
  DEFAULT_JSON_CONTENT_TYPE,
  isJsonContentType,
  isMediaType,
  isRfc3339,
  mediaTypeEssence,
  SPEC_V1,
  SPEC_V03,
  SPEC_VERSIONS,
  validateAttributes,
} from './attributes.js';
export { decodeRecord, encodeRecord } from './codec.js';
export type { CloudEventErrorStatus } from './errors.js';
export { CloudEventError, EventCodecError } from './errors.js';
export {
  decodeAttributeHeader,
  encodeAttributeHeader,
  headerText,
  mustBePercentEncoded,
  toByteString,
} from './header-value.js';
export { BATCH_CONTENT_TYPE, parseHttpEvents, STRUCTURED_CONTENT_TYPE } from './parse.js';
export type { HttpMessage } from './write.js';
export { percentEncode, toBatchHttp, toBinaryHttp, toStructuredHttp, toStructuredJson } from './write.js';

/**
 * The image-to-command mapping: a container with only an `image` runs where the ConfigMap
 * `config-ebb-images` (namespace knative-serving) maps that image to a local command line. Its `images`
 * key holds a YAML (or JSON) mapping from image reference to command (ConfigMap keys cannot hold `/` or
 * `:`, image references do). Images match exactly first, then without tag or digest; a command is a list
 * of strings or a command line split on whitespace (double or single quotes group words).
 *
 *   data:
 *     images: |
 *       example.com/order-service: ebb func serve examples/food-delivery/functions/order-service/handler.ts
 */
import { parse as parseYaml } from 'yaml';

export const IMAGES_CONFIGMAP = {
  namespace: 'knative-serving',
  name: 'config-ebb-images',
  key: 'images',
} as const;

export function commandForImage(
  data: Record<string, string> | undefined,
  image: string,
): string[] | undefined {
  const mapping = parseMapping(data?.[IMAGES_CONFIGMAP.key]);
  const value = mapping[image] ?? mapping[stripTagAndDigest(image)];
  if (Array.isArray(value))
    return value.every((v) => typeof v === 'string') && value.length ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return parseCommandLine(value);
}

/** The parsed `images` value; an unparsable one maps nothing (the revision then says no mapping exists). */
export function parseMapping(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  try {
    const parsed = parseYaml(text);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** `registry:5000/org/app:v1@sha256:...` → `registry:5000/org/app`. */
export function stripTagAndDigest(image: string): string {
  const at = image.indexOf('@');
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

export function parseCommandLine(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed;
    } catch {
      // not JSON: fall through to word splitting
    }
  }
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

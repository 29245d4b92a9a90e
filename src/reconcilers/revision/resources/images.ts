/**
 * The image-to-command mapping: a container with only an `image` runs where the ConfigMap
 * `config-ebb-images` (namespace knative-serving) maps that image to a local command line. Keys are image
 * references, matched exactly first, then without tag or digest; values are a JSON array of strings or a
 * command line split on whitespace (double or single quotes group words).
 */
export const IMAGES_CONFIGMAP = { namespace: 'knative-serving', name: 'config-ebb-images' } as const;

export function commandForImage(mapping: Record<string, string> | undefined, image: string): string[] | undefined {
  if (!mapping) return undefined;
  const value = mapping[image] ?? mapping[stripTagAndDigest(image)];
  if (value === undefined || value.trim() === '') return undefined;
  return parseCommandLine(value);
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

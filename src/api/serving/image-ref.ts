/**
 * Whether an image reference parses as Knative's webhook parses it: go-containerregistry's
 * name.ParseReference with weak validation (pkg/name: tag.go, digest.go, repository.go, registry.go) —
 * a tag reference (`[registry/]repository[:tag]`) or a digest reference (`…@sha256:<64 hex>`). Returns
 * the error text that library gives, or undefined when the reference parses. Hand-written: it is a port
 * of that Go library's rules, which no npm package reproduces.
 */
const REPOSITORY_CHARS = /^[a-z0-9_\-./]+$/;
const TAG_CHARS = /^[a-zA-Z0-9_\-.]+$/;
const SHA256 = /^[a-f0-9]{64}$/;

function repositoryError(name: string): string | undefined {
  if (name.length === 0) return 'a repository name must be specified';
  let repo = name;
  const slash = name.indexOf('/');
  if (slash >= 0) {
    const first = name.slice(0, slash);
    if (first.includes('.') || first.includes(':')) {
      repo = name.slice(slash + 1);
      if (!registryOk(first)) return `registries must be valid RFC 3986 URI authorities: ${first}`;
    }
  }
  const runes = [...repo].length;
  if (runes < 2 || runes > 255) return `repository must be between 2 and 255 characters in length: ${repo}`;
  if (!REPOSITORY_CHARS.test(repo))
    return `repository can only contain the characters \`abcdefghijklmnopqrstuvwxyz0123456789_-./\`: ${repo}`;
  return undefined;
}

/** url.Parse("//" + name).Host == name: a host (letters, digits, '.', '-', '_', '~' …) and an optional port. */
function registryOk(name: string): boolean {
  return /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.\-_~%!$&'()*+,;=]+)(:[0-9]*)?$/.test(name);
}

function tagError(name: string): string | undefined {
  let base = name;
  let tag = '';
  const parts = name.split(':');
  if (parts.length > 1 && !parts[parts.length - 1]!.includes('/')) {
    tag = parts[parts.length - 1]!;
    base = parts.slice(0, -1).join(':');
  }
  if (tag !== '') {
    if (tag.length > 128) return `tag must be between 1 and 128 characters in length: ${tag}`;
    if (!TAG_CHARS.test(tag))
      return `tag can only contain the characters \`abcdefghijklmnopqrstuvwxyz0123456789_-.ABCDEFGHIJKLMNOPQRSTUVWXYZ\`: ${tag}`;
  }
  return repositoryError(base);
}

function digestError(name: string): string | undefined {
  const parts = name.split('@');
  if (parts.length !== 2) return 'a digest must contain exactly one @ separator';
  const [base, dig] = parts as [string, string];
  if (!dig.startsWith('sha256:') || !SHA256.test(dig.slice(7))) return `unsupported digest: ${dig}`;
  const tagged = tagError(base) === undefined ? base.replace(/:[^/:]*$/, '') : base;
  return repositoryError(tagged);
}

export function imageReferenceError(image: string): string | undefined {
  if (tagError(image) === undefined || digestError(image) === undefined) return undefined;
  return `could not parse reference: ${image}`;
}

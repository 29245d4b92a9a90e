/**
 * The `ebb.dev/source-dir` annotation: the absolute folder of the manifest an object was applied from
 * (`ebb apply -f FILE` sets it; stdin sets nothing). On a Revision it is the base of its container's
 * relative paths: the replica runs in `workingDir` resolved against it, so a relative handler or script in
 * `command`/`args` resolves next to the manifest. Validation paths are `[key]`, to be prefixed with
 * `metadata.annotations` by the caller.
 */
import { isAbsolute } from 'node:path';
import { FieldError } from '../field-error.js';

export const SOURCE_DIR_ANNOTATION = 'ebb.dev/source-dir';

/** The annotation's value when set; relative values are refused at admission, so this is absolute. */
export function sourceDirOf(annotations: Record<string, string> | undefined): string | undefined {
  const value = annotations?.[SOURCE_DIR_ANNOTATION];
  return value ? value : undefined;
}

/** The value, when present, is an absolute path. */
export function validateSourceDirAnnotation(annotations: Record<string, string>): FieldError {
  const value = annotations[SOURCE_DIR_ANNOTATION];
  if (value === undefined || isAbsolute(value)) return FieldError.empty();
  return FieldError.invalidValue(value, `[${SOURCE_DIR_ANNOTATION}]`, 'must be an absolute path');
}

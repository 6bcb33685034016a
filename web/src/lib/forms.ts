// Server errors onto forms: {"error":{"code","message","field"}} -> the message under the input whose
// path is `field` (Mantine form paths are the same dotted JSON paths: options.0.units.1.retail).
// The form's values are never reset on an error, so nothing the user typed is lost.
import { ApiError } from '../api/http';

interface FormLike {
  setFieldError: (path: string, error: string) => void;
  getValues: () => unknown;
}

/** Returns the message to show above the form when the error is not about one field. */
export function applyServerError(form: FormLike, e: unknown, fallback: string): string | null {
  if (e instanceof ApiError) {
    if (e.field && hasPath(form.getValues(), e.field)) {
      form.setFieldError(e.field, e.message);
      return null;
    }
    return e.field ? `${e.field}: ${e.message}` : e.message || fallback;
  }
  return fallback;
}

export function hasPath(obj: unknown, path: string): boolean {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return false;
    if (!(part in (cur as Record<string, unknown>))) return false;
    cur = (cur as Record<string, unknown>)[part];
  }
  return true;
}

// Server errors onto forms: {"error":{"code","message","field"}} -> the message under the input whose
// path is `field` (Mantine form paths are the same dotted JSON paths: options.0.units.1.retail).
// The form's values are never reset on an error, so nothing the user typed is lost.
import { ApiError } from '../api/http';

interface FormLike {
  setFieldError: (path: string, error: string) => void;
  getValues: () => unknown;
}

/** Returns the message to show above the form when the error is not about one field.
 *  `toFormPath` maps a server path to the form's when they differ (e.g. `extras.0.name` of a form
 *  that edits `extras.0.names.es`). */
export function applyServerError(
  form: FormLike,
  e: unknown,
  fallback: string,
  toFormPath: (field: string) => string = (f) => f,
): string | null {
  if (e instanceof ApiError) {
    const path = e.field ? toFormPath(e.field) : undefined;
    if (path && hasPath(form.getValues(), path)) {
      form.setFieldError(path, e.message);
      return null;
    }
    // A keyed error's text is written for a person (in their language); an English API message
    // may need its field's name to be understood.
    return e.field && !e.key ? `${e.field}: ${e.message}` : e.message || fallback;
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

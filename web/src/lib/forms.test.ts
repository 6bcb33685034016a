import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http';
import { applyServerError } from './forms';

function fakeForm(values: unknown) {
  const errors: Record<string, string> = {};
  return { errors, setFieldError: (p: string, m: string) => (errors[p] = m), getValues: () => values };
}

describe('applyServerError', () => {
  it('puts a field error under its input and returns nothing for the top of the form', () => {
    const form = fakeForm({ capacity: 3 });
    const e = new ApiError(409, 'CONFLICT', 'Tiene 5 plazas vendidas.', 'capacity', 'calendar.belowSold');
    expect(applyServerError(form, e, 'fallback')).toBeNull();
    expect(form.errors).toEqual({ capacity: 'Tiene 5 plazas vendidas.' });
  });

  it('names the field of an English API message, not of a translated one', () => {
    const form = fakeForm({ capacity: 3 });
    const english = new ApiError(409, 'CONFLICT', 'departure has 5 seats sold', 'schedule');
    expect(applyServerError(form, english, 'fallback')).toBe('schedule: departure has 5 seats sold');
    const keyed = new ApiError(409, 'CONFLICT', 'La salida tiene 5 plazas vendidas.', 'schedule', 'calendar.soldWouldLeave');
    expect(applyServerError(form, keyed, 'fallback')).toBe('La salida tiene 5 plazas vendidas.');
    expect(applyServerError(form, new Error('boom'), 'fallback')).toBe('fallback');
    expect(form.errors).toEqual({});
  });
});

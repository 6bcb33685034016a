import { describe, expect, it } from 'vitest';
import { gridRange } from './Calendar';

describe('calendar grid', () => {
  it('covers whole Monday..Sunday weeks around the month', () => {
    expect(gridRange('2026-11-23', 'month')).toEqual(['2026-10-26', '2026-12-06']);
    expect(gridRange('2026-03-15', 'month')).toEqual(['2026-02-23', '2026-04-05']);
    expect(gridRange('2026-02-10', 'month')).toEqual(['2026-01-26', '2026-03-01']);
  });
  it('week view is the Monday..Sunday week of the date, across DST', () => {
    expect(gridRange('2026-03-29', 'week')).toEqual(['2026-03-23', '2026-03-29']);
    expect(gridRange('2026-10-26', 'week')).toEqual(['2026-10-26', '2026-11-01']);
  });
});

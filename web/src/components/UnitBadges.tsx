// Participants per unit type ("Adult × 2") as the supplier screens show them: OCTO unit types
// (ADULT, CHILD, ...) translated through the `unit.*` keys, unknown types shown as sent.
import { Badge, Group } from '@mantine/core';
import { unitTypeLabel, useI18n } from '../i18n';
import type { Locale } from '../api/types';

/** "2 Adults"-style plain text for tables and print: "Adult × 2, Child × 1". */
export function unitsText(counts: Record<string, number> | undefined, locale: Locale): string {
  return Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .map(([type, n]) => `${unitTypeLabel(locale, type)} × ${n}`)
    .join(', ');
}

export function UnitBadges({ counts }: { counts?: Record<string, number> }) {
  const { locale } = useI18n();
  const entries = Object.entries(counts ?? {}).filter(([, n]) => n > 0);
  if (entries.length === 0) return null;
  return (
    <Group gap={4} mt={2}>
      {entries.map(([type, n]) => (
        <Badge key={type} size="xs" variant="outline" style={{ flexShrink: 0 }} data-testid="unit-badge">
          {unitTypeLabel(locale, type)} × {n}
        </Badge>
      ))}
    </Group>
  );
}

import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Popover,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/http';
import { LOCALES, LOCALE_NAMES, isLocale, useI18n } from '../i18n';

const STATUS_COLORS: Record<string, string> = {
  CONFIRMED: 'green',
  REDEEMED: 'teal',
  ON_HOLD: 'yellow',
  CANCELLED: 'red',
  EXPIRED: 'gray',
  AVAILABLE: 'green',
  LIMITED: 'orange',
  SOLD_OUT: 'red',
  CLOSED: 'gray',
  FREESALE: 'teal',
  submitted: 'blue',
  under_review: 'cyan',
  info_requested: 'yellow',
  approved: 'teal',
  rejected: 'red',
  documents: 'violet',
  active: 'green',
  accepted: 'green',
  pending: 'yellow',
  applicant: 'blue',
  suspended: 'red',
};

export function StatusBadge({ status }: { status: string | undefined }) {
  const { tx } = useI18n();
  if (!status) return null;
  return (
    // miw: a Badge is an overflow:hidden grid that a narrow table cell shrinks to a stub with its
    // label cut; it never gets narrower than its (translated) label.
    <Badge
      color={STATUS_COLORS[status] ?? 'gray'}
      variant="light"
      miw="max-content"
      data-status={status}
    >
      {tx(`status.${status}`, status)}
    </Badge>
  );
}

export function LanguagePicker({ size = 'xs' }: { size?: 'xs' | 'sm' }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Select
      aria-label={t('app.language')}
      data-testid="language-picker"
      size={size}
      w={120}
      allowDeselect={false}
      value={locale}
      data={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
      onChange={(v) => isLocale(v) && setLocale(v)}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** Loading spinner / error box around a loaded page. */
export function PageState({
  loading,
  error,
  onRetry,
  children,
}: {
  loading: boolean;
  error: unknown;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  if (error) return <ErrorBox error={error} onRetry={onRetry} />;
  if (loading && !children)
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  return <>{children}</>;
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  let msg = t('app.error');
  if (error instanceof ApiError) {
    if (error.status === 404 && error.code === 'HTTP_404')
      msg = t('app.unavailable', { code: '404' });
    else if (error.status === 404) msg = t('app.notFound');
    else msg = error.message;
  }
  return (
    <Alert color="red" title={t('app.error')} data-testid="page-error">
      {msg}
      {onRetry && (
        <Button ml="md" size="xs" variant="light" onClick={onRetry}>
          {t('app.retry')}
        </Button>
      )}
    </Alert>
  );
}

// The red "×" that removes one row of a list or table; labelled for screen readers and tests.
export function RemoveButton({ onRemove }: { onRemove: () => void | Promise<void> }) {
  const { t } = useI18n();
  return (
    <ActionIcon variant="subtle" color="red" aria-label={t('app.remove')} onClick={() => void onRemove()}>
      ×
    </ActionIcon>
  );
}

/** Removes something kept on the server (a weekly rule, a date price): asks first, and keeps the
 *  server's refusal on screen instead of dropping it. RemoveButton is for rows of a form being
 *  edited, which nothing has saved yet. */
export function ConfirmRemoveButton({ onRemove }: { onRemove: () => Promise<void> }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await onRemove();
      setOpened(false);
    } catch (e) {
      setError(e instanceof ApiError && e.message ? e.message : t('app.error'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popover opened={opened} onChange={setOpened} withArrow position="left" trapFocus>
      <Popover.Target>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={t('app.remove')}
          onClick={() => {
            setError(null);
            setOpened((o) => !o);
          }}
        >
          ×
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">{t('app.removeConfirm')}</Text>
          {error && (
            <Text size="sm" c="red" data-testid="remove-error">
              {error}
            </Text>
          )}
          <Group gap="xs">
            <Button size="xs" color="red" loading={busy} onClick={() => void remove()} data-testid="confirm-remove">
              {t('app.remove')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setOpened(false)}>
              {t('app.cancel')}
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** A dialog's footer: a way out (Cancel unless `cancelLabel` says otherwise), then its action,
 *  which submits the dialog's form unless `onAction` is given. */
export function DialogActions({
  onCancel,
  cancelLabel,
  label,
  onAction,
  loading,
  color,
  testId,
}: {
  onCancel: () => void;
  cancelLabel?: string;
  label: string;
  onAction?: () => void;
  loading?: boolean;
  color?: string;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {cancelLabel ?? t('app.cancel')}
      </Button>
      <Button
        type={onAction ? 'button' : 'submit'}
        color={color}
        loading={loading}
        onClick={onAction}
        data-testid={testId}
      >
        {label}
      </Button>
    </Group>
  );
}

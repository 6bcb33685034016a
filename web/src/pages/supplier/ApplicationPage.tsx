import { Alert, Button, Card, Checkbox, FileInput, Group, ScrollArea, Stack, Text, TextInput, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { onboarding } from '../../api/client';
import { ApiError } from '../../api/http';
import type { DocumentInfo } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n, type Key } from '../../i18n';
import { formatDateTime, formatLocalDate } from '../../lib/format';
import { useSession } from '../../lib/session';
import { useLoad } from '../../lib/useLoad';

const KINDS: { kind: string; label: Key; expiry?: boolean }[] = [
  { kind: 'company_registration', label: 'appl.doc.company_registration' },
  { kind: 'bank_account', label: 'appl.doc.bank_account' },
  { kind: 'liability_insurance', label: 'appl.doc.liability_insurance', expiry: true },
];
const UPLOAD_STATES = ['approved', 'documents', 'active'];

function DocumentSlot({
  kind,
  label,
  expiry,
  doc,
  enabled,
  onUploaded,
}: {
  kind: string;
  label: Key;
  expiry?: boolean;
  doc?: DocumentInfo;
  enabled: boolean;
  onUploaded: () => void;
}) {
  const { t, locale } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [expiresOn, setExpiresOn] = useState('');
  const [err, setErr] = useState<{ field?: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async () => {
    if (!file) return setErr({ field: 'file', message: t('app.required') });
    setBusy(true);
    setErr(null);
    try {
      await onboarding.uploadDocument(kind, file, expiry ? expiresOn : undefined);
      setFile(null);
      onUploaded();
    } catch (e) {
      setErr(
        e instanceof ApiError ? { field: e.field, message: e.message } : { message: t('app.error') },
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder data-testid={`doc-${kind}`}>
      <Group justify="space-between">
        <Text fw={600}>{t(label)}</Text>
        {doc && <StatusBadge status={doc.status ?? 'pending'} />}
      </Group>
      {doc && (
        <Text size="xs" c="dimmed">
          {doc.filename} ·{' '}
          {doc.uploadedAt &&
            t('appl.uploaded', { date: formatDateTime(doc.uploadedAt, 'UTC', locale) })}
          {doc.expiresOn && ` · ${t('appl.expiresOn')} ${formatLocalDate(doc.expiresOn, locale)}`}
          {doc.rejectReason && ` · ${doc.rejectReason}`}
        </Text>
      )}
      {enabled && doc?.status !== 'accepted' && (
        <Group align="end" mt="xs">
          <FileInput
            label={t('appl.file')}
            accept="application/pdf,image/jpeg,image/png"
            value={file}
            onChange={setFile}
            w={300}
            clearable
            error={err && (err.field === 'file' || !err.field) ? err.message : undefined}
            data-testid={`file-${kind}`}
          />
          {expiry && (
            <TextInput
              type="date"
              label={t('appl.expiresOn')}
              value={expiresOn}
              onChange={(e) => setExpiresOn(e.currentTarget.value)}
              error={err?.field === 'expiresOn' ? err.message : undefined}
              data-testid={`expires-${kind}`}
            />
          )}
          <Button onClick={upload} loading={busy} data-testid={`upload-${kind}`}>
            {t('appl.upload')}
          </Button>
        </Group>
      )}
      {err && err.field && err.field !== 'file' && err.field !== 'expiresOn' && (
        <Text c="red" size="sm">
          {err.message}
        </Text>
      )}
    </Card>
  );
}

export default function ApplicationPage() {
  const { t, tx, locale } = useI18n();
  const { refresh } = useSession();
  const { data, error, loading, reload } = useLoad(() => onboarding.mine(), []);
  const [accept, setAccept] = useState(false);
  const [acceptErr, setAcceptErr] = useState<string | null>(null);
  // Suppliers the platform team set up directly (the demo supplier, imports) have no application.
  const noApplication = error instanceof ApiError && error.status === 404;
  const app = data?.application;
  const enabled = !!app && UPLOAD_STATES.includes(app.status);
  const docs = data?.documents ?? [];
  const latest = (kind: string) =>
    docs.filter((d) => d.kind === kind).sort((a, b) => String(b.uploadedAt).localeCompare(String(a.uploadedAt)))[0];
  const cond = data?.conditions;
  const condAccepted =
    !!cond?.acceptedAt &&
    (cond.version === undefined ||
      cond.acceptedVersion === undefined ||
      cond.acceptedVersion === null ||
      String(cond.acceptedVersion) === String(cond.version));
  const [reply, setReply] = useState('');
  return (
    <Stack>
      <Title order={2}>{t('appl.title')}</Title>
      {noApplication && (
        <Alert color="gray" data-testid="no-application">
          {t('appl.none')}
        </Alert>
      )}
      <PageState loading={loading} error={noApplication ? undefined : error} onRetry={reload}>
        {app && (
          <>
            <Card withBorder>
              <Group>
                <Text>{t('appl.status')}:</Text>
                <span data-testid="application-status">
                  <StatusBadge status={app.status} />
                </span>
              </Group>
              {app.statusReason && (
                <Text size="sm" mt="xs">
                  {t('appl.reason')}: {app.statusReason}
                </Text>
              )}
              {app.status === 'info_requested' && (
                <Group align="end" mt="sm">
                  <TextInput
                    label={t('apply.message')}
                    value={reply}
                    onChange={(e) => setReply(e.currentTarget.value)}
                    style={{ flex: 1 }}
                  />
                  <Button
                    onClick={async () => {
                      await onboarding.reply(reply);
                      setReply('');
                      await reload();
                    }}
                  >
                    {t('app.save')}
                  </Button>
                </Group>
              )}
              {(app.history ?? []).length > 0 && (
                <Timeline mt="md" bulletSize={12}>
                  {app.history!.map((h, i) => (
                    <Timeline.Item key={i} title={h.status ? tx(`status.${h.status}`, h.status) : h.action}>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(h.at, 'UTC', locale)}
                      </Text>
                      {h.reason && <Text size="sm">{h.reason}</Text>}
                    </Timeline.Item>
                  ))}
                </Timeline>
              )}
            </Card>
            <Title order={3}>{t('appl.documents')}</Title>
            {!enabled && <Text c="dimmed">{t('appl.notYet')}</Text>}
            {KINDS.map((k) => (
              <DocumentSlot
                key={k.kind}
                {...k}
                doc={latest(k.kind)}
                enabled={enabled}
                onUploaded={() => {
                  notifications.show({ message: t('app.saved'), color: 'teal' });
                  void reload();
                }}
              />
            ))}
            {cond && (
              <Card withBorder data-testid="conditions">
                <Title order={4}>{cond.title ?? t('appl.conditions')}</Title>
                <ScrollArea h={180} my="sm" type="auto">
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {cond.text}
                  </Text>
                </ScrollArea>
                {condAccepted ? (
                  <Alert color="teal" data-testid="conditions-accepted">
                    {t('appl.acceptedAt', { date: formatDateTime(cond.acceptedAt, 'UTC', locale) })}
                  </Alert>
                ) : (
                  <Group>
                    <Checkbox
                      checked={accept}
                      onChange={(e) => setAccept(e.currentTarget.checked)}
                      label={t('appl.accept', { version: String(cond.version) })}
                      disabled={!enabled}
                      data-testid="accept-checkbox"
                    />
                    <Button
                      disabled={!accept || !enabled}
                      data-testid="accept-conditions"
                      onClick={async () => {
                        setAcceptErr(null);
                        try {
                          await onboarding.acceptConditions(cond.version ?? 0);
                          await reload();
                          await refresh();
                        } catch (e) {
                          setAcceptErr((e as Error).message);
                        }
                      }}
                    >
                      {t('appl.acceptButton')}
                    </Button>
                  </Group>
                )}
                {acceptErr && (
                  <Text c="red" size="sm">
                    {acceptErr}
                  </Text>
                )}
              </Card>
            )}
          </>
        )}
      </PageState>
    </Stack>
  );
}

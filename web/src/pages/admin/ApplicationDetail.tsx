import { Alert, Anchor, Button, Card, Group, Image, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Timeline, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { admin } from '../../api/client';
import type { DocumentInfo } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n, type Key } from '../../i18n';
import { applyServerError } from '../../lib/forms';
import { formatDateTime, formatLocalDate } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { APPLICATION_STATUSES } from './Applications';

function DocumentView({
  applicationId,
  doc,
  onChanged,
}: {
  applicationId: string;
  doc: DocumentInfo;
  onChanged: () => void;
}) {
  const { t, locale } = useI18n();
  const [reason, setReason] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const url = admin.documentUrl(applicationId, doc.kind);
  const review = async (status: 'accepted' | 'rejected') => {
    setErr(null);
    try {
      await admin.reviewDocument(applicationId, doc.kind, status, reason);
      onChanged();
    } catch (e) {
      setErr((e as Error).message);
    }
  };
  return (
    <Card withBorder data-testid={`admin-doc-${doc.kind}`}>
      <Group justify="space-between">
        <Text fw={600}>{t(`appl.doc.${doc.kind}` as Key)}</Text>
        <StatusBadge status={doc.status ?? 'pending'} />
      </Group>
      <Text size="xs" c="dimmed">
        <Anchor href={url} target="_blank">
          {doc.filename}
        </Anchor>{' '}
        · {doc.contentType} {doc.expiresOn && `· ${t('appl.expiresOn')} ${formatLocalDate(doc.expiresOn, locale)}`}
        {doc.uploadedAt && ` · ${formatDateTime(doc.uploadedAt, 'UTC', locale)}`}
      </Text>
      {doc.contentType?.startsWith('image/') ? (
        <Image src={url} alt={doc.filename} mah={260} fit="contain" mt="xs" />
      ) : (
        <iframe title={doc.filename ?? doc.kind} src={url} style={{ width: '100%', height: 260, border: 0 }} />
      )}
      <Group align="end" mt="xs">
        <TextInput
          label={t('appl.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button color="teal" onClick={() => review('accepted')} data-testid={`accept-doc-${doc.kind}`}>
          {t('admin.accept')}
        </Button>
        <Button color="red" variant="light" onClick={() => review('rejected')}>
          {t('admin.reject')}
        </Button>
      </Group>
      {err && <Text c="red" size="sm">{err}</Text>}
    </Card>
  );
}

export default function ApplicationDetail() {
  const { id = '' } = useParams();
  const { t, tx, locale } = useI18n();
  const { data, error, loading, reload } = useLoad(() => admin.application(id), [id]);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { status: '', reason: '' } });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    if (!v.status) return form.setFieldError('status', t('app.required'));
    try {
      await admin.setApplicationStatus(id, v.status, v.reason);
      form.setValues({ status: '', reason: '' });
      notifications.show({ message: t('app.saved'), color: 'teal' });
      await reload();
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  const a = data?.application;
  const field = (k: Key, v: unknown) =>
    v ? (
      <Text size="sm">
        <b>{t(k)}:</b> {Array.isArray(v) ? v.join(', ') : String(v)}
      </Text>
    ) : null;
  return (
    <Stack>
      <Anchor component={Link} to="/admin/applications" size="sm">
        ← {t('admin.applications')}
      </Anchor>
      <PageState loading={loading} error={error} onRetry={reload}>
        {a && (
          <>
            <Group>
              <Title order={2}>{a.companyName}</Title>
              <span data-testid="admin-application-status">
                <StatusBadge status={a.status} />
              </span>
            </Group>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder>
                {field('apply.contactName', a.contactName)}
                {field('apply.email', a.email)}
                {field('apply.phone', a.phone)}
                {field('apply.destinations', a.destinations)}
                {field('apply.activityKinds', a.activityKinds)}
                {field('apply.website', a.website)}
                {field('apply.message', a.message)}
              </Card>
              <Card withBorder>
                <Title order={4} mb="sm">
                  {t('admin.changeStatus')}
                </Title>
                <form onSubmit={submit} noValidate>
                  <Stack gap="xs">
                    {formError && <Alert color="red">{formError}</Alert>}
                    <Select
                      label={t('admin.newStatus')}
                      data={(
                        a.nextStatuses ?? APPLICATION_STATUSES.filter((s) => s !== a.status)
                      ).map((s) => ({
                        value: s,
                        label: t(`status.${s}` as Key),
                      }))}
                      data-testid="new-status"
                      {...form.getInputProps('status')}
                    />
                    <Textarea label={t('admin.reason')} autosize minRows={2} {...form.getInputProps('reason')} />
                    <Button type="submit" data-testid="apply-status">
                      {t('admin.apply')}
                    </Button>
                  </Stack>
                </form>
                <Timeline mt="md" bulletSize={12}>
                  {(a.history ?? []).map((h, i) => (
                    <Timeline.Item key={i} title={h.status ? tx(`status.${h.status}`, h.status) : h.action}>
                      <Text size="xs" c="dimmed">
                        {formatDateTime(h.at, 'UTC', locale)} {h.by && `· ${h.by}`}
                      </Text>
                      {h.reason && <Text size="sm">{h.reason}</Text>}
                    </Timeline.Item>
                  ))}
                </Timeline>
              </Card>
            </SimpleGrid>
            <Title order={3}>{t('appl.documents')}</Title>
            {(data?.documents ?? []).length === 0 && <Text c="dimmed">{t('app.none')}</Text>}
            <SimpleGrid cols={{ base: 1, lg: 3 }}>
              {(data?.documents ?? []).map((d) => (
                <DocumentView key={d.id} applicationId={id} doc={d} onChanged={reload} />
              ))}
            </SimpleGrid>
          </>
        )}
      </PageState>
    </Stack>
  );
}

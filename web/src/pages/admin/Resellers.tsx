import {
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { admin } from '../../api/client';
import { ApiError } from '../../api/http';
import type { Contract, ContractTerms, Instant, Reseller, Supplier } from '../../api/types';
import { PageState, StatusBadge } from '../../components/common';
import { useI18n } from '../../i18n';
import { applyServerError } from '../../lib/forms';
import { formatNumber } from '../../lib/format';
import { useLoad } from '../../lib/useLoad';
import { ApiKeysTable } from './ApiKeysTable';

/** An error of the key/contract row: under the input the server names, else above the row. */
interface RowErrors {
  name?: string;
  supplierId?: string;
  other?: string;
}
function rowErrors(e: unknown, fallback: string): RowErrors {
  if (e instanceof ApiError) {
    if (e.field === 'name' || e.field === 'supplierId') return { [e.field]: e.message };
    return { other: e.field ? `${e.field}: ${e.message}` : e.message || fallback };
  }
  return { other: fallback };
}

/** Buttons beside labelled inputs in a top-aligned row: down by one label line, so they stay
 *  level with the inputs when an error under an input makes the row taller. */
const LABEL_OFFSET = {
  marginTop: 'calc(var(--mantine-font-size-sm) * var(--mantine-line-height))',
};

/** Contract dates are instants; shown as dates in the browser's zone (the operator's desk). */
function dateOf(i: Instant | undefined, locale: string): string {
  if (i === undefined || i === '') return '—';
  const d = new Date(i);
  if (Number.isNaN(d.getTime())) return String(i);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d);
}

function ContractsTable({
  reseller,
  contracts,
  suppliers,
  onEnd,
  onReconnect,
  onEdit,
}: {
  reseller: Reseller;
  contracts: Contract[];
  suppliers: Map<string, Supplier>;
  onEnd: (k: Contract) => void;
  onReconnect: (k: Contract) => void;
  onEdit: (k: Contract) => void;
}) {
  const { t, locale } = useI18n();
  if (contracts.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="no-contracts">
        {t('admin.noContracts')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table data-testid={`contracts-${reseller.name}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('admin.supplier')}</Table.Th>
            <Table.Th>{t('admin.contractCommission')}</Table.Th>
            <Table.Th>{t('admin.products')}</Table.Th>
            <Table.Th>{t('admin.filterStatus')}</Table.Th>
            <Table.Th>{t('admin.contractSince')}</Table.Th>
            <Table.Th>{t('admin.contractEnded')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {contracts.map((k) => {
            const s = suppliers.get(k.supplierId);
            return (
              <Table.Tr key={k.supplierId} data-testid={`contract-${k.supplierName}`}>
                <Table.Td>{k.supplierName}</Table.Td>
                <Table.Td data-testid="contract-commission">
                  {k.commissionBp === undefined || k.commissionBp === null
                    ? t('admin.contractNetPrices')
                    : `${formatNumber(k.commissionBp / 100, locale)} %`}
                </Table.Td>
                <Table.Td data-testid="contract-products">
                  {k.allProducts === false
                    ? t('admin.contractSelected', { count: (k.productIds ?? []).length })
                    : s?.productCount === undefined
                      ? t('admin.contractAllProducts')
                      : t('admin.contractProducts', { count: s.productCount })}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={k.active ? 'active' : 'ended'} />
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{dateOf(k.createdAt, locale)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {k.active ? '—' : dateOf(k.updatedAt, locale)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Button
                    size="xs"
                    variant="subtle"
                    mr="xs"
                    data-testid="edit-contract-terms"
                    onClick={() => onEdit(k)}
                  >
                    {t('admin.editTerms')}
                  </Button>
                  {k.active ? (
                    <Button
                      size="xs"
                      color="red"
                      variant="light"
                      data-testid="end-contract"
                      onClick={() => onEnd(k)}
                    >
                      {t('admin.endContract')}
                    </Button>
                  ) : (
                    <Button
                      size="xs"
                      variant="subtle"
                      data-testid="reconnect-contract"
                      onClick={() => onReconnect(k)}
                    >
                      {t('admin.reconnect')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Errors of the terms dialog: under the input the server's field names, else above. */
interface TermsErrors {
  commission?: string;
  products?: string;
  all?: string;
  other?: string;
}
function termsErrors(e: unknown, fallback: string): TermsErrors {
  if (e instanceof ApiError) {
    const f = e.field ?? '';
    if (f === 'commissionBp') return { commission: e.message };
    // productIds, or productIds[i] for one id of the list.
    if (f === 'productIds' || f.startsWith('productIds[')) return { products: e.message };
    if (f === 'allProducts') return { all: e.message };
    return { other: f ? `${f}: ${e.message}` : e.message || fallback };
  }
  return { other: fallback };
}

/** The contract's own terms: the reseller's commission and which products it may sell. What the
 *  operator typed stays in the dialog when the server refuses it. */
function ContractTermsDialog({
  reseller,
  contract,
  onClose,
  onSaved,
}: {
  reseller: Reseller;
  contract: Contract;
  onClose: () => void;
  onSaved: () => Promise<void> | void;
}) {
  const { t } = useI18n();
  const [commission, setCommission] = useState<number | string>(
    contract.commissionBp === undefined || contract.commissionBp === null
      ? ''
      : contract.commissionBp / 100,
  );
  const [all, setAll] = useState(contract.allProducts !== false);
  const [selected, setSelected] = useState<string[]>(contract.productIds ?? []);
  const [errs, setErrs] = useState<TermsErrors>({});
  const [saving, setSaving] = useState(false);
  const products = useLoad(() => admin.supplierProducts(contract.supplierId), [contract.supplierId]);
  const known = new Set((products.data?.items ?? []).map((p) => p.id));
  const data = [
    ...(products.data?.items ?? []).map((p) => ({
      value: p.id,
      label: p.internalName || p.title || p.id,
    })),
    // Selected ids the list does not hold (not loaded, or no longer the supplier's) stay visible.
    ...selected.filter((id) => !known.has(id)).map((id) => ({ value: id, label: id })),
  ];

  const save = async () => {
    setErrs({});
    const terms: ContractTerms = {
      commissionBp:
        commission === '' || commission === null ? null : Math.round(Number(commission) * 100),
      allProducts: all,
    };
    if (!all) terms.productIds = selected;
    setSaving(true);
    try {
      await admin.updateContract(reseller.id, contract.supplierId, terms);
      await onSaved();
    } catch (e) {
      setErrs(termsErrors(e, t('app.error')));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack data-testid="contract-terms">
      {errs.other && (
        <Alert color="red" data-testid="terms-error">
          {errs.other}
        </Alert>
      )}
      <NumberInput
        label={t('admin.resellerCommission')}
        description={t('admin.resellerCommissionHint')}
        min={0}
        max={100}
        decimalScale={2}
        allowNegative={false}
        value={commission}
        onChange={setCommission}
        error={errs.commission}
        data-testid="terms-commission"
      />
      <Switch
        label={t('admin.contractAllProducts')}
        checked={all}
        onChange={(e) => setAll(e.currentTarget.checked)}
        error={errs.all}
        data-testid="terms-all-products"
      />
      {products.error !== undefined && (
        <Text size="xs" c="red">
          {t('admin.contractProductsError')}
        </Text>
      )}
      <MultiSelect
        label={t('admin.contractProductsLabel')}
        placeholder={selected.length ? undefined : t('admin.contractProductsPlaceholder')}
        data={data}
        value={selected}
        onChange={setSelected}
        searchable
        clearable
        disabled={all}
        error={errs.products}
        data-testid="terms-products"
      />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('app.cancel')}
        </Button>
        <Button loading={saving} onClick={save} data-testid="save-contract-terms">
          {t('app.save')}
        </Button>
      </Group>
    </Stack>
  );
}

function ResellerCard({
  r,
  suppliers,
  onChanged,
}: {
  r: Reseller;
  suppliers: Supplier[];
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [shown, setShown] = useState<string | null>(null);
  const [keyName, setKeyName] = useState('');
  const [supplierId, setSupplierId] = useState<string | null>(null);
  const [errs, setErrs] = useState<RowErrors>({});
  const [busy, setBusy] = useState(false);
  const [ending, setEnding] = useState<Contract | null>(null);
  const [endError, setEndError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Contract | null>(null);
  const contracts = useLoad(() => admin.contracts(r.id), [r.id]);
  const byId = new Map(suppliers.map((s) => [s.id, s]));
  const options = suppliers.map((s) => ({ value: s.id, label: s.name }));

  const connect = async (id: string) => {
    setErrs({});
    setBusy(true);
    try {
      await admin.addContract(r.id, id);
      await contracts.reload();
    } catch (e) {
      setErrs(rowErrors(e, t('app.error')));
    } finally {
      setBusy(false);
    }
  };
  const endContract = async () => {
    if (!ending) return;
    setEndError(null);
    setBusy(true);
    try {
      await admin.endContract(r.id, ending.supplierId);
      setEnding(null);
      await contracts.reload();
    } catch (e) {
      setEndError(e instanceof ApiError && e.message ? e.message : t('app.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder data-testid={`reseller-${r.name}`}>
      <Group justify="space-between">
        <Title order={4}>{r.name}</Title>
        <Group>
          <Text size="sm" c="dimmed">
            {r.email}
          </Text>
          <StatusBadge status={r.status} />
        </Group>
      </Group>
      {shown && (
        <Alert color="yellow" mt="sm" data-testid="key-shown">
          <Text size="sm">{t('admin.keyShown')}</Text>
          <Group>
            <Code data-testid="api-key" fz="sm">
              {shown}
            </Code>
            <CopyButton value={shown}>
              {({ copied, copy }) => (
                <Button size="xs" variant="light" onClick={copy}>
                  {copied ? '✓' : 'Copy'}
                </Button>
              )}
            </CopyButton>
          </Group>
        </Alert>
      )}
      <Title order={5} mt="sm">
        {t('admin.keys')}
      </Title>
      <ApiKeysTable
        reseller={r}
        onChanged={onChanged}
        supplierNames={new Map(options.map((o) => [o.value, o.label]))}
      />
      <Title order={5} mt="md">
        {t('admin.contracts')}
      </Title>
      <Text size="xs" c="dimmed" mb={4}>
        {t('admin.contractTermsHint')}
      </Text>
      <PageState loading={contracts.loading} error={contracts.error} onRetry={contracts.reload}>
        <ContractsTable
          reseller={r}
          contracts={contracts.data?.items ?? []}
          suppliers={byId}
          onEnd={(k) => {
            setEndError(null);
            setEnding(k);
          }}
          onReconnect={(k) => void connect(k.supplierId)}
          onEdit={setEditing}
        />
      </PageState>
      {errs.other && (
        <Alert color="red" mt="sm" data-testid="row-error">
          {errs.other}
        </Alert>
      )}
      <Group align="flex-start" mt="sm">
        <TextInput
          label={t('admin.keyName')}
          value={keyName}
          onChange={(e) => setKeyName(e.currentTarget.value)}
          error={errs.name}
        />
        <Select
          label={t('admin.supplier')}
          placeholder={t('app.all')}
          clearable
          searchable
          data={options}
          value={supplierId}
          onChange={setSupplierId}
          error={errs.supplierId}
          data-testid="key-supplier"
        />
        <Button
          style={LABEL_OFFSET}
          data-testid="create-key"
          onClick={async () => {
            setErrs({});
            try {
              const res = await admin.createKey(r.id, keyName || 'octo', supplierId ?? undefined);
              setShown(res.token);
              setKeyName('');
              onChanged();
            } catch (e) {
              setErrs(rowErrors(e, t('app.error')));
            }
          }}
        >
          {t('admin.newKey')}
        </Button>
        <Button
          style={LABEL_OFFSET}
          variant="light"
          disabled={!supplierId}
          loading={busy && !ending}
          data-testid="connect-supplier"
          onClick={() => supplierId && void connect(supplierId)}
        >
          {t('admin.connect')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {t('admin.supplierHint')}
      </Text>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing
            ? t('admin.contractTermsTitle', { reseller: r.name, supplier: editing.supplierName })
            : ''
        }
        size="lg"
        data-testid="contract-terms-dialog"
      >
        {editing && (
          <ContractTermsDialog
            key={editing.supplierId}
            reseller={r}
            contract={editing}
            onClose={() => setEditing(null)}
            onSaved={async () => {
              setEditing(null);
              await contracts.reload();
            }}
          />
        )}
      </Modal>
      <Modal
        opened={ending !== null}
        onClose={() => setEnding(null)}
        title={t('admin.endContract')}
        data-testid="end-contract-dialog"
      >
        {ending && (
          <Stack>
            <Text size="sm">
              {t('admin.endContractConfirm', { reseller: r.name, supplier: ending.supplierName })}
            </Text>
            {endError && (
              <Alert color="red" data-testid="end-contract-error">
                {endError}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setEnding(null)}>
                {t('app.cancel')}
              </Button>
              <Button
                color="red"
                loading={busy}
                data-testid="confirm-end-contract"
                onClick={endContract}
              >
                {t('admin.endContract')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Card>
  );
}

export default function Resellers() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useLoad(() => admin.resellers(), []);
  const sup = useLoad(() => admin.suppliers({}), []);
  const suppliers = sup.data?.items ?? [];
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', email: '' } });
  const submit = form.onSubmit(async (v) => {
    setFormError(null);
    try {
      await admin.createReseller(v.name, v.email);
      form.reset();
      await reload();
    } catch (e) {
      setFormError(applyServerError(form, e, t('app.error')));
    }
  });
  return (
    <Stack>
      <Title order={2}>{t('admin.resellers')}</Title>
      <Card withBorder>
        <form onSubmit={submit} noValidate>
          {formError && <Alert color="red">{formError}</Alert>}
          <Group align="end">
            <TextInput label={t('account.name')} name="name" {...form.getInputProps('name')} />
            <TextInput label={t('apply.email')} name="email" {...form.getInputProps('email')} />
            <Button type="submit">{t('admin.newReseller')}</Button>
          </Group>
        </form>
      </Card>
      <PageState loading={loading} error={error} onRetry={reload}>
        {(data?.items ?? []).map((r) => (
          <ResellerCard key={r.id} r={r} suppliers={suppliers} onChanged={reload} />
        ))}
      </PageState>
    </Stack>
  );
}

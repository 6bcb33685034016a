// Typed calls to the /api/v1 JSON API. One function per endpoint the screens use; paths and shapes
// follow docs/api/web-needs.md / docs/api/extranet.md.
import { request, buildUrl, getRequestLocale } from './http';
import type * as T from './types';

const V1 = '/api/v1';

export const auth = {
  me: () => request<T.Me>(`${V1}/me`, { quiet401: true }),
  login: (email: string, password: string) =>
    request<{ user: T.User }>(`${V1}/auth/login`, {
      method: 'POST',
      body: { email, password },
      quiet401: true,
    }),
  logout: () => request<void>(`${V1}/auth/logout`, { method: 'POST', quiet401: true }),
  forgot: (email: string) =>
    request<void>(`${V1}/auth/forgot`, { method: 'POST', body: { email } }),
  reset: (token: string, newPassword: string) =>
    request<void>(`${V1}/auth/reset`, { method: 'POST', body: { token, newPassword } }),
  acceptInvitation: (token: string, name: string, password: string) =>
    request<unknown>(`${V1}/invitations/accept`, {
      method: 'POST',
      body: { token, name, password },
    }),
  updateMe: (patch: { locale?: string; name?: string }) =>
    request<{ user: T.User }>(`${V1}/me`, { method: 'PATCH', body: patch }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>(`${V1}/me/password`, {
      method: 'POST',
      body: { currentPassword, newPassword },
    }),
};

export const onboarding = {
  apply: (input: T.ApplicationInput) =>
    request<{ application: T.Application }>(`${V1}/applications`, {
      method: 'POST',
      body: input,
    }),
  mine: () => request<T.ApplicationView>(`${V1}/my/application`),
  /** Raw body upload; the server sniffs the type from the bytes. */
  uploadDocument: (kind: string, file: File, expiresOn?: string) =>
    request<{ document: T.DocumentInfo }>(`${V1}/my/application/documents/${enc(kind)}`, {
      method: 'POST',
      body: file,
      query: { filename: file.name, expiresOn },
    }),
  acceptConditions: (version: string | number) =>
    request<T.ApplicationView>(`${V1}/my/conditions/accept`, {
      method: 'POST',
      body: { version: Number(version) },
    }),
  reply: (message: string) =>
    request<T.ApplicationView>(`${V1}/my/application/reply`, { method: 'POST', body: { message } }),
};

export const staff = {
  list: () => request<T.Paged<T.StaffUser>>(`${V1}/organisation/users`),
  invitations: () => request<T.Paged<T.Invitation>>(`${V1}/organisation/invitations`),
  invite: (email: string, name: string, role: string) =>
    request<{ invitation: T.StaffUser }>(`${V1}/organisation/invitations`, {
      method: 'POST',
      body: { email, name, role },
    }),
  cancelInvitation: (id: string) =>
    request<void>(`${V1}/organisation/invitations/${enc(id)}`, { method: 'DELETE' }),
};

export const extranet = {
  dashboard: (days = 30) =>
    request<T.Dashboard>(`${V1}/extranet/dashboard`, { query: { days } }),
  bookings: (f: T.BookingFilters) =>
    request<T.Paged<T.BookingRow>>(`${V1}/extranet/bookings`, { query: { ...f } }),
  bookingsCsvUrl: (f: T.BookingFilters) =>
    // A plain link (the browser sends its own Accept-Language): `lang` names the app's language.
    buildUrl(`${V1}/extranet/bookings.csv`, {
      ...f,
      page: undefined,
      pageSize: undefined,
      lang: getRequestLocale() ?? undefined,
    }),
  booking: (id: string) =>
    request<{ booking: T.BookingDetail }>(`${V1}/extranet/bookings/${enc(id)}`),
  /** The supplier records a sale of its own (phone, walk-in): confirmed at once on the one
   *  inventory. `uuid` makes a resend answer the same booking. */
  createBooking: (sale: {
    uuid: string;
    productId: string;
    optionId: string;
    departureId: string;
    units: Record<string, number>;
    extras?: Record<string, number>;
    pickupPointId?: string;
    firstName?: string;
    lastName?: string;
    email?: string;
    phone?: string;
    notes?: string;
  }) =>
    request<{ booking: T.BookingDetail }>(`${V1}/extranet/bookings`, { method: 'POST', body: sale }),
  /** The supplier moves the booking to another departure of the same product. */
  moveBooking: (id: string, departureId: string) =>
    request<{ booking: T.BookingDetail }>(`${V1}/extranet/bookings/${enc(id)}/move`, {
      method: 'POST',
      body: { departureId },
    }),
  /** The supplier corrects the traveller's contact; fields left out keep their value. */
  updateContact: (
    id: string,
    contact: { firstName?: string; lastName?: string; email?: string; phone?: string },
  ) =>
    request<{ booking: T.BookingDetail }>(`${V1}/extranet/bookings/${enc(id)}/contact`, {
      method: 'POST',
      body: contact,
    }),
  /** The supplier changes the pickup: a point, a hotel of the traveller's, or none (all empty). */
  changePickup: (id: string, pickup: { pickupPointId: string; hotel: string; room: string }) =>
    request<{ booking: T.BookingDetail }>(`${V1}/extranet/bookings/${enc(id)}/pickup`, {
      method: 'POST',
      body: pickup,
    }),
  /** The supplier checks the travellers in (REDEEMED), or undoes it. */
  checkIn: (id: string, checkedIn: boolean) =>
    request<{ booking: T.BookingDetail }>(`${V1}/extranet/bookings/${enc(id)}/check-in`, {
      method: 'POST',
      body: { checkedIn },
    }),
  /** The traveller's confirmation again, to the contact's address (at most once a minute). */
  resendConfirmation: (id: string) =>
    request<{ booking: T.BookingDetail }>(`${V1}/extranet/bookings/${enc(id)}/resend-confirmation`, {
      method: 'POST',
    }),
  /** The supplier calls the booking off: full refund, seats back on sale, emails sent. */
  cancelBooking: (id: string, reason: string) =>
    request<{ booking: T.BookingDetail }>(`${V1}/extranet/bookings/${enc(id)}/cancel`, {
      method: 'POST',
      body: { reason },
    }),
  products: () => request<T.Paged<T.ProductSummary>>(`${V1}/extranet/products`),
  product: (id: string) => request<unwrapProduct>(`${V1}/extranet/products/${enc(id)}`),
  patchProduct: (id: string, patch: Partial<T.Product>) =>
    request<unwrapProduct>(`${V1}/extranet/products/${enc(id)}`, {
      method: 'PATCH',
      body: patch,
    }),
  calendar: (productId: string, from: string, to: string, optionId?: string) =>
    request<T.CalendarView>(`${V1}/extranet/calendar`, {
      query: { productId, optionId, from, to },
    }),
  setClosed: (b: {
    productId: string;
    optionId?: string;
    date: string;
    to?: string;
    localTime?: string;
    departureId?: string;
    closed: boolean;
  }) => request<{ days?: T.CalendarDay[] }>(`${V1}/extranet/calendar/closures`, { method: 'POST', body: b }),
  setQuota: (b: {
    productId: string;
    optionId?: string;
    date: string;
    to?: string;
    localTime?: string;
    departureId?: string;
    capacity: number | null;
  }) => request<{ days?: T.CalendarDay[] }>(`${V1}/extranet/calendar/quotas`, { method: 'POST', body: b }),
  addDeparture: (b: {
    productId: string;
    optionId?: string;
    date: string;
    localTime: string;
    capacity: number;
  }) =>
    request<{ departure: T.Departure }>(`${V1}/extranet/calendar/departures`, {
      method: 'POST',
      body: b,
    }),
  rules: (productId: string) =>
    request<T.Paged<T.WeeklyRule>>(`${V1}/extranet/products/${enc(productId)}/rules`),
  saveRule: (productId: string, rule: T.WeeklyRule) =>
    rule.id
      ? request<{ rule: T.WeeklyRule }>(
          `${V1}/extranet/products/${enc(productId)}/rules/${enc(rule.id)}`,
          { method: 'PUT', body: rule },
        )
      : request<{ rule: T.WeeklyRule }>(`${V1}/extranet/products/${enc(productId)}/rules`, {
          method: 'POST',
          body: rule,
        }),
  deleteRule: (productId: string, ruleId: string) =>
    request<void>(`${V1}/extranet/products/${enc(productId)}/rules/${enc(ruleId)}`, {
      method: 'DELETE',
    }),
  prices: (productId: string) =>
    request<T.Paged<T.PriceOverride>>(`${V1}/extranet/products/${enc(productId)}/prices`),
  addPrice: (productId: string, p: T.PriceOverride) =>
    request<{ price: T.PriceOverride }>(`${V1}/extranet/products/${enc(productId)}/prices`, {
      method: 'POST',
      body: p,
    }),
  deletePrice: (productId: string, priceId: string) =>
    request<void>(`${V1}/extranet/products/${enc(productId)}/prices/${enc(priceId)}`, {
      method: 'DELETE',
    }),
  daySheet: (date: string, productId?: string) =>
    request<T.DaySheet>(`${V1}/extranet/daysheet`, { query: { date, productId } }),
};

export const admin = {
  audit: (q: { action?: string; organisationId?: string; limit?: number; before?: string }) =>
    request<{ items: T.AuditRecord[] }>(`${V1}/admin/audit`, { query: q }),
  applications: (q: { status?: string; q?: string; page?: number }) =>
    request<T.Paged<T.Application>>(`${V1}/admin/applications`, { query: q }),
  application: (id: string) =>
    request<T.ApplicationView>(`${V1}/admin/applications/${enc(id)}`),
  setApplicationStatus: (id: string, status: string, reason: string) =>
    request<{ application: T.Application }>(`${V1}/admin/applications/${enc(id)}/status`, {
      method: 'POST',
      body: { status, reason },
    }),
  documentUrl: (applicationId: string, kind: string) =>
    `${V1}/admin/applications/${enc(applicationId)}/documents/${enc(kind)}/content`,
  reviewDocument: (
    applicationId: string,
    kind: string,
    status: 'accepted' | 'rejected',
    reason: string,
  ) =>
    request<{ document: T.DocumentInfo }>(
      `${V1}/admin/applications/${enc(applicationId)}/documents/${enc(kind)}/review`,
      { method: 'POST', body: { status, reason } },
    ),
  suppliers: (q: { q?: string; status?: string }) =>
    request<T.Paged<T.Supplier>>(`${V1}/admin/suppliers`, { query: q }),
  supplier: (id: string) =>
    request<{ supplier: T.Supplier; users?: T.StaffUser[] }>(`${V1}/admin/suppliers/${enc(id)}`),
  patchSupplier: (id: string, patch: Partial<T.Supplier>) =>
    request<{ supplier: T.Supplier }>(`${V1}/admin/suppliers/${enc(id)}`, {
      method: 'PATCH',
      body: patch,
    }),
  supplierProducts: (id: string) =>
    request<T.Paged<T.ProductSummary>>(`${V1}/admin/suppliers/${enc(id)}/products`),
  createProduct: (supplierId: string, p: T.Product) =>
    request<unwrapProduct>(`${V1}/admin/suppliers/${enc(supplierId)}/products`, {
      method: 'POST',
      body: p,
    }),
  product: (id: string) => request<unwrapProduct>(`${V1}/admin/products/${enc(id)}`),
  updateProduct: (id: string, p: T.Product) =>
    request<unwrapProduct>(`${V1}/admin/products/${enc(id)}`, { method: 'PUT', body: p }),
  uploadPhoto: (productId: string, file: File) =>
    request<{ photo: T.Photo }>(`${V1}/admin/products/${enc(productId)}/photos`, {
      method: 'POST',
      body: file,
    }),
  resellers: () => request<T.Paged<T.Reseller>>(`${V1}/admin/resellers`),
  createReseller: (name: string, email: string) =>
    request<{ reseller: T.Reseller }>(`${V1}/admin/resellers`, {
      method: 'POST',
      body: { name, email },
    }),
  createKey: (resellerId: string, name: string, supplierId?: string, scopes = ['octo']) =>
    request<{ key: T.ApiKey; token: string }>(`${V1}/admin/resellers/${enc(resellerId)}/keys`, {
      method: 'POST',
      body: { name, scopes, supplierId: supplierId || undefined },
    }),
  addContract: (resellerId: string, supplierId: string) =>
    request<{ contract: T.Contract }>(`${V1}/admin/resellers/${enc(resellerId)}/contracts`, {
      method: 'POST',
      body: { supplierId },
    }),
  contracts: (resellerId: string) =>
    request<T.Paged<T.Contract>>(`${V1}/admin/resellers/${enc(resellerId)}/contracts`),
  updateContract: (resellerId: string, supplierId: string, terms: T.ContractTerms) =>
    request<{ contract: T.Contract }>(
      `${V1}/admin/resellers/${enc(resellerId)}/contracts/${enc(supplierId)}`,
      { method: 'PATCH', body: terms },
    ),
  endContract: (resellerId: string, supplierId: string) =>
    request<void>(
      `${V1}/admin/resellers/${enc(resellerId)}/contracts/${enc(supplierId)}`,
      { method: 'DELETE' },
    ),
  revokeKey: (resellerId: string, keyId: string) =>
    request<void>(`${V1}/admin/resellers/${enc(resellerId)}/keys/${enc(keyId)}/revoke`, {
      method: 'POST',
    }),
};

/** Product endpoints answer `{product}`; some servers answer the bare product. */
type unwrapProduct = { product: T.Product } | T.Product;
export function productOf(r: unwrapProduct): T.Product {
  return 'product' in r && r.product ? r.product : (r as T.Product);
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

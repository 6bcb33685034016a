// Shapes of the /api/v1 JSON the app uses (docs/api/web-needs.md, docs/api/extranet.md).
export type Locale = 'en' | 'es' | 'fr';
/** An instant: ISO-8601 string or epoch milliseconds. */
export type Instant = string | number;

export interface Paged<T> {
  items: T[];
  total?: number;
  page?: number;
  pageSize?: number;
}

export type Role = 'platform_admin' | 'platform_staff' | 'supplier_owner' | 'supplier_staff' | string;

export interface User {
  id: string;
  email: string;
  name?: string;
  locale?: string;
  roles?: Role[];
  role?: Role;
}
export interface Organisation {
  id: string;
  kind: 'platform' | 'supplier' | 'reseller' | 'partner' | string;
  name: string;
  status?: string;
  currency?: string;
  timezone?: string;
}
export interface Me {
  user: User;
  organisation?: Organisation | null;
}

export interface ApplicationInput {
  companyName: string;
  contactName: string;
  email: string;
  phone: string;
  password: string;
  destinations: string;
  activityKinds: string;
  website: string;
  message: string;
  locale: string;
}
export interface HistoryEntry {
  at: Instant;
  status?: string;
  action?: string;
  reason?: string;
  by?: string;
  actor?: string;
  channel?: string;
  detail?: string;
  /** The values `detail` quotes (seats, local date and time, refund...), for other languages. */
  params?: Record<string, string>;
}
export interface Application {
  id: string;
  status: string;
  statusReason?: string;
  /** Back office only: the statuses staff may move it to from here. */
  nextStatuses?: string[];
  companyName?: string;
  contactName?: string;
  email?: string;
  phone?: string;
  destinations?: string | string[];
  activityKinds?: string | string[];
  website?: string;
  message?: string;
  submittedAt?: Instant;
  updatedAt?: Instant;
  history?: HistoryEntry[];
}
export interface DocumentInfo {
  id: string;
  kind: string;
  filename?: string;
  contentType?: string;
  size?: number;
  status?: string;
  expiresOn?: string;
  uploadedAt?: Instant;
  rejectReason?: string;
}
export interface Conditions {
  version?: string | number;
  title?: string;
  text?: string;
  acceptedVersion?: number | string | null;
  acceptedAt?: Instant | null;
}
export interface ApplicationView {
  application: Application;
  documents?: DocumentInfo[];
  conditions?: Conditions;
}

export interface Invitation {
  id: string;
  email: string;
  name?: string;
  role: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired' | string;
  createdAt?: Instant;
  expiresAt?: Instant;
}

export interface StaffUser {
  id: string;
  email: string;
  name?: string;
  role: string;
  status?: string;
  lastLoginAt?: Instant | null;
}

export interface Supplier {
  id: string;
  name: string;
  status: string;
  currency: string;
  timezone?: string;
  commissionBp?: number;
  email?: string;
  productCount?: number;
  createdAt?: Instant;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes?: string[] | string;
  supplierId?: string;
  createdAt?: Instant;
  lastUsedAt?: Instant | null;
  revokedAt?: Instant | null;
}
/** A reseller's contract with a supplier: its keys see the supplier's active products (all, or
 *  the selected ones) at the contract's net prices (docs/api/accounts.md, Contracts). */
export interface Contract {
  resellerId: string;
  resellerName?: string;
  supplierId: string;
  supplierName: string;
  active: boolean;
  /** The reseller's commission on retail in basis points; null: the products' own net prices. */
  commissionBp?: number | null;
  allProducts?: boolean;
  productIds?: string[];
  createdAt: Instant;
  updatedAt: Instant;
}
/** PATCH /admin/resellers/{id}/contracts/{supplierId}: each term optional. */
export interface ContractTerms {
  commissionBp?: number | null;
  allProducts?: boolean;
  productIds?: string[];
}
export interface Reseller {
  id: string;
  name: string;
  status?: string;
  email?: string;
  createdAt?: Instant;
  keys?: ApiKey[];
}

export interface LocalText {
  title: string;
  shortDescription: string;
  description: string;
}
export interface Unit {
  /** Every language of the name ({locale: text}); `name` is the English (or any) one. */
  names?: Partial<Record<Locale, string>>;
  id?: string;
  type: string;
  name?: string;
  minAge?: number | null;
  maxAge?: number | null;
  minQuantity?: number | null;
  maxQuantity?: number | null;
  paxCount?: number;
  retail: number;
  net: number;
}
export interface ProductOption {
  /** Every language of the name ({locale: text}); `name` is the English (or any) one. */
  names?: Partial<Record<Locale, string>>;
  id?: string;
  name: string;
  default?: boolean;
  pricePer?: 'UNIT' | 'BOOKING';
  /** The option picks travellers up at the product's pickup points. */
  pickupAvailable?: boolean;
  units: Unit[];
  /** BOOKING pricing: one price for the whole booking (private tours), minor units. */
  bookingPrice?: { retail: number; net?: number } | null;
}
export interface PickupPoint {
  id?: string;
  name: string;
  address: string;
  minutesBeforeStart: number;
  /** Directions per language ({locale: text}); the name is one plain string in the API. */
  directions?: Partial<Record<Locale, string>>;
}
export interface Extra {
  id?: string;
  /** Plain name (the server fills English from it); `names` holds every language. */
  name?: string;
  names?: Partial<Record<Locale, string>>;
  descriptions?: Partial<Record<Locale, string>>;
  retail: number;
  net: number;
  maxQuantity: number;
}
export interface Question {
  id?: string;
  label: string;
  labels?: Partial<Record<Locale, string>>;
  kind: 'text' | 'select' | 'date' | 'number';
  perParticipant: boolean;
  required: boolean;
  choices?: string[];
}
export interface Photo {
  id: string;
  url: string;
  thumbUrl?: string;
}
/** OPENING_HOURS products: open [open, close) on the weekdays (1 = Monday .. 7) within
 *  [from, to]; several entries give several intervals a day. dailyCapacity null = free sale. */
export interface OpeningHours {
  weekdays: number[];
  open: string;
  close: string;
  from: string;
  to?: string | null;
  dailyCapacity?: number | null;
}
export interface Product {
  id?: string;
  supplierId?: string;
  internalName: string;
  status?: string;
  texts: Partial<Record<Locale, LocalText>>;
  city: string;
  country: string;
  category: string;
  durationMinutes: number;
  timeZone: string;
  currency: string;
  availabilityType: 'START_TIME' | 'OPENING_HOURS';
  cutoffMinutes: number;
  horizonDays: number;
  /** OPENING_HOURS products; absent in a write = leave them as they are. */
  openingHours?: OpeningHours[];
  cancellation: { freeUntilHours: number; feePercent: number };
  meetingPoint?: {
    address: string;
    latitude?: number | null;
    longitude?: number | null;
    instructions?: string | Record<string, string>;
  } | null;
  pickupPoints: PickupPoint[];
  photos?: Photo[];
  options: ProductOption[];
  extras: Extra[];
  questions: Question[];
  // Present in extranet lists
  title?: string;
}
export interface ProductSummary {
  id: string;
  title?: string;
  internalName?: string;
  status?: string;
  availabilityType?: string;
  timeZone: string;
  currency: string;
  options?: { id: string; name: string }[];
}

export type AvailabilityStatus = 'AVAILABLE' | 'LIMITED' | 'SOLD_OUT' | 'CLOSED' | 'FREESALE';

export interface Departure {
  id?: string;
  productId?: string;
  productTitle?: string;
  optionId?: string;
  optionName?: string;
  timeZone?: string;
  localDate?: string;
  localTime?: string;
  /** Calendar: what the clocks read at the start; differs from localTime only in a DST gap. */
  wallClockTime?: string;
  startAt?: Instant;
  booked: number;
  capacity: number | null;
  status: AvailabilityStatus | string;
  closed?: boolean;
  oneOff?: boolean;
  capacityOverride?: number | null;
  unitCounts?: Record<string, number>;
  /** Dashboard: every option of the product with the units sold under it (seats are shared). */
  options?: { optionId: string; optionName: string; unitCounts?: Record<string, number> }[];
  /** Dashboard: OPENING_HOURS days come as a 00:00 slot with the day's intervals here. */
  availabilityType?: 'START_TIME' | 'OPENING_HOURS';
  openingHours?: { from: string; to: string }[];
}
export interface CalendarDay {
  date: string;
  status: AvailabilityStatus | string;
  closed?: boolean;
  capacity?: number | null;
  booked?: number;
  departures: Departure[];
}
export interface CalendarView {
  timeZone: string;
  /** OPENING_HOURS: one whole-day entry per day (stored at 00:00), not departures. */
  availabilityType?: 'START_TIME' | 'OPENING_HOURS';
  days: CalendarDay[];
}
export interface WeeklyRule {
  id?: string;
  optionId?: string;
  weekdays: number[];
  times: string[];
  from: string;
  to?: string | null;
  capacity: number;
}
export interface PriceOverride {
  id?: string;
  optionId?: string;
  unitId?: string;
  from: string;
  to: string;
  retail: number;
  net: number;
}

export interface Money {
  amount: number;
  currency: string;
}
export interface BookingRow {
  id: string;
  supplierReference: string;
  resellerReference?: string;
  status: string;
  channel?: string;
  productId?: string;
  productTitle?: string;
  optionId?: string;
  optionName?: string;
  localDate?: string;
  localTime?: string;
  /** An OPENING_HOURS admission: valid the whole day, so no time is shown. */
  allDay?: boolean;
  timeZone?: string;
  startAt?: Instant;
  contactName?: string;
  contactEmail?: string;
  pax?: number;
  total?: Money;
  createdAt?: Instant;
}
export interface BookingDetail extends BookingRow {
  contact?: {
    fullName?: string;
    firstName?: string;
    lastName?: string;
    email?: string;
    phone?: string;
    locale?: string;
    country?: string;
    notes?: string;
  };
  items?: { unitType?: string; unitName?: string; quantity: number; retail?: number; total?: number }[];
  extras?: { name: string; quantity: number; total?: number }[];
  answers?: { question: string; answer: string; participant?: number | null }[];
  pickup?: { id?: string; name: string; address?: string; localTime?: string } | null;
  /** The traveller's hotel to be picked up at (OCTO pickupHotel). */
  pickupHotel?: { name: string; room: string } | null;
  /** The departure it holds seats on (an OCTO availability id). */
  departureId?: string;
  /** The booking's own notes (OCTO `notes`), apart from the contact's. */
  notes?: string;
  cancellation?: { refund: string; refundAmount: Money; reason: string } | null;
  history?: HistoryEntry[];
}
export interface BookingFilters {
  q?: string;
  productId?: string;
  from?: string;
  to?: string;
  status?: string;
  channel?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface Dashboard {
  currency: string;
  series: { date: string; bookings: number; revenue: number }[];
  today: Departure[];
  upcoming: Departure[];
}

export interface DaySheetBooking {
  id: string;
  supplierReference: string;
  status?: string;
  contactName?: string;
  phone?: string;
  pickup?: { name: string; localTime?: string } | null;
  /** A hotel to collect the traveller from (OCTO pickupHotel), with the room. */
  pickupHotel?: { name: string; room: string } | null;
  /** The booking's own option (seats are shared by a product's options). */
  optionId?: string;
  optionName?: string;
  units?: Record<string, number>;
  extras?: { name: string; quantity: number }[];
  answers?: { question: string; answer: string }[];
  notes?: string;
}
export interface DaySheetDeparture {
  productTitle: string;
  /** Set only when exactly one option was booked on the departure. */
  optionName?: string;
  /** The options the sheet's bookings were sold under, with their units. */
  options?: { optionId: string; optionName: string; unitTotals?: Record<string, number> }[];
  localTime: string;
  /** An OPENING_HOURS admission day rather than a departure at localTime. */
  allDay?: boolean;
  timeZone?: string;
  booked: number;
  capacity?: number | null;
  unitTotals?: Record<string, number>;
  bookings: DaySheetBooking[];
}
export interface DaySheet {
  date: string;
  departures: DaySheetDeparture[];
}

/** One line of the operator's audit log (GET /api/v1/admin/audit). */
export interface AuditRecord {
  id: string;
  at: Instant;
  actorUserId?: string;
  actorEmail?: string;
  organisationId?: string;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  detail?: string;
}

// Routes. Every screen is its own lazy chunk so the login screen loads only React, the router,
// the part of Mantine it uses and this file (budget: 300 KB of compressed JS; see
// scripts/bundle-sizes.mjs).
import { MantineProvider, createTheme, Center, Loader } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { lazy, Suspense, useCallback, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { auth } from './api/client';
import type { Locale } from './api/types';
import { I18nProvider, isLocale, useI18n } from './i18n';
import { homePath, SessionProvider, useSession } from './lib/session';

const Login = lazy(() => import('./pages/Login'));
const Forgot = lazy(() => import('./pages/Forgot'));
const Reset = lazy(() => import('./pages/Reset'));
const Apply = lazy(() => import('./pages/Apply'));
const AcceptInvitation = lazy(() => import('./pages/AcceptInvitation'));
const Shell = lazy(() => import('./components/Shell'));
const Dashboard = lazy(() => import('./pages/supplier/Dashboard'));
const Bookings = lazy(() => import('./pages/supplier/Bookings'));
const BookingDetail = lazy(() => import('./pages/supplier/BookingDetail'));
const Calendar = lazy(() => import('./pages/supplier/Calendar'));
const DaySheet = lazy(() => import('./pages/supplier/DaySheet'));
const Products = lazy(() => import('./pages/supplier/Products'));
const ProductView = lazy(() => import('./pages/supplier/ProductView'));
const ApplicationPage = lazy(() => import('./pages/supplier/ApplicationPage'));
const Account = lazy(() => import('./pages/Account'));
const AdminApplications = lazy(() => import('./pages/admin/Applications'));
const AdminApplication = lazy(() => import('./pages/admin/ApplicationDetail'));
const AdminSuppliers = lazy(() => import('./pages/admin/Suppliers'));
const AdminSupplier = lazy(() => import('./pages/admin/SupplierDetail'));
const ProductForm = lazy(() => import('./pages/admin/ProductForm'));
const Resellers = lazy(() => import('./pages/admin/Resellers'));
const AuditLog = lazy(() => import('./pages/admin/AuditLog'));

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'md' });

function Spinner() {
  return (
    <Center h="60vh">
      <Loader />
    </Center>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { me, loading } = useSession();
  const location = useLocation();
  if (loading) return <Spinner />;
  if (!me) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  return <>{children}</>;
}

function Home() {
  const { me, loading } = useSession();
  if (loading) return <Spinner />;
  return <Navigate to={homePath(me)} replace />;
}

/** Adopts the signed-in user's stored language once /me answers. */
function LocaleFromUser() {
  const { me } = useSession();
  const { locale, setLocale } = useI18n();
  const userLocale = me?.user.locale;
  useEffect(() => {
    if (isLocale(userLocale) && userLocale !== locale) setLocale(userLocale);
    // Only when the user changes, not when the picker does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me?.user.id, userLocale]);
  return null;
}

function Providers({ children }: { children: ReactNode }) {
  const { me, setMe } = useSession();
  const onLocale = useCallback(
    (l: Locale) => {
      if (!me) return;
      setMe({ ...me, user: { ...me.user, locale: l } });
      auth.updateMe({ locale: l }).catch(() => {
        /* remembered in localStorage anyway */
      });
    },
    [me, setMe],
  );
  return (
    <I18nProvider onChange={onLocale}>
      <LocaleFromUser />
      {children}
    </I18nProvider>
  );
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Spinner />}>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/login" element={<Login />} />
        <Route path="/forgot" element={<Forgot />} />
        <Route path="/reset" element={<Reset />} />
        {/* Paths the server's emails link to. */}
        <Route path="/reset-password" element={<Reset />} />
        <Route path="/accept-invitation" element={<AcceptInvitation />} />
        <Route path="/my/application" element={<Navigate to="/supplier/application" replace />} />
        <Route path="/apply" element={<Apply />} />
        <Route
          element={
            <RequireAuth>
              <Shell />
            </RequireAuth>
          }
        >
          <Route path="/supplier" element={<Dashboard />} />
          <Route path="/supplier/bookings" element={<Bookings />} />
          <Route path="/supplier/bookings/:id" element={<BookingDetail />} />
          <Route path="/supplier/calendar" element={<Calendar />} />
          <Route path="/supplier/daysheet" element={<DaySheet />} />
          <Route path="/supplier/products" element={<Products />} />
          <Route path="/supplier/products/:id" element={<ProductView />} />
          <Route path="/supplier/application" element={<ApplicationPage />} />
          <Route path="/supplier/account" element={<Account />} />
          <Route path="/admin/applications" element={<AdminApplications />} />
          <Route path="/admin/applications/:id" element={<AdminApplication />} />
          <Route path="/admin/suppliers" element={<AdminSuppliers />} />
          <Route path="/admin/suppliers/:id" element={<AdminSupplier />} />
          <Route path="/admin/suppliers/:supplierId/products/new" element={<ProductForm />} />
          <Route path="/admin/products/:id" element={<ProductForm />} />
          <Route path="/admin/resellers" element={<Resellers />} />
          <Route path="/admin/audit" element={<AuditLog />} />
          <Route path="/admin/account" element={<Account />} />
        </Route>
        <Route path="*" element={<Home />} />
      </Routes>
    </Suspense>
  );
}

export default function App() {
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" autoClose={2500} />
      <SessionProvider>
        <Providers>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </Providers>
      </SessionProvider>
    </MantineProvider>
  );
}

import { AppShell, Burger, Group, NavLink, Text, Button, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useI18n, type Key } from '../i18n';
import { isPlatform, rolesOf, useSession } from '../lib/session';
import { LanguagePicker } from './common';
import { Center, Loader } from '@mantine/core';

const SUPPLIER_NAV: [string, Key][] = [
  ['/supplier', 'nav.dashboard'],
  ['/supplier/bookings', 'nav.bookings'],
  ['/supplier/calendar', 'nav.calendar'],
  ['/supplier/daysheet', 'nav.daysheet'],
  ['/supplier/products', 'nav.products'],
  ['/supplier/application', 'nav.application'],
  ['/supplier/account', 'nav.account'],
];
const ADMIN_NAV: [string, Key][] = [
  ['/admin/applications', 'nav.applications'],
  ['/admin/suppliers', 'nav.suppliers'],
  ['/admin/resellers', 'nav.resellers'],
  ['/admin/account', 'nav.account'],
];
// Platform admins only (the server refuses staff too).
const AUDIT_NAV: [string, Key] = ['/admin/audit', 'nav.audit'];

export default function Shell() {
  const [opened, { toggle, close }] = useDisclosure();
  const { me, logout } = useSession();
  const { t } = useI18n();
  const nav = isPlatform(me)
    ? rolesOf(me).includes('platform_admin')
      ? [...ADMIN_NAV.slice(0, -1), AUDIT_NAV, ...ADMIN_NAV.slice(-1)]
      : ADMIN_NAV
    : SUPPLIER_NAV;
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
      className="paseo-shell"
    >
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between">
          <Group>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" />
            <Text fw={700} size="lg" c="teal.7">
              Paseo
            </Text>
            <Text size="sm" c="dimmed" data-testid="org-name">
              {me?.organisation?.name}
            </Text>
          </Group>
          <Group>
            <Text size="sm" visibleFrom="sm">
              {me?.user.email}
            </Text>
            <LanguagePicker />
            <Button
              size="xs"
              variant="subtle"
              onClick={async () => {
                await logout();
                navigate('/login');
              }}
            >
              {t('app.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" className="no-print">
        <ScrollArea>
          {nav.map(([to, key]) => (
            <NavLink
              key={to}
              component={RouterLink}
              to={to}
              end={to === '/supplier'}
              label={t(key)}
              onClick={close}
              active={
                to === '/supplier' ? location.pathname === to : location.pathname.startsWith(to)
              }
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center py="xl">
              <Loader />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

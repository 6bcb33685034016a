// The operator's audit log against a stubbed API: what it asks for and what it shows.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAt, stubApi } from '../../test/render';
import AuditLog from './AuditLog';

afterEach(() => vi.unstubAllGlobals());
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'x' } } };

const entry = (n: number) => ({
  id: `a${n}`,
  at: `2026-12-01T10:${String(59 - (n % 60)).padStart(2, '0')}:00Z`,
  actorEmail: n === 0 ? '' : 'admin@paseo.local',
  action: n === 0 ? 'application.status_changed' : 'auth.login',
  targetType: 'application',
  targetId: `app-${n}`,
  ip: '127.0.0.1',
  detail: `detail ${n}`,
});

describe('Audit log', () => {
  it('lists entries newest first, filters by action and pages back with `before`', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/audit': (url) => {
        const q = new URL(url, 'http://x').searchParams;
        if (q.get('before')) return { status: 200, body: { items: [entry(100)] } };
        if (q.get('action') === 'auth.login') return { status: 200, body: { items: [entry(1)] } };
        return { status: 200, body: { items: Array.from({ length: 100 }, (_, i) => entry(i)) } };
      },
    });
    renderAt('/a', '/a', <AuditLog />, 'es');
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(100));
    expect(screen.getAllByTestId('audit-row')[0]).toHaveTextContent('application.status_changed');
    expect(screen.getAllByTestId('audit-row')[0]).toHaveTextContent('sistema'); // no actor
    const u = userEvent.setup({ delay: null });
    await u.click(screen.getByTestId('audit-older'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(101));
    const older = calls.find((c) => c.url.includes('before='))!;
    expect(decodeURIComponent(older.url)).toContain('before=2026-12-01T10:20:00Z'); // the last shown
    await u.type(screen.getByTestId('audit-action'), 'auth.login');
    await u.click(screen.getByRole('button', { name: 'Filtrar' }));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(1));
    expect(calls.some((c) => c.url.includes('action=auth.login'))).toBe(true);
  });
});

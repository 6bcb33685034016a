// The signed-in user (GET /api/v1/me), shared by every screen. A 401 from any call clears it and
// the router sends the user to /login (keeping where they were in ?next=).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { auth } from '../api/client';
import { ApiError, onUnauthenticated } from '../api/http';
import type { Me } from '../api/types';

interface SessionValue {
  me: Me | null;
  loading: boolean;
  refresh: () => Promise<Me | null>;
  setMe: (me: Me | null) => void;
  logout: () => Promise<void>;
}
const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const refresh = useCallback(async () => {
    try {
      const m = await auth.me();
      setMe(m);
      return m;
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) console.warn('GET /me failed', e);
      setMe(null);
      return null;
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
    return onUnauthenticated(() => setMe(null));
  }, [refresh]);
  const logout = useCallback(async () => {
    try {
      await auth.logout();
    } finally {
      setMe(null);
    }
  }, []);
  return (
    <SessionContext.Provider value={{ me, loading, refresh, setMe, logout }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

export function rolesOf(me: Me | null): string[] {
  if (!me) return [];
  const r = me.user.roles ?? (me.user.role ? [me.user.role] : []);
  return r;
}
export function isPlatform(me: Me | null): boolean {
  return (
    me?.organisation?.kind === 'platform' ||
    rolesOf(me).some((r) => r === 'platform_admin' || r === 'platform_staff')
  );
}
export function homePath(me: Me | null): string {
  if (!me) return '/login';
  if (isPlatform(me)) return '/admin/applications';
  const status = me.organisation?.status;
  if (status && status !== 'active') return '/supplier/application';
  return '/supplier';
}

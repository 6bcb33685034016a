// Forms: server field errors land under the right input, the message is the server's, and what the
// user typed stays in the form.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAt, stubApi } from '../test/render';
import Apply from './Apply';
import Login from './Login';
import ProductFormPage from './admin/ProductForm';

const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'no session' } } };

afterEach(() => vi.unstubAllGlobals());

describe('Apply form', () => {
  it('shows the server error under the email field and keeps every typed value', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'POST /api/v1/applications': () => ({
        status: 400,
        body: { error: { code: 'CONFLICT', message: 'this email already has an account', field: 'email' } },
      }),
    });
    renderAt('/apply', '/apply', <Apply />);
    const u = userEvent.setup({ delay: null });
    await u.type(screen.getByLabelText(/Company name/), 'Tapas Tours SL');
    await u.type(screen.getByLabelText(/Contact person/), 'Ana García');
    await u.type(screen.getByLabelText(/^Email/), 'ana@example.com');
    await u.type(screen.getByLabelText(/Password for your account/), 'correct horse battery');
    await u.type(screen.getByLabelText(/Destinations/), 'Madrid, Toledo');
    await u.type(screen.getByLabelText(/Kind of activities/), 'Walking tours');
    await u.type(screen.getByLabelText(/Message/), 'Hola!');
    await u.click(screen.getByRole('button', { name: 'Send the application' }));

    const email = screen.getByLabelText(/^Email/);
    await waitFor(() => expect(email).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('this email already has an account')).toBeInTheDocument();
    expect(email).toHaveValue('ana@example.com');
    expect(screen.getByLabelText(/Company name/)).toHaveValue('Tapas Tours SL');
    expect(screen.getByLabelText(/Password for your account/)).toHaveValue('correct horse battery');
    expect(screen.getByLabelText(/Message/)).toHaveValue('Hola!');
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({
      companyName: 'Tapas Tours SL',
      email: 'ana@example.com',
      destinations: 'Madrid, Toledo',
      locale: 'en',
    });
  });

  it('shows an error without a field above the form', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'POST /api/v1/applications': () => ({
        status: 429,
        body: { error: { code: 'RATE_LIMITED', message: 'too many applications, try later' } },
      }),
    });
    renderAt('/apply', '/apply', <Apply />, 'es');
    const u = userEvent.setup({ delay: null });
    await u.type(screen.getByLabelText(/Nombre de la empresa/), 'X');
    await u.type(screen.getByLabelText(/Persona de contacto/), 'Ana');
    await u.type(screen.getByLabelText(/^Correo/), 'ana@example.com');
    await u.type(screen.getByLabelText(/Contraseña/), 'correct horse battery');
    await u.type(screen.getByLabelText(/Destinos/), 'Madrid');
    await u.type(screen.getByLabelText(/Tipo de actividades/), 'Rutas a pie');
    await u.click(screen.getByRole('button', { name: 'Enviar la solicitud' }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('too many applications');
    expect(screen.getByLabelText(/Nombre de la empresa/)).toHaveValue('X');
  });

  it('flags every missing field at once, in the reader language, before sending anything', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'POST /api/v1/applications': () => ({ status: 201, body: { application: { id: 'a1' } } }),
    });
    renderAt('/apply', '/apply', <Apply />, 'es');
    const u = userEvent.setup({ delay: null });
    await u.click(screen.getByRole('button', { name: 'Enviar la solicitud' }));
    await waitFor(() =>
      expect(screen.getByLabelText(/Nombre de la empresa/)).toHaveAttribute('aria-invalid', 'true'),
    );
    expect(screen.getByLabelText(/Persona de contacto/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/^Correo/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Destinos/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Tipo de actividades/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getAllByText('Obligatorio').length).toBeGreaterThanOrEqual(4);
    expect(screen.getByText('Al menos 10 caracteres')).toBeInTheDocument();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    // Filled in, with a website typed the way people do: it goes out as a full URL.
    await u.type(screen.getByLabelText(/Nombre de la empresa/), 'Tapas Tours SL');
    await u.type(screen.getByLabelText(/Persona de contacto/), 'Ana García');
    await u.type(screen.getByLabelText(/^Correo/), 'ana@example.com');
    await u.type(screen.getByLabelText(/Contraseña/), 'correct horse battery');
    await u.type(screen.getByLabelText(/Destinos/), 'Madrid');
    await u.type(screen.getByLabelText(/Tipo de actividades/), 'Rutas a pie');
    await u.type(screen.getByLabelText(/Sitio web|Web/), 'www.tapas.es');
    await u.click(screen.getByRole('button', { name: 'Enviar la solicitud' }));
    await screen.findByTestId('apply-done');
    expect(calls.find((c) => c.method === 'POST')!.body).toMatchObject({
      website: 'https://www.tapas.es',
    });
  });
});

describe('Login form', () => {
  it('keeps the email and shows the server message on wrong credentials', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'POST /api/v1/auth/login': () => ({
        status: 401,
        body: { error: { code: 'UNAUTHENTICATED', message: 'wrong email or password' } },
      }),
    });
    renderAt('/login', '/login', <Login />);
    const u = userEvent.setup({ delay: null });
    await u.type(screen.getByLabelText(/^Email/), 'ana@example.com');
    await u.type(screen.getByLabelText(/^Password/), 'nope');
    await u.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('wrong email or password');
    expect(screen.getByLabelText(/^Email/)).toHaveValue('ana@example.com');
  });

  it('goes to the supplier home after signing in', async () => {
    let signedIn = false;
    stubApi({
      'GET /api/v1/me': () =>
        signedIn
          ? {
              status: 200,
              body: {
                user: { id: 'u1', email: 'a@b.c', roles: ['supplier_owner'], locale: 'en' },
                organisation: { id: 'o1', kind: 'supplier', name: 'T', status: 'active' },
              },
            }
          : unauth,
      'POST /api/v1/auth/login': () => {
        signedIn = true;
        return { status: 200, body: { user: { id: 'u1', email: 'a@b.c' } } };
      },
    });
    renderAt('/login', '/login', <Login />);
    const u = userEvent.setup({ delay: null });
    await u.type(screen.getByLabelText(/^Email/), 'a@b.c');
    await u.type(screen.getByLabelText(/^Password/), 'pw');
    await u.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByTestId('elsewhere')).toBeInTheDocument();
  });
});

describe('Product loading form', () => {
  it('puts a nested server error under options.0.units.0.retail and sends minor units', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/suppliers/s1': () => ({
        status: 200,
        body: { supplier: { id: 's1', name: 'Tapas', status: 'active', currency: 'EUR', timezone: 'Europe/Madrid' } },
      }),
      'POST /api/v1/admin/suppliers/s1/products': () => ({
        status: 400,
        body: {
          error: {
            code: 'INVALID_ARGUMENT',
            message: 'net price must not exceed retail',
            field: 'options.0.units.0.net',
          },
        },
      }),
    });
    renderAt('/admin/suppliers/s1/products/new', '/admin/suppliers/:supplierId/products/new', <ProductFormPage />);
    const u = userEvent.setup({ delay: null });
    const name = await screen.findByLabelText(/Internal name/);
    await u.type(name, 'Madrid walking tour');
    await u.type(screen.getByRole('textbox', { name: 'Retail price' }), '45,50');
    await u.type(screen.getByRole('textbox', { name: 'Net price' }), '50');
    await u.click(screen.getByRole('button', { name: 'Create product' }));

    const net = screen.getByRole('textbox', { name: 'Net price' });
    await waitFor(() => expect(net).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('net price must not exceed retail')).toBeInTheDocument();
    expect(net).toHaveValue('50');
    expect(screen.getByLabelText(/Internal name/)).toHaveValue('Madrid walking tour');
    const post = calls.find((c) => c.method === 'POST')!;
    const body = post.body as { options: { units: { retail: number; net: number }[] }[]; timeZone: string; currency: string };
    expect(body.options[0].units[0]).toMatchObject({ retail: 4550, net: 5000 });
    expect(body.timeZone).toBe('Europe/Madrid');
    expect(body.currency).toBe('EUR');
  });

  it('refuses a malformed price locally without losing input', async () => {
    const calls = stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/admin/suppliers/s1': () => ({
        status: 200,
        body: { supplier: { id: 's1', name: 'Tapas', status: 'active', currency: 'EUR' } },
      }),
    });
    renderAt('/admin/suppliers/s1/products/new', '/admin/suppliers/:supplierId/products/new', <ProductFormPage />);
    const u = userEvent.setup({ delay: null });
    await u.type(await screen.findByRole('textbox', { name: 'Retail price' }), '12.345');
    await u.click(screen.getByRole('button', { name: 'Create product' }));
    expect(await screen.findByTestId('form-error')).toHaveTextContent('Some fields need attention.');
    expect(screen.getByRole('textbox', { name: 'Retail price' })).toHaveValue('12.345');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });
});

// Application page of a supplier the platform set up directly (no application on file): a plain
// explanation instead of an error.
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAt, stubApi } from '../../test/render';
import ApplicationPage from './ApplicationPage';

afterEach(() => vi.unstubAllGlobals());
const unauth = { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'no session' } } };

describe('Supplier application page', () => {
  it('explains that there is no application instead of showing an error', async () => {
    stubApi({
      'GET /api/v1/me': () => unauth,
      'GET /api/v1/my/application': () => ({
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: 'Not found' } },
      }),
    });
    renderAt('/supplier/application', '/supplier/application', <ApplicationPage />);
    expect(await screen.findByTestId('no-application')).toHaveTextContent('No application on file');
    expect(screen.queryByText('Not found')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /retry/i })).not.toBeInTheDocument();
  });
});

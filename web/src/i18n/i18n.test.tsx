import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, beforeEach } from 'vitest';
import { LanguagePicker } from '../components/common';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { I18nProvider, translate, useI18n } from './index';

function Hello() {
  const { t } = useI18n();
  return <h1>{t('login.title')}</h1>;
}

describe('i18n', () => {
  beforeEach(() => localStorage.clear());

  it('every language has every key with the same placeholders', () => {
    const ph = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(',');
    for (const dict of [es, fr]) {
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const k of Object.keys(en) as (keyof typeof en)[]) {
        expect(ph(dict[k]), k).toBe(ph(en[k]));
        expect(dict[k].length, k).toBeGreaterThan(0);
      }
    }
  });

  it('sets <html lang> from the first render, not only when the picker is used', () => {
    document.documentElement.lang = 'en';
    render(
      <MantineProvider env="test">
        <I18nProvider initial="fr">
          <Hello />
        </I18nProvider>
      </MantineProvider>,
    );
    expect(document.documentElement.lang).toBe('fr');
  });

  it('fills placeholders', () => {
    expect(translate('es', 'app.page', { page: 2, pages: 5 })).toBe('Página 2 de 5');
    expect(translate('fr', 'booking.title', { ref: 'K7M4QX' })).toBe('Réservation K7M4QX');
  });

  it('switches language from the picker and remembers it', async () => {
    const changes: string[] = [];
    render(
      <MantineProvider env="test">
        <I18nProvider initial="en" onChange={(l) => changes.push(l)}>
          <Hello />
          <LanguagePicker />
        </I18nProvider>
      </MantineProvider>,
    );
    expect(screen.getByRole('heading')).toHaveTextContent('Sign in to Paseo');
    await userEvent.click(screen.getByRole('combobox', { name: 'Language' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Español' }));
    expect(screen.getByRole('heading')).toHaveTextContent('Inicia sesión en Paseo');
    expect(localStorage.getItem('paseo.locale')).toBe('es');
    expect(changes).toEqual(['es']);
    await userEvent.click(screen.getByRole('combobox', { name: 'Idioma' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Français' }));
    expect(screen.getByRole('heading')).toHaveTextContent('Connexion à Paseo');
  });
});

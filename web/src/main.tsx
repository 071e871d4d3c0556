import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from './i18n/i18n';
import { SessionProvider } from './session';
import { Shell } from './shell';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <Shell />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);

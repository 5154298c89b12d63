import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider, type Theme } from '@mui/material/styles';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiStatusBanner } from './ApiStatusBanner';

/** Renders a front-end into #root with its theme and the "service unreachable" banner. */
export function mount(theme: Theme, app: ReactNode): void {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <ApiStatusBanner />
        {app}
      </ThemeProvider>
    </StrictMode>,
  );
}

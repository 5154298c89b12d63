import { createTheme, type Theme } from '@mui/material/styles';

const palette = {
  primary: { main: '#0a4da2', contrastText: '#ffffff' },
  secondary: { main: '#b4232a', contrastText: '#ffffff' },
  success: { main: '#1b6e3a', contrastText: '#ffffff' },
  warning: { main: '#8a4b00', contrastText: '#ffffff' },
  error: { main: '#b3261e', contrastText: '#ffffff' },
  text: { primary: '#111827', secondary: '#374151' },
  background: { default: '#f3f4f6', paper: '#ffffff' },
};

/**
 * The mirror: 1080x1920 portrait on a 2 m panel (about 1 mm per pixel), read from about 1 m and
 * used by touch. No text under 24 px (about 7 mm capitals), touch targets at least 80 px high,
 * contrast at least 4.5:1 (all palette colours on white are over 7:1).
 */
export const kioskTheme: Theme = createTheme({
  palette,
  shape: { borderRadius: 16 },
  typography: {
    htmlFontSize: 16,
    fontSize: 28 * (14 / 16),
    fontFamily: 'system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    h1: { fontSize: 72, fontWeight: 800, lineHeight: 1.1 },
    h2: { fontSize: 56, fontWeight: 800, lineHeight: 1.15 },
    h3: { fontSize: 44, fontWeight: 700 },
    h4: { fontSize: 36, fontWeight: 700 },
    h5: { fontSize: 32, fontWeight: 700 },
    h6: { fontSize: 28, fontWeight: 700 },
    body1: { fontSize: 28 },
    body2: { fontSize: 24 },
    caption: { fontSize: 24 },
    button: { fontSize: 28, fontWeight: 700, textTransform: 'none' },
    subtitle1: { fontSize: 28 },
    subtitle2: { fontSize: 24 },
    overline: { fontSize: 24 },
  },
  components: {
    MuiButton: { styleOverrides: { root: { minHeight: 80, paddingLeft: 32, paddingRight: 32, borderRadius: 40 } } },
    MuiIconButton: { styleOverrides: { root: { minWidth: 80, minHeight: 80 } } },
    MuiToggleButton: { styleOverrides: { root: { minHeight: 80, minWidth: 80, fontSize: 28, fontWeight: 700 } } },
    MuiChip: { styleOverrides: { root: { fontSize: 24, height: 48, borderRadius: 24 }, label: { paddingLeft: 16, paddingRight: 16 } } },
    MuiInputBase: { styleOverrides: { root: { fontSize: 32 }, input: { minHeight: 48 } } },
    MuiInputLabel: { styleOverrides: { root: { fontSize: 28 } } },
    MuiFormHelperText: { styleOverrides: { root: { fontSize: 24 } } },
    MuiLinearProgress: { styleOverrides: { root: { height: 12, borderRadius: 6 } } },
    MuiAlert: { styleOverrides: { root: { fontSize: 28, alignItems: 'center' }, icon: { fontSize: 40 } } },
    MuiTooltip: { styleOverrides: { tooltip: { fontSize: 24 } } },
  },
});

/** The console and the phone: ordinary screens at arm's length (no text under 14 px on the phone, targets 44 px). */
export const deskTheme: Theme = createTheme({
  palette,
  shape: { borderRadius: 10 },
  typography: {
    fontFamily: 'system-ui, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    button: { textTransform: 'none', fontWeight: 600 },
    overline: { fontSize: 14 },
  },
  components: {
    MuiButton: { styleOverrides: { root: { minHeight: 44 } } },
    MuiChip: { styleOverrides: { root: { fontSize: 14 } } },
    // Pointer targets at least 24 px (WCAG 2.5.8).
    MuiSlider: { styleOverrides: { thumb: { width: 24, height: 24 } } },
  },
});

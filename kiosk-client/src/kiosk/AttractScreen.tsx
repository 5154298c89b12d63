import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

/** What the mirror shows while nobody uses it: one big invitation to start. */
export function AttractScreen(props: { storeName: string; starting: boolean; onStart: () => void }) {
  return (
    <Stack
      data-testid="attract-screen"
      spacing={6}
     
     
      sx={{ alignItems: 'center', justifyContent: 'center', flexGrow: 1, minHeight: '100vh', p: 6, textAlign: 'center', background: 'linear-gradient(180deg, #0a2f66 0%, #0a4da2 100%)', color: '#fff' }}
    >
      <Typography variant="h6" sx={{ opacity: 0.9 }}>
        {props.storeName}
      </Typography>
      <Typography variant="h1">Try it on — without the changing room</Typography>
      <Typography variant="h5" sx={{ maxWidth: 820, opacity: 0.95 }}>
        A 10-second scan gives your sizes. Then see yourself in anything from the store, and send your picks to your phone.
      </Typography>
      <Box>
        <Button
          variant="contained"
          color="secondary"
          size="large"
          onClick={props.onStart}
          disabled={props.starting}
          data-testid="attract-start"
          sx={{ fontSize: 40, minHeight: 120, px: 8, borderRadius: 60 }}
        >
          {props.starting ? <CircularProgress color="inherit" size={48} aria-label="Starting" /> : 'Tap to start'}
        </Button>
      </Box>
      <Typography variant="body2" sx={{ maxWidth: 760, opacity: 0.9 }}>
        No photo is stored. Your scan is deleted when you finish, unless you are a member and choose to keep it.
      </Typography>
    </Stack>
  );
}

import AppBar from '@mui/material/AppBar';
import Button from '@mui/material/Button';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import { describeError, request } from '../shared/api';
import { DevSignIn } from '../shared/DevSignIn';
import { loadToken, saveToken } from '../shared/stored-token';

const StaffViewerQuery = graphql(`
  query StaffViewer {
    viewer {
      __typename
      ... on StaffViewer {
        staff {
          displayName
          role
        }
      }
    }
  }
`);

/** The merchandiser console. */
export function MerchApp() {
  const [token, setToken] = useState(() => loadToken('merch'));
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    request(StaffViewerQuery, {}, token)
      .then((d) => {
        if (d.viewer.__typename !== 'StaffViewer') throw new Error('This account is not a staff account');
        setName(d.viewer.staff.displayName);
      })
      .catch((e) => {
        setError(describeError(e));
        saveToken('merch', null);
        setToken(null);
      });
  }, [token]);

  if (!token)
    return (
      <>
        {error && <Typography color="error" sx={{ p: 2 }}>{error}</Typography>}
        <DevSignIn role="staff" title="Mirrorfit console" onSignedIn={(t) => { saveToken('merch', t); setToken(t); }} />
      </>
    );
  return (
    <AppBar position="static">
      <Toolbar>
        <Typography variant="h6" sx={{ flexGrow: 1 }}>Mirrorfit console</Typography>
        <Typography sx={{ mr: 2 }}>{name}</Typography>
        <Button color="inherit" onClick={() => { saveToken('merch', null); setToken(null); }}>Sign out</Button>
      </Toolbar>
    </AppBar>
  );
}

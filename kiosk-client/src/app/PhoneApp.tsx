import AppBar from '@mui/material/AppBar';
import Button from '@mui/material/Button';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import { describeError, request } from '../shared/api';
import { DevSignIn } from '../shared/DevSignIn';
import { loadToken, saveToken } from '../shared/stored-token';

const MemberViewerQuery = graphql(`
  query MemberViewer {
    viewer {
      __typename
      ... on CustomerViewer {
        customer {
          id
          displayName
        }
      }
    }
  }
`);

/** The stand-in for the customer's mobile app. */
export function PhoneApp() {
  const [token, setToken] = useState(() => loadToken('app'));
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!token) return;
    request(MemberViewerQuery, {}, token)
      .then((d) => {
        if (d.viewer.__typename !== 'CustomerViewer') throw new Error('This account is not a member account');
        setName(d.viewer.customer.displayName);
      })
      .catch((e) => {
        setError(describeError(e));
        saveToken('app', null);
        setToken(null);
      });
  }, [token]);

  if (!token)
    return (
      <>
        {error && <Typography color="error" sx={{ p: 2 }}>{error}</Typography>}
        <DevSignIn role="customer" title="Sign in to Mirrorfit" onSignedIn={(t) => { saveToken('app', t); setToken(t); }} />
      </>
    );
  return (
    <AppBar position="static">
      <Toolbar>
        <Typography variant="h6" sx={{ flexGrow: 1 }}>Hi {name}</Typography>
        <Button color="inherit" onClick={() => { saveToken('app', null); setToken(null); }}>Sign out</Button>
      </Toolbar>
    </AppBar>
  );
}

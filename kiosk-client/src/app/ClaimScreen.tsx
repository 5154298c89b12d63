import { useEffect } from 'react';
import { navigate } from './app-routing';
import { HandoffClaim } from './HandoffClaim';
import { Busy, Screen } from './ui';

/** `/app/claim#<token>`: the address in the mirror's QR code; claims as soon as the member is signed in. */
export function ClaimScreen({ token }: { token: string | null }) {
  useEffect(() => {
    if (!token) navigate('/app/scan', { replace: true });
  }, [token]);
  return (
    <Screen title="Cart from the mirror">
      {token ? <HandoffClaim token={token} onTypeCode={() => navigate('/app/scan?type')} /> : <Busy label="Opening the scanner…" />}
    </Screen>
  );
}

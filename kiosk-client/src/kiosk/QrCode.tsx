import Box from '@mui/material/Box';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code drawn as SVG (sharp at any size), with the payload in a data attribute for tests and assistive tech. */
export function QrCode(props: { payload: string; size: number; label: string; testId: string }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(props.payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((s) => live && setSvg(s));
    return () => {
      live = false;
    };
  }, [props.payload]);
  return (
    <Box
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      data-qr-payload={props.payload}
      sx={{ width: props.size, height: props.size, bgcolor: '#fff', p: 1, borderRadius: 2, '& svg': { width: '100%', height: '100%', display: 'block' } }}
      dangerouslySetInnerHTML={svg ? { __html: svg } : undefined}
    />
  );
}

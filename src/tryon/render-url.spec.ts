import { signRenderPath, verifyRenderRequest } from './render-url';

describe('render URLs', () => {
  const key = 'k'.repeat(32);
  const id = 'AbCdEfGhIjKlMnOpQrStUv';
  const now = new Date('2026-11-22T10:00:00Z');
  const later = new Date(now.getTime() + 300_000);
  const parse = (path: string) => {
    const url = new URL(path, 'http://mirror.local');
    return { file: url.pathname.replace('/renders/', ''), exp: url.searchParams.get('exp') ?? undefined, sig: url.searchParams.get('sig') ?? undefined };
  };

  it('round-trips a signed path until it expires', () => {
    const path = signRenderPath(key, id, 'png', later);
    expect(path).toMatch(/^\/renders\/AbCdEfGhIjKlMnOpQrStUv\.png\?exp=\d+&sig=[A-Za-z0-9_-]+$/);
    const { file, exp, sig } = parse(path);
    expect(verifyRenderRequest(key, file, exp, sig, now)).toEqual({ ok: true, id, format: 'png', expiresAt: new Date(Math.floor(later.getTime() / 1000) * 1000) });
    expect(verifyRenderRequest(key, file, exp, sig, new Date(later.getTime() + 1000))).toEqual({ ok: false, reason: 'EXPIRED' });
  });

  it('refuses a changed id, format, expiry or key as forged', () => {
    const { file, exp, sig } = parse(signRenderPath(key, id, 'jpeg', later));
    expect(file.endsWith('.jpg')).toBe(true);
    expect(verifyRenderRequest(key, file.replace('Ab', 'Ba'), exp, sig, now)).toEqual({ ok: false, reason: 'FORGED' });
    expect(verifyRenderRequest(key, file.replace('.jpg', '.png'), exp, sig, now)).toEqual({ ok: false, reason: 'FORGED' });
    expect(verifyRenderRequest(key, file, String(Number(exp) + 3600), sig, now)).toEqual({ ok: false, reason: 'FORGED' });
    expect(verifyRenderRequest('x'.repeat(32), file, exp, sig, now)).toEqual({ ok: false, reason: 'FORGED' });
    // An expired URL is still refused as forged when tampered with: the signature is checked first.
    expect(verifyRenderRequest(key, file, exp, sig!.slice(0, -2) + 'AA', new Date(later.getTime() + 1000))).toEqual({ ok: false, reason: 'FORGED' });
  });

  it('refuses malformed requests without touching the signature', () => {
    expect(verifyRenderRequest(key, '../etc/passwd', '1', 'x', now).ok).toBe(false);
    expect(verifyRenderRequest(key, `${id}.gif`, '1', 'x', now)).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(verifyRenderRequest(key, `${id}.png`, undefined, 'x', now)).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(verifyRenderRequest(key, `${id}.png`, '12abc', 'x', now)).toEqual({ ok: false, reason: 'MALFORMED' });
    expect(verifyRenderRequest(key, `${id}.png`, ['1', '2'], 'x', now)).toEqual({ ok: false, reason: 'MALFORMED' });
  });
});

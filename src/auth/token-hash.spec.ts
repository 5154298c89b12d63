import { hashSecret, newKioskToken, KIOSK_TOKEN_PREFIX } from './token-hash';

describe('hashSecret', () => {
  it('is the SHA-256 hex digest (what stored kiosk token hashes were made with)', () => {
    expect(hashSecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashSecret('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const token = newKioskToken();
    expect(token.startsWith(KIOSK_TOKEN_PREFIX)).toBe(true);
    expect(hashSecret(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(token)).not.toBe(hashSecret(newKioskToken()));
  });
});

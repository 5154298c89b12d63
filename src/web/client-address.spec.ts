import { clientAddress } from './client-address';

const req = (peer: string | undefined, xff?: string | string[]) => ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress: peer } }) as never;

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever the header says', () => {
    expect(clientAddress(req('203.0.113.9', '198.51.100.1'), 0)).toBe('203.0.113.9');
  });

  it('behind one proxy is the address that proxy saw (the rightmost entry), not what the client wrote', () => {
    // The client wrote "1.2.3.4" itself; the load balancer appended the address it saw.
    expect(clientAddress(req('10.0.0.2', '1.2.3.4, 198.51.100.7'), 1)).toBe('198.51.100.7');
    expect(clientAddress(req('10.0.0.2', '198.51.100.7'), 1)).toBe('198.51.100.7');
  });

  it('behind two proxies goes two hops back; repeated headers are one list', () => {
    expect(clientAddress(req('10.0.0.3', ['1.2.3.4, 198.51.100.7', '10.0.0.2']), 2)).toBe('198.51.100.7');
  });

  it('takes the leftmost known address when the chain is shorter than the proxies trusted', () => {
    expect(clientAddress(req('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientAddress(req('10.0.0.2', ' , '), 2)).toBe('10.0.0.2');
  });
});

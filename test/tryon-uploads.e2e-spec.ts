import { once } from 'node:events';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { StaffRole } from '../src/common/enums';
import { MAX_UPLOAD_BYTES } from '../src/tryon/staged-upload.store';
import { makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

/** What the server answered on a raw connection, and how much of the declared body had been sent by then. */
interface EarlyAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  sentBytes: number;
}

describe('try-on staged uploads: refused before the body is read', () => {
  let app: TestApp;
  let origin: URL;
  let kiosk: string;

  beforeAll(async () => {
    app = await createTestApp();
    origin = new URL(app.url);
    kiosk = (await app.kioskToken((await makeStore(app.dataSource, 'UPL-1')).id)).token;
  });
  afterAll(() => app.close());

  /**
   * Declares a body of `declaredBytes`, sends only its first 64 KB and waits: the answer must come
   * while the client still owes almost all of it (the server did not wait for, nor hold, the body).
   */
  async function postWithoutFinishing(headers: Record<string, string>, declaredBytes: number): Promise<EarlyAnswer> {
    const socket = net.connect(Number(origin.port), origin.hostname);
    await once(socket, 'connect');
    const head = ['POST /tryon/uploads HTTP/1.1', `Host: ${origin.host}`, `Content-Length: ${declaredBytes}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    const chunk = Buffer.alloc(64 * 1024, 7);
    socket.write(head);
    socket.write(chunk);
    const sentBytes = chunk.length;
    let received = Buffer.alloc(0);
    try {
      return await new Promise<EarlyAnswer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer within 5 s while ${declaredBytes - sentBytes} bytes of the body were still unsent`)), 5000);
        const parse = (): EarlyAnswer | null => {
          const text = received.toString('latin1');
          const end = text.indexOf('\r\n\r\n');
          if (end < 0) return null;
          const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
          const headersIn = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
          const body = text.slice(end + 4);
          if (body.length < Number(headersIn['content-length'] ?? 0)) return null;
          return { status: Number(statusLine.split(' ')[1]), headers: headersIn, body, sentBytes };
        };
        socket.on('data', (data: Buffer) => {
          received = Buffer.concat([received, data]);
          const answer = parse();
          if (answer) {
            clearTimeout(timer);
            resolve(answer);
          }
        });
        socket.on('error', (error) => {
          clearTimeout(timer);
          reject(error);
        });
      });
    } finally {
      socket.destroy();
    }
  }

  it('answers an anonymous client 401 before it has sent the body, and closes the connection', async () => {
    const staged = jest.spyOn(app.server.services.tryOn, 'stageUpload');
    try {
      const answer = await postWithoutFinishing({ 'Content-Type': 'image/jpeg' }, MAX_UPLOAD_BYTES);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      expect(answer.headers.connection).toBe('close');
      expect(answer.sentBytes).toBeLessThan(MAX_UPLOAD_BYTES / 100);
      // A token that is not valid, and a caller who may not upload, alike.
      expect((await postWithoutFinishing({ Authorization: 'Bearer kiosk_nope' }, MAX_UPLOAD_BYTES)).status).toBe(401);
      const customer = await postWithoutFinishing({ Authorization: `Bearer ${await app.customerToken('upload-customer')}` }, MAX_UPLOAD_BYTES);
      expect(customer.status).toBe(403);
      expect(JSON.parse(customer.body)).toMatchObject({ error: { code: 'FORBIDDEN' } });
      expect(staged).not.toHaveBeenCalled();
    } finally {
      staged.mockRestore();
    }
  });

  it('refuses a declared length over the limit, and compressed bodies, before reading them', async () => {
    const staged = jest.spyOn(app.server.services.tryOn, 'stageUpload');
    const tooLarge = await postWithoutFinishing({ Authorization: `Bearer ${kiosk}` }, MAX_UPLOAD_BYTES + 1);
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Images are limited to 32 MB' } });
    const gzipped = await postWithoutFinishing({ Authorization: `Bearer ${kiosk}`, 'Content-Encoding': 'gzip' }, 1024 * 1024);
    expect(gzipped.status).toBe(415);
    expect(JSON.parse(gzipped.body)).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    // Through an ordinary client too: a small gzip body is refused, not inflated.
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0af' } }).png().toBuffer();
    const viaFetch = await fetch(`${origin.origin}/tryon/uploads`, { method: 'POST', headers: { authorization: `Bearer ${kiosk}`, 'content-encoding': 'gzip' }, body: gzipSync(png) });
    expect(viaFetch.status).toBe(415);
    expect(staged).not.toHaveBeenCalled();
    staged.mockRestore();
  });

  it('still stages what a kiosk or merchandiser sends, and a body without a declared length up to the limit', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#0af' } }).png().toBuffer();
    const merch = await app.staffToken('upload-merch', StaffRole.MERCHANDISER);
    for (const token of [kiosk, merch]) {
      const res = await fetch(`${origin.origin}/tryon/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' }, body: png });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ bytes: png.length, uploadId: expect.any(String) });
    }
    // Chunked (no Content-Length): read, and refused once past the limit.
    const stream = (bytes: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          const block = new Uint8Array(1024 * 1024);
          for (let sent = 0; sent < bytes; sent += block.length) controller.enqueue(block.subarray(0, Math.min(block.length, bytes - sent)));
          controller.close();
        },
      });
    const chunked = await fetch(`${origin.origin}/tryon/uploads`, { method: 'POST', headers: { authorization: `Bearer ${kiosk}` }, body: stream(png.length), duplex: 'half' } as RequestInit);
    expect(chunked.status).toBe(201);
    const over = await fetch(`${origin.origin}/tryon/uploads`, { method: 'POST', headers: { authorization: `Bearer ${kiosk}` }, body: stream(MAX_UPLOAD_BYTES + 1), duplex: 'half' } as RequestInit);
    expect(over.status).toBe(413);
  });
});

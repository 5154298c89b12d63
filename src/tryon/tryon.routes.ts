import express, { Router } from 'express';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { TokenService } from '../auth/token.service';
import type { AppConfig } from '../config';
import { RENDER_MIME } from './renderer';
import { verifyRenderRequest } from './render-url';
import { MAX_UPLOAD_BYTES } from './staged-upload.store';
import type { TryOnService } from './tryon.service';

/**
 * HTTP beside GraphQL for try-on images:
 * - `GET /renders/<id>.<jpg|png|webp>?exp=&sig=`: a render, for an <img>. The signed URL is the
 *   capability (no bearer token): forged or altered 403, expired 410, gone (evicted, or its
 *   session ended) 404. Served from memory, private to the browser's cache until it expires.
 * - `GET /catalog/images/<productId>.webp?colour=&w=`: a product's picture (public, like a shop
 *   window; 160, 320 or 640 px wide), drawn from the garment image try-ons use.
 * - `POST /tryon/uploads`: raw image bytes too large for a GraphQL body (kiosk or staff token),
 *   answered with an uploadId for `uploadSessionFrame` / `uploadGarmentAsset`. The token, a declared
 *   length over 32 MB and a compressed body are refused before the body is read (401/403/413/415).
 */
const TOO_LARGE = `Images are limited to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`;

export function tryOnRoutes(options: { tryOn: TryOnService; tokens: TokenService; config: AppConfig; dataSource: DataSource; log: Logger }): Router {
  const { tryOn, tokens, config, dataSource, log } = options;
  const router = Router();
  const refuse = (res: express.Response, status: number, code: string, message: string) => res.status(status).set('Cache-Control', 'no-store').json({ error: { code, message } });

  router.get('/renders/:file', (req, res, next) => {
    const check = verifyRenderRequest(config.tryOn.renderUrlKey, req.params.file, req.query.exp, req.query.sig);
    if (!check.ok) {
      if (check.reason === 'EXPIRED') return void refuse(res, 410, 'EXPIRED', 'This image link has expired: render the try-on again');
      return void refuse(res, check.reason === 'MALFORMED' ? 400 : 403, check.reason, 'This is not a valid image link');
    }
    const render = tryOn.renders.get(check.id);
    if (!render || render.format !== check.format) return void refuse(res, 404, 'NOT_FOUND', 'This image is no longer available: render the try-on again');
    tryOn
      .sessionStillActive(dataSource, render.sessionId)
      .then((active) => {
        if (!active) return void refuse(res, 404, 'NOT_FOUND', 'This image is no longer available: its session has ended');
        const maxAge = Math.max(0, Math.floor((check.expiresAt.getTime() - Date.now()) / 1000));
        res
          .status(200)
          .set({ 'Content-Type': RENDER_MIME[render.format], 'Cache-Control': `private, max-age=${maxAge}`, 'X-Content-Type-Options': 'nosniff', 'Content-Length': String(render.image.length) })
          .end(render.image);
      })
      .catch(next);
  });

  router.get('/catalog/images/:file', (req, res, next) => {
    const match = /^(.+)\.webp$/.exec(req.params.file);
    const colour = typeof req.query.colour === 'string' ? req.query.colour : undefined;
    const width = typeof req.query.w === 'string' && /^\d{1,4}$/.test(req.query.w) ? Number(req.query.w) : 320;
    if (!match) return void refuse(res, 404, 'NOT_FOUND', 'No such picture');
    tryOn.catalogImages
      .picture({ em: dataSource.manager }, match[1], colour, width)
      .then((image) => {
        if (!image) return void refuse(res, 404, 'NOT_FOUND', 'No such product or colour');
        res.set({ ETag: image.etag, 'Cache-Control': 'public, max-age=300', 'X-Content-Type-Options': 'nosniff' });
        if (req.headers['if-none-match'] === image.etag) return void res.status(304).end();
        res.status(200).set({ 'Content-Type': 'image/webp', 'Content-Length': String(image.bytes.length) }).end(image.bytes);
      })
      .catch(next);
  });

  // Read only once the caller may upload: before, anyone could make the server buffer (and inflate)
  // 32 MB per request before being refused. Images are compressed already, so a compressed body is
  // refused rather than inflated.
  const readBody = express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES, inflate: false });
  router.post('/tryon/uploads', (req, res, next) => {
    // Refused before the body is read: the connection closes rather than reading what is left of it.
    const refuseUnread = (status: number, code: string, message: string) => void refuse(res.set('Connection', 'close'), status, code, message);
    tokens
      .authenticate(req.headers.authorization)
      .then((principal) => {
        if (principal.kind === 'anonymous') return refuseUnread(401, 'UNAUTHENTICATED', 'Authentication required: send a bearer token');
        if (principal.kind !== 'kiosk' && principal.kind !== 'staff') return refuseUnread(403, 'FORBIDDEN', 'Only kiosks and merchandisers upload images');
        if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) return refuseUnread(413, 'PAYLOAD_TOO_LARGE', TOO_LARGE);
        const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
        if (encoding !== 'identity') return refuseUnread(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the image bytes as they are, not ${encoding}-encoded: images are compressed already`);
        readBody(req, res, (error?: unknown) => {
          if (error) return next(error);
          const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          if (!body.length) return void refuse(res, 400, 'BAD_REQUEST', 'Send the image bytes as the request body');
          const staged = tryOn.stageUpload(principal, body);
          if (!staged) return void refuse(res, 503, 'RATE_LIMITED', 'No room to stage this upload now (TRYON_CACHE_MB): use or let expire the uploads waiting');
          res.status(201).set('Cache-Control', 'no-store').json({ uploadId: staged.uploadId, bytes: body.length, expiresAt: staged.expiresAt.toISOString() });
        });
      })
      .catch((error: unknown) => {
        const code = (error as { extensions?: { code?: string } }).extensions?.code;
        if (code === 'UNAUTHENTICATED') return refuseUnread(401, 'UNAUTHENTICATED', (error as Error).message);
        log.error({ err: error }, 'staging an upload failed');
        next(error);
      });
  });

  // Body too large or unreadable: a JSON answer, like GraphQL's.
  router.use('/tryon/uploads', (error: { status?: number; type?: string }, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (!error?.status) return next(error);
    refuse(res, error.status, error.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', error.type === 'entity.too.large' ? TOO_LARGE : 'Unreadable request body');
  });
  return router;
}

import sharp, { Metadata, Sharp } from 'sharp';
import { ImageTooLargeError, NotAnImageError } from './tryon.types';

/** The most pixels an uploaded image (camera frame or garment photo) may have. */
export const MAX_IMAGE_MEGAPIXELS = 12;
const MAX_IMAGE_PIXELS = MAX_IMAGE_MEGAPIXELS * 1_000_000;
/** Formats accepted: what cameras and image editors produce; no SVG (a document, not a picture), no GIF/TIFF/HEIF. */
export const ACCEPTED_IMAGE_FORMATS = ['jpeg', 'png', 'webp'] as const;

export interface InspectedImage {
  data: Buffer;
  format: (typeof ACCEPTED_IMAGE_FORMATS)[number];
  /** Size as displayed (after the EXIF orientation). */
  width: number;
  height: number;
  hasAlpha: boolean;
}

/**
 * Reads an image's header with sharp (no pixels are decoded): a JPEG, PNG or WebP of at most
 * 12 megapixels, or the typed reason it is not. Decoding later is bounded by the same pixel limit.
 */
export async function inspectImage(data: Buffer, field: string): Promise<InspectedImage | NotAnImageError | ImageTooLargeError> {
  if (data.length === 0) return new NotAnImageError(field, 'The image is empty');
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: false }).metadata();
  } catch {
    return new NotAnImageError(field, 'This is not an image (expected JPEG, PNG or WebP)');
  }
  const format = meta.format as string | undefined;
  if (!format || !(ACCEPTED_IMAGE_FORMATS as readonly string[]).includes(format)) {
    return new NotAnImageError(field, `Images must be JPEG, PNG or WebP${format ? `, not ${format.toUpperCase()}` : ''}`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (!width || !height) return new NotAnImageError(field, 'The image has no pixels');
  if (width * height > MAX_IMAGE_PIXELS) return new ImageTooLargeError(field, (width * height) / 1_000_000, MAX_IMAGE_MEGAPIXELS);
  const rotated = (meta.orientation ?? 1) >= 5;
  return { data, format: format as InspectedImage['format'], width: rotated ? height : width, height: rotated ? width : height, hasAlpha: !!meta.hasAlpha };
}

/** A sharp pipeline for an inspected image: orientation applied, the pixel limit enforced. */
export function decodeImage(image: InspectedImage): Sharp {
  return sharp(image.data, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).autoOrient();
}

/** Base64 (optionally a data: URL) to bytes; null when it is not base64 at all. */
export function decodeBase64(text: string): Buffer | null {
  const body = text.startsWith('data:') ? text.slice(text.indexOf(',') + 1) : text;
  const compact = body.replace(/\s+/g, '');
  if (!compact || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, compact.includes('-') || compact.includes('_') ? 'base64url' : 'base64');
}

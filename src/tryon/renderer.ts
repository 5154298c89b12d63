import sharp, { Sharp } from 'sharp';
import { tf } from '../ml/backend';
import { Canvas } from './body-pose';
import { OverlayBand, tintLayer } from './garment-fit';
import { Point, Rect } from './geometry';
import { markHidden, Occupancy, occupancyOf, warpImage } from './warp';

/*
 * Composition and encoding of one try-on image: the base (figure or camera frame, raw RGB of the
 * canvas), each garment warped onto it in layer order, the optional fit tint, then encoded by sharp.
 * Pure of the database: the service decides what to draw, the benchmark drives this directly.
 */

export type RenderFormatName = 'jpeg' | 'png' | 'webp';

export const RENDER_MIME: Record<RenderFormatName, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
export const RENDER_EXTENSION: Record<RenderFormatName, string> = { jpeg: 'jpg', png: 'png', webp: 'webp' };

/** A garment image ready to warp: premultiplied float RGBA (0..255), row-major, 4 channels. */
export interface PreparedAsset {
  pixels: Float32Array;
  width: number;
  height: number;
  content: Rect;
  occupancy: Occupancy;
}

export interface RenderLayer {
  asset: PreparedAsset;
  from: Point[];
  to: Point[];
  /** Fit-overlay bands, when the overlay is on. */
  bands?: readonly OverlayBand[];
}

export interface RenderedImage {
  data: Buffer;
  format: RenderFormatName;
  width: number;
  height: number;
}

/** Encoder settings: fast enough for a mirror (quality over size where it matters little). */
function encode(image: Sharp, format: RenderFormatName): Sharp {
  switch (format) {
    case 'jpeg':
      return image.jpeg({ quality: 85, chromaSubsampling: '4:2:0' });
    case 'png':
      return image.png({ compressionLevel: 3, adaptiveFiltering: false });
    case 'webp':
      return image.webp({ quality: 82, effort: 1 });
  }
}

/**
 * Warps each layer (in the order given: the first is drawn first, lowest) for compositing. TF.js
 * work happens here, synchronously, each layer in `tf.tidy`. Layers are warped from the top down so
 * that what an opaque layer hides of the ones below is never sampled (the composite is the same).
 */
export function warpLayers(layers: readonly RenderLayer[], canvas: Canvas): { rect: Rect; rgba: Buffer }[] {
  const out: ({ rect: Rect; rgba: Buffer } | null)[] = new Array(layers.length).fill(null);
  const hidden = new Uint8Array(canvas.width * canvas.height);
  for (let k = layers.length - 1; k >= 0; k--) {
    const layer = layers[k];
    const source = tf.tensor4d(layer.asset.pixels, [1, layer.asset.height, layer.asset.width, 4]);
    let warped;
    try {
      // The top layer has nothing above it: no need to look for hidden pixels.
      warped = warpImage(source, layer.from, layer.to, canvas, { content: layer.asset.content, occupancy: layer.asset.occupancy, hidden: k < layers.length - 1 ? hidden : undefined });
    } finally {
      source.dispose();
    }
    if (!warped) continue;
    if (k > 0) markHidden(hidden, canvas.width, warped);
    if (layer.bands?.length) tintLayer(warped.rgba, warped.rect, layer.bands);
    out[k] = { rect: warped.rect, rgba: Buffer.from(warped.rgba.buffer, warped.rgba.byteOffset, warped.rgba.byteLength) };
  }
  return out.filter((w): w is { rect: Rect; rgba: Buffer } => w !== null);
}

/** Renders the layers over the base (raw RGB of the canvas) and encodes the result. */
export async function renderImage(base: Buffer, canvas: Canvas, layers: readonly RenderLayer[], format: RenderFormatName): Promise<RenderedImage> {
  const warped = warpLayers(layers, canvas);
  const image = sharp(base, { raw: { width: canvas.width, height: canvas.height, channels: 3 } }).composite(
    warped.map((w) => ({ input: w.rgba, raw: { width: w.rect.width, height: w.rect.height, channels: 4 as const, premultiplied: true }, left: w.rect.left, top: w.rect.top })),
  );
  const data = await encode(image, format).toBuffer();
  return { data, format, width: canvas.width, height: canvas.height };
}

/** The same images composited unwarped by sharp alone: the floor the benchmark compares against. */
export async function composeUnwarped(baseEncoded: Buffer, overlays: { input: Buffer; left: number; top: number }[], format: RenderFormatName): Promise<Buffer> {
  return encode(sharp(baseEncoded).composite(overlays), format).toBuffer();
}

/** Premultiplied float RGBA from straight 8-bit RGBA (done once per asset and cached). */
export function prepareAsset(rgba: Uint8Array, width: number, height: number, content: Rect): PreparedAsset {
  const pixels = new Float32Array(width * height * 4);
  for (let i = 0; i < pixels.length; i += 4) {
    const a = rgba[i + 3];
    const f = a / 255;
    pixels[i] = rgba[i] * f;
    pixels[i + 1] = rgba[i + 1] * f;
    pixels[i + 2] = rgba[i + 2] * f;
    pixels[i + 3] = a;
  }
  return { pixels, width, height, content, occupancy: occupancyOf(rgba, width, height) };
}

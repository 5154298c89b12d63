import sharp from 'sharp';
import { BodyScanEntity } from '../src/body/body-scan.entity';
import type { BodyProfileData } from '../src/body/body-profile.data';
import { defaultSizeCharts } from '../src/catalog/default-size-charts';
import { SizeChartEntity } from '../src/catalog/size-chart.entity';
import { GarmentType, StaffRole } from '../src/common/enums';
import { BodyPose, CANVAS } from '../src/tryon/body-pose';
import { figurePose } from '../src/tryon/figure';
import { drawGarment } from '../src/tryon/garment-asset.generator';
import { GarmentAssetEntity } from '../src/tryon/garment-asset.entity';
import { signRenderPath } from '../src/tryon/render-url';
import { makeProduct, makeStore } from './support/fixtures';
import { createTestApp, TestApp } from './support/test-app';

const RENDER = `mutation($s: ID!, $items: [TryOnItemInput!]!, $options: RenderTryOnOptions) { renderTryOn(sessionId: $s, items: $items, options: $options) { __typename
  ... on TryOnRender { id mode cached fitOverlay image { url width height format expiresAt } items { layer size advisedSize sizeSource assetSource note variant { id colour } fit { region verdict differenceCm } } }
  ... on TooManyItemsError { given max } ... on NotAGarmentError { field variantId } ... on InvalidInputError { field } ... on ErrorResult { code message } } }`;
const FRAME = `mutation($s: ID!, $input: SessionFrameInput!) { uploadSessionFrame(sessionId: $s, input: $input) { __typename
  ... on SessionFrame { width height } ... on ImageTooLargeError { megapixels maxMegapixels } ... on NotAnImageError { field } ... on ErrorResult { code message } } }`;
const ASSET = `mutation($input: UploadGarmentAssetInput!) { uploadGarmentAsset(input: $input) { __typename
  ... on GarmentAsset { source colour width height anchors { name x y } } ... on InvalidGarmentAssetError { missingAnchors problems } ... on ErrorResult { code message } } }`;
const MEASURE = `mutation($s: ID!, $input: BodyMeasurementsInput!) { submitBodyMeasurements(sessionId: $s, input: $input) { __typename } }`;

const averageMan = { heightCm: 178, sex: 'M', chestCm: 100, waistCm: 86, hipCm: 101, inseamCm: 82, footLengthCm: 27 };

interface Item {
  layer: string;
  size: string;
  advisedSize: string | null;
  sizeSource: string;
  assetSource: string;
  note: string;
  variant: { id: string; colour: string };
  fit: { region: string; verdict: string; differenceCm: number }[];
}
interface Render {
  __typename: string;
  id: string;
  mode: string;
  cached: boolean;
  fitOverlay: boolean;
  image: { url: string; width: number; height: number; format: string; expiresAt: string };
  items: Item[];
  code?: string;
  message?: string;
  field?: string;
  given?: number;
  max?: number;
  variantId?: string;
}

type Rgb = [number, number, number];
const PALETTE: Record<string, Rgb> = {
  red: [200, 34, 44],
  navy: [30, 44, 86],
  orange: [238, 114, 30],
  green: [34, 100, 60],
  skin: [206, 192, 178],
  background: [230, 234, 239],
  magenta: [255, 0, 255],
};

class Picture {
  constructor(
    readonly rgb: Buffer,
    readonly width: number,
    readonly height: number,
  ) {}
  at(x: number, y: number): Rgb {
    const i = (Math.round(y) * this.width + Math.round(x)) * 3;
    return [this.rgb[i], this.rgb[i + 1], this.rgb[i + 2]];
  }
  /** The palette colour most pixels of a 7x7 window are nearest to. */
  colourAt(x: number, y: number): string {
    const votes = new Map<string, number>();
    for (let dy = -3; dy <= 3; dy++) for (let dx = -3; dx <= 3; dx++) votes.set(nearest(this.at(x + dx, y + dy)), (votes.get(nearest(this.at(x + dx, y + dy))) ?? 0) + 1);
    return [...votes].sort((a, b) => b[1] - a[1])[0][0];
  }
  count(predicate: (c: Rgb) => boolean): number {
    let n = 0;
    for (let i = 0; i < this.rgb.length; i += 3) if (predicate([this.rgb[i], this.rgb[i + 1], this.rgb[i + 2]])) n++;
    return n;
  }
  /** Width of the run of `colour` pixels through (x, y) along the row. */
  runWidth(x: number, y: number, colour: string): number {
    let left = Math.round(x);
    let right = Math.round(x);
    while (left > 0 && nearest(this.at(left - 1, y)) === colour) left--;
    while (right < this.width - 1 && nearest(this.at(right + 1, y)) === colour) right++;
    return right - left + 1;
  }
}

function nearest(c: Rgb): string {
  let best = '';
  let bestD = Infinity;
  for (const [name, p] of Object.entries(PALETTE)) {
    const d = (c[0] - p[0]) ** 2 + (c[1] - p[1]) ** 2 + (c[2] - p[2]) ** 2;
    if (d < bestD) [best, bestD] = [name, d];
  }
  return best;
}

const isMagenta = (c: Rgb) => c[0] > 200 && c[1] < 70 && c[2] > 200;

describe('try-on: renders, camera frames and garment images', () => {
  let app: TestApp;
  let origin: string;
  let kiosk: { id: string; token: string };
  let otherKiosk: { id: string; token: string };
  let merch: string;
  const v: Record<'top' | 'bottom' | 'shoes' | 'jacket' | 'top2', { id: string; productId: string }> = {} as never;
  let profile: BodyProfileData;
  let pose: BodyPose;

  beforeAll(async () => {
    app = await createTestApp();
    origin = app.url.replace(/\/graphql$/, '');
    const store = await makeStore(app.dataSource, 'TRY-1');
    kiosk = await app.kioskToken(store.id);
    otherKiosk = await app.kioskToken((await makeStore(app.dataSource, 'TRY-2')).id);
    merch = await app.staffToken('tryon-merch', StaffRole.MERCHANDISER);
    for (const c of defaultSizeCharts()) await app.dataSource.getRepository(SizeChartEntity).save({ brand: null, garmentType: c.garmentType, gender: c.gender, sizeSystem: c.sizeSystem, rows: c.rows });
    const alpha = ['S', 'M', 'L', 'XL'];
    const make = async (garmentType: GarmentType, categoryPath: string, colour: string, sizes = alpha) => {
      const { product, variants } = await makeProduct(app.dataSource, { garmentType, categoryPath, colour, sizes });
      return { id: variants[0].id, productId: product.id };
    };
    v.top = await make(GarmentType.TOP, 'apparel/tops/t-shirts', 'Red');
    v.bottom = await make(GarmentType.BOTTOM, 'apparel/bottoms/pants', 'Navy');
    v.shoes = await make(GarmentType.SHOES, 'footwear/running-shoes', 'Orange', ['41', '42', '43', '44']);
    v.jacket = await make(GarmentType.OUTERWEAR, 'apparel/outerwear/jackets', 'Forest Green');
    v.top2 = await make(GarmentType.TOP, 'apparel/tops/long-sleeves', 'Teal');
  });
  afterAll(() => app.close());

  async function session(token = kiosk.token, measured = true): Promise<string> {
    const res = await app.gql<{ startKioskSession: { id: string } }>(`mutation { startKioskSession { id } }`, {}, token);
    const s = res.data!.startKioskSession.id;
    if (measured) {
      expect((await app.gql(MEASURE, { s, input: averageMan }, token)).errors).toBeUndefined();
      profile = (await app.dataSource.getRepository(BodyScanEntity).findOneByOrFail({ sessionId: s })).profile;
      pose = figurePose(profile);
    }
    return s;
  }
  async function render(s: string, items: { variantId: string; size?: string }[], options: Record<string, unknown> = { format: 'PNG' }, token = kiosk.token): Promise<Render> {
    const res = await app.gql<{ renderTryOn: Render }>(RENDER, { s, items, options }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.renderTryOn;
  }
  async function picture(r: Render): Promise<Picture> {
    const res = await fetch(origin + r.image.url);
    expect(res.status).toBe(200);
    const { data, info } = await sharp(Buffer.from(await res.arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return new Picture(data, info.width, info.height);
  }
  const frameKeypoints = (scale: number) =>
    (['left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'left_heel', 'right_heel'] as const).map((name) => ({
      name,
      x: pose.points[name].x * scale,
      y: pose.points[name].y * scale,
      score: 0.9,
    }));
  const solidPng = (width: number, height: number, background: { r: number; g: number; b: number }) => sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();

  it('renders the outfit on a figure: four layers in order, advised sizes, fit notes, a 768x1024 image at its signed URL', async () => {
    const s = await session();
    // Given in any order; drawn shoes, bottom, top, outerwear.
    const r = await render(s, [{ variantId: v.jacket.id }, { variantId: v.shoes.id }, { variantId: v.top.id }, { variantId: v.bottom.id }]);
    expect(r.__typename).toBe('TryOnRender');
    expect(r).toMatchObject({ mode: 'FIGURE', cached: false, fitOverlay: false, image: { width: 768, height: 1024, format: 'PNG' } });
    expect(r.image.url).toMatch(/^\/renders\/[A-Za-z0-9_-]+\.png\?exp=\d+&sig=/);
    expect(r.items.map((i) => i.layer)).toEqual(['SHOES', 'BOTTOM', 'TOP', 'OUTERWEAR']);
    expect(r.items.map((i) => i.size)).toEqual(['43', 'M', 'M', 'M']);
    for (const item of r.items) {
      expect(item).toMatchObject({ sizeSource: 'ADVISED', assetSource: 'GENERATED' });
      expect(item.advisedSize).toBe(item.size);
      expect(item.note).toMatch(new RegExp(`^${item.size} \\(advised\\): `));
      expect(item.fit.length).toBeGreaterThan(0);
    }
    expect(r.items[2].fit.map((f) => f.region)).toEqual(expect.arrayContaining(['CHEST', 'WAIST']));
    const res = await fetch(origin + r.image.url);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 768, 1024]);
    const jpeg = await render(s, [{ variantId: v.top.id }], { format: 'JPEG' });
    expect(jpeg.image.url).toMatch(/\.jpg\?/);
    expect((await fetch(origin + jpeg.image.url)).headers.get('content-type')).toBe('image/jpeg');
  });

  it('layers garments in order where they overlap: trousers over shoes, top over trousers, jacket over top', async () => {
    const s = await session();
    const cx = pose.lines.chest.cx;
    const hipPoint = [cx + pose.lines.hip.half * 0.3, pose.lines.hip.y] as const;
    const chestPoint = [cx + pose.lines.chest.half * 0.5, pose.lines.chest.y] as const;
    const anklePoint = [pose.points.left_ankle.x, pose.points.left_ankle.y + 1.8 * pose.pxPerCm] as const;
    const shoes = await picture(await render(s, [{ variantId: v.shoes.id }]));
    expect(shoes.colourAt(...anklePoint)).toBe('orange');
    const bottom = await picture(await render(s, [{ variantId: v.bottom.id }]));
    expect(bottom.colourAt(...hipPoint)).toBe('navy');
    const top = await picture(await render(s, [{ variantId: v.top.id }]));
    expect(top.colourAt(...chestPoint)).toBe('red');
    const all = await picture(await render(s, [{ variantId: v.top.id }, { variantId: v.bottom.id }, { variantId: v.shoes.id }, { variantId: v.jacket.id }]));
    expect(all.colourAt(...anklePoint)).toBe('navy');
    expect(all.colourAt(...hipPoint)).toBe('green');
    expect(all.colourAt(...chestPoint)).toBe('green');
    const withoutJacket = await picture(await render(s, [{ variantId: v.top.id }, { variantId: v.bottom.id }]));
    expect(withoutJacket.colourAt(...hipPoint)).toBe('red');
    expect(withoutJacket.colourAt(cx + pose.lines.hip.half * 0.3, pose.points.left_knee.y)).toBe('navy');
  });

  it('draws a bigger size measurably wider at the chest line, notes the fit, and colours it with the overlay', async () => {
    const s = await session();
    const small = await render(s, [{ variantId: v.top.id, size: 'S' }]);
    const large = await render(s, [{ variantId: v.top.id, size: 'xl' }]);
    expect(small.items[0]).toMatchObject({ size: 'S', advisedSize: 'M', sizeSource: 'REQUESTED' });
    expect(large.items[0]).toMatchObject({ size: 'XL', advisedSize: 'M', sizeSource: 'REQUESTED' });
    expect(large.items[0].note).toMatch(/^XL \(advised M\): loose at the chest \(\+\d+(\.\d)? cm\)/);
    const chestOf = (r: Render) => r.items[0].fit.find((f) => f.region === 'CHEST')!;
    expect(chestOf(large).differenceCm).toBeGreaterThan(chestOf(small).differenceCm);
    const y = pose.lines.chest.y;
    const cx = pose.lines.chest.cx;
    const smallWidth = (await picture(small)).runWidth(cx + 12, y, 'red');
    const largeWidth = (await picture(large)).runWidth(cx + 12, y, 'red');
    const advisedWidth = (await picture(await render(s, [{ variantId: v.top.id }]))).runWidth(cx + 12, y, 'red');
    expect(smallWidth).toBeGreaterThan(2 * pose.lines.chest.half * 0.9);
    expect(largeWidth - smallWidth).toBeGreaterThan(20);
    expect(advisedWidth).toBeGreaterThan(smallWidth);
    expect(advisedWidth).toBeLessThan(largeWidth);
    const tinted = await render(s, [{ variantId: v.top.id, size: 'XL' }], { format: 'PNG', fitOverlay: true });
    expect(tinted).toMatchObject({ fitOverlay: true });
    expect(tinted.id).not.toBe(large.id);
    const [r, , b] = (await picture(tinted)).at(cx + pose.lines.chest.half * 0.5, y);
    const [r0, , b0] = (await picture(large)).at(cx + pose.lines.chest.half * 0.5, y);
    expect(b - b0).toBeGreaterThan(50);
    expect(r0 - r).toBeGreaterThan(30);
  });

  it('answers the same request from the cache, with a fresh signed URL', async () => {
    const s = await session();
    const items = [{ variantId: v.top.id }, { variantId: v.bottom.id }];
    const first = await render(s, items);
    const hitsBefore = app.server.services.tryOn.renders.hits;
    const again = await render(s, [...items].reverse());
    expect(again).toMatchObject({ id: first.id, cached: true });
    expect(app.server.services.tryOn.renders.hits).toBe(hitsBefore + 1);
    expect((await fetch(origin + again.image.url)).status).toBe(200);
    const otherSize = await render(s, [{ variantId: v.top.id, size: 'L' }, { variantId: v.bottom.id }]);
    expect(otherSize).toMatchObject({ cached: false });
    expect(otherSize.id).not.toBe(first.id);
    // The same items for another session are that session's own render.
    const other = await render(await session(), items);
    expect(other.cached).toBe(false);
  });

  it('a cached render never shows out-of-date advice: a size chart saved since changes the advised size and the fit', async () => {
    const s = await session();
    const { variants } = await makeProduct(app.dataSource, { garmentType: GarmentType.TOP, categoryPath: 'apparel/tops/t-shirts', colour: 'Red', sizes: ['S', 'M', 'L', 'XL'], brand: 'Cachebrand' });
    const xl = [{ variantId: variants[0].id, size: 'XL' }];
    const first = await render(s, xl);
    expect(first.items[0]).toMatchObject({ size: 'XL', advisedSize: 'M', sizeSource: 'REQUESTED' });
    expect(await render(s, xl)).toMatchObject({ id: first.id, cached: true });
    // The brand gets its own chart, cut a size small: the same body is now an L.
    const men = defaultSizeCharts().find((c) => c.garmentType === GarmentType.TOP && c.gender === 'MEN')!;
    const rows = men.rows.slice(0, -1).map((r, i) => ({ ...r, size: men.rows[i + 1].size }));
    await app.dataSource.getRepository(SizeChartEntity).save({ brand: 'Cachebrand', garmentType: GarmentType.TOP, gender: men.gender, sizeSystem: men.sizeSystem, rows });
    const advice = await app.gql<{ sizeAdvice: { size: string } }>(`query($s: ID!, $p: ID!) { sizeAdvice(sessionId: $s, productId: $p) { ... on SizeAdvice { size } } }`, { s, p: variants[0].productId }, kiosk.token);
    expect(advice.data!.sizeAdvice.size).toBe('L');
    const again = await render(s, xl);
    expect(again.items[0]).toMatchObject({ size: 'XL', advisedSize: 'L', note: expect.stringMatching(/^XL \(advised L\)/) });
    // XL is now one size over the advice rather than two: drawn less loose, so not the cached image.
    const chest = (r: Render) => r.items[0].fit.find((f) => f.region === 'CHEST')!.differenceCm;
    expect(chest(again)).toBeLessThan(chest(first));
    expect(again.cached).toBe(false);
    expect((await render(s, [{ variantId: variants[0].id }])).items[0]).toMatchObject({ size: 'L', advisedSize: 'L', sizeSource: 'ADVISED' });
    await app.dataSource.getRepository(SizeChartEntity).delete({ brand: 'Cachebrand' });
  });

  it('refuses forged, altered and expired image URLs, and images of ended sessions', async () => {
    const s = await session();
    const r = await render(s, [{ variantId: v.top.id }]);
    const url = new URL(origin + r.image.url);
    const sig = url.searchParams.get('sig')!;
    const exp = url.searchParams.get('exp')!;
    const forged = `${url.pathname}?exp=${exp}&sig=${sig.slice(0, -3)}${sig.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect((await fetch(origin + forged)).status).toBe(403);
    expect((await fetch(`${origin}${url.pathname}?exp=${Number(exp) + 3600}&sig=${sig}`)).status).toBe(403);
    expect((await fetch(`${origin}${url.pathname.replace('.png', '.jpg')}?exp=${exp}&sig=${sig}`)).status).toBe(403);
    expect((await fetch(`${origin}${url.pathname}`)).status).toBe(400);
    // Properly signed with the server's key, but already expired.
    const expired = signRenderPath(app.config.tryOn.renderUrlKey, r.id, 'png', new Date(Date.now() - 1000));
    const gone = await fetch(origin + expired);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ error: { code: 'EXPIRED' } });
    expect((await fetch(origin + r.image.url)).status).toBe(200);
    const figureSessions = () => app.server.services.tryOn.figures.values().map((f) => f.sessionId);
    expect(figureSessions()).toContain(s);
    await app.gql(`mutation($s: ID!) { endKioskSession(sessionId: $s) { __typename } }`, { s }, kiosk.token);
    expect((await fetch(origin + r.image.url)).status).toBe(404);
    expect(app.server.services.tryOn.renders.sessionIds()).not.toContain(s);
    // The figure drawn from the session's body profile goes with it (at the latest with housekeeping).
    await app.server.services.tryOn.sweep(app.dataSource);
    expect(figureSessions()).not.toContain(s);
  });

  it("draws on the session's camera frame, and never on another session's frame", async () => {
    const a = await session();
    const frame = await solidPng(480, 640, { r: 255, g: 0, b: 255 });
    const sent = await app.gql<{ uploadSessionFrame: { __typename: string; width: number; height: number } }>(FRAME, { s: a, input: { image: { base64: frame.toString('base64') }, keypoints: frameKeypoints(480 / 768) } }, kiosk.token);
    expect(sent.data!.uploadSessionFrame).toEqual({ __typename: 'SessionFrame', width: 480, height: 640 });
    const onFrame = await render(a, [{ variantId: v.top.id }]);
    expect(onFrame.mode).toBe('CAMERA_FRAME');
    const pic = await picture(onFrame);
    expect(isMagenta(pic.at(5, 5))).toBe(true);
    // The garment lands on the customer: the frame's keypoints are the figure's, scaled.
    expect(pic.colourAt(pose.lines.chest.cx + pose.lines.chest.half * 0.5, pose.lines.chest.y)).toBe('red');

    // Another mirror cannot send a frame for this session, nor use it.
    const foreign = await app.gql<{ uploadSessionFrame: { __typename: string } }>(FRAME, { s: a, input: { image: { base64: frame.toString('base64') }, keypoints: frameKeypoints(480 / 768) } }, otherKiosk.token);
    expect(foreign.data!.uploadSessionFrame.__typename).toBe('SessionNotFoundError');
    const elsewhere = await session(otherKiosk.token);
    const other = await render(elsewhere, [{ variantId: v.top.id }], { format: 'PNG' }, otherKiosk.token);
    expect(other.mode).toBe('FIGURE');
    expect((await picture(other)).count(isMagenta)).toBe(0);

    // The next customer at the same mirror: a new session, no frame of the last one.
    const b = await session();
    const next = await render(b, [{ variantId: v.top.id }]);
    expect(next.mode).toBe('FIGURE');
    expect((await picture(next)).count(isMagenta)).toBe(0);
    expect(app.server.services.tryOn.frames.get(a)).toBeUndefined();
    expect((await fetch(origin + onFrame.image.url)).status).toBe(404);
    // The frame was never written to the database.
    const binary: { table_name: string; column_name: string }[] = await app.dataSource.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'bytea'`);
    expect(binary.map((c) => c.table_name)).toContain('garment_asset');
    for (const c of binary) expect(await app.dataSource.query(`SELECT 1 FROM "${c.table_name}" WHERE length("${c.column_name}") > 1000`)).toEqual([]);

    // Its own frame, through a staged upload; deleting it goes back to the figure.
    const cyan = await solidPng(600, 800, { r: 0, g: 255, b: 255 });
    const staged = await fetch(`${origin}/tryon/uploads`, { method: 'POST', headers: { authorization: `Bearer ${kiosk.token}`, 'content-type': 'image/png' }, body: cyan });
    expect(staged.status).toBe(201);
    const { uploadId } = (await staged.json()) as { uploadId: string };
    const viaUpload = await app.gql<{ uploadSessionFrame: { __typename: string } }>(FRAME, { s: b, input: { image: { uploadId }, keypoints: frameKeypoints(600 / 768) } }, kiosk.token);
    expect(viaUpload.data!.uploadSessionFrame.__typename).toBe('SessionFrame');
    const cyanPic = await picture(await render(b, [{ variantId: v.top.id }]));
    expect(cyanPic.count(isMagenta)).toBe(0);
    expect(cyanPic.at(5, 5)).toEqual([0, 255, 255]);
    const reused = await app.gql<{ uploadSessionFrame: { __typename: string } }>(FRAME, { s: b, input: { image: { uploadId }, keypoints: frameKeypoints(600 / 768) } }, kiosk.token);
    expect(reused.data!.uploadSessionFrame.__typename).toBe('NotFoundError');
    expect((await app.gql<{ deleteSessionFrame: boolean }>(`mutation($s: ID!) { deleteSessionFrame(sessionId: $s) }`, { s: b }, kiosk.token)).data!.deleteSessionFrame).toBe(true);
    expect((await render(b, [{ variantId: v.top.id }])).mode).toBe('FIGURE');
  });

  it('refuses a camera frame with the customer side-on (left and right on one point) and keeps the frame it had', async () => {
    const s = await session();
    const tryOn = app.server.services.tryOn;
    const image = (await solidPng(768, 1024, { r: 255, g: 0, b: 255 })).toString('base64');
    const good = await app.gql<{ uploadSessionFrame: { __typename: string } }>(FRAME, { s, input: { image: { base64: image }, keypoints: frameKeypoints(1) } }, kiosk.token);
    expect(good.data!.uploadSessionFrame.__typename).toBe('SessionFrame');
    const kept = tryOn.frames.get(s)!.version;
    const FRAME_REJECTED = `mutation($s: ID!, $input: SessionFrameInput!) { uploadSessionFrame(sessionId: $s, input: $input) { __typename
      ... on ScanRejectedError { code hint reasons { code message } } } }`;
    const centre = (a: { x: number }, b: { x: number }) => (a.x + b.x) / 2;
    const sideOn = frameKeypoints(1).map((k) => {
      const part = k.name.replace(/^(left|right)_/, '');
      const l = pose.points[`left_${part}` as keyof BodyPose['points']];
      const r = pose.points[`right_${part}` as keyof BodyPose['points']];
      return { ...k, x: centre(l, r) };
    });
    const refused = await app.gql<{ uploadSessionFrame: { __typename: string; code: string; hint: string; reasons: { code: string; message: string }[] } }>(FRAME_REJECTED, { s, input: { image: { base64: image }, keypoints: sideOn } }, kiosk.token);
    expect(refused.errors).toBeUndefined();
    expect(refused.data!.uploadSessionFrame).toMatchObject({ __typename: 'ScanRejectedError', code: 'SCAN_REJECTED', hint: 'Stand facing the mirror' });
    expect(refused.data!.uploadSessionFrame.reasons.map((r) => r.code)).toEqual(['NOT_FACING', 'NOT_FACING', 'NOT_STANDING_STRAIGHT']);
    expect(refused.data!.uploadSessionFrame.reasons[0].message).toMatch(/^The shoulders are 0 px apart/);
    // Nothing changed: the earlier frame is still the one drawn on.
    expect(tryOn.frames.get(s)!.version).toBe(kept);
    expect((await render(s, [{ variantId: v.top.id }])).mode).toBe('CAMERA_FRAME');
  });

  it('a frame whose garments cannot be warped is drawn on the figure rather than failing', async () => {
    const s = await session();
    const tryOn = app.server.services.tryOn;
    // A frame that slipped past the upload check (kept from before it existed): left and right on one point.
    const cx = CANVAS.width / 2;
    const keypoints = Object.fromEntries(
      (['shoulder', 'hip', 'ankle'] as const).flatMap((part) => ['left', 'right'].map((side) => [`${side}_${part}`, { x: cx, y: pose.points[`left_${part}`].y }])),
    );
    tryOn.frames.put({ sessionId: s, kioskId: kiosk.id, version: 'degenerate', rgb: Buffer.alloc(CANVAS.width * CANVAS.height * 3, 255), keypoints, sourceWidth: CANVAS.width, sourceHeight: CANVAS.height, receivedAt: new Date() });
    const modes: string[] = [];
    for (const items of [[{ variantId: v.top.id }], [{ variantId: v.bottom.id }], [{ variantId: v.shoes.id }], [{ variantId: v.shoes.id }, { variantId: v.bottom.id }, { variantId: v.top.id }]]) {
      const r = await render(s, items);
      expect(r.__typename).toBe('TryOnRender');
      expect((await fetch(origin + r.image.url)).status).toBe(200);
      modes.push(r.mode);
    }
    // Trousers and shoes have no warp on such a frame (the top's arms still spread its sleeves).
    expect(modes.slice(1)).toEqual(['FIGURE', 'FIGURE', 'FIGURE']);
  });

  it('refuses bad input with typed errors and changes nothing', async () => {
    const s = await session();
    const tryOn = app.server.services.tryOn;
    // Earlier sessions of this mirror have ended: housekeeping forgets their renders first.
    await tryOn.sweep(app.dataSource);
    const stats = () => ({ renders: tryOn.renders.size, frames: tryOn.frames.size, misses: tryOn.renders.misses });
    const before = stats();
    const keypoints = frameKeypoints(1);
    const frame = async (input: Record<string, unknown>) => (await app.gql<{ uploadSessionFrame: Render & { megapixels: number; maxMegapixels: number } }>(FRAME, { s, input }, kiosk.token)).data!.uploadSessionFrame;

    expect(await frame({ image: { base64: Buffer.from('definitely not a picture').toString('base64') }, keypoints })).toMatchObject({ __typename: 'NotAnImageError', field: 'input.image' });
    expect(await frame({ image: { base64: '%%%' }, keypoints })).toMatchObject({ __typename: 'NotAnImageError' });
    expect(await frame({ image: {}, keypoints })).toMatchObject({ __typename: 'NotAnImageError' });
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } }).gif().toBuffer();
    expect(await frame({ image: { base64: gif.toString('base64') }, keypoints })).toMatchObject({ __typename: 'NotAnImageError', message: 'Images must be JPEG, PNG or WebP, not GIF' });
    const huge = await solidPng(4000, 3001, { r: 10, g: 10, b: 10 });
    expect(huge.length).toBeLessThan(200_000);
    expect(await frame({ image: { base64: huge.toString('base64') }, keypoints })).toMatchObject({ __typename: 'ImageTooLargeError', megapixels: 12, maxMegapixels: 12 });
    const noAnkles = await app.gql(FRAME, { s, input: { image: { base64: (await solidPng(768, 1024, { r: 0, g: 0, b: 0 })).toString('base64') }, keypoints: keypoints.filter((k) => !k.name.endsWith('ankle')) } }, kiosk.token);
    expect(noAnkles.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.keypoints' });
    const offFrame = await app.gql(FRAME, { s, input: { image: { base64: (await solidPng(100, 100, { r: 0, g: 0, b: 0 })).toString('base64') }, keypoints } }, kiosk.token);
    expect(offFrame.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.keypoints[0].x' });

    const product = await app.dataSource.query(`SELECT id FROM product LIMIT 1`);
    expect(await render(s, [{ variantId: product[0].id }])).toMatchObject({ __typename: 'NotAGarmentError', code: 'NOT_A_GARMENT', field: 'items[0].variantId', message: expect.stringMatching(/is a product, not a variant/) });
    expect(await render(s, [{ variantId: v.top.id }, { variantId: '00000000-0000-4000-8000-000000000000' }])).toMatchObject({ __typename: 'NotAGarmentError', field: 'items[1].variantId' });
    const five = [v.shoes, v.bottom, v.top, v.jacket, v.top2].map((x) => ({ variantId: x.id }));
    expect(await render(s, five)).toMatchObject({ __typename: 'TooManyItemsError', given: 5, max: 4 });
    expect(await render(s, [{ variantId: v.top.id }, { variantId: v.top2.id }])).toMatchObject({ __typename: 'InvalidInputError', field: 'items[1]' });
    expect(await render(s, [{ variantId: v.top.id, size: '3XL' }])).toMatchObject({ __typename: 'InvalidInputError', field: 'items[0].size', message: expect.stringMatching(/comes in S, M, L, XL/) });
    expect(await render(s, [])).toMatchObject({ __typename: 'InvalidInputError', field: 'items' });
    expect(await render(await session(kiosk.token, false), [{ variantId: v.top.id }])).toMatchObject({ __typename: 'NoBodyProfileError' });
    expect(stats()).toEqual(before);

    // Garment images: no anchors, no transparency, not an image, too large: refused, nothing stored.
    const tee = drawGarment({ garmentType: 'TOP', categoryPath: 'apparel/tops/t-shirts', colour: 'Orange', gender: 'MEN', fitType: 'REGULAR' });
    const png = await sharp(Buffer.from(tee.svg)).png().toBuffer();
    const asset = async (input: Record<string, unknown>) => (await app.gql<{ uploadGarmentAsset: Render & { missingAnchors: string[]; problems: string[] } }>(ASSET, { input }, merch)).data!.uploadGarmentAsset;
    const noAnchors = await asset({ productId: v.top.productId, image: { base64: png.toString('base64') }, anchors: [] });
    expect(noAnchors).toMatchObject({ __typename: 'InvalidGarmentAssetError', code: 'INVALID_GARMENT_ASSET', missingAnchors: ['neckline', 'left_shoulder', 'right_shoulder', 'left_waist', 'right_waist', 'left_hem', 'right_hem'] });
    const anchors = Object.entries(tee.anchors).map(([name, p]) => ({ name: name.toUpperCase(), x: p!.x, y: p!.y }));
    const opaque = await sharp(Buffer.from(tee.svg)).flatten({ background: '#fff' }).jpeg().toBuffer();
    expect(await asset({ productId: v.top.productId, image: { base64: opaque.toString('base64') }, anchors })).toMatchObject({ __typename: 'InvalidGarmentAssetError', problems: [expect.stringMatching(/no transparency/)] });
    const swapped = anchors.map((a) => ({ ...a, name: a.name.startsWith('LEFT_') ? a.name.replace('LEFT_', 'RIGHT_') : a.name.replace('RIGHT_', 'LEFT_') }));
    expect((await asset({ productId: v.top.productId, image: { base64: png.toString('base64') }, anchors: swapped })).problems).toContain("left_shoulder must be to the right of right_shoulder in the image (the wearer's left, seen from the front)");
    expect(await asset({ productId: v.top.productId, image: { base64: huge.toString('base64') }, anchors })).toMatchObject({ __typename: 'ImageTooLargeError' });
    expect(await asset({ productId: v.top.productId, image: { base64: 'bm90IGFuIGltYWdl' }, anchors })).toMatchObject({ __typename: 'NotAnImageError' });
    expect(await asset({ productId: v.top.productId, colour: 'Purple', image: { base64: png.toString('base64') }, anchors })).toMatchObject({ __typename: 'NotFoundError' });
    expect(await app.dataSource.getRepository(GarmentAssetEntity).count()).toBe(0);
    const kioskAsset = await app.gql(ASSET, { input: { productId: v.top.productId, image: { base64: png.toString('base64') }, anchors } }, kiosk.token);
    expect(kioskAsset.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    // Staged uploads: a bearer token of a kiosk or merchandiser is required.
    expect((await fetch(`${origin}/tryon/uploads`, { method: 'POST', body: png })).status).toBe(401);
    expect((await fetch(`${origin}/tryon/uploads`, { method: 'POST', headers: { authorization: `Bearer ${await app.customerToken('tryon-customer')}` }, body: png })).status).toBe(403);
  });

  it("uses a merchandiser's garment image once uploaded (staged), per colour, until it is deleted", async () => {
    const tee = drawGarment({ garmentType: 'TOP', categoryPath: 'apparel/tops/t-shirts', colour: 'Sand', gender: 'MEN', fitType: 'REGULAR' });
    const png = await sharp(Buffer.from(tee.svg)).png().toBuffer();
    const staged = await fetch(`${origin}/tryon/uploads`, { method: 'POST', headers: { authorization: `Bearer ${merch}`, 'content-type': 'application/octet-stream' }, body: png });
    expect(staged.status).toBe(201);
    const { uploadId } = (await staged.json()) as { uploadId: string };
    const anchors = Object.entries(tee.anchors).map(([name, p]) => ({ name: name.toUpperCase(), x: p!.x, y: p!.y }));
    const stored = await app.gql<{ uploadGarmentAsset: { __typename: string; source: string; colour: string; anchors: unknown[] } }>(ASSET, { input: { productId: v.top.productId, colour: 'red', image: { uploadId }, anchors } }, merch);
    expect(stored.data!.uploadGarmentAsset).toMatchObject({ __typename: 'GarmentAsset', source: 'UPLOADED', colour: 'Red' });
    expect(stored.data!.uploadGarmentAsset.anchors).toHaveLength(anchors.length);
    const row = await app.dataSource.getRepository(GarmentAssetEntity).findOneByOrFail({ productId: v.top.productId });
    expect(row.uploadedBy).not.toBeNull();

    const s = await session();
    const r = await render(s, [{ variantId: v.top.id }]);
    expect(r.items[0].assetSource).toBe('UPLOADED');
    // The uploaded image is sand-coloured, the product's generated one red.
    const [red, green, blue] = (await picture(r)).at(pose.lines.chest.cx + pose.lines.chest.half * 0.5, pose.lines.chest.y);
    expect(red).toBeGreaterThan(150);
    expect(green).toBeGreaterThan(130);
    expect(blue).toBeGreaterThan(90);

    const query = `query($p: ID!, $c: String) { garmentAsset(productId: $p, colour: $c) { __typename ... on GarmentAsset { source colour } } }`;
    expect((await app.gql<{ garmentAsset: unknown }>(query, { p: v.top.productId, c: 'Red' }, merch)).data!.garmentAsset).toEqual({ __typename: 'GarmentAsset', source: 'UPLOADED', colour: 'Red' });
    expect((await app.gql<{ garmentAsset: unknown }>(query, { p: v.bottom.productId }, merch)).data!.garmentAsset).toEqual({ __typename: 'GarmentAsset', source: 'GENERATED', colour: null });
    const deleted = await app.gql<{ deleteGarmentAsset: boolean }>(`mutation($p: ID!, $c: String) { deleteGarmentAsset(productId: $p, colour: $c) }`, { p: v.top.productId, c: 'Red' }, merch);
    expect(deleted.data!.deleteGarmentAsset).toBe(true);
    expect((await render(s, [{ variantId: v.top.id }])).items[0].assetSource).toBe('GENERATED');
  });

  it('serves product pictures publicly at the address the catalogue gives, per colour and width', async () => {
    const q = `query($id: ID!) { product(id: $id) { __typename ... on Product { small: imageUrl(width: 100) card: imageUrl navy: imageUrl(colour: "navy", width: 500) } } }`;
    const res = await app.gql<{ product: { small: string; card: string; navy: string } }>(q, { id: v.bottom.productId }, kiosk.token);
    const { small, card, navy } = res.data!.product;
    expect(small).toBe(`/catalog/images/${v.bottom.productId}.webp?w=160`);
    expect(navy).toBe(`/catalog/images/${v.bottom.productId}.webp?w=640&colour=navy`);
    for (const [url, width] of [[small, 160], [card, 320], [navy, 640]] as const) {
      const got = await fetch(origin + url);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(Buffer.from(await got.arrayBuffer())).metadata();
      expect(meta.width).toBe(width);
      const again = await fetch(origin + url, { headers: { 'if-none-match': got.headers.get('etag')! } });
      expect(again.status).toBe(304);
    }
    // The trousers are navy: the middle of the picture is dark blue, its corner the light backdrop.
    const pic = await sharp(Buffer.from(await (await fetch(origin + card)).arrayBuffer())).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => Array.from(pic.data.subarray((y * pic.info.width + x) * 3, (y * pic.info.width + x) * 3 + 3));
    const [r, g, b] = at(Math.round(pic.info.width * 0.4), Math.round(pic.info.height * 0.2));
    expect(b).toBeGreaterThan(r);
    expect(r + g + b).toBeLessThan(330);
    expect(at(2, 2).reduce((a, c) => a + c, 0)).toBeGreaterThan(650);

    for (const bad of [`/catalog/images/${v.bottom.productId}.webp?colour=purple`, '/catalog/images/not-a-uuid.webp', `/catalog/images/00000000-0000-4000-8000-000000000000.webp`, `/catalog/images/${v.bottom.productId}.png`]) {
      expect((await fetch(origin + bad)).status).toBe(404);
    }
  });

  it('the phone previews the latest try-on render when the cart is handed off', async () => {
    const s = await session();
    await render(s, [{ variantId: v.top.id }], { format: 'JPEG' });
    const store = (await app.dataSource.query(`SELECT store_id FROM kiosk WHERE id = $1`, [kiosk.id]))[0].store_id;
    await app.dataSource.query(`INSERT INTO inventory (store_id, variant_id, on_hand, reserved) VALUES ($1, $2, 3, 0) ON CONFLICT DO NOTHING`, [store, v.top.id]);
    const cart = await app.gql<{ addToCart: { id: string } }>(`mutation($s: ID!, $v: ID!) { addToCart(sessionId: $s, variantId: $v) { ... on Cart { id } } }`, { s, v: v.top.id }, kiosk.token);
    const handoff = await app.gql<{ createCartHandoff: { qrPayload: string } }>(`mutation($c: ID!) { createCartHandoff(cartId: $c) { ... on CartHandoff { qrPayload } } }`, { c: cart.data!.addToCart.id }, kiosk.token);
    const token = handoff.data!.createCartHandoff.qrPayload.split('#').pop();
    const preview = await app.gql<{ claimCartHandoff: { tryOnSnapshotUrl: string | null } }>(`mutation($t: String) { claimCartHandoff(token: $t) { ... on HandoffPreview { tryOnSnapshotUrl } } }`, { t: token }, await app.customerToken('snapshot-phone'));
    const url = preview.data!.claimCartHandoff.tryOnSnapshotUrl;
    expect(url).toMatch(/^\/renders\/|^http/);
    const res = await fetch(url!.startsWith('http') ? url! : origin + url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/image\/jpeg/);
  });
});

import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useRef, useState } from 'react';
import { graphql } from '../gql';
import type { GarmentAnchorName, GarmentType } from '../gql/graphql';
import { ApiError, request } from '../shared/api';
import { AnchorChecklist, AnchorPlacer } from './AnchorPlacer';
import { anchorProblems, anchorSteps, type BottomLength, type Placed } from './anchors';
import { Busy, dateTime, LoadedView, SectionHeader, useAction, useLoad, useSession } from './common';
import { ProductPicker, type PickedProduct } from './ProductPicker';

const AssetQuery = graphql(`
  query MerchGarmentAsset($productId: ID!, $colour: String) {
    garmentAsset(productId: $productId, colour: $colour) {
      __typename
      ... on GarmentAsset {
        source
        colour
        width
        height
        updatedAt
        uploadedBy
        anchors {
          name
          x
          y
        }
      }
      ... on NotFoundError {
        message
      }
    }
    product(id: $productId) {
      __typename
      ... on Product {
        id
        imageUrl(colour: $colour, width: 640)
      }
    }
  }
`);

const UploadMutation = graphql(`
  mutation MerchUploadGarmentAsset($input: UploadGarmentAssetInput!) {
    uploadGarmentAsset(input: $input) {
      __typename
      ... on GarmentAsset {
        source
        colour
        width
        height
        updatedAt
      }
      ... on InvalidGarmentAssetError {
        message
        missingAnchors
        problems
      }
      ... on ImageTooLargeError {
        message
        maxMegapixels
      }
      ... on NotAnImageError {
        message
      }
      ... on NotFoundError {
        message
      }
    }
  }
`);

const DeleteMutation = graphql(`
  mutation MerchDeleteGarmentAsset($productId: ID!, $colour: String) {
    deleteGarmentAsset(productId: $productId, colour: $colour)
  }
`);

/** Above this the image goes to POST /tryon/uploads first (the GraphQL body is limited to 256 KB, and base64 adds a third). */
const INLINE_LIMIT = 190 * 1024;
const MAX_MEGAPIXELS = 12;

interface PickedImage {
  file: File;
  url: string;
  width: number;
  height: number;
  /** Share of (sampled) pixels that are mostly transparent. */
  clear: number;
}

/** Reads a picked file: its size, and whether it has a transparent background (sampled). */
async function inspect(file: File): Promise<PickedImage> {
  const url = URL.createObjectURL(file);
  const img = new Image();
  img.src = url;
  try {
    await img.decode();
  } catch {
    URL.revokeObjectURL(url);
    throw new Error('This file is not an image the browser can read. Choose a PNG or WebP.');
  }
  const s = Math.min(1, 256 / Math.max(img.naturalWidth, img.naturalHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(img.naturalWidth * s));
  canvas.height = Math.max(1, Math.round(img.naturalHeight * s));
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(img, 0, 0, canvas.width, canvas.height);
  const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
  let clear = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] < 16) clear++;
  return { file, url, width: img.naturalWidth, height: img.naturalHeight, clear: clear / (data.length / 4) };
}

type UploadOutcome =
  | { kind: 'stored'; at: string | null; width: number; height: number }
  | { kind: 'refused'; title: string; lines: string[] };

/** Garment images for try-ons: pick a product, a transparent PNG, click its anchor points, upload. */
export function AssetsSection() {
  const [product, setProduct] = useState<PickedProduct | null>(null);
  const [colour, setColour] = useState<string>('');
  const [version, setVersion] = useState(0);

  const colours = useMemo(() => [...new Set(product?.variants.map((v) => v.colour) ?? [])], [product]);

  return (
    <>
      <SectionHeader title="Garment images" subtitle="The image a product is drawn with in try-ons, and its catalogue picture. Upload a front view on a transparent background and mark where it meets the body." />
      <Box sx={{ display: 'grid', gridTemplateColumns: '360px minmax(0, 1fr)', gap: 3, alignItems: 'start' }}>
        <Stack spacing={2}>
          <Paper sx={{ p: 2.5 }}>
            <Stack spacing={2}>
              <ProductPicker
                label="Product"
                value={product?.id ?? null}
                testId="asset-product"
                autoFocus
                onChange={(p) => {
                  setProduct(p);
                  setColour('');
                }}
              />
              <TextField select label="Colour" value={colour} slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }} onChange={(e) => setColour(e.target.value)} disabled={!product} helperText="An image for one colour, or one for every colour without its own.">
                <MenuItem value="">Every colour without its own image</MenuItem>
                {colours.map((c) => (
                  <MenuItem key={c} value={c}>
                    {c}
                  </MenuItem>
                ))}
              </TextField>
            </Stack>
          </Paper>
          {product && <CurrentAsset key={`${product.id}|${colour}|${version}`} product={product} colour={colour || null} version={version} onDeleted={() => setVersion((v) => v + 1)} />}
        </Stack>
        {product ? (
          <Uploader key={`${product.id}|${colour}`} product={product} colour={colour || null} onStored={() => setVersion((v) => v + 1)} />
        ) : (
          <Paper sx={{ p: 4 }}>
            <Typography color="text.secondary">Choose a product to see its images and upload a new one.</Typography>
          </Paper>
        )}
      </Box>
    </>
  );
}

function CurrentAsset(props: { product: PickedProduct; colour: string | null; version: number; onDeleted: () => void }) {
  const loaded = useLoad((t) => request(AssetQuery, { productId: props.product.id, colour: props.colour }, t), []);
  const del = useAction();
  return (
    <Paper sx={{ p: 2.5 }} component="section" aria-labelledby="current-asset-title" data-testid="current-asset">
      <Typography variant="h6" component="h3" id="current-asset-title">
        {props.product.name}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
        {props.product.brand} · {props.product.sku} · {props.product.garmentType.toLowerCase()} · {props.colour ?? 'every colour'}
      </Typography>
      <LoadedView loaded={loaded} label="Loading the images…">
        {(d) => {
          const a = d.garmentAsset;
          const url = d.product.__typename === 'Product' ? `${d.product.imageUrl}&v=${props.version}` : null;
          return (
            <Stack spacing={1.5}>
              {url && (
                <Box>
                  <Typography variant="subtitle2">Catalogue picture</Typography>
                  <Box component="img" src={url} alt={`Catalogue picture of ${props.product.name}`} data-testid="catalogue-picture" sx={{ width: '100%', aspectRatio: '4 / 5', objectFit: 'cover', borderRadius: 1, bgcolor: 'grey.100' }} />
                </Box>
              )}
              {a.__typename === 'NotFoundError' ? (
                <Alert severity="warning">{a.message}</Alert>
              ) : (
                <>
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                    <Typography variant="subtitle2">Try-on image:</Typography>
                    <Chip size="small" color={a.source === 'UPLOADED' ? 'success' : 'default'} label={a.source === 'UPLOADED' ? 'Uploaded' : 'Generated'} data-testid="asset-source" />
                  </Stack>
                  <Typography variant="body2" color="text.secondary">
                    {a.source === 'UPLOADED' ? `Uploaded ${dateTime(a.updatedAt)}${a.colour ? ` for ${a.colour}` : ' for every colour without its own'}; stored at ${a.width} × ${a.height} px with ${a.anchors.length} anchors.` : 'Drawn by the server from the garment type and colour, until an image is uploaded.'}
                  </Typography>
                  {a.source === 'UPLOADED' && (
                    <Box>
                      <Button
                        color="error"
                        variant="outlined"
                        size="small"
                        disabled={del.busy}
                        onClick={async () => {
                          const r = await del.run((t) => request(DeleteMutation, { productId: props.product.id, colour: props.colour }, t));
                          if (r !== undefined) props.onDeleted();
                        }}
                      >
                        {del.busy ? 'Deleting…' : 'Delete the upload (back to generated)'}
                      </Button>
                      {del.error && <Alert severity="error">{del.error}</Alert>}
                    </Box>
                  )}
                </>
              )}
            </Stack>
          );
        }}
      </LoadedView>
    </Paper>
  );
}

function Uploader(props: { product: PickedProduct; colour: string | null; onStored: () => void }) {
  const { token, signOut } = useSession();
  const type = props.product.garmentType as GarmentType;
  const [length, setLength] = useState<BottomLength>('FULL');
  const steps = useMemo(() => anchorSteps(type, length), [type, length]);
  const [image, setImage] = useState<PickedImage | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [placed, setPlaced] = useState<Placed>({});
  const [active, setActive] = useState<GarmentAnchorName | null>(steps[0].name);
  const [phase, setPhase] = useState<'idle' | 'staging' | 'saving'>('idle');
  const [outcome, setOutcome] = useState<UploadOutcome | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => () => void (image && URL.revokeObjectURL(image.url)), [image]);

  // A different length of bottoms asks for different points: keep the ones both ask for.
  useEffect(() => {
    setPlaced((p) => Object.fromEntries(Object.entries(p).filter(([n]) => steps.some((s) => s.name === n))) as Placed);
    setActive((a) => (a && steps.some((s) => s.name === a) ? a : (steps.find((s) => !placed[s.name])?.name ?? null)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [steps]);

  async function pick(file: File | undefined) {
    if (!file) return;
    setReadError(null);
    setOutcome(null);
    setReading(true);
    try {
      const img = await inspect(file);
      setImage(img);
      setPlaced({});
      setActive(steps[0].name);
    } catch (e) {
      setReadError((e as Error).message);
    } finally {
      setReading(false);
    }
  }

  const place = (name: GarmentAnchorName, p: { x: number; y: number }) => {
    setOutcome(null);
    const next = { ...placed, [name]: p };
    setPlaced(next);
    if (active === name && !placed[name]) setActive(steps.find((s) => !next[s.name])?.name ?? null);
  };
  const redo = (name: GarmentAnchorName) => {
    setOutcome(null);
    setPlaced((prev) => {
      const next = { ...prev };
      delete next[name];
      return next;
    });
    setActive(name);
  };

  const missing = steps.filter((s) => s.required && !placed[s.name]);
  const problems = anchorProblems(type, placed);
  const megapixels = image ? (image.width * image.height) / 1e6 : 0;
  const imageProblem = !image
    ? null
    : !/^image\/(png|webp)$/.test(image.file.type)
      ? 'This is not a PNG or WebP: only those keep a transparent background. Export the cut-out garment as PNG.'
      : image.clear < 0.05
        ? 'The background does not look transparent (less than 5% of the image is clear): cut the garment out first.'
        : megapixels > MAX_MEGAPIXELS
          ? `The image has ${megapixels.toFixed(1)} megapixels; at most ${MAX_MEGAPIXELS} are accepted.`
          : null;
  const canUpload = !!image && !imageProblem && missing.length === 0 && problems.length === 0 && phase === 'idle';

  async function upload() {
    if (!image) return;
    setOutcome(null);
    try {
      let imageInput: { base64?: string; uploadId?: string };
      if (image.file.size > INLINE_LIMIT) {
        setPhase('staging');
        let res: Response;
        try {
          res = await fetch('/tryon/uploads', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': image.file.type || 'application/octet-stream' }, body: image.file });
        } catch {
          throw new ApiError('The Mirrorfit service cannot be reached: the image was not sent. Try again when the connection is back.', 'UNREACHABLE');
        }
        if (res.status === 401) {
          signOut('Your session has expired: please sign in again.');
          return;
        }
        const body = (await res.json().catch(() => ({}))) as { uploadId?: string; error?: { message?: string }; message?: string };
        if (!res.ok || !body.uploadId) throw new Error(body.error?.message ?? body.message ?? (res.status === 413 ? 'The file is too large to upload.' : `The image could not be sent (HTTP ${res.status}).`));
        imageInput = { uploadId: body.uploadId };
      } else {
        const dataUrl = await new Promise<string>((resolve, reject) => {
          const r = new FileReader();
          r.onload = () => resolve(r.result as string);
          r.onerror = () => reject(new Error('The file could not be read.'));
          r.readAsDataURL(image.file);
        });
        imageInput = { base64: dataUrl };
      }
      setPhase('saving');
      const anchors = steps.filter((s) => placed[s.name]).map((s) => ({ name: s.name, x: placed[s.name]!.x, y: placed[s.name]!.y }));
      const d = await request(UploadMutation, { input: { productId: props.product.id, colour: props.colour, image: imageInput, anchors } }, token);
      const r = d.uploadGarmentAsset;
      if (r.__typename === 'GarmentAsset') {
        setOutcome({ kind: 'stored', at: r.updatedAt ?? null, width: r.width, height: r.height });
        props.onStored();
      } else if (r.__typename === 'InvalidGarmentAssetError') {
        setOutcome({ kind: 'refused', title: 'The image was refused: nothing changed', lines: [...(r.missingAnchors.length ? [`Missing anchors: ${r.missingAnchors.join(', ')}`] : []), ...r.problems] });
      } else if (r.__typename === 'ImageTooLargeError') {
        setOutcome({ kind: 'refused', title: 'The image is too large', lines: [r.message] });
      } else {
        setOutcome({ kind: 'refused', title: 'The image was refused', lines: [r.message] });
      }
    } catch (e) {
      if (e instanceof ApiError && e.failure === 'UNAUTHENTICATED') signOut('Your session has expired: please sign in again.');
      setOutcome({ kind: 'refused', title: 'The upload did not go through', lines: [(e as Error).message] });
    } finally {
      setPhase('idle');
    }
  }

  return (
    <Paper sx={{ p: 2.5 }} component="section" aria-labelledby="upload-title">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h3" id="upload-title" sx={{ flexGrow: 1 }}>
          Upload a new try-on image{props.colour ? ` for ${props.colour}` : ''}
        </Typography>
        <input ref={fileInput} type="file" accept="image/png,image/webp" hidden data-testid="asset-file" onChange={(e) => void pick(e.target.files?.[0] ?? undefined)} />
        <Button variant={image ? 'outlined' : 'contained'} onClick={() => fileInput.current?.click()} disabled={reading || phase !== 'idle'}>
          {image ? 'Choose another image' : 'Choose a PNG…'}
        </Button>
      </Stack>
      {reading && <Busy label="Reading the image…" />}
      {readError && <Alert severity="error">{readError}</Alert>}
      {!image && !reading && (
        <Typography color="text.secondary">
          A front view of the {type.toLowerCase()} as a PNG (or WebP) with a transparent background, up to {MAX_MEGAPIXELS} megapixels. You then click each anchor point on it in order.
        </Typography>
      )}
      {image && (
        <>
          {imageProblem && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {imageProblem}
            </Alert>
          )}
          {type === 'BOTTOM' && (
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
              <Typography variant="body2" id="bottom-length">
                Leg length:
              </Typography>
              <ToggleButtonGroup size="small" exclusive value={length} onChange={(_, v: BottomLength | null) => v && setLength(v)} aria-labelledby="bottom-length">
                <ToggleButton value="FULL">Full length (ankles)</ToggleButton>
                <ToggleButton value="SHORT">Shorter (hems)</ToggleButton>
              </ToggleButtonGroup>
            </Stack>
          )}
          <Box sx={{ display: 'grid', gridTemplateColumns: 'auto minmax(240px, 1fr)', gap: 3, alignItems: 'start' }}>
            <AnchorPlacer src={image.url} width={image.width} height={image.height} steps={steps} placed={placed} active={active} onPlace={place} onActivate={setActive} />
            <Stack spacing={2}>
              <AnchorChecklist steps={steps} placed={placed} active={active} onRedo={redo} onSkipOptional={() => setActive(null)} />
              <Button
                variant="text"
                onClick={() => {
                  setPlaced({});
                  setActive(steps[0].name);
                  setOutcome(null);
                }}
                disabled={Object.keys(placed).length === 0}
              >
                Start over
              </Button>
              {problems.length > 0 && (
                <Alert severity="warning">
                  <AlertTitle>Check these points</AlertTitle>
                  {problems.map((p) => (
                    <div key={p}>{p}</div>
                  ))}
                </Alert>
              )}
              <Button variant="contained" size="large" disabled={!canUpload} onClick={() => void upload()} data-testid="asset-upload">
                Upload image
              </Button>
              {!canUpload && phase === 'idle' && (
                <Typography variant="body2" color="text.secondary">
                  {imageProblem ? 'Choose a suitable image first.' : missing.length ? `Still to place: ${missing.map((m) => m.label.toLowerCase()).join(', ')}.` : problems.length ? 'Fix the points above first.' : ''}
                </Typography>
              )}
              {phase !== 'idle' && (
                <Box role="status">
                  <Typography variant="body2" sx={{ mb: 1 }}>
                    {phase === 'staging' ? `Sending the image (${Math.round(image.file.size / 1024)} KB)…` : 'Checking and storing the image…'}
                  </Typography>
                  <LinearProgress aria-label="Uploading" />
                </Box>
              )}
              {outcome?.kind === 'stored' && (
                <Alert severity="success" data-testid="asset-stored">
                  Stored ({outcome.width} × {outcome.height} px after scaling). Try-ons and the catalogue picture now use it.
                </Alert>
              )}
              {outcome?.kind === 'refused' && (
                <Alert severity="error" data-testid="asset-refused">
                  <AlertTitle>{outcome.title}</AlertTitle>
                  {outcome.lines.map((l) => (
                    <div key={l}>{l}</div>
                  ))}
                </Alert>
              )}
            </Stack>
          </Box>
        </>
      )}
    </Paper>
  );
}

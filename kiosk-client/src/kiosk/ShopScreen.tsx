import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import type { GarmentType, Placement, ProductCardFieldsFragment } from '../gql/graphql';
import { describeError, request } from '../shared/api';
import { shoeSizesText } from '../shared/shoe-sizes';
import type { FrameRefusal, Visit } from './kiosk-state';
import { Products, RecordInteraction, Recommendations, SaveProfile } from './operations';
import { ProductSheet } from './ProductSheet';
import { TryOnPanel, type OutfitItem } from './TryOnPanel';

const TYPES: { value: GarmentType; label: string }[] = [
  { value: 'TOP', label: 'Tops' },
  { value: 'BOTTOM', label: 'Bottoms' },
  { value: 'OUTERWEAR', label: 'Jackets' },
  { value: 'SHOES', label: 'Shoes' },
];

export function ShopScreen(props: { token: string; visit: Visit; onVisit: (v: Partial<Visit>) => void; onRescan: () => void; onCart: () => void }) {
  const { token, visit } = props;
  const [open, setOpen] = useState<{ id: string; placement: Placement | null } | null>(null);
  const [outfit, setOutfit] = useState<OutfitItem[]>([]);

  async function tryOn(item: OutfitItem, placement: Placement | null) {
    setOutfit((o) => [...o.filter((x) => x.layer !== item.layer), item].slice(-4));
    setOpen(null);
    if (!visit.tried.includes(item.productId)) props.onVisit({ tried: [...visit.tried, item.productId] });
    await request(RecordInteraction, { sessionId: visit.sessionId, productId: item.productId, kind: 'TRY_ON', placement }, token).catch(() => undefined);
  }

  return (
    <Stack spacing={3} sx={{ p: 3 }} data-testid="shop-screen">
      <ProfileSummary {...props} />
      {visit.frameRefusal && <FrameRefused refusal={visit.frameRefusal} onRescan={props.onRescan} onDismiss={() => props.onVisit({ frameRefusal: null })} />}
      <TryOnPanel token={token} sessionId={visit.sessionId} outfit={outfit} onOutfit={setOutfit} onCartCount={(n) => props.onVisit({ cartCount: n })} />
      <RecommendationRail token={token} visit={visit} onOpen={(id, placement) => setOpen({ id, placement })} />
      <Catalogue token={token} onOpen={(id) => setOpen({ id, placement: null })} />
      {open && (
        <ProductSheet
          token={token}
          sessionId={visit.sessionId}
          productId={open.id}
          customerSex={visit.profile?.sex ?? null}
          placement={open.placement}
          onClose={() => setOpen(null)}
          onTryOn={(item) => void tryOn(item, open.placement)}
          onAdded={(count) => props.onVisit({ cartCount: count })}
        />
      )}
    </Stack>
  );
}

type SaveState = { state: 'idle' | 'saving' | 'saved' } | { state: 'failed'; message: string };

function ProfileSummary(props: { token: string; visit: Visit; onRescan: () => void }) {
  const p = props.visit.profile;
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  // A new profile (typed or scanned again) has not been kept yet.
  useEffect(() => setSave({ state: 'idle' }), [p?.id]);
  if (!p) return null;
  const cm = (m: { valueCm: number; uncertaintyCm: number }) => `${Math.round(m.valueCm)} cm ±${Math.max(1, Math.round(m.uncertaintyCm))}`;
  const rows = [
    ['Chest', p.chest],
    ['Waist', p.waist],
    ['Hip', p.hip],
    ['Inside leg', p.inseam],
    ['Foot', p.footLength],
  ] as const;

  async function keep() {
    setSave({ state: 'saving' });
    try {
      const r = (await request(SaveProfile, { sessionId: props.visit.sessionId }, props.token)).saveBodyProfile;
      setSave(r.__typename === 'BodyProfile' ? { state: 'saved' } : { state: 'failed', message: 'message' in r ? r.message : 'Your sizes were not saved' });
    } catch (e) {
      setSave({ state: 'failed', message: describeError(e) });
    }
  }

  return (
    <Box sx={{ bgcolor: 'background.paper', borderRadius: 4, p: 3, boxShadow: 1 }} data-testid="body-profile">
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h4" sx={{ flexGrow: 1 }}>
          Your sizes {p.source === 'SCAN' ? 'from the scan' : ''}
        </Typography>
        {/* Only a signed-in member has an account to keep them in; an anonymous visit's sizes go with it. */}
        {props.visit.memberName && (
          <Button variant="outlined" disabled={save.state === 'saving' || save.state === 'saved'} data-testid="save-profile" data-state={save.state} onClick={() => void keep()}>
            {save.state === 'saved' ? 'Saved to your account' : save.state === 'saving' ? 'Saving…' : 'Keep my sizes'}
          </Button>
        )}
        <Button variant="text" onClick={props.onRescan}>
          Scan again
        </Button>
      </Stack>
      {save.state === 'saved' && (
        <Alert severity="success" data-testid="save-profile-saved" sx={{ mb: 2 }}>
          Your sizes are kept in your account. You can see or delete them in the app.
        </Alert>
      )}
      {save.state === 'failed' && (
        <Alert severity="error" data-testid="save-profile-failed" sx={{ mb: 2 }}>
          {save.message}
        </Alert>
      )}
      <Stack direction="row" useFlexGap spacing={1.5} sx={{ flexWrap: 'wrap' }}>
        {rows.map(([label, m]) => (
          <Chip key={label} label={`${label} ${cm(m)}`} variant="outlined" />
        ))}
        <Chip label={`Shoes ${shoeSizesText(p.shoeSizes, p.sex)}`} variant="outlined" data-testid="shoe-sizes" />
      </Stack>
    </Box>
  );
}

/** The scan measured the customer, but its picture could not carry clothes: the server's hint, and a way on either way. */
function FrameRefused(props: { refusal: FrameRefusal; onRescan: () => void; onDismiss: () => void }) {
  return (
    <Alert severity="warning" data-testid="frame-refused" data-codes={props.refusal.codes.join(' ')}>
      <AlertTitle sx={{ fontSize: 32 }}>{props.refusal.hint}</AlertTitle>
      Your sizes are measured, but your picture could not be used to show clothes on you, so try-ons show a figure with your measurements. Scan again to try clothes on your own picture.
      <Stack direction="row" spacing={3} sx={{ mt: 3 }}>
        <Button variant="contained" onClick={props.onRescan} data-testid="frame-rescan">
          Scan again
        </Button>
        <Button variant="outlined" onClick={props.onDismiss} data-testid="frame-refused-ok">
          Use the figure
        </Button>
      </Stack>
    </Alert>
  );
}

function RecommendationRail(props: { token: string; visit: Visit; onOpen: (id: string, placement: Placement) => void }) {
  const { visit } = props;
  const last = visit.tried[visit.tried.length - 1];
  const placement: Placement = last ? 'AFTER_TRY_ON' : 'MIRROR_HOME';
  const [items, setItems] = useState<{ explanation: string; product: ProductCardFieldsFragment }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    setError(null);
    request(Recommendations, { sessionId: visit.sessionId, placement, productId: last ?? null, limit: 12 }, props.token)
      .then((d) => {
        if (!live) return;
        const r = d.recommendations;
        if (r.__typename === 'RecommendationList') setItems(r.items);
        else setError(r.message);
      })
      .catch((e) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [props.token, visit.sessionId, placement, last, visit.cartCount, reload]);

  return (
    <Box data-testid="recs-rail" data-placement={placement}>
      <Typography variant="h4" sx={{ mb: 2 }}>
        {last ? 'Goes with what you tried' : 'Picked for you'}
      </Typography>
      {error && (
        <Alert severity="error" action={<Button color="inherit" onClick={() => setReload((n) => n + 1)}>Retry</Button>}>
          {error}
        </Alert>
      )}
      {!items && !error && <CircularProgress aria-label="Loading suggestions" />}
      {items && items.length === 0 && <Typography>Nothing in your size in this store right now.</Typography>}
      {items && (
        <Stack direction="row" spacing={2} sx={{ overflowX: 'auto', pb: 2 }}>
          {items.map((it) => (
            <ProductCard key={it.product.id} product={it.product} note={it.explanation} onOpen={() => props.onOpen(it.product.id, placement)} testId="rec-card" />
          ))}
        </Stack>
      )}
    </Box>
  );
}

function Catalogue(props: { token: string; onOpen: (id: string) => void }) {
  const [type, setType] = useState<GarmentType>('TOP');
  const [items, setItems] = useState<ProductCardFieldsFragment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setItems(null);
    setError(null);
    request(Products, { filter: { garmentType: type }, first: 24 }, props.token)
      .then((d) => live && setItems(d.products.edges.map((e) => e.node)))
      .catch((e) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [props.token, type]);
  return (
    <Box>
      <Typography variant="h4" sx={{ mb: 1 }}>
        Browse the store
      </Typography>
      <Tabs value={type} onChange={(_, v) => setType(v)} variant="fullWidth" sx={{ mb: 2, '& .MuiTab-root': { fontSize: 28, minHeight: 80 } }}>
        {TYPES.map((t) => (
          <Tab key={t.value} value={t.value} label={t.label} data-testid={`catalogue-${t.value}`} />
        ))}
      </Tabs>
      {error && <Alert severity="error">{error}</Alert>}
      {!items && !error && <CircularProgress aria-label="Loading products" />}
      {items && (
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 2 }}>
          {items.map((p) => (
            <ProductCard key={p.id} product={p} onOpen={() => props.onOpen(p.id)} testId="product-card" />
          ))}
        </Box>
      )}
    </Box>
  );
}

function ProductCard(props: { product: ProductCardFieldsFragment; note?: string; onOpen: () => void; testId: string }) {
  const p = props.product;
  return (
    <Box
      component="button"
      onClick={props.onOpen}
      data-testid={props.testId}
      data-product-id={p.id}
      data-garment-type={p.garmentType}
      sx={{ all: 'unset', cursor: 'pointer', flex: '0 0 300px', bgcolor: 'background.paper', borderRadius: 4, boxShadow: 1, overflow: 'hidden', display: 'flex', flexDirection: 'column', '&:focus-visible': { outline: '4px solid #0a4da2' } }}
    >
      <img src={p.imageUrl} alt="" width={320} height={400} style={{ width: '100%', height: 'auto', display: 'block' }} loading="lazy" />
      <Box sx={{ p: 2 }}>
        <Typography variant="body2" color="text.secondary">
          {p.brand}
        </Typography>
        <Typography variant="h6" sx={{ lineHeight: 1.2 }}>
          {p.name}
        </Typography>
        <Typography variant="h6" color="primary">
          {p.price.formatted}
        </Typography>
        {props.note && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {props.note}
          </Typography>
        )}
      </Box>
    </Box>
  );
}

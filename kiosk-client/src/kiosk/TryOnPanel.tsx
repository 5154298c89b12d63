import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useRef, useState } from 'react';
import type { GarmentType, RenderTryOnMutation } from '../gql/graphql';
import { describeError, request } from '../shared/api';
import { fitLabel, VERDICT_COLOUR } from './fit';
import { AddToCart, RenderTryOn } from './operations';

export interface OutfitItem {
  productId: string;
  variantId: string;
  layer: GarmentType;
  /** null: the advised size. */
  size: string | null;
  name: string;
  sizes: string[];
}

type Render = Extract<RenderTryOnMutation['renderTryOn'], { __typename: 'TryOnRender' }>;

/** The customer wearing the outfit (one garment per layer), re-drawn when an item or a size changes. */
export function TryOnPanel(props: { token: string; sessionId: string; outfit: OutfitItem[]; onOutfit: (o: OutfitItem[]) => void; onCartCount: (n: number) => void }) {
  const [render, setRender] = useState<Render | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const key = JSON.stringify(props.outfit.map((o) => [o.variantId, o.size]));
  const panel = useRef<HTMLDivElement>(null);
  // A new garment or size: bring the customer's picture into view.
  useEffect(() => {
    if (props.outfit.length) panel.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [key, props.outfit.length]);

  useEffect(() => {
    if (!props.outfit.length) {
      setRender(null);
      return;
    }
    let live = true;
    setBusy(true);
    setError(null);
    request(RenderTryOn, { sessionId: props.sessionId, items: props.outfit.map((o) => ({ variantId: o.variantId, size: o.size })) }, props.token)
      .then((d) => {
        if (!live) return;
        const r = d.renderTryOn;
        if (r.__typename === 'TryOnRender') setRender(r);
        else setError(r.message);
      })
      .catch((e) => live && setError(describeError(e)))
      .finally(() => live && setBusy(false));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, props.sessionId, props.token]);

  if (!props.outfit.length)
    return (
      <Box sx={{ bgcolor: 'background.paper', borderRadius: 4, p: 3, boxShadow: 1 }}>
        <Typography variant="h5">Tap any item below, then “Try it on” to see yourself wearing it.</Typography>
      </Box>
    );

  async function addOutfitItem(variantSize: { productId: string; variantId: string }) {
    setAdded(null);
    try {
      const r = (await request(AddToCart, { sessionId: props.sessionId, variantId: variantSize.variantId, quantity: 1 }, props.token)).addToCart;
      if (r.__typename === 'Cart') {
        props.onCartCount(r.itemCount);
        setAdded('Added to your cart');
      } else setAdded(r.message);
    } catch (e) {
      setAdded(describeError(e));
    }
  }

  return (
    <Stack ref={panel} direction="row" spacing={3} sx={{ bgcolor: 'background.paper', borderRadius: 4, p: 3, boxShadow: 1, scrollMarginTop: 16 }} data-testid="tryon-panel">
      <Box sx={{ position: 'relative', flex: '0 0 480px', minHeight: 640, bgcolor: '#e5e7eb', borderRadius: 3, overflow: 'hidden' }}>
        {render && <img src={render.image.url} alt="You wearing the outfit" data-testid="tryon-image" data-render-id={render.id} data-mode={render.mode} style={{ width: '100%', height: 'auto', display: 'block' }} />}
        {busy && (
          <Stack spacing={2} sx={{ alignItems: 'center', justifyContent: 'center', position: 'absolute', inset: 0, bgcolor: 'rgba(255,255,255,0.7)' }}>
            <CircularProgress size={80} aria-label="Drawing your try-on" />
            <Typography variant="h6">Dressing you…</Typography>
          </Stack>
        )}
      </Box>
      <Stack spacing={2} sx={{ flexGrow: 1, minWidth: 0 }} data-testid="tryon-notes">
        <Typography variant="h4">Your try-on</Typography>
        {error && <Alert severity="error">{error}</Alert>}
        {added && <Alert severity={added.startsWith('Added') ? 'success' : 'warning'} data-testid="tryon-added">{added}</Alert>}
        {render?.items.map((it) => {
          const mine = props.outfit.find((o) => o.productId === it.product.id);
          return (
            <Box key={it.product.id} data-testid="tryon-item" data-size={it.size}>
              <Typography variant="h6">{it.product.name}</Typography>
              <Typography variant="body2" color="text.secondary">
                Size {it.size}
                {it.advisedSize && it.advisedSize !== it.size ? ` (we advise ${it.advisedSize})` : it.advisedSize ? ' (your size)' : ''} · {it.note}
              </Typography>
              <Stack direction="row" useFlexGap spacing={1} sx={{ flexWrap: 'wrap', my: 1 }}>
                {it.fit.map((f) => (
                  <Chip key={f.region} label={fitLabel(f)} color={VERDICT_COLOUR[f.verdict]} variant="outlined" />
                ))}
              </Stack>
              {mine && (
                <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                  <ToggleButtonGroup
                    exclusive
                    size="small"
                    value={it.size}
                    aria-label={`Size of ${it.product.name}`}
                    onChange={(_, v: string | null) => v && props.onOutfit(props.outfit.map((o) => (o.productId === mine.productId ? { ...o, size: v === it.advisedSize ? null : v } : o)))}
                  >
                    {mine.sizes.map((s) => (
                      <ToggleButton key={s} value={s} data-testid="tryon-size">
                        {s}
                      </ToggleButton>
                    ))}
                  </ToggleButtonGroup>
                  <Button variant="outlined" onClick={() => void addOutfitItem({ productId: it.product.id, variantId: it.variant.id })} data-testid="tryon-add-to-cart">
                    Add {it.size}
                  </Button>
                  <Button variant="text" onClick={() => props.onOutfit(props.outfit.filter((o) => o.productId !== mine.productId))}>
                    Take off
                  </Button>
                </Stack>
              )}
            </Box>
          );
        })}
      </Stack>
    </Stack>
  );
}

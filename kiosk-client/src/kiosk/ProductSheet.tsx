import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { useEffect, useMemo, useState } from 'react';
import type { Placement, ProductDetailQuery, SizeAdviceQuery } from '../gql/graphql';
import { describeError, request } from '../shared/api';
import { shoeSizesText } from '../shared/shoe-sizes';
import { fitLabel, VERDICT_COLOUR } from './fit';
import { AddToCart, ProductDetail, RecordInteraction, SizeAdviceQuery as SizeAdviceDoc } from './operations';
import type { OutfitItem } from './TryOnPanel';

type Product = Extract<ProductDetailQuery['product'], { __typename: 'Product' }>;
type Advice = SizeAdviceQuery['sizeAdvice'];

/** One product: the size that fits and how, what this store has, try it on or add it to the cart. */
export function ProductSheet(props: {
  token: string;
  sessionId: string;
  productId: string;
  placement: Placement | null;
  /** The sex the customer gave with their measurements ("M", "F"), for the US shoe scale; null when not known. */
  customerSex: string | null;
  onClose: () => void;
  onTryOn: (item: OutfitItem) => void;
  onAdded: (cartCount: number) => void;
}) {
  const [product, setProduct] = useState<Product | null>(null);
  const [advice, setAdvice] = useState<Advice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [colour, setColour] = useState<string | null>(null);
  const [size, setSize] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const { token, sessionId, productId, placement } = props;
    request(ProductDetail, { id: productId }, token)
      .then((d) => {
        if (!live) return;
        if (d.product.__typename !== 'Product') return setError('message' in d.product ? d.product.message : 'Not found');
        setProduct(d.product);
        setColour(d.product.variants[0]?.colour ?? null);
      })
      .catch((e) => live && setError(describeError(e)));
    request(SizeAdviceDoc, { sessionId, productId }, token)
      .then((d) => {
        if (!live) return;
        setAdvice(d.sizeAdvice);
        if (d.sizeAdvice.__typename === 'SizeAdvice') setSize(d.sizeAdvice.size);
      })
      .catch((e) => live && setError(describeError(e)));
    void request(RecordInteraction, { sessionId, productId, kind: placement ? 'CLICK' : 'VIEW', placement }, token).catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.productId]);

  // Start on a colour this store has in the advised size, when there is one.
  useEffect(() => {
    if (!product || advice?.__typename !== 'SizeAdvice') return;
    const here = product.variants.find((v) => v.sizeLabel === advice.size && v.availableHere > 0);
    if (here) setColour(here.colour);
  }, [product, advice]);

  const colours = useMemo(() => [...new Set(product?.variants.map((v) => v.colour) ?? [])], [product]);
  const sizes = product?.variants.filter((v) => v.colour === colour) ?? [];
  const chosen = sizes.find((v) => v.sizeLabel === size) ?? null;

  async function addToCart() {
    if (!chosen) return;
    setAdding(true);
    setAdded(null);
    try {
      const r = (await request(AddToCart, { sessionId: props.sessionId, variantId: chosen.id, quantity: 1 }, props.token)).addToCart;
      if (r.__typename === 'Cart') {
        props.onAdded(r.itemCount);
        setAdded('ok');
      } else setAdded(r.message);
    } catch (e) {
      setAdded(describeError(e));
    } finally {
      setAdding(false);
    }
  }

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="lg" slotProps={{ paper: { sx: { borderRadius: 6, p: 4 } } }}>
      <Box data-testid="product-sheet" data-product-id={props.productId}>
        {error && <Alert severity="error">{error}</Alert>}
        {!product && !error && <CircularProgress size={72} aria-label="Loading the product" />}
        {product && (
          <Stack direction="row" spacing={4}>
            <img src={product.imageUrl640} alt={product.name} width={360} height={450} style={{ borderRadius: 16, flex: '0 0 360px', background: '#f3f4f6' }} data-testid="product-image" />
            <Stack spacing={2.5} sx={{ flexGrow: 1 }}>
              <Typography variant="body1" color="text.secondary">
                {product.brand}
              </Typography>
              <Typography variant="h3">{product.name}</Typography>
              <Typography variant="h4" color="primary">
                {product.price.formatted}
              </Typography>
              <AdviceBlock advice={advice} customerSex={props.customerSex} />
              {colours.length > 1 && (
                <ToggleButtonGroup exclusive value={colour} onChange={(_, v) => v && setColour(v)} aria-label="Colour" sx={{ flexWrap: 'wrap' }}>
                  {colours.map((c) => (
                    <ToggleButton key={c} value={c}>
                      {c}
                    </ToggleButton>
                  ))}
                </ToggleButtonGroup>
              )}
              <Typography variant="h6">Size</Typography>
              <ToggleButtonGroup exclusive value={size} onChange={(_, v) => v && setSize(v)} aria-label="Size" sx={{ flexWrap: 'wrap' }}>
                {sizes.map((v) => (
                  <ToggleButton key={v.id} value={v.sizeLabel} data-testid="size-option" data-available={v.availableHere} aria-label={`${v.sizeLabel}, ${v.availableHere} here`}>
                    {v.sizeLabel}
                    {v.availableHere === 0 && <span style={{ fontSize: 24, marginLeft: 8 }}>(0)</span>}
                  </ToggleButton>
                ))}
              </ToggleButtonGroup>
              {chosen && (
                <Typography variant="body1" color={chosen.availableHere > 0 ? 'success.main' : 'error.main'}>
                  {chosen.availableHere > 0 ? `${chosen.availableHere} in this store` : 'Not in this store — your phone can order it home'}
                </Typography>
              )}
              {added && added !== 'ok' && <Alert severity="warning">{added}</Alert>}
              {added === 'ok' && (
                <Alert severity="success" data-testid="added-to-cart">
                  Added to your cart
                </Alert>
              )}
              <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
                <Button
                  variant="contained"
                  size="large"
                  data-testid="try-on-button"
                  disabled={!chosen}
                  onClick={() => chosen && props.onTryOn({ productId: product.id, variantId: chosen.id, layer: product.garmentType, size: advice?.__typename === 'SizeAdvice' && chosen.sizeLabel === advice.size ? null : chosen.sizeLabel, name: product.name, sizes: sizes.map((v) => v.sizeLabel) })}
                >
                  Try it on
                </Button>
                <Button variant="outlined" size="large" data-testid="add-to-cart" disabled={!chosen || adding} onClick={() => void addToCart()}>
                  {adding ? <CircularProgress size={32} aria-label="Adding" /> : `Add size ${chosen?.sizeLabel ?? ''} to cart`}
                </Button>
                <Button variant="text" size="large" onClick={props.onClose}>
                  Close
                </Button>
              </Stack>
            </Stack>
          </Stack>
        )}
      </Box>
    </Dialog>
  );
}

function AdviceBlock(props: { advice: Advice | null; customerSex: string | null }) {
  const a = props.advice;
  if (!a) return <CircularProgress aria-label="Finding your size" />;
  if (a.__typename !== 'SizeAdvice')
    return (
      <Alert severity="info" data-testid="size-advice-missing">
        {'message' in a ? a.message : 'No size advice for this item'}
      </Alert>
    );
  return (
    <Box data-testid="size-advice" data-size={a.size} sx={{ bgcolor: '#eef4fc', borderRadius: 4, p: 2.5 }}>
      <Typography variant="h5">
        Your size: <strong>{a.size}</strong> <span style={{ fontWeight: 400 }}>({Math.round(a.confidence * 100)}% sure)</span>
        {a.alternativeSize && <span style={{ fontWeight: 400 }}> · or {a.alternativeSize}</span>}
      </Typography>
      <Typography variant="body1" sx={{ my: 1 }}>
        {a.reason}
      </Typography>
      {a.shoeSizes && (
        <Typography variant="body1" sx={{ mb: 1 }} data-testid="advice-shoe-sizes">
          Your foot length in label sizes: <strong style={{ whiteSpace: 'nowrap' }}>{shoeSizesText(a.shoeSizes, props.customerSex)}</strong>
        </Typography>
      )}
      <Stack direction="row" useFlexGap spacing={1} sx={{ flexWrap: 'wrap' }}>
        {a.fit.map((f) => (
          <Chip key={f.region} label={fitLabel(f)} color={VERDICT_COLOUR[f.verdict]} variant="outlined" />
        ))}
      </Stack>
      {!a.inStockHere && (
        <Typography variant="body1" color="error.main" sx={{ mt: 1 }}>
          Size {a.size} is not in this store{a.alternativeSize && a.alternativeInStockHere ? `; ${a.alternativeSize} is` : ''}.
        </Typography>
      )}
    </Box>
  );
}

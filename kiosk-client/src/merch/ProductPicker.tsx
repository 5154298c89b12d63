import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import { describeError, request } from '../shared/api';
import { useSession } from './common';

const SearchProductsQuery = graphql(`
  query MerchSearchProducts($filter: ProductFilterInput, $first: Int!) {
    products(filter: $filter, first: $first) {
      totalCount
      edges {
        node {
          id
          sku
          name
          brand
          garmentType
          gender
          categoryPath
          imageUrl(width: 160)
          variants {
            colour
          }
        }
      }
    }
  }
`);

const ProductByIdQuery = graphql(`
  query MerchProductById($id: ID!) {
    product(id: $id) {
      __typename
      ... on Product {
        id
        sku
        name
        brand
        garmentType
        gender
        categoryPath
        imageUrl(width: 160)
        variants {
          colour
        }
      }
    }
  }
`);

export interface PickedProduct {
  id: string;
  sku: string;
  name: string;
  brand: string;
  garmentType: string;
  gender: string;
  categoryPath: string;
  imageUrl: string;
  variants: { colour: string }[];
}

/** The product picture in a small tile (the catalogue picture, public). */
export function ProductThumb(props: { src: string; alt: string; size?: number }) {
  const size = props.size ?? 40;
  return (
    <Box
      component="img"
      src={props.src}
      alt={props.alt}
      loading="lazy"
      sx={{ width: size, height: (size * 5) / 4, objectFit: 'cover', borderRadius: 1, bgcolor: 'grey.100', flexShrink: 0 }}
    />
  );
}

/**
 * Finds a product by name, brand or SKU (prefix words); shows the picked one by its name even when
 * only its id is known (rules store product ids).
 */
export function ProductPicker(props: {
  label: string;
  value: string | null;
  onChange: (product: PickedProduct | null) => void;
  error?: string;
  size?: 'small' | 'medium';
  testId?: string;
  autoFocus?: boolean;
}) {
  const { token } = useSession();
  const [input, setInput] = useState('');
  const [options, setOptions] = useState<PickedProduct[]>([]);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [selected, setSelected] = useState<PickedProduct | null>(null);

  // Resolve an id given from outside (a saved rule) to its product for display.
  useEffect(() => {
    if (!props.value) {
      setSelected(null);
      return;
    }
    if (selected?.id === props.value) return;
    let live = true;
    request(ProductByIdQuery, { id: props.value }, token)
      .then((d) => live && setSelected(d.product.__typename === 'Product' ? d.product : null))
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value, token]);

  useEffect(() => {
    let live = true;
    setLoading(true);
    const timer = setTimeout(() => {
      request(SearchProductsQuery, { filter: input.trim() ? { text: input.trim() } : null, first: 20 }, token)
        .then((d) => {
          if (!live) return;
          setOptions(d.products.edges.map((e) => e.node));
          setFailure(null);
        })
        .catch((e) => live && setFailure(describeError(e)))
        .finally(() => live && setLoading(false));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [input, token]);

  return (
    <Autocomplete
      size={props.size}
      options={options}
      value={selected}
      filterOptions={(x) => x}
      getOptionLabel={(p) => `${p.name} · ${p.brand} (${p.sku})`}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={loading}
      onInputChange={(_, v, reason) => reason === 'input' && setInput(v)}
      onChange={(_, p) => {
        setSelected(p);
        props.onChange(p);
      }}
      noOptionsText={failure ?? (input ? 'No product matches' : 'Type a name, brand or SKU')}
      renderOption={({ key, ...rest }, p) => (
        <Box component="li" key={key} {...rest} sx={{ display: 'flex', gap: 1.5, alignItems: 'center' }}>
          <ProductThumb src={p.imageUrl} alt="" size={32} />
          <Box>
            <Typography>{p.name}</Typography>
            <Typography variant="body2" color="text.secondary">
              {p.brand} · {p.sku} · {p.garmentType.toLowerCase()}
            </Typography>
          </Box>
        </Box>
      )}
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          error={!!props.error}
          helperText={props.error}
          autoFocus={props.autoFocus}
          slotProps={{
            ...params.slotProps,
            htmlInput: { ...params.slotProps.htmlInput, 'data-testid': props.testId },
            input: {
              ...params.slotProps.input,
              endAdornment: (
                <>
                  {loading && <CircularProgress size={18} aria-label="Searching products" />}
                  {params.slotProps.input.endAdornment}
                </>
              ),
            },
          }}
        />
      )}
    />
  );
}

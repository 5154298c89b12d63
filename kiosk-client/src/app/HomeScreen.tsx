import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import { describeError } from '../shared/api';
import { linkProps } from './app-routing';
import { useSession } from './session';
import { Screen } from './ui';

const HomeCartQuery = graphql(`
  query AppHomeCart {
    myCart {
      id
      itemCount
      total {
        formatted
      }
    }
  }
`);

/** Where the member starts: what is in the cart, and the big ways on. */
export function HomeScreen() {
  const session = useSession();
  const [cart, setCart] = useState<{ itemCount: number; total: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    session
      .call(HomeCartQuery, {})
      .then((d) => live && setCart({ itemCount: d.myCart.itemCount, total: d.myCart.total.formatted }))
      .catch((e) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [session]);

  return (
    <Screen title={`Hi ${session.displayName}`}>
      <Typography color="text.secondary">Send the cart from a fitting mirror to this phone, then pick it up in store or have it delivered.</Typography>
      <Card variant="outlined">
        <CardActionArea component="a" {...linkProps('/app/cart')} data-testid="home-cart" sx={{ minHeight: 72 }}>
          <CardContent>
            <Typography variant="overline" component="p">
              Your cart
            </Typography>
            {cart ? (
              <Typography variant="h6" component="p">
                {cart.itemCount === 0 ? 'Empty' : `${cart.itemCount} item${cart.itemCount === 1 ? '' : 's'} · ${cart.total}`}
              </Typography>
            ) : error ? (
              <Typography color="error">Couldn&apos;t load your cart: {error}</Typography>
            ) : (
              <Skeleton width="60%" height={32} aria-label="Loading your cart" />
            )}
          </CardContent>
        </CardActionArea>
      </Card>
      <Stack spacing={1.5}>
        <Button variant="contained" size="large" component="a" {...linkProps('/app/scan')} sx={{ minHeight: 64, fontSize: 18 }} data-testid="home-scan">
          Scan or type a mirror code
        </Button>
        <Button variant="outlined" size="large" component="a" {...linkProps('/app/cart')} sx={{ minHeight: 64, fontSize: 18 }}>
          Cart and checkout
        </Button>
        <Button variant="outlined" size="large" component="a" {...linkProps('/app/orders')} sx={{ minHeight: 64, fontSize: 18 }}>
          My orders
        </Button>
        <Button variant="outlined" size="large" component="a" {...linkProps('/app/sign-in')} sx={{ minHeight: 64, fontSize: 18 }}>
          Sign in at a mirror
        </Button>
      </Stack>
    </Screen>
  );
}

import Typography from '@mui/material/Typography';
import { graphql } from '../gql';

export const KioskViewerQuery = graphql(`
  query KioskViewer {
    viewer {
      __typename
      ... on KioskViewer {
        kiosk {
          id
          label
        }
        store {
          id
          name
          currency
          faceRecognitionEnabled
        }
      }
    }
  }
`);

export function KioskApp() {
  return <Typography variant="h1">Mirrorfit</Typography>;
}

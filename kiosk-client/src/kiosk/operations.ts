import { graphql } from '../gql';

export const KioskViewerQuery = graphql(`
  query KioskViewer {
    viewer {
      __typename
      ... on KioskViewer {
        kiosk { id label }
        store { id name currency faceRecognitionEnabled }
      }
    }
  }
`);

export const StartSession = graphql(`
  mutation StartSession {
    startKioskSession { id startedAt }
  }
`);

export const EndSession = graphql(`
  mutation EndSession($sessionId: ID!) {
    endKioskSession(sessionId: $sessionId) { __typename }
  }
`);

export const DeleteFrame = graphql(`
  mutation DeleteFrame($sessionId: ID!) {
    deleteSessionFrame(sessionId: $sessionId)
  }
`);

export const BodyProfileFields = graphql(`
  fragment BodyProfileFields on BodyProfile {
    id source quality notes sex
    height { valueCm uncertaintyCm }
    chest { valueCm uncertaintyCm }
    waist { valueCm uncertaintyCm }
    hip { valueCm uncertaintyCm }
    inseam { valueCm uncertaintyCm }
    sleeve { valueCm uncertaintyCm }
    footLength { valueCm uncertaintyCm }
    shoeSizes { eu uk us usWomen }
  }
`);

export const SubmitScan = graphql(`
  mutation SubmitScan($sessionId: ID!, $input: BodyScanInput!) {
    submitBodyScan(sessionId: $sessionId, input: $input) {
      __typename
      ... on BodyProfile { ...BodyProfileFields }
      ... on ScanRejectedError { hint reasons { code message } }
      ... on ErrorResult { code message }
    }
  }
`);

export const SubmitMeasurements = graphql(`
  mutation SubmitMeasurements($sessionId: ID!, $input: BodyMeasurementsInput!) {
    submitBodyMeasurements(sessionId: $sessionId, input: $input) {
      __typename
      ... on BodyProfile { ...BodyProfileFields }
      ... on ErrorResult { code message }
    }
  }
`);

export const UploadFrame = graphql(`
  mutation UploadFrame($sessionId: ID!, $input: SessionFrameInput!) {
    uploadSessionFrame(sessionId: $sessionId, input: $input) {
      __typename
      ... on ScanRejectedError { hint reasons { code message } }
      ... on ErrorResult { code message }
    }
  }
`);

export const ProductCardFields = graphql(`
  fragment ProductCardFields on Product {
    id name brand garmentType categoryPath
    price { formatted }
    imageUrl(width: 320)
  }
`);

export const Recommendations = graphql(`
  query Recommendations($sessionId: ID!, $placement: Placement!, $productId: ID, $limit: Int!) {
    recommendations(sessionId: $sessionId, placement: $placement, productId: $productId, limit: $limit) {
      __typename
      ... on RecommendationList {
        placement
        items { position explanation reason suggestedSize product { ...ProductCardFields } }
      }
      ... on ErrorResult { code message }
    }
  }
`);

export const Products = graphql(`
  query Products($filter: ProductFilterInput, $first: Int!) {
    products(filter: $filter, first: $first) {
      totalCount
      edges { node { ...ProductCardFields } }
    }
  }
`);

export const ProductDetail = graphql(`
  query ProductDetail($id: ID!) {
    product(id: $id) {
      __typename
      ... on Product {
        ...ProductCardFields
        description fitType
        imageUrl640: imageUrl(width: 640)
        variants { id sizeLabel colour availableHere }
      }
      ... on ErrorResult { code message }
    }
  }
`);

export const SizeAdviceQuery = graphql(`
  query SizeAdvice($sessionId: ID!, $productId: ID!) {
    sizeAdvice(sessionId: $sessionId, productId: $productId) {
      __typename
      ... on SizeAdvice {
        size confidence alternativeSize inStockHere alternativeInStockHere reason usedPurchaseHistory
        fit { region verdict differenceCm }
        shoeSizes { eu uk us usWomen }
      }
      ... on ErrorResult { code message }
    }
  }
`);

export const RenderTryOn = graphql(`
  mutation RenderTryOn($sessionId: ID!, $items: [TryOnItemInput!]!) {
    renderTryOn(sessionId: $sessionId, items: $items, options: { format: JPEG }) {
      __typename
      ... on TryOnRender {
        id mode
        image { url width height }
        items {
          layer size advisedSize note
          fit { region verdict differenceCm }
          product { id name brand }
          variant { id colour sizeLabel }
        }
      }
      ... on ErrorResult { code message }
    }
  }
`);

export const RecordInteraction = graphql(`
  mutation RecordInteraction($sessionId: ID!, $productId: ID!, $kind: InteractionKind!, $placement: Placement) {
    recordInteraction(sessionId: $sessionId, productId: $productId, kind: $kind, placement: $placement) { __typename }
  }
`);

export const CartFields = graphql(`
  fragment CartFields on Cart {
    id itemCount status
    total { formatted }
    lines {
      id quantity inStock availableInStore
      lineTotal { formatted }
      product { id name brand imageUrl(width: 160) }
      variant { id sizeLabel colour }
    }
  }
`);

export const SessionCart = graphql(`
  query SessionCart($sessionId: ID!) {
    sessionCart(sessionId: $sessionId) { ...CartFields }
  }
`);

export const AddToCart = graphql(`
  mutation AddToCart($sessionId: ID!, $variantId: ID!, $quantity: Int!) {
    addToCart(sessionId: $sessionId, variantId: $variantId, quantity: $quantity) {
      __typename
      ... on Cart { ...CartFields }
      ... on OutOfStockError { code message }
      ... on ErrorResult { code message }
    }
  }
`);

export const UpdateCartLine = graphql(`
  mutation UpdateCartLine($cartId: ID!, $lineId: ID!, $quantity: Int) {
    updateCartLine(cartId: $cartId, lineId: $lineId, quantity: $quantity) {
      __typename
      ... on Cart { ...CartFields }
      ... on ErrorResult { code message }
    }
  }
`);

export const CreateHandoff = graphql(`
  mutation CreateHandoff($cartId: ID!) {
    createCartHandoff(cartId: $cartId) {
      __typename
      ... on CartHandoff { id qrPayload fallbackCode expiresAt status }
      ... on ErrorResult { code message }
    }
  }
`);

export const HandoffUpdates = graphql(`
  subscription HandoffUpdates($handoffId: ID!) {
    cartHandoffUpdates(handoffId: $handoffId) { handoffId status at }
  }
`);

export const HandoffStatusQuery = graphql(`
  query HandoffStatus($handoffId: ID!) {
    cartHandoffStatus(handoffId: $handoffId)
  }
`);

export const RequestSignIn = graphql(`
  mutation RequestSignIn($sessionId: ID!) {
    requestMemberSignIn(sessionId: $sessionId) {
      __typename
      ... on MemberSignInRequest { id qrPayload fallbackCode expiresAt }
      ... on ErrorResult { code message }
    }
  }
`);

export const SignInUpdates = graphql(`
  subscription SignInUpdates($requestId: ID!) {
    memberSignInUpdates(requestId: $requestId) { requestId status memberName }
  }
`);

export const SaveProfile = graphql(`
  mutation SaveProfile($sessionId: ID!) {
    saveBodyProfile(sessionId: $sessionId) {
      __typename
      ... on ErrorResult { code message }
    }
  }
`);

export const RemoveCartLine = graphql(`
  mutation RemoveCartLine($cartId: ID!, $lineId: ID!) {
    removeCartLine(cartId: $cartId, lineId: $lineId) {
      __typename
      ... on Cart { ...CartFields }
      ... on ErrorResult { code message }
    }
  }
`);

export const IdentifyByFace = graphql(`
  mutation IdentifyByFace($sessionId: ID!, $embedding: [Float!]!) {
    identifyByFace(sessionId: $sessionId, embedding: $embedding) {
      __typename
      ... on FaceMatch { displayName }
      ... on ErrorResult { code message }
    }
  }
`);

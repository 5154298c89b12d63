import 'reflect-metadata';
import './common/enums.graphql';
import { GraphQLSchema } from 'graphql';
import { buildSchema, ContainerType, NonEmptyArray } from 'type-graphql';
import { KioskActivityResolver } from './activity/kiosk-activity.resolver';
import { authChecker } from './auth/auth-checker';
import { validateArgs } from './common/validate-args';
import { BodyResolver } from './body/body.resolver';
import { SizeResolver } from './body/size/size.resolver';
import { ProductResolver } from './catalog/product.resolver';
import { VariantResolver } from './catalog/variant.resolver';
import { OrderLineResolver, OrderResolver } from './commerce/order.resolver';
import { ViewerResolver } from './identity/viewer.resolver';
import { FaceRecognitionResolver } from './identity/face/face-recognition.resolver';
import { FaceAuditResolver } from './identity/face/face-audit.resolver';
import { KioskSessionResolver } from './kiosk/kiosk-session.resolver';
import { KioskResolver } from './kiosk/kiosk.resolver';
import type { Services } from './services';
import { StoreResolver } from './store/store.resolver';
import { RecommendationResolver } from './recommend/recommendation.resolver';
import { CommerceResolver } from './commerce/commerce.resolver';
import { MemberSignInResolver } from './identity/sign-in/member-sign-in.resolver';
import { createAppPubSub } from './common/pubsub';
import type { PubSub } from 'type-graphql';
import { TryOnResolver } from './tryon/tryon.resolver';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ResolverClass = new (services: Services) => any;

export const RESOLVERS: NonEmptyArray<ResolverClass> = [
  ProductResolver,
  VariantResolver,
  StoreResolver,
  KioskResolver,
  ViewerResolver,
  OrderResolver,
  OrderLineResolver,
  KioskSessionResolver,
  BodyResolver,
  SizeResolver,
  RecommendationResolver,
  FaceRecognitionResolver,
  FaceAuditResolver,
  CommerceResolver,
  MemberSignInResolver,
  TryOnResolver,
  KioskActivityResolver,
];

/** Resolvers get the services through their constructor: one instance per resolver class. */
function containerFor(services: Services): ContainerType {
  const instances = new Map<Function, unknown>();
  return {
    get(someClass: Function) {
      let instance = instances.get(someClass);
      if (!instance) {
        instance = new (someClass as ResolverClass)(services);
        instances.set(someClass, instance);
      }
      return instance;
    },
  };
}

/** Builds the executable schema. `validateArgs` runs class-validator on every input and args class. */
export async function createSchema(services: Services, pubSub: PubSub = createAppPubSub()): Promise<GraphQLSchema> {
  return buildSchema({
    pubSub,
    resolvers: RESOLVERS,
    container: containerFor(services),
    authChecker,
    authMode: 'error',
    validateFn: validateArgs,
    emitSchemaFile: false,
  });
}

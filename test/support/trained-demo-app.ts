import { seedDemoData } from '../../src/demo/demo-seeder';
import { StoreEntity } from '../../src/store/store.entity';
import { createTestApp, TestApp } from './test-app';

/** The demo retailer with a trained serving model, its Berlin store, a mirror there and a merchandiser. */
export interface TrainedDemoApp {
  app: TestApp;
  store: StoreEntity;
  kiosk: { id: string; token: string };
  merch: string;
}

/**
 * What the recommendation specs start from: the demo data seeded, the first model trained through the
 * server's own training (and serving), a kiosk token for BER-01 and a merchandiser token named `merchandiser`.
 */
export async function createTrainedDemoApp(merchandiser: string): Promise<TrainedDemoApp> {
  const app = await createTestApp();
  await seedDemoData(app.dataSource);
  const store = await app.dataSource.getRepository(StoreEntity).findOneByOrFail({ code: 'BER-01' });
  const kiosk = await app.kioskToken(store.id);
  const merch = await app.staffToken(merchandiser);
  const { done } = await app.server.services.training().start(null);
  const model = await done;
  if (model.status !== 'READY') throw new Error(`the demo model did not train: ${model.status} ${model.error ?? ''}`);
  return { app, store, kiosk, merch };
}

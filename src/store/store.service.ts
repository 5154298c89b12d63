import { NotFoundError } from '../common/error-result.type';
import { RequestContext } from '../common/request-context';
import { StoreEntity } from './store.entity';
import { Store } from './store.type';

/** Reads stores. Store names and places are public to every signed-in caller. */
export class StoreService {
  async list(ctx: RequestContext): Promise<Store[]> {
    return (await ctx.loaders.allStores.load('all')).map(Store.from);
  }

  async find(ctx: RequestContext, id: string): Promise<Store | NotFoundError> {
    const store = await ctx.em.getRepository(StoreEntity).findOne({ where: { id } });
    return store ? Store.from(store) : new NotFoundError('Store', `No store has the id ${id}`);
  }

  async byId(ctx: RequestContext, id: string): Promise<Store | null> {
    const e = await ctx.loaders.storeById.load(id);
    return e ? Store.from(e) : null;
  }
}

import { Initial1795330341705 } from './1795330341705-Initial';

/** Every migration in order; listed explicitly so the same list works from `src/` and `dist/`. */
export const MIGRATIONS: Function[] = [Initial1795330341705];

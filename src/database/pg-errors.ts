/** The SQLSTATE of a PostgreSQL error: on the driver's error, or on TypeORM's QueryFailedError (driverError). */
export function sqlStateOf(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return null;
  const code = (error as { code?: unknown }).code ?? (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' ? code : null;
}

/** Any data exception (SQLSTATE class 22): PostgreSQL refused a value it was sent. */
export function isDataException(error: unknown): boolean {
  return sqlStateOf(error)?.startsWith('22') ?? false;
}

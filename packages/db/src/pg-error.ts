/** Whether `error` is a Postgres error with SQLSTATE `code` (e.g. `55006` object in use). */
export function hasPgCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}

import { z } from 'zod';
import { ERROR_CATALOG } from './error-catalog';

/** A stable error code: a key of `ERROR_CATALOG`. */
export type ErrorCode = keyof typeof ERROR_CATALOG;

/** The stable error codes, in the catalog's order. */
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as readonly ErrorCode[];

type CatalogField<F extends keyof (typeof ERROR_CATALOG)[ErrorCode]> = {
  readonly [C in ErrorCode]: (typeof ERROR_CATALOG)[C][F];
};

function catalogField<F extends 'status' | 'message' | 'doc'>(field: F): CatalogField<F> {
  return Object.fromEntries(
    ERROR_CODES.map((code) => [code, ERROR_CATALOG[code][field]]),
  ) as CatalogField<F>;
}

/** The HTTP status of each code (`ERROR_CATALOG[code].status`). */
export const ERROR_STATUS = catalogField('status');

/** The safe, user-facing default message of each code (`ERROR_CATALOG[code].message`). */
export const ERROR_USER_MESSAGES = catalogField('message');

/** When each code is thrown, one line (`ERROR_CATALOG[code].doc`). */
export const ERROR_DOCS = catalogField('doc');

/** Whether a string is one of the stable error codes. */
export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, value);
}

/** The stable error codes as a zod enum (OpenAPI: `ErrorCode`). */
export const errorCodeSchema = z.enum(ERROR_CODES).meta({
  id: 'ErrorCode',
  description: 'Stable error code (PRD §20.2); never renamed or removed',
});

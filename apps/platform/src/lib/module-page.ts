import 'server-only';
import { cache } from 'react';
import type { ErrorCode, ModulePageResolution } from '@aiconnected/sdk-contracts';
import { ApiError } from './api-error';
import { modulePageLookup, type ModulePageTarget } from './module-page-path';
import { apiFetch } from './server-api';

/** What the module page route shows: the resolved page, or the API's refusal with its details. */
export type ModulePageOutcome =
  | { ok: true; resolution: ModulePageResolution }
  | { ok: false; code: ErrorCode; details: Record<string, unknown> };

/** The refusals the module page route renders itself; anything else goes to the error page. */
const SHOWN: ReadonlySet<string> = new Set([
  'WORKSPACE_FORBIDDEN',
  'MODULE_NOT_REGISTERED',
  'MODULE_NOT_ENABLED',
  'NOT_FOUND',
  'PERMISSION_DENIED',
  'VALIDATION_BLOCKING',
  'BILLING_SUSPENDED',
  'BILLING_REQUIRED',
]);

/**
 * Asks the API which module page a target opens (`GET /modules/{key}/page`), once per request
 * (the page and its metadata share it).
 */
export const readModulePage = cache(
  async (workspaceId: string, moduleKey: string, path: string): Promise<ModulePageOutcome> =>
    askModulePage({ workspaceId, moduleKey, path }),
);

async function askModulePage(target: ModulePageTarget): Promise<ModulePageOutcome> {
  try {
    return { ok: true, resolution: await apiFetch<ModulePageResolution>(modulePageLookup(target)) };
  } catch (error) {
    if (error instanceof ApiError && SHOWN.has(error.code)) {
      const { details } = error.body;
      return { ok: false, code: error.code, details: details ?? {} };
    }
    throw error;
  }
}

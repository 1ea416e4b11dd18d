import 'server-only';
import type { ModuleRuntimeConfig } from '@aiconnected/sdk-contracts';
import { ApiError } from './api-error';
import type { ApiResult } from './client-api';
import { moduleRuntimeLookup, type ModulePageTarget } from './module-page-path';
import { apiFetch } from './server-api';

/**
 * The runtime config of a module page's UI (`GET /modules/{key}/runtime`), read while the page
 * renders so ModuleHost starts at once (its Retry asks again from the browser): the config, or
 * the API's refusal in the shape `callApi` answers.
 */
export async function readModuleRuntime(
  target: ModulePageTarget,
): Promise<ApiResult<ModuleRuntimeConfig>> {
  try {
    return { ok: true, data: await apiFetch<ModuleRuntimeConfig>(moduleRuntimeLookup(target)) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ok: false, code: error.code, message: error.message, error: error.body };
  }
}

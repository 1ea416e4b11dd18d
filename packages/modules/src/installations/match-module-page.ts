import type { ModulePage } from '@aiconnected/sdk-contracts';
import { matchLayerPath } from './match-layer-path';

/** The page of a layer that `path` opens, or null (`matchLayerPath` over the pages). */
export function matchModulePage(pages: readonly ModulePage[], path: string): ModulePage | null {
  return matchLayerPath(pages, path);
}

import type { ModuleSnapshot } from './module-snapshot';

/** The weight of a kept snapshot: the UTF-8 bytes of its JSON (its modules as entries). */
export function snapshotBytes(snapshot: ModuleSnapshot): number {
  const json = JSON.stringify({ ...snapshot, modules: [...snapshot.modules] });
  return Buffer.byteLength(json, 'utf8');
}

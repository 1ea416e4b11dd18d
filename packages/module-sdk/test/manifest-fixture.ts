import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import { loadManifestCorpus } from '@aiconnected/module-sdk/testing';

/** A fresh copy of a valid corpus manifest (`valid-full.json` unless named). */
export function corpusManifest(name = 'valid-full.json'): ModuleManifest {
  const entry = loadManifestCorpus().find((item) => item.name === name);
  if (!entry || entry.outcome !== 'accepted') throw new Error(`No valid corpus manifest ${name}`);
  return structuredClone(entry.manifest) as ModuleManifest;
}

import { readFileSync, readdirSync } from 'node:fs';
import type { ManifestFindingCode, ModuleManifest } from '@aiconnected/sdk-contracts';

/** One corpus manifest with what `assess` must say about it. */
export interface ManifestCorpusCase {
  /** File name in packages/module-sdk/test/corpus/, e.g. `invalid-semver.json`. */
  name: string;
  /** The parsed file (any JSON; some cases are deliberately no manifest at all). */
  manifest: unknown;
  /** Expected outcome and error code of the report. */
  outcome: 'accepted' | 'rejected';
  errorCode: 'MANIFEST_INVALID' | 'MANIFEST_INCOMPATIBLE' | null;
  /** Every distinct finding code the report must hold, sorted (warnings included). */
  codes: ManifestFindingCode[];
  /**
   * Corpus files registered before this case is assessed (other modules, an earlier version),
   * in order, each `registered`. An API test imports them first.
   */
  registry: Array<{ name: string; manifest: ModuleManifest }>;
}

/** The shell contract version the corpus expectations assume (SHELL_SDK_CONTRACT_VERSION). */
export const CORPUS_SHELL_VERSION = '1.4.0';

const CORPUS_DIR = new URL('../../test/corpus/', import.meta.url);

interface Expectation {
  outcome: 'accepted' | 'rejected';
  error_code: 'MANIFEST_INVALID' | 'MANIFEST_INCOMPATIBLE' | null;
  codes: ManifestFindingCode[];
  registry?: string[];
}

/**
 * The manifest corpus (at least 40 cases, valid and invalid) with the expectations of
 * `test/corpus/expectations.json`: the module-sdk tests, the CLI's and the import API's run
 * the same cases. Throws when a file has no expectation or an expectation no file.
 */
export function loadManifestCorpus(): ManifestCorpusCase[] {
  const expectations = JSON.parse(
    readFileSync(new URL('expectations.json', CORPUS_DIR), 'utf8'),
  ) as Record<string, Expectation>;
  const files = readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith('.json') && file !== 'expectations.json')
    .sort();
  const read = (name: string): unknown =>
    JSON.parse(readFileSync(new URL(name, CORPUS_DIR), 'utf8')) as unknown;
  const missing = [
    ...files.filter((file) => !(file in expectations)),
    ...Object.keys(expectations).filter((name) => !files.includes(name)),
  ];
  if (missing.length > 0)
    throw new Error(`Corpus files and expectations differ: ${missing.join(', ')}`);
  return files.map((name) => {
    const expectation = expectations[name] as Expectation;
    return {
      name,
      manifest: read(name),
      outcome: expectation.outcome,
      errorCode: expectation.error_code,
      codes: [...expectation.codes].sort(),
      registry: (expectation.registry ?? []).map((entry) => ({
        name: entry,
        manifest: read(entry) as ModuleManifest,
      })),
    };
  });
}

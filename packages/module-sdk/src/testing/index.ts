export { loadManifestCorpus, CORPUS_SHELL_VERSION } from './load-manifest-corpus';
export type { ManifestCorpusCase } from './load-manifest-corpus';

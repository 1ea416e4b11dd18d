import { describe, expect, it } from 'vitest';
import {
  SHELL_SDK_CONTRACT_VERSION,
  moduleAssessmentSchema,
  moduleManifestSchema,
} from '@aiconnected/sdk-contracts';
import { assess } from '@aiconnected/module-sdk';
import type { RegistryView } from '@aiconnected/module-sdk';
import { CORPUS_SHELL_VERSION, loadManifestCorpus } from '@aiconnected/module-sdk/testing';
import type { ManifestCorpusCase } from '@aiconnected/module-sdk/testing';

const corpus = loadManifestCorpus();

function registryFor(entry: ManifestCorpusCase): RegistryView {
  return {
    shellVersion: CORPUS_SHELL_VERSION,
    entries: entry.registry.map(({ manifest }) => ({ status: 'registered', manifest })),
  };
}

describe('the manifest corpus', () => {
  it('has at least 40 cases, valid and invalid, against the current contract version', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(corpus.filter((entry) => entry.outcome === 'accepted').length).toBeGreaterThan(10);
    expect(corpus.filter((entry) => entry.outcome === 'rejected').length).toBeGreaterThan(40);
    expect(CORPUS_SHELL_VERSION).toBe(SHELL_SDK_CONTRACT_VERSION);
  });

  it.each(corpus.map((entry) => [entry.name, entry] as const))(
    '%s: outcome, error code and finding codes',
    (_name, entry) => {
      const report = assess(entry.manifest, registryFor(entry));
      expect(moduleAssessmentSchema.parse(report)).toStrictEqual(report);
      expect({
        outcome: report.outcome,
        error_code: report.error_code,
        codes: [...new Set(report.findings.map((finding) => finding.code))].sort(),
      }).toStrictEqual({ outcome: entry.outcome, error_code: entry.errorCode, codes: entry.codes });
      expect(report.counts).toStrictEqual({
        blocking: report.findings.filter((finding) => finding.severity === 'blocking').length,
        warning: report.findings.filter((finding) => finding.severity === 'warning').length,
      });
      // A clean report means the import can parse the manifest.
      if (report.outcome === 'accepted') {
        expect(moduleManifestSchema.safeParse(entry.manifest).success).toBe(true);
      }
    },
  );

  it('registry cases only name registered-valid corpus files', () => {
    for (const entry of corpus) {
      for (const { name, manifest } of entry.registry) {
        expect(corpus.find((other) => other.name === name)?.outcome, name).toBe('accepted');
        expect(assess(manifest, { shellVersion: CORPUS_SHELL_VERSION, entries: [] }).outcome).toBe(
          'accepted',
        );
      }
    }
  });
});

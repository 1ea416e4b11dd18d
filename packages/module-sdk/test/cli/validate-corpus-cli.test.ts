import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';
import { CORPUS_SHELL_VERSION, loadManifestCorpus } from '@aiconnected/module-sdk/testing';
import { runCliInProcess } from './run-cli-process';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aiconnected-corpus-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The manifest corpus the module-sdk and import API tests run, through the CLI's entry function
// (runCli, what the bin calls) in this process: one child process per case cost 5-8 s apiece on a
// busy two-core machine (over 300 s for the corpus). validate-cli.test.ts runs the bin itself.
describe('aiconnected-module validate on the manifest corpus', () => {
  it('runs the manifest corpus: exit code by severity and the expected finding codes', async () => {
    expect(CORPUS_SHELL_VERSION).toBe(SHELL_SDK_CONTRACT_VERSION);
    const corpus = loadManifestCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    const results: Array<{ name: string; code: number; outcome: string; codes: string[] }> = [];
    for (const item of corpus) {
      const file = path.join(dir, `corpus-${item.name}`);
      await writeFile(file, JSON.stringify(item.manifest));
      const args = ['validate', file, '--json'];
      if (item.registry.length > 0) {
        const registry = path.join(dir, `registry-${item.name}`);
        await writeFile(registry, JSON.stringify(item.registry.map((entry) => entry.manifest)));
        args.push('--registry', registry);
      }
      const run = await runCliInProcess(args, dir);
      const report = JSON.parse(run.stdout) as {
        outcome: string;
        findings: Array<{ code: string }>;
      };
      results.push({
        name: item.name,
        code: run.code,
        outcome: report.outcome,
        codes: [...new Set(report.findings.map((finding) => finding.code))].sort(),
      });
    }
    results.sort((a, b) => a.name.localeCompare(b.name));
    expect(results).toEqual(
      corpus.map((item) => ({
        name: item.name,
        code: item.outcome === 'accepted' ? 0 : 1,
        outcome: item.outcome,
        codes: item.codes,
      })),
    );
  });
});

import { loadManifestCorpus } from '@aiconnected/module-sdk/testing';
import type { ModuleAssessment } from '@aiconnected/sdk-contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  as,
  seedRoleTree,
  setupApiTest,
  signInAs,
  type ApiTestSetup,
  type RoleTree,
} from '@aiconnected/platform/testing';

// The manifest corpus of module-sdk (the same cases its assess and CLI tests run) through
// POST /api/modules/import: each case on an empty registry holding only the corpus files it
// names (imported first, through the API), with the outcome, error code and finding codes
// the corpus expects, and the registry unchanged by every refusal.

const corpus = loadManifestCorpus();
let setup: ApiTestSetup<RoleTree>;
let token: string;

setupApiTest(seedRoleTree, async (ready) => {
  setup = ready;
  token = await signInAs(ready.api, ready.tree.members['S.super_admin']);
});
beforeEach(async () => {
  await setup.database.admin.query('delete from public.module_catalog');
  await setup.database.admin.query('delete from public.module_registry');
});

const importManifest = (manifest: unknown) =>
  setup.api.request('/api/modules/import', as(token, 'POST', { manifest }));
async function registryRows(): Promise<string> {
  const { rows } = await setup.database.admin.query<{ rows: string }>(
    `select coalesce(string_agg(r::text, '|' order by r.id), '') as rows from public.module_registry r`,
  );
  return rows[0]?.rows ?? '';
}

describe('the manifest corpus through POST /modules/import', () => {
  it.each(corpus.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    for (const registered of entry.registry) {
      const response = await importManifest(registered.manifest);
      expect(response.status, `${registered.name}: ${await response.clone().text()}`).toBe(201);
    }
    const before = await registryRows();
    const response = await importManifest(entry.manifest);
    const body = (await response.json()) as
      | { assessment: ModuleAssessment }
      | { error: { code: string; details: { assessment: ModuleAssessment } } };
    const assessment = 'error' in body ? body.error.details.assessment : body.assessment;
    expect({
      outcome: assessment.outcome,
      error_code: assessment.error_code,
      codes: [...new Set(assessment.findings.map((finding) => finding.code))].sort(),
    }).toStrictEqual({ outcome: entry.outcome, error_code: entry.errorCode, codes: entry.codes });
    if (entry.outcome === 'rejected') {
      expect(response.status).toBe(422);
      expect('error' in body && body.error.code).toBe(entry.errorCode);
      expect(await registryRows()).toBe(before);
    } else {
      const again = entry.codes.includes('VERSION_ALREADY_REGISTERED');
      expect(response.status).toBe(again ? 200 : 201);
    }
  });
});

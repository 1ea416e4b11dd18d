import { loadActorView, recordAudit, requirePlatformCapability } from '@aiconnected/access';
import type { Db, Tx } from '@aiconnected/db';
import { assess } from '@aiconnected/module-sdk';
import {
  moduleManifestSchema,
  type ModuleAssessment,
  type ModuleImportResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { advanceCurrentVersion } from './advance-current-version';
import { fetchManifest, type FetchManifestOptions } from './fetch-manifest';
import { manifestRefused } from './manifest-refused';
import { readRegistryRow } from './read-registry-row';
import { readRegistryView } from './read-registry-view';
import { redactPackageUri } from './redact-package-uri';
import { toRegistryRecord } from './registry-record';
import { singleFindingAssessment } from './single-finding-assessment';

export type ImportModuleInput = ({ manifest: unknown } | { package_uri: string }) & {
  /** Import as a draft (not live until promoted). */
  draft?: boolean;
  /** `builder` for drafts made by the Layout Manager; `import` by default. */
  origin?: 'import' | 'builder';
  /** The `package_uri` fetch: `allowPrivate` only in local mode (PLATFORM_ENV=local). */
  fetch: FetchManifestOptions;
  /** The shell's own origins (a module frontend on one of them is refused). */
  shellOrigins?: readonly string[];
  correlationId: string;
};

export interface ImportModuleOutcome {
  result: ModuleImportResult;
  /** False when the same key, version and manifest were already there (nothing changed). */
  created: boolean;
}

const WHAT = 'importing a module';

/**
 * Imports a module manifest into the registry (`POST /modules/import`, PRD §19): given inline
 * or fetched from `package_uri` (`fetchManifest`; a failure is a `PACKAGE_URI_*` finding),
 * assessed against the registry (`assess`); any blocking finding refuses it
 * (`MANIFEST_INVALID` / `MANIFEST_INCOMPATIBLE`, the report in `details.assessment`) and the
 * registry is unchanged. Otherwise a row with status `registered` or `draft`. A registered
 * version becomes the module's current version when the module has none yet or it is
 * semver-greater than the current one (`advanceCurrentVersion`); a lower one is registered
 * but not current (`is_current: false` in the answer). The same key, version and manifest again answers the row
 * already there (`created: false`, the report says `VERSION_ALREADY_REGISTERED`); two imports
 * of one key and version at once: one inserts, the other gets that answer or
 * `VERSION_CONFLICT`. A key and version once rejected stays taken (`VERSION_CONFLICT`). Needs
 * `modules.install` in the platform workspace, checked before anything is fetched. Audited
 * `module.import`.
 */
export async function importModule(
  db: Db,
  actor: WorkspaceContext,
  input: ImportModuleInput,
): Promise<ImportModuleOutcome> {
  await db.withWorkspace(actor, async (tx) => {
    requirePlatformCapability(await loadActorView(tx, actor), 'modules.install', WHAT);
  });
  let candidate: unknown;
  if ('package_uri' in input) {
    const fetched = await fetchManifest(input.package_uri, input.fetch);
    if (!fetched.ok) {
      throw manifestRefused(singleFindingAssessment(fetched.code, fetched.message), WHAT);
    }
    candidate = fetched.manifest;
  } else {
    candidate = input.manifest;
  }

  return db.withWorkspace(actor, async (tx) => {
    requirePlatformCapability(await loadActorView(tx, actor), 'modules.install', WHAT);
    // Twice at most: a concurrent import of the same key and version that committed first
    // is seen by the second assessment (already registered, or a conflict).
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const assessment = assess(
        candidate,
        await readRegistryView(tx, { shellOrigins: input.shellOrigins }),
      );
      if (assessment.outcome === 'rejected') throw manifestRefused(assessment, WHAT);
      const manifest = moduleManifestSchema.parse(candidate);
      const existing = await readRegistryRow(tx, manifest.id, manifest.version);
      if (existing?.status === 'rejected') {
        throw manifestRefused(rejectedVersion(manifest.id, manifest.version), WHAT);
      }
      if (existing) {
        // assess compared the manifests; the database's jsonb equality has the last word.
        const same = await tx.query<{ same: boolean }>(
          'select manifest_json = $2::jsonb as same from public.module_registry where id = $1',
          [existing.id, manifest],
        );
        if (same.rows[0]?.same !== true) {
          throw manifestRefused(
            singleFindingAssessment(
              'VERSION_CONFLICT',
              `${manifest.id} ${manifest.version} is already in the registry with a different manifest`,
              { module_key: manifest.id, version: manifest.version, path: '/version' },
            ),
            WHAT,
          );
        }
        await audit(tx, actor, input, existing.id, assessment, existing.status, 'unchanged');
        return {
          result: { assessment, registry_record: toRegistryRecord(existing) },
          created: false,
        };
      }
      const status = input.draft === true ? 'draft' : 'registered';
      const { rows } = await tx.query<{ id: string }>(
        `insert into public.module_registry
           (module_key, version, manifest_json, status, origin, assessment_json, created_by_user_id,
            registered_at)
         values ($1, $2, $3, $4, $5, $6, $7, case when $4 = 'registered' then now() end)
         on conflict (module_key, version) do nothing
         returning id`,
        [
          manifest.id,
          manifest.version,
          manifest,
          status,
          input.origin ?? 'import',
          assessment,
          actor.user_id,
        ],
      );
      const inserted = rows[0];
      if (!inserted) continue;
      if (status === 'registered') {
        await advanceCurrentVersion(tx, manifest.id, manifest.version, actor.user_id);
      }
      await audit(tx, actor, input, inserted.id, assessment, status, 'created');
      const row = await readRegistryRow(tx, manifest.id, manifest.version);
      if (!row) throw new Error('the imported registry row is not readable');
      return { result: { assessment, registry_record: toRegistryRecord(row) }, created: true };
    }
    throw new Error('import: the registry row neither inserted nor found');
  });
}

function rejectedVersion(moduleKey: string, version: string): ModuleAssessment {
  return singleFindingAssessment(
    'VERSION_CONFLICT',
    `${moduleKey} ${version} was rejected in review; a rejected version is never reused`,
    { module_key: moduleKey, version, path: '/version' },
  );
}

async function audit(
  tx: Tx,
  actor: WorkspaceContext,
  input: ImportModuleInput,
  registryId: string,
  assessment: ModuleAssessment,
  status: string,
  outcome: 'created' | 'unchanged',
): Promise<void> {
  await recordAudit(tx, actor, {
    workspaceId: actor.workspace_id,
    action: 'module.import',
    targetType: 'module_registry',
    targetId: registryId,
    metadata: {
      module_key: assessment.module_key,
      version: assessment.version,
      status,
      outcome,
      warnings: assessment.counts.warning,
      ...('package_uri' in input ? { package_uri: redactPackageUri(input.package_uri) } : {}),
    },
    correlationId: input.correlationId,
  });
}

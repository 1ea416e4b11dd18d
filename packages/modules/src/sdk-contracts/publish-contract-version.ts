import {
  loadActorView,
  recordAudit,
  requirePlatformCapability,
  translateWriteError,
} from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import { compareContractSchemas, compileJsonSchema } from '@aiconnected/module-sdk';
import {
  ShellError,
  type JsonObject,
  type SDKContractVersionRecord,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import semver from 'semver';
import { CONTRACT_COLUMNS, type ContractRow } from './contract-record';

export interface PublishContractVersionInput {
  contract_name: string;
  semver: string;
  /** `active` publishes it now; `draft` stores it unpublished. */
  status: 'draft' | 'active';
  schema_json: Record<string, unknown>;
  correlationId: string;
}

const WHAT = 'publishing an SDK contract version';

/**
 * Publishes a new version of an SDK contract (`POST /sdk/contracts`, PRD §41, §25.3):
 * `schema_json` must compile as a JSON Schema (draft 2020-12, `compileJsonSchema`; else
 * `VALIDATION_BLOCKING` with the problems); `semver` must be above the contract's highest
 * version (`CONFLICT`, details `reason` `not_above_highest`, `highest_version`); a change that
 * breaks the previous highest version's schema (`compareContractSchemas`) needs a major bump,
 * checked, not trusted (`SDK_CONTRACT_INCOMPATIBLE`, details `previous_version`, `changes`).
 * Existing versions are never rewritten. Needs `settings.manage` in the platform workspace.
 * Audited `sdk_contract.publish`.
 */
export async function publishContractVersion(
  db: Db,
  actor: WorkspaceContext,
  input: PublishContractVersionInput,
): Promise<SDKContractVersionRecord> {
  return db.withWorkspace(actor, async (tx) => {
    requirePlatformCapability(await loadActorView(tx, actor), 'settings.manage', WHAT);
    const compiled = compileJsonSchema(input.schema_json);
    if (!compiled.ok) {
      throw new ShellError('VALIDATION_BLOCKING', `${WHAT}: schema_json is no valid JSON Schema`, {
        details: {
          issues: compiled.problems.map((problem) => ({
            path: `body.schema_json${problem.path.replaceAll('/', '.')}`,
            message: problem.message,
          })),
        },
      });
    }
    // Two publications of one contract are judged in turn (the first one included).
    await tx.query("select pg_advisory_xact_lock(hashtextextended('sdk_contract:' || $1, 0))", [
      input.contract_name,
    ]);
    const { rows } = await tx.query<ContractRow>(
      `select ${CONTRACT_COLUMNS} from public.sdk_contract_versions v where v.contract_name = $1`,
      [input.contract_name],
    );
    const previous = [...rows].sort((a, b) => semver.rcompare(a.semver, b.semver))[0];
    let breaking = false;
    if (previous) {
      if (!semver.gt(input.semver, previous.semver)) {
        throw new ShellError(
          'CONFLICT',
          `${WHAT}: ${input.semver} is not above ${previous.semver}`,
          {
            details: {
              contract_name: input.contract_name,
              reason: 'not_above_highest',
              highest_version: previous.semver,
            },
          },
        );
      }
      const comparison = compareContractSchemas(previous.schema_json, input.schema_json);
      breaking = comparison.breaking;
      if (breaking && semver.major(input.semver) <= semver.major(previous.semver)) {
        throw new ShellError(
          'SDK_CONTRACT_INCOMPATIBLE',
          `${WHAT}: ${input.semver} breaks ${previous.semver} without a major bump`,
          {
            details: {
              contract_name: input.contract_name,
              previous_version: previous.semver,
              required_version: `${semver.major(previous.semver) + 1}.0.0`,
              changes: comparison.changes as unknown as JsonObject[],
            },
          },
        );
      }
    }
    let inserted: ContractRow | undefined;
    try {
      const result = await tx.query<ContractRow>(
        `insert into public.sdk_contract_versions as v (contract_name, semver, status, schema_json, published_at)
         values ($1, $2, $3, $4, case when $3 = 'draft' then null else now() end)
         returning ${CONTRACT_COLUMNS}`,
        [input.contract_name, input.semver, input.status, input.schema_json],
      );
      inserted = result.rows[0];
    } catch (error) {
      translateWriteError(error, WHAT, {
        sdk_contract_versions_contract_name_semver_key: (what, cause) =>
          new ShellError('CONFLICT', `${what}: version taken`, {
            details: { contract_name: input.contract_name, semver: input.semver },
            cause,
          }),
      });
    }
    if (!inserted) throw new Error('insert into sdk_contract_versions returned no row');
    await recordAudit(tx, actor, {
      workspaceId: actor.workspace_id,
      action: 'sdk_contract.publish',
      targetType: 'sdk_contract_version',
      targetId: inserted.id,
      metadata: {
        contract_name: input.contract_name,
        semver: input.semver,
        status: input.status,
        previous_version: previous?.semver ?? null,
        breaking,
      },
      correlationId: input.correlationId,
    });
    return inserted;
  });
}

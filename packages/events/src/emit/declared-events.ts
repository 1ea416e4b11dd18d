import type { Tx } from '@aiconnected/db';
import { compileJsonSchema, type SchemaProblem } from '@aiconnected/module-sdk';

/** Checks an event's data against the schema its emitter declares: the problems, or none. */
export type EventDataValidator = (data: unknown) => SchemaProblem[];

// The events each registered module version emits, with their compiled schemas. A registered
// version's manifest never changes (a new manifest is a new version), so an entry is valid for
// the life of the process; entries are few (one per module version that emitted).
const cache = new Map<string, ReadonlyMap<string, EventDataValidator>>();

/**
 * The events `moduleKey`@`version` declares in `events.emits`, by name, each with its schema
 * compiled once (module-sdk `compileJsonSchema`). Read from the registry on first use with
 * `tx` (any role that may read registered versions). A schema that does not compile (assess
 * refuses those at import) refuses every payload, with the schema's problems.
 */
export async function declaredEmits(
  tx: Pick<Tx, 'query'>,
  moduleKey: string,
  version: string,
): Promise<ReadonlyMap<string, EventDataValidator>> {
  const key = `${moduleKey}@${version}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const { rows } = await tx.query<{ emits: unknown }>(
    `select r.manifest_json #> '{events,emits}' as emits
       from public.module_registry r
      where r.module_key = $1 and r.version = $2`,
    [moduleKey, version],
  );
  const emits = new Map<string, EventDataValidator>();
  const declared = rows[0]?.emits;
  for (const event of Array.isArray(declared) ? (declared as unknown[]) : []) {
    const { name, schema } = (event ?? {}) as { name?: unknown; schema?: unknown };
    if (typeof name !== 'string') continue;
    const compiled = compileJsonSchema(schema ?? {});
    emits.set(
      name,
      compiled.ok
        ? compiled.validate
        : () => compiled.problems.map((problem) => ({ ...problem, path: '' })),
    );
  }
  if (rows.length > 0) cache.set(key, emits);
  return emits;
}

import { moduleManifestSchema } from '@aiconnected/sdk-contracts';
import type { ManifestFinding, ModuleAssessment } from '@aiconnected/sdk-contracts';
import { checkEvents } from './check-events';
import { checkFrontendOrigin } from './check-frontend-origin';
import { checkJsonSchemas } from './check-json-schemas';
import { checkModuleId } from './check-module-id';
import { checkPermissions } from './check-permissions';
import { checkRegisteredVersion } from './check-registered-version';
import { checkShellCompatibility } from './check-shell-compatibility';
import { checkStorableJson } from './check-storable-json';
import { createFinding } from './create-finding';
import { mapZodIssue } from './map-zod-issue';
import type { ZodIssueLike } from './map-zod-issue';
import { orderFindings } from './order-findings';
import { summarizeAssessment } from './summarize-assessment';
import type { RegistryView } from './registry-view';

/**
 * Assesses a module manifest (parsed JSON) against the manifest v1 format and the registry:
 * the report of findings the import API, the CLI and the admin screen show. Never throws: a
 * stage that fails unexpectedly adds a blocking `ASSESSMENT_FAILED` finding. Stages: a JSON
 * object; storable JSON (no NUL or lone surrogate, at most 64 levels: `checkStorableJson`,
 * a too deep input ends the assessment there); the manifest format version; the schema (every zod issue becomes a finding); then
 * the checks against the shell and registry, run even when some fields failed, each on the
 * fields it can read. A clean report (no blocking finding) means
 * `moduleManifestSchema.parse(input)` succeeds.
 */
export function assess(input: unknown, registry: RegistryView): ModuleAssessment {
  const findings: ManifestFinding[] = [];
  const run = (stage: () => ManifestFinding[]) => {
    try {
      findings.push(...stage());
    } catch (error) {
      findings.push(
        createFinding(
          'ASSESSMENT_FAILED',
          [],
          `The validator failed on this input: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
    }
  };

  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    run(() => [
      createFinding(
        'MANIFEST_NOT_OBJECT',
        [],
        `The manifest is ${input === null ? 'null' : Array.isArray(input) ? 'an array' : `a ${typeof input}`}, not a JSON object`,
      ),
    ]);
    return summarize(input, findings);
  }

  // NUL, lone surrogates (Postgres jsonb refuses both) and too deep a nesting (the schema's
  // recursive parse would overflow the stack): checked first, without recursion.
  let tooDeep = false;
  const storablePaths = new Set<string>();
  run(() => {
    const storable = checkStorableJson(input);
    tooDeep = storable.tooDeep;
    for (const finding of storable.findings) storablePaths.add(finding.path);
    return storable.findings;
  });
  if (tooDeep) return summarize(input, findings);

  const manifestVersion = (input as { manifestVersion?: unknown }).manifestVersion;
  if (manifestVersion === undefined) {
    run(() => [
      createFinding(
        'MANIFEST_VERSION_MISSING',
        ['manifestVersion'],
        'The manifest does not say its format version; it is read as 1',
      ),
    ]);
  }
  run(() => {
    const result = moduleManifestSchema.safeParse(input);
    if (result.success) return [];
    // The JSON value schemas refuse NUL too: keep checkStorableJson's finding at that path.
    return result.error.issues
      .flatMap((issue) => mapZodIssue(issue as ZodIssueLike, input))
      .filter((finding) => !storablePaths.has(finding.path));
  });
  if (manifestVersion !== undefined && manifestVersion !== 1) {
    // Another format: its fields mean other things, so only the version finding is useful.
    return summarize(
      input,
      findings.filter(
        (f) => f.code === 'MANIFEST_VERSION_UNSUPPORTED' || f.code === 'ASSESSMENT_FAILED',
      ),
    );
  }

  run(() => checkModuleId(input));
  run(() => checkPermissions(input, registry));
  run(() => checkEvents(input, registry));
  run(() => checkJsonSchemas(input));
  run(() => checkRegisteredVersion(input, registry));
  run(() => checkShellCompatibility(input, registry));
  run(() => checkFrontendOrigin(input, registry));
  return summarize(input, findings);
}

function summarize(input: unknown, findings: ManifestFinding[]): ModuleAssessment {
  try {
    return summarizeAssessment(input, orderFindings(findings));
  } catch (error) {
    return summarizeAssessment(undefined, [
      createFinding(
        'ASSESSMENT_FAILED',
        [],
        `The validator failed on this input: ${String(error)}`,
      ),
    ]);
  }
}

import type { ApiApp } from '../context';
import {
  ACCESS_EXTENSION,
  routeAccessSchema,
  type AccessRequirement,
  type RouteAccess,
} from './access';

const SCOPE_TEXT = {
  'active-workspace': 'in the active workspace',
  'target-workspace': 'in the workspace the request names (or that owns the row it names)',
  'parent-workspace': 'in the parent of the workspace the request names',
} as const;

/** The line a human reads in the docs UI for `access`: who may call the operation. */
export function describeAccess(access: RouteAccess): string {
  const line = accessLine(access);
  return access.note === undefined ? line : `${line} ${access.note}`;
}

function accessLine(access: RouteAccess): string {
  switch (access.kind) {
    case 'public':
      return '**Access:** public, no session needed.';
    case 'self-service':
      return access.workspace === 'optional' || access.guard === false
        ? '**Access:** any signed-in user, on their own account or session (no active workspace needed).'
        : '**Access:** any signed-in user with an active workspace, on their own account or session.';
    case 'in-scope':
      return (
        '**Access:** any signed-in user with an active workspace, within their scope ' +
        '(anything outside it is `WORKSPACE_FORBIDDEN`).'
      );
    case 'capability':
      return `**Requires:** ${access.requires.map(describeRequirement).join('; ')}.`;
  }
}

/** One requirement: "`a` or `b` in <scope>, <when> (checked by ...)". */
function describeRequirement(requirement: AccessRequirement): string {
  const names = requirement.capabilities.map((capability) => `\`${capability}\``);
  const joined = names.join(requirement.match === 'any' ? ' or ' : ' and ');
  const when = requirement.when === undefined ? '' : `, ${requirement.when}`;
  const checker =
    requirement.checked_by === 'guard'
      ? 'checked by the guard, before the request is read'
      : 'checked by the domain function';
  return `${joined} ${SCOPE_TEXT[requirement.scope]}${when} (${checker})`;
}

type OpenApiDocument = ReturnType<ApiApp['getOpenAPI31Document']>;
type Operation = NonNullable<NonNullable<OpenApiDocument['paths']>[string]['get']>;

/** The operations of a path item (its other fields are parameters, servers, a summary...). */
function isOperation(value: unknown): value is Operation {
  return typeof value === 'object' && value !== null && 'responses' in value;
}

/**
 * Appends each operation's access line to its description, so the docs UI shows what the
 * `x-shell-access` extension says (derived from it, so the two cannot differ).
 */
export function withAccessDescriptions(document: OpenApiDocument): OpenApiDocument {
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item).filter(isOperation)) {
      const parsed = routeAccessSchema.safeParse(operation[ACCESS_EXTENSION]);
      if (!parsed.success) continue;
      const line = describeAccess(parsed.data);
      operation.description = operation.description ? `${operation.description}\n\n${line}` : line;
    }
  }
  return document;
}

import { z } from 'zod';
import { WORKSPACE_TYPES } from '../workspaces/workspace-type';

/**
 * A lower-kebab key: lower-case letters and digits in dash-separated words, starting with a
 * letter (`crm-lite`, `payments-core`). Used for module keys and contract names, which appear
 * in URLs, headers and token audiences, so no other characters are allowed.
 */
export const LOWER_KEBAB_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** A module key (the manifest's `id`), unique in the registry. */
export const moduleKeySchema = z
  .string()
  .max(64)
  .regex(LOWER_KEBAB_PATTERN, 'Must be a lower-kebab key such as crm-lite')
  .meta({ description: 'Module key: lower-kebab, 1-64 characters (e.g. crm-lite)' });

/**
 * A correlation id: ties logs, events, audit rows and error envelopes of one request together.
 * It travels in headers, so it is limited to a header-safe charset.
 */
export const correlationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'Must be 1-128 characters of A-Z a-z 0-9 . _ : -')
  .meta({
    description: 'Correlation id of the originating request (1-128 header-safe characters)',
  });

/** An RFC 3339 timestamp with an explicit offset (`2025-01-31T12:00:00Z`). */
export const timestampSchema = z.iso
  .datetime({ offset: true })
  .meta({ description: 'RFC 3339 timestamp with offset' });

/** The level of the tenant tree a setting comes from (PRD §6). */
export const workspaceScopeSchema = z
  .enum(WORKSPACE_TYPES)
  .meta({ description: 'Workspace level' });
export type WorkspaceScope = z.infer<typeof workspaceScopeSchema>;

import { z } from 'zod';
import { pageSchema } from '../common/page';
import { AUDIT_ACTIONS } from './audit-actions';

/** A user an audit log entry names, as they were when it was written. */
export const auditLogPersonSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    display_name: z.string().nullable(),
  })
  .meta({ id: 'AuditLogPerson', description: 'A user an audit log entry names' });
export type AuditLogPerson = z.infer<typeof auditLogPersonSchema>;

/** One `audit_logs` row as `GET /audit-logs` returns it (PRD §12.2, §25.3). */
export const auditLogEntrySchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid().meta({ description: 'The workspace the action happened in' }),
    actor_user_id: z.uuid().nullable().meta({ description: 'Who acted; null for system actions' }),
    impersonator_user_id: z
      .uuid()
      .nullable()
      .meta({ description: 'The real user behind an action taken while impersonating' }),
    action: z
      .enum(AUDIT_ACTIONS)
      .meta({ description: 'What was done, one of the audited actions' }),
    target_type: z.string(),
    target_id: z.string().nullable(),
    metadata_json: z.record(z.string(), z.unknown()).meta({
      description:
        'Specifics of the action as they were at the time: `people` keeps actor, impersonator and target ' +
        'user (id, email, display name), `impersonation` names actor and target workspaces, a change is ' +
        '`{ from, to }`',
    }),
    correlation_id: z
      .string()
      .nullable()
      .meta({ description: 'The `x-correlation-id` of the request that acted' }),
    created_at: z.iso.datetime().meta({ description: 'RFC 3339, microseconds' }),
    actor: auditLogPersonSchema.nullable().meta({
      description: 'The user `actor_user_id` names, as they were then; null for system actions',
    }),
    impersonator: auditLogPersonSchema.nullable().meta({
      description:
        'The user `impersonator_user_id` names, as they were then; null when not impersonating',
    }),
    target_user: auditLogPersonSchema.nullable().meta({
      description:
        'The person acted on, as they were then: `target_id` when `target_type` is `user`, else ' +
        '`metadata_json.user_id` (memberships, invitations); null for other targets',
    }),
  })
  .meta({ id: 'AuditLog', description: 'One privileged action (PRD §25.3)' });
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

/** A page of the audit log, newest first. */
export const auditLogPageSchema = pageSchema(auditLogEntrySchema).meta({ id: 'AuditLogPage' });
export type AuditLogPage = z.infer<typeof auditLogPageSchema>;

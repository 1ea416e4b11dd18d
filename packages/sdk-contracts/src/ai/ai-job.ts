import { z } from 'zod';
import { jsonObjectSchema } from '../common/json';
import { timestampSchema } from '../common/keys';

/**
 * The AI job lifecycle (PRD §23.4): `queued -> running -> succeeded | failed`, and
 * `queued | running -> canceled`. Terminal states are final; moves are append-only.
 */
export const AI_JOB_STATES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;

export const aiJobStateSchema = z
  .enum(AI_JOB_STATES)
  .meta({ id: 'AIJobState', description: 'State of a shell AI orchestration job' });
export type AIJobState = z.infer<typeof aiJobStateSchema>;

/** A shell-governed AI authoring job (`ai_jobs`), e.g. a module draft from Layout Manager. */
export const aiJobSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    job_type: z
      .string()
      .regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'Must be a lower-case job type key')
      .meta({ description: 'Kind of job, e.g. module_draft' }),
    state: aiJobStateSchema,
    context_ref: z.string().min(1).max(256).meta({ description: 'What the job works on' }),
    intent_payload: jsonObjectSchema,
    artifacts: z.array(jsonObjectSchema).meta({ description: 'Editable draft artifacts' }),
    created_at: timestampSchema,
  })
  .meta({ id: 'AIJob', description: 'A shell AI orchestration job' });
export type AIJob = z.infer<typeof aiJobSchema>;

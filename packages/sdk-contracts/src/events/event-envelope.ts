import { z } from 'zod';
import { jsonValueSchema } from '../common/json';
import { correlationIdSchema, timestampSchema } from '../common/keys';
import { eventNameSchema } from './event-name';

/**
 * One event as stored, delivered and replayed (PRD §21): a CloudEvents 1.0 structured event
 * whose extension attributes carry the tenant, the ordering stream and the correlation.
 * Extension names are lower-case alphanumerics, as CloudEvents requires.
 *
 * `sequence` is an integer (the position in its `(workspaceid, partitionkey)` stream), not
 * the string of the CloudEvents sequence extension: ordering is numeric per stream.
 */
export const eventEnvelopeSchema = z
  .object({
    id: z.uuid().meta({ description: 'Event id; (source, id) is unique' }),
    source: z
      .string()
      .min(1)
      .max(256)
      .regex(/^\S+$/, 'Must be a URI-reference without spaces')
      .meta({ description: 'URI-reference of the emitter, e.g. /modules/crm-lite or /shell' }),
    type: eventNameSchema,
    specversion: z.literal('1.0'),
    time: timestampSchema,
    datacontenttype: z.literal('application/json').optional(),
    data: jsonValueSchema,
    workspaceid: z.uuid().meta({ description: 'Workspace the event belongs to' }),
    partitionkey: z
      .string()
      .min(1)
      .max(200)
      .meta({ description: 'Stream key; delivery is ordered per (workspaceid, partitionkey)' }),
    sequence: z.int().min(0).meta({ description: 'Position in the stream, starting at 0' }),
    correlationid: correlationIdSchema,
    idempotencykey: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "Publisher's key; a retried emit with the same key is a no-op" }),
  })
  .meta({
    id: 'EventEnvelope',
    description: 'CloudEvents 1.0 compatible event envelope with tenant and stream extensions',
  });
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

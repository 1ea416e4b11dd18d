import { z } from 'zod';
import { jsonValueSchema } from '../common/json';
import { correlationIdSchema, timestampSchema } from '../common/keys';
import { eventNameSchema } from './event-name';

/** An envelope `sequence`: a stream position as 20 decimal digits. */
export const EVENT_SEQUENCE_PATTERN = /^\d{20}$/;

/**
 * The envelope form of a stream position (a bigint column read as a number, bigint or decimal
 * string): 20 digits, zero-padded, so `"00000000000000000042"` sorts before
 * `"00000000000000000100"` as text. Throws on a negative, fractional or too long value.
 */
export function formatEventSequence(value: bigint | number | string): string {
  const text = typeof value === 'string' ? value : BigInt(value).toString();
  if (!/^\d{1,20}$/.test(text)) throw new RangeError(`Not an event sequence: ${text}`);
  return text.padStart(20, '0');
}

/**
 * One event as stored, delivered and replayed (PRD §21): a CloudEvents 1.0 structured event
 * whose extension attributes carry the tenant, the ordering stream and the correlation.
 * Extension names are lower-case alphanumerics, as CloudEvents requires.
 *
 * `sequence` is the position in its `(workspaceid, partitionkey)` stream, from 1, as the
 * CloudEvents sequence extension carries it: a string, here the decimal number zero-padded to
 * 20 digits (`formatEventSequence`), so text order is stream order (contract 2.0.0; 1.0.0 had
 * an integer).
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
    sequence: z
      .string()
      .regex(EVENT_SEQUENCE_PATTERN, 'Must be 20 decimal digits, e.g. 00000000000000000042')
      .meta({
        description:
          'Position in the stream from 1, zero-padded to 20 digits so it sorts as text (00000000000000000042)',
      }),
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

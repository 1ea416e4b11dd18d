import { z } from 'zod';

/**
 * An event name (the CloudEvents `type`): dot-separated lower-case segments, at least two,
 * the first usually the emitter (`workspace.created`, `crm-lite.contact.created`).
 */
export const EVENT_NAME_PATTERN = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9_-]*)+$/;

export const eventNameSchema = z
  .string()
  .max(128)
  .regex(
    EVENT_NAME_PATTERN,
    'Must be dot-separated lower-case segments, e.g. crm-lite.contact.created',
  )
  .meta({ description: 'Event name, e.g. crm-lite.contact.created' });

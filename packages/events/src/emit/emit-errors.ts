import { ShellError } from '@aiconnected/sdk-contracts';

/** One problem with emitted data, at a JSON Pointer into the payload ('' for the root). */
export interface EventDataProblem {
  path: string;
  message: string;
}

/** `EVENT_SCHEMA_INVALID` for data that fails its schema: `details.errors[] {path, message}`. */
export function schemaInvalid(message: string, errors: EventDataProblem[]): ShellError {
  return new ShellError('EVENT_SCHEMA_INVALID', message, {
    details: { errors: errors.map((error) => ({ path: error.path, message: error.message })) },
  });
}

/** `EVENT_SCHEMA_INVALID` for a name the producer may not emit (`details.reason`). */
export function notEmittable(
  eventName: string,
  reason: 'undeclared' | 'reserved_namespace',
  message: string,
): ShellError {
  return new ShellError('EVENT_SCHEMA_INVALID', `${eventName}: ${message}`, {
    userMessage: message,
    details: { reason, event_name: eventName },
  });
}

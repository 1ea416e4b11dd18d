import { findJsonProblem, ShellError } from '@aiconnected/sdk-contracts';
import { schemaInvalid } from './emit-errors';

/** Largest event payload accepted, serialized as JSON (UTF-8 bytes). */
export const EVENT_PAYLOAD_MAX_BYTES = 64 * 1024;

/**
 * The payload as JSON text, refused when it is no JSON value, larger than 64 KiB
 * (`PAYLOAD_TOO_LARGE`) or something Postgres jsonb refuses or nested deeper than
 * `JSON_MAX_DEPTH` (`EVENT_SCHEMA_INVALID` with the path). The text is what gets stored
 * (`StoreEventInput.payloadJson`): serialized once per emit, not again to store it.
 */
export function checkPayload(payload: unknown): string {
  const problem = findJsonProblem(payload);
  if (problem) {
    throw schemaInvalid('The event data cannot be stored', [
      { path: toPointer(problem.path), message: problem.message },
    ]);
  }
  const text = payload === undefined ? undefined : JSON.stringify(payload);
  if (text === undefined) {
    throw schemaInvalid('The event has no data', [{ path: '', message: 'Must be a JSON value' }]);
  }
  const size = Buffer.byteLength(text, 'utf8');
  if (size > EVENT_PAYLOAD_MAX_BYTES) {
    throw new ShellError('PAYLOAD_TOO_LARGE', `event payload of ${size} bytes`, {
      userMessage: `The event data is larger than ${EVENT_PAYLOAD_MAX_BYTES / 1024} KiB.`,
      details: { limit_bytes: EVENT_PAYLOAD_MAX_BYTES, size_bytes: size },
    });
  }
  return text;
}

/** RFC 6901 JSON Pointer of a path of keys and indexes. */
function toPointer(path: ReadonlyArray<string | number>): string {
  return path
    .map((part) => `/${String(part).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

import {
  emitEventResponseSchema,
  errorEnvelopeSchema,
  type EmitEventRequest,
  type EmitEventResponse,
  type ErrorEnvelope,
} from '@aiconnected/sdk-contracts';

export interface ShellEventsClientOptions {
  /** The shell's origin, e.g. `https://shell.example.com` (its API is under `/api`). */
  baseUrl: string | URL;
  /** The installation's API key (`aicm_...`, shown once when issued). */
  apiKey: string;
  /** Abort a call after this many ms (default 10 000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** What a module emits: the workspace is its installation's. */
export type ShellEventToEmit = Omit<EmitEventRequest, 'workspace_id'>;

/**
 * The shell refused an emit (`error` is its whole envelope, `status` the HTTP status), or
 * answered something that is not the API's (`error` undefined).
 */
export class ShellEventsError extends Error {
  override readonly name = 'ShellEventsError';

  constructor(
    readonly status: number,
    readonly error: ErrorEnvelope['error'] | undefined,
    message: string,
  ) {
    super(message);
  }
}

export interface ShellEventsClient {
  /**
   * Emits one event (`POST /api/events`). Retrying with the same `idempotency_key` is safe:
   * the shell answers the first event (`duplicate: true`) and stores nothing new.
   */
  emit(event: ShellEventToEmit): Promise<EmitEventResponse>;
}

/** A client of the shell's event API for a module's server, authenticated by its API key. */
export function createShellEventsClient(options: ShellEventsClientOptions): ShellEventsClient {
  const url = new URL('/api/events', options.baseUrl);
  const fetchImpl = options.fetch ?? fetch;
  return {
    emit: async (event) => {
      const response = await fetchImpl(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok) {
        const parsed = emitEventResponseSchema.safeParse(body);
        if (parsed.success) return parsed.data;
        throw new ShellEventsError(response.status, undefined, 'unexpected answer from the shell');
      }
      const refused = errorEnvelopeSchema.safeParse(body);
      if (refused.success) {
        throw new ShellEventsError(
          response.status,
          refused.data.error,
          `${refused.data.error.code}: ${refused.data.error.message}`,
        );
      }
      throw new ShellEventsError(
        response.status,
        undefined,
        `the shell answered ${response.status}`,
      );
    },
  };
}

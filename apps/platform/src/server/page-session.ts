import { randomUUID } from 'node:crypto';
import type { SessionView } from '@aiconnected/sdk-contracts';

/** A session resolved for one page request; null: nobody is signed in. */
type HeldSession = SessionView | null;

// On globalThis: the web server holds, and the pages (compiled by Next into their own copy of
// this module, in the same process) read.
const holder = globalThis as typeof globalThis & {
  __aiconnectedPageSessions?: Map<string, HeldSession>;
};
const held = (holder.__aiconnectedPageSessions ??= new Map<string, HeldSession>());

/** Holds `session` for one page request; returns the key the request carries in a header. */
export function holdPageSession(session: HeldSession): string {
  const key = randomUUID();
  held.set(key, session);
  return key;
}

/** The session held under `key`; undefined when none is (no key, an unknown or spent one). */
export function heldPageSession(key: string | null | undefined): HeldSession | undefined {
  return key ? held.get(key) : undefined;
}

/** Forgets the session of a finished request. */
export function releasePageSession(key: string): void {
  held.delete(key);
}

import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { ERROR_USER_MESSAGES, type ErrorCode } from '@aiconnected/sdk-contracts';
import { REPO_ROOT } from '../../scripts/lib/paths';
import { auditEveryVariant, expectClean } from './accessibility';
import { stopProcessGroup } from './process-group';
import type { Visitor } from './visitor';

// What the module journeys (modules.e2e.ts, module-runtime.e2e.ts, events.e2e.ts) share: the
// example modules' servers, the sidebar's module links, and how a screen is looked at.

/** The `hello` example module's folder (server.ts, manifest.json). */
export const HELLO_DIR = path.join(REPO_ROOT, 'examples/modules/hello');

/** The `notes` example module's folder (server.ts, manifest.json). */
export const NOTES_DIR = path.join(REPO_ROOT, 'examples/modules/notes');

/**
 * The `hello` example module's server on `port` of 127.0.0.1 (TypeScript, run with tsx), in its
 * own process group; `env` e.g. `SHELL_ORIGIN` and `SHELL_JWKS_URL` of the app under test.
 * Resolves once its `/health` answers 200.
 */
export function startHello(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  return startExampleModule(
    'hello',
    ['--import', 'tsx', path.join(HELLO_DIR, 'server.ts')],
    port,
    env,
  );
}

/** The `notes` example module's server, as `startHello` starts hello. */
export function startNotes(port: number, env: Record<string, string> = {}): Promise<ChildProcess> {
  return startExampleModule(
    'notes',
    ['--import', 'tsx', path.join(NOTES_DIR, 'server.ts')],
    port,
    env,
  );
}

async function startExampleModule(
  name: string,
  args: string[],
  port: number,
  env: Record<string, string>,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: 'ignore',
    detached: true,
  });
  const giveUpAt = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) return child;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > giveUpAt) {
      await stopProcessGroup(child);
      throw new Error(`the ${name} module did not answer /health on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The sidebar's "Modules" group of module links (absent when no module is enabled). */
export function moduleLinks(page: Page) {
  return page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('list', { name: 'Modules', exact: true })
    .getByRole('link');
}

/** What Chromium logs for a document or fetch answered with an error status, e.g. `404 (Not Found)`. */
export function statusLogged(visitor: Visitor, pathname: string, status: string): string {
  return `Failed to load resource: the server responded with a status of ${status} (${visitor.origin}${pathname})`;
}

/** The whole error envelope the API answers with `code` (its default message). */
export function errorEnvelope(code: ErrorCode, details: Record<string, unknown>) {
  return {
    error: {
      code,
      message: ERROR_USER_MESSAGES[code],
      details,
      correlation_id: expect.any(String) as unknown,
    },
  };
}

/**
 * Screenshot, no off-origin request or console error since the last one (but
 * `expectedConsoleErrors`), axe in every variant.
 */
export async function look(
  visitor: Visitor,
  name: string,
  expectedConsoleErrors: string[] = [],
): Promise<void> {
  await visitor.screen(name, { expectedConsoleErrors });
  expectClean(await auditEveryVariant(visitor.page, name));
}

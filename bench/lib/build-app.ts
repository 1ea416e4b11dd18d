import { buildAppIfNeeded as buildApp } from '@aiconnected/platform/scripts';

/**
 * Runs `next build` when the app's source fingerprint changed since the last build: the helper
 * `npm start` and the e2e tests use, under the same build lock, so all share one `.next` and
 * never build at once. Streams the build's output; asynchronous, so Ctrl+C still reaches the
 * bench's cleanup (and exiting stops the build).
 */
export function buildAppIfNeeded(environment: NodeJS.ProcessEnv): Promise<void> {
  return buildApp({
    env: environment,
    output: 'inherit',
    messages: {
      current: '• Build: current (source fingerprint unchanged)',
      building: '• Build: sources changed, running next build (about a minute)…',
      waiting: '• Build: another build of this checkout is running, waiting for it…',
    },
  });
}

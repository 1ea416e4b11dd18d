import { buildAppIfNeeded as buildApp } from '../../scripts/lib/build-app';

/**
 * Builds the web app unless `.next` is current (the helper, fingerprint and lock `npm start`
 * and the bench use), quietly: the build's output appears only in the error when it fails.
 */
export function buildAppIfNeeded(): Promise<void> {
  return buildApp({
    // A fixed environment, not the test runner's: vitest sets NODE_ENV=test, which `next build`
    // warns about; production is what it uses anyway.
    env: { NODE_ENV: 'production' },
    output: 'capture',
  });
}

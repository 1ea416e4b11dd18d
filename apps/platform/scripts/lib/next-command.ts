import { createRequire } from 'node:module';
import { PLATFORM_DIR } from './paths';

const require = createRequire(import.meta.url);

/** The Next.js CLI of this app, run with the current Node (no npx, no PATH lookup). */
const NEXT_BIN = require.resolve('next/dist/bin/next', { paths: [PLATFORM_DIR] });

/** `node <next's bin> ...args`: the command `npm start`, the e2e tests and the bench run. */
export function nextCommand(...args: string[]): [string, string[]] {
  return [process.execPath, [NEXT_BIN, ...args]];
}

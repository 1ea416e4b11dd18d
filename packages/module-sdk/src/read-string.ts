import { readPath } from './read-path';

/** The string at `path`, or undefined. */
export function readString(root: unknown, path: ReadonlyArray<PropertyKey>): string | undefined {
  const value = readPath(root, path);
  return typeof value === 'string' ? value : undefined;
}

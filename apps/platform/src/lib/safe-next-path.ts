/**
 * The `next` parameter of a sign-in or selector link when it is a path on this site, else
 * null: only `/...` paths, never `//host` or a scheme, so a crafted link cannot send a person
 * to another site after they sign in.
 */
export function safeNextPath(value: string | string[] | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  if (value.startsWith('/api/') || value === '/api') return null;
  return value;
}

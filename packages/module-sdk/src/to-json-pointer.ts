/** A JSON Pointer (RFC 6901) from path segments: `['admin', 'apiRoutes', 0]` -> `/admin/apiRoutes/0`. */
export function toJsonPointer(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('');
}

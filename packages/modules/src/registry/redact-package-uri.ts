/**
 * `package_uri` as the `module.import` audit row keeps it: origin and path only
 * (`origin + pathname`), without userinfo, query or fragment, where a signed URL's token or
 * credentials would be. The URI was fetched, so it parses.
 */
export function redactPackageUri(uri: string): string {
  const url = new URL(uri);
  return `${url.origin}${url.pathname}`;
}

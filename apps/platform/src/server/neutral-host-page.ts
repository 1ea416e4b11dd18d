import { createHash } from 'node:crypto';

// The page an unknown host gets instead of the product: no name, logo or link of the platform
// or of any tenant, and nothing loaded from anywhere (its one style is allowed by its hash).
const STYLE =
  'body{margin:0;min-height:100vh;display:grid;place-items:center;font-family:system-ui,sans-serif;' +
  'background:#fff;color:#1f2937}main{max-width:32rem;padding:1.5rem}h1{font-size:1.5rem;margin:0 0 .75rem}' +
  'p{margin:0;line-height:1.5;color:#4b5563}@media (prefers-color-scheme:dark){body{background:#111827;' +
  'color:#f9fafb}p{color:#d1d5db}}';

/** The neutral page's HTML. */
export const NEUTRAL_HOST_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Site not found</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>This address is not connected to a site</h1>
<p>Nothing is published at this address. If you own it, finish connecting the domain in your workspace settings, then reload this page.</p>
</main>
</body>
</html>
`;

/** Its headers: a CSP that allows nothing but its own style. */
export const NEUTRAL_HOST_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  'referrer-policy': 'no-referrer',
} as const;

/** The entry page the shell frames (`GET /ui`): markup only; `app.js` connects it to the shell. */
export function uiPage(shellOrigin: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="shell-origin" content="${shellOrigin}" />
    <title>Hello</title>
    <link rel="stylesheet" href="/ui/app.css" />
    <script type="module" src="/ui/app.js"></script>
  </head>
  <body>
    <main>
      <h1>Hello, <span id="user" data-testid="hello-user">…</span></h1>
      <p id="status" data-testid="hello-status" role="status">Connecting to the shell…</p>
      <dl>
        <dt>Workspace</dt>
        <dd id="workspace" data-testid="hello-workspace">…</dd>
        <dt>Page</dt>
        <dd id="path" data-testid="hello-path">…</dd>
      </dl>
      <button id="call" data-testid="hello-call" type="button" disabled>
        Get a token and ask my backend who I am
      </button>
      <pre id="whoami" data-testid="hello-whoami" aria-live="polite"></pre>
      <section aria-labelledby="received-title">
        <h2 id="received-title">Received events</h2>
        <p id="received-empty">None yet: events this module consumes appear here once the shell delivers them.</p>
        <ol id="received" data-testid="hello-received"></ol>
        <button id="refresh" type="button">Refresh</button>
      </section>
    </main>
  </body>
</html>
`;
}

/**
 * The page's styles: the shell's theme tokens (set by app.js from host:context; colours are HSL
 * components, as shadcn/ui's, so `hsl(var(--x))`), with the shell's defaults as fallbacks.
 */
export const UI_CSS = `:root { color-scheme: light dark; }
body {
  margin: 0;
  padding: 1.5rem;
  background: hsl(var(--background, 0 0% 100%));
  color: hsl(var(--foreground, 240 10% 3.9%));
  font-family: var(--font-sans, system-ui, sans-serif);
}
h1 { margin: 0 0 0.5rem; font-size: 1.5rem; }
h2 { margin: 1.5rem 0 0.5rem; font-size: 1.125rem; }
ol { padding-left: 1.25rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { color: hsl(var(--muted-foreground, 240 3.8% 46.1%)); }
dd { margin: 0; }
button {
  padding: 0.5rem 1rem;
  border: 0;
  border-radius: var(--radius, 0.5rem);
  background: hsl(var(--primary, 240 5.9% 10%));
  color: hsl(var(--primary-foreground, 0 0% 98%));
  font: inherit;
  cursor: pointer;
}
button:focus-visible { outline: 2px solid hsl(var(--ring, 240 5.9% 10%)); outline-offset: 2px; }
button:disabled { opacity: 0.6; cursor: default; }
pre { white-space: pre-wrap; word-break: break-all; }
`;

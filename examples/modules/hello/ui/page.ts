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
    </main>
  </body>
</html>
`;
}

/** The page's styles: the shell's theme tokens (set by app.js from host:context), with fallbacks. */
export const UI_CSS = `:root { color-scheme: light dark; }
body {
  margin: 0;
  padding: 1.5rem;
  background: var(--background, #fff);
  color: var(--foreground, #111);
  font-family: var(--font-sans, system-ui, sans-serif);
}
h1 { margin: 0 0 0.5rem; font-size: 1.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { color: var(--muted-foreground, #555); }
dd { margin: 0; }
button {
  padding: 0.5rem 1rem;
  border: 0;
  border-radius: var(--radius, 0.5rem);
  background: var(--primary, #111);
  color: var(--primary-foreground, #fff);
  font: inherit;
  cursor: pointer;
}
button:focus-visible { outline: 2px solid var(--ring, #3b82f6); outline-offset: 2px; }
button:disabled { opacity: 0.6; cursor: default; }
pre { white-space: pre-wrap; word-break: break-all; }
`;

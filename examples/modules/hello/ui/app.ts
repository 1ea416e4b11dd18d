// The hello UI in the browser (bundled by server.ts with esbuild): connects to the shell over
// the module bridge, shows the context it received, keeps its frame as tall as the page, and
// calls its own backend with a short-lived token.
import { connectToShell, ShellBridgeError } from '@aiconnected/module-sdk/bridge';
import type { ShellContext } from '@aiconnected/module-sdk/bridge';

function element(id: string): HTMLElement {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`#${id} is missing`);
  return found;
}

/** Takes on the shell's theme: its mode and every token as a CSS variable. */
function applyTheme(theme: ShellContext['theme']): void {
  const root = document.documentElement;
  root.style.colorScheme = theme.mode;
  for (const [name, value] of Object.entries(theme.tokens))
    root.style.setProperty(`--${name}`, value);
}

interface Received {
  webhook_id: string;
  received_at: string;
  kind: 'event' | 'action';
  action: string | null;
  envelope: { type: string; partitionkey: string; sequence: string; data: unknown };
}

/** Lists what this module's backend accepted from the shell for this workspace. */
async function showReceived(workspaceId: string): Promise<void> {
  const response = await fetch(
    `/webhooks/received?workspace_id=${encodeURIComponent(workspaceId)}`,
  );
  const { items } = (await response.json()) as { items: Received[] };
  const list = element('received');
  list.replaceChildren(
    ...items.map((item) => {
      const entry = document.createElement('li');
      const what = item.kind === 'action' ? `lifecycle ${item.action ?? ''}` : item.envelope.type;
      entry.textContent = `${what} (stream ${item.envelope.partitionkey}, #${Number(
        item.envelope.sequence,
      )}): ${JSON.stringify(item.envelope.data)}`;
      return entry;
    }),
  );
  element('received-empty').hidden = items.length > 0;
}

async function main(): Promise<void> {
  if (window.parent === window) {
    element('status').textContent = 'Open this page from the shell: it runs in the shell’s frame.';
    return;
  }
  const shellOrigin = document.querySelector<HTMLMetaElement>('meta[name="shell-origin"]');
  if (!shellOrigin?.content) {
    element('status').textContent = 'This page does not name its shell: it cannot connect.';
    return;
  }
  const shell = await connectToShell({ shellOrigins: [shellOrigin.content] });
  const context = await shell.context();
  applyTheme(context.theme);
  // The shell sends nothing unasked: when the system's light/dark setting changes, ask again.
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    void shell.context().then((next) => applyTheme(next.theme));
  });
  element('user').textContent = context.user.display_name ?? 'there';
  element('workspace').textContent = `${context.workspace.name} (${context.workspace.type})`;
  element('path').textContent = shell.init.path;
  element('status').textContent = 'Connected to the shell.';
  shell.autoResize();
  await showReceived(context.workspace.id);
  element('refresh').addEventListener('click', () => void showReceived(context.workspace.id));

  const call = element('call') as HTMLButtonElement;
  const output = element('whoami');
  call.disabled = false;
  call.addEventListener('click', () => {
    void (async () => {
      try {
        const { token } = await shell.token({ permissions: ['hello.greeting.read'] });
        const response = await fetch('/whoami', { headers: { authorization: `Bearer ${token}` } });
        output.textContent = JSON.stringify(await response.json(), null, 2);
      } catch (error) {
        output.textContent =
          error instanceof ShellBridgeError ? `${error.code}: ${error.message}` : String(error);
      }
    })();
  });
}

main().catch((error: unknown) => {
  element('status').textContent = `Not connected to the shell: ${
    error instanceof Error ? error.message : String(error)
  }`;
});

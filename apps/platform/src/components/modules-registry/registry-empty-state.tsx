import { Blocks } from 'lucide-react';
import { EmptyState } from '@aiconnected/ui';
import { MANIFEST_SCHEMA_URL } from './registry-labels';

function Command({ children }: { children: string }) {
  return (
    <code className="block whitespace-pre-wrap break-words rounded bg-muted px-3 py-2 font-mono text-xs">
      {children}
    </code>
  );
}

/**
 * Module-absent mode (PRD §4.3): the registry is empty and the shell runs without modules.
 * Says what a module is, the three ways to import one, and where the manifest's JSON Schema,
 * the CLI and the example modules are.
 */
export function RegistryEmptyState() {
  return (
    <EmptyState
      icon={Blocks}
      title="No modules yet"
      description="The shell works fully without modules. A module adds pages, API routes and events to it without any change to the shell’s code: it is a separate HTTP service described by a manifest (its id, version, pages, routes with the role each needs, permissions, events and where it runs)."
    >
      <div className="grid w-full gap-5 text-left text-sm md:grid-cols-2">
        <div className="min-w-0 space-y-2">
          <h4 className="font-medium">Import one</h4>
          <ol className="list-decimal space-y-1 pl-5 text-muted-foreground">
            <li>Upload its manifest.json file.</li>
            <li>Paste the manifest JSON.</li>
            <li>Give the http(s) URL the shell fetches it from.</li>
          </ol>
          <p className="text-muted-foreground">
            Use the import form above. Every import is checked first; a refused one lists each
            problem with its fix.
          </p>
        </div>
        <div className="min-w-0 space-y-2">
          <h4 className="font-medium">Write one</h4>
          <p className="text-muted-foreground">
            Point your editor at the{' '}
            <a
              href={MANIFEST_SCHEMA_URL}
              className="font-medium text-foreground underline underline-offset-4 hover:text-primary"
            >
              manifest JSON Schema
            </a>{' '}
            (<span className="break-all font-mono text-xs">{MANIFEST_SCHEMA_URL}</span>), scaffold
            and check with the CLI:
          </p>
          <Command>npx aiconnected-module init my-module --id my-module</Command>
          <Command>npx aiconnected-module validate manifest.json</Command>
          <p className="text-muted-foreground">
            Example modules (hello, notes) are in{' '}
            <span className="font-mono text-xs">examples/modules/</span>, described in{' '}
            <span className="font-mono text-xs">docs/modules.md</span>.
          </p>
        </div>
      </div>
    </EmptyState>
  );
}

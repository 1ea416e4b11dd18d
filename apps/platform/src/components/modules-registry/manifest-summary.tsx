import type { ReactNode } from 'react';
import { Badge } from '@aiconnected/ui';
import type { ModuleAdminLayer, ModuleManifest } from '@aiconnected/sdk-contracts';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[10rem_1fr] sm:gap-3">
      <dt className="text-sm text-muted-foreground">{label}</dt>
      <dd className="min-w-0 text-sm">{children}</dd>
    </div>
  );
}

const None = () => <span className="text-muted-foreground">None</span>;

function Keys({ values }: { values: readonly string[] }) {
  if (values.length === 0) return <None />;
  return (
    <ul className="flex flex-wrap gap-1">
      {values.map((value) => (
        <li key={value}>
          <code className="break-all rounded bg-muted px-1.5 py-0.5 font-mono text-xs">
            {value}
          </code>
        </li>
      ))}
    </ul>
  );
}

/** A layer's pages and API routes (each route with the role it needs and its permissions). */
function LayerSummary({ name, layer }: { name: string; layer: ModuleAdminLayer }) {
  return (
    <>
      <Field label={`${name} pages`}>
        {layer.pages.length === 0 ? (
          <None />
        ) : (
          <ul className="space-y-1">
            {layer.pages.map((page) => (
              <li key={page.path} className="flex flex-wrap items-baseline gap-x-2">
                <code className="break-all font-mono text-xs">{page.path}</code>
                <span>{page.title}</span>
                {page.minimumRole ? (
                  <span className="text-muted-foreground">({page.minimumRole})</span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Field>
      <Field label={`${name} API routes`}>
        {layer.apiRoutes.length === 0 ? (
          <None />
        ) : (
          <ul className="space-y-1">
            {layer.apiRoutes.map((route) => (
              <li
                key={`${route.method} ${route.path}`}
                className="flex flex-wrap items-baseline gap-x-2"
              >
                <code className="break-all font-mono text-xs">
                  {route.method} {route.path}
                </code>
                <Badge variant="outline">minimum role: {route.minimumRole}</Badge>
                {route.permissions?.length ? (
                  <span className="break-all font-mono text-xs text-muted-foreground">
                    {route.permissions.join(', ')}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Field>
    </>
  );
}

/**
 * What a manifest declares, at a glance: where it runs, the shell range, its pages and API
 * routes per layer (with each route's minimum role), permissions and events.
 */
export function ManifestSummary({ manifest }: { manifest: ModuleManifest }) {
  const target = manifest.runtime.target;
  return (
    <dl className="space-y-3">
      <Field label="Description">{manifest.description}</Field>
      <Field label="Runs at">
        <code className="break-all font-mono text-xs">{target.baseUrl}</code>
        <span className="text-muted-foreground">
          {' '}
          · health <code className="font-mono text-xs">{target.healthPath}</code>
          {target.timeoutMs ? ` within ${target.timeoutMs} ms` : ''}
        </span>
      </Field>
      <Field label="Shell versions">
        <code className="font-mono text-xs">{manifest.engines.shell}</code>
      </Field>
      <Field label="Billing">
        {manifest.paid ? 'Paid: enabling needs an entitlement' : 'Free'}
      </Field>
      {manifest.frontend ? (
        <Field label="Frontend">
          <code className="break-all font-mono text-xs">{manifest.frontend.entryUrl}</code>
        </Field>
      ) : null}
      <LayerSummary name="Admin" layer={manifest.admin} />
      <LayerSummary name="Site" layer={manifest.site} />
      <Field label="Permissions">
        <Keys values={manifest.permissions} />
      </Field>
      <Field label="Events emitted">
        <Keys values={manifest.events.emits.map((event) => event.name)} />
      </Field>
      <Field label="Events consumed">
        <Keys values={manifest.events.consumes.map((event) => event.name)} />
      </Field>
    </dl>
  );
}

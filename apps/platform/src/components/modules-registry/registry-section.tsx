'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Plus, X } from 'lucide-react';
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { ImportModuleCard } from './import-module-card';

/**
 * The registry card (its table, or module-absent mode's explanation, as `children`) and the
 * import form. With modules registered, returning operators come for the list: it comes first
 * and "Import a module" opens the form below it (focus and view move to the form). With an
 * empty registry importing is the only thing to do: the form comes first, open. The two parts
 * are keyed siblings, so the form (and the report of the import that just filled the
 * registry) stays mounted and open when the page's data refreshes from empty to a list.
 */
export function RegistrySection({ empty, children }: { empty: boolean; children: ReactNode }) {
  const [opened, setOpened] = useState(empty);
  const importing = empty || opened;
  const importId = useId();
  const importRef = useRef<HTMLDivElement>(null);
  const focusForm = useRef(false);

  useEffect(() => {
    if (!importing || !focusForm.current) return;
    focusForm.current = false;
    importRef.current?.focus();
    importRef.current?.scrollIntoView({ block: 'start' });
  }, [importing]);

  const registry = (
    <Card key="registry">
      <CardHeader className="flex flex-col gap-3 space-y-0 sm:flex-row sm:items-start sm:justify-between">
        <div className="space-y-1.5">
          <CardTitle>
            <h2>Registry</h2>
          </CardTitle>
          <CardDescription>
            Every module the platform knows, with its current version. Open one for its versions,
            manifest and import report.
          </CardDescription>
        </div>
        {empty ? null : (
          <Button
            type="button"
            variant={importing ? 'outline' : 'default'}
            className="shrink-0 self-start"
            aria-expanded={importing}
            aria-controls={importId}
            onClick={() => {
              focusForm.current = !importing;
              setOpened(!importing);
            }}
          >
            {importing ? <X aria-hidden="true" /> : <Plus aria-hidden="true" />}
            {importing ? 'Close the import form' : 'Import a module'}
          </Button>
        )}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
  const form = (
    <div
      key="import"
      id={importId}
      ref={importRef}
      tabIndex={-1}
      hidden={!importing}
      className="scroll-mt-4 outline-none"
    >
      {importing ? <ImportModuleCard /> : null}
    </div>
  );
  return <>{empty ? [form, registry] : [registry, form]}</>;
}

'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Plus, X } from 'lucide-react';
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { ImportModuleCard } from './import-module-card';

/**
 * The registry card (its table as `children`) with "Import a module", which opens the import
 * form below it: returning operators come for the list, so it comes first and the form stays
 * folded until asked for. Opening it moves focus (and the view) to the form. The empty registry
 * does not use this: there the import form comes first (module-absent mode).
 */
export function RegistrySection({ children }: { children: ReactNode }) {
  const [importing, setImporting] = useState(false);
  const importId = useId();
  const importRef = useRef<HTMLDivElement>(null);
  const opened = useRef(false);

  useEffect(() => {
    if (!importing || !opened.current) return;
    opened.current = false;
    importRef.current?.focus();
    importRef.current?.scrollIntoView({ block: 'start' });
  }, [importing]);

  return (
    <>
      <Card>
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
          <Button
            type="button"
            variant={importing ? 'outline' : 'default'}
            className="shrink-0 self-start"
            aria-expanded={importing}
            aria-controls={importId}
            onClick={() => {
              opened.current = !importing;
              setImporting(!importing);
            }}
          >
            {importing ? <X aria-hidden="true" /> : <Plus aria-hidden="true" />}
            {importing ? 'Close the import form' : 'Import a module'}
          </Button>
        </CardHeader>
        <CardContent>{children}</CardContent>
      </Card>
      <div
        id={importId}
        ref={importRef}
        tabIndex={-1}
        hidden={!importing}
        className="scroll-mt-4 outline-none"
      >
        {importing ? <ImportModuleCard /> : null}
      </div>
    </>
  );
}

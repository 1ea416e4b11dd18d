'use client';

import { FileJson } from 'lucide-react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@aiconnected/ui';
import type { SDKContractVersionRecord } from '@aiconnected/sdk-contracts';
import { CopyValueButton } from '../domains/copy-value-button';

/** "View schema": a contract version's JSON Schema in a dialog, with a copy button. */
export function SchemaDialog({ version }: { version: SDKContractVersionRecord }) {
  const json = JSON.stringify(version.schema_json, null, 2);
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline">
          <FileJson aria-hidden="true" />
          View schema
          <span className="sr-only">
            {' '}
            of {version.contract_name} {version.semver}
          </span>
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>
            {version.contract_name} {version.semver}
          </DialogTitle>
          <DialogDescription>The JSON Schema of this contract version.</DialogDescription>
        </DialogHeader>
        <pre
          tabIndex={0}
          aria-label={`JSON Schema of ${version.contract_name} ${version.semver}`}
          className="max-h-[60vh] overflow-auto rounded-md bg-muted p-3 font-mono text-xs focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {json}
        </pre>
        <div className="flex justify-end">
          <CopyValueButton value={json} label="JSON Schema" />
        </div>
      </DialogContent>
    </Dialog>
  );
}

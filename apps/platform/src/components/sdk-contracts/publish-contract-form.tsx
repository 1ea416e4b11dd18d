'use client';

import { useId, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Input, Label, NativeSelect, Textarea, toast } from '@aiconnected/ui';
import type { ErrorEnvelope, SDKContractVersionRecord } from '@aiconnected/sdk-contracts';
import { parseJsonText } from '@aiconnected/sdk-contracts/json-text';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/** One line of a refusal's details: a schema change, or a field's problem. */
interface RefusalLine {
  path: string;
  text: string;
  breaking?: boolean;
}

/** The objects of a details array (anything else in it is skipped). */
function recordsOf(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (item): item is Record<string, unknown> =>
      typeof item === 'object' && item !== null && !Array.isArray(item),
  );
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * What a refused publication lists: the schema changes of `SDK_CONTRACT_INCOMPATIBLE`
 * (breaking ones first) or the issues of `VALIDATION_BLOCKING`; nothing for other refusals.
 */
export function refusalLines(error: ErrorEnvelope['error'] | undefined): RefusalLine[] {
  const details: Record<string, unknown> = error?.details ?? {};
  if (error?.code === 'SDK_CONTRACT_INCOMPATIBLE') {
    return recordsOf(details.changes)
      .map((change) => ({
        path: typeof change.path === 'string' && change.path !== '' ? change.path : '(root)',
        text: text(change.detail) || text(change.kind),
        breaking: change.breaking === true,
      }))
      .sort((a, b) => Number(b.breaking) - Number(a.breaking));
  }
  if (error?.code === 'VALIDATION_BLOCKING') {
    return recordsOf(details.issues).map((issue) => ({
      path: text(issue.path),
      text: text(issue.message),
    }));
  }
  return [];
}

/**
 * `POST /api/sdk/contracts`: publishes a new version of a contract (super). The API checks the
 * version is above the last and that a breaking schema change comes with a major bump; a
 * refusal lists the changes it found.
 */
export function PublishContractForm({ contractNames }: { contractNames: string[] }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState('');
  const [version, setVersion] = useState('');
  const [status, setStatus] = useState<'active' | 'draft'>('active');
  const [schema, setSchema] = useState('');
  const [schemaProblem, setSchemaProblem] = useState<string | null>(null);
  const [lines, setLines] = useState<RefusalLine[]>([]);
  const [required, setRequired] = useState<string | null>(null);
  const { pending, error, run } = useApiAction();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setLines([]);
    setRequired(null);
    const parsed = parseJsonText(schema);
    if (!parsed.ok) {
      setSchemaProblem(parsed.message);
      return;
    }
    setSchemaProblem(null);
    const result = await run<SDKContractVersionRecord>('/sdk/contracts', {
      method: 'POST',
      body: {
        contract_name: name.trim(),
        semver: version.trim(),
        status,
        schema_json: parsed.value,
      },
    });
    if (!result.ok) {
      setLines(refusalLines(result.error));
      const needed = result.error?.details?.required_version;
      setRequired(
        result.code === 'SDK_CONTRACT_INCOMPATIBLE' && typeof needed === 'string' ? needed : null,
      );
      return;
    }
    toast.success(
      `${result.data.contract_name} ${result.data.semver} ${result.data.status === 'draft' ? 'saved as a draft' : 'published'}.`,
    );
    setVersion('');
    setSchema('');
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-3">
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-name`}>Contract</Label>
          <Input
            id={`${id}-name`}
            value={name}
            onChange={(event) => setName(event.target.value)}
            list={`${id}-names`}
            autoComplete="off"
            spellCheck={false}
            placeholder="module-manifest"
            required
          />
          <datalist id={`${id}-names`}>
            {contractNames.map((contract) => (
              <option key={contract} value={contract} />
            ))}
          </datalist>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-version`}>New version</Label>
          <Input
            id={`${id}-version`}
            value={version}
            onChange={(event) => setVersion(event.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="1.2.0"
            required
          />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor={`${id}-status`}>Status</Label>
          <NativeSelect
            id={`${id}-status`}
            value={status}
            onChange={(event) => setStatus(event.target.value === 'draft' ? 'draft' : 'active')}
          >
            <option value="active">Active (published now)</option>
            <option value="draft">Draft</option>
          </NativeSelect>
        </div>
      </div>
      <div className="space-y-1.5">
        <Label htmlFor={`${id}-schema`}>JSON Schema</Label>
        <Textarea
          id={`${id}-schema`}
          value={schema}
          onChange={(event) => {
            setSchema(event.target.value);
            setSchemaProblem(null);
          }}
          rows={10}
          spellCheck={false}
          autoComplete="off"
          placeholder={
            '{\n  "$schema": "https://json-schema.org/draft/2020-12/schema",\n  "type": "object"\n}'
          }
          aria-invalid={schemaProblem ? true : undefined}
          aria-describedby={`${id}-schema-help ${id}-schema-problem`}
          className="font-mono text-xs md:text-xs"
        />
        <p id={`${id}-schema-help`} className="text-sm text-muted-foreground">
          A change that refuses data the previous version accepted needs the next major version.
        </p>
        <div id={`${id}-schema-problem`} aria-live="assertive" aria-atomic="true">
          {schemaProblem ? (
            <p className="text-sm font-medium text-destructive">{schemaProblem}</p>
          ) : null}
        </div>
      </div>
      <FormError message={error} />
      {required ? (
        <p className="text-sm">
          These changes break the previous version: publish them as{' '}
          <span className="font-mono font-medium">{required}</span> or later, or keep what the
          previous version accepted.
        </p>
      ) : null}
      {lines.length > 0 ? (
        <ul className="space-y-1 rounded-md border p-3 text-sm" aria-label="What the check found">
          {lines.map((line, index) => (
            <li key={`${line.path}-${index}`} className="flex flex-wrap gap-x-2">
              {line.breaking !== undefined ? (
                <span
                  className={
                    line.breaking ? 'font-medium text-destructive' : 'text-muted-foreground'
                  }
                >
                  {line.breaking ? 'Breaking' : 'Compatible'}
                </span>
              ) : null}
              <code className="break-all font-mono text-xs">{line.path}</code>
              <span>{line.text}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <SubmitButton pending={pending} disabled={name.trim() === '' || version.trim() === ''}>
        Publish version
      </SubmitButton>
    </form>
  );
}

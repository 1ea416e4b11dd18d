'use client';

import { useId, useState, type FormEvent } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Loader2 } from 'lucide-react';
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Input,
  Label,
  Textarea,
  cn,
  toast,
} from '@aiconnected/ui';
import type { ModuleAssessment, ModuleImportResult } from '@aiconnected/sdk-contracts';
import { parseJsonText } from '@aiconnected/sdk-contracts/json-text';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';
import { AssessmentReport } from './assessment-report';
import { assessmentOfError } from './assessment-of-error';
import { REGISTRY_STATUS_LABELS, registryModuleHref } from './registry-labels';

/** The three ways to hand the shell a manifest. */
const SOURCES = [
  { value: 'file', label: 'Upload a file' },
  { value: 'paste', label: 'Paste JSON' },
  { value: 'url', label: 'From a URL' },
] as const;
type Source = (typeof SOURCES)[number]['value'];

/** The API refuses bodies over 1 MiB; a manifest file larger than that is refused here first. */
const MAX_FILE_BYTES = 1024 * 1024;

/** A local problem with the input (unreadable file, not JSON), shown at its field. */
interface InputProblem {
  source: Source;
  message: string;
}

/**
 * `POST /api/modules/import`: a manifest from a file (read in the browser), pasted JSON or an
 * http(s) URL the shell fetches, imported as registered or as a draft. The answer's assessment
 * is shown as a checklist, for a refused import too (`error.details.assessment`).
 */
export function ImportModuleCard() {
  const router = useRouter();
  const id = useId();
  const [source, setSource] = useState<Source>('file');
  const [file, setFile] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [draft, setDraft] = useState(false);
  const [problem, setProblem] = useState<InputProblem | null>(null);
  const [report, setReport] = useState<ModuleAssessment | null>(null);
  const [imported, setImported] = useState<ModuleImportResult['registry_record'] | null>(null);
  const { pending, error, setError, run } = useApiAction();

  /** The manifest read from the file or the text box, or null after reporting why not. */
  async function readManifest(): Promise<{ value: unknown } | null> {
    if (source === 'file') {
      if (!file) {
        setProblem({ source, message: 'Choose a manifest file (manifest.json) first.' });
        return null;
      }
      if (file.size > MAX_FILE_BYTES) {
        setProblem({
          source,
          message: `${file.name} is larger than 1 MiB; a manifest is far smaller.`,
        });
        return null;
      }
      const parsed = parseJsonText(await file.text());
      if (!parsed.ok) {
        setProblem({ source, message: `${file.name}: ${parsed.message}` });
        return null;
      }
      return { value: parsed.value };
    }
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      setProblem({ source, message: parsed.message });
      return null;
    }
    return { value: parsed.value };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setReport(null);
    setImported(null);
    setError(null);
    let body: Record<string, unknown>;
    if (source === 'url') {
      if (url.trim() === '') {
        setProblem({ source, message: 'Enter the http(s) address of a manifest.json.' });
        return;
      }
      body = { package_uri: url.trim() };
    } else {
      const manifest = await readManifest();
      if (!manifest) return;
      body = { manifest: manifest.value };
    }
    if (draft) body.draft = true;
    const result = await run<ModuleImportResult>('/modules/import', { method: 'POST', body });
    if (!result.ok) {
      setReport(assessmentOfError(result.error));
      return;
    }
    const record = result.data.registry_record;
    setReport(result.data.assessment);
    setImported(record);
    toast.success(
      `${record.name} ${record.version} imported as ${REGISTRY_STATUS_LABELS[record.status].label.toLowerCase()}.`,
      {
        action: {
          label: 'Open',
          onClick: () => router.push(registryModuleHref(record.module_key)),
        },
      },
    );
    router.refresh();
  }

  const problemId = `${id}-problem`;
  const invalid = (which: Source) => (problem?.source === which ? true : undefined);

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Import a module</h2>
        </CardTitle>
        <CardDescription>
          The manifest is checked against the registry and the shell’s SDK contract before anything
          is stored. A refused import changes nothing and shows what to fix.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form onSubmit={(event) => void submit(event)} className="space-y-5" noValidate>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Manifest source</legend>
            <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
              {SOURCES.map((option) => (
                <label
                  key={option.value}
                  className={cn(
                    'flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring',
                    source === option.value && 'border-primary bg-secondary',
                  )}
                >
                  <input
                    type="radio"
                    name={`${id}-source`}
                    value={option.value}
                    checked={source === option.value}
                    onChange={() => {
                      setSource(option.value);
                      setProblem(null);
                    }}
                    className="accent-primary"
                  />
                  {option.label}
                </label>
              ))}
            </div>
          </fieldset>

          {source === 'file' ? (
            <div className="space-y-1.5">
              <Label htmlFor={`${id}-file`}>Manifest file</Label>
              <Input
                id={`${id}-file`}
                type="file"
                accept="application/json,.json"
                onChange={(event) => {
                  setFile(event.target.files?.[0] ?? null);
                  setProblem(null);
                }}
                aria-invalid={invalid('file')}
                aria-describedby={`${id}-file-help ${problemId}`}
                className="sm:max-w-md"
              />
              <p id={`${id}-file-help`} className="text-sm text-muted-foreground">
                A module’s manifest.json; it is read in your browser and sent as JSON.
              </p>
            </div>
          ) : null}

          {source === 'paste' ? (
            <div className="space-y-1.5">
              <Label htmlFor={`${id}-json`}>Manifest JSON</Label>
              <Textarea
                id={`${id}-json`}
                value={text}
                onChange={(event) => {
                  setText(event.target.value);
                  setProblem(null);
                }}
                rows={12}
                spellCheck={false}
                autoComplete="off"
                placeholder={
                  '{\n  "id": "hello",\n  "name": "Hello",\n  "version": "1.0.0",\n  ...\n}'
                }
                aria-invalid={invalid('paste')}
                aria-describedby={problemId}
                className="font-mono text-xs md:text-xs"
              />
            </div>
          ) : null}

          {source === 'url' ? (
            <div className="space-y-1.5">
              <Label htmlFor={`${id}-url`}>Manifest URL</Label>
              <Input
                id={`${id}-url`}
                type="url"
                inputMode="url"
                value={url}
                onChange={(event) => {
                  setUrl(event.target.value);
                  setProblem(null);
                }}
                placeholder="https://modules.example.com/hello/manifest.json"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={invalid('url')}
                aria-describedby={`${id}-url-help ${problemId}`}
                className="sm:max-w-xl"
              />
              <p id={`${id}-url-help`} className="text-sm text-muted-foreground">
                The shell fetches it (http or https, with a time limit and a size cap); private
                addresses are refused outside local mode.
              </p>
            </div>
          ) : null}

          <div id={problemId} aria-live="assertive" aria-atomic="true">
            {problem ? (
              <p className="text-sm font-medium text-destructive">{problem.message}</p>
            ) : null}
          </div>

          <div className="flex items-start gap-2">
            <input
              id={`${id}-draft`}
              type="checkbox"
              checked={draft}
              onChange={(event) => setDraft(event.target.checked)}
              aria-describedby={`${id}-draft-help`}
              className="mt-1 h-4 w-4 accent-primary"
            />
            <div>
              <Label htmlFor={`${id}-draft`}>Import as draft</Label>
              <p id={`${id}-draft-help`} className="text-sm text-muted-foreground">
                A draft is not installable until it is promoted in the review queue.
              </p>
            </div>
          </div>

          <FormError message={error} />
          <div aria-live="polite" className="flex flex-wrap items-center gap-3">
            <SubmitButton pending={pending}>Import module</SubmitButton>
            {pending ? (
              <span className="flex items-center gap-2 text-sm text-muted-foreground">
                <Loader2 className="h-4 w-4 animate-spin" aria-hidden="true" />
                {source === 'url'
                  ? 'Fetching and checking the manifest…'
                  : 'Checking the manifest…'}
              </span>
            ) : null}
          </div>
        </form>

        {imported ? (
          <p className="mt-5 text-sm" role="status">
            {imported.name} {imported.version} is{' '}
            {imported.status === 'draft' ? 'a draft, waiting for review' : 'registered'}.{' '}
            <Link
              href={registryModuleHref(imported.module_key)}
              className="font-medium underline underline-offset-4 hover:text-primary"
            >
              Open {imported.name} in the registry
            </Link>
          </p>
        ) : null}
        {report ? (
          <div className="mt-5">
            <AssessmentReport assessment={report} />
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}

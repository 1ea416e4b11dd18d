'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import {
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Input,
  Label,
  toast,
} from '@aiconnected/ui';
import type { ThemeOverlay } from '@aiconnected/theme';
import type { ThemeSaveResult, ThemeState, WorkspaceType } from '@aiconnected/sdk-contracts';
import { SaveError } from '../save-error';
import { useApiAction } from '../use-api-action';
import { ColourTokenRow } from './colour-token-row';
import { ContrastWarning } from './contrast-warning';
import { SharedTokenField } from './shared-token-field';
import { ThemeExport } from './theme-export';
import { ThemePreview } from './theme-preview';
import { COLOUR_GROUPS, SHARED_GROUPS } from './token-groups';
import { sourceNames } from './source-names';
import { TweakcnImportDialog } from './tweakcn-import-dialog';
import { useThemeDraft } from './use-theme-draft';

function blockedReason(theme: ReturnType<typeof useThemeDraft>, note: string): string | null {
  if (!theme.dirty) return 'No changes to save.';
  if (theme.errors.size > 0) return 'Fix the values marked above first.';
  if (theme.contrast.length > 0) return 'Fix the contrast problems first.';
  if (note.trim() === '') return 'Say what changed in the change note.';
  return null;
}

/**
 * The theme editor of one workspace (PRD §15): every token with where its value comes from,
 * locks for child workspaces, a live light/dark preview of the draft, contrast warnings before
 * saving, TweakCN import and export. Saving creates a new version.
 */
export function ThemeEditor({
  state,
  workspaceType,
  fileName,
}: {
  state: ThemeState;
  workspaceType: WorkspaceType;
  fileName: string;
}) {
  const router = useRouter();
  const noteId = useId();
  const [inherited] = useState(() => state.inherited);
  const theme = useThemeDraft(state.theme_tokens as ThemeOverlay, inherited, state.workspace_id);
  const [note, setNote] = useState('');
  const { pending, error, run } = useApiAction();
  // Someone saved after this page loaded: saving would overwrite their version.
  const [stale, setStale] = useState(false);
  const context = sourceNames(state);
  const canEdit = state.can_edit;
  const canLock = canEdit && workspaceType !== 'business';
  const blocked = canEdit ? blockedReason(theme, note) : null;

  async function save() {
    if (blocked) return;
    const result = await run<ThemeSaveResult>('/themes/current', {
      method: 'PUT',
      body: {
        workspace_id: state.workspace_id,
        theme_tokens: theme.draft,
        change_note: note,
        base_version: state.version,
      },
    });
    setStale(!result.ok && result.code === 'CONFLICT');
    if (!result.ok) return;
    toast.success(`Theme saved as version ${result.data.theme_version.version}.`);
    router.refresh();
  }

  return (
    <>
      <Card>
        <CardHeader className="gap-3 sm:flex-row sm:items-start sm:justify-between sm:space-y-0">
          <div className="space-y-1.5">
            <CardTitle>
              <h2>Preview</h2>
            </CardTitle>
            <CardDescription>
              {canEdit
                ? 'Your changes show here at once, in light and dark. Nothing changes for anyone until you save.'
                : 'The theme this workspace uses. Changing it needs the permission to edit branding.'}
            </CardDescription>
          </div>
          <div className="flex flex-wrap gap-2">
            {canEdit ? (
              <TweakcnImportDialog
                current={theme.preview}
                workspaceId={state.workspace_id}
                onApply={theme.merge}
              />
            ) : null}
            <ThemeExport theme={theme.preview} fileName={fileName} />
          </div>
        </CardHeader>
        <CardContent>
          <ThemePreview theme={theme.preview} />
        </CardContent>
      </Card>

      <form
        className="space-y-8"
        aria-label="Theme tokens"
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Colours</h2>
            </CardTitle>
            <CardDescription>
              Any CSS colour: #1d4ed8, rgb(), hsl(), oklch(), a name, or HSL channels like 224 76%
              48%.{canLock ? ' Lock a token to keep child workspaces from changing it.' : ''}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-3">
            {COLOUR_GROUPS.map((group, index) => (
              <details
                key={group.title}
                open={index === 0}
                className="group rounded-md border px-4"
              >
                <summary className="cursor-pointer list-none py-3 focus-visible:outline-none focus-visible:ring-1 focus-visible:ring-ring">
                  <h3 className="inline font-medium">{group.title}</h3>
                  <span className="ml-2 text-sm text-muted-foreground">{group.hint}</span>
                </summary>
                {group.tokens.map((token) => (
                  <ColourTokenRow
                    key={token}
                    token={token}
                    theme={theme}
                    context={context}
                    canEdit={canEdit}
                    canLock={canLock}
                  />
                ))}
              </details>
            ))}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Shape, type and shadows</h2>
            </CardTitle>
            <CardDescription>
              Fonts are served from this platform, so choosing one never loads anything from another
              site.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-8">
            {SHARED_GROUPS.map((group) => (
              <section key={group.title} className="space-y-4">
                <h3 className="font-medium">{group.title}</h3>
                <div className="grid gap-6 md:grid-cols-2">
                  {group.fields.map((field) => (
                    <SharedTokenField
                      key={field.token}
                      {...field}
                      theme={theme}
                      context={context}
                      canEdit={canEdit}
                      canLock={canLock}
                    />
                  ))}
                </div>
              </section>
            ))}
          </CardContent>
        </Card>

        {canEdit ? (
          <Card className="sticky bottom-0 z-10 shadow-lg">
            {/* Compact: one row from `sm` up, two at phone width. The live regions inside the
                contrast warning and the save error take no space until they have something. */}
            <CardContent className="p-3">
              <ContrastWarning theme={theme} context={context} />
              <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
                <div className="flex min-w-0 flex-1 items-center gap-2">
                  <Label htmlFor={noteId} className="shrink-0">
                    Change note
                  </Label>
                  <Input
                    id={noteId}
                    className="h-8"
                    value={note}
                    maxLength={500}
                    placeholder="e.g. Spring colours"
                    onChange={(event) => setNote(event.target.value)}
                  />
                </div>
                <div className="flex items-center gap-2">
                  <p
                    className="min-w-0 flex-1 text-xs text-muted-foreground sm:w-44 sm:flex-none"
                    aria-live="polite"
                  >
                    {blocked ?? 'Each save is a new version.'}
                  </p>
                  <Button
                    type="button"
                    variant="outline"
                    size="sm"
                    disabled={!theme.dirty || pending}
                    onClick={() => {
                      theme.reset();
                      toast('Changes discarded.');
                    }}
                  >
                    Discard
                  </Button>
                  <Button
                    type="submit"
                    size="sm"
                    disabled={blocked !== null || pending}
                    aria-busy={pending}
                  >
                    {pending ? 'Saving…' : 'Save theme'}
                  </Button>
                </div>
              </div>
              <div className="[&_[role=alert]]:mt-2">
                <SaveError message={error} stale={stale} />
              </div>
            </CardContent>
          </Card>
        ) : null}
      </form>
    </>
  );
}

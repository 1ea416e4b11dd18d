'use client';

import { useId, useState } from 'react';
import { useRouter } from 'next/navigation';
import { History } from 'lucide-react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  EmptyState,
  Input,
  Label,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  toast,
} from '@aiconnected/ui';
import type { ThemeSaveResult, ThemeVersion, ThemeVersionPage } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { formatInstant } from '../labels';
import { LoadMoreButton } from '../paging/load-more-button';
import { usePagedList } from '../paging/use-paged-list';
import { useApiAction } from '../use-api-action';

/** Confirms a rollback: it saves the chosen version's tokens as a new version. */
function RollbackDialog({
  workspaceId,
  version,
  onOpenChange,
}: {
  workspaceId: string;
  version: ThemeVersion | null;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const noteId = useId();
  const [note, setNote] = useState('');
  const { pending, error, setError, run } = useApiAction();

  async function rollback() {
    if (!version) return;
    const result = await run<ThemeSaveResult>('/themes/rollback', {
      method: 'POST',
      body: { workspace_id: workspaceId, version: version.version, change_note: note },
    });
    if (!result.ok) return;
    onOpenChange(false);
    toast.success(
      `Rolled back to version ${version.version}; saved as version ${result.data.theme_version.version}.`,
    );
    router.refresh();
  }

  return (
    <Dialog
      open={version !== null}
      onOpenChange={(open) => {
        onOpenChange(open);
        if (!open) setError(null);
      }}
    >
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Roll back to version {version?.version}?</DialogTitle>
          <DialogDescription>
            The theme of version {version?.version} becomes a new version. Later versions stay in
            the history, so you can roll forward again.
          </DialogDescription>
        </DialogHeader>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            void rollback();
          }}
        >
          <div className="space-y-2">
            <Label htmlFor={noteId}>Why</Label>
            <Input
              id={noteId}
              value={note}
              required
              maxLength={500}
              placeholder="e.g. The new colours failed review"
              onChange={(event) => setNote(event.target.value)}
            />
          </div>
          <FormError message={error} />
          <DialogFooter className="gap-2">
            <Button type="button" variant="outline" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending || note.trim() === ''} aria-busy={pending}>
              {pending ? 'Rolling back…' : 'Roll back'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

const authorName = (version: ThemeVersion) =>
  version.author?.display_name ?? version.author?.email ?? '—';

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatInstant(iso)}</time>;
}

/** The workspace's theme versions, newest first, each with who saved it and why. */
export function ThemeVersions({
  workspaceId,
  firstPage,
  currentVersion,
  canEdit,
}: {
  workspaceId: string;
  firstPage: ThemeVersionPage;
  currentVersion: number | null;
  canEdit: boolean;
}) {
  const list = usePagedList<ThemeVersion>(
    firstPage,
    `/themes/versions?workspace_id=${encodeURIComponent(workspaceId)}&limit=20`,
  );
  const [target, setTarget] = useState<ThemeVersion | null>(null);

  if (list.items.length === 0) {
    return (
      <EmptyState
        icon={History}
        title="No versions yet"
        description="This workspace uses the theme it inherits. Change a value above and save it to start the history."
      />
    );
  }

  return (
    <div className="space-y-3">
      <Table scrollLabel="Theme versions">
        <TableCaption className="sr-only">Theme versions, newest first</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Version</TableHead>
            <TableHead>Change note</TableHead>
            <TableHead className="hidden sm:table-cell md:hidden lg:table-cell">By</TableHead>
            <TableHead className="hidden sm:table-cell md:hidden lg:table-cell">When</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((version) => (
            <TableRow key={version.version}>
              <TableCell className="font-medium">
                v{version.version}
                {version.version === currentVersion ? (
                  <span className="ml-2 text-xs text-muted-foreground">(current)</span>
                ) : null}
              </TableCell>
              <TableCell className="max-w-xs break-words">
                {version.change_note ?? '—'}
                {/* Below sm, and between md and lg where the sidebar takes the room, the author and
                    time columns are hidden: they stack under the note. */}
                <span className="block text-xs text-muted-foreground sm:hidden md:block lg:hidden">
                  {authorName(version)}, <When iso={version.created_at} />
                </span>
              </TableCell>
              <TableCell className="hidden sm:table-cell md:hidden lg:table-cell">
                {authorName(version)}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap sm:table-cell md:hidden lg:table-cell">
                <When iso={version.created_at} />
              </TableCell>
              <TableCell className="text-right">
                {canEdit && version.version !== currentVersion ? (
                  <Button
                    type="button"
                    variant="outline"
                    size="sm"
                    onClick={() => setTarget(version)}
                    aria-label={`Roll back to version ${version.version}`}
                  >
                    Roll back
                  </Button>
                ) : null}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMoreButton list={list} noun={{ one: 'version', other: 'versions' }} />
      <RollbackDialog
        workspaceId={workspaceId}
        version={target}
        onOpenChange={(open) => {
          if (!open) setTarget(null);
        }}
      />
    </div>
  );
}

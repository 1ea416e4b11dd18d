'use client';

import { useId, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  Label,
  Textarea,
  toast,
} from '@aiconnected/ui';
import type { ModuleAssessment, ModuleImportResult } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';
import { AssessmentReport } from './assessment-report';
import { assessmentOfError } from './assessment-of-error';

/** The draft a review dialog acts on. */
export interface DraftRef {
  module_key: string;
  version: string;
  name: string;
}

const versionPath = (draft: DraftRef) =>
  `/modules/registry/${encodeURIComponent(draft.module_key)}/versions/${encodeURIComponent(draft.version)}`;

/**
 * Promotes a draft: it is assessed again against the registry as it is now and, when clean,
 * becomes registered and the module's current version. A refusal shows its report here.
 */
export function PromoteDraftDialog({
  draft,
  onOpenChange,
}: {
  draft: DraftRef | null;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const [report, setReport] = useState<ModuleAssessment | null>(null);
  const { pending, error, setError, run } = useApiAction();

  function close() {
    setError(null);
    setReport(null);
    onOpenChange(false);
  }

  async function promote() {
    if (!draft) return;
    setReport(null);
    const result = await run<ModuleImportResult>(`${versionPath(draft)}/promote`, {
      method: 'POST',
    });
    if (!result.ok) {
      setReport(assessmentOfError(result.error));
      return;
    }
    close();
    toast.success(
      result.data.registry_record.is_current
        ? `${draft.name} ${draft.version} is registered and now the module’s current version.`
        : `${draft.name} ${draft.version} is registered; a higher version stays current.`,
    );
    router.refresh();
  }

  return (
    <Dialog open={draft !== null} onOpenChange={(open) => (open ? onOpenChange(true) : close())}>
      <DialogContent className="max-h-[90vh] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>
            Promote {draft?.name} {draft?.version}?
          </DialogTitle>
          <DialogDescription>
            The draft is checked again against the registry as it is now. When it passes it is
            registered and can be installed; it becomes the module’s current version when it is
            higher than the current one (a prerelease never does).
          </DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        {report ? <AssessmentReport assessment={report} /> : null}
        <DialogFooter className="gap-2">
          <Button type="button" variant="outline" onClick={close}>
            Cancel
          </Button>
          <Button
            type="button"
            onClick={() => void promote()}
            disabled={pending}
            aria-busy={pending}
          >
            Promote
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** Rejects a draft with a reason (kept on the version and in the audit log). */
export function RejectDraftDialog({
  draft,
  onOpenChange,
}: {
  draft: DraftRef | null;
  onOpenChange: (open: boolean) => void;
}) {
  const router = useRouter();
  const id = useId();
  const [reason, setReason] = useState('');
  const { pending, error, setError, run } = useApiAction();

  function close() {
    setError(null);
    setReason('');
    onOpenChange(false);
  }

  async function reject(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    const result = await run(`${versionPath(draft)}/reject`, {
      method: 'POST',
      body: { reason: reason.trim() },
    });
    if (!result.ok) return;
    close();
    toast.success(`${draft.name} ${draft.version} was rejected.`);
    router.refresh();
  }

  return (
    <Dialog open={draft !== null} onOpenChange={(open) => (open ? onOpenChange(true) : close())}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>
            Reject {draft?.name} {draft?.version}?
          </DialogTitle>
          <DialogDescription>
            The draft stays in the registry as rejected, with your reason, and can never be
            installed. Its author imports a new version to try again.
          </DialogDescription>
        </DialogHeader>
        <form className="space-y-4" onSubmit={(event) => void reject(event)}>
          <div className="space-y-2">
            <Label htmlFor={`${id}-reason`}>Reason</Label>
            <Textarea
              id={`${id}-reason`}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              required
              maxLength={1000}
              rows={3}
              placeholder="e.g. The notes page asks for more permissions than it needs"
            />
          </div>
          <FormError message={error} />
          <DialogFooter className="gap-2">
            <Button type="button" variant="outline" onClick={close}>
              Cancel
            </Button>
            <SubmitButton variant="destructive" pending={pending} disabled={reason.trim() === ''}>
              Reject draft
            </SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

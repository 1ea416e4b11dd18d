'use client';

import { useId, useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { History, Loader2 } from 'lucide-react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Input,
  Label,
  NativeSelect,
  toast,
} from '@aiconnected/ui';
import { REPLAY_MAX_DELIVERIES, type ReplayResponse } from '@aiconnected/sdk-contracts';
import { FormError, FormSuccess } from '../form-alerts';
import { useApiAction } from '../use-api-action';
import { replayProblem, replayRequestOf, type ReplayDraft } from './replay-request';

const EMPTY: ReplayDraft = { by: 'stream', module_key: '', stream: '', from: '', to: '' };

/**
 * "Replay…": sends a stream's events, or those recorded in a time range (UTC), again to their
 * subscribers (one module, or all), in order and with the same webhook-id, so a module that
 * recovered catches up. Says how many deliveries were queued; a range too large says how many
 * it holds.
 */
export function ReplayDialog({
  workspaceId,
  moduleKeys,
}: {
  workspaceId: string;
  /** The modules subscribed in the workspace (the "Only to" choice). */
  moduleKeys: readonly string[];
}) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<ReplayDraft>(EMPTY);
  const [problem, setProblem] = useState<string | null>(null);
  const [nothing, setNothing] = useState<string | null>(null);
  const { pending, error, setError, run } = useApiAction();
  const set = (patch: Partial<ReplayDraft>) => setDraft((current) => ({ ...current, ...patch }));

  function openChange(next: boolean) {
    setOpen(next);
    if (!next) {
      setDraft(EMPTY);
      setProblem(null);
      setNothing(null);
      setError(null);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setNothing(null);
    const found = replayProblem(draft);
    setProblem(found);
    if (found !== null) return;
    const result = await run<ReplayResponse>('/events/replay', {
      method: 'POST',
      body: replayRequestOf(workspaceId, draft),
    });
    if (!result.ok) {
      const count = result.error?.details?.count;
      if (result.code === 'VALIDATION_BLOCKING' && typeof count === 'number') {
        setError(
          `That selection holds ${count.toLocaleString('en')} deliveries; one replay takes at most ${REPLAY_MAX_DELIVERIES.toLocaleString('en')}. Narrow the range or pick one module.`,
        );
      }
      return;
    }
    const { replayed } = result.data;
    if (replayed === 0) {
      setNothing('Nothing to replay: no delivery matches. Check the stream or the range.');
      return;
    }
    toast.success(
      `${replayed.toLocaleString('en')} ${replayed === 1 ? 'delivery' : 'deliveries'} queued again, in order.`,
    );
    openChange(false);
    router.refresh();
  }

  return (
    <Dialog open={open} onOpenChange={openChange}>
      <DialogTrigger asChild>
        <Button type="button" variant="outline">
          <History aria-hidden="true" />
          Replay…
        </Button>
      </DialogTrigger>
      <DialogContent>
        <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
          <DialogHeader>
            <DialogTitle>Replay events</DialogTitle>
            <DialogDescription>
              Sends the events again to their subscribers, in stream order, with the same
              webhook-id, so a module that handles duplicates stays consistent. Up to{' '}
              {REPLAY_MAX_DELIVERIES.toLocaleString('en')} deliveries at a time.
            </DialogDescription>
          </DialogHeader>
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">Replay</legend>
            <div className="flex flex-wrap gap-x-6 gap-y-2">
              {(
                [
                  ['stream', 'A stream'],
                  ['range', 'A time range'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2 text-sm">
                  <input
                    type="radio"
                    name={`${id}-by`}
                    value={value}
                    checked={draft.by === value}
                    onChange={() => set({ by: value })}
                    className="h-4 w-4 accent-primary"
                  />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          {draft.by === 'stream' ? (
            <div className="space-y-2">
              <Label htmlFor={`${id}-stream`}>Stream</Label>
              <Input
                id={`${id}-stream`}
                value={draft.stream}
                onChange={(event) => set({ stream: event.target.value })}
                placeholder="default"
                autoComplete="off"
                spellCheck={false}
                aria-invalid={problem !== null ? true : undefined}
              />
            </div>
          ) : (
            <div className="grid gap-4 sm:grid-cols-2">
              {(['from', 'to'] as const).map((bound) => (
                <div key={bound} className="space-y-2">
                  <Label htmlFor={`${id}-${bound}`}>
                    {bound === 'from' ? 'Recorded from (UTC)' : 'Until (UTC, not included)'}
                  </Label>
                  <Input
                    id={`${id}-${bound}`}
                    type="datetime-local"
                    value={draft[bound]}
                    onChange={(event) => set({ [bound]: event.target.value })}
                    aria-invalid={problem !== null ? true : undefined}
                  />
                </div>
              ))}
            </div>
          )}
          <div className="space-y-2">
            <Label htmlFor={`${id}-module`}>Only to</Label>
            <NativeSelect
              id={`${id}-module`}
              value={draft.module_key}
              onChange={(event) => set({ module_key: event.target.value })}
            >
              <option value="">Every subscriber</option>
              {moduleKeys.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </NativeSelect>
          </div>
          <FormError message={problem ?? error} />
          <FormSuccess message={nothing} />
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => openChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={pending} aria-busy={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
              Replay
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

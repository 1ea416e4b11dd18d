'use client';

import { Button } from '@aiconnected/ui';
import { FormError } from '../form-alerts';
import type { PagedList } from './use-paged-list';

/**
 * "Load more" under a paged table (a real button: keyboard and screen readers reach it), with
 * how many rows are shown, announced politely as pages arrive, and the error of a failed page.
 */
export function LoadMoreButton({ list, noun }: { list: PagedList<unknown>; noun: string }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {list.items.length} {noun} shown{list.hasMore ? '' : ' (all)'}
      </p>
      {list.hasMore ? (
        <Button
          type="button"
          variant="outline"
          onClick={() => void list.loadMore()}
          disabled={list.pending}
        >
          {list.pending ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
      <FormError message={list.error} />
    </div>
  );
}

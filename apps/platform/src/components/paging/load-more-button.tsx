'use client';

import { Button } from '@aiconnected/ui';
import { FormError } from '../form-alerts';
import type { PagedList } from './use-paged-list';

/** A list's noun for one row and for several: `{ one: 'version', other: 'versions' }`. */
export interface RowNoun {
  one: string;
  other: string;
}

/** "1 version shown (all)", "20 versions shown". */
function shownText(count: number, more: boolean, noun: RowNoun): string {
  return `${count} ${count === 1 ? noun.one : noun.other} shown${more ? '' : ' (all)'}`;
}

/**
 * "Load more" under a paged table (a real button: keyboard and screen readers reach it), with
 * how many rows are shown, announced politely as pages arrive, and the error of a failed page.
 */
export function LoadMoreButton({ list, noun }: { list: PagedList<unknown>; noun: RowNoun }) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <p className="text-sm text-muted-foreground" aria-live="polite">
        {shownText(list.items.length, list.hasMore, noun)}
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

'use client';

import { useState } from 'react';
import type { Page } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';

/** A list read page by page: what is loaded so far, and loading the next page. */
export interface PagedList<T> {
  items: T[];
  hasMore: boolean;
  pending: boolean;
  error: string | null;
  loadMore(): Promise<void>;
}

/**
 * Starts from the page the server rendered (and again from a new one) and appends the next
 * pages on demand, following the API's keyset cursor (`/api${path}` plus `cursor=`; `path` carries the filters and limit).
 */
export function usePagedList<T>(firstPage: Page<T>, path: string): PagedList<T> {
  const [items, setItems] = useState<T[]>(firstPage.items);
  const [cursor, setCursor] = useState<string | null>(firstPage.next_cursor);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A new first page (the server page re-rendered, e.g. after creating a row) starts over.
  const [shown, setShown] = useState(firstPage);
  if (shown !== firstPage) {
    setShown(firstPage);
    setItems(firstPage.items);
    setCursor(firstPage.next_cursor);
    setError(null);
  }

  async function loadMore() {
    if (!cursor || pending) return;
    setPending(true);
    setError(null);
    const join = path.includes('?') ? '&' : '?';
    const result = await callApi<Page<T>>(`${path}${join}cursor=${encodeURIComponent(cursor)}`);
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setItems((current) => [...current, ...result.data.items]);
    setCursor(result.data.next_cursor);
  }

  return { items, hasMore: cursor !== null, pending, error, loadMore };
}

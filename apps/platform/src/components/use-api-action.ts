'use client';

import { useCallback, useState } from 'react';
import { callApi, type ApiResult } from '@/lib/client-api';

/**
 * State for one form's API call: `pending` while it runs, `error` with the envelope's message
 * when it fails. `run` resolves to the result so the form decides where to go next.
 */
export function useApiAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = useCallback(
    async <T>(
      path: string,
      init: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; body?: unknown } = {},
    ): Promise<ApiResult<T>> => {
      setPending(true);
      setError(null);
      const result = await callApi<T>(path, init);
      setPending(false);
      if (!result.ok) setError(result.message);
      return result;
    },
    [],
  );

  return { pending, error, setError, run };
}

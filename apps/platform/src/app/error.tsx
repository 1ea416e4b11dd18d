'use client';

import { ErrorCard } from '@/components/error-card';
import { PublicFrame } from '@/components/public-frame';

/** Shown when a page outside the app shell fails on the server or in the browser. */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <PublicFrame>
      <ErrorCard digest={error.digest} onRetry={reset} />
    </PublicFrame>
  );
}

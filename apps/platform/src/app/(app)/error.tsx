'use client';

import { ErrorCard } from '@/components/error-card';

/** Shown inside the app shell when a page fails; the header and navigation stay usable. */
export default function AppErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return <ErrorCard digest={error.digest} onRetry={reset} />;
}

import { Skeleton } from '@aiconnected/ui';

/** Shown while a page of the app loads its data. */
export default function AppLoading() {
  return (
    <div className="space-y-6" role="status">
      <h1 className="sr-only">Loading…</h1>
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-4 w-96 max-w-full" />
      <Skeleton className="h-48 w-full" />
    </div>
  );
}

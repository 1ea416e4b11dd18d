import * as React from 'react';

import { cn } from '../lib/utils';

interface ProgressProps extends React.HTMLAttributes<HTMLDivElement> {
  /** 0-100. */
  value: number;
  /** What is progressing, for assistive technology (e.g. "Uploading logo.png"). */
  label: string;
}

/**
 * shadcn/ui's Progress (the same look), as a plain `role="progressbar"` element instead of
 * Radix's, whose package is not installed: the value and its label are announced.
 */
function Progress({ value, label, className, ...props }: ProgressProps) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      className={cn('relative h-2 w-full overflow-hidden rounded-full bg-primary/20', className)}
      {...props}
    >
      <div
        className="h-full w-full flex-1 bg-primary transition-transform"
        style={{ transform: `translateX(-${100 - clamped}%)` }}
      />
    </div>
  );
}

export { Progress };

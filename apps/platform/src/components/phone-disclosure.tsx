'use client';

import { useId, useState, type ReactNode } from 'react';
import { ChevronDown } from 'lucide-react';
import { Button, cn } from '@aiconnected/ui';

/**
 * A section that a phone shows folded: below `sm` its heading is a button (the title, a one-line
 * summary and a chevron) that opens the content; from `sm` up the heading is plain text and the
 * content always shows, so a desktop hides nothing. Only one of the two headings is displayed,
 * so assistive tech meets one.
 */
export function PhoneDisclosure({
  title,
  summary,
  headingLevel = 3,
  titleClassName,
  children,
}: {
  title: ReactNode;
  /** What the folded section holds, in a few words (phone only). */
  summary: ReactNode;
  headingLevel?: 2 | 3 | 4;
  titleClassName?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const Heading = `h${headingLevel}` as const;
  return (
    <section aria-labelledby={`${id}-title`}>
      <Heading className="sm:hidden">
        <button
          type="button"
          aria-expanded={open}
          aria-controls={`${id}-content`}
          onClick={() => setOpen(!open)}
          className="flex min-h-11 w-full items-center justify-between gap-3 rounded-md py-2 text-left focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          <span className="min-w-0">
            <span className={cn('block break-all', titleClassName)}>{title}</span>
            <span className="block text-xs font-normal text-muted-foreground">{summary}</span>
          </span>
          <ChevronDown
            className={cn(
              'h-4 w-4 shrink-0 text-muted-foreground transition-transform',
              open && 'rotate-180',
            )}
            aria-hidden="true"
          />
        </button>
      </Heading>
      <Heading id={`${id}-title`} className={cn('hidden sm:block', titleClassName)}>
        {title}
      </Heading>
      <div id={`${id}-content`} className={open ? 'pb-3 sm:pb-0' : 'hidden sm:block'}>
        {children}
      </div>
    </section>
  );
}

/**
 * Content a phone shows only on request: below `sm` an outline button (`label`, then
 * `hideLabel`) opens and closes it; from `sm` up it always shows and the button is not there.
 */
export function PhoneReveal({
  label,
  hideLabel,
  children,
}: {
  label: string;
  /** The button's words while the content shows. */
  hideLabel: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <Button
        type="button"
        variant="outline"
        className="w-full sm:hidden"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {open ? hideLabel : label}
        <ChevronDown
          className={cn('transition-transform', open && 'rotate-180')}
          aria-hidden="true"
        />
      </Button>
      <div id={id} className={open ? 'mt-4 sm:mt-0' : 'hidden sm:block'}>
        {children}
      </div>
    </>
  );
}

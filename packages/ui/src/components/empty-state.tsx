import * as React from 'react';

import { cn } from '../lib/utils';

type IconComponent = React.ComponentType<{
  className?: string;
  'aria-hidden'?: React.AriaAttributes['aria-hidden'];
}>;

export interface EmptyStateProps extends Omit<React.HTMLAttributes<HTMLDivElement>, 'title'> {
  /** A lucide icon (decorative: hidden from assistive tech). */
  icon?: IconComponent;
  /** What is empty, in a few words ("No connections yet"). */
  title: React.ReactNode;
  /** The heading level the title takes in the page's outline (default 3; 5 inside a card's h4 part). */
  headingLevel?: 2 | 3 | 4 | 5;
  /** What would show here and what to do next. */
  description?: React.ReactNode;
  /** The next step, when there is one: a button or a link styled as one. */
  action?: React.ReactNode;
  /** `sm`: a compact box for a list inside a busy card (less padding, a smaller title). */
  size?: 'default' | 'sm';
}

/**
 * The one empty state of every list and screen: a dashed box with an icon, a title that says
 * what is empty, a line on what to do next and, when there is one, the action that does it.
 * Extra content (steps, commands) goes in `children`, under the description.
 */
const EmptyState = React.forwardRef<HTMLDivElement, EmptyStateProps>(
  (
    {
      icon: Icon,
      title,
      headingLevel = 3,
      description,
      action,
      size = 'default',
      className,
      children,
      ...props
    },
    ref,
  ) => {
    const Heading = `h${headingLevel}` as const;
    return (
      <div
        ref={ref}
        className={cn(
          'flex flex-col items-center rounded-lg border border-dashed bg-card text-center text-card-foreground',
          size === 'sm' ? 'gap-2 p-4' : 'gap-4 px-4 py-8 sm:px-8',
          className,
        )}
        {...props}
      >
        {Icon ? (
          <div className="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg bg-muted text-muted-foreground">
            <Icon className="h-5 w-5" aria-hidden="true" />
          </div>
        ) : null}
        <div className="max-w-prose space-y-1.5">
          <Heading
            className={cn('font-semibold tracking-tight', size === 'sm' ? 'text-sm' : 'text-base')}
          >
            {title}
          </Heading>
          {description ? <div className="text-sm text-muted-foreground">{description}</div> : null}
        </div>
        {action ? <div className="flex flex-wrap justify-center gap-2">{action}</div> : null}
        {children}
      </div>
    );
  },
);
EmptyState.displayName = 'EmptyState';

export { EmptyState };

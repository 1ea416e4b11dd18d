'use client';

import * as React from 'react';

import { cn } from '../lib/utils';

export interface SwitchProps extends Omit<
  React.ComponentPropsWithoutRef<'button'>,
  'onChange' | 'value' | 'defaultValue' | 'role' | 'type'
> {
  /** On or off (controlled); leave out with `defaultChecked` for an uncontrolled switch. */
  checked?: boolean;
  defaultChecked?: boolean;
  onCheckedChange?: (checked: boolean) => void;
}

/**
 * shadcn's Switch: an on/off control for a setting that applies at once (`role="switch"` with
 * `aria-checked`, toggled by click, Space or Enter; `data-state` checked/unchecked as Radix's).
 * Written as a plain button with shadcn's classes because `@radix-ui/react-switch` is not a
 * dependency here; it carries no form value, so read it through `onCheckedChange`. Pair it
 * with a `Label` (`htmlFor`). The off track is `muted-foreground` (not shadcn's `input`) so
 * the control stands out 3:1 from the page in light and dark.
 */
const Switch = React.forwardRef<HTMLButtonElement, SwitchProps>(
  ({ className, checked, defaultChecked = false, onCheckedChange, onClick, ...props }, ref) => {
    const [uncontrolled, setUncontrolled] = React.useState(defaultChecked);
    const on = checked ?? uncontrolled;
    const state = on ? 'checked' : 'unchecked';
    return (
      <button
        ref={ref}
        type="button"
        role="switch"
        aria-checked={on}
        data-state={state}
        className={cn(
          'peer inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent shadow-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background disabled:cursor-not-allowed disabled:opacity-50 data-[state=checked]:bg-primary data-[state=unchecked]:bg-muted-foreground',
          className,
        )}
        onClick={(event) => {
          onClick?.(event);
          if (event.defaultPrevented) return;
          if (checked === undefined) setUncontrolled(!on);
          onCheckedChange?.(!on);
        }}
        {...props}
      >
        <span
          data-state={state}
          className="pointer-events-none block h-4 w-4 rounded-full bg-background shadow-lg ring-0 transition-transform data-[state=checked]:translate-x-4 data-[state=unchecked]:translate-x-0"
        />
      </button>
    );
  },
);
Switch.displayName = 'Switch';

export { Switch };

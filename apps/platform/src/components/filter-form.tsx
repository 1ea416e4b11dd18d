import Link from 'next/link';
import type { ReactNode } from 'react';
import { Button, Input, Label, NativeSelect } from '@aiconnected/ui';
import { FormError } from './form-alerts';

// The pieces of a list's filters (audit log, events, resolution log): a plain GET form, so the
// filtered view is a shareable address and works before any script has loaded.

/** The GET form; `className` carries the grid's columns. */
export function FilterForm({
  action,
  label,
  className,
  children,
}: {
  action: string;
  /** The form's accessible name, e.g. "Filter the audit log". */
  label: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} className={className} aria-label={label}>
      {children}
    </form>
  );
}

/** A labelled select whose first option (value '') means "any". */
export function FilterSelect({
  id,
  label,
  name,
  value,
  any,
  options,
}: {
  id: string;
  label: string;
  name: string;
  value: string;
  /** The wording of the empty choice, e.g. "Any action". */
  any: string;
  options: readonly { value: string; label: string }[];
}) {
  return (
    <div className="space-y-2">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} name={name} defaultValue={value}>
        <option value="">{any}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/**
 * From and To (UTC days), and what is wrong with the period (`problem`) on a row of its own,
 * tied to From. `span` makes that row as wide as the grid.
 */
export function PeriodFilter({
  idPrefix,
  from,
  to,
  problem,
  span,
}: {
  idPrefix: string;
  from: string;
  to: string;
  problem: string | null;
  span: string;
}) {
  const problemId = `${idPrefix}-filters-problem`;
  return (
    <>
      <div className="space-y-2">
        <Label htmlFor={`${idPrefix}-from`}>From (UTC)</Label>
        <Input
          id={`${idPrefix}-from`}
          name="from"
          type="date"
          defaultValue={from}
          aria-invalid={problem === null ? undefined : true}
          aria-describedby={problem === null ? undefined : problemId}
        />
      </div>
      <div className="space-y-2">
        <Label htmlFor={`${idPrefix}-to`}>To (UTC)</Label>
        <Input id={`${idPrefix}-to`} name="to" type="date" defaultValue={to} />
      </div>
      {problem === null ? null : (
        <div className={span}>
          <FormError id={problemId} message={problem} />
        </div>
      )}
    </>
  );
}

/** Apply filters, and Clear filters (a link to the unfiltered list); `span` as wide as the grid. */
export function FilterActions({ clearHref, span }: { clearHref: string; span: string }) {
  return (
    <div className={`flex gap-3 ${span}`}>
      <Button type="submit">Apply filters</Button>
      <Button asChild variant="ghost">
        <Link href={clearHref}>Clear filters</Link>
      </Button>
    </div>
  );
}

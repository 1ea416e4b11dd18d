'use client';

import { useId } from 'react';
import { Input, Label, NativeSelect } from '@aiconnected/ui';
import type { ConfigField, ConfigValues } from './config-form-model';

/** A field's messages from the server, said under it and tied to it with aria-describedby. */
function FieldIssues({ id, messages }: { id: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="text-sm font-medium text-destructive">
      {messages.join(' ')}
    </p>
  );
}

/** One generated input of the config form (config-form-model.ts). */
function ConfigFieldInput({
  field,
  value,
  issues,
  onChange,
}: {
  field: ConfigField;
  value: string | boolean;
  issues: readonly string[];
  onChange: (value: string | boolean) => void;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const issuesId = `${id}-issues`;
  const describedBy =
    [field.description ? hintId : null, issues.length > 0 ? issuesId : null]
      .filter(Boolean)
      .join(' ') || undefined;
  const invalid = issues.length > 0 || undefined;
  const hint = field.description ? (
    <p id={hintId} className="text-sm text-muted-foreground">
      {field.description}
    </p>
  ) : null;

  if (field.control === 'checkbox') {
    return (
      <div className="space-y-1.5">
        <div className="flex items-center gap-2">
          <input
            id={id}
            type="checkbox"
            className="h-4 w-4 accent-primary"
            checked={value === true}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            onChange={(event) => onChange(event.target.checked)}
          />
          <Label htmlFor={id}>{field.label}</Label>
        </div>
        {hint}
        <FieldIssues id={issuesId} messages={issues} />
      </div>
    );
  }

  const text = typeof value === 'string' ? value : '';
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>
        {field.label}
        {field.required ? null : (
          <span className="font-normal text-muted-foreground"> (optional)</span>
        )}
      </Label>
      {field.control === 'select' ? (
        <NativeSelect
          id={id}
          value={text}
          required={field.required}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(event) => onChange(event.target.value)}
        >
          {field.required && text !== '' ? null : <option value="">Module default</option>}
          {field.options.map((option, index) => (
            <option key={`${typeof option}:${String(option)}`} value={String(index)}>
              {field.optionLabels[index] ?? String(option)}
            </option>
          ))}
        </NativeSelect>
      ) : (
        <Input
          id={id}
          value={text}
          required={field.required}
          inputMode={
            field.control === 'text'
              ? undefined
              : field.control === 'integer'
                ? 'numeric'
                : 'decimal'
          }
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
      {hint}
      <FieldIssues id={issuesId} messages={issues} />
    </div>
  );
}

/** The generated fields of a module's config form, with the server's messages at each. */
export function ConfigFields({
  fields,
  values,
  issues,
  onChange,
}: {
  fields: readonly ConfigField[];
  values: ConfigValues;
  issues: Record<string, string[]>;
  onChange: (values: ConfigValues) => void;
}) {
  return (
    <div className="space-y-4">
      {fields.map((field) => (
        <ConfigFieldInput
          key={field.name}
          field={field}
          value={values[field.name] ?? ''}
          issues={issues[field.name] ?? []}
          onChange={(value) => onChange({ ...values, [field.name]: value })}
        />
      ))}
    </div>
  );
}

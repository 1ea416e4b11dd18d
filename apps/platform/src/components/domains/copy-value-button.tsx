'use client';

import { Copy } from 'lucide-react';
import { Button, toast } from '@aiconnected/ui';

/** Copies `value` to the clipboard; its accessible name says what (`label`). */
export function CopyValueButton({ value, label }: { value: string; label: string }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      toast.success(`${label} copied.`);
    } catch {
      toast.error('Could not copy: your browser blocked the clipboard. Select the text instead.');
    }
  }
  return (
    <Button type="button" variant="outline" size="sm" onClick={() => void copy()}>
      <Copy aria-hidden="true" />
      Copy<span className="sr-only"> {label.toLowerCase()}</span>
    </Button>
  );
}

'use client';

import { Copy, Download } from 'lucide-react';
import { Button, toast } from '@aiconnected/ui';
import { exportTweakcnCss, type ResolvedTheme } from '@aiconnected/theme';

/** Copy or download the theme shown in the preview as TweakCN's Tailwind v3 CSS. */
export function ThemeExport({ theme, fileName }: { theme: ResolvedTheme; fileName: string }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(exportTweakcnCss(theme));
      toast.success('Theme CSS copied.');
    } catch {
      toast.error('Could not copy: your browser blocked the clipboard. Use Download instead.');
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([exportTweakcnCss(theme)], { type: 'text/css' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.click();
    URL.revokeObjectURL(url);
    toast.success(`Downloaded ${fileName}.`);
  }

  return (
    <>
      <Button type="button" variant="outline" onClick={() => void copy()}>
        <Copy aria-hidden="true" />
        Copy CSS
      </Button>
      <Button type="button" variant="outline" onClick={download}>
        <Download aria-hidden="true" />
        Download
      </Button>
    </>
  );
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { requestKey, setupBrowserHarness } from './testing/browser-harness';

// The confirm dialog in Debian's Chromium (a static render cannot open it or click): bundled
// with a page that opens it for `DELETE /api/things/1`, which the page's only origin refuses.

const ORIGIN = 'http://confirm-dialog.test';
const REFUSAL = 'Someone else changed it: reload and try again.';
const HARNESS = `
import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfirmDialog } from './confirm-dialog';

function Harness() {
  const [open, setOpen] = useState(false);
  return createElement('main', null,
    createElement('button', { type: 'button', onClick: () => setOpen(true) }, 'Remove thing'),
    createElement(ConfirmDialog, {
      open,
      onOpenChange: setOpen,
      title: 'Remove thing?',
      description: 'It goes at once.',
      confirmLabel: 'Remove',
      request: ['/things/1', { method: 'DELETE' }],
      onConfirmed: () => undefined,
    }),
  );
}
createRoot(document.getElementById('root')).render(createElement(Harness));
`;

const harness = setupBrowserHarness({
  harness: HARNESS,
  resolveDir: path.dirname(fileURLToPath(import.meta.url)),
});

let page: Page;

// A fresh page per test: one that fails leaves nothing open for the next.
beforeEach(async () => {
  ({ page } = await harness.open({
    origin: ORIGIN,
    api: (request) =>
      requestKey(request) === 'DELETE /api/things/1'
        ? {
            status: 409,
            json: { error: { code: 'CONFLICT', message: REFUSAL, correlation_id: 'c-1' } },
          }
        : undefined,
  }));
});

/** Opens the dialog, confirms, and waits for the refusal to show in it. */
async function failOnce(): Promise<void> {
  await page.getByRole('button', { name: 'Remove thing' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove thing?' });
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await dialog.getByText(REFUSAL).waitFor();
}

/** Opens the dialog again: it shows no error from before. */
async function reopenClean(): Promise<void> {
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Remove thing' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove thing?' });
  await dialog.waitFor();
  expect(await dialog.getByText(REFUSAL).count()).toBe(0);
  await page.keyboard.press('Escape');
}

describe('confirm dialog', () => {
  it('shows a refused call in the dialog and forgets it when Cancel closes it', async () => {
    await failOnce();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await reopenClean();
  });

  it('forgets it when Escape closes it too', async () => {
    await failOnce();
    await page.keyboard.press('Escape');
    await reopenClean();
  });
});

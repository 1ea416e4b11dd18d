import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { BrandingAsset } from '@aiconnected/sdk-contracts';
import { AssetTypeCard } from './asset-type-card';
import { contentCode } from './asset-labels';

const HASH_A = 'a1b2c3d4'.padEnd(64, '0');
const HASH_B = 'ffee0011'.padEnd(64, '9');

function asset(overrides: Partial<BrandingAsset>): BrandingAsset {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    workspace_id: '00000000-0000-4000-8000-000000000002',
    asset_type: 'logo',
    mime_type: 'image/png',
    size_bytes: 160,
    width: 120,
    height: 40,
    scan_status: 'clean',
    scan_engine: 'builtin',
    scan_detail: null,
    rejected_reason: null,
    active: false,
    url: `/api/branding/files/${HASH_A}.png`,
    uploaded_at: '2026-12-06T18:44:10.000Z',
    created_at: '2026-12-06T18:44:09.000Z',
    ...overrides,
  };
}

const render = (assets: BrandingAsset[], refused: BrandingAsset[] = []) =>
  renderToStaticMarkup(
    createElement(AssetTypeCard, {
      workspaceId: '00000000-0000-4000-8000-000000000002',
      type: 'logo',
      effective: null,
      assets,
      refused,
      onChanged: async () => {},
    }),
  );

/** The text of each `<li>` inside the list labelled `label`, tags stripped. */
function rows(html: string, label: string): string[] {
  const list = new RegExp(`<ul[^>]*aria-label="${label}"[^>]*>(.*?)</ul>`).exec(html);
  return [...(list?.[1] ?? '').matchAll(/<li[^>]*>(.*?)<\/li>/g)].map((m) =>
    (m[1] ?? '').replace(/<[^>]+>/g, '').replace(/&#x27;/g, "'"),
  );
}

describe('logos screen: one asset type', () => {
  it('tells uploads of the same size apart by their upload time and image code', () => {
    const html = render([
      asset({ id: '00000000-0000-4000-8000-00000000000a', uploaded_at: '2026-12-06T18:44:10Z' }),
      asset({
        id: '00000000-0000-4000-8000-00000000000b',
        uploaded_at: '2026-12-06T18:51:02Z',
        url: `/api/branding/files/${HASH_B}.png`,
      }),
    ]);
    const [first, second] = rows(html, 'Uploaded Logo');
    expect(first).toContain('120×40, 160 bytes');
    expect(first).toContain('Uploaded 2026-12-06 18:44 UTC');
    expect(first).toContain('Image a1b2c3d4');
    expect(second).toContain('Uploaded 2026-12-06 18:51 UTC');
    expect(second).toContain('Image ffee0011');
    // The ambiguous local date (12/6/2026) is gone.
    expect(html).not.toMatch(/\d+\/\d+\/\d{4}/);
  });

  it('lists refused uploads apart, each with its reason in words and nothing to activate', () => {
    const html = render(
      [asset({ active: true })],
      [
        asset({
          id: '00000000-0000-4000-8000-00000000000c',
          scan_status: 'rejected',
          rejected_reason: 'type_mismatch',
          url: null,
          uploaded_at: null,
          width: null,
          height: null,
          mime_type: 'image/jpeg',
          size_bytes: 2048,
          created_at: '2026-12-06T19:02:00Z',
        }),
        asset({
          id: '00000000-0000-4000-8000-00000000000d',
          scan_status: 'rejected',
          rejected_reason: 'scan_failed',
          url: null,
          uploaded_at: null,
        }),
      ],
    );
    expect(html).toContain('Refused uploads');
    const refused = rows(html, 'Refused logo uploads');
    expect(refused).toEqual([
      expect.stringContaining('do not match its type'),
      expect.stringContaining('The file did not pass the malware scan.'),
    ]);
    expect(refused[0]).toContain('Sent 2026-12-06 19:02 UTC: image/jpeg, 2 KB');
    // Only the clean, active upload has a control; the refused ones have none.
    expect(rows(html, 'Uploaded Logo')).toHaveLength(1);
    expect(html.match(/<button/g)).toHaveLength(1);
    expect(html).toContain('Stop using');
  });

  it('shows no refused section when nothing was refused', () => {
    expect(render([asset({})])).not.toContain('Refused uploads');
  });

  it('reads the image code from a stored file URL only', () => {
    expect(contentCode(`/api/branding/files/${HASH_A}.webp`)).toBe('a1b2c3d4');
    expect(contentCode(null)).toBeNull();
    expect(contentCode('/somewhere/else.png')).toBeNull();
  });
});

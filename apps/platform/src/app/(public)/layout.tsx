import type { ReactNode } from 'react';
import { PublicFrame } from '@/components/public-frame';
import { loadSignInBranding } from '@/lib/sign-in-branding';

/**
 * The pages one sees without a workspace: status, sign-in and the emailed-link pages. On a
 * workspace's own host (verified domain or platform host) the header names that workspace
 * instead of the product (white label).
 */
export default async function PublicLayout({ children }: { children: ReactNode }) {
  const branding = await loadSignInBranding();
  return (
    <PublicFrame
      brand={
        branding?.workspace_name
          ? { name: branding.workspace_name, logoUrl: branding.logo_url }
          : undefined
      }
    >
      {children}
    </PublicFrame>
  );
}

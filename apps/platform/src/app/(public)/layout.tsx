import type { ReactNode } from 'react';
import { PublicFrame } from '@/components/public-frame';

/** The pages one sees without a workspace: status, sign-in and the emailed-link pages. */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return <PublicFrame>{children}</PublicFrame>;
}

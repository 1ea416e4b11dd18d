import type { ReactNode } from 'react';
import { PublicFrame } from '@/components/public-frame';

/** Local developer tools (the mailbox) in the same frame as the public pages. */
export default function DevLayout({ children }: { children: ReactNode }) {
  return <PublicFrame>{children}</PublicFrame>;
}

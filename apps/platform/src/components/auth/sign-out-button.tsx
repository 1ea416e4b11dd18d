'use client';

import { useRouter } from 'next/navigation';
import { Button, type ButtonProps } from '@aiconnected/ui';
import { callApi } from '@/lib/client-api';

/** Signs out (`POST /api/auth/sign-out`) and returns to the sign-in page. */
export function SignOutButton(props: Omit<ButtonProps, 'onClick'>) {
  const router = useRouter();

  async function signOut() {
    // Whatever the answer (e.g. an already expired session), the API has cleared the cookie.
    await callApi('/auth/sign-out', { method: 'POST' });
    router.push('/sign-in');
    router.refresh();
  }

  return (
    <Button variant="outline" {...props} onClick={() => void signOut()}>
      Sign out
    </Button>
  );
}

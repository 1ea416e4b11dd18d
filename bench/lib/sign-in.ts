/** What the bench keeps of a sign-in: the Bearer token and the session's workspace. */
export interface SignedInSession {
  email: string;
  token: string;
  defaultWorkspaceId: string | null;
}

interface SignInBody {
  session?: { access_token?: unknown };
  default_workspace_id?: unknown;
}

/**
 * Signs a demo user in through `POST /api/auth/sign-in`, exactly as an API client does, and
 * returns the session token it sends afterwards as `Authorization: Bearer`.
 */
export async function signInDemoUser(
  baseUrl: string,
  email: string,
  password: string,
): Promise<SignedInSession> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json().catch(() => ({}))) as SignInBody;
  const token = body.session?.access_token;
  if (response.status !== 200 || typeof token !== 'string') {
    throw new Error(`sign-in as ${email} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  const workspace = body.default_workspace_id;
  return { email, token, defaultWorkspaceId: typeof workspace === 'string' ? workspace : null };
}

import { randomBytes } from 'node:crypto';
import { inviteMember } from '@aiconnected/identity';
import { seedTwoAgencyTree, type TwoAgencyTree } from '@aiconnected/identity/testing';
import { contextOf, jsonRequest, signInAs } from './auth-client';
import { TEST_CONFIG } from './build-test-deps';
import { linkTokenFor } from './mailbox';
import type { ApiTestSetup } from './setup-api-test';
import { setupApiTestFixture } from './setup-api-test-fixture';

/** What the tests of a two-agency API test file read: the setup and shorthands on it. */
export interface TwoAgencyApiTest {
  /** Read once the file's `beforeAll` has run (`setupApiTestFixture`). */
  setup: ApiTestSetup<TwoAgencyTree>;
  /** Signs `user` in through the API (`signInAs`) and returns the session token. */
  signIn: (user: { email: string }, password?: string) => Promise<string>;
  /** `POST <path>` with a JSON body and extra headers. */
  post: (path: string, body: unknown, headers?: Record<string, string>) => Promise<Response>;
  /**
   * Invites a fresh address to business A1 as agency A's admin, with `roleTemplate`; returns
   * the address and the token of the mailed link.
   */
  inviteNewAddress: (roleTemplate: string) => Promise<{ email: string; token: string }>;
}

/**
 * The preamble of an API test file on the two-agency tree (`seedTwoAgencyTree`), once: the
 * tree seeded and the real API around it. A file that acts or seeds more before its tests
 * does so in a `beforeAll` of its own after this call.
 */
export function setupTwoAgencyApiTest(): TwoAgencyApiTest {
  const setup = setupApiTestFixture(seedTwoAgencyTree);
  return {
    setup,
    signIn: async (user, password) => signInAs(setup.api, user, password),
    post: async (path, body, headers = {}) =>
      setup.api.request(path, jsonRequest('POST', body, headers)),
    inviteNewAddress: async (roleTemplate) => {
      const inviter = await contextOf(
        setup.api,
        await signInAs(setup.api, setup.tree.users.agencyAAdmin),
      );
      const email = `invitee-${randomBytes(4).toString('hex')}@example.test`;
      await inviteMember(setup.database.db, setup.deps.mailer, {
        actor: inviter,
        workspaceId: setup.tree.workspaces.businessA1.id,
        email,
        roleTemplate,
        baseUrl: TEST_CONFIG.baseUrl,
        correlationId: 'invitation-test',
      });
      return { email, token: await linkTokenFor(setup.api, email) };
    },
  };
}

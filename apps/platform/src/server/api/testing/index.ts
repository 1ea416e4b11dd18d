// The API's test support (`@aiconnected/platform/testing`): the real API on a test database,
// requests as a signed-in client, and whole error envelopes. The trees come from
// `@aiconnected/db/testing` and `@aiconnected/identity/testing`.
export {
  bearer,
  contextOf,
  cookie,
  envelope,
  expectError,
  jsonRequest,
  signInAs,
} from './auth-client';
export { buildTestDeps, TEST_CONFIG, TEST_ORIGIN } from './build-test-deps';
export { linkTokenFor, mailTo, type MailboxMessage } from './mailbox';
export { setupApiTest, type ApiTestSetup } from './setup-api-test';
export {
  correlationIdOf,
  createTestApi,
  type LogLine,
  type TestApi,
  type TestApiOptions,
} from './test-api';

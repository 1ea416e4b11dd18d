// Embedded Postgres for `npm start`, the test harness and the bench: an entry of its own, so
// the web app's bundle never includes the launcher.
export {
  startEmbeddedPostgres,
  type EmbeddedPostgresServer,
  type StartEmbeddedPostgresOptions,
} from './start-embedded-postgres';

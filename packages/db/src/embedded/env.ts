/**
 * The environment of the embedded Postgres programs: this process's, with messages in English
 * (start-up is detected by one). The only place the embedded server reads `process.env`.
 */
export function postgresEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };
}

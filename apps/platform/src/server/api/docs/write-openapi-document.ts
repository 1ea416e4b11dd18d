import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createLogger } from '../../logger';
import { createDatabaselessApi } from '../databaseless-api';
import { localApiConfig } from '../guard';

/**
 * Writes the API's OpenAPI document to the file named by the first argument, as
 * `GET /api/openapi.json` answers it, without a database (the databaseless API describes the
 * whole API from the routes' schemas alone): `node --import tsx <this file> <out.json>`. CI lints the file with
 * Redocly CLI (`npm run lint:openapi`).
 */
async function main(out: string | undefined): Promise<void> {
  if (!out) throw new Error('usage: write-openapi-document <out.json>');
  const api = createDatabaselessApi({
    logger: createLogger('silent'),
    config: localApiConfig(),
  });
  const response = await api.request('/api/openapi.json');
  if (response.status !== 200) {
    throw new Error(`GET /api/openapi.json answered ${response.status}: ${await response.text()}`);
  }
  const document: unknown = await response.json();
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

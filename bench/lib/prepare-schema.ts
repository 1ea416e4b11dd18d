import { createDb, migrateUp, MIGRATIONS_DIR } from '@aiconnected/db';
import { seedDemoTree } from '@aiconnected/platform/scripts';

/** The ids of the demo workspaces the scenarios need. */
export interface DemoWorkspaceIds {
  /** Northwind Agency (agency A). */
  northwind: string;
  /** Contoso Agency (agency B). */
  contoso: string;
}

/**
 * Migrates the fresh database with the real migrations and seeds the demo tree exactly as
 * `npm start` does on a local deployment, then reads back the two agencies' ids.
 */
export async function prepareSchema(url: string, password: string): Promise<DemoWorkspaceIds> {
  const db = createDb(url, { max: 2 });
  try {
    const applied = await migrateUp(db.pool, { dir: MIGRATIONS_DIR });
    const seeded = await seedDemoTree(db, { password });
    console.log(
      `• Migrated (${applied.length} migrations), demo tree seeded: ${seeded.users.length} users`,
    );
    const { rows } = await db.pool.query<{ slug: string; id: string }>(
      "select slug, id from public.workspaces where slug in ('northwind', 'contoso')",
    );
    const idOf = (slug: string) => {
      const id = rows.find((row) => row.slug === slug)?.id;
      if (!id) throw new Error(`the demo tree has no workspace "${slug}"`);
      return id;
    };
    return { northwind: idOf('northwind'), contoso: idOf('contoso') };
  } finally {
    await db.close();
  }
}

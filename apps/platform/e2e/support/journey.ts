import { afterAll, beforeAll, beforeEach } from 'vitest';
import { saveScreenshot } from './browser';
import { startE2eApp, type E2eApp, type StartE2eAppOptions } from './e2e-app';
import { seedDemo } from './identity-steps';
import { startVisitor, type Visitor } from './visitor';

/**
 * The preamble of a journey file, once: the app on the demo tree with one visitor (own
 * browser context and cookie) per person, handed to `ready`, all closed after the file. The
 * acts (tests, named `<n>. ...`) build on each other, so after a failed act the rest are
 * skipped, and every person's screen at the failure is kept as `<prefix>-failed-act-<n>-<person>`.
 */
export function setupJourney<P extends string>(
  prefix: string,
  people: readonly P[],
  ready: (visitors: Record<P, Visitor>) => void,
  /**
   * More for the app, read when it starts (after the file's earlier `beforeAll`s); `alsoAllowed`:
   * origins the visitors' pages may load besides the app's (e.g. a module UI the shell frames).
   */
  appOptions: () => Pick<StartE2eAppOptions, 'env'> & {
    alsoAllowed?: readonly string[];
  } = () => ({}),
): void {
  let app: E2eApp | undefined;
  const visitors = {} as Record<P, Visitor>;
  beforeAll(async () => {
    const { alsoAllowed, ...options } = appOptions();
    app = await startE2eApp({ ...options, seed: seedDemo });
    for (const person of people)
      visitors[person] = await startVisitor(app.browser, app.baseUrl, alsoAllowed);
    ready(visitors);
  });
  afterAll(async () => {
    await Promise.all(Object.values<Visitor>(visitors).map((visitor) => visitor.close()));
    await app?.stop();
  });

  let failedAct: string | undefined;
  beforeEach((context) => {
    if (failedAct) context.skip(`act "${failedAct}" failed`);
    context.onTestFailed(async () => {
      failedAct = context.task.name;
      const act = context.task.name.split('.')[0] ?? 'act';
      for (const [person, visitor] of Object.entries<Visitor>(visitors)) {
        await saveScreenshot(visitor.page, `${prefix}-failed-act-${act}-${person}`).catch(
          () => undefined,
        );
      }
    });
  });
}

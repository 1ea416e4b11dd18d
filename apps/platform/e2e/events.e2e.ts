import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  DeadLetterPage,
  EventEnvelope,
  EventPage,
  IssuedCredentials,
  ModuleManifest,
} from '@aiconnected/sdk-contracts';
import { findFreePort } from './support/free-port';
import { signInAs, waitForToast } from './support/identity-steps';
import { setupJourney } from './support/journey';
import { HELLO_DIR, look, NOTES_DIR, startHello, startNotes } from './support/module-steps';
import { stopProcessGroup } from './support/process-group';
import type { Visitor } from './support/visitor';

// The event bus end to end in Chromium (issue 12). The `notes` and `hello` example modules run on
// free loopback ports; super imports both (notes with `paid: false`: billing is not this
// journey's subject), Northwind's agency admin installs them in Northwind Dental through the API
// (each install answers the installation's credentials once: notes starts with its API key, hello
// with its webhook secret) and enables them; hello's install and enable callbacks reach it. Dental's
// admin adds a note through the shell's gateway (notes reads the workspace and the author from
// the gateway's signed claims): notes emits `notes.note.created` with its key, the shell
// delivers it to hello, signed (hello verifies it and lists what it accepted), and the monitor
// (/events) shows the event and its delivery as delivered. hello fails (its switch
// HELLO_FAIL_EVENTS=1: 503 to every event): with a short retry schedule (EVENTS_RETRY_SCHEDULE,
// three attempts 15 s apart, long enough for hello to start after its install answered the secret)
// the next note's delivery lands in the dead letter and the one behind it waits. hello recovers;
// Retry on the Dead letter tab delivers both, in order; a Replay of the stream sends all three
// again (to a restarted hello, which would otherwise ignore the repeated webhook ids), in order,
// with their first webhook ids. axe and screenshots (1280 and 390 px, light and dark) on each
// tab: test-results/screenshots/events-*.

const DENTAL = 'Northwind Dental';
const EVENT = 'notes.note.created';
/**
 * Three attempts: at once, 15 s and 15 s later (±20 %); then the dead letter. Long enough for
 * hello to start (on a busy machine) after its install answered the webhook secret, so its
 * install callback, tried first while hello is not up yet, gets through on a later attempt.
 */
const RETRY_SCHEDULE = '0,15,15';

/** What hello lists at `GET /webhooks/received` (verified, accepted, in arrival order). */
interface Received {
  webhook_id: string;
  kind: 'event' | 'action';
  action: string | null;
  envelope: EventEnvelope & { data: { note_id: string; visibility: string } };
}

let notes: ChildProcess | undefined;
let hello: ChildProcess | undefined;
let notesPort: number;
let helloPort: number;
afterAll(async () => {
  for (const child of [notes, hello]) if (child) await stopProcessGroup(child);
});

/** An example's manifest served on `port` of 127.0.0.1 (its UI too), with `changes`. */
async function servedManifest(
  dir: string,
  port: number,
  changes: Partial<ModuleManifest> = {},
): Promise<ModuleManifest> {
  const manifest = JSON.parse(
    await readFile(path.join(dir, 'manifest.json'), 'utf8'),
  ) as ModuleManifest;
  const origin = `http://127.0.0.1:${port}`;
  return {
    ...manifest,
    ...(manifest.frontend ? { frontend: { entryUrl: `${origin}/ui` } } : {}),
    runtime: { ...manifest.runtime, target: { ...manifest.runtime.target, baseUrl: origin } },
    ...changes,
  };
}

/** What hello has accepted since it (last) started: events (`kind: 'event'`) or `kind`. */
async function receivedByHello(kind: Received['kind'] = 'event'): Promise<Received[]> {
  const response = await fetch(`http://127.0.0.1:${helloPort}/webhooks/received`);
  expect(response.status).toBe(200);
  const { items } = (await response.json()) as { items: Received[] };
  return items.filter((item) => item.kind === kind);
}

/** Polls hello until it has accepted `count` events; answers them. */
async function helloReceives(count: number): Promise<Received[]> {
  await expect.poll(async () => (await receivedByHello()).length, { timeout: 30_000 }).toBe(count);
  return receivedByHello();
}

describe('event bus: notes emits, hello consumes, the monitor, the dead letter and a replay', () => {
  let operator: Visitor;
  let agency: Visitor;
  let admin: Visitor;
  let dentalId: string;
  let adminId: string;
  let helloEnv: Record<string, string>;
  const noteIds: string[] = [];
  /** The webhook ids of the first deliveries, by sequence. */
  const firstIds = new Map<string, string>();
  let stream: string;
  setupJourney(
    'events',
    ['operator', 'agency', 'admin'],
    (people) => {
      ({ operator, agency, admin } = people);
      for (const visitor of [operator, agency, admin]) visitor.page.setDefaultTimeout(30_000);
    },
    () => ({ env: { EVENTS_RETRY_SCHEDULE: RETRY_SCHEDULE } }),
  );

  /**
   * A note added in Dental by its admin, through the shell's gateway with the admin's session
   * (notes reads the workspace and the author from the gateway's signed claims and emits as it
   * stores the note); its id.
   */
  async function addNote(text: string): Promise<string> {
    const created = await admin.callApi('POST', '/api/gateway/notes/notes', { text });
    const note = created.body as {
      id: string;
      author_id: string;
      event: { event_id: string } | null;
    };
    expect(created.status, JSON.stringify(note)).toBe(201);
    expect(note.author_id).toBe(adminId);
    expect(note.event).toMatchObject({ event_id: expect.any(String) as unknown });
    noteIds.push(note.id);
    return note.id;
  }

  /** The events of Dental, newest first, as the monitor reads them. */
  async function dentalEvents(): Promise<EventPage['items']> {
    const answer = await admin.callApi('GET', `/api/events?workspace_id=${dentalId}`);
    expect(answer.status).toBe(200);
    return (answer.body as EventPage).items.filter((event) => event.event_name === EVENT);
  }

  it('1. super imports notes and hello; the agency admin installs them in Dental (credentials once), starts them with those and enables them', async () => {
    [notesPort, helloPort] = [await findFreePort(), await findFreePort()];
    expect(await operator.open('/sign-in')).toBe(200);
    await signInAs(operator, 'super@demo.local', '/super');
    for (const manifest of [
      await servedManifest(NOTES_DIR, notesPort, { paid: false }),
      await servedManifest(HELLO_DIR, helloPort),
    ]) {
      expect((await operator.callApi('POST', '/api/modules/import', { manifest })).status).toBe(
        201,
      );
    }

    expect(await admin.open('/sign-in')).toBe(200);
    await signInAs(admin, 'business-a1-admin@demo.local', '/business');
    const session = await admin.callApi('GET', '/api/auth/session');
    ({ workspace_id: dentalId, user_id: adminId } = (
      session.body as { context: { workspace_id: string; user_id: string } }
    ).context);

    expect(await agency.open('/sign-in')).toBe(200);
    await signInAs(agency, 'agency-a-admin@demo.local', '/agency');
    const credentials: Record<string, IssuedCredentials> = {};
    for (const key of ['hello', 'notes']) {
      const installed = await agency.callApi('POST', `/api/modules/${key}/install`, {
        workspace_id: dentalId,
      });
      expect(installed.status).toBe(200);
      const issued = (installed.body as { credentials: IssuedCredentials }).credentials;
      expect(issued).toMatchObject({
        api_key: { secret: expect.stringMatching(/^aicm_/) as unknown },
        webhook_secret: { secret: expect.stringMatching(/^whsec_/) as unknown },
        previous_expire_at: null,
      });
      credentials[key] = issued;
    }
    const origin = agency.origin;
    helloEnv = {
      SHELL_ORIGIN: origin,
      SHELL_JWKS_URL: `${origin}/.well-known/jwks.json`,
      HELLO_WEBHOOK_SECRETS: `${dentalId}=${credentials.hello?.webhook_secret?.secret ?? ''}`,
    };
    hello = await startHello(helloPort, helloEnv);
    notes = await startNotes(notesPort, {
      SHELL_ORIGIN: origin,
      SHELL_JWKS_URL: `${origin}/.well-known/jwks.json`,
      NOTES_SHELL_API_KEYS: `${dentalId}=${credentials.notes?.api_key?.secret ?? ''}`,
    });
    for (const key of ['notes', 'hello']) {
      const enabled = await agency.callApi('POST', `/api/modules/${key}/enable`, {
        workspace_id: dentalId,
      });
      expect(enabled.status).toBe(200);
    }
    // hello's lifecycle callbacks (declared in its manifest) reach it, signed, in order.
    try {
      await expect
        .poll(async () => (await receivedByHello('action')).map((item) => item.action), {
          timeout: 45_000,
        })
        .toStrictEqual(['install', 'enable']);
    } catch (error) {
      const events = await agency.callApi('GET', `/api/events?workspace_id=${dentalId}`);
      throw new Error(`hello's callbacks: ${JSON.stringify(events.body)}`, { cause: error });
    }
  }, 180_000);

  it('2. a note: notes emits notes.note.created, hello receives it signed, the monitor shows it delivered', async () => {
    const noteId = await addNote('The first note');
    const [first] = await helloReceives(1);
    expect(first?.envelope).toMatchObject({
      type: EVENT,
      source: '/modules/notes',
      workspaceid: dentalId,
      data: { note_id: noteId },
      sequence: expect.stringMatching(/^\d{20}$/) as unknown,
    });
    stream = first?.envelope.partitionkey ?? '';
    firstIds.set(first?.envelope.sequence ?? '', first?.webhook_id ?? '');
    await expect.poll(async () => (await dentalEvents())[0]?.delivery_state).toBe('delivered');

    const { page } = admin;
    expect(await admin.open('/events')).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Events' }).waitFor();
    await page.getByRole('heading', { level: 2, name: `Events in ${DENTAL}` }).waitFor();
    const row = page.getByRole('row').filter({ hasText: EVENT });
    await expect.poll(() => row.count()).toBe(1);
    await row.getByText('Delivered', { exact: true }).waitFor();
    await look(admin, 'events-01-events-tab');

    await row.getByRole('button', { name: `${EVENT}: details` }).click();
    const sheet = page.getByRole('dialog', { name: EVENT });
    const delivery = sheet.getByRole('listitem', { name: 'Delivery to hello' });
    // Its badge (the attempt below says Delivered too).
    await delivery.getByText('Delivered', { exact: true }).first().waitFor();
    // The webhook-id the monitor shows is the one hello received; one attempt, delivered.
    await delivery.getByText(first?.webhook_id ?? 'missing', { exact: true }).waitFor();
    const attempts = delivery.getByRole('list', { name: 'Attempts' }).getByRole('listitem');
    expect(await attempts.count()).toBe(1);
    await attempts.getByText('Delivered', { exact: true }).waitFor();
    await look(admin, 'events-02-event-detail');
    await page.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
  }, 120_000);

  it('3. hello fails (HELLO_FAIL_EVENTS=1): the next note’s delivery dead-letters after its last attempt, the one behind it waits', async () => {
    if (hello) await stopProcessGroup(hello);
    hello = await startHello(helloPort, { ...helloEnv, HELLO_FAIL_EVENTS: '1' });
    const second = await addNote('Sent while hello fails');
    await expect
      .poll(async () => (await dentalEvents())[0]?.delivery_state, { timeout: 60_000 })
      .toBe('dead_letter');
    await addNote('Waits behind the dead letter');
    await expect.poll(async () => (await dentalEvents()).length).toBe(3);

    const dead = await admin.callApi('GET', `/api/events/dead-letter?workspace_id=${dentalId}`);
    const items = (dead.body as DeadLetterPage).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      event_name: EVENT,
      module_key: 'hello',
      state: 'dead_letter',
      attempts: 3,
      last_status: 503,
      stream,
    });
    const [third] = await dentalEvents();
    expect(third?.deliveries).toMatchObject([
      { module_key: 'hello', state: 'pending', attempts: 0 },
    ]);
    expect(noteIds[1]).toBe(second);

    const { page } = admin;
    const tabs = page.getByRole('navigation', { name: 'Events' });
    await tabs.getByRole('link', { name: 'Dead letter' }).click();
    await admin.arriveAt('/events/dead-letter');
    await page.getByRole('heading', { level: 2, name: 'Dead letter' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: EVENT });
    await row.getByText('Gave up after 3 attempts, last answer 503.', { exact: true }).waitFor();
    await look(admin, 'events-03-dead-letter-tab');

    await tabs.getByRole('link', { name: 'Subscriptions' }).click();
    await admin.arriveAt('/events/subscriptions');
    await page
      .getByRole('listitem', { name: 'hello' })
      .getByText('Dead letters', { exact: true })
      .waitFor();
    await look(admin, 'events-04-subscriptions-tab');
  }, 120_000);

  it('4. hello recovers: Retry delivers the dead-lettered note and the one behind it, in order; a replay sends all three again with the same webhook ids', async () => {
    if (hello) await stopProcessGroup(hello);
    hello = await startHello(helloPort, helloEnv);
    const { page } = admin;
    expect(await admin.open('/events/dead-letter')).toBe(200);
    await page.getByRole('button', { name: `Retry ${EVENT} to hello` }).click();
    await waitForToast(page, `${EVENT} is queued again for hello.`);

    const caughtUp = await helloReceives(2);
    expect(caughtUp.map((item) => item.envelope.data.note_id)).toStrictEqual(noteIds.slice(1));
    expect(caughtUp.map((item) => item.envelope.partitionkey)).toStrictEqual([stream, stream]);
    const firstSequence = BigInt([...firstIds.keys()][0] ?? '0');
    expect(caughtUp.map((item) => BigInt(item.envelope.sequence))).toStrictEqual([
      firstSequence + 1n,
      firstSequence + 2n,
    ]);
    for (const item of caughtUp) firstIds.set(item.envelope.sequence, item.webhook_id);
    await expect
      .poll(async () => (await dentalEvents()).map((event) => event.delivery_state))
      .toStrictEqual(['delivered', 'delivered', 'delivered']);
    expect(await admin.open('/events/dead-letter')).toBe(200);
    await page.getByRole('heading', { level: 2, name: /^The dead letter is empty/ }).waitFor();
    await look(admin, 'events-05-dead-letter-empty');

    await stopProcessGroup(hello);
    hello = await startHello(helloPort, helloEnv);
    expect(await receivedByHello()).toStrictEqual([]);

    await page.getByRole('button', { name: 'Replay…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay events' });
    await dialog.getByRole('textbox', { name: 'Stream' }).fill(stream);
    await dialog.getByLabel('Only to').selectOption('hello');
    await dialog.getByRole('button', { name: 'Replay', exact: true }).click();
    await waitForToast(page, '3 deliveries queued again, in order.');

    // hello handles a webhook-id once per run (a replay is a duplicate to it), so it restarted
    // with an empty memory first: the replay reaches it whole.
    const replayed = await helloReceives(3);
    expect(replayed.map((item) => item.envelope.data.note_id)).toStrictEqual(noteIds);
    expect(replayed.map((item) => item.webhook_id)).toStrictEqual(
      replayed.map((item) => firstIds.get(item.envelope.sequence)),
    );
    const sequences = replayed.map((item) => item.envelope.sequence);
    expect(sequences).toStrictEqual([...sequences].sort());
    expect(await admin.open('/events')).toBe(200);
    const delivered = page
      .getByRole('row')
      .filter({ hasText: EVENT })
      .filter({ has: page.getByText('Delivered', { exact: true }) });
    await expect.poll(() => delivered.count()).toBe(3);
    await look(admin, 'events-06-all-delivered');
  }, 120_000);
});

import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestDatabase } from '@aiconnected/db/testing';
import { seedDemoTree } from '../../scripts/lib/seed-demo-tree';
import type { Visitor } from './visitor';

// The steps people take in the identity screens, by what they see: labels, roles, headings
// and button texts, never CSS classes.

/** The password of every demo user in the browser tests. */
export const DEMO_PASSWORD = 'E2e-demo-password-2026';

/** Seeds the demo tenant tree (super@demo.local, Northwind, Contoso) into a test database. */
export async function seedDemo(database: TestDatabase): Promise<void> {
  const result = await seedDemoTree(database.db, { password: DEMO_PASSWORD });
  if (!result.created) throw new Error('the fresh test database already had a super workspace');
}

/** The page's one `h1`, once it shows `name`. */
export async function waitForHeading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/**
 * Types email and password (a demo user's unless given) into the sign-in form, which must be
 * on screen, and submits it.
 */
export async function fillSignIn(
  page: Page,
  email: string,
  password: string = DEMO_PASSWORD,
): Promise<void> {
  await waitForHeading(page, 'Sign in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs the demo user `email` in through the form on screen and waits for `destination`. */
export async function signInAs(
  visitor: Visitor,
  email: string,
  destination: string,
): Promise<void> {
  await fillSignIn(visitor.page, email);
  await visitor.arriveAt(destination);
}

/** Waits for the toast that confirms an action with `text` (toasts go away by themselves). */
export async function waitForToast(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).waitFor();
}

/**
 * Opens the newest mail to `email` in /dev/mailbox and follows its invitation link to the
 * page that accepts it ("Join <workspace>"). Screenshots the mailbox as `<shot>-mailbox`.
 */
export async function openInvitationMail(
  visitor: Visitor,
  email: string,
  shot: string,
): Promise<void> {
  const { page } = visitor;
  await visitor.open('/dev/mailbox');
  await waitForHeading(page, 'Mailbox');
  const message = page
    .getByRole('list', { name: 'Messages' })
    .getByRole('listitem')
    .filter({ hasText: `To ${email} ` })
    .first();
  await message.getByText(/^You are invited to /).waitFor();
  await visitor.screen(`${shot}-mailbox`);
  await message.getByRole('link', { name: /\/set-password\?token=/ }).click();
  await visitor.arriveAt('/set-password');
  await waitForHeading(page, /^Join /);
}

/**
 * Accepts the invitation on screen with a name and `password`, and waits for the workspace it
 * signs the person in to (`destination`).
 */
export async function acceptInvitation(
  visitor: Visitor,
  invitee: { name: string; password: string },
  destination: string,
  shot: string,
): Promise<void> {
  const { page } = visitor;
  await page.getByLabel('Your name').fill(invitee.name);
  await page.getByLabel('New password').fill(invitee.password);
  await page.getByLabel('Confirm password').fill(invitee.password);
  await page.getByText(/^Strength: (Strong|Very strong)\.$/).waitFor();
  await visitor.screen(`${shot}-accept`);
  await page.getByRole('button', { name: 'Accept and sign in' }).click();
  await visitor.arriveAt(destination);
}

/** The row of the workspace named `name` in the table named `table` (Agencies, Businesses). */
export function workspaceRow(page: Page, table: string, name: string) {
  return page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name, exact: true }) });
}

/**
 * Invites `email` with `role` (as labelled, e.g. "Agency admin") into the workspace of a
 * dashboard row, through the row's "Invite user" dialog. Screenshots the filled dialog and
 * the confirmation as `<shot>-invite` and `<shot>-invited`. The role chosen at first must be
 * `invitee.role` (the journey invites administrators).
 */
export async function inviteIntoRow(
  visitor: Visitor,
  row: { table: string; workspace: string },
  invitee: { email: string; role: string },
  shot: string,
): Promise<void> {
  const { page } = visitor;
  await workspaceRow(page, row.table, row.workspace)
    .getByRole('button', { name: `Invite user to ${row.workspace}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Invite a user to ${row.workspace}` });
  // A new workspace's first invitation is for its administrator: the dialog starts there.
  const role = dialog.getByLabel('Role');
  expect(await role.locator('option:checked').innerText()).toBe(invitee.role);
  await dialog.getByLabel('Email').fill(invitee.email);
  await role.selectOption({ label: invitee.role });
  await visitor.screen(`${shot}-invite`);
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await waitForToast(page, `Invitation sent to ${invitee.email}.`);
  await visitor.screen(`${shot}-invited`);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
}

/**
 * Starts impersonating the workspace of a dashboard row with `reason`, through its
 * "Impersonate" dialog, and waits for the target's dashboard at `destination`.
 */
export async function impersonateRow(
  visitor: Visitor,
  row: { table: string; workspace: string },
  reason: string,
  destination: string,
  shot: string,
): Promise<void> {
  const { page } = visitor;
  await workspaceRow(page, row.table, row.workspace)
    .getByRole('button', { name: `Impersonate ${row.workspace}` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Impersonate ${row.workspace}` });
  await dialog.getByLabel('Reason').fill(reason);
  await visitor.screen(`${shot}-reason`);
  await dialog.getByRole('button', { name: 'Start impersonation' }).click();
  await visitor.arriveAt(destination);
  await page.getByRole('region', { name: 'Impersonation' }).waitFor();
}

/** Stops impersonating from the banner and waits for the actor's own dashboard. */
export async function stopImpersonating(visitor: Visitor, destination: string): Promise<void> {
  const { page } = visitor;
  const banner = page.getByRole('region', { name: 'Impersonation' });
  await banner.getByRole('button', { name: 'Stop impersonating' }).click();
  await visitor.arriveAt(destination);
  await banner.waitFor({ state: 'detached' });
}

/** The text of the names in the main navigation, in order. */
export function navigationLinks(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
}

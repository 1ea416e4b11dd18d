import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { insertRow } from './support/rows';
import { memberContext, memberNamed, userIdOf } from './support/tenant-fixture';
import { asService, attempt, inRolledBackWorkspace, summarize } from './support/transactions';

// ai_jobs move only forward (queued -> running -> succeeded | failed; queued | running ->
// canceled; terminal states are final), and each move appends to ai_job_state_transitions.

const rls = setupRlsDatabase();

const STATES = ['queued', 'running', 'succeeded', 'failed', 'canceled'] as const;
type JobState = (typeof STATES)[number];
const LEGAL: Record<JobState, readonly JobState[]> = {
  queued: ['running', 'canceled'],
  running: ['succeeded', 'failed', 'canceled'],
  succeeded: [],
  failed: [],
  canceled: [],
};
/** How a job created queued reaches each state by legal moves. */
const PATH: Record<JobState, readonly JobState[]> = {
  queued: [],
  running: ['running'],
  succeeded: ['running', 'succeeded'],
  failed: ['running', 'failed'],
  canceled: ['canceled'],
};

// business_admin holds ai.orchestration.manage in its business.
const member = memberNamed('A1.business_admin');

describe('ai_jobs state moves by a member with ai.orchestration.manage', () => {
  const moves = STATES.flatMap((from) =>
    STATES.filter((to) => to !== from).map((to) => ({ from, to })),
  );

  it.each(moves)('$from -> $to', async ({ from, to }) => {
    const result = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, member),
      async (tx) => {
        const jobId = await asService(tx, async (svc) => {
          const id = await insertRow(svc, 'ai_jobs', {
            workspace_id: rls.fixture.workspaceIds.A1,
            job_type: 'rls_probe',
          });
          for (const state of PATH[from])
            await svc.query('update public.ai_jobs set state = $1 where id = $2', [state, id]);
          return id;
        });
        const move = await attempt(tx, 'update public.ai_jobs set state = $1 where id = $2', [
          to,
          jobId,
        ]);
        // now() is the transaction's start, so every move here shares one transitioned_at:
        // compare the history as a set of moves.
        const { rows } = await tx.query<{ move: string }>(
          `select coalesce(from_state, 'created') || '>' || to_state || ':' || coalesce(actor_user_id::text, 'system') as move
           from public.ai_job_state_transitions where ai_job_id = $1`,
          [jobId],
        );
        return { move: summarize(move, true), history: rows.map((row) => row.move).sort() };
      },
    );
    const legal = LEGAL[from].includes(to);
    const moves = [...PATH[from], ...(legal ? [to] : [])];
    const history = moves.map(
      (state, index) => `${index === 0 ? 'queued' : moves[index - 1]}>${state}`,
    );
    // Setup runs in the member's transaction, so its claims name the actor of every move.
    const actor = userIdOf(rls.fixture, member);
    const expected = ['created>queued', ...history].map((move) => `${move}:${actor}`);
    // 23514: check_violation with AI_JOB_INVALID_STATE.
    expect(result).toStrictEqual({ move: legal ? 'ok:1' : '23514', history: expected.sort() });
  });

  it('a job is created queued, recorded with its creator', async () => {
    const result = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, member),
      async (tx) => {
        const running = summarize(
          await attempt(
            tx,
            "insert into public.ai_jobs (workspace_id, job_type, state) values ($1, 'rls_probe', 'running')",
            [rls.fixture.workspaceIds.A1],
          ),
        );
        await tx.query(
          "insert into public.ai_jobs (workspace_id, job_type) values ($1, 'rls_probe_created')",
          [rls.fixture.workspaceIds.A1],
        );
        const { rows } = await tx.query(
          `select t.from_state, t.to_state, t.actor_user_id from public.ai_job_state_transitions t
           join public.ai_jobs j on j.id = t.ai_job_id where j.job_type = 'rls_probe_created'`,
        );
        return { running, history: rows };
      },
    );
    expect(result).toStrictEqual({
      running: '23514',
      history: [
        { from_state: null, to_state: 'queued', actor_user_id: userIdOf(rls.fixture, member) },
      ],
    });
  });

  it('request code cannot write the history itself', async () => {
    const outcome = await inRolledBackWorkspace(
      rls.test.db,
      memberContext(rls.fixture, member),
      async (tx) => {
        const jobId = await asService(tx, (svc) =>
          insertRow(svc, 'ai_jobs', {
            workspace_id: rls.fixture.workspaceIds.A1,
            job_type: 'rls_probe',
          }),
        );
        return attempt(
          tx,
          "insert into public.ai_job_state_transitions (ai_job_id, workspace_id, to_state) values ($1, $2, 'succeeded')",
          [jobId, rls.fixture.workspaceIds.A1],
        );
      },
    );
    expect(summarize(outcome)).toBe('42501');
  });
});

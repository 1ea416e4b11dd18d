/** How long a set of concurrent producers took, and how many steps they ran. */
export interface ProducersRun {
  steps: number;
  seconds: number;
  perSecond: number;
  /** When the first step started and the last one ended (`Date.now()` ms). */
  startedAt: number;
  endedAt: number;
}

/**
 * Runs `producers` loops at once, each calling `step(producer, index)` `perProducer` times in
 * sequence (index 0..perProducer-1), and times them from the first start to the last end.
 */
export async function runProducers(
  producers: number,
  perProducer: number,
  step: (producer: number, index: number) => Promise<unknown>,
): Promise<ProducersRun> {
  const startedAt = Date.now();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: producers }, async (_, producer) => {
      for (let index = 0; index < perProducer; index += 1) await step(producer, index);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const steps = producers * perProducer;
  return { steps, seconds, perSecond: steps / seconds, startedAt, endedAt: Date.now() };
}

/** One delivered event as the receiver saw it: its stream and its position there. */
export interface Arrival {
  stream: string;
  sequence: bigint;
}

/** How one stream arrived, against the expected positions 1..expected. */
export interface StreamOrder {
  stream: string;
  arrived: number;
  /** Arrivals of a position already seen (at-least-once duplicates). */
  duplicates: number;
  /** Arrivals of a position lower than one already seen (out of order). */
  reordered: number;
  /** Positions of 1..expected that never arrived. */
  missing: number;
}

/** Whether every stream arrived exactly 1, 2, ..., expected, and each stream's counts. */
export interface OrderCheck {
  pass: boolean;
  streams: StreamOrder[];
}

/**
 * Checks arrivals (in arrival order) stream by stream: PASS only when each of `streams`
 * received positions 1..`expected`, each once, in increasing order (no gap, no duplicate, no
 * reordering).
 */
export function checkStreamOrder(
  arrivals: readonly Arrival[],
  streams: readonly string[],
  expected: number,
): OrderCheck {
  const byStream = new Map<string, bigint[]>(streams.map((stream) => [stream, []]));
  for (const arrival of arrivals) byStream.get(arrival.stream)?.push(arrival.sequence);
  const checked = streams.map((stream): StreamOrder => {
    const seen = new Set<bigint>();
    let highest = 0n;
    let duplicates = 0;
    let reordered = 0;
    const sequences = byStream.get(stream) ?? [];
    for (const sequence of sequences) {
      if (seen.has(sequence)) duplicates += 1;
      else if (sequence < highest) reordered += 1;
      seen.add(sequence);
      if (sequence > highest) highest = sequence;
    }
    let missing = 0;
    for (let position = 1n; position <= BigInt(expected); position += 1n) {
      if (!seen.has(position)) missing += 1;
    }
    return { stream, arrived: sequences.length, duplicates, reordered, missing };
  });
  const pass = checked.every(
    (each) =>
      each.arrived === expected &&
      each.duplicates === 0 &&
      each.reordered === 0 &&
      each.missing === 0,
  );
  return { pass, streams: checked };
}

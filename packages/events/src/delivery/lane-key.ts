/**
 * A lane: the deliveries of one installation on one stream, delivered strictly in order. Its
 * key `<installation_id>/<stream>` is the NOTIFY payload of `shell_event_lanes` (migration
 * 040) and the pg-boss singletonKey that keeps one worker per lane.
 */
export interface Lane {
  installationId: string;
  stream: string;
}

/** The NOTIFY channel the outbox trigger wakes lanes on. */
export const LANES_CHANNEL = 'shell_event_lanes';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const laneKey = (lane: Lane) => `${lane.installationId}/${lane.stream}`;

/** The lane of a key, or null when it is not one (a stream may contain '/', an id may not). */
export function parseLaneKey(key: string): Lane | null {
  const slash = key.indexOf('/');
  const installationId = key.slice(0, slash);
  const stream = key.slice(slash + 1);
  if (slash < 0 || !UUID.test(installationId) || stream === '') return null;
  return { installationId, stream };
}

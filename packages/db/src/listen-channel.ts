import type { Db } from './create-db';
import {
  createChannelHub,
  type ChannelHandlers,
  type ChannelHubOptions,
  type ChannelListener,
  type ChannelSubscriptionOptions,
} from './channel-hub';

export type { ChannelHandlers, ChannelListener } from './channel-hub';

/** A hub's settings and a subscriber's, for a listener with a connection of its own. */
export type ListenChannelOptions = ChannelHubOptions & ChannelSubscriptionOptions;

/**
 * Listens to `channel` on a connection of its own: a `createChannelHub` with this one
 * subscriber, whose connection ends with `close`. A process with several listeners shares one
 * hub instead (one backend for all of them).
 */
export function listenChannel(
  db: Pick<Db, 'pool'>,
  channel: string,
  handlers: ChannelHandlers,
  options: ListenChannelOptions = {},
): ChannelListener {
  return createChannelHub(db, options).listen(channel, handlers, options);
}

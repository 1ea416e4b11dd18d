import type { ReactNode } from 'react';
import Link from 'next/link';
import { Activity, Inbox, Radio } from 'lucide-react';
import { Button, EmptyState } from '@aiconnected/ui';
import { SHELL_EVENT_NAMES } from '@aiconnected/sdk-contracts';

const STATES = {
  events: {
    icon: Activity,
    title: 'No events yet',
    text: (
      <>
        <p>
          Modules send the events they declare in <Code>events.emits</Code> of their manifest, and
          the shell records its own when a module changes or someone joins a workspace, changes role
          or leaves it. Install or enable a module to see the first ones.
        </p>
        <ShellEventList />
      </>
    ),
  },
  dead_letter: {
    icon: Inbox,
    title: 'The dead letter is empty',
    text: 'A delivery lands here when a module’s endpoint kept failing through its last attempt (8 attempts over about a day). Its stream then waits for it: retry it once the module is fixed, skip it, or replay a stream or a time range.',
  },
  subscriptions: {
    icon: Radio,
    title: 'No module here subscribes to events',
    text: (
      <>
        A module subscribes by listing event names in <Code>events.consumes</Code> of its manifest,
        with the path the shell posts them to (<Code>runtime.webhooks.eventsPath</Code>). Once it is
        installed in this workspace it shows here with its endpoint’s health.
      </>
    ),
  },
} as const;

/** A manifest field or event name inside the explanation. */
function Code({ children }: { children: ReactNode }) {
  return <code className="break-words font-mono text-[0.8125rem] text-foreground">{children}</code>;
}

/** Every event the shell records (the `shell-events` contract), each name kept whole. */
function ShellEventList() {
  return (
    <ul
      aria-label="Events the shell records"
      className="mt-3 flex flex-wrap justify-center gap-1.5"
    >
      {SHELL_EVENT_NAMES.map((name) => (
        <li key={name}>
          <code className="whitespace-nowrap rounded bg-muted px-1.5 py-0.5 font-mono text-xs text-foreground">
            {name}
          </code>
        </li>
      ))}
    </ul>
  );
}

/**
 * What an events monitor tab shows with nothing to list: what would appear there, where it
 * comes from and what to do next, with a link to the modules when the visitor manages them.
 */
export function EventsEmptyState({
  kind,
  workspaceName,
  modulesHref,
}: {
  kind: keyof typeof STATES;
  workspaceName: string;
  /** The Modules page of the workspace, when the visitor may open it. */
  modulesHref: string | null;
}) {
  const { icon, title, text } = STATES[kind];
  return (
    <EmptyState
      icon={icon}
      headingLevel={2}
      title={
        <>
          {title} <span className="font-normal text-muted-foreground">in {workspaceName}</span>
        </>
      }
      description={text}
      action={
        modulesHref && kind !== 'dead_letter' ? (
          <Button asChild variant="outline">
            <Link href={modulesHref}>Open Modules</Link>
          </Button>
        ) : null
      }
    />
  );
}

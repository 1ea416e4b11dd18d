import { Lock } from 'lucide-react';
import { Badge } from '@aiconnected/ui';
import type { ResolvedToken } from '@aiconnected/theme';

/** Who may see which workspace names: the chain of the edited workspace, root first. */
export interface SourceNames {
  workspaceId: string;
  /** workspace id -> how to name it ("the platform baseline", "Acme Agency"). */
  names: Record<string, string>;
}

/** Whether an ancestor (not the edited workspace) locked the token: it is read-only here. */
export function lockedAbove(entry: ResolvedToken, workspaceId: string): boolean {
  return entry.locked_by !== undefined && entry.locked_by !== workspaceId;
}

/** Where a token's value comes from, in words: set here, inherited from whom, or locked. */
export function SourceBadge({ entry, context }: { entry: ResolvedToken; context: SourceNames }) {
  const name = (id: string) => context.names[id] ?? 'a parent workspace';
  if (lockedAbove(entry, context.workspaceId)) {
    return (
      <Badge variant="outline" className="gap-1 font-normal">
        <Lock className="h-3 w-3" aria-hidden="true" />
        Locked by {name(entry.locked_by ?? '')}
      </Badge>
    );
  }
  if (entry.source_workspace_id === context.workspaceId) {
    return <Badge variant="secondary">Set here</Badge>;
  }
  if (entry.source_workspace_id === null) {
    return (
      <Badge variant="outline" className="font-normal">
        Default
      </Badge>
    );
  }
  return (
    <Badge variant="outline" className="font-normal">
      From {name(entry.source_workspace_id)}
    </Badge>
  );
}

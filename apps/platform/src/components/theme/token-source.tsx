import { Lock } from 'lucide-react';
import { Badge } from '@aiconnected/ui';
import type { ResolvedToken } from '@aiconnected/theme';
import { lockedAbove, workspaceName, type SourceNames } from './source-names';

/** Where a token's value comes from, in words: set here, inherited from whom, or locked. */
export function SourceBadge({ entry, context }: { entry: ResolvedToken; context: SourceNames }) {
  const name = (id: string) => workspaceName(id, context);
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

import type { WorkspaceUser } from '@aiconnected/sdk-contracts';

/** What each per-user dialog of the users table receives from its row. */
export interface RowDialogProps {
  user: WorkspaceUser;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Reports a success sentence to the table's live region (and refreshes the list). */
  onDone: (message: string) => void;
  /** Returns focus to the row's actions button when the dialog closes. */
  onCloseAutoFocus: (event: Event) => void;
}

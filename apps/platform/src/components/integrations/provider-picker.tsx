import { Button, Label, NativeSelect } from '@aiconnected/ui';

/**
 * Which provider's policy the page shows (`?provider=`): a plain GET form, so it works before
 * any script and the address is shareable; keeps the picked workspace.
 */
export function ProviderPicker({
  action,
  providers,
  selected,
  workspace,
}: {
  action: string;
  providers: { key: string; name: string }[];
  selected: string;
  /** `?workspace=` when another workspace than the active one is picked. */
  workspace: string | null;
}) {
  if (providers.length <= 1) return null;
  return (
    <form
      method="get"
      action={action}
      className="flex flex-wrap items-end gap-3"
      aria-label="Pick a provider"
    >
      {workspace ? <input type="hidden" name="workspace" value={workspace} /> : null}
      <div className="grid w-full gap-1.5 sm:w-64">
        <Label htmlFor="policy-provider">Provider</Label>
        <NativeSelect id="policy-provider" name="provider" defaultValue={selected}>
          {providers.map((provider) => (
            <option key={provider.key} value={provider.key}>
              {provider.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" variant="outline">
        Show policy
      </Button>
    </form>
  );
}

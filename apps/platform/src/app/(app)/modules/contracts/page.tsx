import type { Metadata } from 'next';
import {
  SHELL_SDK_CONTRACT_VERSION,
  type SDKCompatibility,
  type SDKContractVersionList,
} from '@aiconnected/sdk-contracts';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { PhoneReveal } from '@/components/phone-disclosure';
import {
  CompatibilityList,
  type ModuleCompatibility,
} from '@/components/sdk-contracts/compatibility-list';
import { ContractVersions } from '@/components/sdk-contracts/contract-versions';
import { PublishContractForm } from '@/components/sdk-contracts/publish-contract-form';
import { canOpen } from '@/lib/access';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { readModuleRegistry, readRegistryModule } from '@/lib/read-module-registry';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'SDK contracts' };

/**
 * Each module's current version: its `engines.shell` range and whether it admits this shell
 * (`GET /sdk/compatibility`, the check imports and enables use).
 */
async function readCompatibility(): Promise<ModuleCompatibility[]> {
  const current = (await readModuleRegistry()).filter((entry) => entry.is_current);
  return Promise.all(
    current.map(async (entry) => {
      const module = await readRegistryModule(entry.module_key);
      const record = module?.versions.find((version) => version.is_current);
      const range = record?.manifest.engines.shell ?? '';
      const check = await apiFetch<SDKCompatibility>(
        `/sdk/compatibility?range=${encodeURIComponent(range)}`,
      );
      return {
        module_key: entry.module_key,
        name: entry.name,
        version: entry.version,
        range,
        compatible: check.compatible,
      };
    }),
  );
}

/**
 * `/modules/contracts`: the SDK contract versions by contract (status, published at, the JSON
 * Schema), whether each registered module works with this shell, and (with settings.manage in
 * the platform workspace) a form to publish a new contract version. A phone shows each contract
 * folded to a summary line and the form behind a button; a wider screen shows everything.
 */
export default async function ContractsPage() {
  const access = await requirePageAccess('/modules/contracts');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const { subject } = access;
  const canReadRegistry = canOpen(subject, '/modules/registry');
  const read = await readForPage(async () => ({
    contracts: await apiFetch<SDKContractVersionList>('/sdk/contracts'),
    compatibility: canReadRegistry ? await readCompatibility() : null,
  }));
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const { contracts, compatibility } = read.data;
  const canPublish =
    subject.workspaceType === 'super' && subject.permissions.includes('settings.manage');
  const names = [...new Set(contracts.items.map((item) => item.contract_name))];

  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>SDK contracts</h2>
          </CardTitle>
          <CardDescription>
            The versioned contracts modules are built against: the manifest, the event envelope, the
            gateway headers and the error codes. Modules state the shell versions they work with in
            engines.shell.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <ContractVersions items={contracts.items} />
        </CardContent>
      </Card>
      {compatibility ? (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Compatibility</h2>
            </CardTitle>
            <CardDescription>
              Each registered module’s current version against this shell. An import whose
              engines.shell range leaves the shell version out is refused
              (SDK_CONTRACT_INCOMPATIBLE).
            </CardDescription>
          </CardHeader>
          <CardContent>
            <CompatibilityList shellVersion={SHELL_SDK_CONTRACT_VERSION} modules={compatibility} />
          </CardContent>
        </Card>
      ) : null}
      {canPublish ? (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Publish a contract version</h2>
            </CardTitle>
            <CardDescription>
              Versions are never rewritten: each publication adds one above the last.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <PhoneReveal label="Open the form" hideLabel="Close the form">
              <PublishContractForm contractNames={names} />
            </PhoneReveal>
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}

'use client';

import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { Lock } from 'lucide-react';
import {
  Alert,
  AlertDescription,
  Badge,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Input,
  Label,
  NativeSelect,
  Textarea,
  toast,
} from '@aiconnected/ui';
import { colorToHex, FONT_LABELS, type ResolvedTheme } from '@aiconnected/theme';
import { BRANDING_COPY_LIMITS, type LoginScreen } from '@aiconnected/sdk-contracts';
import { SaveError } from '../save-error';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';
import {
  draftOf,
  FIELD_OF,
  previewOf,
  profileOf,
  type LoginDraft,
  type LoginDraftKey,
} from './login-draft';
import { LoginScreenPreview } from './login-screen-preview';

/** A logo the page may show: the workspace's own clean logos and those it inherits. */
export interface LogoOption {
  id: string;
  label: string;
  url: string;
}

export interface LoginScreenEditorProps {
  screen: LoginScreen;
  logos: LogoOption[];
  /** The logo the sign-in page shows while none is picked (its effective sign-in logo or logo). */
  defaultLogoUrl: string | null;
  /** The workspace's effective sign-in background, behind the preview's panel. */
  backgroundUrl: string | null;
  /** The workspace's effective theme, under the preview. */
  theme: ResolvedTheme;
  /** Shown on the page of a workspace's own host (null: the platform's page). */
  name: string | null;
}

/** Where a field's value comes from, in words. */
function SourceHint({
  screen,
  draft,
  field,
}: {
  screen: LoginScreen;
  draft: LoginDraft;
  field: LoginDraftKey;
}) {
  if (draft[field].trim() !== '') return <Badge>Set here</Badge>;
  const source = screen.inherited.field_sources[FIELD_OF[field]];
  const level = screen.chain.find((link) => link.workspace_id === source);
  if (!level) return <Badge variant="outline">Default</Badge>;
  return (
    <Badge variant="secondary">
      From {level.type === 'super' ? 'the platform baseline' : level.name}
    </Badge>
  );
}

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <Label htmlFor={id}>{label}</Label>
        {hint}
      </div>
      {children}
      {error ? (
        <p id={`${id}-error`} className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const READ_ONLY_TEXT = {
  agency_policy: (agency: string) =>
    `${agency} controls the sign-in page of its businesses. Ask them to allow business customisation to change it here.`,
  missing_permission: () => 'You can see this sign-in page but not change it.',
} as const;

/**
 * The login-screen profile of one workspace (PRD §15.1): logo, colours, fonts and copy, each
 * with where its value comes from, the agency's "businesses may customise" policy, and a live
 * preview of the sign-in page in light and dark. Read-only, with the reason, when the visitor
 * may not save (a business whose agency does not allow it).
 */
export function LoginScreenEditor({
  screen,
  logos,
  defaultLogoUrl,
  backgroundUrl,
  theme,
  name,
}: LoginScreenEditorProps) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  // Someone saved after this page loaded: saving would overwrite their version.
  const [stale, setStale] = useState(false);
  const [draft, setDraft] = useState<LoginDraft>(() => draftOf(screen.own_profile));
  const [allow, setAllow] = useState(screen.allow_business_override ?? false);
  const [note, setNote] = useState('');
  const { profile, errors } = useMemo(() => profileOf(draft), [draft]);
  const preview = useMemo(() => previewOf(screen, profile), [screen, profile]);
  const readOnly = !screen.editable;
  const agency = screen.chain.find((link) => link.workspace_id === screen.policy_workspace_id);
  const self = screen.chain.at(-1);
  // As the sign-in page does: the picked logo (while it can be served), else the workspace's
  // own sign-in logo or logo.
  const pickedUrl =
    preview.logo_asset_id === undefined
      ? null
      : (logos.find((logo) => logo.id === preview.logo_asset_id)?.url ??
        (preview.logo_asset_id === screen.branding_profile.logo_asset_id ? screen.logo_url : null));
  const logoUrl = pickedUrl ?? defaultLogoUrl;

  const update = (key: LoginDraftKey) => (value: string) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const text = (key: LoginDraftKey, label: string, max: number, multiline = false) => {
    const id = `login-${key}`;
    const props = {
      id,
      value: draft[key],
      maxLength: max,
      disabled: readOnly,
      placeholder: (fieldText(screen, key) ?? '') || 'Not shown',
      'aria-invalid': errors[key] ? true : undefined,
      'aria-describedby': errors[key] ? `${id}-error` : undefined,
    };
    return (
      <Field
        id={id}
        label={label}
        hint={<SourceHint screen={screen} draft={draft} field={key} />}
        error={errors[key]}
      >
        {multiline ? (
          <Textarea {...props} rows={2} onChange={(event) => update(key)(event.target.value)} />
        ) : (
          <Input {...props} onChange={(event) => update(key)(event.target.value)} />
        )}
      </Field>
    );
  };
  const colour = (key: 'primary' | 'secondary', label: string) => {
    const id = `login-${key}`;
    const shown = profile.colors?.[key] ?? screen.inherited.branding_profile.colors?.[key];
    // Unset everywhere: the page (and the preview) use the theme's colour; the swatch shows it.
    const inUse = shown ?? theme.light[key].value;
    return (
      <Field
        id={id}
        label={label}
        hint={<SourceHint screen={screen} draft={draft} field={key} />}
        error={errors[key]}
      >
        <div className="flex items-center gap-2">
          <input
            type="color"
            value={colorToHex(inUse) ?? '#000000'}
            disabled={readOnly}
            aria-label={`${label}, colour picker`}
            onChange={(event) => update(key)(event.target.value)}
            className="h-9 w-10 shrink-0 cursor-pointer rounded-md border border-input bg-background p-1 disabled:cursor-not-allowed disabled:opacity-50"
          />
          <Input
            id={id}
            value={draft[key]}
            disabled={readOnly}
            spellCheck={false}
            autoComplete="off"
            placeholder={shown ?? 'The theme’s colour'}
            aria-invalid={errors[key] ? true : undefined}
            aria-describedby={errors[key] ? `${id}-error` : undefined}
            onChange={(event) => update(key)(event.target.value)}
            className="font-mono"
          />
        </div>
      </Field>
    );
  };
  const font = (key: 'heading_font' | 'body_font', label: string) => (
    <Field
      id={`login-${key}`}
      label={label}
      hint={<SourceHint screen={screen} draft={draft} field={key} />}
    >
      <NativeSelect
        id={`login-${key}`}
        value={draft[key]}
        disabled={readOnly}
        onChange={(event) => update(key)(event.target.value)}
      >
        <option value="">Inherit ({fieldText(screen, key) ?? 'the theme’s font'})</option>
        {FONT_LABELS.map((label) => (
          <option key={label} value={label}>
            {label}
          </option>
        ))}
      </NativeSelect>
    </Field>
  );

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run<LoginScreen>('/branding/login-screen', {
      method: 'PUT',
      body: {
        workspace_id: screen.workspace_id,
        branding_profile: profile,
        ...(self?.type === 'agency' ? { allow_business_override: allow } : {}),
        ...(note.trim() === '' ? {} : { change_note: note }),
        base_version: screen.version,
      },
    });
    setStale(!result.ok && result.code === 'CONFLICT');
    if (!result.ok) return;
    toast.success(`Sign-in page saved (version ${result.data.version})`);
    setNote('');
    router.refresh();
  }

  const blocked = Object.keys(errors).length > 0;
  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_minmax(0,1.2fr)]">
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Sign-in page</h2>
          </CardTitle>
          <CardDescription>
            What people see before they sign in on {name ? `${name}’s` : 'the platform’s'}{' '}
            addresses. Empty fields use the value shown as their source.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {readOnly ? (
            <Alert className="mb-4">
              <Lock className="h-4 w-4" aria-hidden="true" />
              {/* Not AlertTitle's h5: under this card's h2 it would skip heading levels. */}
              <p className="mb-1 font-medium leading-none tracking-tight">Read only</p>
              <AlertDescription>
                {screen.read_only_reason === 'agency_policy'
                  ? READ_ONLY_TEXT.agency_policy(agency?.name ?? 'Your agency')
                  : READ_ONLY_TEXT.missing_permission()}
              </AlertDescription>
            </Alert>
          ) : null}
          <form onSubmit={(event) => void save(event)} className="space-y-6">
            <fieldset disabled={readOnly} className="space-y-4">
              <legend className="text-sm font-semibold">Logo and colours</legend>
              <Field
                id="login-logo"
                label="Logo"
                hint={<SourceHint screen={screen} draft={draft} field="logo" />}
              >
                <NativeSelect
                  id="login-logo"
                  value={draft.logo}
                  onChange={(event) => update('logo')(event.target.value)}
                >
                  <option value="">
                    {screen.inherited.branding_profile.logo_asset_id
                      ? 'Inherit the logo shown above'
                      : defaultLogoUrl
                        ? 'The logo in use'
                        : 'No logo (the name is shown)'}
                  </option>
                  {logos.map((logo) => (
                    <option key={logo.id} value={logo.id}>
                      {logo.label}
                    </option>
                  ))}
                </NativeSelect>
                {logos.length === 0 ? (
                  <p className="text-sm text-muted-foreground">
                    No logo uploaded yet: add one under Logos, then pick it here.
                  </p>
                ) : null}
              </Field>
              {/* One column beside the preview (xl): a colour's channels would be cut off. */}
              <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-1">
                {colour('primary', 'Primary colour')}
                {colour('secondary', 'Panel colour')}
              </div>
              <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-1">
                {font('heading_font', 'Headline font')}
                {font('body_font', 'Text font')}
              </div>
            </fieldset>
            <fieldset disabled={readOnly} className="space-y-4">
              <legend className="text-sm font-semibold">Text</legend>
              {text('headline', 'Headline', BRANDING_COPY_LIMITS.headline)}
              {text('subheadline', 'Sub-headline', BRANDING_COPY_LIMITS.subheadline, true)}
              {text('footer', 'Footer', BRANDING_COPY_LIMITS.footer, true)}
              <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-1">
                {text('support_text', 'Support link text', 80)}
                {text('support_url', 'Support link address (https: or mailto:)', 2048)}
              </div>
            </fieldset>
            {self?.type === 'agency' ? (
              <fieldset disabled={readOnly} className="space-y-2">
                <legend className="text-sm font-semibold">Businesses</legend>
                <div className="flex items-start gap-3">
                  <input
                    id="login-allow-business"
                    type="checkbox"
                    checked={allow}
                    onChange={(event) => setAllow(event.target.checked)}
                    className="mt-1 h-4 w-4 accent-primary"
                  />
                  <Label htmlFor="login-allow-business" className="font-normal leading-snug">
                    Businesses may customise their own sign-in page (otherwise they show this one)
                  </Label>
                </div>
              </fieldset>
            ) : null}
            {readOnly ? null : (
              <div className="space-y-4">
                <Field id="login-note" label="Change note (optional)" hint={null}>
                  <Input
                    id="login-note"
                    value={note}
                    maxLength={1000}
                    onChange={(event) => setNote(event.target.value)}
                  />
                </Field>
                <SubmitButton pending={pending} disabled={blocked}>
                  Save sign-in page
                </SubmitButton>
                {blocked ? (
                  <p className="text-sm text-muted-foreground">
                    Fix the fields marked above first.
                  </p>
                ) : null}
                <SaveError message={error} stale={stale} />
              </div>
            )}
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Preview</h2>
          </CardTitle>
          <CardDescription>
            The sign-in page with your changes, before you save.{' '}
            {screen.version > 0
              ? `Version ${screen.version} is live.`
              : 'Nothing saved here yet: the page shows what it inherits.'}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <LoginScreenPreview
            profile={preview}
            name={name}
            logoUrl={logoUrl}
            backgroundUrl={backgroundUrl}
            theme={theme}
          />
        </CardContent>
      </Card>
    </div>
  );
}

/** The inherited value of a text or font field, for its placeholder. */
function fieldText(screen: LoginScreen, key: LoginDraftKey): string | undefined {
  const inherited = screen.inherited.branding_profile;
  switch (key) {
    case 'headline':
    case 'subheadline':
    case 'footer':
      return inherited.copy?.[key];
    case 'heading_font':
    case 'body_font':
      return inherited.typography?.[key];
    case 'support_text':
      return inherited.support_link?.text;
    case 'support_url':
      return inherited.support_link?.url;
    default:
      return undefined;
  }
}

import { z } from 'zod';

// Colours and fonts end up in server-emitted CSS, so only shapes that cannot break out of a
// declaration are accepted: hex colours or colour functions over numbers, and font stacks of
// unquoted family names.
const COLOR_PATTERN =
  /^(?:#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|(?:oklch|oklab|hsl|hsla|rgb|rgba)\([0-9.%\s,/+-]+\))$/;
const FONT_STACK_PATTERN = /^[A-Za-z][A-Za-z0-9 -]*(?:,\s*[A-Za-z][A-Za-z0-9 -]*)*$/;

const colorSchema = z
  .string()
  .max(64)
  .regex(COLOR_PATTERN, 'Must be a hex colour or an oklch()/hsl()/rgb() colour')
  .meta({ description: 'CSS colour: #rrggbb or oklch()/hsl()/rgb()' });

const fontStackSchema = z
  .string()
  .max(200)
  .regex(FONT_STACK_PATTERN, 'Must be a comma-separated list of unquoted font family names')
  .meta({ description: 'Font stack, e.g. Inter, sans-serif' });

/** The text slots of the login screen a workspace may rewrite (PRD §15.1 "allowed copy slots"). */
export const BRANDING_COPY_SLOTS = [
  'headline',
  'subheadline',
  'sign_in_button',
  'footer',
  'support',
] as const;

/**
 * The login-screen branding of a workspace (PRD §15.1). Every field is optional: an absent
 * field inherits from the parent scope (super -> agency -> business), so the same shape holds
 * a stored override and a resolved profile. Copy is plain text, never HTML.
 */
export const brandingProfileSchema = z
  .strictObject({
    logo_asset_id: z.uuid().optional().meta({ description: 'Active logo in branding_assets' }),
    colors: z
      .strictObject({ primary: colorSchema.optional(), secondary: colorSchema.optional() })
      .optional(),
    typography: z
      .strictObject({
        heading_font: fontStackSchema.optional(),
        body_font: fontStackSchema.optional(),
      })
      .optional(),
    copy: z
      .partialRecord(z.enum(BRANDING_COPY_SLOTS), z.string().min(1).max(300))
      .optional()
      .meta({ description: 'Plain-text login copy by slot' }),
  })
  .meta({ id: 'BrandingProfile', description: 'Login-screen branding of a workspace (PRD §15.1)' });
export type BrandingProfile = z.infer<typeof brandingProfileSchema>;

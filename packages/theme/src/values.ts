import { clampRgb, converter, formatHex, getMode, parse, type Color } from 'culori';
import { fontLabelOf } from './fonts';
import { isModeToken, type ThemeToken } from './tokens';

/**
 * Value checks and normalisation. Every stored or emitted value is rebuilt from numbers
 * (colours as HSL channels, lengths as number + unit, fonts as catalogue labels), so whatever a
 * person typed can never reach the CSS as written.
 */

export type Normalized = { ok: true; value: string } | { ok: false; message: string };

const MAX_INPUT = 200;
const toHsl = converter('hsl');
const toRgb = converter('rgb');

/** Tailwind v3 / TweakCN bare HSL channels: `222.2 47.4% 11.2%` (hue may carry `deg`). */
const HSL_CHANNELS = /^(-?\d*\.?\d+)(?:deg)?\s+(\d*\.?\d+)%\s+(\d*\.?\d+)%$/;

const round = (n: number, digits: number) => {
  const f = 10 ** digits;
  const r = Math.round(n * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

/** Parses any CSS colour culori knows, plus bare HSL channels; undefined when it is none. */
export function parseColor(value: string): Color | undefined {
  const text = value.trim();
  if (text.length === 0 || text.length > MAX_INPUT) return undefined;
  const channels = HSL_CHANNELS.exec(text);
  if (channels) {
    return {
      mode: 'hsl',
      h: Number(channels[1]),
      s: Number(channels[2]) / 100,
      l: Number(channels[3]) / 100,
    };
  }
  try {
    return parse(text);
  } catch {
    // culori throws on some malformed functions (`A(0A`): not a colour either.
    return undefined;
  }
}

/** `#rrggbb` of a colour (for `<input type="color">`), or null when it is not one. */
export function colorToHex(value: string): string | null {
  const color = parseColor(value);
  return color ? formatHex(clampRgb(toRgb(color))) : null;
}

const COLOR_HELP =
  'Must be a CSS colour such as #1d4ed8, rgb(29 78 216), hsl(224 76% 48%), oklch(0.49 0.22 264), a colour name, or HSL channels like 224 76% 48%';

/** A colour as Tailwind v3 HSL channels (`H S% L%`, one decimal). */
export function normalizeColor(value: string): Normalized {
  const color = parseColor(value);
  if (!color) return { ok: false, message: COLOR_HELP };
  // culori drops a `none` channel (even alpha), so the word itself is refused.
  if (/\bnone\b/i.test(value) || !hasEveryChannel(color)) {
    return { ok: false, message: COLOR_CHANNELS };
  }
  if (color.alpha !== undefined && color.alpha < 1) {
    return {
      ok: false,
      message: 'Must be an opaque colour: theme colours are HSL channels without transparency',
    };
  }
  const hsl = toHsl(color.mode === 'hsl' ? color : clampRgb(toRgb(color)));
  // A grey has no hue (undefined: 0); anything else not a finite number cannot be stored.
  if (![hsl.h ?? 0, hsl.s ?? 0, hsl.l].every(Number.isFinite)) {
    return { ok: false, message: COLOR_CHANNELS };
  }
  const h = round((((hsl.h ?? 0) % 360) + 360) % 360, 1) % 360;
  const s = round(Math.min(1, Math.max(0, hsl.s ?? 0)) * 100, 1);
  const l = round(Math.min(1, Math.max(0, hsl.l)) * 100, 1);
  return { ok: true, value: `${h} ${s}% ${l}%` };
}

const COLOR_CHANNELS =
  'Must give every channel of the colour as a finite number (no `none`, no out-of-range exponents such as 1e400)';

/**
 * Every channel of the colour's own space is a finite number, and so is its alpha when given:
 * culori leaves a `none` channel out and reads `1e400` as Infinity, which would be stored as NaN.
 */
function hasEveryChannel(color: Color): boolean {
  const channels = getMode(color.mode).channels.filter((channel) => channel !== 'alpha');
  const values = color as unknown as Record<string, unknown>;
  const finite = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
  return (
    channels.every((channel) => finite(values[channel])) &&
    (color.alpha === undefined || finite(color.alpha))
  );
}

/**
 * `normalizeColor`'s value for a colour known to be valid (a constant, a test's fixture): what
 * the engine stores and emits for it. Throws the engine's message for one that is not.
 */
export function normalColor(value: string): string {
  const normal = normalizeColor(value);
  if (!normal.ok) throw new Error(normal.message);
  return normal.value;
}

interface LengthRule {
  units: Partial<Record<'px' | 'rem' | 'em', [min: number, max: number]>>;
  /** Unit given to a bare `0`. */
  zero: 'px' | 'rem' | 'em';
}

const RADIUS: LengthRule = { units: { rem: [0, 3], px: [0, 48], em: [0, 3] }, zero: 'rem' };
const SHADOW_OFFSET: LengthRule = { units: { px: [-50, 50] }, zero: 'px' };

const LENGTHS: Partial<Record<ThemeToken, LengthRule>> = {
  radius: RADIUS,
  'site-radius': RADIUS,
  spacing: { units: { rem: [0.125, 0.5], px: [2, 8] }, zero: 'rem' },
  'letter-spacing': { units: { em: [-0.1, 0.25] }, zero: 'em' },
  'shadow-blur': { units: { px: [0, 100] }, zero: 'px' },
  'shadow-spread': SHADOW_OFFSET,
  'shadow-offset-x': SHADOW_OFFSET,
  'shadow-offset-y': SHADOW_OFFSET,
};

const LENGTH_PATTERN = /^(-?\d*\.?\d+)(px|rem|em)?$/;

function normalizeLength(value: string, rule: LengthRule): Normalized {
  const allowed = Object.entries(rule.units)
    .map(([unit, [min, max]]) => `${min}${unit} to ${max}${unit}`)
    .join(', or ');
  const match = LENGTH_PATTERN.exec(value.trim());
  const amount = match ? Number(match[1]) : NaN;
  const unit = (match?.[2] ?? (amount === 0 ? rule.zero : undefined)) as
    keyof LengthRule['units'] | undefined;
  const bounds = unit ? rule.units[unit] : undefined;
  if (!match || !bounds || !Number.isFinite(amount)) {
    return { ok: false, message: `Must be a length from ${allowed}` };
  }
  if (amount < bounds[0] || amount > bounds[1]) {
    return { ok: false, message: `Must be between ${bounds[0]}${unit} and ${bounds[1]}${unit}` };
  }
  return { ok: true, value: `${round(amount, 4)}${unit}` };
}

function normalizeOpacity(value: string): Normalized {
  const text = value.trim();
  const amount = /^\d*\.?\d+$/.test(text) ? Number(text) : NaN;
  if (!(amount >= 0 && amount <= 1)) return { ok: false, message: 'Must be a number from 0 to 1' };
  return { ok: true, value: String(round(amount, 3)) };
}

const FONT_TOKENS: ReadonlySet<ThemeToken> = new Set([
  'font-sans',
  'font-serif',
  'font-mono',
  'site-font',
]);

function normalizeFont(value: string): Normalized {
  const label = fontLabelOf(value);
  if (!label) {
    return {
      ok: false,
      message:
        'Must be one of the self-hosted fonts (Inter, Geist, Roboto, Lora, JetBrains Mono, ...) or System Sans / System Serif / System Mono',
    };
  }
  return { ok: true, value: label };
}

/** Checks one token's value and returns its normal form, or a message a person can act on. */
export function normalizeTokenValue(token: ThemeToken, value: string): Normalized {
  if (typeof value !== 'string' || value.length > MAX_INPUT) {
    return { ok: false, message: `Must be text of at most ${MAX_INPUT} characters` };
  }
  if (isModeToken(token)) return normalizeColor(value);
  if (FONT_TOKENS.has(token)) return normalizeFont(value);
  if (token === 'shadow-opacity') return normalizeOpacity(value);
  const rule = LENGTHS[token];
  if (rule) return normalizeLength(value, rule);
  return { ok: false, message: 'Unknown token' };
}

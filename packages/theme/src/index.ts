/**
 * @aiconnected/theme: the theme engine (PRD §15). Pure: no database and no Node-only APIs, so
 * the browser editor (live preview) and the server (validation, emission) share it.
 */
export * from './tokens';
export * from './fonts';
export {
  colorToHex,
  normalColor,
  normalizeColor,
  normalizeTokenValue,
  parseColor,
  type Normalized,
} from './values';
export * from './schema';
export * from './defaults';
export * from './resolve';
export * from './contrast';
export * from './css';
export * from './parse-css';

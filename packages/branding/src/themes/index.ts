export { getEffectiveTheme, type GetEffectiveThemeInput } from './get-effective-theme';
export { saveTheme, type SaveThemeInput } from './save-theme';
export { rollbackTheme, type RollbackThemeInput } from './rollback-theme';
export { listThemeVersions, type ListThemeVersionsInput } from './list-theme-versions';
export { exportThemeCss, type ExportThemeCssInput } from './export-theme-css';
export {
  createThemeCssCache,
  THEME_CHANGED_CHANNEL,
  type ThemeCssCache,
  type ThemeCssCacheOptions,
} from './create-theme-css-cache';
export { readThemeChain, callThemeChain, type ThemeChainRow } from './read-theme-chain';

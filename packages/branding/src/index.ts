// White-label services (PRD §15.1): each folder's API.
export * from './assets';
export * from './domains';
export * from './login-screens';
export * from './themes';
export type { BackgroundRounds } from './start-background-rounds';

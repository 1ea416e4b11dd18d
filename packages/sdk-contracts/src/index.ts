export * from './workspace-context';

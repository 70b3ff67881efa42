export * from './enums.ts';
export * from './limits.ts';
export * from './password.ts';
export * from './text.ts';
export * from './workflow.ts';
export * from './home.ts';
export * from './projects.ts';
export * from './rhythm.ts';

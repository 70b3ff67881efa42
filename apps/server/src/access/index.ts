export * from './actor.ts';
export * from './scope.ts';

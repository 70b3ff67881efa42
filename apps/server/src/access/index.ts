export * from './actor.ts';
export * from './scope.ts';
export * from './unit-actors.ts';

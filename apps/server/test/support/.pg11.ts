import { startThrowawayPostgres } from './throwaway-postgres.ts';
const pg = await startThrowawayPostgres();
console.log(`URL ${pg.url}`);
process.on('SIGTERM', () => { pg.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);

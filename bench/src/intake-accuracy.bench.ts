import { fileURLToPath } from 'node:url';
import type { Engine } from '../../apps/server/src/db/database.ts';
import { scoreDevSet } from '../../apps/server/src/directives/intake-accuracy.ts';
import type { Scale } from '../../apps/server/src/seed/generate.ts';
import { emit } from './lib.ts';

const DEV = process.env.LUOSHI_DEV_CORPUS_DIR ?? fileURLToPath(new URL('../../../shared/corpus/dev/', import.meta.url));

/**
 * Issue 14's figures: the parser's F1, precision and recall per field on the development set
 * (../shared/corpus/dev), scored by the set's own scorer, plus the tasks' lead units, co-units and
 * deadlines. The parser runs without a database, so the figures do not depend on the engine.
 */
export async function runIntakeAccuracyBench(engine: Engine, scale: Scale): Promise<void> {
  const { fields } = await scoreDevSet(DEV);
  for (const [field, s] of Object.entries(fields)) {
    emit({ bench: 'intake-accuracy', metric: `${field}_f1`, value: s.f1, unit: 'F1', engine, scale });
    emit({ bench: 'intake-accuracy', metric: `${field}_precision`, value: s.p, unit: 'ratio', engine, scale });
    emit({ bench: 'intake-accuracy', metric: `${field}_recall`, value: s.r, unit: 'ratio', engine, scale });
  }
}

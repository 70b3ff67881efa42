export { parseDocument, parseCleaned, type ParseOptions } from './parse.ts';
export { cleanDocument, findLostCharacters } from './clean.ts';
export { decodeText, type TextEncodingName } from './decode.ts';
export { htmlToText } from './html.ts';
export { formatOutline } from './outline.ts';
export { normalizeForMatch, detectScript } from './convert.ts';
export { parseChineseNumber } from './numbers.ts';
export { isLeadInClause } from './units.ts';
export type {
  ParsedDocument,
  Heading,
  TaskItem,
  SetAsideItem,
  NonTaskReason,
  Figure,
  FigureWhy,
  NameWhy,
  Statistic,
  Cadence,
  CadencePeriod,
  Comparator,
  Script,
  CleanedDocument,
  RemovedSpan,
  DocumentMeta,
} from './types.ts';

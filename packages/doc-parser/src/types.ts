/** Writing system of a document. */
export type Script = 'simplified' | 'traditional' | 'mixed';

/** A numbered heading or lead-in (一、 / （一） / 1. / 一是 …). */
export interface Heading {
  level: number;
  /** The marker with its punctuation, e.g. "第一,", "（二）", "一是". */
  marker: string;
  /** From after the marker (and any spaces) to its first 。；：？！ or the end of the line. */
  text: string;
  /** Offset of the marker in the cleaned text. */
  offset: number;
}

/** A deployment sentence (要……、加快……) with its owners and deadline. */
export interface TaskItem {
  text: string;
  /** Texts (without markers) of the enclosing headings, outermost first. */
  headingPath: string[];
  leadUnits: string[];
  coUnits: string[];
  /** The literal deadline phrase, e.g. "年底前", "2024年6月30日前", "长期坚持". */
  deadline: string | null;
  offset: number;
}

/** Why a sentence that reads like a deployment was set aside: it assigns nothing. */
export type NonTaskReason = 'quote' | 'rhetoric' | 'framing' | 'transmittal' | 'preamble' | 'description' | 'result';

/** A deployment-like sentence left out of `tasks`, kept so a reviewer can bring it back. */
export interface SetAsideItem extends TaskItem {
  reason: NonTaskReason;
}

/** Comparison a figure states: at least, at most or about. */
export type Comparator = '>=' | '<=' | '=';

/** Why a figure was read as a target or a statistic: the deciding rule and the words that triggered it. */
export interface FigureWhy {
  /**
   * present: a present-state clause (现有); clause-past / clause-future: the figure's own clause overturned its
   * section; document / section: the plan's kind or the section heading; marker-before / marker-after: the
   * nearest tense marker; dated: a sentence opening with a year; bound: 不少于 …; directive: a command with no
   * marker; record: a plain statement with no marker; corrected: a person moved it here.
   */
  rule: 'present' | 'clause-past' | 'clause-future' | 'document' | 'section' | 'marker-before' | 'marker-after' | 'dated' | 'bound' | 'directive' | 'record' | 'corrected';
  /** The words that decided (力争, 去年, the section heading, 分工), as written; null when none did. */
  cue: string | null;
}

/** A forward-looking figure. */
export interface Figure {
  subject: string | null;
  value: number;
  unit: string | null;
  comparator: Comparator;
  /** The clause the figure sits in. */
  text: string;
  offset: number;
  /** Why it was read as a target or a statistic (absent on figures stored before the parser said). */
  why?: FigureWhy;
}

/** A figure about the present or the past, with the entity it describes. */
export interface Statistic extends Figure {
  entity: string | null;
}

/** Length of the period of a recurring rhythm. */
export type CadencePeriod = 'week' | 'two-weeks' | 'month' | 'two-months' | 'quarter' | 'half-year' | 'year';

/** A recurring working rhythm such as 一月一通报. */
export interface Cadence {
  text: string;
  period: CadencePeriod;
  action: string;
}

/** Why a name was taken: the rule that found it and the words it keyed on. */
export interface NameWhy {
  /**
   * People — title: after a title (书记, 局长, 记者); listed: in a list after a titled name; comrade: before 同志.
   * Places — gazetteer: a division or region on the national list; area: 鲁西-style; suffix: a zone, park or
   * town by its ending; zone: a bare 高新区. Bodies — national; level-body: a level and a body (市委, 县发改局);
   * place-body: a place and a body; suffix: a named body by its ending (…公司, …科).
   */
  rule: 'title' | 'listed' | 'comrade' | 'gazetteer' | 'area' | 'suffix' | 'zone' | 'national' | 'level-body' | 'place-body';
  cue: string | null;
}

/** The structure parsed out of one document. */
export interface ParsedDocument {
  title: string | null;
  date: string | null;
  source: string | null;
  script: Script;
  headings: Heading[];
  tasks: TaskItem[];
  targets: Figure[];
  statistics: Statistic[];
  formulations: string[];
  cadences: Cadence[];
  people: string[];
  places: string[];
  organizations: string[];
  /** Why each name in people, places and organizations was taken. */
  explain: { people: Record<string, NameWhy>; places: Record<string, NameWhy>; organizations: Record<string, NameWhy> };
  /** Deployment-like sentences that assign nothing (quotes, rhetoric, the speech's framing …), in order. */
  setAside: SetAsideItem[];
}

/** A span of the input dropped by cleaning. Offsets are into the original input. */
export interface RemovedSpan {
  start: number;
  end: number;
  reason: string;
}

/** Document metadata recovered from web noise. */
export interface DocumentMeta {
  title: string | null;
  date: string | null;
  source: string | null;
}

/** Result of cleanDocument. */
export interface CleanedDocument {
  text: string;
  removed: RemovedSpan[];
  flags: { lostCharacters: number[] };
  meta: DocumentMeta;
}

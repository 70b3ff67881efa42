/** Limits shared by server validation and the web forms. */
export const LIMITS = {
  pageSizeDefault: 20,
  pageSizeMax: 200,
  nameMax: 100,
  codeMax: 50,
  usernameMin: 3,
  usernameMax: 50,
  passwordMin: 8,
  passwordMax: 128,
  importRowsMax: 20000,
  uploadBytesMax: 20 * 1024 * 1024,
  /** Every date a person enters lies in these years (a deadline in year 50 is a typing slip, not a plan). */
  dateYearMin: 1900,
  dateYearMax: 2200,
} as const;

/** The zone a tenant's dates and times are in (working days, deadlines, every time shown). */
export const TENANT_TIME_ZONE = 'Asia/Shanghai';

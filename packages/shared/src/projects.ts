/** A key project's monthly report as filed (POST /api/projects/:id/reports); amounts in 万元. */
export interface ProjectReportInput {
  /** YYYY-MM */
  period: string;
  invested: number;
  progress: string;
  nextPlan?: string | undefined;
  /** Problems needing coordination, one description each. */
  problems?: string[] | undefined;
  /** Photos and files of progress on site, uploaded first (POST /api/attachments). */
  attachmentIds?: string[] | undefined;
}

/** GET /console/api/townships/:townshipId/audit?before=<id>&action=<prefix> */
export interface AuditRowView {
  id: string;
  at: number;
  officerName: string;
  action: string;
  target: string;
  details: Record<string, unknown>;
}

export interface AuditPageView {
  rows: AuditRowView[];
  /** Pass as ?before= to read the next (older) page; null at the end. */
  nextBefore: string | null;
}

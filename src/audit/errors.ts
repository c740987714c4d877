/** A request the audit cannot carry out as asked: exit status 2. */
export class AuditUsageError extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * The till's SQL for the township's "not counted" verdicts (decision 0720), one fragment
 * per use, so the notice, the statement, the household panel and the rule limits read the
 * verdicts the same way. `entryId` is the outer query's column holding a journal entry id
 * (`pe.id`, `awards.posted_entry_id`). The verdicts' own alias is one no caller uses, so it
 * cannot capture the outer column. (verify keeps its own aggregate: main/store/township-verdicts.ts.)
 */

/** True for a row whose entry the township counts. */
export function countedSql(entryId: string): string {
  return `NOT EXISTS (SELECT 1 FROM uncounted_entries verdict WHERE verdict.entry_id = ${entryId})`;
}

/** The township's reason for not counting the entry, or NULL when it counts it. */
export function uncountedReasonSql(entryId: string): string {
  return `(SELECT verdict.reason FROM uncounted_entries verdict WHERE verdict.entry_id = ${entryId})`;
}

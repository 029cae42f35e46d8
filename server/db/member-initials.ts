import type { Kysely, Migration } from 'kysely';
import { nameInitials } from '../households/initials';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the evolving schema type
type AnyDb = Kysely<any>;

/**
 * Members written through the old `PUT /master` before it stored pinyin initials have
 * none, so the console's search by initials missed them: fill them from the name with
 * the one function every writer uses.
 */
export const memberInitials: Migration = {
  async up(db: AnyDb) {
    const rows = (await db
      .selectFrom('members')
      .select(['id', 'name'])
      .where('initials', '=', '')
      .execute()) as {
      id: string;
      name: string;
    }[];
    for (const r of rows) {
      const initials = nameInitials(r.name);
      if (initials) await db.updateTable('members').set({ initials }).where('id', '=', r.id).execute();
    }
  },
};

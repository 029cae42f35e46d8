import { z } from 'zod';

/**
 * What a till tells the township about itself with each pull, so the console's dashboard
 * shows it: the app version and any reader or printer problem it sees right now.
 */
export const TillStatusSchema = z.object({
  appVersion: z.string().min(1).max(40),
  problems: z
    .array(
      z.object({
        part: z.enum(['reader', 'printer']),
        zh: z.string().max(300),
        en: z.string().max(300),
      }),
    )
    .max(10),
});
export type TillStatus = z.infer<typeof TillStatusSchema>;

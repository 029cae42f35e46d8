import type { ConsoleApiError } from '../api/client';
import { pick } from '../i18n/language';

/** A refusal from the server, in the language on screen (role=alert for screen readers and tests). */
export function ErrorBox({ error }: { error: ConsoleApiError | null }) {
  if (!error) return null;
  return (
    <div className="error-box" role="alert" data-code={error.error.code}>
      {pick(error.error)}
    </div>
  );
}

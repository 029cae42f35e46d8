import { useState } from 'react';
import { api, type ConsoleApiError } from '../api/client';
import { asApiError } from './use-load';

export interface Editor<F> {
  /** The record being edited, or null while the form adds a new one. */
  id: string | null;
  form: F;
  set(change: Partial<F>): void;
  edit(id: string, form: F): void;
  cancel(): void;
  error: ConsoleApiError | null;
  refuse(error: unknown): void;
  /** The "saved" line above the list. */
  message: string;
  /** Clears the last refusal and message as a save begins. */
  begin(): void;
  /** Adds (POST `path`) or changes (PUT `path/id`) the record, then says `saved`, empties the form and reloads. */
  save(path: string, body: unknown, saved: string): Promise<void>;
}

/** The add-or-edit form under a console list (products, rules): one record at a time. */
export function useEditor<F>(empty: F, reload: () => void): Editor<F> {
  const [editing, setEditing] = useState<{ id: string | null; form: F }>({ id: null, form: empty });
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [message, setMessage] = useState('');
  return {
    id: editing.id,
    form: editing.form,
    set: (change) => setEditing({ ...editing, form: { ...editing.form, ...change } }),
    edit(id, form) {
      setEditing({ id, form });
      setMessage('');
      setError(null);
    },
    cancel: () => setEditing({ id: null, form: empty }),
    error,
    refuse: (e) => setError(asApiError(e)),
    message,
    begin() {
      setError(null);
      setMessage('');
    },
    async save(path, body, saved) {
      try {
        if (editing.id) await api.put(`${path}/${editing.id}`, body);
        else await api.post(path, body);
        setMessage(saved);
        setEditing({ id: null, form: empty });
        reload();
      } catch (err) {
        setError(asApiError(err));
      }
    },
  };
}

import { type FormEvent, useState } from 'react';
import { api, type ConsoleApiError } from '../api/client';
import { when } from '../format';
import { asApiError } from '../hooks/use-load';
import { ErrorBox } from './error-box';
import { Field } from './field';

/** A flag an officer resolves with a note: an overdraft, a refund beyond the sale, a points flag. */
export interface Resolvable {
  id: string;
  status: string;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: number | null;
}

export interface ResolveLabels {
  resolve: string;
  note: string;
  save: string;
  cancel?: string;
  resolvedBy(name: string, time: string): string;
}

/** Which row's note form is open, its note, and the POST that resolves it. */
export function useResolveWithNote(pathOf: (id: string) => string, onResolved: () => void) {
  const [open, setOpen] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!open) return;
    setError(null);
    try {
      await api.post(pathOf(open), { note });
      setOpen(null);
      setNote('');
      onResolved();
    } catch (err) {
      setError(asApiError(err));
    }
  };
  const start = (id: string | null) => {
    setOpen(id);
    setError(null);
  };
  return { open, note, setNote, error, submit, start };
}

export type Resolver = ReturnType<typeof useResolveWithNote>;

/** The last cell of a flag's row: the note and who resolved it, its note form, or the button that opens it. */
export function ResolveCell(props: {
  row: Resolvable;
  canResolve: boolean;
  resolver: Resolver;
  labels: ResolveLabels;
  onOpen?: () => void;
}) {
  const { row, canResolve, resolver: r, labels } = props;
  if (row.status === 'resolved')
    return (
      <>
        {row.note}
        {row.resolvedBy && (
          <div className="hint small">{labels.resolvedBy(row.resolvedBy, when(row.resolvedAt))}</div>
        )}
      </>
    );
  if (!canResolve) return null;
  if (r.open !== row.id)
    return (
      <button
        type="button"
        onClick={() => {
          r.start(row.id);
          props.onOpen?.();
        }}
      >
        {labels.resolve}
      </button>
    );
  return (
    <form onSubmit={r.submit}>
      <Field label={labels.note} value={r.note} autoFocus onChange={(e) => r.setNote(e.target.value)} />
      <ErrorBox error={r.error} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={r.note.trim().length < 2}>
          {labels.save}
        </button>
        {labels.cancel && (
          <button type="button" onClick={() => r.start(null)}>
            {labels.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

interface Props {
  /** 'unknown': the till service is not answering, so nothing is known about this part. */
  tone: 'good' | 'warn' | 'bad' | 'unknown';
  label: string;
  value: string;
  title?: string | undefined;
  testId: string;
}

/** A labelled status with a coloured dot; the words carry the meaning, the colour helps. */
export function StatusDot({ tone, label, value, title, testId }: Props) {
  return (
    <span className={`status-item tone-${tone}`} title={title} data-testid={testId}>
      <span className="dot" aria-hidden="true" />
      <span className="status-label">{label}</span>
      <span className="status-value">{value}</span>
    </span>
  );
}

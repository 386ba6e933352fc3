import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n.js';

/**
 * One question asked in place, instead of window.prompt() (which screen readers, some tablets and
 * translation tools handle badly, and which blocks every other live update while it is open). Focus moves to
 * the field; Escape or Cancel closes it. The value is trimmed; an empty answer to a required question is not sent.
 */
export function InlineAsk(props: {
  label: string;
  initial?: string;
  required?: boolean;
  maxLength: number;
  submitLabel?: string;
  danger?: boolean;
  testId?: string;
  onSubmit: (value: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(props.initial ?? '');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (props.required && !v) return;
    props.onSubmit(v);
  };
  return (
    <form className="inline-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && props.onCancel()} data-testid={props.testId}>
      <label className="field">
        <span>{props.label}</span>
        <input ref={input} value={value} onChange={(e) => setValue(e.target.value)} required={props.required} maxLength={props.maxLength} />
      </label>
      <div className="inline-form-buttons">
        <button type="submit" className={props.danger ? 'danger' : ''}>
          {props.submitLabel ?? t('common.save')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

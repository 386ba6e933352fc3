import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Person } from '../../../shared/domain/state.js';
import type { SessionConnection } from '../net/connection.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';

type Editing = null | 'rename' | 'label' | 'remove';

const FIELD: Record<Exclude<Editing, null>, { label: MessageKey; required: boolean; max: number }> = {
  rename: { label: 'moderator.newName', required: true, max: 60 },
  label: { label: 'moderator.newLabel', required: false, max: 40 },
  remove: { label: 'moderator.removeReason', required: true, max: 200 },
};

/**
 * A moderator's actions on one person, as inline forms instead of window.prompt() (which screen readers,
 * some tablets and translation tools handle badly). Opening a form moves focus to its field; Cancel or
 * Escape closes it and returns focus to the button that opened it (after saving, too).
 */
export function PersonActions({ conn, person }: { conn: SessionConnection; person: Person }) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Editing>(null);
  const [value, setValue] = useState('');
  // The buttons unmount while a form is open: remember which one opened it, focus it again once re-rendered.
  const returnTo = useRef<Editing>(null);
  const buttons = useRef<Partial<Record<Exclude<Editing, null>, HTMLButtonElement | null>>>({});
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) input.current?.focus();
    else if (returnTo.current) {
      buttons.current[returnTo.current]?.focus();
      returnTo.current = null;
    }
  }, [editing]);

  const open = (what: Exclude<Editing, null>, initial: string) => () => {
    returnTo.current = what;
    setValue(initial);
    setEditing(what);
  };
  const close = () => setEditing(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = value.trim();
    if (editing === 'rename' && v) void conn.request('people:rename', { personId: person.id, name: v });
    if (editing === 'label') void conn.request('people:setLabel', { personId: person.id, label: v || null });
    if (editing === 'remove' && v) void conn.request('people:remove', { personId: person.id, reason: v });
    close();
  };
  const toggleFacilitator = () =>
    void conn.request('people:setRole', { personId: person.id, role: person.role === 'facilitator' ? 'participant' : 'facilitator' });

  if (editing) {
    const f = FIELD[editing];
    return (
      <form className="inline-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && close()} data-testid={`person-form-${editing}`}>
        <label className="field">
          <span>
            {t(f.label)} ({person.name})
          </span>
          <input ref={input} value={value} onChange={(e) => setValue(e.target.value)} required={f.required} maxLength={f.max} />
        </label>
        <div className="inline-form-buttons">
          <button type="submit" className={editing === 'remove' ? 'danger' : ''}>
            {editing === 'remove' ? t('moderator.remove') : t('common.save')}
          </button>
          <button type="button" onClick={close}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <>
      <button type="button" ref={(b) => void (buttons.current.rename = b)} onClick={open('rename', person.name)} aria-label={`${t('moderator.rename')}: ${person.name}`}>
        {t('moderator.rename')}
      </button>
      {person.role !== 'observer' && (
        <button type="button" onClick={toggleFacilitator} aria-label={`${person.role === 'facilitator' ? t('moderator.demote') : t('moderator.promote')}: ${person.name}`}>
          {person.role === 'facilitator' ? t('moderator.demote') : t('moderator.promote')}
        </button>
      )}
      <button type="button" ref={(b) => void (buttons.current.label = b)} onClick={open('label', person.label ?? '')} aria-label={`${t('moderator.label')}: ${person.name}`}>
        {t('moderator.label')}
      </button>
      <button type="button" className="danger" ref={(b) => void (buttons.current.remove = b)} onClick={open('remove', '')} aria-label={`${t('moderator.remove')}: ${person.name}`}>
        {t('moderator.remove')}
      </button>
    </>
  );
}

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import './console.css';

/** The console's sections, in tab order. Each is one job of a run of the show. */
export const SECTION_IDS = ['now', 'polls', 'rooms', 'queue', 'people', 'bridge'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface ConsoleSection {
  id: SectionId;
  /** A count shown on the tab (open polls, waiting speakers…); 0 or undefined: none. */
  badge?: number;
  /** Something needs attention in this section ("can't hear", help waiting): the tab is marked in words and colour. */
  alert?: boolean;
  content: ReactNode;
}

const SECTION_KEY = 'dr:console:section';
const BESIDE_KEY = 'dr:console:bridgeBeside';

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked (private mode): the console still works, it just does not remember
  }
}
function store(key: string, value: string) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // see readStored
  }
}

/**
 * The selected section, remembered per browser: the onsite moderator keeps Queue, the online one Bridge, each on
 * their own laptop or tablet, across reloads.
 */
export function useConsoleSection(): [SectionId, (id: SectionId) => void] {
  const [section, setSection] = useState<SectionId>(() => {
    const saved = readStored(SECTION_KEY);
    return (SECTION_IDS as readonly string[]).includes(saved ?? '') ? (saved as SectionId) : 'now';
  });
  const select = useCallback((id: SectionId) => {
    setSection(id);
    store(SECTION_KEY, id);
  }, []);
  return [section, select];
}

/**
 * The moderator console as a dashboard: the sticky "now" strip, tabs with counts, and one section at a time that
 * scrolls inside itself (the page never scrolls as a whole). Every section stays mounted (only hidden), so a poll
 * half written or a broadcast half typed survives switching tabs. On a wide screen the Bridge can be kept beside the
 * active section (the online moderator's bridge and chat next to the queue or the polls).
 */
export function ConsoleDashboard({ strip, sections }: { strip: (jump: (id: SectionId) => void) => ReactNode; sections: ConsoleSection[] }) {
  const { t } = useI18n();
  // The selection lives here, not in the view: switching tabs re-renders the strip and the tabs only; the sections'
  // elements are the same objects as at the last live update, so React skips them (100 people's rows and all).
  const [active, onSelect] = useConsoleSection();
  const [beside, setBeside] = useState(() => readStored(BESIDE_KEY) === '1');
  useEffect(() => store(BESIDE_KEY, beside ? '1' : '0'), [beside]);
  const showBeside = beside && active !== 'bridge';
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    // Arrow keys follow the reading direction: in Arabic the next tab is on the left.
    const rtl = getComputedStyle(e.currentTarget).direction === 'rtl';
    const next = sections[(i + (rtl ? -step : step) + sections.length) % sections.length];
    onSelect(next.id);
    document.getElementById(`console-tab-${next.id}`)?.focus();
    e.preventDefault();
  };
  return (
    <div className={`console-dashboard${showBeside ? ' with-beside' : ''}`}>
      <div className="console-strip-wrap">{strip(onSelect)}</div>
      <div className="console-tabs-row">
        <div role="tablist" aria-label={t('console.sections')} className="console-tabs">
          {sections.map((s, i) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              id={`console-tab-${s.id}`}
              aria-selected={active === s.id}
              aria-controls={`console-panel-${s.id}`}
              tabIndex={active === s.id ? 0 : -1}
              className={`console-tab${s.alert ? ' alert' : ''}`}
              data-section={s.id}
              onClick={() => onSelect(s.id)}
              onKeyDown={(e) => onKey(e, i)}
            >
              {t(`console.section.${s.id}` as MessageKey)}
              {!!s.badge && <span className="badge">{s.badge}</span>}
              {s.alert && <span className="visually-hidden"> ({t('console.needsAttention')})</span>}
            </button>
          ))}
        </div>
        <label className="console-beside">
          <input type="checkbox" checked={beside} onChange={(e) => setBeside(e.target.checked)} />
          {t('console.bridgeBeside')}
        </label>
      </div>
      <div className="console-panels">
        {sections.map((s) => (
          <div
            key={s.id}
            role="tabpanel"
            id={`console-panel-${s.id}`}
            aria-labelledby={`console-tab-${s.id}`}
            className={`console-panel${showBeside && s.id === 'bridge' ? ' beside' : ''}`}
            data-section={s.id}
            hidden={s.id !== active && !(showBeside && s.id === 'bridge')}
          >
            {s.content}
          </div>
        ))}
      </div>
    </div>
  );
}

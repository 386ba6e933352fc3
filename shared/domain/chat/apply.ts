import { own, ownOrCreate, setOwn } from '../keyed.js';
import type { Appliers } from '../eventTypes.js';
import type { chatEvents } from './events.js';
import { CHAT_KEEP } from '../state.js';

export const chatAppliers: Appliers<typeof chatEvents> = {
  'chat:posted': (s, d) => {
    const list = ownOrCreate(s.chat, d.message.roomId, () => []);
    list.push({ ...d.message });
    if (list.length > CHAT_KEEP) list.splice(0, list.length - CHAT_KEEP);
  },
  'chat:hidden': (s, d) => {
    const m = own(s.chat, d.roomId)?.find((x) => x.id === d.messageId);
    if (!m) return;
    m.hidden = true;
    m.text = '';
  },
  'chat:hiddenNote': (s, d) => {
    setOwn(s.bridge.hiddenNotes, d.messageId, { reason: d.reason, text: d.text, byId: d.byId });
  },
};

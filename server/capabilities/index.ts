import type { CommandName } from '../../shared/protocol/registry.js';
import type { Handlers } from './types.js';
import { sessionHandlers } from './session/handlers.js';
import { peopleHandlers } from './people/handlers.js';
import { roomsHandlers } from './rooms/handlers.js';
import { agendaHandlers } from './agenda/handlers.js';
import { chatHandlers } from './chat/handlers.js';
import { bridgeHandlers } from './bridge/handlers.js';
import { helpHandlers } from './help/handlers.js';
import { pollHandlers } from './polls/handlers.js';
import { queueHandlers } from './queue/handlers.js';
import { worksheetHandlers } from './worksheet/handlers.js';
import { accessHandlers } from './access/handlers.js';
import { helperEntryHandlers } from './polls/helperEntry.js';
import { profileHandlers } from './profile/handlers.js';
import { reportAccessHandlers } from './reportAccess/handlers.js';
import { plenaryHandlers } from './plenary/handlers.js';

/** Every command's handler, one map per capability; the type makes a missing handler a compile error. */
export const HANDLERS: Handlers<CommandName> = {
  ...sessionHandlers,
  ...peopleHandlers,
  ...roomsHandlers,
  ...agendaHandlers,
  ...chatHandlers,
  ...bridgeHandlers,
  ...helpHandlers,
  ...pollHandlers,
  ...queueHandlers,
  ...worksheetHandlers,
  ...accessHandlers,
  ...helperEntryHandlers,
  ...profileHandlers,
  ...reportAccessHandlers,
  ...plenaryHandlers,
};

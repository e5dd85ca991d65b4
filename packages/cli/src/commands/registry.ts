// Every wpfleet command, in the order `wpfleet --help` lists them. Add new commands here.
import type { Command } from '../argv/command.js';
import { initCommand } from './init.js';
import { doctorCommand } from './doctor.js';
import { inventoryCommand } from './inventory.js';
import { planCommand } from './plan.js';
import { migrateCommand } from './migrate.js';
import { resumeCommand } from './resume.js';
import { statusCommand } from './status.js';
import { undoCommand } from './undo.js';
import { cleanupCommand } from './cleanup.js';
import { searchReplaceCommand } from './search-replace.js';

export const commands: Command[] = [
  initCommand,
  doctorCommand,
  inventoryCommand,
  planCommand,
  migrateCommand,
  resumeCommand,
  statusCommand,
  undoCommand,
  cleanupCommand,
  searchReplaceCommand,
];

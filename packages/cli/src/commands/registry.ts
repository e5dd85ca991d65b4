// Every wpfleet command, in the order `wpfleet --help` lists them. Add new commands here.
import type { Command } from '../command/command.js';
import { initCommand } from './init.js';
import { searchReplaceCommand } from './search-replace.js';

export const commands: Command[] = [initCommand, searchReplaceCommand];

// Every wpfleet command, in the order `wpfleet --help` lists them. Add new commands here.
import type { Command } from '../command/command.js';

export const commands: Command[] = [];

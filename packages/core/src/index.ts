// @wpfleet/core: what happens, and when. Pure logic plus ports; it never opens a socket or spawns a process.
export { WpfleetError, type ErrorKind } from './errors/wpfleet-error.js';

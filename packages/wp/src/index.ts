// @wpfleet/wp: how things are done on a WordPress host. Adapters (transports, WP-CLI, SQL streams, checks, DNS).
export {};

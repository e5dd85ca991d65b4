// `pnpm lab up|down|status`
export {};

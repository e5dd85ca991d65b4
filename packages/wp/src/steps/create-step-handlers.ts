// The StepHandlers the Runner drives for `wpfleet migrate`: one per StepKind, sharing the StepEnvironment and a
// RunMemory (row hashes, kept in the run directory when the environment names one).
import { setMaxListeners } from 'node:events';
import type { StepHandler, StepHandlers } from '@wpfleet/core';
import { dbStep } from './db-step.js';
import { filesStep } from './files-step.js';
import { httpCheckStep } from './http-check-step.js';
import { preflightStep } from './preflight-step.js';
import { RunMemory } from '../run-memory/run-memory.js';
import type { StepEnvironment } from '../step-environment/step-environment.js';
import { swapStep } from './swap-step.js';
import { verifyStep } from './verify-step.js';

// Every command a step runs listens on the run's one AbortSignal; with many sites in flight that is far more
// than Node's default of 10 listeners, which is expected, not a leak.
function sharingSignal(handler: StepHandler): StepHandler {
  return (ctx) => {
    setMaxListeners(0, ctx.signal);
    return handler(ctx);
  };
}

export function createStepHandlers(
  env: StepEnvironment,
  memory: RunMemory = new RunMemory(env.stateDir),
): StepHandlers {
  return {
    preflight: sharingSignal(preflightStep(env)),
    db: sharingSignal(dbStep(env, memory)),
    files: sharingSignal(filesStep(env)),
    verify: sharingSignal(verifyStep(env, memory)),
    swap: sharingSignal(swapStep(env)),
    'http-check': sharingSignal(httpCheckStep(env)),
  };
}

// The StepHandlers the Runner drives for `wpfleet migrate`: one per StepKind, sharing the StepEnvironment and a
// RunMemory for this controller process.
import type { StepHandlers } from '@wpfleet/core';
import { dbStep } from './db-step.js';
import { filesStep } from './files-step.js';
import { httpCheckStep } from './http-check-step.js';
import { preflightStep } from './preflight-step.js';
import { RunMemory } from './run-memory.js';
import type { StepEnvironment } from './step-environment.js';
import { swapStep } from './swap-step.js';
import { verifyStep } from './verify-step.js';

export function createStepHandlers(env: StepEnvironment, memory: RunMemory = new RunMemory()): StepHandlers {
  return {
    preflight: preflightStep(env),
    db: dbStep(env, memory),
    files: filesStep(env),
    verify: verifyStep(env, memory),
    swap: swapStep(env),
    'http-check': httpCheckStep(env),
  };
}

// The state every reporter needs, folded from RunEvents: waves, sites, steps with timings, bytes and findings.
// The live view applies events one by one; the HTML/JUnit/summary renderers fold a whole list (e.g. from a Journal).
import {
  asFinding,
  type Finding,
  type JsonObject,
  type RunEvent,
  type RunSummary,
  type SiteStatus,
  type StepKind,
  type StepProgress,
  type WaveStatus,
} from '@wpfleet/core';
import { STEP_KINDS } from '@wpfleet/core';

type StepState = 'pending' | 'running' | 'retrying' | 'succeeded' | 'skipped' | 'failed' | 'aborted';

export interface StepError {
  code: string;
  message: string;
  hint?: string;
}

/** A step as reporters show it; the progress fields are the latest StepProgress the handler reported. */
export interface StepModel extends StepProgress {
  step: StepKind;
  state: StepState;
  attempts: number;
  inDoubt: boolean;
  /** Start of the latest attempt; the first attempt's start is `firstStartedAt`. */
  startedAt?: number;
  firstStartedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  /** When the last progress arrived, to age a stale rate. */
  progressAt?: number;
  error?: StepError;
  /** Every failed attempt, retried or not, oldest first. */
  failures: (StepError & {
    attempt: number;
    at: number;
    durationMs: number;
    transient: boolean;
    willRetry: boolean;
  })[];
  outputs?: JsonObject;
  /** Done in an earlier run according to the journal (resume). */
  alreadyDone: boolean;
}

export interface SiteModel {
  site: string;
  wave: number;
  status: SiteStatus | 'pending' | 'running';
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  failedStep?: StepKind;
  steps: Partial<Record<StepKind, StepModel>>;
  findings: Finding[];
}

export interface WaveModel {
  wave: number;
  sites: string[];
  status: WaveStatus | 'pending' | 'running';
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  succeeded: number;
  failed: number;
  gateMessage?: string;
}

export interface RunReportModel {
  runId?: string;
  planHash?: string;
  resumed: boolean;
  startedAt?: number;
  finishedAt?: number;
  /** `running` until a run-finished event arrives (a journal of a crashed run stays `running`). */
  status: RunSummary['status'] | 'running';
  summary?: RunSummary;
  waves: WaveModel[];
  /** In plan order (wave, then the order the plan lists them). */
  sites: SiteModel[];
  /** Every finding of the run, in arrival order. */
  findings: Finding[];
  /** Time of the latest event seen; the end of the timeline for an unfinished run. */
  lastEventAt?: number;
}

export function createRunReportModel(): RunReportModel {
  return { resumed: false, status: 'running', waves: [], sites: [], findings: [] };
}

/** Folds a whole event list (in order) into a model. */
export function buildRunReportModel(events: readonly RunEvent[]): RunReportModel {
  const model = createRunReportModel();
  for (const event of events) applyRunEvent(model, event);
  return model;
}

function waveOf(model: RunReportModel, wave: number): WaveModel {
  let found = model.waves.find((w) => w.wave === wave);
  if (!found) {
    found = { wave, sites: [], status: 'pending', succeeded: 0, failed: 0 };
    model.waves.push(found);
    model.waves.sort((a, b) => a.wave - b.wave);
  }
  return found;
}

function siteOf(model: RunReportModel, site: string, wave?: number): SiteModel {
  let found = model.sites.find((s) => s.site === site);
  if (!found) {
    // A site we only learn about from a step event (a journal without its run-started) goes to wave 0.
    found = { site, wave: wave ?? 0, status: 'pending', steps: {}, findings: [] };
    model.sites.push(found);
    const w = waveOf(model, found.wave);
    if (!w.sites.includes(site)) w.sites.push(site);
  }
  return found;
}

function stepOf(site: SiteModel, step: StepKind): StepModel {
  let found = site.steps[step];
  if (!found) {
    found = { step, state: 'pending', attempts: 0, inDoubt: false, failures: [], alreadyDone: false };
    site.steps[step] = found;
  }
  return found;
}

/** Applies one event in place. Unknown or out-of-order events are tolerated: a report of a partial run still renders. */
export function applyRunEvent(model: RunReportModel, event: RunEvent): void {
  model.runId ??= event.runId;
  model.lastEventAt = Math.max(model.lastEventAt ?? event.at, event.at);
  switch (event.type) {
    case 'run-started': {
      model.planHash = event.planHash;
      model.resumed = event.resumed;
      model.startedAt ??= event.at;
      for (const planned of event.waves) {
        const wave = waveOf(model, planned.number);
        for (const name of planned.sites) {
          siteOf(model, name, planned.number);
          if (!wave.sites.includes(name)) wave.sites.push(name);
        }
      }
      break;
    }
    case 'wave-started': {
      const wave = waveOf(model, event.wave);
      wave.status = 'running';
      wave.startedAt = event.at;
      for (const name of event.sites) {
        siteOf(model, name, event.wave);
        if (!wave.sites.includes(name)) wave.sites.push(name);
      }
      break;
    }
    case 'wave-finished': {
      const wave = waveOf(model, event.wave);
      wave.status = event.status;
      wave.finishedAt = event.at;
      wave.durationMs = event.durationMs;
      wave.succeeded = event.succeeded;
      wave.failed = event.failed;
      if (event.gateMessage !== undefined) wave.gateMessage = event.gateMessage;
      break;
    }
    case 'site-started': {
      const site = siteOf(model, event.site, event.wave);
      site.status = 'running';
      site.startedAt = event.at;
      for (const done of event.alreadyDone) {
        const step = stepOf(site, done);
        if (step.state === 'pending') {
          step.state = 'succeeded';
          step.alreadyDone = true;
        }
      }
      break;
    }
    case 'site-finished': {
      const site = siteOf(model, event.site, event.wave);
      site.status = event.status;
      site.finishedAt = event.at;
      site.durationMs = event.durationMs;
      if (event.failedStep !== undefined) site.failedStep = event.failedStep;
      const wave = waveOf(model, site.wave);
      // Keep live counts for the wave header until wave-finished brings the Runner's own numbers.
      if (wave.status === 'running' || wave.status === 'pending') {
        if (event.status === 'succeeded') wave.succeeded += 1;
        else if (event.status === 'failed') wave.failed += 1;
      }
      // Steps still running when a site ends were cut short.
      for (const step of Object.values(site.steps)) {
        if (step && (step.state === 'running' || step.state === 'retrying')) step.state = 'aborted';
      }
      break;
    }
    case 'step-started': {
      const site = siteOf(model, event.site);
      if (site.status === 'pending') site.status = 'running';
      const step = stepOf(site, event.step);
      step.state = 'running';
      step.attempts = Math.max(step.attempts, event.attempt);
      step.inDoubt = step.inDoubt || event.inDoubt;
      step.startedAt = event.at;
      step.firstStartedAt ??= event.at;
      step.alreadyDone = false;
      delete step.error;
      // A retry starts its copy over; the previous attempt's progress would make the rate and ETA lie.
      delete step.bytesDone;
      delete step.rate;
      delete step.itemsDone;
      delete step.message;
      delete step.progressAt;
      break;
    }
    case 'step-progress': {
      const step = stepOf(siteOf(model, event.site), event.step);
      if (event.bytesDone !== undefined) step.bytesDone = event.bytesDone;
      if (event.bytesTotal !== undefined) step.bytesTotal = event.bytesTotal;
      if (event.rate !== undefined) step.rate = event.rate;
      else if (step.bytesDone !== undefined && step.startedAt !== undefined && event.at > step.startedAt) {
        // The handler gave no rate: the average since the attempt started is still a fair ETA basis.
        step.rate = step.bytesDone / ((event.at - step.startedAt) / 1000);
      }
      if (event.itemsDone !== undefined) step.itemsDone = event.itemsDone;
      if (event.itemsTotal !== undefined) step.itemsTotal = event.itemsTotal;
      if (event.message !== undefined) step.message = event.message;
      step.progressAt = event.at;
      break;
    }
    case 'step-finished': {
      const step = stepOf(siteOf(model, event.site), event.step);
      step.state = event.status;
      step.attempts = Math.max(step.attempts, event.attempt);
      step.finishedAt = event.at;
      step.durationMs = event.durationMs;
      step.startedAt ??= event.at - event.durationMs;
      step.firstStartedAt ??= step.startedAt;
      step.outputs = event.outputs;
      break;
    }
    case 'step-failed': {
      const step = stepOf(siteOf(model, event.site), event.step);
      const error: StepError = { code: event.code, message: event.message };
      if (event.hint !== undefined) error.hint = event.hint;
      step.error = error;
      step.failures.push({
        ...error,
        attempt: event.attempt,
        at: event.at,
        durationMs: event.durationMs,
        transient: event.transient,
        willRetry: event.willRetry,
      });
      step.attempts = Math.max(step.attempts, event.attempt);
      step.state = event.willRetry ? 'retrying' : 'failed';
      step.finishedAt = event.at;
      step.durationMs = event.durationMs;
      step.startedAt ??= event.at - event.durationMs;
      step.firstStartedAt ??= step.startedAt;
      break;
    }
    case 'finding': {
      const given = asFinding(event.finding);
      const finding: Finding = {
        ...given,
        where: { ...given.where, site: given.where.site ?? event.site, step: given.where.step ?? event.step },
      };
      siteOf(model, event.site).findings.push(finding);
      model.findings.push(finding);
      break;
    }
    case 'run-finished': {
      model.summary = event.summary;
      model.status = event.summary.status;
      model.finishedAt = event.at;
      model.planHash ??= event.summary.planHash;
      model.startedAt ??= event.at - event.summary.durationMs;
      for (const [name, result] of Object.entries(event.summary.sites)) {
        const site = siteOf(model, name, result.wave);
        site.status = result.status;
        if (result.failedStep !== undefined) site.failedStep = result.failedStep;
      }
      for (const w of event.summary.waves) waveOf(model, w.number).status = w.status;
      break;
    }
  }
}

/** Steps of a site in the canonical order, only those that appeared. */
export function orderedSteps(site: SiteModel): StepModel[] {
  return STEP_KINDS.flatMap((kind) => {
    const step = site.steps[kind];
    return step ? [step] : [];
  });
}

/** The error that failed the site: its failed step's last error. */
export function siteError(site: SiteModel): (StepError & { step: StepKind }) | undefined {
  const failed = site.failedStep
    ? site.steps[site.failedStep]
    : orderedSteps(site).find((s) => s.state === 'failed');
  return failed?.error ? { ...failed.error, step: failed.step } : undefined;
}

export function sitesOfWave(model: RunReportModel, wave: number): SiteModel[] {
  return model.sites.filter((s) => s.wave === wave);
}

/** Bytes a step moved: its last progress, else a `bytes` output. */
export function stepBytes(step: StepModel | undefined): number | undefined {
  if (!step) return undefined;
  if (step.bytesDone !== undefined) return step.bytesDone;
  const out = step.outputs?.['bytes'];
  return typeof out === 'number' ? out : undefined;
}

// What every ceremony engine (initialization, back-up, restore, verify) is built on: one
// ceremony at a time, intents run one after
// another, each checked against the step table before it does anything, every answer a fresh
// snapshot built from main's state, progress pushed to snapshot listeners, and what a ceremony
// holds (derived keys, the wrap key) wiped when the next one starts, when it is closed and when
// Custos quits.

import {
  back,
  findStep,
  next,
  type WizardState,
  type WizardTable,
} from '../../../shared/ceremony/wizard';
import { Refusal } from '../../refusal/refusal';
import type { Logger } from '../../log/logger';
import { OneAtATime } from '../../concurrency/one-at-a-time';
import {
  airGapView,
  surveyAirGap,
  type AirGapSurvey,
  type AirGapTranscript,
  type CeremonyAirGap,
} from './air-gap';

export interface Problem {
  field?: string;
  message: string;
}

/** The part of a ceremony's state the core reads. */
export interface CoreState<Id extends string> {
  id: string;
  wizard: WizardState<Id>;
  busy?: string;
  problem?: Problem;
  /** Ended without completing (cancelled, or Custos shut down). */
  stopped?: { status: 'abandoned' | 'failed'; reason: string; deviceTouched: boolean };
  /** Completed (true, or what the ceremony keeps of its end). */
  finished?: boolean | object;
  /** The air-gap survey taken when the ceremony began (set by begin). */
  airGap?: CeremonyAirGap;
}

/** How the core's sentences name a ceremony. */
export interface CeremonyWords {
  /** "restore", "back-up", "verification", "initialization". */
  readonly noun: string;
  /** "A restore is already under way": the noun with its article (default "A <noun>"). */
  readonly a?: string;
  /** "this … is at", "The … cannot move on" (default the noun; "ceremony" for the initialization). */
  readonly here?: string;
}

export type SnapshotListener<Snapshot> = (snapshot: Snapshot | null) => void;

export interface EngineCoreOptions<Id extends string, State, Snapshot> {
  /** The snapshot pushed to listeners, when it must show less than an answer (no share). */
  readonly buildEvent?: (state: State) => Snapshot;
  /**
   * The ceremony leaves a step (forward or back): drop and wipe what belonged to it, so a
   * secret held for one step does not outlive it because a delete was forgotten.
   */
  readonly leaving?: (state: State, step: Id) => void;
  /** The air-gap survey (tests give a fixed one; default: this machine's, air-gap.ts). */
  readonly airGap?: () => AirGapSurvey;
}

export class EngineCore<Id extends string, State extends CoreState<Id>, Snapshot> {
  state: State | undefined;
  private readonly listeners = new Set<SnapshotListener<Snapshot>>();
  private readonly queue = new OneAtATime();
  private readonly noun: string;
  private readonly a: string;
  private readonly here: string;
  /** The last snapshot pushed showed a busy sentence: the page shows it until another is pushed. */
  private busyOnScreen = false;
  /** The ceremony's snapshot with the air-gap warnings every ceremony's first screen shows. */
  private readonly build: (state: State) => Snapshot;

  constructor(
    private readonly table: WizardTable<Id>,
    /** "restore", "back-up", "verification": how sentences name this ceremony. */
    words: string | CeremonyWords,
    /** The snapshot an intent is answered with (and `current`); the core adds `airGapWarnings`. */
    build: (state: State) => Snapshot,
    readonly log: Logger,
    /** Wipes what a ceremony holds that must not outlive it (derived keys, the wrap key). */
    private readonly wipe: (state: State) => void,
    private readonly more: EngineCoreOptions<Id, State, Snapshot> = {},
  ) {
    const named = typeof words === 'string' ? { noun: words } : words;
    this.noun = named.noun;
    this.a = named.a ?? `A ${named.noun}`;
    this.here = named.here ?? named.noun;
    this.build = (state) => withAirGap(build(state), state);
  }

  onSnapshot(listener: SnapshotListener<Snapshot>): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  current(): Snapshot | null {
    return this.state ? this.build(this.state) : null;
  }

  snapshot(): Snapshot {
    return this.build(this.state!);
  }

  emit(): void {
    const buildEvent = this.more.buildEvent;
    const snapshot = this.state
      ? buildEvent
        ? withAirGap(buildEvent(this.state), this.state)
        : this.build(this.state)
      : null;
    this.busyOnScreen = Boolean(this.state?.busy);
    for (const listener of [...this.listeners]) {
      try {
        listener(snapshot);
      } catch (error) {
        this.log.error('a snapshot listener failed', { error });
      }
    }
  }

  /**
   * Runs one intent after the ones before it; a thrown Refusal becomes the caller's Result.
   * A refused intent answers with a sentence, not a snapshot, so once a busy sentence was
   * pushed the settled snapshot is pushed too, however the intent ended: otherwise the page
   * keeps showing "busy" (and hides Cancel) after main has long finished. A ceremony that ended
   * in this intent without putting the end's air-gap survey in its transcript (cancelled before
   * it wrote anything) has it logged here, so no ceremony ends without one (issue 14).
   */
  intent<T>(work: () => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      try {
        return await work();
      } finally {
        const state = this.state;
        if (state && (state.stopped || state.finished) && state.airGap && !state.airGap.endRecorded)
          await this.recordAirGap(state, undefined);
        if (this.busyOnScreen && !this.state?.busy) this.emit();
      }
    });
  }

  /** Runs a device step with a busy sentence shown (and pushed) while it runs. */
  async busy<T>(state: State, sentence: string, work: () => Promise<T>): Promise<T> {
    state.busy = sentence;
    this.emit();
    try {
      return await work();
    } finally {
      delete state.busy;
    }
  }

  /**
   * Starts a new ceremony once none is under way; what the last one held is wiped first. Every
   * ceremony's preflight surveys the air gap here (issue 14: a warning on the first screen, never
   * a block); recordAirGap puts it and the end's survey in the transcript.
   */
  begin(state: State): Snapshot {
    this.ensureIdle();
    this.wipeCurrent();
    state.airGap = { preflight: this.surveyAirGap(), preflightRecorded: false, endRecorded: false };
    this.state = state;
    this.log.info('air-gap survey at preflight', { ...state.airGap.preflight });
    return this.snapshot();
  }

  surveyAirGap(): AirGapSurvey {
    return (this.more.airGap ?? (() => surveyAirGap()))();
  }

  /**
   * The ceremony is ending (finished, or stopped after it wrote to its folder): the preflight
   * survey and a fresh one go into the transcript, once. Without a transcript (a folder that is
   * not a Custos ceremony's) the end's survey goes to the log. A transcript that cannot be
   * written does not undo the ceremony's end: it is logged, and the caller's own write says so.
   */
  async recordAirGap(state: State, transcript: AirGapTranscript | undefined): Promise<void> {
    const airGap = state.airGap;
    if (!airGap || airGap.endRecorded) return;
    const end = this.surveyAirGap();
    airGap.endRecorded = true;
    if (!transcript) {
      this.log.info('air-gap survey at the end', { ...end });
      return;
    }
    try {
      if (!airGap.preflightRecorded) {
        await transcript.log('air-gap-preflight', { ...airGap.preflight });
        airGap.preflightRecorded = true;
      }
      await transcript.log('air-gap-end', { ...end });
    } catch (error) {
      this.log.error('the air-gap surveys could not be written to the transcript', { error });
    }
  }

  /** Forgets the ceremony, wiping what it held, and tells the listeners there is none. */
  end(): null {
    this.wipeCurrent();
    this.state = undefined;
    this.emit();
    return null;
  }

  /** Wipes what the ceremony holds; the ceremony itself stays, for its snapshot. */
  wipeCurrent(): void {
    if (this.state) this.wipe(this.state);
  }

  /** A new ceremony may start only when none is under way. */
  ensureIdle(): void {
    const running = this.state;
    if (running && !running.stopped && !running.finished) {
      throw new Refusal(
        'conflict',
        `${this.a} is already under way (at ${findStep(this.table, running.wizard.current).title}); continue it, or cancel it first.`,
      );
    }
  }

  active(what: string): State {
    const state = this.state;
    if (!state)
      throw new Refusal(
        'conflict',
        `There is no ${this.noun} under way to ${what}; start one first.`,
      );
    if (state.stopped)
      throw new Refusal('conflict', `This ${this.noun} has stopped; close it, or start a new one.`);
    if (state.finished)
      throw new Refusal('conflict', `This ${this.noun} is complete; close it, or start a new one.`);
    return state;
  }

  /** The ceremony, if it is at one of `steps`; otherwise a conflict saying where it is. */
  at(steps: readonly Id[], what: string): State {
    const state = this.active(what);
    if (!steps.includes(state.wizard.current)) throw this.outOfOrder(state, steps[0]!, what);
    if (state.busy)
      throw new Refusal('conflict', `Custos is busy (${state.busy}); wait until it has finished.`);
    delete state.problem;
    return state;
  }

  /** The conflict for an intent sent at the wrong step: where it belongs, and where the ceremony is. */
  outOfOrder(state: State, step: Id, what: string): Refusal {
    return new Refusal(
      'conflict',
      `You can only ${what} at the ${findStep(this.table, step).title} step; this ${this.here} is at ${findStep(this.table, state.wizard.current).title}.`,
    );
  }

  advance(state: State): void {
    const move = next(this.table, state.wizard);
    if (!move.moved)
      throw new Refusal(
        'conflict',
        `The ${this.here} cannot move on from ${findStep(this.table, state.wizard.current).title} (${move.reason}).`,
      );
    this.more.leaving?.(state, state.wizard.current);
    state.wizard = move.state;
  }

  /** Back to the previous step the plan includes, leaving this one (its fields dropped). */
  back(state: State): void {
    const move = back(this.table, state.wizard);
    if (!move.moved) throw new Refusal('conflict', 'There is no step to go back to.');
    this.more.leaving?.(state, state.wizard.current);
    state.wizard = move.state;
  }
}

/**
 * Every ceremony's snapshot carries the preflight survey's warnings (snapshot-parts.ts
 * AirGapWarningsSchema), so every first screen shows them without each engine remembering to.
 */
function withAirGap<Snapshot>(snapshot: Snapshot, state: CoreState<string>): Snapshot {
  if (typeof snapshot !== 'object' || snapshot === null) return snapshot;
  return { ...snapshot, ...airGapView(state.airGap) };
}

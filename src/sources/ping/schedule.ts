/**
 * A PingSource's schedule as a calendar: when it fires next, in its time zone. Knative's mtping adapter
 * hands `CRON_TZ={timezone} {schedule}` to robfig/cron (SecondOptional | Minute | Hour | Dom | Month | Dow
 * | Descriptor); croner does the calendar arithmetic here (time zones, DST, month lengths), given the
 * schedule rewritten where the two dialects differ: robfig's `?` is `*` (croner's is "now"), `N/step`
 * means N-max/step (croner's sloppy ranges), and Go's zone `Local` is the system zone. The grammar itself
 * was checked at admission (src/api/eventing/cron.ts), with robfig's messages.
 */
import { Cron } from 'croner';
import { EbbError } from '../../errors.js';

/** A schedule croner cannot read (one stored before Ebb validated it, or a grammar difference). */
export class PingScheduleError extends EbbError {
  constructor(schedule: string, cause: unknown) {
    super('EBB_PING_SCHEDULE', `cannot schedule "${schedule}": ${(cause as Error)?.message ?? cause}`, {
      cause,
    });
  }
}

export interface PingSchedule {
  /** The first tick strictly after `after`; undefined when the schedule never fires again. */
  next(after: Date): Date | undefined;
  /** The IANA zone the schedule is read in; undefined = the system's. */
  readonly timezone: string | undefined;
}

const TZ_PREFIX = /^(?:CRON_TZ|TZ)=(\S*)\s+/;

/** The zone croner should use for a Go zone name: `Local` and '' are the system zone. */
function zoneOf(name: string | undefined): string | undefined {
  return name === undefined || name === '' || name === 'Local' ? undefined : name;
}

/** `schedule` with `timezone` (spec.timezone wins over a `CRON_TZ=` prefix, as Knative prepends its own). */
export function pingSchedule(schedule: string, timezone?: string): PingSchedule {
  let pattern = schedule.trim();
  let zone = zoneOf(timezone);
  const prefix = TZ_PREFIX.exec(pattern);
  if (prefix) {
    pattern = pattern.slice(prefix[0].length);
    zone ??= zoneOf(prefix[1]);
  }
  pattern = pattern.replace(/\?/g, '*');
  let cron: Cron;
  try {
    cron = new Cron(pattern, {
      paused: true,
      mode: '5-or-6-parts',
      sloppyRanges: true,
      ...(zone ? { timezone: zone } : {}),
    });
  } catch (err) {
    throw new PingScheduleError(schedule, err);
  }
  return {
    timezone: zone,
    next: (after) => cron.nextRun(after) ?? undefined,
  };
}

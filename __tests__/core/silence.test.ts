/** core/silence.ts: whether a silence alarm can watch a vault, with windows checked by hand. */
import { silenceWatch, SILENCE_PERIOD_SECONDS } from '../../core/silence';
import { planRpo, type RpoInput } from '../../core/rpo';

const rule = (schedule: string, extra: Partial<RpoInput> = {}): RpoInput => ({ schedule, startWindowMinutes: 60, completionWindowMinutes: 180, continuous: false, ...extra });

describe('silenceWatch', () => {
  it('watches a daily rule: 24 h gap + 1 h start + 3 h completion = 28 h, plus 1 h for the metric = 29 one-hour periods', () => {
    expect(silenceWatch([rule('cron(0 5 ? * * *)')])).toEqual({ watched: true, rpoMinutes: 28 * 60, periodSeconds: 3600, evaluationPeriods: 29, windowMinutes: 29 * 60 });
  });

  it('uses the one RPO evaluator over the union of the rules: MON-FRI and SAT,SUN together are daily', () => {
    const rules = [rule('cron(0 5 ? * MON-FRI *)'), rule('cron(0 5 ? * SAT,SUN *)')];
    const watch = silenceWatch(rules);
    expect(watch).toMatchObject({ watched: true, rpoMinutes: planRpo(rules).minutes, evaluationPeriods: 29 });
  });

  it('rounds a window that is not whole hours up: 24 h + 1 h + 100 min = 26 h 40 min -> 27 periods + 1', () => {
    expect(silenceWatch([rule('cron(0 5 ? * * *)', { completionWindowMinutes: 100 })])).toMatchObject({ watched: true, evaluationPeriods: 28 });
  });

  it('watches up to 7 days of periods (604,800 s): a 6-day gap + 4 h windows = 148 h -> 149 periods', () => {
    // Mondays and Sundays: the longest gap is Monday -> Sunday, 6 days.
    const watch = silenceWatch([rule('cron(0 5 ? * MON *)'), rule('cron(0 5 ? * SUN *)')]);
    expect(watch).toMatchObject({ watched: true, rpoMinutes: 6 * 24 * 60 + 240, evaluationPeriods: 149 });
    if (watch.watched) expect(watch.periodSeconds * watch.evaluationPeriods).toBeLessThanOrEqual(604_800);
  });

  it('does not watch a weekly rule: 7 days + 4 h + 1 h is past CloudWatch\'s 7-day evaluation range', () => {
    expect(silenceWatch([rule('cron(0 5 ? * SUN *)')])).toEqual({
      watched: false,
      rpoMinutes: 7 * 24 * 60 + 240,
      reason: 'its worst-case RPO of 7 d 4 h plus 1 h for the metric to arrive is longer than the 7 days a CloudWatch alarm can evaluate (Period x EvaluationPeriods <= 604,800 s)',
    });
  });

  it('does not watch a vault written only by continuous rules, and ignores continuous rules beside snapshot ones', () => {
    expect(silenceWatch([rule('cron(0 * ? * * *)', { continuous: true })])).toEqual({
      watched: false,
      rpoMinutes: null,
      reason: 'only continuous backup rules write to it: their 5-minute RPO is not a backup job cadence an alarm can rely on',
    });
    expect(silenceWatch([rule('cron(0 * ? * * *)', { continuous: true }), rule('cron(0 5 ? * * *)')])).toMatchObject({ watched: true, rpoMinutes: 28 * 60 });
  });

  it('does not watch an unbounded RPO or a vault no rule writes to', () => {
    expect(silenceWatch([rule('cron(0 5 ? * * 2027)')])).toEqual({ watched: false, rpoMinutes: null, reason: 'its worst-case RPO is unbounded (no rule runs after 2027)' });
    expect(silenceWatch([])).toEqual({ watched: false, rpoMinutes: null, reason: 'no backup rule writes to it' });
  });

  it('uses one-hour periods, the shortest with the 7-day range', () => {
    expect(SILENCE_PERIOD_SECONDS).toBe(3600);
  });
});

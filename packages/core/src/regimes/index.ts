export {
  AD_HOC_ROUND_KEY, assertRegimePlan, lateDays, periodsOfYear, regimeRounds, reminderDates, timeLeft, upcomingRounds,
  type RegimePlan, type Round, type ThematicRoundPlan,
} from './schedule.js';

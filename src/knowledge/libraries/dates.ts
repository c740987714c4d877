/**
 * Date libraries, as far as time windows need them: the calls that round a point in time down to
 * a unit (a minute, an hour, a day) and so name a time bucket. A Map keyed by what these return
 * is a tumbling window.
 */
import type { LibraryTable, TypeDef, TypeId } from '../model.js';

/** date-fns functions whose result is the start of the unit the input falls in (or rounds to one). */
const DATE_FNS_BUCKETS = [
  'startOfSecond',
  'startOfMinute',
  'startOfHour',
  'startOfDay',
  'startOfWeek',
  'startOfISOWeek',
  'startOfMonth',
  'startOfQuarter',
  'startOfYear',
  'startOfISOWeekYear',
  'startOfDecade',
  'roundToNearestMinutes',
  'roundToNearestHours',
] as const;

const BUCKET: TypeId = 'date.Bucket';

/** date-fns v2 also ships each function as the default export of `date-fns/<name>` (v3 as a named one too). */
const dateFnsSubpaths: Record<TypeId, TypeDef> = Object.fromEntries(
  DATE_FNS_BUCKETS.map((name) => [`date-fns/${name}`, { methods: { [name]: BUCKET } }]),
);

export const datesLibrary: LibraryTable = {
  name: 'dates',
  types: {
    [BUCKET]: { roles: ['time-bucket'] },

    'date-fns': { methods: Object.fromEntries(DATE_FNS_BUCKETS.map((name) => [name, BUCKET])) },
    ...dateFnsSubpaths,

    // `dayjs(t)` (and the utc/timezone plugins' `dayjs.utc(t)`, `dayjs.tz(t)`), then `.startOf('minute')`.
    dayjs: { call: 'dayjs.Dayjs', methods: { utc: 'dayjs.Dayjs', unix: 'dayjs.Dayjs', tz: 'dayjs.Dayjs' } },
    'dayjs.Dayjs': {
      methods: { startOf: BUCKET, utc: 'dayjs.Dayjs', local: 'dayjs.Dayjs', tz: 'dayjs.Dayjs', add: 'dayjs.Dayjs', subtract: 'dayjs.Dayjs' },
    },

    // moment keeps the same shape: `moment(t).startOf('hour')`, `moment.utc(t)`.
    moment: { call: 'moment.Moment', methods: { utc: 'moment.Moment', unix: 'moment.Moment' } },
    'moment.Moment': {
      methods: { startOf: BUCKET, utc: 'moment.Moment', local: 'moment.Moment', tz: 'moment.Moment', clone: 'moment.Moment', add: 'moment.Moment', subtract: 'moment.Moment' },
    },

    // luxon: `DateTime.fromMillis(t).startOf('minute')`.
    luxon: { classes: { DateTime: 'luxon.DateTime' } },
    'luxon.DateTime': {
      statics: 'luxon.DateTime.static',
      methods: { startOf: BUCKET, setZone: 'luxon.DateTime', toUTC: 'luxon.DateTime', toLocal: 'luxon.DateTime', plus: 'luxon.DateTime', minus: 'luxon.DateTime' },
    },
    'luxon.DateTime.static': {
      methods: Object.fromEntries(
        ['fromMillis', 'fromSeconds', 'fromISO', 'fromJSDate', 'fromSQL', 'fromFormat', 'fromRFC2822', 'fromHTTP', 'fromObject', 'now', 'local', 'utc'].map(
          (name) => [name, 'luxon.DateTime'],
        ),
      ),
    },
  },
  modules: [
    { specifiers: ['date-fns'], namespace: 'date-fns' },
    ...DATE_FNS_BUCKETS.map((name) => ({ specifiers: [`date-fns/${name}`], namespace: `date-fns/${name}`, defaultExport: { member: name } })),
    { specifiers: ['dayjs'], namespace: 'dayjs' },
    { specifiers: ['moment', 'moment-timezone'], namespace: 'moment' },
    { specifiers: ['luxon'], namespace: 'luxon' },
  ],
};

import { definePack } from '../sdk';
import { checkOverlaps } from './check-overlaps';
import { createEvent } from './create-event';
import { deleteEvent } from './delete-event';
import { exportIcs } from './export-ics';
import { findFreeTime } from './find-free-time';
import { importIcs } from './import-ics';
import { listEvents } from './list-events';
import { updateEvent } from './update-event';

export const calendarPack = definePack({
  name: 'calendar',
  version: '1.0.0',
  description:
    'Calendars as iCalendar (.ics, RFC 5545) files, one per person in a folder (calendar/<name>.ics): list events by date range, person and text; create, update and delete events (time zones, all-day, attendees, recurrence); find free time for several people; check for overlapping events; import and export any .ics. Writes are staged and reach the disk at Apply.',
  apis: [listEvents, createEvent, updateEvent, deleteEvent, findFreeTime, checkOverlaps, importIcs, exportIcs],
});

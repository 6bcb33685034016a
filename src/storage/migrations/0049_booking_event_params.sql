-- The values a history entry's text quotes ({"seats":"2","heldUntil":"2026-12-08T09:30:00Z"}), as
-- a JSON object of strings, so screens tell the history in the reader's language and time zone.
-- '' for entries written before: those show `detail`, the English summary every entry keeps.
ALTER TABLE booking_events ADD COLUMN params TEXT NOT NULL DEFAULT '';

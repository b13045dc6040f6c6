-- Phones (issue 11): a reply from a phone finds the pages sent to its
-- number, and STOP/START find the channels with it. The texts sent to a
-- phone name the channel and the engagement's sender.
ALTER TABLE pages ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX pages_by_address ON pages (address, created_at, id);
CREATE INDEX channels_by_address ON channels (type, address);
ALTER TABLE outbox ADD COLUMN channel_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN sender TEXT NOT NULL DEFAULT '';

/**
 * Issue 14: every call record names the Asterisk node that carried it (config `nodes[].name`, or `default` for the one
 * embedded node). The call recorder writes `calls.node`; an attempt takes its leg's node from the call row by these
 * triggers, so the dialer never has to know where its leg landed (the placement is the telephony port's).
 */
export const callNodeMigrationSql = `
  ALTER TABLE calls ADD COLUMN node TEXT;
  ALTER TABLE attempts ADD COLUMN node TEXT;
  CREATE INDEX attempts_channel ON attempts (channel_id) WHERE channel_id IS NOT NULL;
  CREATE TRIGGER calls_node_insert_attempt AFTER INSERT ON calls WHEN NEW.node IS NOT NULL BEGIN
    UPDATE attempts SET node = NEW.node WHERE channel_id = NEW.channel_id;
  END;
  CREATE TRIGGER calls_node_update_attempt AFTER UPDATE OF node ON calls WHEN NEW.node IS NOT NULL BEGIN
    UPDATE attempts SET node = NEW.node WHERE channel_id = NEW.channel_id;
  END;
`;

-- A coordinator may forward a lost device's unsent operations from its backup: the
-- server records which device did.
ALTER TABLE ops ADD COLUMN forwarded_by TEXT;

-- A device id names one device per programme: the join checks it in its transaction,
-- and the database holds it too. A database from before that check may hold a later
-- device that took another's id: the first device keeps it, the later one goes.
DELETE FROM devices
WHERE rowid NOT IN (SELECT MIN(rowid) FROM devices GROUP BY programme, device);
DROP INDEX devices_by_programme;
CREATE UNIQUE INDEX devices_by_programme ON devices (programme, device);

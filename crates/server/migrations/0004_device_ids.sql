-- A device id names one device per programme: the join checks it in its transaction,
-- and the database holds it too. A database from before that check may hold two devices
-- with one id: the first that still has access keeps it (else the first), the other goes.
DELETE FROM devices
WHERE rowid NOT IN (
    SELECT COALESCE(MIN(CASE WHEN revoked_at IS NULL THEN rowid END), MIN(rowid))
    FROM devices
    GROUP BY programme, device
);
DROP INDEX devices_by_programme;
CREATE UNIQUE INDEX devices_by_programme ON devices (programme, device);

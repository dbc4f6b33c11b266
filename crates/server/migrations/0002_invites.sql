-- Invites per role, and what a device may reach.
ALTER TABLE devices ADD COLUMN subject TEXT;
ALTER TABLE devices ADD COLUMN label TEXT NOT NULL DEFAULT '';

CREATE INDEX devices_by_programme ON devices (programme, device);

CREATE TABLE invites (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    programme  TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    -- SHA-256 of the invite code, hex; the code itself is never stored.
    code_hash  TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL,
    -- The care service, company, volunteer centre or volunteer the role acts for.
    subject    TEXT,
    label      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    -- An invite lets one device in.
    used_at    INTEGER,
    used_by    TEXT
);

CREATE INDEX invites_by_programme ON invites (programme, id);

-- Sending a device the older operations of an entity that came into its sight.
CREATE INDEX ops_by_entity ON ops (programme, entity);

-- Programmes on this server, the devices that may reach them, and every operation pushed.
CREATE TABLE programmes (
    id         TEXT PRIMARY KEY NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE devices (
    -- SHA-256 of the device token, hex; the token itself is never stored.
    token_hash TEXT PRIMARY KEY NOT NULL,
    programme  TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    device     TEXT NOT NULL,
    role       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
);

CREATE TABLE ops (
    -- The server sequence: monotonic, the pull checkpoint.
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    programme TEXT NOT NULL REFERENCES programmes (id) ON DELETE CASCADE,
    -- The op's identity: (HLC time, origin device). Storing it twice changes nothing.
    stamp     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    entity    TEXT NOT NULL,
    -- The operation as the client sent it (validated), JSON.
    body      TEXT NOT NULL,
    UNIQUE (programme, stamp)
);

CREATE INDEX ops_by_programme ON ops (programme, seq);

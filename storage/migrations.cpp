#include "storage/migrations.hpp"

#include <string>
#include <vector>

namespace sif::storage::detail {

namespace {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

// Append only. Never edit a migration that has shipped: add a new one.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "tables: schools, history, timers, outbox, idempotency", R"sql(
CREATE TABLE schools (
  id          TEXT PRIMARY KEY,            -- URN
  framework   TEXT NOT NULL,
  name        TEXT NOT NULL,
  la          TEXT NOT NULL,
  region      TEXT NOT NULL,
  category    TEXT NOT NULL DEFAULT '',
  active      TEXT NOT NULL DEFAULT '[]',  -- JSON [{instance, workflow, state}] for listings
  snapshot    TEXT NOT NULL,               -- JSON workflows::SchoolState
  seq         INTEGER NOT NULL,            -- optimistic concurrency: +1 per commit
  history_seq   INTEGER NOT NULL DEFAULT 0,  -- seq of the last history row: catches a removed tail
  history_head  TEXT NOT NULL DEFAULT '',    -- hash of the last history row
  created_at  INTEGER NOT NULL,            -- UTC unix seconds
  updated_at  INTEGER NOT NULL
);
CREATE TABLE history (
  school          TEXT NOT NULL REFERENCES schools(id),
  seq             INTEGER NOT NULL,        -- 1, 2, 3... per school
  instance        TEXT NOT NULL,
  workflow        TEXT NOT NULL,
  event           TEXT NOT NULL,
  from_state      TEXT NOT NULL,
  to_state        TEXT NOT NULL,
  data            TEXT NOT NULL,           -- JSON object of strings
  actor           TEXT NOT NULL,
  effective_date  TEXT NOT NULL,           -- ISO date
  note            TEXT NOT NULL,
  recorded_at     INTEGER NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL,
  PRIMARY KEY (school, seq)
) WITHOUT ROWID;
CREATE TABLE timers (
  school      TEXT NOT NULL REFERENCES schools(id),
  instance    TEXT NOT NULL,
  workflow    TEXT NOT NULL,
  timer       TEXT NOT NULL,
  kind        TEXT NOT NULL,
  title       TEXT NOT NULL,
  due         TEXT NOT NULL,               -- ISO date (Europe/London)
  fire_at     INTEGER NOT NULL,            -- UTC unix seconds
  provenance  TEXT NOT NULL,               -- JSON workflows::Provenance
  PRIMARY KEY (school, instance, timer)
) WITHOUT ROWID;
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  key              TEXT NOT NULL UNIQUE,   -- "<school>/<school seq>/<n>": stable for receivers
  school           TEXT NOT NULL REFERENCES schools(id),
  instance         TEXT NOT NULL,
  workflow         TEXT NOT NULL,
  template         TEXT NOT NULL,
  to_roles         TEXT NOT NULL,          -- JSON array
  cc_roles         TEXT NOT NULL,          -- JSON array
  data             TEXT NOT NULL,          -- JSON object of strings
  reason           TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  sent_at          INTEGER
);
CREATE TABLE idempotency (
  key         TEXT PRIMARY KEY,
  school      TEXT NOT NULL,
  status      INTEGER NOT NULL,
  response    TEXT NOT NULL,               -- JSON text of the first answer
  created_at  INTEGER NOT NULL
);
)sql"},
      {2, "indexes and append-only guards", R"sql(
CREATE INDEX timers_by_fire_at ON timers(fire_at, school, timer, instance);
CREATE INDEX timers_by_due ON timers(due, fire_at, school);
CREATE INDEX outbox_by_status ON outbox(status, next_attempt_at, id);
CREATE INDEX outbox_by_school ON outbox(school, id);
CREATE INDEX schools_by_framework ON schools(framework, category);
-- History is append-only. These stop accidents; the hash chain detects the rest.
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
  BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
)sql"},
      // SQLite cannot drop a NOT NULL constraint in place: the table is rebuilt (rows, ids and
      // the AUTOINCREMENT high-water mark kept) and its indexes recreated. Nothing references
      // outbox, so dropping the old table with foreign keys on is safe.
      {3, "outbox rows may belong to no school (notices addressed to one person: daily digests)", R"sql(
CREATE TABLE outbox_new (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  key              TEXT NOT NULL UNIQUE,   -- "<school>/<school seq>/<n>", "digest/<date>/<email>"
  school           TEXT REFERENCES schools(id),  -- NULL: addressed to the person in data.recipient.*
  instance         TEXT NOT NULL,
  workflow         TEXT NOT NULL,
  template         TEXT NOT NULL,
  to_roles         TEXT NOT NULL,          -- JSON array
  cc_roles         TEXT NOT NULL,          -- JSON array
  data             TEXT NOT NULL,          -- JSON object of strings
  reason           TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  sent_at          INTEGER
);
INSERT INTO outbox_new (id, key, school, instance, workflow, template, to_roles, cc_roles, data, reason,
                        status, attempts, next_attempt_at, last_error, created_at, sent_at)
  SELECT id, key, school, instance, workflow, template, to_roles, cc_roles, data, reason,
         status, attempts, next_attempt_at, last_error, created_at, sent_at FROM outbox;
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_by_status ON outbox(status, next_attempt_at, id);
CREATE INDEX outbox_by_school ON outbox(school, id);
)sql"},
      // What a timer's date means (deadline, window, prompt) and the day it fires, which is no
      // longer always its due date. Rows written before have fired on their due date.
      {4, "timers say what their date means and the day they fire (deadline, window, prompt)", R"sql(
ALTER TABLE timers ADD COLUMN meaning TEXT NOT NULL DEFAULT 'prompt'
  CHECK (meaning IN ('deadline', 'window', 'prompt'));
ALTER TABLE timers ADD COLUMN fires TEXT NOT NULL DEFAULT '';   -- ISO date; '' = the due date
ALTER TABLE timers ADD COLUMN late INTEGER NOT NULL DEFAULT 0;  -- a reminder sent after its date
)sql"},
      // An idempotency key remembers what was asked, so that the same key with a different
      // request is refused instead of answered with the first, unrelated response; keys expire.
      {5, "idempotency keys remember the request they answered, and expire", R"sql(
ALTER TABLE idempotency ADD COLUMN request TEXT NOT NULL DEFAULT '';  -- SHA-256 hex; '' = not known
CREATE INDEX idempotency_by_created ON idempotency(created_at);
)sql"},
      // Listing notices by status, newest first, from an index rather than by reading every row
      // (the outbox only grows: sent rows are kept).
      {6, "the outbox is listed by status from an index", R"sql(
CREATE INDEX IF NOT EXISTS outbox_by_status_id ON outbox(status, id);
)sql"},
      // Secrets sifd makes for itself once and must keep across restarts (the key that signs
      // calendar feed tokens): in the database, so a backup carries them and a restore keeps
      // every subscribed feed working.
      {7, "secrets sifd keeps across restarts (the calendar feed key)", R"sql(
CREATE TABLE IF NOT EXISTS secrets (
  name        TEXT PRIMARY KEY,            -- "feed_hmac_sha256"
  value       TEXT NOT NULL,               -- hex
  created_at  INTEGER NOT NULL             -- UTC unix seconds
) WITHOUT ROWID;
)sql"},
      // The console's listing filters at 100,000 schools: whether a school has overdue entries
      // and whose schools it is (contact emails) become columns written at every commit, so a
      // filter reads a column rather than every snapshot; rows written before are filled from
      // their snapshots here. Open windows (warning notices on the overview) and notices of
      // one template are read from indexes.
      {8, "schools carry their overdue count and contact emails; window timers and notice templates indexed", R"sql(
ALTER TABLE schools ADD COLUMN overdue INTEGER NOT NULL DEFAULT 0;  -- Instance::overdue entries of active instances
ALTER TABLE schools ADD COLUMN emails TEXT NOT NULL DEFAULT '';     -- contacts' emails, lower case, each on its own line
UPDATE schools SET
  overdue = (SELECT COUNT(*) FROM json_each(snapshot, '$.instances') AS i, json_each(i.value, '$.overdue')
             WHERE json_extract(i.value, '$.final') IS NOT 1),
  emails = COALESCE((SELECT char(10) || group_concat(lower(json_extract(c.value, '$.email')), char(10)) || char(10)
                     FROM json_each(snapshot, '$.school.contacts') AS c
                     WHERE COALESCE(json_extract(c.value, '$.email'), '') != ''), '');
CREATE INDEX schools_with_overdue ON schools(id) WHERE overdue > 0;
CREATE INDEX timers_windows ON timers(due) WHERE meaning = 'window';
CREATE INDEX outbox_by_template ON outbox(template, id);
)sql"},
      // An idempotency key remembered the HTTP status of its first answer (200, 201); storage
      // now keeps what the answer did, and the HTTP layer chooses the status.
      {9, "idempotency keys remember whether their answer registered a school, not an HTTP status", R"sql(
ALTER TABLE idempotency RENAME COLUMN status TO registered;
UPDATE idempotency SET registered = CASE registered WHEN 201 THEN 1 ELSE 0 END;
)sql"},
      // A school's case file (GET /v1/schools/{id}) is a function of its snapshot (seq), its
      // timers (written only by the commits that move seq) and its notices, whose status the
      // notice worker changes without a commit of the school. notice_revs counts every change to
      // one of the school's outbox rows, whoever makes it (this process or another), so
      // (seq, rev) says when a cached answer is stale. A table of its own, so that counting
      // rewrites one small row and not the school's row with its snapshot.
      {10, "schools count changes to their notices, so a cached case file knows when it is stale", R"sql(
CREATE TABLE notice_revs (
  school  TEXT PRIMARY KEY,
  rev     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER outbox_insert_rev AFTER INSERT ON outbox WHEN NEW.school IS NOT NULL
BEGIN INSERT INTO notice_revs (school, rev) VALUES (NEW.school, 1) ON CONFLICT (school) DO UPDATE SET rev = rev + 1; END;
CREATE TRIGGER outbox_update_rev AFTER UPDATE ON outbox WHEN NEW.school IS NOT NULL
BEGIN INSERT INTO notice_revs (school, rev) VALUES (NEW.school, 1) ON CONFLICT (school) DO UPDATE SET rev = rev + 1; END;
CREATE TRIGGER outbox_delete_rev AFTER DELETE ON outbox WHEN OLD.school IS NOT NULL
BEGIN INSERT INTO notice_revs (school, rev) VALUES (OLD.school, 1) ON CONFLICT (school) DO UPDATE SET rev = rev + 1; END;
)sql"},
  };
  return kMigrations;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

workflows::Result<int> read_schema_version(Connection& conn) {
  auto st = conn.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return static_cast<int>(st->int64(0));
}

workflows::Status migrate(Connection& conn) {
  auto s = conn.exec(
      "CREATE TABLE IF NOT EXISTS schema_version ("
      " version INTEGER PRIMARY KEY, description TEXT NOT NULL)");
  if (!s) return s;
  auto current = read_schema_version(conn);
  if (!current) return current.error();
  if (*current > latest_schema_version()) {
    return workflows::Error::corruption(
        "database schema version " + std::to_string(*current) + " is newer than this sif knows (" +
            std::to_string(latest_schema_version()) + "); run a newer sifd or restore a backup",
        "schema_version");
  }
  for (const auto& m : migrations()) {
    if (m.version <= *current) continue;
    Transaction tx(conn);
    if (auto b = tx.begin(); !b) return b;
    if (auto e = conn.exec(m.sql); !e) {
      auto err = e.error();
      err.message = "migration " + std::to_string(m.version) + " failed: " + err.message;
      return err;
    }
    auto ins = conn.prepare("INSERT INTO schema_version (version, description) VALUES (?, ?)");
    if (!ins) return ins.error();
    ins->bind(1, m.version).bind(2, m.description);
    if (auto r = ins->run(); !r) return r;
    if (auto c = tx.commit(); !c) return c;
  }
  return workflows::Ok{};
}

}  // namespace sif::storage::detail

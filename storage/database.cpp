#include "storage/database.hpp"

#include <boost/json.hpp>

#include "storage/hash_chain.hpp"
#include "storage/json_codec.hpp"
#include "storage/migrations.hpp"
#include "storage/rows.hpp"
#include "storage/sqlite.hpp"

namespace sif::storage {

using detail::Connection;
using detail::Transaction;
using workflows::Error;
using workflows::Result;
using workflows::Status;

namespace {

const char* synchronous_pragma(DatabaseOptions::Synchronous s) {
  switch (s) {
    case DatabaseOptions::Synchronous::kOff: return "PRAGMA synchronous = OFF";
    case DatabaseOptions::Synchronous::kNormal: return "PRAGMA synchronous = NORMAL";
    case DatabaseOptions::Synchronous::kFull: return "PRAGMA synchronous = FULL";
  }
  return "PRAGMA synchronous = FULL";
}

std::string active_json(const workflows::SchoolState& s) {
  boost::json::array a;
  for (const auto& i : s.instances) {
    if (i.final) continue;
    a.push_back(boost::json::object{{"instance", i.id}, {"workflow", i.workflow}, {"state", i.state}});
  }
  return dump_json(a);
}

// schools.overdue: the Instance::overdue entries of active instances (migration 7).
std::int64_t stored_overdue(const workflows::SchoolState& s) {
  std::int64_t n = 0;
  for (const auto& i : s.instances) {
    if (!i.final) n += static_cast<std::int64_t>(i.overdue.size());
  }
  return n;
}

// schools.emails: every contact's email, ASCII lower case (as SQLite's lower()), each on its
// own line with a newline before the first, so "\n<email>\n" finds one exactly.
std::string stored_emails(const workflows::SchoolState& s) {
  std::string out;
  for (const auto& [role, c] : s.school.contacts) {
    if (c.email.empty()) continue;
    if (out.empty()) out = "\n";
    for (char ch : c.email) out.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
    out.push_back('\n');
  }
  return out;
}

}  // namespace

Database::Database(std::filesystem::path path, std::unique_ptr<Connection> conn)
    : path_(std::move(path)), conn_(std::move(conn)) {}

Database::~Database() = default;

int Database::latest_schema_version() { return detail::latest_schema_version(); }

Result<std::unique_ptr<Database>> Database::open(const std::filesystem::path& path, DatabaseOptions options) {
  auto conn = Connection::open(path.string());
  if (!conn) return conn.error();
  Connection& c = **conn;
  sqlite3_busy_timeout(c.handle(), static_cast<int>(options.busy_timeout.count()));
  // journal_mode answers with a row; exec ignores it.
  for (const char* pragma : {"PRAGMA journal_mode = WAL", "PRAGMA foreign_keys = ON",
                             synchronous_pragma(options.synchronous)}) {
    if (auto s = c.exec(pragma); !s) return s.error();
  }
  std::unique_ptr<Database> db(new Database(path, std::move(*conn)));
  {
    std::lock_guard lock(db->mu_);
    if (auto s = db->migrate_locked(); !s) {
      auto e = s.error();
      e.message = path.string() + ": " + e.message;
      return e;
    }
  }
  return db;
}

Status Database::migrate_locked() { return detail::migrate(*conn_); }

int Database::schema_version() {
  std::lock_guard lock(mu_);
  auto v = detail::read_schema_version(*conn_);
  return v ? *v : -1;
}

void Database::record_statements(std::set<std::string>* into) {
  std::lock_guard lock(mu_);
  conn_->record_sql(into);
}

void Database::fail_at_statement(int n) {
  std::lock_guard lock(mu_);
  conn_->fail_at(n);
}

std::int64_t Database::statements_run() {
  std::lock_guard lock(mu_);
  return conn_->steps();
}

Result<std::int64_t> Database::limit_pages(std::int64_t pages) {
  std::lock_guard lock(mu_);
  // Straight to SQLite, not through Statement::step(): setting the limit must not consume an
  // injected fault.
  const std::string sql = "PRAGMA max_page_count = " + std::to_string(pages);
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(conn_->handle(), sql.c_str(), -1, &st, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(st);
  const std::int64_t limit = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return conn_->error("cannot limit the file's size", sql, rc);
  return limit;
}

Result<CommitResult> Database::commit(const SchoolCommit& commit, const FireAtFn& fire_at, UnixSeconds now) {
  std::lock_guard lock(mu_);
  Transaction tx(*conn_);
  if (auto b = tx.begin(); !b) return b.error();
  auto r = apply_commit_locked(commit, fire_at, now);
  if (!r) return r.error();
  if (auto c = tx.commit(); !c) return c.error();
  return r;
}

std::vector<Result<CommitResult>> Database::commit_batch(const std::vector<SchoolCommit>& commits,
                                                         const FireAtFn& fire_at, UnixSeconds now) {
  std::lock_guard lock(mu_);
  auto run_cached = [&](std::string_view sql) -> Status {
    auto st = conn_->cached(sql);
    if (!st) return st.error();
    return st->run();
  };
  std::vector<Result<CommitResult>> results;
  results.reserve(commits.size());
  Transaction tx(*conn_);
  if (auto b = tx.begin(); !b) {
    for (std::size_t i = 0; i < commits.size(); ++i) results.emplace_back(b.error());
    return results;
  }
  for (const auto& c : commits) {
    // Each item in its own savepoint: a failure rolls back that item only. (Cached statements:
    // compiling these two for every item was a tenth of a chunked import's time.)
    if (auto s = run_cached("SAVEPOINT item"); !s) {
      results.emplace_back(s.error());
      continue;
    }
    auto r = apply_commit_locked(c, fire_at, now);
    if (r) {
      if (auto s = run_cached("RELEASE item"); !s) r = s.error();
    }
    if (!r) {
      // Cleanup bypasses fault injection: it must not be the injected failure's victim.
      sqlite3_exec(conn_->handle(), "ROLLBACK TO item; RELEASE item", nullptr, nullptr, nullptr);
    }
    results.push_back(std::move(r));
  }
  if (auto c = tx.commit(); !c) {
    for (auto& r : results) {
      if (r) r = c.error();
    }
  }
  return results;
}

Result<std::vector<CommitResult>> Database::commit_all(const std::vector<SchoolCommit>& commits, const FireAtFn& fire_at,
                                                       UnixSeconds now, std::ptrdiff_t* failed_item) {
  std::lock_guard lock(mu_);
  if (failed_item) *failed_item = -1;
  std::vector<CommitResult> results;
  results.reserve(commits.size());
  Transaction tx(*conn_);  // rolls back on every early return
  if (auto b = tx.begin(); !b) return b.error();
  for (std::size_t i = 0; i < commits.size(); ++i) {
    auto r = apply_commit_locked(commits[i], fire_at, now);
    if (!r) {
      if (failed_item) *failed_item = static_cast<std::ptrdiff_t>(i);
      return r.error();
    }
    results.push_back(std::move(*r));
  }
  if (auto c = tx.commit(); !c) return c.error();
  return results;
}

Result<CommitResult> Database::apply_commit_locked(const SchoolCommit& commit, const FireAtFn& fire_at,
                                                   UnixSeconds now) {
  Connection& c = *conn_;
  const auto& school = commit.next.school;
  if (commit.school_id.empty() || school.id != commit.school_id) {
    return Error::invalid("commit for school '" + commit.school_id + "' carries a snapshot of '" + school.id + "'");
  }
  CommitResult out;

  // 1. The school row: the sequence number the caller read, and the head of its history chain.
  auto sel = c.cached("SELECT seq, history_seq, history_head FROM schools WHERE id = ?");
  if (!sel) return sel.error();
  sel->bind(1, commit.school_id);
  auto found = sel->step();
  if (!found) return found.error();
  std::optional<std::int64_t> stored_seq;
  // The history rows, hash-chained to the school's last row (the head its row keeps: every commit
  // writes the two together, and audit verify checks they agree), are worked out first, so the
  // school's row, with its snapshot, is written once per commit with its new head.
  HistoryRow row;
  row.school = school.id;
  if (*found) {
    stored_seq = sel->int64(0);
    row.seq = sel->int64(1);
    row.hash = sel->text(2);
  }
  std::vector<HistoryRow> rows;
  rows.reserve(commit.history.size());
  for (const auto& h : commit.history) {
    row.prev_hash = row.hash;
    row.seq += 1;
    row.entry = h;
    row.recorded_at = now;
    row.hash = history_hash(row);
    rows.push_back(row);
  }
  const std::string snapshot = dump_json(to_json(commit.next));
  const std::string active = active_json(commit.next);
  if (!commit.expected_seq) {
    if (stored_seq) return Error::conflict("school " + commit.school_id + " is already registered", "id");
    auto ins = c.cached(
        "INSERT INTO schools (id, framework, name, la, region, category, active, snapshot, seq, "
        "created_at, updated_at, overdue, emails, history_seq, history_head) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    ins->bind(1, school.id).bind(2, school.framework).bind(3, school.name).bind(4, school.la);
    ins->bind(5, workflows::to_string(school.region)).bind(6, commit.next.category).bind(7, active);
    ins->bind(8, snapshot).bind(9, now).bind(10, now);
    ins->bind(11, stored_overdue(commit.next)).bind(12, stored_emails(commit.next));
    ins->bind(13, row.seq).bind(14, row.hash);
    if (auto r = ins->run(); !r) return r.error();
    out.seq = 1;
  } else {
    if (!stored_seq) return Error::not_found("no school with id " + commit.school_id, "id");
    if (*stored_seq != *commit.expected_seq) {
      return Error::conflict("school " + commit.school_id + " changed since it was read (seq " +
                                 std::to_string(*stored_seq) + ", expected " +
                                 std::to_string(*commit.expected_seq) + "); read it again and retry",
                             "seq");
    }
    auto upd = c.cached(
        "UPDATE schools SET framework = ?, name = ?, la = ?, region = ?, category = ?, active = ?, "
        "snapshot = ?, seq = seq + 1, updated_at = ?, overdue = ?11, emails = ?12, history_seq = ?13, "
        "history_head = ?14 WHERE id = ?9 AND seq = ?10");
    if (!upd) return upd.error();
    upd->bind(1, school.framework).bind(2, school.name).bind(3, school.la);
    upd->bind(4, workflows::to_string(school.region)).bind(5, commit.next.category).bind(6, active);
    upd->bind(7, snapshot).bind(8, now).bind(9, school.id).bind(10, *commit.expected_seq);
    upd->bind(11, stored_overdue(commit.next)).bind(12, stored_emails(commit.next));
    upd->bind(13, row.seq).bind(14, row.hash);
    if (auto r = upd->run(); !r) return r.error();
    out.seq = *commit.expected_seq + 1;
  }

  // 2. The history rows worked out above.
  if (!rows.empty()) {
    auto ins = c.cached(
        "INSERT INTO history (school, seq, instance, workflow, event, from_state, to_state, data, "
        "actor, effective_date, note, recorded_at, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins) return ins.error();
    out.first_history_seq = rows.front().seq;
    for (const auto& r : rows) {
      const auto& h = r.entry;
      ins->reset();
      ins->bind(1, r.school).bind(2, r.seq).bind(3, h.instance).bind(4, h.workflow).bind(5, h.event);
      ins->bind(6, h.from).bind(7, h.to).bind(8, dump_json(to_json(h.data))).bind(9, h.actor);
      ins->bind(10, h.date == workflows::Date{} ? std::string() : workflows::format_date(h.date));
      ins->bind(11, h.note).bind(12, now).bind(13, r.prev_hash).bind(14, r.hash);
      if (auto res = ins->run(); !res) return res.error();
      ++out.history_count;
    }
  }

  // 3. Timers: only the rows that differ from the snapshot's pending timers are written.
  if (auto r = detail::write_timers(c, commit.next, fire_at, !commit.expected_seq); !r) return r.error();

  // 4. Notices become pending outbox rows with a stable key.
  if (!commit.notices.empty()) {
    auto oins = c.cached(
        "INSERT INTO outbox (key, school, instance, workflow, template, to_roles, cc_roles, data, reason, "
        "status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)");
    if (!oins) return oins.error();
    int n = 0;
    for (const auto& nt : commit.notices) {
      ++n;
      oins->reset();
      oins->bind(1, school.id + "/" + std::to_string(out.seq) + "/" + std::to_string(n));
      oins->bind(2, school.id).bind(3, nt.instance).bind(4, nt.workflow).bind(5, nt.template_id);
      oins->bind(6, detail::roles_json(nt.to)).bind(7, detail::roles_json(nt.cc)).bind(8, dump_json(to_json(nt.data)));
      oins->bind(9, nt.reason).bind(10, now).bind(11, now);
      if (auto r = oins->run(); !r) return r.error();
      out.outbox_ids.push_back(sqlite3_last_insert_rowid(c.handle()));
    }
  }

  // 5. The answer remembered under the idempotency key, in the same transaction.
  if (commit.idempotency) {
    const auto& k = *commit.idempotency;
    auto iins = c.cached(
        "INSERT INTO idempotency (key, school, registered, response, created_at, request) VALUES (?, ?, ?, ?, ?, ?)");
    if (!iins) return iins.error();
    iins->bind(1, k.key).bind(2, school.id).bind(3, static_cast<std::int64_t>(k.registered ? 1 : 0));
    iins->bind(4, commit.response_for ? commit.response_for(out) : k.response_json).bind(5, now).bind(6, k.request_hash);
    if (auto r = iins->run(); !r) {
      auto e = r.error();
      if (e.code == workflows::ErrorCode::kConflict) {
        return Error::conflict("idempotency key '" + k.key + "' was already used", "idempotency_key");
      }
      return e;
    }
  }
  return out;
}

}  // namespace sif::storage

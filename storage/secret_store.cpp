// Secrets sifd makes for itself (the key that signs calendar feed tokens), kept in the secrets
// table so that they survive restarts and travel with a backup. Read first, written only when
// absent: a read-only database still answers a secret it already holds.
#include "storage/database.hpp"
#include "storage/sqlite.hpp"

namespace sif::storage {

using workflows::Error;
using workflows::Result;

namespace {

Result<std::optional<std::string>> read_secret(detail::Connection& conn, const std::string& name) {
  auto st = conn.prepare("SELECT value FROM secrets WHERE name = ?");
  if (!st) return st.error();
  st->bind(1, name);
  auto row = st->step();
  if (!row) return row.error();
  if (!*row) return std::optional<std::string>{};
  return std::optional<std::string>(st->text(0));
}

}  // namespace

Result<std::string> Database::secret(const std::string& name, const std::string& candidate, UnixSeconds now) {
  if (name.empty()) return Error::invalid("a secret needs a name", "name");
  if (candidate.empty()) return Error::invalid("secret '" + name + "' cannot be stored empty", "candidate");
  std::lock_guard lock(mu_);
  auto have = read_secret(*conn_, name);
  if (!have) return have.error();
  if (*have) return **have;
  // Another process on the same file may store one between the read and this insert: OR IGNORE
  // keeps theirs, and the read below answers whichever was stored first.
  auto ins = conn_->prepare("INSERT OR IGNORE INTO secrets (name, value, created_at) VALUES (?, ?, ?)");
  if (!ins) return ins.error();
  ins->bind(1, name).bind(2, candidate).bind(3, now);
  if (auto r = ins->run(); !r) return r.error();
  auto stored = read_secret(*conn_, name);
  if (!stored) return stored.error();
  if (!*stored) return Error::io("secret '" + name + "' was stored but cannot be read back");
  return **stored;
}

}  // namespace sif::storage

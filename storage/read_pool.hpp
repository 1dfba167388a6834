// Read-only connections for readers beside the single writer. SQLite in WAL mode lets any number
// of readers run while one connection writes: each reader sees the last commit that had returned
// when its read transaction began, and neither waits for the other (a reader never takes the
// write lock; the writer never waits for readers, except a checkpoint, which skips pages still
// being read). The HTTP API's GET handlers read through these, so an import or a long commit on
// the writer does not stall them.
//
// A Lease is one connection, exclusively held, inside one read transaction (BEGIN ... COMMIT):
// every read through it sees the same snapshot. The pool keeps up to `keep` idle connections and
// opens another when all are out (a handler that calls an engine read while holding a lease takes
// a second one), so acquire() never waits on another lease; beyond `keep`, returned connections
// are closed.
//
// Thread-safety: acquire() may be called from any thread; a Lease belongs to one thread at a time.
// REQUIRES: the pool outlives its leases.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/database.hpp"
#include "workflows/result.hpp"

namespace sif::storage {

class ReadPool {
 public:
  class Lease {
   public:
    // Borrows `db` without a read transaction of its own (the writer's connection, when the
    // database has no file readers could share).
    static Lease borrow(Database& db) { return Lease(&db, nullptr, nullptr); }
    Lease(Lease&& o) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();  // ends the read transaction and returns the connection
    Database* operator->() const { return db_; }
    Database& operator*() const { return *db_; }
    bool read_only() const { return pool_ != nullptr; }

   private:
    friend class ReadPool;
    Lease(Database* db, ReadPool* pool, std::unique_ptr<Database> owned)
        : db_(db), pool_(pool), owned_(std::move(owned)) {}
    Database* db_;
    ReadPool* pool_;                  // null: borrowed
    std::unique_ptr<Database> owned_; // the pooled connection while leased
  };

  // REQUIRES: `path` is an existing database migrated to latest_schema_version() (the writer
  // opened it first). Opens no connection yet.
  ReadPool(std::filesystem::path path, std::size_t keep, DatabaseOptions options = {});
  ~ReadPool();
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // An idle connection, or a new one, with its read transaction begun. Errors: kIo (the file
  // cannot be opened read-only), kCorruption (schema not this binary's).
  workflows::Result<Lease> acquire();

  // Connections open now (idle + leased), and the most that were open at once. For tests.
  std::size_t open_connections() const;
  std::size_t peak_connections() const;

 private:
  void give_back(std::unique_ptr<Database> db);

  std::filesystem::path path_;
  std::size_t keep_;
  DatabaseOptions options_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<Database>> idle_;  // guarded by mu_
  std::size_t open_ = 0;                          // guarded by mu_
  std::size_t peak_ = 0;                          // guarded by mu_
};

}  // namespace sif::storage

#include "notifications/outbox.hpp"

#include <algorithm>

#include "notifications/dispatcher.hpp"
#include "storage/database.hpp"

namespace sif::notifications {

workflows::Result<std::vector<storage::OutboxRow>> DatabaseOutbox::due(UnixSeconds now, int limit) {
  return db_.outbox_due(now, limit);
}

workflows::Result<std::optional<workflows::School>> DatabaseOutbox::school(const std::string& id) {
  auto stored = db_.load_school(id);
  if (!stored) return stored.error();
  if (!stored->has_value()) return std::optional<workflows::School>{};
  return std::optional<workflows::School>{(*stored)->state.school};
}

workflows::Status DatabaseOutbox::mark_sent(std::int64_t id, UnixSeconds now) {
  return db_.outbox_mark_sent(id, now);
}

workflows::Status DatabaseOutbox::mark_failed(std::int64_t id, const std::string& error,
                                              std::optional<UnixSeconds> next_attempt) {
  return db_.outbox_mark_failed(id, error, next_attempt);
}

workflows::Result<std::optional<UnixSeconds>> DatabaseOutbox::next_attempt() {
  auto rows = db_.outbox_list(storage::OutboxStatus::kPending);
  if (!rows) return rows.error();
  std::optional<UnixSeconds> earliest;
  for (const auto& r : *rows) {
    if (!earliest || r.next_attempt_at < *earliest) earliest = r.next_attempt_at;
  }
  return earliest;
}

// Here rather than in dispatcher.cpp so that programs using the Dispatcher over another Outbox
// do not link storage::Database.
Dispatcher::Dispatcher(storage::Database& db, Channel& channel, DispatcherOptions options)
    : owned_outbox_(std::make_unique<DatabaseOutbox>(db)),
      outbox_(*owned_outbox_),
      channel_(channel),
      options_(std::move(options)),
      renderer_(options_.templates_dir),
      backoff_(options_.backoff, options_.seed) {
  init();
}

}  // namespace sif::notifications

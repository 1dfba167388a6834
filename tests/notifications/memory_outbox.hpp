// An in-memory Outbox for dispatcher tests, with the storage semantics the dispatcher relies
// on (due = pending and next_attempt_at <= now, oldest first; mark_failed bumps attempts;
// retry resets) and a fail-at-the-Nth-mark_sent counter to simulate a crash between send and
// mark-sent.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "notifications/outbox.hpp"

namespace sif::test {

class MemoryOutbox : public notifications::Outbox {
 public:
  using Row = storage::OutboxRow;

  std::int64_t add(const std::string& school, const std::string& template_id,
                   std::vector<std::string> to, std::vector<std::string> cc = {},
                   workflows::Data data = {}) {
    Row r;
    r.id = next_id_++;
    r.key = school + "/1/" + std::to_string(r.id);
    r.school = school;
    r.template_id = template_id;
    r.to = std::move(to);
    r.cc = std::move(cc);
    r.data = std::move(data);
    rows.push_back(r);
    return r.id;
  }
  Row& row(std::int64_t id) {
    for (auto& r : rows) {
      if (r.id == id) return r;
    }
    throw std::out_of_range("no row");
  }
  void retry(std::int64_t id, storage::UnixSeconds now) {
    auto& r = row(id);
    r.status = storage::OutboxStatus::kPending;
    r.attempts = 0;
    r.next_attempt_at = now;
  }
  int count(storage::OutboxStatus s) const {
    int n = 0;
    for (const auto& r : rows) n += r.status == s;
    return n;
  }

  workflows::Result<std::vector<Row>> due(storage::UnixSeconds now, int limit) override {
    std::vector<Row> out;
    for (const auto& r : rows) {
      if (r.status == storage::OutboxStatus::kPending && r.next_attempt_at <= now) out.push_back(r);
      if (limit > 0 && static_cast<int>(out.size()) == limit) break;
    }
    return out;
  }
  workflows::Result<std::optional<workflows::School>> school(const std::string& id) override {
    auto it = schools.find(id);
    if (it == schools.end()) return std::optional<workflows::School>{};
    return std::optional<workflows::School>{it->second};
  }
  workflows::Status mark_sent(std::int64_t id, storage::UnixSeconds now) override {
    if (fail_mark_sent_at && mark_sent_calls++ == *fail_mark_sent_at) {
      return workflows::Error::io("injected mark_sent failure");
    }
    auto& r = row(id);
    r.status = storage::OutboxStatus::kSent;
    r.sent_at = now;
    return workflows::Ok{};
  }
  workflows::Status mark_failed(std::int64_t id, const std::string& error,
                                std::optional<storage::UnixSeconds> next) override {
    auto& r = row(id);
    r.attempts += 1;
    r.last_error = error;
    if (next) {
      r.next_attempt_at = *next;
    } else {
      r.status = storage::OutboxStatus::kDead;
    }
    return workflows::Ok{};
  }
  workflows::Result<std::optional<storage::UnixSeconds>> next_attempt() override {
    std::optional<storage::UnixSeconds> e;
    for (const auto& r : rows) {
      if (r.status == storage::OutboxStatus::kPending && (!e || r.next_attempt_at < *e)) e = r.next_attempt_at;
    }
    return e;
  }

  std::vector<Row> rows;
  std::map<std::string, workflows::School> schools;
  std::optional<int> fail_mark_sent_at;
  int mark_sent_calls = 0;

 private:
  std::int64_t next_id_ = 1;
};

}  // namespace sif::test

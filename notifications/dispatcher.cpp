#include "notifications/dispatcher.hpp"

#include "notifications/letter.hpp"

#include <date/tz.h>

#include <set>

namespace sif::notifications {
namespace {

std::string describe(const Error& e) {
  std::string s = e.message;
  if (!e.details.empty()) s += " (" + e.details + ")";
  return s;
}

// "school 120001" or, for a notice addressed to one person, "to ann@example.org".
std::string about(const storage::OutboxRow& row) {
  if (!row.school.empty()) return "school " + row.school;
  auto it = row.data.find("recipient.email");
  return "to " + (it == row.data.end() ? std::string("nobody") : it->second);
}

}  // namespace

workflows::Date london_date(TimePoint t) {
  const auto local = date::zoned_time{"Europe/London", t}.get_local_time();
  return workflows::Date{date::floor<date::days>(local).time_since_epoch()};
}

UnixSeconds to_unix_ceil(TimePoint t) {
  return std::chrono::ceil<std::chrono::seconds>(t.time_since_epoch()).count();
}

Dispatcher::Dispatcher(Outbox& outbox, Channel& channel, DispatcherOptions options)
    : outbox_(outbox),
      channel_(channel),
      options_(std::move(options)),
      renderer_(options_.templates_dir),
      backoff_(options_.backoff, options_.seed) {
  init();
}

void Dispatcher::init() {
  if (!options_.local_date) options_.local_date = london_date;
  if (options_.batch <= 0) options_.batch = 100;
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::log(std::string_view level, const std::string& line) const {
  if (options_.log) options_.log(level, line);
}

workflows::Result<Message> Dispatcher::build(const storage::OutboxRow& row, TimePoint now) {
  std::optional<workflows::School> school;
  if (!row.school.empty()) {
    auto loaded = outbox_.school(row.school);
    if (!loaded) return loaded.error();
    if (!loaded->has_value()) {
      return Error::not_found("notice for unknown school " + row.school);
    }
    school = std::move(**loaded);
  }
  // Addressed to one person (a daily digest): no school to load, no roles to route.
  auto recipients = recipients_of(row, school ? &*school : nullptr, options_.default_contacts);
  if (!recipients) return recipients.error();
  const workflows::Date today = options_.local_date(now);
  workflows::Data data = letter_data(row, school ? &*school : nullptr, *recipients, today);
  auto rendered = renderer_.render(row.template_id, data, today);
  if (!rendered) return rendered.error();

  Message m;
  m.id = row.key;
  m.template_id = row.template_id;
  m.school_id = row.school;
  m.to = std::move(recipients->to);
  m.cc = std::move(recipients->cc);
  m.subject = std::move(rendered->subject);
  m.text = std::move(rendered->text);
  m.html = std::move(rendered->html);
  m.headers = {{"Message-ID", m.message_id()}, {"Idempotency-Key", m.id}};
  if (!row.school.empty()) m.headers.emplace_back("X-Sif-School", row.school);
  m.headers.emplace_back("X-Sif-Template", row.template_id);
  m.data = std::move(data);
  m.date = now;
  return m;
}

void Dispatcher::fail(const storage::OutboxRow& row, const Error& error, TimePoint now) {
  const int attempts = row.attempts + 1;
  std::optional<UnixSeconds> next;
  std::string text = describe(error);
  if (is_transient(error) && !backoff_.exhausted(attempts)) {
    next = to_unix_ceil(now + backoff_.delay(attempts));
    text = "attempt " + std::to_string(attempts) + " of " +
           std::to_string(backoff_.policy().max_attempts) + ": " + text;
  } else if (is_transient(error)) {
    text = "gave up after " + std::to_string(attempts) + " attempts: " + text;
  } else {
    text = "permanent failure: " + text;
  }
  if (auto st = outbox_.mark_failed(row.id, text, next); !st) {
    ++stats_.store_errors;
    log("error", "notice " + row.key + ": cannot record failure: " + describe(st.error()));
    return;
  }
  if (next) {
    ++stats_.retried;
    log("warn", "notice " + row.key + " (" + row.template_id + ", " + about(row) + "): " + text);
  } else {
    ++stats_.dead;
    log("error", "notice " + row.key + " (" + row.template_id + ", " + about(row) + ") is dead: " + text);
  }
}

void Dispatcher::attempt(const storage::OutboxRow& row, TimePoint now) {
  auto message = build(row, now);
  if (!message) {
    // Reading the school can fail transiently (database busy); routing and rendering cannot.
    Error e = message.error();
    if (e.code == ErrorCode::kIo) e.code = ErrorCode::kTransient;
    fail(row, e, now);
    return;
  }
  Status sent = channel_.send(*message);
  if (!sent) {
    fail(row, sent.error(), now);
    return;
  }
  if (auto st = outbox_.mark_sent(row.id, to_unix_ceil(now)); !st) {
    // Accepted but not recorded: the row stays pending and is sent again later with the same
    // key (at-least-once; receivers de-duplicate).
    ++stats_.store_errors;
    log("error", "notice " + row.key + " was sent via " + std::string(channel_.name()) +
                     " but could not be marked sent; it will be re-sent: " + describe(st.error()));
    return;
  }
  ++stats_.sent;
  log("info", "notice " + row.key + " (" + row.template_id + ", " + about(row) + ") sent via " +
                  std::string(channel_.name()));
}

std::size_t Dispatcher::drain_once(TimePoint now, const std::function<bool()>& stop) {
  const UnixSeconds now_s = std::chrono::floor<std::chrono::seconds>(now.time_since_epoch()).count();
  std::set<std::int64_t> seen;  // each row once per call, even if marking it failed
  std::size_t attempted = 0;
  while (true) {
    auto rows = outbox_.due(now_s, options_.batch);
    if (!rows) {
      ++stats_.store_errors;
      log("error", "outbox: cannot read due notices: " + describe(rows.error()));
      break;
    }
    std::size_t fresh = 0;
    for (const auto& row : *rows) {
      if (stop && stop()) return attempted;
      if (!seen.insert(row.id).second) continue;
      ++fresh;
      ++attempted;
      attempt(row, now);
    }
    // Stop when a page held nothing new (all remaining due rows were already tried this call)
    // or when it was not full (nothing more is due).
    if (fresh == 0 || rows->size() < static_cast<std::size_t>(options_.batch)) break;
  }
  return attempted;
}

std::optional<TimePoint> Dispatcher::next_due() {
  auto next = outbox_.next_attempt();
  if (!next || !next->has_value()) return std::nullopt;
  return TimePoint{std::chrono::seconds{**next}};
}

}  // namespace sif::notifications

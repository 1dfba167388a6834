// Values the storage tests commit: a small school with one active and one finished instance.
#pragma once

#include "storage/database.hpp"
#include "workflows/date.hpp"
#include "workflows/state.hpp"

namespace sif::test {

inline workflows::PendingTimer make_timer(std::string id, workflows::Date due,
                                          workflows::TimerKind kind = workflows::TimerKind::kDeadline) {
  workflows::PendingTimer t;
  t.id = std::move(id);
  t.kind = kind;
  t.title = "Title of " + t.id;
  t.due = due;
  t.fires = due;
  t.provenance.framework = "test-2024";
  t.provenance.framework_version = 1;
  t.provenance.workflow = "main";
  t.provenance.state = "monitoring";
  t.provenance.timer = t.id;
  t.provenance.rule = "Section 1";
  t.provenance.base_event = "entered";
  t.provenance.base = workflows::make_date(2026, 1, 5);
  t.provenance.duration = {10, workflows::Unit::kWorkingDays};
  t.provenance.calendar = "england-and-wales/default@2025-06-01";
  t.provenance.skipped = {{workflows::make_date(2026, 1, 10), "Saturday"}};
  return t;
}

inline workflows::SchoolState make_state(const std::string& id) {
  workflows::SchoolState s;
  s.school.id = id;
  s.school.name = "School " + id;
  s.school.la = "Testshire";
  s.school.framework = "test-2024";
  s.school.facts = {{"type", "community"}, {"phase", "primary"}};
  s.school.contacts["headteacher"] = {"A Head", "head@example.org", "1 School Lane"};
  s.category = "amber";
  s.next_instance = 3;
  workflows::Instance main;
  main.id = "main";
  main.workflow = "main";
  main.framework_version = 1;
  main.state = "monitoring";
  main.entered = workflows::make_date(2026, 1, 5);
  main.started = workflows::make_date(2026, 1, 5);
  main.vars = {{"reviews", "2"}};
  main.timers = {make_timer("review_due", workflows::make_date(2026, 2, 2))};
  workflows::Instance done;
  done.id = "warning_notice#2";
  done.workflow = "warning_notice";
  done.framework_version = 1;
  done.state = "closed";
  done.final = true;
  done.parent = "main";
  done.entered = workflows::make_date(2026, 1, 6);
  done.started = workflows::make_date(2026, 1, 5);
  done.timers = {make_timer("stale", workflows::make_date(2026, 1, 20))};  // final: never stored
  s.instances = {main, done};
  return s;
}

inline workflows::HistoryEntry make_entry(std::string event, std::string from, std::string to) {
  workflows::HistoryEntry h;
  h.instance = "main";
  h.workflow = "main";
  h.event = std::move(event);
  h.from = std::move(from);
  h.to = std::move(to);
  h.data = {{"date", "2026-01-05"}};
  h.actor = "officer@example.org";
  h.date = workflows::make_date(2026, 1, 5);
  return h;
}

inline storage::SchoolCommit make_registration(const std::string& id) {
  storage::SchoolCommit c;
  c.school_id = id;
  c.next = make_state(id);
  // The history starts both instances the snapshot holds (audit verify replays it).
  workflows::HistoryEntry child = make_entry("instance.started", "", "closed");
  child.instance = "warning_notice#2";
  child.workflow = "warning_notice";
  c.history = {make_entry("school.registered", "", "monitoring"), child};
  workflows::NoticeEffect n;
  n.instance = "main";
  n.workflow = "main";
  n.template_id = "welcome";
  n.to = {"headteacher"};
  n.cc = {"link_adviser"};
  n.data = {{"school", id}};
  n.reason = "entered monitoring";
  c.notices = {n};
  return c;
}

// fire_at for tests: the due date at 08:00 UTC.
inline storage::UnixSeconds test_fire_at_day(workflows::Date d) {
  return static_cast<storage::UnixSeconds>(d.time_since_epoch().count()) * 86400 + 8 * 3600;
}
inline storage::UnixSeconds test_fire_at(const std::string&, const workflows::PendingTimer& t) {
  return test_fire_at_day(t.fires);
}

}  // namespace sif::test

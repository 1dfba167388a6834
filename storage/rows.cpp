#include "storage/rows.hpp"

#include <boost/json.hpp>

#include "storage/json_codec.hpp"

namespace sif::storage {

const char* to_string(OutboxStatus s) {
  switch (s) {
    case OutboxStatus::kPending: return "pending";
    case OutboxStatus::kSent: return "sent";
    case OutboxStatus::kDead: return "dead";
  }
  return "pending";
}

workflows::Result<OutboxStatus> parse_outbox_status(std::string_view text) {
  if (text == "pending") return OutboxStatus::kPending;
  if (text == "sent") return OutboxStatus::kSent;
  if (text == "dead" || text == "failed") return OutboxStatus::kDead;
  return workflows::Error::invalid("unknown notice status '" + std::string(text) + "'",
                                   "one of: pending, sent, dead");
}

namespace detail {

workflows::Error corrupt(const workflows::Error& e, const std::string& where) {
  return workflows::Error::corruption("stored " + where + " does not decode: " + e.message, e.details);
}

workflows::Result<TimerRow> read_timer_row(const Statement& st, int first) {
  TimerRow t;
  int i = first;
  t.school = st.text(i++);
  t.school_name = st.text(i++);
  t.framework = st.text(i++);
  t.instance = st.text(i++);
  t.workflow = st.text(i++);
  t.timer = st.text(i++);
  const std::string kind = st.text(i++);
  t.kind = kind == "reminder"     ? workflows::TimerKind::kReminder
           : kind == "escalation" ? workflows::TimerKind::kEscalation
                                  : workflows::TimerKind::kDeadline;
  t.title = st.text(i++);
  auto due = workflows::parse_date(st.text(i++));
  if (!due) return corrupt(due.error(), "timer due date of school " + t.school);
  t.due = *due;
  t.fire_at = st.int64(i++);
  auto pj = parse_json(st.text(i++));
  if (!pj) return corrupt(pj.error(), "timer provenance of school " + t.school);
  auto p = provenance_from_json(*pj);
  if (!p) return corrupt(p.error(), "timer provenance of school " + t.school);
  t.provenance = std::move(*p);
  const std::string meaning = st.text(i++);
  auto m = workflows::parse_timer_meaning(meaning);
  if (!m) return workflows::Error::corruption("timer " + t.timer + " of school " + t.school + ": unknown meaning '" + meaning + "'");
  t.meaning = *m;
  const std::string fires = st.text(i++);
  t.fires = t.due;
  if (!fires.empty()) {
    auto f = workflows::parse_date(fires);
    if (!f) return corrupt(f.error(), "timer fire date of school " + t.school);
    t.fires = *f;
  }
  t.late = st.int64(i++) != 0;
  return t;
}

namespace {
workflows::Result<std::vector<std::string>> roles(const std::string& text) {
  auto v = parse_json(text);
  if (!v) return v.error();
  std::vector<std::string> out;
  if (!v->is_array()) return workflows::Error::invalid("roles must be an array");
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) return workflows::Error::invalid("roles must be strings");
    out.emplace_back(e.as_string());
  }
  return out;
}
}  // namespace

workflows::Result<OutboxRow> read_outbox_row(const Statement& st) {
  OutboxRow o;
  o.id = st.int64(0);
  o.key = st.text(1);
  o.school = st.text(2);
  o.instance = st.text(3);
  o.workflow = st.text(4);
  o.template_id = st.text(5);
  auto to = roles(st.text(6));
  if (!to) return corrupt(to.error(), "outbox row " + std::to_string(o.id));
  o.to = std::move(*to);
  auto cc = roles(st.text(7));
  if (!cc) return corrupt(cc.error(), "outbox row " + std::to_string(o.id));
  o.cc = std::move(*cc);
  auto dj = parse_json(st.text(8));
  if (!dj) return corrupt(dj.error(), "outbox row " + std::to_string(o.id));
  auto d = data_from_json(*dj);
  if (!d) return corrupt(d.error(), "outbox row " + std::to_string(o.id));
  o.data = std::move(*d);
  o.reason = st.text(9);
  auto status = parse_outbox_status(st.text(10));
  if (!status) return corrupt(status.error(), "outbox row " + std::to_string(o.id));
  o.status = *status;
  o.attempts = static_cast<int>(st.int64(11));
  o.next_attempt_at = st.int64(12);
  o.last_error = st.text(13);
  o.created_at = st.int64(14);
  if (!st.is_null(15)) o.sent_at = st.int64(15);
  return o;
}

}  // namespace detail
}  // namespace sif::storage

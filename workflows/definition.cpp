#include "workflows/definition.hpp"

#include <algorithm>

namespace sif::workflows {

std::string SourceLoc::str() const {
  std::string out = file.empty() ? "<input>" : file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

ValueExpr ValueExpr::literal(std::string v) {
  ValueExpr e;
  e.alts.push_back({false, std::move(v)});
  return e;
}

ValueExpr ValueExpr::path(std::string p) {
  ValueExpr e;
  e.alts.push_back({true, std::move(p)});
  return e;
}

bool Effects::empty() const {
  return notices.empty() && start.empty() && set.empty() && !set_category && cancel.empty() && restart.empty() &&
         reschedule.empty();
}

namespace {
template <typename T>
const T* find_by_id(const std::vector<T>& items, std::string_view id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.id == id; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const StateSpec* WorkflowSpec::find_state(std::string_view id) const { return find_by_id(states, id); }
const WorkflowSpec* Framework::find_workflow(std::string_view id) const { return find_by_id(workflows, id); }
const CategorySpec* Framework::find_category(std::string_view id) const { return find_by_id(categories, id); }
const RoleSpec* Framework::find_role(std::string_view id) const { return find_by_id(roles, id); }

bool Framework::knows_role(std::string_view id) const { return is_canonical_role(id) || find_role(id) != nullptr; }

std::vector<std::string> Framework::known_roles() const {
  std::vector<std::string> out = canonical_roles();
  for (const auto& r : roles) {
    if (!is_canonical_role(r.id)) out.push_back(r.id);
  }
  return out;
}

const char* to_string(TimerMeaning m) {
  switch (m) {
    case TimerMeaning::kDeadline: return "deadline";
    case TimerMeaning::kWindow: return "window";
    case TimerMeaning::kPrompt: return "prompt";
  }
  return "prompt";
}

std::optional<TimerMeaning> parse_timer_meaning(std::string_view text) {
  if (text == "deadline") return TimerMeaning::kDeadline;
  if (text == "window") return TimerMeaning::kWindow;
  if (text == "prompt") return TimerMeaning::kPrompt;
  return std::nullopt;
}

const std::vector<std::string>& canonical_roles() {
  static const std::vector<std::string> roles = {
      "headteacher", "chair_of_governors", "governing_body", "link_adviser", "la_lead", "director",
      "ofsted",      "regional_director",  "appointing_authority", "religious_body", "trust_board",
      "welsh_ministers"};
  return roles;
}

bool is_canonical_role(std::string_view id) {
  const auto& roles = canonical_roles();
  return std::find(roles.begin(), roles.end(), id) != roles.end();
}

bool is_snake_case_id(std::string_view id) {
  if (id.empty() || !(id.front() >= 'a' && id.front() <= 'z') || id.back() == '_') return false;
  char prev = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok || (c == '_' && prev == '_')) return false;
    prev = c;
  }
  return true;
}

const std::vector<std::string>& canonical_events() {
  static const std::vector<std::string> events = {
      "category.agreed",         "ofsted.judgement",      "evaluation.completed", "plan.agreed",
      "review.held",             "meeting.scheduled",     "concern.notified",     "warning_notice.issued",
      "representation.received", "warning_notice.complied", "warning_notice.not_complied",
      "exit.recommended",        "exit.approved",         "context.changed",      "academy.converted",
      "note.recorded",           "estyn.judgement"};
  return events;
}

}  // namespace sif::workflows

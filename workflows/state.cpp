#include "workflows/state.hpp"

#include <algorithm>

namespace sif::workflows {

const char* to_string(TimerKind k) {
  switch (k) {
    case TimerKind::kDeadline: return "deadline";
    case TimerKind::kReminder: return "reminder";
    case TimerKind::kEscalation: return "escalation";
  }
  return "unknown";
}

LocalTime fire_local(const PendingTimer& t, int fire_minutes) {
  const bool closes_window = t.kind == TimerKind::kDeadline && t.meaning == TimerMeaning::kWindow;
  return LocalTime{t.fires, closes_window ? 0 : fire_minutes};
}

int fire_rank(TimerKind k) {
  switch (k) {
    case TimerKind::kReminder: return 0;
    case TimerKind::kDeadline: return 1;
    case TimerKind::kEscalation: return 2;
  }
  return 1;
}

bool fires_before(const PendingTimer& a, const PendingTimer& b, int fire_minutes) {
  const LocalTime fa = fire_local(a, fire_minutes);
  const LocalTime fb = fire_local(b, fire_minutes);
  if (fa != fb) return fa < fb;
  return fire_rank(a.kind) < fire_rank(b.kind);
}

const Instance* SchoolState::find(std::string_view instance_id) const {
  auto it = std::find_if(instances.begin(), instances.end(),
                         [&](const Instance& i) { return i.id == instance_id; });
  return it == instances.end() ? nullptr : &*it;
}

Instance* SchoolState::find(std::string_view instance_id) {
  auto it = std::find_if(instances.begin(), instances.end(),
                         [&](const Instance& i) { return i.id == instance_id; });
  return it == instances.end() ? nullptr : &*it;
}

}  // namespace sif::workflows

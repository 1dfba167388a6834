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

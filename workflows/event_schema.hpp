// Validation of the canonical events' data (DESIGN.md "Canonical events"), so national data and
// tools mean the same thing in every framework: a review.held carries a real `date` and either
// a `progress` of sufficient/insufficient or a RAG `rating`; an ofsted.judgement one of the four
// grades; and so on. Events a framework adds of its own pass through unchecked, except that a
// `date` field, whatever the event, must be a real ISO date (it becomes the event's date).
//
// Errors are kInvalidInput (HTTP 422) whose details name the field.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "workflows/result.hpp"
#include "workflows/state.hpp"

namespace sif::workflows {

// What a canonical event's data must hold.
struct EventFieldSpec {
  enum class Kind { kText, kDate, kChoice, kPositiveInteger };
  std::string name;
  Kind kind = Kind::kText;
  bool required = true;
  std::vector<std::string> choices;  // kChoice
};

struct EventSchema {
  std::string type;
  std::vector<EventFieldSpec> fields;
  // review.held: at least one of these must be present ("progress" or "rating").
  std::vector<std::string> one_of;
};

// The schema of a canonical event type, or null for a framework's own event.
const EventSchema* find_event_schema(std::string_view type);

// OK, or Error::invalid naming the first bad field ("review.held: `progress` must be one of
// sufficient, insufficient", details "progress").
Status validate_event_data(std::string_view type, const Data& data);

}  // namespace sif::workflows

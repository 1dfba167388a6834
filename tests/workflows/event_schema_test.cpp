// Canonical event data (DESIGN.md "Canonical events").
#include <catch2/catch.hpp>

#include "workflows/event_schema.hpp"

using namespace sif::workflows;

namespace {
std::string field_error(const char* type, const Data& d) {
  Status s = validate_event_data(type, d);
  return s ? std::string("ok") : s.error().details;
}
}  // namespace

TEST_CASE("review.held needs a real date and progress or a RAG rating", "[event_schema]") {
  CHECK(field_error("review.held", {{"date", "2026-01-05"}, {"progress", "sufficient"}}) == "ok");
  CHECK(field_error("review.held", {{"date", "2026-01-05"}, {"rating", "amber"}}) == "ok");
  CHECK(field_error("review.held", {{"progress", "sufficient"}}) == "date");
  CHECK(field_error("review.held", {{"date", "2023-02-29"}, {"progress", "sufficient"}}) == "date");
  CHECK(field_error("review.held", {{"date", "5 Jan 2026"}, {"progress", "sufficient"}}) == "date");
  CHECK(field_error("review.held", {{"date", "2026-01-05"}, {"progress", "good"}}) == "progress");
  CHECK(field_error("review.held", {{"date", "2026-01-05"}, {"rating", "blue"}}) == "rating");
  CHECK(field_error("review.held", {{"date", "2026-01-05"}}) == "progress, rating");
  Status s = validate_event_data("review.held", {{"date", "2026-01-05"}, {"progress", "good"}});
  REQUIRE_FALSE(s);
  CHECK(s.error().code == ErrorCode::kInvalidInput);
  CHECK(s.error().message == "review.held: `progress` must be one of sufficient, insufficient, not 'good'");
}

TEST_CASE("ofsted.judgement needs a date and one of the four grades", "[event_schema]") {
  for (const char* g : {"outstanding", "good", "requires_improvement", "inadequate"}) {
    CHECK(field_error("ofsted.judgement", {{"date", "2025-10-01"}, {"grade", g}}) == "ok");
  }
  CHECK(field_error("ofsted.judgement", {{"date", "2025-10-01"}, {"grade", "satisfactory"}}) == "grade");
  CHECK(field_error("ofsted.judgement", {{"grade", "good"}}) == "date");
  CHECK(field_error("ofsted.judgement", {{"date", "2025-10-01"}, {"grade", "inadequate"}, {"category", "special_measures"}}) == "ok");
  CHECK(field_error("ofsted.judgement", {{"date", "2025-10-01"}, {"grade", "inadequate"}, {"category", "notice_to_improve"}}) == "category");
}

TEST_CASE("warning_notice.issued: date, grounds, optional positive compliance_working_days", "[event_schema]") {
  CHECK(field_error("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "standards"}}) == "ok");
  CHECK(field_error("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}, {"compliance_working_days", "15"}}) == "ok");
  CHECK(field_error("warning_notice.issued", {{"date", "2025-12-01"}}) == "grounds");
  for (const char* bad : {"0", "-3", "15.5", "fifteen", "99999999999"}) {
    CHECK(field_error("warning_notice.issued", {{"date", "2025-12-01"}, {"grounds", "g"}, {"compliance_working_days", bad}}) ==
          "compliance_working_days");
  }
}

TEST_CASE("the other canonical events", "[event_schema]") {
  CHECK(field_error("category.agreed", {{"category", "red"}}) == "ok");
  CHECK(field_error("category.agreed", {}) == "category");
  CHECK(field_error("plan.agreed", {{"plan", "RAP"}, {"until", "2026-07-01"}}) == "ok");
  CHECK(field_error("plan.agreed", {{"plan", "RAP"}, {"until", "July"}}) == "until");
  CHECK(field_error("meeting.scheduled", {{"kind", "review"}, {"date", "2026-01-05"}}) == "ok");
  CHECK(field_error("meeting.scheduled", {{"date", "2026-01-05"}}) == "kind");
  CHECK(field_error("concern.notified", {}) == "reason");
  CHECK(field_error("context.changed", {{"kind", "headteacher_new"}}) == "ok");
  CHECK(field_error("note.recorded", {}) == "text");
  for (const char* t : {"evaluation.completed", "representation.received", "warning_notice.complied",
                        "warning_notice.not_complied", "exit.recommended", "exit.approved", "academy.converted"}) {
    CHECK(field_error(t, {{"date", "2026-01-05"}}) == "ok");
    CHECK(field_error(t, {}) == "date");
  }
}

TEST_CASE("a framework's own events pass, but a date field must be a real date", "[event_schema]") {
  CHECK(find_event_schema("visit.logged") == nullptr);
  CHECK(field_error("visit.logged", {{"anything", "goes"}}) == "ok");
  CHECK(field_error("visit.logged", {{"date", "2026-13-01"}}) == "date");
  CHECK(find_event_schema("review.held") != nullptr);
}

TEST_CASE("event dates outside the calendar's span are refused, naming the field and the span", "[event_schema]") {
  CHECK(field_error("review.held", {{"date", "9999-12-20"}, {"progress", "sufficient"}}) == "date");
  CHECK(field_error("review.held", {{"date", "0000-01-01"}, {"progress", "sufficient"}}) == "date");
  CHECK(field_error("review.held", {{"date", "2040-12-31"}, {"progress", "sufficient"}}) == "ok");
  CHECK(field_error("review.held", {{"date", "1995-01-01"}, {"progress", "sufficient"}}) == "ok");
  // A meeting booked for 2041 cannot have a timer computed for it.
  Status s = validate_event_data("meeting.scheduled", {{"kind", "review"}, {"date", "2041-01-02"}});
  REQUIRE_FALSE(s);
  CHECK(s.error().details == "date");
  CHECK(s.error().message ==
        "meeting.scheduled: `date` 2041-01-02 is outside the dates sif's calendar knows (1995-01-01 to 2040-12-31)");
  // A framework's own event (no schema) with a `date` is checked the same way.
  CHECK(field_error("visit.recorded", {{"date", "2626-01-06"}}) == "date");
}

#include "workflows/event_schema.hpp"

#include "workflows/calendar.hpp"

#include <algorithm>
#include <charconv>

namespace sif::workflows {

namespace {

using Kind = EventFieldSpec::Kind;

EventFieldSpec text(std::string n, bool required = true) { return {std::move(n), Kind::kText, required, {}}; }
EventFieldSpec date_field(std::string n, bool required = true) { return {std::move(n), Kind::kDate, required, {}}; }
EventFieldSpec choice(std::string n, std::vector<std::string> c, bool required = true) {
  return {std::move(n), Kind::kChoice, required, std::move(c)};
}

const std::vector<EventSchema>& schemas() {
  static const std::vector<EventSchema> all = [] {
    const std::vector<std::string> grades = {"outstanding", "good", "requires_improvement", "inadequate"};
    std::vector<EventSchema> s;
    s.push_back({"category.agreed", {text("category")}, {}});
    s.push_back({"ofsted.judgement",
                 {date_field("date"), choice("grade", grades),
                  // significant_improvement: the Education Act 2005 s.44 category Ofsted used from
                  // September 2005 to January 2012 ("given a notice to improve"); serious
                  // weaknesses is the name before and since.
                  choice("category", {"special_measures", "significant_improvement", "serious_weaknesses"}, false)},
                 {}});
    // Wales: Estyn's inspection. Since 2022 Estyn gives no summative grade; a school may be placed
    // in a statutory category, in the Act's words (SSO(W)A 2013 s.2, grounds 7 and 8).
    s.push_back({"estyn.judgement",
                 {date_field("date"), choice("category", {"significant_improvement", "special_measures"}, false)},
                 {}});
    s.push_back({"evaluation.completed", {date_field("date")}, {}});
    s.push_back({"plan.agreed", {text("plan"), date_field("until", false)}, {}});
    s.push_back({"review.held",
                 {date_field("date"), choice("progress", {"sufficient", "insufficient"}, false),
                  choice("rating", {"green", "yellow", "amber", "red"}, false)},
                 {"progress", "rating"}});
    s.push_back({"meeting.scheduled", {text("kind"), date_field("date")}, {}});
    s.push_back({"concern.notified", {text("reason")}, {}});
    s.push_back({"warning_notice.issued",
                 {date_field("date"), text("grounds"),
                  {"compliance_working_days", Kind::kPositiveInteger, false, {}}},
                 {}});
    for (const char* t : {"representation.received", "warning_notice.complied", "warning_notice.not_complied",
                          "exit.recommended", "exit.approved", "academy.converted"}) {
      s.push_back({t, {date_field("date")}, {}});
    }
    s.push_back({"context.changed", {text("kind")}, {}});
    s.push_back({"note.recorded", {text("text")}, {}});
    return s;
  }();
  return all;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool positive_integer(const std::string& v) {
  if (v.empty() || v.size() > 6) return false;
  int n = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  return ec == std::errc() && ptr == v.data() + v.size() && n > 0;
}

Error out_of_span(const std::string& type, const std::string& field, Date d) {
  return Error::invalid(type + ": `" + field + "` " + format_date(d) + " is outside the dates sif's calendar knows (" +
                            supported_span_text() + ")",
                        field);
}

}  // namespace

const EventSchema* find_event_schema(std::string_view type) {
  for (const auto& s : schemas()) {
    if (s.type == type) return &s;
  }
  return nullptr;
}

Status validate_event_data(std::string_view type, const Data& data) {
  const std::string t(type);
  const EventSchema* schema = find_event_schema(type);
  if (!schema) {
    auto it = data.find("date");
    if (it != data.end()) {
      Result<Date> d = parse_date(it->second);
      if (!d) return Error::invalid(t + ": `date` must be a real date written YYYY-MM-DD, not '" + it->second + "'", "date");
      if (!in_supported_span(*d)) return out_of_span(t, "date", *d);
    }
    return Ok{};
  }
  for (const auto& f : schema->fields) {
    auto it = data.find(f.name);
    if (it == data.end() || it->second.empty()) {
      if (f.required) return Error::invalid(t + ": `" + f.name + "` is required", f.name);
      continue;
    }
    const std::string& v = it->second;
    switch (f.kind) {
      case Kind::kText: break;
      case Kind::kDate: {
        Result<Date> d = parse_date(v);
        if (!d) {
          return Error::invalid(t + ": `" + f.name + "` must be a real date written YYYY-MM-DD, not '" + v + "'", f.name);
        }
        if (!in_supported_span(*d)) return out_of_span(t, f.name, *d);
        break;
      }
      case Kind::kChoice:
        if (std::find(f.choices.begin(), f.choices.end(), v) == f.choices.end()) {
          return Error::invalid(t + ": `" + f.name + "` must be one of " + join(f.choices) + ", not '" + v + "'", f.name);
        }
        break;
      case Kind::kPositiveInteger:
        if (!positive_integer(v)) {
          return Error::invalid(t + ": `" + f.name + "` must be a positive whole number, not '" + v + "'", f.name);
        }
        break;
    }
  }
  if (!schema->one_of.empty()) {
    bool any = std::any_of(schema->one_of.begin(), schema->one_of.end(), [&](const std::string& n) {
      auto it = data.find(n);
      return it != data.end() && !it->second.empty();
    });
    if (!any) return Error::invalid(t + ": one of " + join(schema->one_of) + " is required", join(schema->one_of));
  }
  return Ok{};
}

}  // namespace sif::workflows

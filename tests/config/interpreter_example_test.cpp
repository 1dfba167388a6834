// The interpreter on the example fixture (tests/fixtures/config/frameworks/example-2024.yaml,
// fictional), loaded by the real loader: the ladder from monitoring to formal intervention
// through a warning notice, with hand-checked dates.
#include <catch2/catch.hpp>

#include <memory>

#include "config/config_set.hpp"
#include "workflows/interpreter.hpp"

using namespace sif;
using namespace sif::workflows;

namespace {

const config::ConfigSet& fixture() {
  static std::shared_ptr<const config::ConfigSet> set = [] {
    std::vector<config::Diagnostic> diags;
    auto loaded = config::load_config_dir(std::filesystem::path(SIF_SOURCE_DIR) / "tests/fixtures/config", &diags);
    std::string all;
    for (const auto& d : diags) all += d.str() + "\n";
    INFO(all);
    REQUIRE(loaded);
    return loaded.value();
  }();
  return *set;
}

struct Example {
  const Framework& fw = *fixture().latest("example-2024");
  Calendar cal{fw.region, fixture().term_calendar(fw)};
  StepContext ctx{fw, cal, fixture().versions("example-2024")};
  SchoolState s;

  explicit Example(std::string type = "community") {
    School school;
    school.id = "900001";
    school.name = "Example Church School";
    school.la = "Example Borough";
    school.framework = "example-2024";
    school.facts = {{"type", type}, {"phase", "primary"}};
    auto t = start_school(ctx, school, "", "admin", LocalTime{make_date(2025, 9, 1), 9 * 60});
    REQUIRE(t);
    s = t->next;
  }

  Transition apply(const std::string& type, Data data, Date day) {
    Event e;
    e.type = type;
    e.data = std::move(data);
    e.actor = "officer";
    auto t = step(ctx, s, e, LocalTime{day, 12 * 60});
    if (!t) FAIL(t.error().message << " / " << t.error().details);
    s = t->next;
    return *t;
  }
  // Fires the earliest pending timer; checks which it is, the date people see (`due`) and the
  // day sif acts on it (`fires`: a deadline the next working day after due, a window at 00:00
  // the day after its last day, a prompt or reminder on the day).
  Transition fire(const std::string& id, Date due, Date fires) {
    auto next = next_timer(s, fw.fire_minutes());
    REQUIRE(next);
    CHECK(next->timer->id == id);
    CHECK(next->timer->due == due);
    CHECK(next->timer->fires == fires);
    auto t = step(ctx, s, timer_event(next->instance, *next->timer), fire_local(*next->timer, fw.fire_minutes()));
    if (!t) FAIL(t.error().message << " / " << t.error().details);
    s = t->next;
    return *t;
  }
  const Instance& instance(const std::string& id) {
    const Instance* i = s.find(id);
    REQUIRE(i);
    return *i;
  }
  Date due(const std::string& instance_id, const std::string& timer_id) {
    for (const auto& t : instance(instance_id).timers) {
      if (t.id == timer_id) return t.due;
    }
    FAIL("no pending timer " << timer_id);
    return {};
  }
};

}  // namespace

TEST_CASE("example-2024: registration starts main in monitoring on version 2", "[interpreter][example]") {
  Example x;
  const Instance& main = x.instance("main");
  CHECK(main.state == "monitoring");
  CHECK(main.framework_version == 2);
  CHECK(main.params.at("review_months") == "3");
  CHECK(main.vars.at("insufficient_reviews") == "0");
  // 3 terms (six half-terms) from Mon 1 Sep 2025, the first day of Autumn 1, is the first day of
  // Autumn 1 2026: Tue 1 Sep 2026.
  CHECK(x.due("main", "annual_review") == make_date(2026, 9, 1));
}

TEST_CASE("example-2024: monitoring + ofsted.judgement, guards in order", "[interpreter][example]") {
  Example x;
  // [grade not in RI/inadequate] -> (internal)
  Transition good = x.apply("ofsted.judgement", {{"date", "2025-09-10"}, {"grade", "good"}}, make_date(2025, 9, 10));
  CHECK(x.instance("main").state == "monitoring");
  CHECK(good.history.at(0).to == "monitoring");
  // [category present] -> escalated / set_category red; concern letter copied to Ofsted (red).
  Transition sm = x.apply("ofsted.judgement", {{"date", "2025-09-15"}, {"grade", "inadequate"}, {"category", "special_measures"}},
                          make_date(2025, 9, 15));
  CHECK(x.instance("main").state == "escalated");
  CHECK(x.s.category == "red");
  REQUIRE(sm.notices.size() == 1);
  CHECK(sm.notices[0].template_id == "concern-letter");
  CHECK(sm.notices[0].to == std::vector<std::string>{"governing_body"});
  CHECK(sm.notices[0].cc == std::vector<std::string>{"la_lead", "ofsted"});
  // 1 half-term from Mon 15 Sep 2025 (day 14 of Autumn 1, from 1 Sep): day 14 of Autumn 2,
  // which starts Mon 3 Nov 2025 -> Mon 17 Nov 2025.
  CHECK(x.due("main", "warning_decision") == make_date(2025, 11, 17));
}

TEST_CASE("example-2024: escalated -> warning notice child -> not complied -> intervention", "[interpreter][example]") {
  Example x("voluntary_aided");
  x.apply("ofsted.judgement", {{"date", "2025-09-15"}, {"grade", "inadequate"}, {"category", "serious_weaknesses"}},
          make_date(2025, 9, 15));
  // The decision deadline is Mon 17 Nov 2025; overdue, it fires on Tue 18 Nov -> supported / amber.
  x.fire("warning_decision", make_date(2025, 11, 17), make_date(2025, 11, 18));
  CHECK(x.instance("main").state == "supported");
  CHECK(x.s.category == "amber");

  // Back to escalated through the plan deadline: 20 days from Tue 18 Nov (supported entered the
  // day the decision deadline fired) is Mon 8 Dec, its reminder 3 days before on Fri 5 Dec; the
  // deadline fires the next working day, Tue 9 Dec (the visit, 4 weeks on Tue 16 Dec, is later).
  Transition reminder = x.fire("plan_due#reminder1", make_date(2025, 12, 5), make_date(2025, 12, 5));
  REQUIRE(reminder.notices.size() == 1);
  CHECK(reminder.notices[0].template_id == "plan-reminder");
  CHECK(reminder.notices[0].to == std::vector<std::string>{"headteacher", "link_adviser"});
  x.fire("plan_due", make_date(2025, 12, 8), make_date(2025, 12, 9));
  CHECK(x.instance("main").state == "escalated");

  // warning_notice.issued on Tue 9 Dec, the day main escalated, with 25 working days to comply.
  Transition issued = x.apply("warning_notice.issued",
                              {{"date", "2025-12-09"}, {"grounds", "standards"}, {"compliance_working_days", "25"}},
                              make_date(2025, 12, 9));
  REQUIRE(issued.started == std::vector<std::string>{"warning_notice"});
  const Instance& wn = x.instance("warning_notice");
  CHECK(wn.parent == "main");
  CHECK(wn.params.at("compliance_working_days") == "25");
  CHECK(wn.params.at("representation_working_days") == "15");  // the framework's, over the default 10
  // 25 working days from Tue 9 Dec 2025: 10-12 (3), 15-19 (8), 22-24 (11), 25-26 Christmas and
  // Boxing Day, 29-31 (14), 1 Jan New Year's Day, 2 (15), 5-9 (20), 12-16 (25) -> Fri 16 Jan 2026.
  CHECK(x.due("warning_notice", "compliance_end") == make_date(2026, 1, 16));
  // 5 working days before it: 15, 14, 13, 12, 9 -> Fri 9 Jan 2026.
  CHECK(x.due("warning_notice", "compliance_end#reminder1") == make_date(2026, 1, 9));
  // 15 working days from Tue 9 Dec: 10-12 (3), 15-19 (8), 22-24 (11), 29-31 (14), 2 Jan (15)
  // -> Fri 2 Jan 2026.
  CHECK(x.due("warning_notice", "representation_end") == make_date(2026, 1, 2));
  const PendingTimer* ce = nullptr;
  for (const auto& t : wn.timers) {
    if (t.id == "compliance_end") ce = &t;
  }
  REQUIRE(ce);
  CHECK(ce->provenance.rule == "Appendix 9.12");
  CHECK(ce->provenance.base_event == "warning_notice.issued");
  CHECK(ce->provenance.framework == "example-2024");
  CHECK(ce->provenance.framework_version == 2);
  // The letter states both last days and goes to the diocese of a voluntary-aided school.
  const NoticeEffect* letter = nullptr;
  for (const auto& n : issued.notices) {
    if (n.template_id == "warning-notice-letter") letter = &n;
  }
  REQUIRE(letter);
  CHECK(letter->to == std::vector<std::string>{"governing_body"});
  CHECK(letter->cc == std::vector<std::string>{"headteacher", "ofsted", "appointing_authority"});
  CHECK(letter->data.at("compliance_end") == "2026-01-16");
  CHECK(letter->data.at("compliance_end.words") == "Friday 16 January 2026");
  CHECK(letter->data.at("representation_end") == "2026-01-02");

  // The representation period (a window through Fri 2 Jan) closes at 00:00 on Sat 3 Jan
  // (internal); the reminder goes out on Fri 9 Jan; the compliance period (a window through
  // Fri 16 Jan) ends at 00:00 on Sat 17 Jan (then: compliance_review).
  x.fire("representation_end", make_date(2026, 1, 2), make_date(2026, 1, 3));
  CHECK(x.instance("warning_notice").vars.at("representation_period") == "closed");
  Transition r = x.fire("compliance_end#reminder1", make_date(2026, 1, 9), make_date(2026, 1, 9));
  REQUIRE(r.notices.size() == 1);
  CHECK(r.notices[0].template_id == "deadline-reminder");
  x.fire("compliance_end", make_date(2026, 1, 16), make_date(2026, 1, 17));
  CHECK(x.instance("warning_notice").state == "compliance_review");

  // Not complied: the child finishes and main moves to intervention in the same step.
  Transition nc = x.apply("warning_notice.not_complied", {{"date", "2026-01-19"}}, make_date(2026, 1, 19));
  CHECK(x.instance("warning_notice").final);
  CHECK(x.instance("main").state == "intervention");
  CHECK(x.instance("main").final);
  REQUIRE(nc.history.size() == 2);
  CHECK(nc.history[1].event == "warning_notice.finished");
  CHECK(nc.history[1].data.at("outcome") == "not_complied");
  CHECK(allowed_events(x.fw, x.s).empty());
}

TEST_CASE("example-2024: supported + exit.recommended is 422 until the guard holds", "[interpreter][example]") {
  Example x;
  x.apply("category.agreed", {{"category", "amber"}}, make_date(2025, 9, 8));
  Event e;
  e.type = "exit.recommended";
  e.data = {{"date", "2025-09-09"}};
  auto t = step(x.ctx, x.s, e, LocalTime{make_date(2025, 9, 9), 12 * 60});
  REQUIRE_FALSE(t);
  CHECK(t.error().code == ErrorCode::kInvalidInput);
  CHECK(t.error().details == "main: vars.visits: { gt: 5 } (was 0)");
  // And an event supported does not take at all is 409 with what it does take.
  e.type = "review.held";
  e.data = {{"date", "2025-09-09"}, {"progress", "sufficient"}};
  auto c = step(x.ctx, x.s, e, LocalTime{make_date(2025, 9, 9), 12 * 60});
  REQUIRE_FALSE(c);
  CHECK(c.error().code == ErrorCode::kConflict);
  CHECK(c.error().details == "allowed: exit.recommended, plan.agreed");
}

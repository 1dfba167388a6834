// The console's reads through Router::handle() (no sockets): overdue deadlines in the school
// API, /v1/deadlines and /metrics; the event forms of a real framework's state; the preview of
// an event, which changes nothing. A real Engine on a temporary database, a manual clock.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>

#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/local_time.hpp"
#include "daemon/router.hpp"
#include "tests/support/engine_support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif::daemon;
namespace http = boost::beast::http;
namespace json = boost::json;
namespace wf = sif::workflows;

namespace {

// London 09:00 on a date (GMT or BST as it falls).
Clock::time_point at_nine(int y, unsigned m, unsigned d) { return london_to_utc(wf::make_date(y, m, d), 9 * 60); }

struct Console {
  sif::test::TempDir dir;
  ManualClock clock;
  std::unique_ptr<Engine> engine;
  Authenticator auth;
  Metrics metrics;
  std::atomic<bool> ready{true};
  std::shared_ptr<AnswerCache> answers = std::make_shared<AnswerCache>(8 << 20);
  std::unique_ptr<Router> router;

  Console(const std::filesystem::path& config_dir, Clock::time_point start) : clock(start) {
    engine = std::make_unique<Engine>(sif::test::load_config_or_fail(config_dir),
                                      sif::test::open_database_or_fail(dir / "sif.db"), clock);
    auth.add_plain_token("vic", "viewer-token", Role::kViewer);
    auth.add_plain_token("olu", "officer-token", Role::kOfficer);
    ApiContext ctx;
    ctx.engine = engine.get();
    ctx.clock = &clock;
    ctx.auth = &auth;
    ctx.metrics = &metrics;
    ctx.ready = &ready;
    ctx.settings.config_dir = config_dir;
    ctx.answers = answers;  // as sifd runs: case files cached while they stay true
    router = std::make_unique<Router>(ctx);
  }
  ~Console() {
    router.reset();
    engine.reset();
  }

  HttpResponse call(http::verb method, const std::string& target, const std::string& body = {},
                    const std::string& token = "viewer-token") {
    HttpRequest req{method, target, 11};
    req.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    return router->handle(req);
  }
  json::object get(const std::string& target, unsigned expect = 200) {
    auto res = call(http::verb::get, target);
    INFO(target << " -> " << res.body());
    REQUIRE(res.result_int() == expect);
    return json::parse(res.body()).as_object();
  }
  std::string metrics_text() { return call(http::verb::get, "/metrics").body(); }

  void register_school(wf::School s) {
    auto r = engine->register_school(std::move(s), "", "admin");
    INFO((r ? std::string() : r.error().message + " " + r.error().details));
    REQUIRE(r);
  }
  void record(const std::string& id, const std::string& type, wf::Data data = {}) {
    wf::Event e;
    e.type = type;
    e.data = std::move(data);
    e.actor = "olu";
    auto r = engine->record_event(id, std::move(e));
    INFO(type << ": " << (r ? std::string() : r.error().message + " " + r.error().details));
    REQUIRE(r);
  }
  // Moves the clock to `t` and fires everything due by then, as the scheduler does.
  void run_to(Clock::time_point t) {
    clock.set(t);
    auto n = engine->fire_due(t);
    INFO((n ? std::string() : n.error().message));
    REQUIRE(n);
  }
};

std::filesystem::path fixtures() { return std::filesystem::path(SIF_SOURCE_DIR) / "tests/fixtures/config"; }
std::filesystem::path shipped() { return std::filesystem::path(SIF_SOURCE_DIR) / "config"; }

// An example-2024 community primary school with an address for every role its notices name.
wf::School example_school(const std::string& id) {
  wf::School s;
  s.id = id;
  s.name = "Example Primary " + id;
  s.la = "Example Borough";
  s.framework = "example-2024";
  s.facts = {{"type", "community"}, {"phase", "primary"}};
  for (const char* role : {"headteacher", "chair_of_governors", "governing_body", "link_adviser", "la_lead", "ofsted"}) {
    s.contacts[role] = {std::string("The ") + role, std::string(role) + "@" + id + ".example.org", ""};
  }
  return s;
}

const json::object& instance_json(const json::object& school, const std::string& id) {
  for (const auto& i : school.at("instances").as_array()) {
    if (i.at("id").as_string() == id) return i.as_object();
  }
  FAIL("no instance " << id << " in " << json::serialize(school));
  throw;
}

const json::object* form_of(const json::object& school, const std::string& type) {
  for (const auto& f : school.at("event_forms").as_array()) {
    if (f.at("type").as_string() == type) return &f.as_object();
  }
  return nullptr;
}

const json::object* field_of(const json::object& form, const std::string& name) {
  for (const auto& f : form.at("fields").as_array()) {
    if (f.at("name").as_string() == name) return &f.as_object();
  }
  return nullptr;
}

std::vector<std::string> strings(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& x : v.as_array()) out.emplace_back(x.as_string());
  return out;
}

std::string gauge(const std::string& metrics, const std::string& name) {
  auto pos = metrics.find("\n" + name + " ");
  if (pos == std::string::npos) return "(absent)";
  auto start = pos + name.size() + 2;
  return metrics.substr(start, metrics.find('\n', start) - start);
}

}  // namespace

TEST_CASE("console: a missed deadline is overdue in the school API, /v1/deadlines and the gauge, with its dates",
          "[router][overdue]") {
  // Tuesday 1 September 2026: amber agreed, targeted support. The plan is due within 20 days,
  // by Monday 21 September; it fires (supported + timer.plan_due -> escalated) at 08:30 on
  // Tuesday 22 September, the next working day.
  Console c(fixtures(), at_nine(2026, 9, 1));
  c.register_school(example_school("600001"));
  c.register_school(example_school("600002"));  // nothing overdue there
  c.record("600001", "category.agreed", {{"category", "amber"}});
  CHECK(c.get("/v1/schools/600001").at("overdue").as_array().empty());
  CHECK(gauge(c.metrics_text(), "sif_deadlines_overdue") == "0");

  // 08:00 on Tuesday 22 September: past its last day, not fired yet -> already overdue.
  c.clock.set(london_to_utc(wf::make_date(2026, 9, 22), 8 * 60));
  auto early = c.get("/v1/schools/600001");
  REQUIRE(early.at("overdue").as_array().size() == 1);
  CHECK(early.at("overdue").at(0).at("state") == "supported");
  CHECK(early.at("overdue").at(0).at("working_days_overdue") == 1);
  CHECK(gauge(c.metrics_text(), "sif_deadlines_overdue") == "1");

  // Thursday 24 September: fired two days ago, the school is in escalated and the plan still
  // overdue there.
  c.run_to(at_nine(2026, 9, 24));
  auto school = c.get("/v1/schools/600001");
  const auto& main = instance_json(school, "main");
  CHECK(main.at("state") == "escalated");
  CHECK(main.at("workflow_title") == "Monitoring and support");
  CHECK(main.at("state_title") == "Escalation to the Head of School Improvement");
  REQUIRE(school.at("overdue").as_array().size() == 1);
  const auto& item = school.at("overdue").at(0).as_object();
  CHECK(item.at("instance") == "main");
  CHECK(item.at("workflow") == "main");
  CHECK(item.at("workflow_title") == "Monitoring and support");
  CHECK(item.at("state") == "escalated");
  CHECK(item.at("state_title") == "Escalation to the Head of School Improvement");
  CHECK(item.at("timer") == "plan_due");
  CHECK(item.at("title") == "Plan agreed with the school");
  CHECK(item.at("due") == "2026-09-21");
  CHECK(item.at("overdue_since") == "2026-09-22");
  CHECK(item.at("working_days_overdue") == 3);  // 22, 23, 24 September
  CHECK(c.get("/v1/schools/600002").at("overdue").as_array().empty());

  auto all = c.get("/v1/deadlines");
  REQUIRE(all.at("overdue").as_array().size() == 1);
  CHECK(all.at("overdue").at(0).at("school") == "600001");
  CHECK(all.at("overdue").at(0).at("school_name") == "Example Primary 600001");
  CHECK(all.at("overdue").at(0).at("due") == "2026-09-21");
  CHECK(all.at("overdue").at(0).at("overdue_since") == "2026-09-22");
  CHECK_FALSE(all.at("deadlines").as_array().empty());  // the upcoming ones are still listed

  auto only = c.get("/v1/deadlines?overdue=only");
  CHECK(only.at("overdue").as_array().size() == 1);
  CHECK(only.at("deadlines").as_array().empty());
  CHECK(only.at("count") == 0);
  CHECK(c.get("/v1/deadlines?overdue=only&school=600002").at("overdue").as_array().empty());
  auto bad = c.call(http::verb::get, "/v1/deadlines?overdue=yes");
  CHECK(bad.result_int() == 400);
  CHECK(json::parse(bad.body()).at("error").at("details").at("field") == "overdue");

  const std::string text = c.metrics_text();
  CHECK_THAT(text, Catch::Contains("# TYPE sif_deadlines_overdue gauge"));
  CHECK(gauge(text, "sif_deadlines_overdue") == "1");

  // escalated + timer.warning_decision -> supported: leaving escalated takes the plan off every
  // list; the warning decision, whose firing moved the school, is overdue in supported instead.
  std::string decision_due;
  for (const auto& t : school.at("pending_timers").as_array()) {
    if (t.at("timer") == "warning_decision") decision_due = std::string(t.at("due").as_string());
  }
  REQUIRE_FALSE(decision_due.empty());
  const wf::Date decided = wf::parse_date(decision_due).value() + date::days{3};
  const auto ymd = date::year_month_day{decided};
  c.run_to(at_nine(int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())));
  auto after = c.get("/v1/schools/600001");
  CHECK(instance_json(after, "main").at("state") == "supported");
  REQUIRE(after.at("overdue").as_array().size() == 1);
  CHECK(after.at("overdue").at(0).at("timer") == "warning_decision");
  CHECK(after.at("overdue").at(0).at("due").as_string() == decision_due);
  CHECK(after.at("overdue").at(0).at("state") == "supported");
  CHECK(gauge(c.metrics_text(), "sif_deadlines_overdue") == "1");
  CHECK(c.get("/v1/deadlines?overdue=only").at("overdue").at(0).at("timer") == "warning_decision");
}

TEST_CASE("console: the case file counts working days left to each pending timer on the school's calendar",
          "[router][overdue]") {
  // Tuesday 1 September 2026, amber agreed: the plan is due by Monday 21 September, 14 working
  // days on (Wednesday 2 to Monday 21 September: 14 weekdays, no bank holiday).
  Console c(fixtures(), at_nine(2026, 9, 1));
  c.register_school(example_school("600003"));
  c.record("600003", "category.agreed", {{"category", "amber"}});
  auto timer_of = [&](const json::object& school, const std::string& id) -> const json::object& {
    for (const auto& t : instance_json(school, "main").at("timers").as_array()) {
      if (t.at("id").as_string() == id) return t.as_object();
    }
    FAIL("no timer " << id);
    throw;
  };
  auto school = c.get("/v1/schools/600003");
  CHECK(timer_of(school, "plan_due").at("due") == "2026-09-21");
  CHECK(timer_of(school, "plan_due").at("working_days_left") == 14);
  // Friday 18 September: Monday 21 is the next working day, 1 left; on the day itself, 0.
  c.clock.set(at_nine(2026, 9, 18));
  CHECK(timer_of(c.get("/v1/schools/600003"), "plan_due").at("working_days_left") == 1);
  c.clock.set(at_nine(2026, 9, 21));
  CHECK(timer_of(c.get("/v1/schools/600003"), "plan_due").at("working_days_left") == 0);
}

TEST_CASE("console: a school's case file is answered from the cache only while nothing it shows has changed",
          "[router][cache]") {
  // Tuesday 1 September 2026: amber agreed, so a plan is due and a letter is queued.
  Console c(fixtures(), at_nine(2026, 9, 1));
  c.register_school(example_school("600004"));
  c.record("600004", "category.agreed", {{"category", "amber"}});
  auto raw = [&] {
    auto res = c.call(http::verb::get, "/v1/schools/600004");
    REQUIRE(res.result_int() == 200);
    return res.body();
  };
  const std::string first = raw();
  const auto built = c.answers->stats();
  CHECK(raw() == first);  // read again, nothing changed: the same answer, not built again
  CHECK(c.answers->stats().hits == built.hits + 1);
  CHECK(c.answers->stats().misses == built.misses);

  // The notice worker sends the letter: no commit of the school, but its case file says so.
  auto queued = c.engine->database().outbox_list(std::nullopt, "600004", 10);
  REQUIRE(queued);
  REQUIRE_FALSE(queued->empty());
  const auto letter = queued->front().id;
  CHECK(c.get("/v1/schools/600004").at("recent_notices").at(0).at("status") == "pending");
  REQUIRE(c.engine->database().outbox_mark_sent(letter, 1788250000));
  const auto sent = c.get("/v1/schools/600004");
  CHECK(sent.at("recent_notices").at(0).at("id") == letter);
  CHECK(sent.at("recent_notices").at(0).at("status") == "sent");

  // The next day: working days left move although nothing was recorded.
  const auto today = c.get("/v1/schools/600004");
  c.clock.set(at_nine(2026, 9, 2));
  const auto tomorrow = c.get("/v1/schools/600004");
  CHECK(instance_json(tomorrow, "main").at("timers").at(0).at("working_days_left").as_int64() ==
        instance_json(today, "main").at("timers").at(0).at("working_days_left").as_int64() - 1);

  // An event: the new seq and state, never the answer cached before it.
  const auto seq = tomorrow.at("seq").as_int64();
  c.record("600004", "plan.agreed", {{"plan", "RAP"}});
  const auto agreed = c.get("/v1/schools/600004");
  CHECK(agreed.at("seq").as_int64() == seq + 1);
  CHECK(instance_json(agreed, "main").at("vars").at("plan") == "RAP");
  CHECK(json::serialize(instance_json(tomorrow, "main").at("timers")).find("plan_due") != std::string::npos);
  CHECK(json::serialize(instance_json(agreed, "main").at("timers")).find("plan_due") == std::string::npos);

  // Definitions reloaded: built again with the new ones.
  const auto before_reload = c.answers->stats();
  c.engine->reload(sif::test::load_config_or_fail(fixtures()));
  raw();
  CHECK(c.answers->stats().misses == before_reload.misses + 1);
  CHECK(c.get("/v1/schools/999999", 404).at("error").at("code") == "not_found");
}

TEST_CASE("answer cache: keeps the most recently used answers within its budget", "[cache]") {
  // 16 shards of 1,600 bytes each: room for two answers of 600 bytes (and their keys) in each.
  AnswerCache cache(16 * 1600);
  auto cfg = std::make_shared<int>(1);
  const AnswerCache::Key k1{{1, 0}, cfg, wf::make_date(2026, 9, 1)};
  cache.put("600001", k1, std::string(600, 'a'));
  CHECK(cache.find("600001", k1) == std::string(600, 'a'));
  // Any part of the key different: not this answer.
  CHECK_FALSE(cache.find("600001", AnswerCache::Key{{2, 0}, cfg, wf::make_date(2026, 9, 1)}));
  CHECK_FALSE(cache.find("600001", AnswerCache::Key{{1, 1}, cfg, wf::make_date(2026, 9, 1)}));
  CHECK_FALSE(cache.find("600001", AnswerCache::Key{{1, 0}, cfg, wf::make_date(2026, 9, 2)}));
  CHECK_FALSE(cache.find("600001", AnswerCache::Key{{1, 0}, std::make_shared<int>(1), wf::make_date(2026, 9, 1)}));
  CHECK(cache.stats().hits == 1);
  CHECK(cache.stats().misses == 4);
  // A newer answer for the school replaces the old one.
  const AnswerCache::Key k2{{2, 0}, cfg, wf::make_date(2026, 9, 1)};
  cache.put("600001", k2, std::string(600, 'b'));
  CHECK_FALSE(cache.find("600001", k1));
  CHECK(cache.find("600001", k2) == std::string(600, 'b'));
  CHECK(cache.stats().entries == 1);
  // Many schools: never more than the budget, and the school just read is kept.
  for (int i = 0; i < 200; ++i) {
    cache.put(std::to_string(700000 + i), k1, std::string(600, 'c'));
    CHECK(cache.find("600001", k2));
  }
  CHECK(cache.stats().bytes <= 16 * 1600);
  CHECK(cache.stats().entries <= 32);
  // Too large for a shard: not kept at all.
  cache.put("600002", k1, std::string(2000, 'd'));
  CHECK_FALSE(cache.find("600002", k1));
}

TEST_CASE("console: event forms of a real framework's state list its fields and choices", "[router][forms]") {
  // wiltshire-2019: vulnerable on Monday 10 November 2025, the lead's visit on 3 December, the
  // evaluation on Thursday 18 December: the evaluation reports wait for the draft.
  Console c(shipped(), at_nine(2025, 11, 10));
  wf::School s;
  s.id = "700001";
  s.name = "Wiltshire Primary";
  s.la = "Wiltshire";
  s.framework = "wiltshire-2019";
  s.facts = {{"type", "community"}, {"phase", "primary"}};
  c.register_school(s);
  c.run_to(at_nine(2025, 11, 10));
  c.record("700001", "category.agreed", {{"category", "secure"}});
  c.record("700001", "category.agreed", {{"category", "vulnerable"}});
  c.run_to(at_nine(2025, 11, 12));
  c.record("700001", "meeting.scheduled", {{"kind", "lead_visit"}, {"date", "2025-12-03"}});
  c.run_to(at_nine(2025, 12, 3));
  c.record("700001", "visit.completed");
  c.run_to(at_nine(2025, 12, 18));
  c.record("700001", "evaluation.completed", {{"date", "2025-12-18"}});

  auto school = c.get("/v1/schools/700001");
  CHECK(instance_json(school, "evaluation_reports").at("state") == "draft_due");
  CHECK(instance_json(school, "evaluation_reports").at("state_title") != "draft_due");

  // Every allowed event has a form, none more.
  CHECK(school.at("event_forms").as_array().size() == school.at("allowed_events").as_array().size());

  // draft_due + report.sent [report: draft] -> final_due, [report: final] -> sent.
  const json::object* sent = form_of(school, "report.sent");
  REQUIRE(sent);
  CHECK(sent->at("title") == "Report sent");
  CHECK(strings(sent->at("instances")) == std::vector<std::string>{"evaluation_reports"});
  const json::object* report = field_of(*sent, "report");
  REQUIRE(report);
  CHECK(report->at("kind") == "choice");
  CHECK(report->at("required") == true);
  CHECK(strings(report->at("choices")) == std::vector<std::string>{"draft", "final"});
  CHECK(report->at("label") == "Report");
  const json::object* date = field_of(*sent, "date");
  REQUIRE(date);
  CHECK(date->at("kind") == "date");
  CHECK(date->at("required") == false);

  // category.agreed: the category is one of Wiltshire's own, offered as choices.
  const json::object* agreed = form_of(school, "category.agreed");
  REQUIRE(agreed);
  const json::object* category = field_of(*agreed, "category");
  REQUIRE(category);
  CHECK(category->at("kind") == "choice");
  CHECK(strings(category->at("choices")) ==
        std::vector<std::string>{"secure_plus", "secure", "vulnerable", "causing_concern"});

  // A canonical event: its schema's fields, kinds and choices.
  const json::object* note = form_of(school, "note.recorded");
  REQUIRE(note);
  const json::object* text = field_of(*note, "text");
  REQUIRE(text);
  CHECK(text->at("kind") == "text");
  CHECK(text->at("required") == true);
}

TEST_CASE("console: event forms of review.held carry the schema's choices and one_of", "[router][forms]") {
  Console c(fixtures(), at_nine(2026, 9, 1));
  c.register_school(example_school("600003"));
  c.record("600003", "category.agreed", {{"category", "amber"}});
  c.record("600003", "plan.agreed", {{"plan", "RAP"}});
  c.run_to(at_nine(2026, 12, 2));
  auto school = c.get("/v1/schools/600003");
  REQUIRE(instance_json(school, "main").at("state") == "review");
  const json::object* held = form_of(school, "review.held");
  REQUIRE(held);
  CHECK(strings(held->at("one_of")) == std::vector<std::string>{"progress", "rating"});
  const json::object* progress = field_of(*held, "progress");
  REQUIRE(progress);
  CHECK(progress->at("kind") == "choice");
  CHECK(strings(progress->at("choices")) == std::vector<std::string>{"sufficient", "insufficient"});
  CHECK(field_of(*held, "date")->at("kind") == "date");
}

TEST_CASE("console: the preview of a review outcome shows the new state and deadline and changes nothing",
          "[router][preview]") {
  // Amber on Tuesday 1 September 2026, the plan agreed the same day; the review falls due on
  // Tuesday 1 December (3 months) and fires on Wednesday 2 December: main is in review.
  Console c(fixtures(), at_nine(2026, 9, 1));
  c.register_school(example_school("600004"));
  c.record("600004", "category.agreed", {{"category", "amber"}});
  c.record("600004", "plan.agreed", {{"plan", "RAP"}});
  c.run_to(at_nine(2026, 12, 2));
  auto before = c.get("/v1/schools/600004");
  REQUIRE(instance_json(before, "main").at("state") == "review");
  auto& db = c.engine->database();
  const auto history_before = db.history("600004")->size();
  const auto outbox_before = db.outbox_list(std::nullopt, "600004")->size();
  const auto timers_before = json::serialize(before.at("pending_timers"));

  // review + review.held [progress: sufficient] -> supported: the review again 3 months after
  // the meeting (Wednesday 2 December 2026 -> Tuesday 2 March 2027), the plan within 20 days.
  auto p = c.get("/v1/schools/600004/preview?event=review.held&data.date=2026-12-02&data.progress=sufficient");
  CHECK(p.at("event") == "review.held");
  CHECK(p.at("allowed") == true);
  CHECK(p.at("category_from") == "amber");
  CHECK(p.at("category_to") == "amber");
  REQUIRE(p.at("states").as_array().size() == 1);
  const auto& st = p.at("states").at(0).as_object();
  CHECK(st.at("instance") == "main");
  CHECK(st.at("from") == "review");
  CHECK(st.at("from_title") == "Progress review");
  CHECK(st.at("to") == "supported");
  CHECK(st.at("to_title") == "Targeted support");
  CHECK(st.at("workflow_title") == "Monitoring and support");
  std::map<std::string, json::object> set;
  for (const auto& d : p.at("deadlines_set").as_array()) set[std::string(d.at("timer").as_string())] = d.as_object();
  REQUIRE(set.count("review_due"));
  CHECK(set["review_due"].at("due") == "2027-03-02");
  CHECK(set["review_due"].at("kind") == "deadline");
  CHECK(set["review_due"].at("title") == "Review of progress against the plan");
  CHECK(set["review_due"].at("provenance").at("base") == "2026-12-02");
  REQUIRE(set.count("plan_due"));
  CHECK(set["plan_due"].at("due") == "2026-12-22");
  bool review_overdue_cancelled = false;
  for (const auto& d : p.at("deadlines_cancelled").as_array()) {
    if (d.at("timer") == "review_overdue") review_overdue_cancelled = true;
  }
  CHECK(review_overdue_cancelled);
  REQUIRE(p.at("notices").as_array().size() == 1);
  const auto& n = p.at("notices").at(0).as_object();
  CHECK(n.at("template") == "support-letter");
  CHECK(strings(n.at("to")) ==
        std::vector<std::string>{"headteacher@600004.example.org", "link_adviser@600004.example.org"});
  CHECK(strings(n.at("cc")) == std::vector<std::string>{"chair_of_governors@600004.example.org"});
  CHECK(n.at("subject") == "Example Primary 600004: targeted support");

  // Nothing changed: seq, history, outbox, timers.
  auto after = c.get("/v1/schools/600004");
  CHECK(after.at("seq") == before.at("seq"));
  CHECK(instance_json(after, "main").at("state") == "review");
  CHECK(db.history("600004")->size() == history_before);
  CHECK(db.outbox_list(std::nullopt, "600004")->size() == outbox_before);
  CHECK(json::serialize(after.at("pending_timers")) == timers_before);

  // Refusals answer as recording would: the same status and error body.
  for (const std::string& q : {std::string("event=review.held&data.date=2026-12-02"),      // 422: one of progress, rating
                               std::string("event=review.held&data.progress=middling"),    // 422: not a choice
                               std::string("event=academy.converted"),                     // 409: not in review
                               std::string("event=review.held&data.progress=sufficient&data.date=2030-01-01")}) {  // 422: future
    INFO(q);
    auto preview = c.call(http::verb::get, "/v1/schools/600004/preview?" + q);
    json::object body{{"type", ""}, {"data", json::object{}}};
    for (const auto& kv : sif::daemon::parse_query(q)) {
      if (kv.first == "event") body["type"] = kv.second;
      if (kv.first.starts_with("data.")) body["data"].as_object()[kv.first.substr(5)] = kv.second;
    }
    auto post = c.call(http::verb::post, "/v1/schools/600004/events", json::serialize(body), "officer-token");
    CHECK(preview.result_int() == post.result_int());
    CHECK(preview.result_int() >= 400);
    CHECK(preview.body() == post.body());
  }
  CHECK(c.call(http::verb::get, "/v1/schools/600004/preview").result_int() == 400);  // no event
  CHECK(c.call(http::verb::get, "/v1/schools/600004/preview?event=timer.review_overdue").result_int() == 400);
  CHECK(c.call(http::verb::get, "/v1/schools/999999/preview?event=note.recorded&data.text=x").result_int() == 404);
  CHECK(c.get("/v1/schools/600004").at("seq") == before.at("seq"));
}

// The console's lists through Router::handle(): the school listing's filters, sorting and paging
// (GET /v1/schools), the overview's counts (GET /v1/overview), the notice listing's filters and
// cursor and one notice's letter (GET /v1/notices, /v1/notices/{id}), and sifctl's schools table
// over the shipped sample register (every line within 100 columns, the category said).
#include <catch2/catch.hpp>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/router.hpp"
#include "daemon/scheduler.hpp"
#include "daemon/sifctl_remote.hpp"
#include "daemon/sifctl_tables.hpp"

using namespace sif::daemon;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

const std::string kFixture = std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config";

struct Console {
  std::filesystem::path dir;
  ManualClock clock{from_unix_seconds(1788246000)};  // 2026-09-01T07:00:00Z, 08:00 BST (a Tuesday)
  std::unique_ptr<Engine> engine;
  boost::asio::io_context io;
  std::unique_ptr<Scheduler> scheduler;
  Authenticator auth;
  std::unique_ptr<Router> router;
  DaemonConfig settings;

  explicit Console(const std::string& config_dir = kFixture) {
    static int n = 0;
    dir = std::filesystem::temp_directory_path() / ("sif-lists-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::vector<sif::config::Diagnostic> diags;
    auto cfg = sif::config::load_config_dir(config_dir, &diags);
    REQUIRE(cfg);
    auto db = sif::storage::Database::open(dir / "sif.db");
    REQUIRE(db);
    engine = std::make_unique<Engine>(*cfg, std::move(*db), clock);
    scheduler = std::make_unique<Scheduler>(io, *engine, clock);
    auth = Authenticator({{"ada", sha256_hex("admin-token"), Role::kAdmin, "ada@example.org"},
                          {"vic", sha256_hex("viewer-token"), Role::kViewer, "Adviser@Example.org"},
                          {"nemo", sha256_hex("no-email-token"), Role::kViewer, ""}});
    ApiContext ctx;
    ctx.engine = engine.get();
    ctx.scheduler = scheduler.get();
    ctx.clock = &clock;
    ctx.auth = &auth;
    settings.config_dir = config_dir;
    ctx.settings = settings;
    router = std::make_unique<Router>(ctx);
  }
  ~Console() {
    scheduler->stop();
    router.reset();
    scheduler.reset();
    engine.reset();
    std::filesystem::remove_all(dir);
  }

  HttpResponse call(http::verb method, const std::string& target, const std::string& token, const std::string& body = {}) {
    HttpRequest req{method, target, 11};
    req.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    return router->handle(req);
  }
  json::value get(const std::string& target, unsigned expect = 200, const std::string& token = "viewer-token") {
    auto res = call(http::verb::get, target, token);
    INFO(target << " -> " << res.body());
    REQUIRE(res.result_int() == expect);
    return json::parse(res.body());
  }
  void add(const std::string& id, const std::string& name, const std::string& la, const std::string& extra = "") {
    auto res = call(http::verb::post, "/v1/schools", "admin-token",
                    R"({"id":")" + id + R"(","name":")" + name + R"(","la":")" + la + R"(","framework":"example-2024")" + extra + "}");
    INFO(res.body());
    REQUIRE(res.result_int() == 201);
  }
  void event(const std::string& id, const std::string& body) {
    auto res = call(http::verb::post, "/v1/schools/" + id + "/events", "admin-token", body);
    INFO(res.body());
    REQUIRE(res.result_int() == 200);
  }
};

std::vector<std::string> ids_of(const json::value& page) {
  std::vector<std::string> out;
  for (const auto& s : page.at("schools").as_array()) out.emplace_back(s.at("id").as_string());
  return out;
}

std::string field_of(const json::value& error) { return std::string(error.at("error").at("details").at("field").as_string()); }

// Twelve schools: 100001-100012, alternately in Exampleshire and Westshire; three agreed amber
// (so in `supported`, with deadlines); two whose link adviser is adviser@example.org.
void register_twelve(Console& c) {
  const char* names[] = {"Avonmead Primary", "Brook Lane Infants", "Castle Hill Academy", "Dale View Primary",
                         "Elm Tree School",  "Foxhill Juniors",   "Greenway Primary",    "Holt Academy",
                         "Ivy Bank School",  "Juniper Primary",   "Kingsmead School",    "Larkrise Primary"};
  for (int i = 0; i < 12; ++i) {
    const std::string id = std::to_string(100001 + i);
    std::string contacts;
    if (i == 2 || i == 7) contacts = R"(,"contacts":{"link_adviser":{"name":"A Adviser","email":"adviser@example.org"}})";
    if (i == 0) contacts = R"(,"contacts":{"headteacher":{"name":"A Head","email":"head@example.org"}})";
    c.add(id, names[i], i % 2 ? "Westshire" : "Exampleshire", contacts);
  }
  for (const char* id : {"100001", "100004", "100009"}) {
    c.event(id, R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})");
  }
}

}  // namespace

TEST_CASE("listing: filters, totals, paging and sorting", "[router][lists]") {
  Console c;
  register_twelve(c);

  auto all = c.get("/v1/schools");
  CHECK(all.at("count") == 12);
  CHECK(all.at("total") == 12);
  auto page = c.get("/v1/schools?limit=5&offset=5");
  CHECK(page.at("count") == 5);
  CHECK(page.at("total") == 12);
  CHECK(ids_of(page) == std::vector<std::string>{"100006", "100007", "100008", "100009", "100010"});
  CHECK(ids_of(c.get("/v1/schools?limit=5&offset=10")) == std::vector<std::string>{"100011", "100012"});
  auto past_end = c.get("/v1/schools?offset=50");
  CHECK(past_end.at("count") == 0);
  CHECK(past_end.at("total") == 12);
  auto count_only = c.get("/v1/schools?limit=0&la=Westshire");
  CHECK(count_only.at("count") == 0);
  CHECK(count_only.at("total") == 6);

  // q: part of the name (any case) or of the URN.
  CHECK(ids_of(c.get("/v1/schools?q=ACADEMY")) == std::vector<std::string>{"100003", "100008"});
  CHECK(ids_of(c.get("/v1/schools?q=10001")) == std::vector<std::string>{"100010", "100011", "100012"});
  CHECK(c.get("/v1/schools?q=nothing%20like%20this").at("total") == 0);

  auto amber = c.get("/v1/schools?category=amber");
  CHECK(ids_of(amber) == std::vector<std::string>{"100001", "100004", "100009"});
  CHECK(amber.at("schools").at(0).at("category_title") == "Amber");
  auto none = c.get("/v1/schools?category=none&la=Exampleshire");
  CHECK(none.at("total") == 4);  // 100003, 100005, 100007, 100011
  CHECK(none.at("schools").at(0).at("category_title").is_null());
  CHECK(ids_of(c.get("/v1/schools?state=supported")) == ids_of(amber));
  CHECK(c.get("/v1/schools?state=monitoring&framework=example-2024").at("total") == 9);

  // Sorted by name descending; by next deadline, the schools with one first, soonest first.
  auto by_name = ids_of(c.get("/v1/schools?sort=-name&limit=3"));
  CHECK(by_name == std::vector<std::string>{"100012", "100011", "100010"});
  auto by_next = c.get("/v1/schools?sort=next_deadline");
  std::string previous;
  for (const auto& s : by_next.at("schools").as_array()) {
    const std::string due(s.at("next_deadline").at("due").as_string());
    CHECK(previous <= due);
    previous = due;
  }
  auto soonest = ids_of(by_next);
  soonest.resize(3);
  CHECK(soonest == ids_of(amber));  // their plan is due in 20 days; the others' review in three terms
  auto by_category = ids_of(c.get("/v1/schools?sort=-category&limit=3"));
  CHECK(by_category == ids_of(amber));

  // mine: a contact's email is the token's, whatever its case.
  CHECK(ids_of(c.get("/v1/schools?mine=true")) == std::vector<std::string>{"100003", "100008"});
  CHECK(field_of(c.get("/v1/schools?mine=true", 400, "no-email-token")) == "mine");

  // A bad parameter is a 400 naming it.
  CHECK(field_of(c.get("/v1/schools?sort=size", 400)) == "sort");
  CHECK(field_of(c.get("/v1/schools?limit=1001", 400)) == "limit");
  CHECK(field_of(c.get("/v1/schools?limit=-1", 400)) == "limit");
  CHECK(field_of(c.get("/v1/schools?offset=ten", 400)) == "offset");
  CHECK(field_of(c.get("/v1/schools?category=purple", 400)) == "category");
  CHECK(c.get("/v1/schools?framework=nope").at("total") == 0);  // schools of an unloaded framework stay listable
  CHECK(field_of(c.get("/v1/schools?state=nowhere", 400)) == "state");
  CHECK(field_of(c.get("/v1/schools?overdue=yes", 400)) == "overdue");
}

TEST_CASE("listing: overdue schools are found whether their deadline has fired or not", "[router][lists][overdue]") {
  Console c;
  register_twelve(c);
  CHECK(c.get("/v1/schools?overdue=true").at("total") == 0);
  // plan_due: 20 days from 1 Sep 2026 -> Mon 21 Sep. With the clock moved past it and nothing
  // fired, the pending deadline is overdue already.
  c.clock.advance(std::chrono::hours(24 * 22));  // Wed 23 Sep
  auto pending = c.get("/v1/schools?overdue=true");
  CHECK(ids_of(pending) == std::vector<std::string>{"100001", "100004", "100009"});
  CHECK(pending.at("schools").at(0).at("overdue_count") == 1);
  // Fired: the instance moves to `escalated` and keeps the overdue entry.
  REQUIRE(c.engine->fire_due(c.clock.now_utc()));
  auto fired = c.get("/v1/schools?overdue=true&state=escalated");
  CHECK(ids_of(fired) == std::vector<std::string>{"100001", "100004", "100009"});
  CHECK(fired.at("schools").at(0).at("overdue_count").as_int64() >= 1);
  CHECK(c.get("/v1/schools?overdue=true").at("total") == 3);
  CHECK(c.get("/v1/schools?category=none").at("schools").at(0).at("overdue_count") == 0);

  auto overview = c.get("/v1/overview");
  CHECK(overview.at("overdue").at("count").as_int64() >= 3);
  const auto& first = overview.at("overdue").at("items").at(0);
  CHECK(first.at("school") == "100001");
  CHECK(first.at("due") == "2026-09-21");
  CHECK(first.at("overdue_since") == "2026-09-22");
}

// A deadline due on a Friday is met by anything recorded that day and is overdue only from the
// start of the next working day: not on the Saturday or Sunday, even while its timer has not
// fired (sifd stopped over the weekend).
TEST_CASE("listing: a deadline due on a Friday is not overdue over the weekend, and is from Monday",
          "[router][lists][overdue]") {
  Console c;
  c.add("100001", "Avonmead Primary", "Exampleshire");
  // Saturday 5 September 2026: amber; plan_due is 20 days on, Friday 25 September.
  c.clock.advance(std::chrono::hours(24 * 4));
  c.event("100001", R"({"type":"category.agreed","data":{"category":"amber"}})");
  auto due = c.get("/v1/schools/100001");
  CHECK(due.at("overdue").as_array().empty());
  auto at = [&](int hours_from_saturday_0800) {
    c.clock.set(from_unix_seconds(1788246000 + 4 * 86400 + hours_from_saturday_0800 * 3600));
  };
  for (int h : {24 * 21 - 1, 24 * 21 + 14, 24 * 22 + 14}) {  // Sat 26 Sep 07:00, 22:00; Sun 27 Sep 22:00
    at(h);
    INFO("hours after Sat 5 Sep 08:00: " << h);
    CHECK(c.get("/v1/schools?overdue=true").at("total") == 0);
    CHECK(c.get("/v1/schools/100001").at("overdue").as_array().empty());
    CHECK(c.get("/v1/overview").at("overdue").at("count") == 0);
  }
  at(24 * 23 - 7);  // Mon 28 Sep 01:00, before the timer's 08:00 firing: the working day has begun
  CHECK(c.get("/v1/schools?overdue=true").at("total") == 1);
  auto overdue = c.get("/v1/schools/100001").at("overdue").as_array();
  REQUIRE(overdue.size() == 1);
  CHECK(overdue.at(0).at("due") == "2026-09-25");
  CHECK(overdue.at(0).at("overdue_since") == "2026-09-28");
  CHECK(c.get("/v1/overview").at("overdue").at("count") == 1);
}

// A window through the API and sifctl: while a warning notice's compliance period runs,
// `warning_notice.not_complied` is refused with a 409 naming the period's last day and the day it
// closes; the case file lists it under waiting_events (not allowed_events), and `sifctl show`
// says "not yet:" and which calendar the period was counted on. A Leicester notice given on
// Monday 7 September 2026 stating 10 working days: 8-11 (4), 14-18 (9), Monday 21 September (10);
// it closes at 00:00 on Tuesday 22 September.
TEST_CASE("a warning notice's period through the API and sifctl show: refused with the date, waiting, not yet",
          "[router][lists][dates]") {
  Console c(std::string(SIF_SOURCE_DIR) + "/config");
  auto res = c.call(http::verb::post, "/v1/schools", "admin-token",
                    R"j({"id":"100001","name":"Avonmead Primary (fictional)","la":"Leicester","framework":"leicester-2007",)j"
                    R"j("type":"Community school","phase":"Primary"})j");
  REQUIRE(res.result_int() == 201);
  c.clock.advance(std::chrono::hours(24 * 6));  // Mon 7 Sep 2026
  c.event("100001", R"({"type":"warning_notice.issued","data":{"date":"2026-09-07","grounds":"Standards unacceptably low",)"
                    R"("compliance_working_days":"10"}})");
  c.clock.advance(std::chrono::hours(24 * 14));  // Mon 21 Sep 2026, the last day
  auto refused = c.call(http::verb::post, "/v1/schools/100001/events", "admin-token",
                        R"({"type":"warning_notice.not_complied","data":{"date":"2026-09-21"}})");
  CHECK(refused.result_int() == 409);
  const std::string message(json::parse(refused.body()).at("error").at("message").as_string());
  CHECK(message.find("a period that runs to the end of Monday 21 September 2026") != std::string::npos);
  CHECK(message.find("closes at 00:00 on Tuesday 22 September 2026") != std::string::npos);

  auto body = c.call(http::verb::get, "/v1/schools/100001", "viewer-token");
  REQUIRE(body.result_int() == 200);
  auto school = json::parse(body.body());
  const auto& waiting = school.at("waiting_events").as_array();
  REQUIRE(waiting.size() == 1);
  CHECK(waiting.at(0).at("event") == "warning_notice.not_complied");
  CHECK(waiting.at(0).at("last_day") == "2026-09-21");
  CHECK(waiting.at(0).at("allowed_from") == "2026-09-22");
  for (const auto& e : school.at("allowed_events").as_array()) CHECK(e != "warning_notice.not_complied");
  const std::string shown = render_table("school", body.body());
  INFO(shown);
  CHECK(shown.find("not yet: warning_notice.not_complied (after End of the warning notice compliance period: its "
                   "last day is 2026-09-21; allowed from 2026-09-22)") != std::string::npos);
  CHECK(shown.find("2026-09-21  window  End of the warning notice compliance period  (last day of the period; "
                   "closes at 00:00 on 2026-09-22)") != std::string::npos);
  CHECK(shown.find("; calendar england-and-wales/leicester@") != std::string::npos);

  // The next day it is taken.
  c.clock.advance(std::chrono::hours(24));
  REQUIRE(c.engine->fire_due(c.clock.now_utc()));
  c.event("100001", R"({"type":"warning_notice.not_complied","data":{"date":"2026-09-22"}})");
}

TEST_CASE("overview: schools by category, stages, due this week, mine", "[router][lists]") {
  Console c;
  register_twelve(c);
  auto o = c.get("/v1/overview");
  CHECK(o.at("today") == "2026-09-01");
  const auto& fws = o.at("frameworks").as_array();
  REQUIRE(fws.size() == 1);
  const auto& fw = fws.at(0);
  CHECK(fw.at("id") == "example-2024");
  CHECK(fw.at("schools") == 12);
  std::map<std::string, std::int64_t> cats;
  for (const auto& cat : fw.at("categories").as_array()) cats[std::string(cat.at("id").as_string())] = cat.at("schools").as_int64();
  CHECK(cats == std::map<std::string, std::int64_t>{{"green", 0}, {"amber", 3}, {"red", 0}, {"none", 9}});
  std::map<std::string, std::int64_t> stages;
  for (const auto& s : fw.at("stages").as_array()) {
    stages[std::string(s.at("workflow").as_string()) + ":" + std::string(s.at("state").as_string())] = s.at("schools").as_int64();
  }
  CHECK(stages.at("main:monitoring") == 9);
  CHECK(stages.at("main:supported") == 3);
  CHECK(fw.at("stages").at(0).at("state_title") == "Universal monitoring");
  CHECK(o.at("overdue").at("count") == 0);
  CHECK(o.at("warning_notices").as_array().empty());
  CHECK(o.at("mine") == 2);
  CHECK(c.get("/v1/overview", 200, "no-email-token").at("mine").is_null());

  // A week on, the adviser visits and reviews due that week are counted, reminders are not.
  c.clock.advance(std::chrono::hours(24 * 16));  // Thu 17 Sep: plan_due (Mon 21 Sep) is 4 days off
  REQUIRE(c.engine->fire_due(c.clock.now_utc()));
  auto week = c.get("/v1/overview").at("due_this_week");
  CHECK(week.at("count").as_int64() >= 3);
  for (const auto& item : week.at("items").as_array()) {
    CHECK(item.at("kind") == "deadline");
    CHECK(item.at("due").as_string() >= "2026-09-17");
    CHECK(item.at("due").as_string() <= "2026-09-23");
  }
}

TEST_CASE("notices: filters, the id cursor, times, subject, and one notice's letter", "[router][lists][notices]") {
  Console c;
  register_twelve(c);  // three support letters (category amber)
  auto all = c.get("/v1/notices");
  REQUIRE(all.at("count") == 3);
  const auto& newest = all.at("notices").at(0);
  CHECK(newest.at("school") == "100009");
  CHECK(newest.at("created_at") == "2026-09-01T07:00:00Z");
  CHECK(newest.at("sent_at").is_null());
  CHECK(newest.at("next_attempt_at") == "2026-09-01T07:00:00Z");
  CHECK(newest.at("subject") == "Ivy Bank School: targeted support");
  CHECK(all.at("next_before").is_null());

  auto first_page = c.get("/v1/notices?limit=2");
  REQUIRE(first_page.at("count") == 2);
  const auto cursor = first_page.at("next_before").as_int64();
  auto second_page = c.get("/v1/notices?limit=2&before=" + std::to_string(cursor));
  REQUIRE(second_page.at("count") == 1);
  CHECK(second_page.at("notices").at(0).at("school") == "100001");
  CHECK(second_page.at("next_before").is_null());
  CHECK(c.get("/v1/notices?school=100004").at("count") == 1);
  CHECK(c.get("/v1/notices?template=support-letter&status=pending").at("count") == 3);
  CHECK(c.get("/v1/notices?template=concern-letter").at("count") == 0);
  CHECK(field_of(c.get("/v1/notices?before=x", 400)) == "before");

  // One notice: the row and its letter as rendered from the fixture template.
  const auto id = std::to_string(second_page.at("notices").at(0).at("id").as_int64());
  auto one = c.get("/v1/notices/" + id);
  CHECK(one.at("template") == "support-letter");
  CHECK(one.at("subject") == "Avonmead Primary: targeted support");
  const std::string body(one.at("body").as_string());
  CHECK_THAT(body, Catch::Contains("Avonmead Primary is now in category amber."));
  CHECK_THAT(body, Catch::Contains("Fictional test fixture."));
  // Its link adviser has no address: which role is missing is said, the letter still shown.
  CHECK(one.at("recipients").is_null());
  CHECK_THAT(std::string(one.at("recipients_error").as_string()), Catch::Contains("link_adviser"));
  CHECK(field_of(c.get("/v1/notices/abc", 400)) == "id");
  c.get("/v1/notices/999999", 404);
}

TEST_CASE("sifctl's schools table fits 100 columns for the sample register and says the category",
          "[sifctl][lists]") {
  const std::string shipped = std::string(SIF_SOURCE_DIR) + "/config";
  Console c(shipped);
  auto settings = load_daemon_config(shipped + "/sifd.yaml");
  REQUIRE(settings);
  std::ifstream in(shipped + "/sample/register.csv", std::ios::binary);
  std::stringstream csv;
  csv << in.rdbuf();
  auto rep = import_register(*c.engine, *settings, csv.str(), "", false, "test");
  REQUIRE(rep);
  REQUIRE(rep->registered.size() == 37);

  auto res = c.call(http::verb::get, "/v1/schools", "viewer-token");
  REQUIRE(res.result_int() == 200);
  const std::string table = render_table("schools", res.body());
  std::istringstream lines(table);
  std::string line;
  int rows = 0, none_agreed = 0, widest = 0;
  while (std::getline(lines, line)) {
    INFO(line);
    CHECK(sifctl::display_width(line) <= 100);
    widest = std::max<int>(widest, static_cast<int>(sifctl::display_width(line)));
    ++rows;
    none_agreed += line.find("none agreed") != std::string::npos;
    // A school with no deadline waiting says so rather than leave the cell blank.
    if (rows > 1 && rows <= 38 && line.find("none pending") == std::string::npos) CHECK(line.find(" 20") != std::string::npos);
  }
  CHECK(rows == 1 + 37 + 1);  // header, schools, "37 school(s)"
  CHECK(none_agreed == 37);
  CHECK(widest > 80);  // the columns use the room they have
  CHECK_THAT(table, Catch::Contains("\u2026"));
  CHECK_THAT(table, Catch::EndsWith("37 school(s)\n"));

  // --wide: every cell whole, so the longest names appear in full.
  const std::string wide = render_table("schools", res.body(), true);
  CHECK_THAT(wide, Catch::Contains("Avonmead Primary School (fictional)"));
  CHECK(wide.find("\u2026") == std::string::npos);
}

TEST_CASE("sifctl tables: cut cells end in an ellipsis, short tables are untouched", "[sifctl][lists]") {
  sifctl::Table t({"ID", "NAME"});
  t.add({"1", std::string(150, 'x')});
  const std::string cut = t.str(40);
  std::istringstream in(cut);
  std::string line;
  std::getline(in, line);
  CHECK(line == "ID  NAME");
  std::getline(in, line);
  CHECK(sifctl::display_width(line) == 40);
  CHECK(line.ends_with("x\u2026"));
  sifctl::Table small({"A", "B"});
  small.add({"one", "two"});
  CHECK(small.str() == "A    B\none  two\n");
  CHECK(sifctl::cut("Ysgol Gymraeg", 5) == "Ysgo\u2026");
  CHECK(sifctl::cut("short", 5) == "short");
}

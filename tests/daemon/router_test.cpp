// The HTTP API through Router::handle(): no sockets. A real Engine on a temporary database and
// the fixture framework (tests/fixtures/config, example-2024) on a manual clock.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <filesystem>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/router.hpp"
#include "daemon/scheduler.hpp"
#include "daemon/text_encoding.hpp"

using namespace sif::daemon;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

std::filesystem::path temp_db() {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() / ("sif-router-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir / "sif.db";
}

struct Api {
  std::filesystem::path db_path = temp_db();
  ManualClock clock{from_unix_seconds(1788246000)};  // 2026-09-01T07:00:00Z, 08:00 BST
  std::unique_ptr<Engine> engine;
  boost::asio::io_context io;
  std::unique_ptr<Scheduler> scheduler;
  Authenticator auth;
  Metrics metrics;
  std::atomic<bool> ready{true};
  std::unique_ptr<Router> router;

  Api() {
    std::vector<sif::config::Diagnostic> diags;
    auto cfg = sif::config::load_config_dir(std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config", &diags);
    for (const auto& d : diags) INFO(d.str());
    REQUIRE(cfg);
    auto db = sif::storage::Database::open(db_path);
    REQUIRE(db);
    engine = std::make_unique<Engine>(*cfg, std::move(*db), clock);
    scheduler = std::make_unique<Scheduler>(io, *engine, clock);
    auth.add_plain_token("ada", "admin-token", Role::kAdmin);
    auth.add_plain_token("olu", "officer-token", Role::kOfficer);
    auth.add_plain_token("vic", "viewer-token", Role::kViewer);
    ApiContext ctx;
    ctx.engine = engine.get();
    ctx.scheduler = scheduler.get();
    ctx.clock = &clock;
    ctx.auth = &auth;
    ctx.metrics = &metrics;
    ctx.ready = &ready;
    ctx.settings.dashboard_dir = std::string(SIF_SOURCE_DIR) + "/daemon/dashboard";
    ctx.settings.la_frameworks = {{"Exampleshire", "example-2024"}};
    router = std::make_unique<Router>(ctx);
  }
  ~Api() {
    scheduler->stop();
    router.reset();
    scheduler.reset();
    engine.reset();
    std::filesystem::remove_all(db_path.parent_path());
  }

  HttpResponse call(http::verb method, const std::string& target, const std::string& token = "admin-token",
                    const std::string& body = {}, const std::string& content_type = "application/json") {
    HttpRequest req{method, target, 11};
    if (!token.empty()) req.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) {
      req.set(http::field::content_type, content_type);
      req.body() = body;
    }
    req.prepare_payload();
    return router->handle(req);
  }
  json::value get_json(const std::string& target, unsigned expect = 200, const std::string& token = "admin-token") {
    auto res = call(http::verb::get, target, token);
    INFO(target << " -> " << res.body());
    REQUIRE(res.result_int() == expect);
    return json::parse(res.body());
  }
  HttpResponse post(const std::string& target, const std::string& body, const std::string& token = "admin-token") {
    return call(http::verb::post, target, token, body);
  }
  void register_school(const std::string& id, const std::string& extra = "") {
    auto res = post("/v1/schools", R"({"id":")" + id + R"(","name":"School )" + id +
                                       R"(","la":"Exampleshire","framework":"example-2024","type":"community","phase":"primary")" +
                                       extra + "}");
    INFO(res.body());
    REQUIRE(res.result_int() == 201);
  }
};

std::string error_code_of(const HttpResponse& res) {
  return std::string(json::parse(res.body()).at("error").at("code").as_string());
}

}  // namespace

// A school registered through the API with GIAS's names gets the same slugs the CSV import gives,
// so guards on school.type (the diocese's copy of a warning notice) see it; an unknown type or
// phase is refused with the known ones, and facts cannot carry one past the check.
TEST_CASE("router: POST /v1/schools reads GIAS type and phase names as the CSV import does", "[router]") {
  Api api;
  auto post_school = [&](const std::string& id, const std::string& fields) {
    return api.post("/v1/schools", R"({"id":")" + id + R"(","name":"School )" + id +
                                       R"(","la":"Exampleshire","framework":"example-2024",)" + fields + "}");
  };
  auto facts_of = [&](const std::string& id) { return api.get_json("/v1/schools/" + id).at("school").at("facts"); };
  REQUIRE(post_school("100001", R"("type":"Voluntary aided school","phase":"Primary")").result_int() == 201);
  CHECK(facts_of("100001").at("type") == "voluntary_aided");
  CHECK(facts_of("100001").at("type_name") == "Voluntary aided school");
  CHECK(facts_of("100001").at("phase") == "primary");
  REQUIRE(post_school("100002", R"("type":"Local authority nursery school","phase":"Nursery")").result_int() == 201);
  CHECK(facts_of("100002").at("type") == "local_authority_nursery");
  REQUIRE(post_school("100003", R"("facts":{"type":"Academy converter","phase":"Middle deemed secondary"})").result_int() ==
          201);
  CHECK(facts_of("100003").at("type") == "academy_converter");
  CHECK(facts_of("100003").at("phase") == "middle_deemed_secondary");

  auto unknown = post_school("100004", R"("type":"Voluntary aid school","phase":"Primary")");
  CHECK(unknown.result_int() == 400);
  auto error = json::parse(unknown.body()).at("error");
  CHECK(error.at("details").at("field") == "type");
  std::string message(error.at("message").as_string());
  CHECK(message.find("'Voluntary aid school' is not a school type sif knows") != std::string::npos);
  CHECK(message.find("voluntary_aided") != std::string::npos);
  auto phase = post_school("100004", R"("type":"Community school","phase":"Infant")");
  CHECK(phase.result_int() == 400);
  CHECK(json::parse(phase.body()).at("error").at("details").at("field") == "phase");
  auto smuggled = post_school("100004", R"("type":"Community school","facts":{"type":"Grammar"})");
  CHECK(smuggled.result_int() == 400);
  CHECK(json::parse(smuggled.body()).at("error").at("details").at("field") == "facts.type");
  CHECK(api.get_json("/v1/schools/100004", 404).is_object());  // nothing was registered

  // The religious character, as GIAS names it, at the top level or in facts: the same facts the
  // import gives, which route the warning notice's copy to the religious body.
  REQUIRE(post_school("100005", R"("type":"Voluntary aided school","religious_character":"Roman Catholic")").result_int() ==
          201);
  CHECK(facts_of("100005").at("religious_character") == "roman_catholic");
  CHECK(facts_of("100005").at("religious_character_name") == "Roman Catholic");
  CHECK(facts_of("100005").at("church_school") == "roman_catholic");
  REQUIRE(post_school("100006", R"("type":"Foundation school","facts":{"religious_character":"Does not apply"})")
              .result_int() == 201);
  CHECK(facts_of("100006").at("religious_character") == "none");
  CHECK(facts_of("100006").at("church_school") == "no");
  auto twice = post_school("100007", R"("religious_character":"Jewish","facts":{"religious_character":"None"})");
  CHECK(twice.result_int() == 400);
  CHECK(json::parse(twice.body()).at("error").at("details").at("field") == "facts.religious_character");
  auto derived = post_school("100007", R"("type":"Community school","facts":{"church_school":"church_of_england"})");
  CHECK(derived.result_int() == 400);
  CHECK(json::parse(derived.body()).at("error").at("details").at("field") == "facts.church_school");
  CHECK(api.get_json("/v1/schools/100007", 404).is_object());
}

TEST_CASE("router: authentication and roles", "[router]") {
  Api api;
  CHECK(api.call(http::verb::get, "/healthz", "").result_int() == 200);
  CHECK(api.call(http::verb::get, "/readyz", "").result_int() == 200);
  api.ready = false;
  CHECK(api.call(http::verb::get, "/readyz", "").result_int() == 503);

  auto anon = api.call(http::verb::get, "/v1/schools", "");
  CHECK(anon.result_int() == 401);
  CHECK(anon[http::field::www_authenticate] == "Bearer realm=\"sif\"");
  CHECK(error_code_of(anon) == "unauthorized");
  CHECK(api.call(http::verb::get, "/v1/schools", "not-a-token").result_int() == 401);
  CHECK(api.call(http::verb::get, "/metrics", "").result_int() == 401);

  CHECK(api.call(http::verb::get, "/v1/schools", "viewer-token").result_int() == 200);
  auto viewer_post = api.post("/v1/schools", "{}", "viewer-token");
  CHECK(viewer_post.result_int() == 403);
  CHECK(error_code_of(viewer_post) == "forbidden");
  CHECK(api.post("/v1/schools", "{}", "officer-token").result_int() == 403);
  CHECK(api.post("/v1/clock", R"({"advance":"1d"})", "officer-token").result_int() == 403);
  CHECK(api.post("/v1/audit/verify", "{}", "viewer-token").result_int() == 403);
  CHECK(api.post("/v1/schools/1/events", R"({"type":"note.recorded"})", "viewer-token").result_int() == 403);

  CHECK(api.call(http::verb::get, "/v1/nothing").result_int() == 404);
  auto wrong_method = api.call(http::verb::delete_, "/v1/schools");
  CHECK(wrong_method.result_int() == 405);
  CHECK(wrong_method[http::field::allow] == "GET, POST");
}

TEST_CASE("router: registering schools", "[router]") {
  Api api;
  api.register_school("100001", R"(,"contacts":{"headteacher":{"name":"A Head","email":"head@example.org"}})");

  auto dup = api.post("/v1/schools", R"({"id":"100001","name":"Again","la":"X","framework":"example-2024"})");
  CHECK(dup.result_int() == 409);

  auto no_name = api.post("/v1/schools", R"({"id":"100002","la":"X","framework":"example-2024"})");
  CHECK(no_name.result_int() == 400);
  CHECK(json::parse(no_name.body()).at("error").at("details").at("field") == "name");
  auto bad_fw = api.post("/v1/schools", R"({"id":"100002","name":"N","la":"X","framework":"nope"})");
  CHECK(bad_fw.result_int() == 400);
  CHECK(json::parse(bad_fw.body()).at("error").at("details").at("field") == "framework");
  auto bad_cat = api.post("/v1/schools", R"({"id":"100002","name":"N","la":"X","framework":"example-2024","category":"purple"})");
  CHECK(bad_cat.result_int() == 400);
  auto bad_role = api.post("/v1/schools", R"({"id":"100002","name":"N","la":"X","framework":"example-2024","contacts":{"janitor":{}}})");
  CHECK(bad_role.result_int() == 400);
  CHECK(api.post("/v1/schools", "not json").result_int() == 400);
  CHECK(api.post("/v1/schools", R"({"id":5})").result_int() == 400);

  auto list = api.get_json("/v1/schools", 200, "viewer-token");
  REQUIRE(list.at("schools").as_array().size() == 1);
  const auto& s = list.at("schools").at(0);
  CHECK(s.at("id") == "100001");
  CHECK(s.at("framework") == "example-2024");
  CHECK(s.at("active_workflows").at(0).at("workflow") == "main");
  CHECK(s.at("active_workflows").at(0).at("state") == "monitoring");
  CHECK(api.get_json("/v1/schools?framework=other").at("schools").as_array().empty());
  CHECK(api.get_json("/v1/schools?la=Exampleshire").at("schools").as_array().size() == 1);

  auto show = api.get_json("/v1/schools/100001", 200, "viewer-token");
  CHECK(show.at("name") == "School 100001");
  CHECK(show.at("school").at("contacts").at("headteacher").at("email") == "head@example.org");
  CHECK(show.at("instances").at(0).at("state") == "monitoring");
  CHECK_FALSE(show.at("allowed_events").as_array().empty());
  CHECK(api.call(http::verb::get, "/v1/schools/999").result_int() == 404);
}

TEST_CASE("router: events, errors by status, idempotency, history", "[router]") {
  Api api;
  api.register_school("100001");

  auto ok = api.post("/v1/schools/100001/events", R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})",
                     "officer-token");
  INFO(ok.body());
  REQUIRE(ok.result_int() == 200);
  auto body = json::parse(ok.body());
  CHECK(body.at("category") == "amber");

  // 409: not allowed in the current state; details list what is.
  auto conflict = api.post("/v1/schools/100001/events", R"({"type":"warning_notice.complied","data":{"date":"2026-09-01"}})",
                           "officer-token");
  INFO(conflict.body());
  CHECK(conflict.result_int() == 409);
  auto cj = json::parse(conflict.body());
  CHECK(cj.at("error").at("code") == "conflict");
  CHECK_FALSE(cj.at("error").at("details").at("allowed_events").as_array().empty());

  // 422: the event's data is invalid.
  auto bad_data = api.post("/v1/schools/100001/events", R"({"type":"review.held","data":{"date":"2026-02-30"}})", "officer-token");
  CHECK(bad_data.result_int() == 422);
  CHECK(error_code_of(bad_data) == "unprocessable");

  // 400: malformed requests, naming the field.
  auto no_type = api.post("/v1/schools/100001/events", R"({"data":{}})", "officer-token");
  CHECK(no_type.result_int() == 400);
  CHECK(json::parse(no_type.body()).at("error").at("details").at("field") == "type");
  CHECK(api.post("/v1/schools/100001/events", R"({"type":"note.recorded","data":[1]})", "officer-token").result_int() == 400);
  CHECK(api.post("/v1/schools/100001/events", R"({"type":"timer.review_due"})", "officer-token").result_int() == 400);
  CHECK(api.post("/v1/schools/100001/events", "{", "officer-token").result_int() == 400);
  // 404: no such school.
  CHECK(api.post("/v1/schools/999/events", R"({"type":"note.recorded","data":{"text":"x"}})", "officer-token").result_int() == 404);

  // Idempotency: the same key is applied once and answered the same way (body or header key).
  std::string note = R"({"type":"plan.agreed","data":{"plan":"RAP"},"idempotency_key":"k-1"})";
  auto first = api.post("/v1/schools/100001/events", note, "officer-token");
  INFO(first.body());
  REQUIRE(first.result_int() == 200);
  auto again = api.post("/v1/schools/100001/events", note, "officer-token");
  CHECK(again.result_int() == 200);
  CHECK(again.body() == first.body());
  CHECK(again["Idempotent-Replayed"] == "true");
  HttpRequest hdr{http::verb::post, "/v1/schools/100001/events", 11};
  hdr.set(http::field::authorization, "Bearer officer-token");
  hdr.set("Idempotency-Key", "k-2");
  hdr.body() = R"({"type":"plan.agreed","data":{"plan":"RIP"}})";
  hdr.prepare_payload();
  auto h1 = api.router->handle(hdr);
  auto h2 = api.router->handle(hdr);
  CHECK(h1.result_int() == 200);
  CHECK(h2["Idempotent-Replayed"] == "true");

  auto history = api.get_json("/v1/schools/100001/history", 200, "viewer-token");
  const auto& rows = history.at("history").as_array();
  REQUIRE(rows.size() >= 4);
  int64_t prev = 0;
  int notes = 0;
  for (const auto& r : rows) {
    CHECK(r.at("seq").as_int64() > prev);
    prev = r.at("seq").as_int64();
    if (r.at("event") == "plan.agreed") ++notes;
  }
  CHECK(notes == 2);  // k-1 and k-2 each once
  CHECK(rows.back().at("actor") == "olu");  // the token's name is the default actor
  CHECK(api.call(http::verb::get, "/v1/schools/999/history").result_int() == 404);
}

TEST_CASE("router: deadlines, ics, clock, audit, notices, metrics", "[router]") {
  Api api;
  api.register_school("100001");
  REQUIRE(api.post("/v1/schools/100001/events", R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})",
                   "officer-token").result_int() == 200);

  auto dl = api.get_json("/v1/deadlines?from=2026-09-01&to=2027-09-01", 200, "viewer-token");
  REQUIRE_FALSE(dl.at("deadlines").as_array().empty());
  const auto& first = dl.at("deadlines").at(0);
  CHECK(first.at("school") == "100001");
  CHECK(first.at("school_name") == "School 100001");
  CHECK(first.at("provenance").at("framework") == "example-2024");
  CHECK(api.call(http::verb::get, "/v1/deadlines?from=2026-13-01").result_int() == 400);
  CHECK(api.call(http::verb::get, "/v1/deadlines?from=2026-09-02&to=2026-09-01").result_int() == 400);

  auto ics = api.call(http::verb::get, "/v1/deadlines.ics?from=2026-09-01", "viewer-token");
  CHECK(ics.result_int() == 200);
  CHECK(ics[http::field::content_type] == "text/calendar; charset=utf-8");
  CHECK(ics.body().find("BEGIN:VEVENT\r\nUID:100001-") != std::string::npos);
  CHECK(ics.body().find("DTSTART;VALUE=DATE:2026") != std::string::npos);
  // Calendar clients cannot send headers: ?token= works for the feed only.
  CHECK(api.call(http::verb::get, "/v1/deadlines.ics?token=viewer-token", "").result_int() == 200);
  CHECK(api.call(http::verb::get, "/v1/deadlines?token=viewer-token", "").result_int() == 401);

  auto clock = api.get_json("/v1/clock", 200, "viewer-token");
  CHECK(clock.at("mode") == "manual");
  CHECK(clock.at("now") == "2026-09-01T07:00:00Z");
  CHECK(clock.at("local") == "2026-09-01 08:00");
  CHECK(api.post("/v1/clock", R"({"advance":"soon"})").result_int() == 400);
  CHECK(api.post("/v1/clock", R"({})").result_int() == 400);
  CHECK(api.post("/v1/clock", R"({"to":"2026-01-01T00:00:00Z"})").result_int() == 400);  // backwards
  auto moved = api.post("/v1/clock", R"({"advance":"120d"})");
  INFO(moved.body());
  REQUIRE(moved.result_int() == 200);
  auto mj = json::parse(moved.body());
  CHECK(mj.at("now") == "2026-12-30T07:00:00Z");
  CHECK(mj.at("fired").as_int64() > 0);
  auto to = api.post("/v1/clock", R"({"to":"2027-01-04T08:00:00+00:00"})");
  CHECK(to.result_int() == 200);
  CHECK(json::parse(to.body()).at("now") == "2027-01-04T08:00:00Z");

  auto audit = api.post("/v1/audit/verify", "{}");
  REQUIRE(audit.result_int() == 200);
  auto aj = json::parse(audit.body());
  CHECK(aj.at("ok") == true);
  CHECK(aj.at("schools") == 1);

  auto notices = api.get_json("/v1/notices", 200, "viewer-token");
  CHECK_FALSE(notices.at("notices").as_array().empty());  // the support letter at least
  CHECK(api.get_json("/v1/notices?status=sent").at("notices").as_array().empty());
  CHECK(api.call(http::verb::get, "/v1/notices?status=lost").result_int() == 400);

  auto metrics = api.call(http::verb::get, "/metrics", "viewer-token");
  CHECK(metrics.result_int() == 200);
  CHECK(metrics.body().find("sif_events_total{type=\"category.agreed\",accepted=\"true\"} 1") != std::string::npos);
  CHECK(metrics.body().find("sif_http_request_duration_seconds_bucket{method=\"GET\",le=\"+Inf\"}") != std::string::npos);
  CHECK(metrics.body().find("sif_schools 1") != std::string::npos);
  CHECK(metrics.body().find("sif_outbox_pending") != std::string::npos);
}

TEST_CASE("router: frameworks and diagrams", "[router]") {
  Api api;
  auto list = api.get_json("/v1/frameworks", 200, "viewer-token");
  REQUIRE(list.at("frameworks").as_array().size() == 1);
  CHECK(list.at("frameworks").at(0).at("id") == "example-2024");
  auto one = api.get_json("/v1/frameworks/example-2024");
  CHECK(one.at("categories").as_array().size() == 3);
  CHECK(one.at("workflows").at(0).at("id") == "main");
  CHECK(api.call(http::verb::get, "/v1/frameworks/nope").result_int() == 404);
  auto mm = api.call(http::verb::get, "/v1/frameworks/example-2024?format=mermaid&workflow=main");
  REQUIRE(mm.result_int() == 200);
  CHECK(mm.body().rfind("---\ntitle: main — Monitoring and support\n---\n", 0) == 0);
  CHECK(mm.body().find("stateDiagram-v2") != std::string::npos);
  CHECK(mm.body().find("[*] --> monitoring") != std::string::npos);
  CHECK(mm.body().find("review --> supported") != std::string::npos);
  auto all = api.call(http::verb::get, "/v1/frameworks/example-2024?format=mermaid");
  CHECK(all.body().find("title: warning_notice") != std::string::npos);
  CHECK(api.call(http::verb::get, "/v1/frameworks/example-2024?format=svg").result_int() == 400);
}

TEST_CASE("router: CSV import is all-or-nothing unless valid-only", "[router][csv]") {
  Api api;
  api.register_school("100009");
  std::string csv =
      "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name)\r\n"
      "100001,Alpha Primary,Exampleshire,Community school,Primary\r\n"
      "100002,\"Beta, Infants\",Exampleshire,Voluntary aided school,Primary\r\n"
      "10x3,Gamma,Exampleshire,Community school,Primary\r\n"
      "100004,Delta,Nowhere,Community school,Primary\r\n"
      "100009,Already,Exampleshire,Community school,Primary\r\n";
  auto all = api.call(http::verb::post, "/v1/schools/import", "admin-token", csv, "text/csv");
  INFO(all.body());
  REQUIRE(all.result_int() == 422);
  auto issues = json::parse(all.body()).at("error").at("details").at("issues").as_array();
  REQUIRE(issues.size() == 3);
  CHECK(issues[0].at("line") == 4);
  CHECK(issues[0].at("column") == "URN");
  CHECK(issues[1].at("line") == 5);
  CHECK(issues[1].at("column") == "LA (name)");
  CHECK(issues[2].at("line") == 6);
  CHECK(api.get_json("/v1/schools").at("schools").as_array().size() == 1);  // nothing registered

  auto some = api.call(http::verb::post, "/v1/schools/import?mode=valid-only", "admin-token", csv, "text/csv");
  INFO(some.body());
  REQUIRE(some.result_int() == 201);
  auto sj = json::parse(some.body());
  CHECK(sj.at("registered").as_array().size() == 2);
  CHECK(sj.at("issues").as_array().size() == 3);
  auto beta = api.get_json("/v1/schools/100002");
  CHECK(beta.at("name") == "Beta, Infants");
  CHECK(beta.at("school").at("facts").at("type") == "voluntary_aided");

  CHECK(api.call(http::verb::post, "/v1/schools/import", "admin-token", "a,b\n1,2\n", "text/csv").result_int() == 400);
  CHECK(api.call(http::verb::post, "/v1/schools/import?mode=maybe", "admin-token", csv, "text/csv").result_int() == 400);
  CHECK(api.call(http::verb::post, "/v1/schools/import", "officer-token", csv, "text/csv").result_int() == 403);
}

TEST_CASE("router: a Windows-1252 CSV is imported and answered as UTF-8", "[router][csv][encoding]") {
  Api api;
  // As GIAS publishes it: 0x92 right single quote, 0xE7 c cedilla.
  const std::string csv =
      "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name)\r\n"
      "100001,St Mary\x92s C of E Primary,Exampleshire,Voluntary aided school,Primary\r\n"
      "100002,Ecole Fran\xE7" "aise,Exampleshire,Community school,Primary\r\n";

  // Said to be UTF-8, it is refused, naming the line, and nothing is registered.
  auto forced = api.call(http::verb::post, "/v1/schools/import?encoding=utf-8", "admin-token", csv, "text/csv");
  INFO(forced.body());
  REQUIRE(forced.result_int() == 400);
  auto fj = json::parse(forced.body());
  CHECK(fj.at("error").at("details").at("where") == "line 2");
  CHECK(std::string(fj.at("error").at("message").as_string()).starts_with("line 2 is not valid UTF-8: byte 0x92"));
  CHECK(api.get_json("/v1/schools").at("count") == 0);

  // An encoding sif does not know is a 400 naming the parameter.
  auto unknown = api.call(http::verb::post, "/v1/schools/import?encoding=utf-16", "admin-token", csv, "text/csv");
  REQUIRE(unknown.result_int() == 400);
  CHECK(json::parse(unknown.body()).at("error").at("details").at("field") == "encoding");

  // Detected (no parameter): registered, and every answer is UTF-8.
  auto res = api.call(http::verb::post, "/v1/schools/import", "admin-token", csv, "text/csv");
  INFO(res.body());
  REQUIRE(res.result_int() == 201);
  CHECK(json::parse(res.body()).at("encoding") == "windows-1252");
  auto list = api.call(http::verb::get, "/v1/schools");
  REQUIRE(list.result_int() == 200);
  CHECK(find_invalid_utf8(list.body()) == std::string_view::npos);
  auto schools = json::parse(list.body()).at("schools").as_array();
  REQUIRE(schools.size() == 2);
  CHECK(schools[0].at("name") == "St Mary\xE2\x80\x99s C of E Primary");
  CHECK(schools[1].at("name") == "Ecole Fran\xC3\xA7" "aise");

  // Forced ISO-8859-1 reads the same bytes the same way.
  std::string more = "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name)\n"
                     "100003,Coll\xE8ge,Exampleshire,Community school,Primary\n";
  auto latin = api.call(http::verb::post, "/v1/schools/import?encoding=iso-8859-1", "admin-token", more, "text/csv");
  REQUIRE(latin.result_int() == 201);
  CHECK(api.get_json("/v1/schools/100003").at("name") == "Coll\xC3\xA8ge");
}

TEST_CASE("router: an import storage cannot commit registers nothing and says so", "[router][csv][fault]") {
  Api api;
  const std::string csv =
      "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name)\n"
      "100001,Alpha,Exampleshire,Community school,Primary\n"
      "100002,Beta,Exampleshire,Community school,Primary\n"
      "100003,Gamma,Exampleshire,Community school,Primary\n";
  api.engine->database().fail_at_statement(12);  // inside the transaction, rows already written
  auto res = api.call(http::verb::post, "/v1/schools/import", "admin-token", csv, "text/csv");
  api.engine->database().fail_at_statement(0);
  INFO(res.body());
  REQUIRE(res.result_int() / 100 == 5);
  auto err = json::parse(res.body()).at("error");
  CHECK(std::string(err.at("message").as_string()).starts_with("the import was not committed; nothing was registered"));
  CHECK(err.at("details").at("registered").as_array().empty());
  CHECK(api.get_json("/v1/schools").at("count") == 0);
  auto again = api.call(http::verb::post, "/v1/schools/import", "admin-token", csv, "text/csv");
  REQUIRE(again.result_int() == 201);
  CHECK(api.get_json("/v1/schools").at("count") == 3);
}

TEST_CASE("router: path parameters are percent-decoded, literal routes win", "[router]") {
  std::map<std::string, std::string> p;
  CHECK(match_pattern("/v1/schools/{id}/events", "/v1/schools/ab%20c/events", &p));
  CHECK(p.at("id") == "ab c");
  CHECK_FALSE(match_pattern("/v1/schools/{id}", "/v1/schools/", &p));
  CHECK_FALSE(match_pattern("/v1/schools/{id}", "/v1/schools/1/x", &p));
  CHECK(match_pattern("/v1/schools/import", "/v1/schools/import", &p));
}

TEST_CASE("router: clock durations and instants", "[router]") {
  CHECK(parse_duration_text("30d").value() == std::chrono::hours(24 * 30));
  CHECK(parse_duration_text("1d12h").value() == std::chrono::hours(36));
  CHECK(parse_duration_text("2w").value() == std::chrono::hours(24 * 14));
  CHECK(parse_duration_text("90m").value() == std::chrono::minutes(90));
  CHECK_FALSE(parse_duration_text("").has_value());
  CHECK_FALSE(parse_duration_text("30").has_value());
  CHECK_FALSE(parse_duration_text("3y").has_value());
  CHECK_FALSE(parse_duration_text("-3d").has_value());
  CHECK(format_utc(parse_instant("2026-09-01T07:00:00Z").value()) == "2026-09-01T07:00:00Z");
  CHECK(format_utc(parse_instant("2026-09-01T08:00+01:00").value()) == "2026-09-01T07:00:00Z");
  CHECK(format_utc(parse_instant("2026-09-01").value()) == "2026-08-31T23:00:00Z");  // London midnight, BST
  CHECK(format_utc(parse_instant("2026-12-01").value()) == "2026-12-01T00:00:00Z");  // GMT
  CHECK_FALSE(parse_instant("2026-09-01T25:00:00Z").has_value());
  CHECK_FALSE(parse_instant("2026-09-01 07:00:00").has_value());
  CHECK_FALSE(parse_instant("yesterday").has_value());
}

TEST_CASE("router: every route x every role, 401 and 403 exactly where they belong", "[router][security]") {
  Api api;
  api.register_school("500001");
  struct Route {
    http::verb method;
    std::string target;
    std::string least;  // "" public, else viewer | officer | admin
    std::string body;
  };
  const std::vector<Route> routes = {
      {http::verb::get, "/healthz", "", ""},
      {http::verb::get, "/readyz", "", ""},
      {http::verb::get, "/", "", ""},
      {http::verb::get, "/index.html", "", ""},
      {http::verb::get, "/console/app.js", "", ""},
      {http::verb::post, "/v1/session", "", R"({"token":"viewer-token"})"},
      {http::verb::get, "/v1/session", "viewer", ""},
      {http::verb::delete_, "/v1/session", "", ""},
      {http::verb::get, "/metrics", "viewer", ""},
      {http::verb::get, "/v1/schools", "viewer", ""},
      {http::verb::post, "/v1/schools", "admin", R"({"id":"500002","name":"M","la":"Exampleshire","framework":"example-2024"})"},
      {http::verb::post, "/v1/schools/import", "admin", "URN,EstablishmentName\n"},
      {http::verb::get, "/v1/schools/500001", "viewer", ""},
      {http::verb::post, "/v1/schools/500001/events", "officer", R"({"type":"note.recorded","data":{"text":"m"}})"},
      {http::verb::get, "/v1/schools/500001/history", "viewer", ""},
      {http::verb::get, "/v1/schools/500001/preview?event=note.recorded&data.text=m", "viewer", ""},
      {http::verb::get, "/v1/deadlines", "viewer", ""},
      {http::verb::get, "/v1/deadlines.ics", "viewer", ""},
      {http::verb::get, "/v1/frameworks", "viewer", ""},
      {http::verb::get, "/v1/frameworks/example-2024", "viewer", ""},
      {http::verb::get, "/v1/overview", "viewer", ""},
      {http::verb::get, "/v1/notices", "viewer", ""},
      {http::verb::get, "/v1/notices/1", "viewer", ""},
      {http::verb::post, "/v1/notices/1/retry", "officer", "{}"},
      {http::verb::get, "/v1/clock", "viewer", ""},
      {http::verb::post, "/v1/clock", "admin", R"({"advance":"1m"})"},
      {http::verb::post, "/v1/audit/verify", "admin", "{}"},
      {http::verb::post, "/v1/reload", "admin", "{}"},
  };
  const std::vector<std::pair<std::string, int>> tokens = {
      {"", -1}, {"not-a-token", -1}, {"viewer-token", 0}, {"officer-token", 1}, {"admin-token", 2}};
  auto rank = [](const std::string& role) { return role == "viewer" ? 0 : role == "officer" ? 1 : 2; };
  for (const auto& r : routes) {
    for (const auto& [token, level] : tokens) {
      auto res = api.call(r.method, r.target, token, r.body, r.target.ends_with("/import") ? "text/csv" : "application/json");
      const unsigned got = res.result_int();
      INFO(std::string(http::to_string(r.method)) << " " << r.target << " with '" << token << "' -> " << got << " "
                                                   << res.body());
      if (r.least.empty()) {
        CHECK(got != 401);
        CHECK(got != 403);
      } else if (level < 0) {
        CHECK(got == 401);
      } else if (level < rank(r.least)) {
        CHECK(got == 403);
        CHECK(error_code_of(res) == "forbidden");
      } else {
        CHECK(got != 401);
        CHECK(got != 403);
      }
      // Every answer says not to sniff its type or send a referrer.
      CHECK(res["X-Content-Type-Options"] == "nosniff");
    }
  }
}

TEST_CASE("router: the console page carries a Content-Security-Policy, the .ics URL takes only a viewer token",
          "[router][security]") {
  Api api;
  auto page = api.call(http::verb::get, "/", "");
  REQUIRE(page.result_int() == 200);
  CHECK(std::string(page[http::field::content_type]).starts_with("text/html"));
  const std::string csp(page["Content-Security-Policy"]);
  CHECK_THAT(csp, Catch::Contains("default-src 'self'") && Catch::Contains("frame-ancestors 'none'") &&
                      Catch::Contains("object-src 'none'") && Catch::Contains("script-src 'self';"));
  CHECK(csp.find("unsafe-inline") == std::string::npos);  // the console runs no inline script or style
  CHECK(page["X-Frame-Options"] == "DENY");
  // JSON answers have no CSP (nothing to run) but are not sniffed either.
  auto json_answer = api.call(http::verb::get, "/v1/clock", "viewer-token");
  CHECK(json_answer["Content-Security-Policy"].empty());

  CHECK(api.call(http::verb::get, "/v1/deadlines.ics?token=viewer-token", "").result_int() == 200);
  for (const char* strong : {"admin-token", "officer-token"}) {
    auto res = api.call(http::verb::get, std::string("/v1/deadlines.ics?token=") + strong, "");
    CHECK(res.result_int() == 401);
    CHECK_THAT(std::string(res.body()), Catch::Contains("viewer (read-only) token"));
  }
  // The same tokens in the Authorization header are fine.
  CHECK(api.call(http::verb::get, "/v1/deadlines.ics", "admin-token").result_int() == 200);
}

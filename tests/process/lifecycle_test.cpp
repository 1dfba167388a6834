// sifd as a process: register schools, record events, advance the manual clock months, restart
// the daemon and check nothing changed; timers that fell due while it was stopped fire on start.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>

#include "tests/process/sifd_process.hpp"

using sif::test::SifdProcess;
namespace json = boost::json;

namespace {

void register_school(const SifdProcess& d, const std::string& id) {
  auto res = d.call("POST", "/v1/schools",
                    R"({"id":")" + id + R"(","name":"School )" + id +
                        R"(","la":"Exampleshire","framework":"example-2024","type":"community","phase":"primary"})");
  INFO(res.body);
  REQUIRE(res.status == 201);
}

void event(const SifdProcess& d, const std::string& id, const std::string& body) {
  auto res = d.call("POST", "/v1/schools/" + id + "/events", body, sif::test::kOfficerToken);
  INFO(res.body);
  REQUIRE(res.status == 200);
}

// What must survive a restart unchanged (notice delivery status may move on, so it is left out).
std::string durable_view(const SifdProcess& d) {
  std::string out = d.call("GET", "/v1/schools").body;
  for (const char* id : {"100001", "100002", "100003"}) {
    json::value s = d.get_json(std::string("/v1/schools/") + id);
    REQUIRE(s.is_object());
    out += json::serialize(s.at("instances")) + json::serialize(s.at("category")) + json::serialize(s.at("allowed_events")) +
           json::serialize(s.at("pending_timers"));
    out += d.call("GET", std::string("/v1/schools/") + id + "/history").body;
  }
  out += d.call("GET", "/v1/deadlines?from=2026-09-01&to=2028-09-01").body;
  return out;
}

}  // namespace

TEST_CASE("process: events and months of clock survive a restart unchanged", "[process]") {
  SifdProcess d("lifecycle");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  INFO(why);

  CHECK(d.call("GET", "/healthz", "", "").status == 200);
  CHECK(d.call("GET", "/readyz", "", "").status == 200);
  for (const char* id : {"100001", "100002", "100003"}) register_school(d, id);
  event(d, "100001", R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})");
  event(d, "100002", R"({"type":"category.agreed","data":{"category":"red","date":"2026-09-01"}})");
  event(d, "100003", R"({"type":"note.recorded","data":{"text":"first visit"}})");

  auto adv = d.call("POST", "/v1/clock", R"({"advance":"120d"})");
  INFO(adv.body);
  REQUIRE(adv.status == 200);
  auto aj = json::parse(adv.body);
  CHECK(aj.at("now") == "2026-12-30T07:00:00Z");
  CHECK(aj.at("fired").as_int64() > 0);

  std::string before = durable_view(d);
  CHECK(d.stop() == 0);  // SIGTERM: a clean exit

  REQUIRE(d.start("2026-12-30T07:00:00Z", &why));
  std::string after = durable_view(d);
  CHECK(after == before);
  auto audit = d.call("POST", "/v1/audit/verify", "{}");
  REQUIRE(audit.status == 200);
  CHECK(json::parse(audit.body).at("ok") == true);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: timers that fell due while stopped fire once on start, in order", "[process]") {
  SifdProcess d("recovery");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  register_school(d, "100001");
  event(d, "100001", R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})");
  auto pending = d.get_json("/v1/schools/100001").at("pending_timers").as_array();
  REQUIRE_FALSE(pending.empty());
  CHECK(d.stop() == 0);

  // Two months later: plan_due (20 days) and its reminder, and the first visits, fell due.
  REQUIRE(d.start("2026-11-01T08:00:00Z", &why));
  auto history = d.get_json("/v1/schools/100001/history").at("history").as_array();
  std::vector<std::string> fired;
  std::set<std::string> seen;
  std::string last_date;
  for (const auto& h : history) {
    std::string ev(h.at("event").as_string());
    if (ev.rfind("timer.", 0) != 0) continue;
    std::string key = ev + "@" + std::string(h.at("date").as_string()) + "/" + std::string(h.at("instance").as_string());
    CHECK(seen.insert(key).second);  // none fired twice
    CHECK(std::string(h.at("date").as_string()) >= last_date);  // in due order
    last_date = std::string(h.at("date").as_string());
    fired.push_back(ev);
  }
  CHECK(std::find(fired.begin(), fired.end(), "timer.plan_due") != fired.end());
  CHECK(d.get_json("/v1/schools/100001").at("instances").at(0).at("state") != "supported");

  // A second restart at the same instant fires nothing more.
  size_t rows = history.size();
  CHECK(d.stop() == 0);
  REQUIRE(d.start("2026-11-01T08:00:00Z", &why));
  CHECK(d.get_json("/v1/schools/100001/history").at("history").as_array().size() == rows);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: the seed register is imported on the first start only", "[process]") {
  SifdProcess d("seed");
  // Two fictional schools of Exampleshire, as GIAS publishes its columns.
  {
    std::ofstream csv(d.dir() / "seed.csv");
    csv << "URN,LA (name),EstablishmentName,TypeOfEstablishment (name),PhaseOfEducation (name)\r\n"
           "900001,Exampleshire,Seed Primary School (fictional),Community school,Primary\r\n"
           "900002,Exampleshire,Seed High School (fictional),Community school,Secondary\r\n";
  }
  d.set_extra_settings("seed_register: " + (d.dir() / "seed.csv").string() + "\n");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  INFO(why);
  CHECK(d.get_json("/v1/schools").at("total") == 2);
  CHECK(d.read_log().find("seed register: 2 of 2 school(s) registered") != std::string::npos);
  register_school(d, "100001");
  CHECK(d.stop() == 0);

  // A database that has schools is never seeded again (nothing re-imported, nothing refused).
  const auto first_log = d.read_log().size();
  REQUIRE(d.start("2026-09-02T07:00:00Z", &why));
  CHECK(d.get_json("/v1/schools").at("total") == 3);
  CHECK(d.read_log().substr(first_log).find("seed register") == std::string::npos);
  CHECK(d.stop() == 0);
}

// kill -9 while a client records events and the clock moves: after a restart every acknowledged
// event is in the history (once), no timer fired twice, the hash chains verify and SQLite's
// integrity check passes.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "tests/process/sifd_process.hpp"

using namespace sif::test;
namespace json = boost::json;

TEST_CASE("process: kill -9 under load loses no acknowledged event and fires no timer twice", "[process][crash]") {
  SifdProcess d("crash");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  const std::vector<std::string> quiet = {"200001", "200002", "200003"};  // stay in monitoring
  const std::vector<std::string> busy = {"200004", "200005"};             // amber: timers fire
  for (const auto& id : quiet) {
    REQUIRE(d.call("POST", "/v1/schools", R"({"id":")" + id + R"(","name":"Q","la":"Exampleshire","framework":"example-2024"})").status == 201);
  }
  for (const auto& id : busy) {
    REQUIRE(d.call("POST", "/v1/schools", R"({"id":")" + id + R"(","name":"B","la":"Exampleshire","framework":"example-2024"})").status == 201);
    REQUIRE(d.call("POST", "/v1/schools/" + id + "/events", R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})",
                   kOfficerToken).status == 200);
  }

  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<std::string, std::string>> acked;  // (school, key)
  bool client_done = false;
  std::thread client([&] {
    int refused = 0;  // a bound, so a broken daemon fails the test instead of hanging it
    for (int i = 0; refused < 1000; ++i) {
      const std::string& school = quiet[static_cast<size_t>(i) % quiet.size()];
      std::string key = "crash-" + std::to_string(i);
      auto r = d.call("POST", "/v1/schools/" + school + "/events",
                      R"({"type":"note.recorded","data":{"text":")" + key + R"("},"idempotency_key":")" + key + "\"}",
                      kOfficerToken);
      std::lock_guard lock(mu);
      if (r.status == 200) {
        acked.emplace_back(school, key);
        cv.notify_all();
      } else if (r.status == 0) {
        break;  // the daemon is gone
      } else {
        ++refused;
      }
    }
    std::lock_guard lock(mu);
    client_done = true;
    cv.notify_all();
  });

  // Move the clock while events arrive: timers fire concurrently with the client's commits.
  auto adv = d.call("POST", "/v1/clock", R"({"advance":"60d"})");
  REQUIRE(adv.status == 200);
  {
    std::unique_lock lock(mu);
    size_t target = acked.size() + 40;
    cv.wait(lock, [&] { return acked.size() >= target || client_done; });
  }
  int status = d.stop(SIGKILL);
  client.join();
  CHECK(status == -SIGKILL);
  REQUIRE(acked.size() >= 40);

  REQUIRE(d.start("2026-10-31T07:00:00Z", &why));
  // Every acknowledged event is in its school's history exactly once.
  std::map<std::string, std::multiset<std::string>> texts;
  std::set<std::string> timer_fires;
  for (const auto& id : {"200001", "200002", "200003", "200004", "200005"}) {
    auto history = d.get_json(std::string("/v1/schools/") + id + "/history").at("history").as_array();
    for (const auto& h : history) {
      std::string ev(h.at("event").as_string());
      if (ev == "note.recorded") texts[id].insert(std::string(h.at("data").at("text").as_string()));
      if (ev.rfind("timer.", 0) == 0) {
        std::string key = std::string(id) + "/" + std::string(h.at("instance").as_string()) + "/" + ev + "@" +
                          std::string(h.at("date").as_string());
        CHECK(timer_fires.insert(key).second);  // no timer fired twice
      }
    }
  }
  for (const auto& [school, key] : acked) {
    INFO(school << " " << key);
    CHECK(texts[school].count(key) == 1);
  }
  CHECK_FALSE(timer_fires.empty());
  // Replaying an acknowledged key changes nothing (the key was committed with its event).
  auto replay = d.call("POST", "/v1/schools/" + acked.front().first + "/events",
                       R"({"type":"note.recorded","data":{"text":")" + acked.front().second + R"("},"idempotency_key":")" +
                           acked.front().second + "\"}",
                       kOfficerToken);
  CHECK(replay.status == 200);
  CHECK(replay.headers["idempotent-replayed"] == "true");

  auto audit = d.call("POST", "/v1/audit/verify", "{}");
  REQUIRE(audit.status == 200);
  CHECK(json::parse(audit.body).at("ok") == true);
  CHECK(d.stop() == 0);

  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(d.db().c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "ok");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

// The server under concurrent load, on real sockets and several io threads: reads answer while
// the writer is held in a long commit (they go through read-only connections of their own), and
// writes are answered asynchronously, each once, after its commit, sharing transactions (group
// commit engages under real load, not only in the engine's benchmark).
#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "daemon/api_common.hpp"
#include "daemon/auth.hpp"
#include "daemon/engine.hpp"
#include "daemon/http_client.hpp"
#include "daemon/http_server.hpp"
#include "daemon/metrics.hpp"
#include "daemon/router.hpp"
#include "tests/daemon/engine_rig.hpp"

using namespace sif;
using namespace sif::daemon;

namespace {

// A Router on a Beast server with `threads` io threads, on port 0, over a rig's engine.
struct LiveServer {
  test::EngineRig& rig;
  Authenticator auth;
  Metrics metrics;
  std::atomic<bool> ready{true};
  boost::asio::io_context io;
  std::unique_ptr<Router> router;
  std::unique_ptr<HttpServer> server;
  std::vector<std::thread> threads;
  HttpUrl url;

  LiveServer(test::EngineRig& r, int n_threads) : rig(r) {
    auth.add_plain_token("olu", "officer-token", Role::kOfficer);
    ApiContext ctx;
    ctx.engine = rig.engine.get();
    ctx.clock = &rig.clock;
    ctx.auth = &auth;
    ctx.metrics = &metrics;
    ctx.ready = &ready;
    router = std::make_unique<Router>(ctx);
    HttpServerOptions opts;
    opts.host = "127.0.0.1";
    opts.port = 0;
    server = std::make_unique<HttpServer>(
        io, opts, HttpAsyncHandler([this](std::shared_ptr<const HttpRequest> req, HttpResponder respond) {
          router->handle_async(std::move(req), std::move(respond));
        }));
    auto ep = server->start();
    REQUIRE(ep);
    url.port = std::to_string(ep->port());
    for (int i = 0; i < n_threads; ++i) threads.emplace_back([this] { io.run(); });
  }
  ~LiveServer() {
    server->stop();
    for (auto& t : threads) t.join();
  }

  ClientResponse call(const std::string& method, const std::string& target, const std::string& body = {}) {
    ClientRequest req;
    req.method = method;
    req.target = target;
    req.body = body;
    req.token = "officer-token";
    auto res = http_call(url, req);
    if (!res) FAIL(res.error().message);
    return *res;
  }
};

std::vector<workflows::School> many_schools(int n, int first) {
  std::vector<workflows::School> out;
  for (int i = 0; i < n; ++i) out.push_back(test::example_school(std::to_string(first + i)));
  return out;
}

}  // namespace

TEST_CASE("http: a GET answers while the writer is held in a 5,000-school import's commit", "[http][concurrency]") {
  test::EngineRig rig;  // synchronous=OFF: the commit is held by the lock below, not by fsync
  rig.register_school("100001");
  LiveServer live(rig, 2);
  REQUIRE(live.call("GET", "/v1/schools/100001").status == 200);

  // Another connection holds the write lock: the import's commit waits behind it (busy_timeout
  // 5 s) with the writer's connection taken for the whole time, as a long commit takes it.
  sqlite3* blocker = nullptr;
  REQUIRE(sqlite3_open(rig.file().c_str(), &blocker) == SQLITE_OK);
  REQUIRE(sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  std::atomic<bool> imported{false};
  std::size_t registered = 0;
  std::thread import([&] {
    auto r = rig.engine->register_schools(many_schools(5000, 200000), "admin", BulkMode::kAllOrNothing);
    if (r) registered = r->registered.size();
    imported = true;
  });

  // Reads for 1.5 s while the import decides and then waits to commit: each answers at once.
  using steady = std::chrono::steady_clock;
  const auto start = steady::now();
  int answered = 0;
  steady::duration slowest{0};
  while (steady::now() - start < std::chrono::milliseconds(1500)) {
    const auto t0 = steady::now();
    auto res = live.call("GET", "/v1/schools/100001");
    slowest = std::max(slowest, steady::now() - t0);
    REQUIRE(res.status == 200);
    ++answered;
  }
  CHECK_FALSE(imported.load());  // still waiting for the lock: the reads above ran beside it
  REQUIRE(sqlite3_exec(blocker, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(blocker);
  import.join();
  CHECK(registered == 5000);
  CHECK(answered > 10);
  CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count() < 1000);
  // And the import is visible to reads once committed.
  CHECK(live.call("GET", "/v1/schools/204999").status == 200);
}

TEST_CASE("http: concurrent POSTs are each acknowledged once after commit and share transactions",
          "[http][concurrency]") {
  // synchronous=FULL: each commit costs an fsync, so requests arriving meanwhile queue up.
  test::EngineRig rig({}, storage::DatabaseOptions{});
  constexpr int kSchools = 20, kClients = 8, kEach = 25;
  for (int i = 0; i < kSchools; ++i) rig.register_school(std::to_string(300000 + i));
  LiveServer live(rig, 2);
  const std::int64_t transactions_before = rig.engine->transactions();

  std::atomic<int> ok{0}, other{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach; ++i) {
        const int n = c * kEach + i;
        const std::string school = std::to_string(300000 + n % kSchools);
        const std::string body = boost::json::serialize(boost::json::object{
            {"type", "note.recorded"}, {"data", {{"text", "n" + std::to_string(n)}}},
            {"idempotency_key", "k-" + std::to_string(n)}});
        ClientRequest req;
        req.method = "POST";
        req.target = "/v1/schools/" + school + "/events";
        req.body = body;
        req.token = "officer-token";
        auto res = http_call(live.url, req);
        (res && res->status == 200 ? ok : other)++;
      }
    });
  }
  for (auto& t : clients) t.join();
  const int total = kClients * kEach;
  CHECK(other.load() == 0);
  CHECK(ok.load() == total);
  // Each recorded exactly once (every request a distinct key and note)...
  CHECK(rig.count("SELECT COUNT(*) FROM history WHERE event = 'note.recorded'") == total);
  CHECK(rig.count("SELECT COUNT(*) FROM idempotency") == total);
  // ... in fewer transactions than requests: the writer took them in batches.
  const std::int64_t transactions = rig.engine->transactions() - transactions_before;
  INFO("transactions: " << transactions << " for " << total << " requests");
  CHECK(transactions < total);

  // A retry of one of them is answered from its key, not applied again.
  ClientRequest again;
  again.method = "POST";
  again.target = "/v1/schools/300000/events";
  again.body = boost::json::serialize(
      boost::json::object{{"type", "note.recorded"}, {"data", {{"text", "n0"}}}, {"idempotency_key", "k-0"}});
  again.token = "officer-token";
  auto res = http_call(live.url, again);
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->headers["idempotent-replayed"] == "true");
  CHECK(rig.count("SELECT COUNT(*) FROM history WHERE event = 'note.recorded'") == total);
}

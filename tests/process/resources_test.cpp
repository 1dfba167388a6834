// Resources at the edge, through a running sifd: the connection cap, running out of file
// descriptors (the accept loop backs off rather than spinning and flooding the log, and serves
// again once connections close), the 413 / 414 / 431 answers with their limits, the header and
// body read timeouts, and the shipped systemd unit's limits agreeing with sifd.yaml.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <boost/json.hpp>
#include <filesystem>
#include <vector>

#include "daemon/daemon_config.hpp"
#include "tests/notifications/test_util.hpp"
#include "tests/process/raw_http.hpp"
#include "tests/process/sifd_process.hpp"

using namespace sif::test;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

unsigned short port_of(const SifdProcess& d) { return static_cast<unsigned short>(std::stoi(d.url().port)); }

std::uintmax_t log_size(const SifdProcess& d) {
  std::error_code ec;
  auto n = std::filesystem::file_size(d.dir() / "sifd.log", ec);
  return ec ? 0 : n;
}

std::size_t count_lines_with(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

json::object error_of(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object() || !v.as_object().contains("error")) return {};
  return v.at("error").as_object();
}

}  // namespace

TEST_CASE("process: over the connection cap new connections are closed at once, and sifd serves again when they go",
          "[process][resources]") {
  SifdProcess d("conn-cap");
  d.set_extra_settings("http: { max_connections: 16 }\n");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  INFO(why);

  // Each connection asks for /healthz and keeps the connection open (keep-alive).
  std::vector<RawConnection> held;
  int answered = 0, closed = 0;
  for (int i = 0; i < 40; ++i) {
    RawConnection c(port_of(d));
    REQUIRE(c.connected());
    REQUIRE(c.send(get_request("/healthz")));
    const auto outcome = c.read_answer(5s);
    if (outcome == RawConnection::Outcome::kAnswered && c.status() == 200) ++answered;
    if (outcome == RawConnection::Outcome::kClosed) ++closed;
    held.push_back(std::move(c));
  }
  CHECK(answered == 16);
  CHECK(closed == 24);
  // While they are held, a newcomer is turned away too...
  CHECK(d.call("GET", "/healthz", "", "").status == 0);
  // ... and the log says so a handful of times, not once per refusal (counts 1, 2, 4, 8, 16).
  const std::string log = d.read_log();
  INFO(log);
  const std::size_t refusals = count_lines_with(log, "http: connection refused");
  CHECK(refusals >= 1);
  CHECK(refusals <= 6);
  CHECK(log.find("the cap (http.max_connections)") != std::string::npos);

  held.clear();  // the clients go away
  CHECK(wait_until([&] { return d.call("GET", "/healthz", "", "").status == 200; }, 10s));
  CHECK(d.read_log().find("below the connection cap again") != std::string::npos);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: out of file descriptors, sifd backs off instead of spinning, and answers once connections close",
          "[process][resources]") {
  SifdProcess d("emfile");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  INFO(why);

  // Leave sifd a couple of dozen descriptors beyond those it already has open.
  std::size_t open_fds = 0;
  for ([[maybe_unused]] const auto& e :
       std::filesystem::directory_iterator("/proc/" + std::to_string(d.pid()) + "/fd")) {
    ++open_fds;
  }
  const rlim_t limit = static_cast<rlim_t>(open_fds + 24);
  const rlimit rl{limit, limit};
  REQUIRE(::prlimit(d.pid(), RLIMIT_NOFILE, &rl, nullptr) == 0);

  // Open connections (each asking for /healthz) until one is not served: sifd is out of
  // descriptors and that connection waits in the listen backlog.
  std::vector<RawConnection> held;
  int answered = 0;
  bool starved = false;
  for (int i = 0; i < 200 && !starved; ++i) {
    RawConnection c(port_of(d));
    if (!c.connected()) {
      const std::string log = d.read_log();
      FAIL("connection " << i << " was refused (sifd " << (::kill(d.pid(), 0) == 0 ? "running" : "gone") << "); its log ends:\n"
                         << log.substr(log.size() > 3000 ? log.size() - 3000 : 0));
    }
    REQUIRE(c.send(get_request("/healthz")));
    const auto outcome = c.read_answer(2s);
    if (outcome == RawConnection::Outcome::kAnswered) ++answered;
    if (outcome == RawConnection::Outcome::kTimedOut) starved = true;
    held.push_back(std::move(c));
  }
  INFO("answered " << answered << " of " << held.size() << " with an open-file limit of " << limit);
  REQUIRE(starved);
  CHECK(answered >= 1);

  // Two seconds in that state. The accept loop used to retry at once, logging each failure
  // (17 MB/s); now it logs at failure 1, 2, 4, ... while backing off to 1 s between tries.
  const auto before = log_size(d);
  CHECK(held.back().read_answer(2s) == RawConnection::Outcome::kTimedOut);
  const auto grown = log_size(d) - before;
  INFO(d.read_log().substr(0, 4000));
  CHECK(grown < 4096);
  CHECK(d.read_log().find("out of file descriptors") != std::string::npos);

  // The clients go away: within a back-off period sifd accepts and answers again.
  held.clear();
  CHECK(wait_until([&] { return d.call("GET", "/healthz", "", "").status == 200; }, 10s));
  CHECK(d.read_log().find("accepting connections again") != std::string::npos);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: over-long bodies, URLs and headers answer 413, 414 and 431 naming the limit and slow clients are cut off",
          "[process][resources]") {
  SifdProcess d("edge");
  d.set_extra_settings(
      "http: { body_limit: 4096, url_limit: 1024, header_limit: 4096, header_timeout_seconds: 1, "
      "read_timeout_seconds: 1 }\n");
  std::string why;
  REQUIRE(d.start("2026-09-01T07:00:00Z", &why));
  INFO(why);

  auto big = d.call("POST", "/v1/schools", std::string(5000, 'x'));
  CHECK(big.status == 413);
  auto e413 = error_of(big.body);
  INFO(big.body);
  REQUIRE(e413.contains("details"));
  CHECK(e413.at("code") == "payload_too_large");
  CHECK(e413.at("details").at("limit_bytes").to_number<std::int64_t>() == 4096);

  for (std::size_t length : {2000u, 9000u}) {  // beyond url_limit; beyond header_limit as well
    RawConnection c(port_of(d));
    REQUIRE(c.send(get_request("/v1/schools?q=" + std::string(length, 'a'))));
    REQUIRE(c.read_answer(5s) == RawConnection::Outcome::kAnswered);
    INFO(c.received());
    CHECK(c.status() == 414);
    auto e = error_of(c.body());
    REQUIRE(e.contains("details"));
    CHECK(e.at("code") == "uri_too_long");
    CHECK(e.at("details").at("limit_bytes").to_number<std::int64_t>() == 1024);
  }
  {
    RawConnection c(port_of(d));
    REQUIRE(c.send(get_request("/healthz", "X-Padding: " + std::string(5000, 'p') + "\r\n")));
    REQUIRE(c.read_answer(5s) == RawConnection::Outcome::kAnswered);
    INFO(c.received());
    CHECK(c.status() == 431);
    auto e = error_of(c.body());
    REQUIRE(e.contains("details"));
    CHECK(e.at("code") == "header_too_large");
    CHECK(e.at("details").at("limit_bytes").to_number<std::int64_t>() == 4096);
  }
  // A header that never ends, and a body that never arrives: each connection is closed after
  // its timeout (1 s here), not held.
  {
    RawConnection c(port_of(d));
    REQUIRE(c.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n"));
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(c.closed_within(5s));
    CHECK(std::chrono::steady_clock::now() - t0 >= 900ms);
  }
  {
    RawConnection c(port_of(d));
    REQUIRE(c.send("POST /v1/schools HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                   "Content-Length: 100\r\n\r\n{\"id\":"));
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(c.closed_within(5s));
    CHECK(std::chrono::steady_clock::now() - t0 >= 900ms);
  }
  // Still serving.
  CHECK(d.call("GET", "/healthz", "", "").status == 200);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: the shipped systemd unit leaves sifd enough descriptors and time to stop, as documented",
          "[process][resources]") {
  const std::filesystem::path root(SIF_SOURCE_DIR);
  const std::string unit = read_text(root / "config/sifd.service");
  REQUIRE_FALSE(unit.empty());
  auto setting = [&](const std::string& key) -> long {
    // A line "KEY=<digits>"; <regex> trips gcc 12's -Wmaybe-uninitialized under the sanitizers.
    const std::string head = "\n" + key + "=";
    const auto at = unit.find(head);
    if (at == std::string::npos) return -1;
    const auto digits = at + head.size();
    const auto end = unit.find_first_not_of("0123456789", digits);
    if (end == digits) return -1;
    return std::stol(unit.substr(digits, end - digits));
  };
  auto yaml = sif::daemon::load_daemon_config(root / "config/sifd.yaml");
  REQUIRE(yaml);
  INFO(unit);
  // max_connections plus the descriptors kept for the database and notices (daemon/server.cpp).
  CHECK(setting("LimitNOFILE") >= static_cast<long>(yaml->max_connections) + 64);
  CHECK(setting("TimeoutStopSec") > yaml->shutdown_timeout_seconds);
  // The operations guide shows this very unit.
  const std::string guide = read_text(root / "docs/operations.md");
  const std::string body = unit.substr(unit.find("[Unit]"));
  CHECK(guide.find(body) != std::string::npos);
}

// fuzz_http_request: raw bytes -> Boost.Beast's request parser, with the limits sifd's sessions
// set (daemon/http_server.cpp: header 16 KiB, body `body_limit` from sifd.yaml) -> the Router and
// every API handler, against a real Engine on a temporary database with the shipped definitions
// (config/), a manual clock and a small register.
//
// One input is a connection: requests are read one after another from the bytes (keep-alive,
// pipelining) until the input ends, a request asks to close, or one does not parse (sifd would
// answer 400/413 and close). At most kMaxRequests per input.
//
// State is bounded and each input reproducible on its own: every input starts from the same
// database, a copy of a template made once (three schools, one of them with a categorisation),
// with the clock at 2026-09-01T07:00:00Z.
//
// Oracles, beyond no crash, leak or undefined behaviour (and Router::handle's own catch):
//   - no answer is a 500 (an internal error: the request was turned into an exception or a
//     failed SQL statement instead of a 4xx);
//   - every JSON answer parses, as UTF-8; its error answers have {error: {code, message}};
//   - every answer serialises as HTTP with a Content-Length equal to its body;
//   - after the requests that changed something, `audit verify` passes.
//
// Tokens: "Bearer fuzz-admin", "Bearer fuzz-officer", "Bearer fuzz-viewer" (in http.dict).
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/daemon_config.hpp"
#include "daemon/engine.hpp"
#include "daemon/metrics.hpp"
#include "daemon/router.hpp"
#include "daemon/scheduler.hpp"
#include "storage/database.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;
namespace json = boost::json;
using namespace sif::daemon;
using sif::fuzz::fail;
using sif::fuzz::require;

// SIF_FUZZ_VERBOSE=1: print each request and the start of its answer.
bool verbose() {
  static const bool v = std::getenv("SIF_FUZZ_VERBOSE") != nullptr;
  return v;
}

constexpr int kMaxRequests = 8;
constexpr std::size_t kHeaderLimit = 16 * 1024;  // as HttpSession::read()
constexpr std::int64_t kStart = 1788246000;      // 2026-09-01T07:00:00Z, 08:00 BST

// The register every input starts with: one school per kind of answer worth reaching quickly.
constexpr std::string_view kRegister =
    "URN,EstablishmentName,LA (name),TypeOfEstablishment (name),PhaseOfEducation (name)\n"
    "100001,Fuzz Primary School,Wiltshire,Community school,Primary\n"
    "100002,Fuzz High School,Leicester,Voluntary aided school,Secondary\n"
    "100003,Ysgol Fuzz,Cardiff,Foundation school,Primary\n";

sif::storage::DatabaseOptions db_options() {
  sif::storage::DatabaseOptions o;
  o.synchronous = sif::storage::DatabaseOptions::Synchronous::kOff;  // a scratch file: speed over durability
  return o;
}

struct Fixture {
  fs::path dir;
  fs::path template_db;
  fs::path db;
  DaemonConfig settings;
  Authenticator auth;
};

void remove_db(const fs::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(p.string() + suffix, ec);
}

const Fixture& fixture() {
  static const Fixture f = [] {
    spdlog::set_level(spdlog::level::off);  // the router logs every request at debug, errors at error
    Fixture x;
    const fs::path shm = "/dev/shm";
    std::error_code ec;
    x.dir =
        (fs::is_directory(shm, ec) ? shm : fs::temp_directory_path()) / ("sif-fuzz-http-" + std::to_string(::getpid()));
    fs::remove_all(x.dir, ec);
    fs::create_directories(x.dir);
    x.template_db = x.dir / "template.db";
    x.db = x.dir / "sif.db";

    auto cfg_file = sif::fuzz::shipped_config().dir / "sifd.yaml";
    auto settings = load_daemon_config(cfg_file);
    if (!settings) fail("config/sifd.yaml does not load", settings.error().message);
    x.settings = *settings;
    x.settings.db = x.db;
    x.settings.config_dir = sif::fuzz::shipped_config().dir;
    x.settings.dashboard_dir = fs::path(SIF_SOURCE_DIR) / "daemon" / "dashboard";
    x.settings.tokens.clear();
    x.auth.add_plain_token("fuzz-admin", "fuzz-admin", Role::kAdmin);
    x.auth.add_plain_token("fuzz-officer", "fuzz-officer", Role::kOfficer);
    x.auth.add_plain_token("fuzz-viewer", "fuzz-viewer", Role::kViewer);

    // The template: the register, and a categorisation so that timers and notices exist.
    auto db = sif::storage::Database::open(x.template_db, db_options());
    if (!db) fail("cannot create the template database", db.error().message + " " + db.error().details);
    ManualClock clock(from_unix_seconds(kStart));
    auto cfg = std::shared_ptr<const sif::config::ConfigSet>(&sif::fuzz::shipped_config(), [](const auto*) {});
    {
      Engine engine(cfg, std::move(*db), clock);
      auto report = import_register(engine, x.settings, kRegister, "", false, "fuzz");
      if (!report || report->registered.size() != 3) fail("the template register does not import");
      sif::workflows::Event e;
      e.type = "category.agreed";
      e.data = {{"category", "causing_concern"}};
      e.actor = "fuzz";
      auto agreed = engine.record_event("100001", e);
      if (!agreed) fail("the template's categorisation is refused", agreed.error().message);
    }
    return x;
  }();
  return f;
}

std::shared_ptr<const sif::config::ConfigSet> shipped() {
  return std::shared_ptr<const sif::config::ConfigSet>(&sif::fuzz::shipped_config(), [](const auto*) {});
}

// One sifd, fresh from the template, for one input.
class Daemon {
 public:
  explicit Daemon(const Fixture& f) : clock_(from_unix_seconds(kStart)) {
    remove_db(f.db);
    fs::copy_file(f.template_db, f.db, fs::copy_options::overwrite_existing);
    auto db = sif::storage::Database::open(f.db, db_options());
    if (!db) fail("cannot open the copy of the template database", db.error().message);
    engine_ = std::make_unique<Engine>(shipped(), std::move(*db), clock_);
    scheduler_ = std::make_unique<Scheduler>(io_, *engine_, clock_);
    ApiContext ctx;
    ctx.engine = engine_.get();
    ctx.scheduler = scheduler_.get();
    ctx.clock = &clock_;
    ctx.latency_clock = &clock_;
    ctx.auth = &f.auth;
    ctx.metrics = &metrics_;
    ctx.ready = &ready_;
    ctx.settings = f.settings;
    ctx.reload = [this]() -> sif::workflows::Status {
      engine_->reload(shipped());
      scheduler_->rearm();
      return sif::workflows::Ok{};
    };
    router_ = std::make_unique<Router>(ctx);
  }
  ~Daemon() {
    scheduler_->stop();
    router_.reset();
    scheduler_.reset();
    engine_.reset();
  }

  HttpResponse handle(const HttpRequest& req) { return router_->handle(req); }

  // What `sifctl audit verify` checks: every school's hash chain and history order.
  void check_audit() {
    auto rep = engine_->database().verify_audit();
    if (!rep) fail("audit verify failed to run", rep.error().message + " " + rep.error().details);
    if (!rep->ok) {
      fail("audit verify finds a broken history",
           rep->school + " seq " + std::to_string(rep->seq) + ": " + rep->problem);
    }
  }

 private:
  ManualClock clock_;
  boost::asio::io_context io_;  // never run: with a manual clock the scheduler arms no timer
  std::unique_ptr<Engine> engine_;
  std::unique_ptr<Scheduler> scheduler_;
  Metrics metrics_;
  std::atomic<bool> ready_{true};
  std::unique_ptr<Router> router_;
};

void check_response(const HttpRequest& req, const HttpResponse& res) {
  const std::string what =
      std::string(req.method_string()) + " " + std::string(req.target()) + " -> " + std::to_string(res.result_int());
  require(res.result_int() >= 200 && res.result_int() <= 599, "an answer with an odd status", what);
  require(res.result_int() != 500, "an internal error (500)", what + "\n" + res.body());
  std::string_view type = res[http::field::content_type];
  if (type.starts_with("application/json")) {
    boost::system::error_code ec;
    json::value v = json::parse(res.body(), ec);
    require(!ec, "a JSON answer that does not parse: " + ec.message(), what + "\n" + res.body());
    if (res.result_int() >= 400) {
      const json::object* o = v.if_object();
      const json::value* err = o ? o->if_contains("error") : nullptr;
      require(
          err && err->is_object() && err->as_object().if_contains("code") && err->as_object().if_contains("message"),
          "an error answer without {error: {code, message}}", what + "\n" + res.body());
    }
  }
  std::ostringstream wire;
  wire << res;
  require(!wire.str().empty(), "an answer that does not serialise", what);
  auto length = res[http::field::content_length];
  require(length == std::to_string(res.body().size()), "Content-Length differs from the body", what);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)fixture();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Fixture& f = fixture();
  std::unique_ptr<Daemon> daemon;
  bool wrote = false;
  boost::asio::const_buffer rest(data, size);
  for (int n = 0; n < kMaxRequests && rest.size() > 0; ++n) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(f.settings.body_limit);
    parser.eager(true);
    boost::beast::error_code ec;
    while (!parser.is_done() && rest.size() > 0) {
      std::size_t used = parser.put(rest, ec);
      rest += used;
      if (ec == http::error::need_more) {
        if (used == 0) break;  // the input ended inside this request
        ec = {};
        continue;
      }
      if (ec) break;
    }
    if (!parser.is_done() && !ec) parser.put_eof(ec);  // the client closed the connection
    if (ec || !parser.is_done()) return 0;             // sifd answers 400 / 413 and closes
    HttpRequest req = parser.release();
    if (!daemon) daemon = std::make_unique<Daemon>(f);
    HttpResponse res = daemon->handle(req);
    if (verbose()) {
      std::fprintf(stderr, "%s %s -> %u %.200s\n", std::string(req.method_string()).c_str(),
                   std::string(req.target()).c_str(), res.result_int(), res.body().c_str());
    }
    check_response(req, res);
    wrote = wrote || (req.method() != http::verb::get && res.result_int() < 300);
    if (!req.keep_alive()) break;
  }
  if (wrote) daemon->check_audit();
  return 0;
}

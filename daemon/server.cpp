#include "daemon/server.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <vector>
#include <thread>
#include <fstream>
#include <sstream>
#include <boost/json/serialize.hpp>

#include "config/config_set.hpp"
#include "config/settings_reader.hpp"
#include "daemon/api_common.hpp"
#include "daemon/clock.hpp"
#include "daemon/digest.hpp"
#include "daemon/local_time.hpp"
#include "daemon/log_format.hpp"
#include "daemon/engine.hpp"
#include "daemon/http_server.hpp"
#include "daemon/notice_worker.hpp"
#include "daemon/readiness.hpp"
#include "daemon/router.hpp"
#include "daemon/scheduler.hpp"
#include "daemon/version.hpp"
#include "notifications/dispatcher.hpp"
#include "notifications/notifications_config.hpp"
#include "storage/database.hpp"
#include "storage/health.hpp"

namespace sif::daemon {

namespace asio = boost::asio;
using workflows::Error;
using workflows::Result;

void add_server_flags(CLI::App& app, ServerOptions& o, bool with_config) {
  if (with_config) {
    app.add_option("--config", o.config_file,
                   "sifd.yaml settings file (default: the embedded config/sifd.yaml); a directory is taken as "
                   "the definitions directory");
  }
  app.add_option("--listen", o.listen, "HOST:PORT to listen on (port 0: any free port)");
  app.add_option("--db", o.db, "SQLite database file");
  app.add_option("--clock", o.clock, "system (default) or manual (tests and demos)")
      ->check(CLI::IsMember({"system", "manual"}));
  app.add_option("--start", o.start, "manual clock start instant, e.g. 2026-09-01T07:00:00Z");
  app.add_option("--definitions", o.config_dir, "definitions directory (frameworks/, calendars/, templates/)");
  app.add_option("--log-level", o.log_level, "trace, debug, info, warn, error, critical, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
}

Result<DaemonConfig> resolve_settings(const ServerOptions& o, std::vector<config::Diagnostic>* diagnostics) {
  auto load = [diagnostics](const std::filesystem::path& file) {
    return diagnostics ? load_daemon_config(file, diagnostics) : load_daemon_config(file);
  };
  DaemonConfig c;
  std::error_code ec;
  if (o.config_file && std::filesystem::is_directory(*o.config_file, ec)) {
    // `--config DIR` (as `sifd --check` takes it): built-in settings, definitions from DIR.
    c.config_dir = *o.config_file;
  } else if (o.config_file) {
    auto loaded = load(*o.config_file);
    if (!loaded) return loaded.error();
    c = std::move(*loaded);
  } else {
    // The embedded default: the source tree's config/sifd.yaml, its relative paths taken from
    // the source tree so that it works from any directory... except the database and notices,
    // which stay relative to the working directory (var/).
    std::filesystem::path file = config::default_config_dir() / "sifd.yaml";
    if (std::filesystem::exists(file, ec)) {
      auto loaded = load(file);
      if (!loaded) return loaded.error();
      c = std::move(*loaded);
    }
    std::filesystem::path root = config::default_config_dir().parent_path();
    if (c.config_dir.is_relative()) c.config_dir = root / c.config_dir;
    if (!c.dashboard_dir.empty() && c.dashboard_dir.is_relative()) c.dashboard_dir = root / c.dashboard_dir;
    if (c.seed_register && c.seed_register->is_relative()) c.seed_register = root / *c.seed_register;
  }
  if (o.listen) {
    auto l = parse_listen(*o.listen);
    if (!l) return Error::invalid("--listen: " + l.error().message, "--listen");
    c.listen = *l;
  }
  if (o.db) c.db = *o.db;
  if (o.config_dir) c.config_dir = *o.config_dir;
  if (o.clock) c.clock = *o.clock == "manual" ? ClockMode::kManual : ClockMode::kSystem;
  if (o.start) {
    auto start = parse_instant(*o.start);
    if (!start) return Error::invalid("--start: " + start.error().message, "--start");
    if (auto day = to_london(*start).date; !workflows::in_supported_span(day)) {
      return Error::invalid("--start: " + format_utc(*start) + " is outside the dates sif's calendar knows (" +
                                workflows::supported_span_text() + ")",
                            "--start");
    }
    c.clock_start = *start;
  }
  if (o.log_level) c.log_level = *o.log_level;
  if (c.clock == ClockMode::kManual && !c.clock_start) {
    return Error::invalid("--clock manual needs --start ISO (e.g. --start 2026-09-01T07:00:00Z)", "--start");
  }
  if (c.clock != ClockMode::kManual && o.start) return Error::invalid("--start is only for --clock manual", "--start");
  return c;
}

namespace {

// The settings' contacts for roles a framework declares of its own, against definitions `cfg`
// (at start and on each reload, since a reload could drop the role): each problem located in
// the settings file. Empty: all sound.
std::vector<config::Diagnostic> own_role_problems(const DaemonConfig& settings, const config::ConfigSet& cfg) {
  std::vector<config::Diagnostic> diags;
  config::check_own_role_contacts(settings.notifications.own_role_contacts, cfg, &diags);
  config::tidy_diagnostics(&diags);
  return diags;
}

std::shared_ptr<const config::ConfigSet> load_definitions(const DaemonConfig& settings) {
  const std::filesystem::path& dir = settings.config_dir;
  std::vector<config::Diagnostic> diags;
  auto cfg = config::load_config_dir(dir, &diags);
  if (!cfg) {
    for (const auto& d : diags) spdlog::error("{}", d.str());
    spdlog::error("definitions in {}: {}", dir.string(), cfg.error().message);
    return nullptr;
  }
  for (const auto& d : diags) spdlog::warn("{}", d.str());  // loaded: only warnings are left
  if (auto roles = own_role_problems(settings, **cfg); !roles.empty()) {
    for (const auto& d : roles) spdlog::error("{}", d.str());
    spdlog::error("settings {}: {} (their roles checked against the definitions in {})", settings.source.string(),
                  roles.size() == 1 ? "1 problem" : std::to_string(roles.size()) + " problems", dir.string());
    return nullptr;
  }
  return *cfg;
}

// The hard bound on shutdown. Armed by SIGTERM/SIGINT; if sifd has not finished stopping within
// the limit (a send stuck in its channel's timeout, a long request), it logs what it is doing and
// exits at once with status 2. That is safe: every acknowledged write is committed, and a notice
// not yet marked sent stays pending and goes out (same idempotency key) on the next start.
class ShutdownDeadline {
 public:
  ShutdownDeadline() = default;
  ~ShutdownDeadline() { disarm(); }
  ShutdownDeadline(const ShutdownDeadline&) = delete;
  ShutdownDeadline& operator=(const ShutdownDeadline&) = delete;

  // Starts the countdown; later calls do nothing. Any thread.
  void arm(std::chrono::seconds limit) {
    std::lock_guard lock(mu_);
    if (thread_.joinable() || done_) return;
    thread_ = std::thread([this, limit] {
      std::unique_lock l(mu_);
      if (cv_.wait_for(l, limit, [this] { return done_; })) return;
      spdlog::critical("shutdown: still stopping {} s after the signal (shutdown_timeout_seconds); exiting now. "
                       "Everything acknowledged is committed; notices not yet sent stay pending for the next start",
                       limit.count());
      spdlog::default_logger()->flush();
      std::_Exit(2);
    });
  }
  // Stopping finished in time. Called by the destructor.
  void disarm() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

// Signals are taken on a thread of their own, so SIGTERM is acted on (and the deadline armed)
// even while every io thread is busy in a request. The destructor stops and joins it.
struct SignalThread {
  asio::io_context io;
  asio::signal_set set{io, SIGINT, SIGTERM, SIGHUP};
  std::thread thread;
  ~SignalThread() {
    io.stop();
    if (thread.joinable()) thread.join();
  }
};

// The threads running the HTTP io_context (http.io_threads): each takes whatever handler is
// ready (Beast's advanced server); sessions keep to their strands. join() waits for all.
struct IoThreads {
  std::vector<std::thread> threads;
  IoThreads(asio::io_context& io, unsigned n) {
    for (unsigned i = 0; i < n; ++i) threads.emplace_back([&io] { io.run(); });
  }
  void join() {
    for (auto& t : threads) {
      if (t.joinable()) t.join();
    }
  }
  ~IoThreads() { join(); }
};

// The descriptors sifd needs besides connections: the database's connections and their WAL and
// shared-memory files, the io_context, the log, maildir files, SMTP or webhook sockets.
constexpr std::size_t kReservedDescriptors = 64;

void warn_if_descriptors_short(std::size_t max_connections) {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return;
  if (max_connections + kReservedDescriptors > rl.rlim_cur) {
    spdlog::warn("http.max_connections is {} but the open-file limit is {} ({} are kept for the database and "
                 "notices): raise the limit (LimitNOFILE= in the systemd unit) or lower http.max_connections. "
                 "Until then, connections beyond the limit wait in the listen backlog",
                 max_connections, rl.rlim_cur, kReservedDescriptors);
  }
}

}  // namespace

int run_server(const ServerOptions& options) {
  // Settings: fatal on error, before anything is opened; each problem located, as --check prints.
  std::vector<config::Diagnostic> settings_problems;
  auto settings_r = resolve_settings(options, &settings_problems);
  if (!settings_r) {
    for (const auto& d : settings_problems) std::cerr << d.str() << "\n";
    std::cerr << "sifd: " << settings_r.error().message << "\n";
    return 1;
  }
  DaemonConfig settings = std::move(*settings_r);
  auto logger = spdlog::stderr_color_mt("sifd");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(settings.log_level));
  use_escaping_log_format("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");  // control characters escaped

  // Definitions: fatal on error, each problem located.
  auto definitions = load_definitions(settings);
  if (!definitions) return 1;
  size_t fw_count = definitions->frameworks.size();

  // The clock.
  std::unique_ptr<Clock> clock;
  if (settings.clock == ClockMode::kManual) {
    const auto start = settings.clock_start;  // resolve_settings: set, and within the calendar's span
    clock = std::make_unique<ManualClock>(*start);
    spdlog::warn("manual clock at {}: time moves only through POST /v1/clock", format_utc(*start));
  } else {
    clock = std::make_unique<SystemClock>();
  }

  // Declared before everything it must outlive, so that it also bounds their destruction (the
  // engine drains its queue, the databases close).
  ShutdownDeadline shutdown_deadline;

  // The database.
  std::error_code ec;
  if (settings.db.has_parent_path()) std::filesystem::create_directories(settings.db.parent_path(), ec);
  auto db = storage::Database::open(settings.db);
  if (!db) {
    spdlog::error("database {}: {} {}", settings.db.string(), db.error().message, db.error().details);
    return 1;
  }
  // SQLite opens a file it may not write read-only, without failing; such a connection stays
  // read-only for its life, so /readyz keeps saying so until sifd is restarted.
  std::optional<std::string> db_unwritable_at_start;
  if (auto probe = storage::probe_writable(settings.db, std::chrono::milliseconds(250));
      !probe && probe.error().code == workflows::ErrorCode::kIo) {
    db_unwritable_at_start = probe.error().message;
    spdlog::error("database {}: {}. sifd serves reads only: /readyz answers 503 and every write 503",
                  settings.db.string(), probe.error().message);
  }
  // A second connection for the dispatcher, so sending never waits on the engine's writer.
  auto outbox_db = storage::Database::open(settings.db);
  if (!outbox_db) {
    spdlog::error("database {}: {}", settings.db.string(), outbox_db.error().message);
    return 1;
  }

  EngineOptions engine_options;
  engine_options.readers = settings.io_thread_count() + 2;  // one per io thread, and the scheduler's
  Engine engine(definitions, std::move(*db), *clock, engine_options);
  Authenticator auth(settings.tokens);
  if (!options.bootstrap_token.empty()) auth.add_plain_token("bootstrap", options.bootstrap_token, Role::kAdmin);
  if (auth.empty()) spdlog::warn("no API tokens configured: only /healthz and /readyz will answer");
  Metrics metrics;
  engine.set_on_timer_fired([&metrics](double late) { metrics.timer_fired(late); });
  std::atomic<bool> ready{false};

  asio::io_context io;
  Scheduler scheduler(io, engine, *clock);

  // Reload: parse and check everything first; only a clean set replaces the running one.
  std::mutex reload_mu;  // two reloads at once (two io threads, or SIGHUP) apply in turn
  auto reload = [&]() -> workflows::Status {
    std::lock_guard reload_lock(reload_mu);
    std::vector<config::Diagnostic> diags;
    auto cfg = config::load_config_dir(settings.config_dir, &diags);
    if (!cfg) {
      std::string all;
      for (const auto& d : diags) {
        spdlog::error("reload: {}", d.str());
        all += d.str() + "\n";
      }
      spdlog::error("reload: {}; keeping the running definitions", cfg.error().message);
      return Error::invalid(cfg.error().message + "; the running definitions are kept", all);
    }
    for (const auto& d : diags) spdlog::warn("reload: {}", d.str());  // loaded: only warnings are left
    if (auto roles = own_role_problems(settings, **cfg); !roles.empty()) {
      std::string all;
      for (const auto& d : roles) {
        spdlog::error("reload: {}", d.str());
        all += d.str() + "\n";
      }
      const std::string what = "sifd.yaml names roles (contacts or digest) the new definitions do not declare";
      spdlog::error("reload: {}; keeping the running definitions", what);
      return Error::invalid(what + "; the running definitions are kept", all);
    }
    engine.reload(*cfg);
    scheduler.rearm();
    spdlog::info("reload: {} framework(s) loaded from {}", (*cfg)->frameworks.size(), settings.config_dir.string());
    return workflows::Ok{};
  };

  // The notice channel (maildir by default, or SMTP / webhook from `notifications:`) and the
  // worker thread that drains the outbox through it.
  auto channel = notifications::make_channel(settings.notifications);
  if (!channel) {
    spdlog::error("notifications: {}", channel.error().message);
    return 1;
  }
  notifications::DispatcherOptions dopts;
  dopts.templates_dir = settings.config_dir / "templates";
  dopts.default_contacts = settings.notifications.contacts;
  dopts.backoff = settings.notifications.retry;
  dopts.seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  dopts.log = [](std::string_view level, std::string_view line) {
    if (level == "error") {
      spdlog::error("notices: {}", line);
    } else if (level == "warn") {
      spdlog::warn("notices: {}", line);
    } else {
      spdlog::info("notices: {}", line);
    }
  };
  notifications::Dispatcher dispatcher(**outbox_db, **channel, dopts);
  spdlog::info("notices: channel {}", (*channel)->name());
  // The daily digest per officer, on working days (England and Wales bank holidays: every
  // authority sif ships is there), at the configured local time. Written to the outbox on the
  // dispatcher's own connection, then sent like any notice.
  NoticeWorkerOptions wopts;
  const notifications::DigestConfig& digest = settings.notifications.digest;
  if (digest.enabled) {
    const auto digest_template = settings.config_dir / "templates" / "daily-digest.txt";
    if (std::error_code exists_ec; !std::filesystem::exists(digest_template, exists_ec)) {
      spdlog::error("notifications.digest is enabled but its template {} does not exist; add it, or set "
                    "notifications.digest.enabled: false",
                    digest_template.string());
      return 1;
    }
    wopts.daily_at = digest.at.minutes;
    DigestOptions digest_options;
    digest_options.roles = digest.roles;
    digest_options.horizon_working_days = digest.horizon_working_days;
    digest_options.local_time = digest.at.str();
    wopts.daily = [&engine, &outbox_db, &settings, digest_options,
                   working = workflows::Calendar(workflows::Region::kEnglandAndWales, workflows::TermCalendar{})](
                      workflows::Date today, Clock::time_point now) {
      if (!working.is_working_day(today)) {
        spdlog::info("digest: {} is not a working day; no digest", workflows::format_date(today));
        return;
      }
      auto n = enqueue_digests(**outbox_db, *engine.config(), settings.notifications.contacts, today, digest_options,
                               to_unix_seconds(now));
      if (!n) {
        spdlog::error("digest for {}: {} {}", workflows::format_date(today), n.error().message, n.error().details);
      } else {
        spdlog::info("digest for {}: {} officer digest(s) queued", workflows::format_date(today), *n);
      }
    };
  }
  NoticeWorker notice_worker(dispatcher, *clock, wopts);
  // The commit that queues a notice wakes the worker; its poll is the safety net for retries.
  engine.set_on_notices_queued([&notice_worker] { notice_worker.wake(); });
  struct UnwireNotices {
    Engine& engine;
    ~UnwireNotices() { engine.set_on_notices_queued({}); }  // before notice_worker is destroyed
  } unwire_notices{engine};
  ApiContext ctx;
  ctx.engine = &engine;
  ctx.scheduler = &scheduler;
  ctx.clock = clock.get();
  SystemClock latency_clock;
  ctx.latency_clock = &latency_clock;
  ctx.auth = &auth;
  ctx.metrics = &metrics;
  ctx.ready = &ready;
  ctx.settings = settings;
  ctx.reload = reload;
  ctx.wake_notices = [&notice_worker] { notice_worker.wake(); };
  if (settings.answer_cache_mb > 0) ctx.answers = std::make_shared<AnswerCache>(settings.answer_cache_mb << 20);
  // Calendar feed tokens are signed with a key kept in the database, so a subscribed feed keeps
  // working across restarts; made on the first start.
  if (auto feeds = load_feed_tokens(engine.database(), to_unix_seconds(clock->now_utc()))) {
    ctx.feeds = std::make_shared<const FeedTokens>(std::move(*feeds));
  } else {
    spdlog::error("calendar feed tokens are off: {}; the console shows no feed URL and ?feed= is refused until "
                  "sifd restarts with a database it can write",
                  feeds.error().message);
  }
  ctx.readiness = {
      {"started",
       [&ready]() -> workflows::Status {
         if (ready) return workflows::Ok{};
         return Error{workflows::ErrorCode::kTransient,
                      "start-up recovery is still running (timers that fell due while sifd was stopped)", {}};
       }},
      {"database",
       [&settings, db_unwritable_at_start]() -> workflows::Status {
         if (db_unwritable_at_start) {
           // Its connections stay as they were opened: only a restart picks up a fix.
           return Error::io("the database was not writable when sifd started: " + *db_unwritable_at_start);
         }
         return storage::probe_writable(settings.db, std::chrono::milliseconds(250));
       }},
      {"notices",
       [&channel]() -> workflows::Status {
         auto st = (*channel)->check();
         if (st) return st;
         return Error::io("the notices channel (" + std::string((*channel)->name()) + ") cannot take a message: " +
                          st.error().message);
       }},
  };
  Router router(ctx);

  HttpServerOptions http_opts;
  http_opts.host = settings.listen.host;
  http_opts.port = settings.listen.port;
  http_opts.body_limit = settings.body_limit;
  http_opts.header_timeout = std::chrono::seconds(settings.header_timeout_seconds);
  http_opts.read_timeout = std::chrono::seconds(settings.read_timeout_seconds);
  http_opts.idle_timeout = std::chrono::seconds(settings.idle_timeout_seconds);
  http_opts.max_connections = settings.max_connections;
  http_opts.target_limit = settings.url_limit;
  http_opts.header_limit = settings.header_limit;
  warn_if_descriptors_short(settings.max_connections);
  HttpServer server(io, http_opts, HttpAsyncHandler([&router](std::shared_ptr<const HttpRequest> req, HttpResponder respond) {
                      router.handle_async(std::move(req), std::move(respond));
                    }));
  auto bound = server.start();
  if (!bound) {
    spdlog::error("{}", bound.error().message);
    return 1;
  }
  std::string where = bound->address().to_string() + ":" + std::to_string(bound->port());
  spdlog::info("sifd {} listening on {} ({} framework(s), db {})", version(), where, fw_count,
               settings.db.string());
  std::cout << "listening on " << where << std::endl;

  // Signals: TERM/INT stop taking work and stop within shutdown_timeout_seconds; HUP reloads
  // definitions (on the io thread, as POST /v1/reload does).
  //   - the acceptor closes and idle connections close; requests being handled finish;
  //   - the scheduler fires no more timers (a clock advance in progress stops between instants);
  //   - the notice worker finishes the notice being sent and leaves the rest pending;
  //   - the deadline starts: past it, sifd exits anyway (ShutdownDeadline).
  const auto shutdown_timeout = std::chrono::seconds(settings.shutdown_timeout_seconds);
  auto stop_taking_work = [&] {
    shutdown_deadline.arm(shutdown_timeout);
    notice_worker.request_stop();
    scheduler.stop();
    asio::post(io, [&server] { server.stop(); });
  };
  SignalThread signals;
  std::function<void()> wait_signal;
  wait_signal = [&] {
    signals.set.async_wait([&](const boost::system::error_code& e, int sig) {
      if (e) return;
      if (sig == SIGHUP) {
        spdlog::info("SIGHUP: reloading definitions");
        asio::post(io, [&reload] { (void)reload(); });
        wait_signal();
        return;
      }
      spdlog::info("{}: stopping (finishing in-flight requests and the notice being sent; at most {} s)",
                   sig == SIGTERM ? "SIGTERM" : "SIGINT", shutdown_timeout.count());
      stop_taking_work();
      signals.set.cancel();
    });
  };
  wait_signal();
  signals.thread = std::thread([&signals] { signals.io.run(); });

  IoThreads io_thread(io, settings.io_thread_count());

  // Recovery: timers that fell due while the daemon was down fire now, in due order.
  auto recovered = scheduler.start();
  if (!recovered) {
    spdlog::critical("recovery failed: {} {}", recovered.error().message, recovered.error().details);
    stop_taking_work();
    io_thread.join();
    return 1;
  }
  if (*recovered > 0) spdlog::info("recovery: fired {} timer(s) that fell due while stopped", *recovered);

  // First start: the seed register, if configured and the database is empty (a count over the
  // smallest index: listing the register here made every start read every school).
  if (settings.seed_register) {
    auto schools = engine.database().school_count();
    if (schools && *schools == 0) {
      std::ifstream in(*settings.seed_register, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      if (!in) {
        spdlog::warn("seed register {} not readable", settings.seed_register->string());
      } else {
        auto rep = import_register(engine, settings, text.str(), "", true, "seed-register");
        if (!rep) {
          spdlog::warn("seed register: {}", rep.error().message);
        } else {
          spdlog::info("seed register: {} of {} school(s) registered from {}", rep->registered.size(), rep->rows,
                       settings.seed_register->string());
          for (const auto& i : rep->issues) spdlog::warn("seed register: {}", boost::json::serialize(i));
        }
      }
    }
  }
  notice_worker.start();
  ready = true;
  spdlog::info("ready");
  std::cout << "ready" << std::endl;  // process tests wait for this line instead of polling

  io_thread.join();
  notice_worker.stop();  // the notice being sent finishes; the rest stay pending for next start
  if (auto pending = (*outbox_db)->outbox_count(storage::OutboxStatus::kPending); pending && *pending > 0) {
    spdlog::info("stopped: {} notice(s) left pending; they are sent on the next start", *pending);
  } else {
    spdlog::info("stopped");
  }
  return 0;
}

}  // namespace sif::daemon

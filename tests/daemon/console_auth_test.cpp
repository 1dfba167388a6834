// The console's way in, through Router::handle() (no sockets): signing in with a token gives a
// session cookie; a write signed in by the cookie must prove it comes from sif's own page
// (X-CSRF-Token, same-site Origin); a calendar feed token opens the .ics feed and nothing else,
// and only while its principal keeps its name and role; the console's files are served by exact
// name; the page may run no inline script. A real Engine on a temporary database and the fixture
// framework (tests/fixtures/config, example-2024) on a manual clock.
#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "config/config_set.hpp"
#include "daemon/clock.hpp"
#include "daemon/engine.hpp"
#include "daemon/feed_token.hpp"
#include "daemon/ics.hpp"
#include "daemon/router.hpp"
#include "daemon/scheduler.hpp"
#include "daemon/session_http.hpp"
#include "tests/support/temp_dir.hpp"

using namespace sif::daemon;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

struct Console {
  sif::test::TempDir dir;
  ManualClock clock{from_unix_seconds(1788246000)};  // 2026-09-01T07:00:00Z
  std::unique_ptr<Engine> engine;
  boost::asio::io_context io;
  std::unique_ptr<Scheduler> scheduler;
  Authenticator auth;
  Metrics metrics;
  std::atomic<bool> ready{true};
  ApiContext ctx;
  std::unique_ptr<Router> router;

  explicit Console(Authenticator tokens = default_tokens()) : auth(std::move(tokens)) {
    std::vector<sif::config::Diagnostic> diags;
    auto cfg = sif::config::load_config_dir(std::string(SIF_SOURCE_DIR) + "/tests/fixtures/config", &diags);
    for (const auto& d : diags) INFO(d.str());
    REQUIRE(cfg);
    auto db = sif::storage::Database::open(dir / "sif.db");
    REQUIRE(db);
    engine = std::make_unique<Engine>(*cfg, std::move(*db), clock);
    scheduler = std::make_unique<Scheduler>(io, *engine, clock);
    // The console's files, as the lead ships them, and things that must not be served.
    std::filesystem::create_directories(dir / "dashboard" / "sub");
    write_file(dir / "dashboard" / "index.html", "<!doctype html><script src=\"/console/app.js\"></script>");
    write_file(dir / "dashboard" / "app.js", "console.log('sif');\n");
    write_file(dir / "dashboard" / "app.css", "body { margin: 0 }\n");
    write_file(dir / "dashboard" / "logo-2.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    write_file(dir / "dashboard" / "icon_small.png", std::string("\x89PNG\r\n\x1a\n", 8));
    write_file(dir / "dashboard" / "notes.txt", "not for the browser");
    write_file(dir / "dashboard" / "App.js", "upper case is not a console name");
    write_file(dir / "dashboard" / ".hidden.js", "dot files are not served");
    write_file(dir / "dashboard" / "sub" / "deep.js", "no sub-directories");
    write_file(dir / "outside.js", "outside the console directory");
    ctx.engine = engine.get();
    ctx.scheduler = scheduler.get();
    ctx.clock = &clock;
    ctx.auth = &auth;
    ctx.metrics = &metrics;
    ctx.ready = &ready;
    ctx.settings.dashboard_dir = dir / "dashboard";
    ctx.settings.la_frameworks = {{"Exampleshire", "example-2024"}};
    auto feeds = load_feed_tokens(engine->database(), 1788246000);
    REQUIRE(feeds);
    ctx.feeds = std::make_shared<const FeedTokens>(std::move(*feeds));
    router = std::make_unique<Router>(ctx);
  }
  ~Console() {
    scheduler->stop();
    router.reset();
    scheduler.reset();
    engine.reset();
  }

  static Authenticator default_tokens() {
    Authenticator a({{"ada", sha256_hex("admin-token"), Role::kAdmin, "ada@example.org"}});
    a.add_plain_token("olu", "officer-token", Role::kOfficer);
    a.add_plain_token("vic", "viewer-token", Role::kViewer);
    return a;
  }

  HttpResponse send(http::verb method, const std::string& target, const Headers& headers = {},
                    const std::string& body = {}) {
    HttpRequest req{method, target, 11};
    req.set(http::field::host, "sif.example.org");
    for (const auto& [k, v] : headers) req.insert(k, v);
    if (!body.empty()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body;
    }
    req.prepare_payload();
    return router->handle(req);
  }

  // Signs in with `token`; the cookie's value and the session's csrf token.
  std::pair<std::string, std::string> sign_in(const std::string& token) {
    auto res = send(http::verb::post, "/v1/session", {}, R"({"token":")" + token + R"("})");
    INFO(res.body());
    REQUIRE(res.result_int() == 200);
    const std::string cookie(res[http::field::set_cookie]);
    const auto start = cookie.find('=') + 1;
    return {cookie.substr(start, cookie.find(';') - start), std::string(json::parse(res.body()).at("csrf").as_string())};
  }

  std::string feed_of(const std::string& token) {
    auto res = send(http::verb::get, "/v1/session", {{"Authorization", "Bearer " + token}});
    REQUIRE(res.result_int() == 200);
    return std::string(json::parse(res.body()).at("feed_url").as_string());
  }

  void register_school(const std::string& id) {
    auto res = send(http::verb::post, "/v1/schools", {{"Authorization", "Bearer admin-token"}},
                    R"({"id":")" + id + R"(","name":"School )" + id +
                        R"(","la":"Exampleshire","framework":"example-2024","type":"community","phase":"primary"})");
    INFO(res.body());
    REQUIRE(res.result_int() == 201);
  }
};

std::string error_code_of(const HttpResponse& res) {
  return std::string(json::parse(res.body()).at("error").at("code").as_string());
}

std::string cookie_header(const std::string& id) { return "theme=dark; sif_session=" + id; }

// True when `s` holds a YYYY-MM-DD date anywhere.
bool has_iso_date(const std::string& s) {
  auto digits = [&](std::size_t at, std::size_t n) {
    for (std::size_t i = at; i < at + n; ++i) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  for (std::size_t i = 0; i + 10 <= s.size(); ++i) {
    if (digits(i, 4) && s[i + 4] == '-' && digits(i + 5, 2) && s[i + 7] == '-' && digits(i + 8, 2)) return true;
  }
  return false;
}

const std::string kNote = R"({"type":"note.recorded","data":{"text":"rang the head"}})";

}  // namespace

TEST_CASE("sessions: signing in sets an HttpOnly, SameSite=Strict cookie, Secure behind TLS", "[session][security]") {
  Console c;
  auto res = c.send(http::verb::post, "/v1/session", {}, R"({"token":"admin-token"})");
  INFO(res.body());
  REQUIRE(res.result_int() == 200);
  const std::string cookie(res[http::field::set_cookie]);
  CHECK_THAT(cookie, Catch::Matches("sif_session=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict"));
  CHECK(res[http::field::cache_control] == "no-store");
  auto body = json::parse(res.body());
  CHECK(body.at("name") == "ada");
  CHECK(body.at("role") == "admin");
  CHECK(body.at("email") == "ada@example.org");
  CHECK_THAT(std::string(body.at("csrf").as_string()), Catch::Matches("[0-9a-f]{64}"));
  CHECK_THAT(std::string(body.at("feed_url").as_string()), Catch::Matches("/v1/deadlines\\.ics\\?feed=[0-9a-f]{64}"));
  // A principal without an address answers email null; two sign-ins are two sessions.
  auto viewer = c.send(http::verb::post, "/v1/session", {}, R"({"token":"viewer-token"})");
  REQUIRE(viewer.result_int() == 200);
  CHECK(json::parse(viewer.body()).at("email").is_null());
  CHECK(viewer[http::field::set_cookie] != res[http::field::set_cookie]);

  // Behind a TLS proxy the cookie is Secure.
  auto tls = c.send(http::verb::post, "/v1/session", {{"X-Forwarded-Proto", "https"}}, R"({"token":"viewer-token"})");
  REQUIRE(tls.result_int() == 200);
  CHECK_THAT(std::string(tls[http::field::set_cookie]), Catch::EndsWith("; SameSite=Strict; Secure"));
}

TEST_CASE("sessions: a bad token is a 401 and sets no cookie", "[session][security]") {
  Console c;
  for (const char* body : {R"({"token":"not-a-token"})", R"({"token":""})", R"({})", R"({"token":7})", "token=x"}) {
    auto res = c.send(http::verb::post, "/v1/session", {}, body);
    INFO(body << " -> " << res.result_int() << " " << res.body());
    CHECK((res.result_int() == 401 || res.result_int() == 400));
    CHECK(res[http::field::set_cookie].empty());
  }
  auto bad = c.send(http::verb::post, "/v1/session", {}, R"({"token":"not-a-token"})");
  CHECK(bad.result_int() == 401);
  CHECK(json::parse(bad.body()).at("error").at("details").at("field") == "token");
  CHECK(c.router->context().sessions->size() == 0);
  // Another site cannot sign the browser in under a token of its choosing.
  auto foreign = c.send(http::verb::post, "/v1/session", {{"Origin", "https://evil.example"}}, R"({"token":"viewer-token"})");
  CHECK(foreign.result_int() == 403);
  CHECK(error_code_of(foreign) == "csrf");
  CHECK(foreign[http::field::set_cookie].empty());
}

TEST_CASE("sessions: the cookie authenticates reads with the principal's role", "[session][security]") {
  Console c;
  auto [id, csrf] = c.sign_in("viewer-token");
  auto list = c.send(http::verb::get, "/v1/schools", {{"Cookie", cookie_header(id)}});
  CHECK(list.result_int() == 200);
  auto who = c.send(http::verb::get, "/v1/session", {{"Cookie", cookie_header(id)}});
  REQUIRE(who.result_int() == 200);
  auto body = json::parse(who.body());
  CHECK(body.at("name") == "vic");
  CHECK(body.at("csrf").as_string() == csrf);
  CHECK(who[http::field::set_cookie].empty());  // reading the session makes no new cookie
  // The role is the token's: a viewer's cookie may not register a school, even with the csrf.
  auto post = c.send(http::verb::post, "/v1/schools", {{"Cookie", cookie_header(id)}, {"X-CSRF-Token", csrf}}, "{}");
  CHECK(post.result_int() == 403);
  CHECK(error_code_of(post) == "forbidden");
  // A bearer request reads the session body too, with no csrf (it needs none).
  auto bearer = c.send(http::verb::get, "/v1/session", {{"Authorization", "Bearer officer-token"}});
  REQUIRE(bearer.result_int() == 200);
  CHECK(json::parse(bearer.body()).at("name") == "olu");
  CHECK(json::parse(bearer.body()).at("csrf").is_null());
  // Without either, or with a cookie sifd never gave: 401.
  CHECK(c.send(http::verb::get, "/v1/session").result_int() == 401);
  auto unknown = c.send(http::verb::get, "/v1/schools", {{"Cookie", cookie_header(std::string(64, 'a'))}});
  CHECK(unknown.result_int() == 401);
  CHECK_THAT(std::string(unknown.body()), Catch::Contains("sign in again"));
}

TEST_CASE("sessions: a cookie-authenticated write needs the csrf token and a same-site Origin", "[session][security]") {
  Console c;
  c.register_school("100001");
  auto [id, csrf] = c.sign_in("officer-token");
  const std::string events = "/v1/schools/100001/events";

  auto no_token = c.send(http::verb::post, events, {{"Cookie", cookie_header(id)}}, kNote);
  INFO(no_token.body());
  CHECK(no_token.result_int() == 403);
  CHECK(error_code_of(no_token) == "csrf");
  CHECK_THAT(std::string(no_token.body()), Catch::Contains("X-CSRF-Token"));
  CHECK(json::parse(no_token.body()).at("error").at("details").at("field") == "X-CSRF-Token");

  auto wrong = c.send(http::verb::post, events, {{"Cookie", cookie_header(id)}, {"X-CSRF-Token", std::string(64, '0')}}, kNote);
  CHECK(wrong.result_int() == 403);
  CHECK(error_code_of(wrong) == "csrf");

  // The right token from another site's page: refused for its Origin.
  auto foreign = c.send(http::verb::post, events,
                        {{"Cookie", cookie_header(id)}, {"X-CSRF-Token", csrf}, {"Origin", "https://evil.example"}}, kNote);
  CHECK(foreign.result_int() == 403);
  CHECK(error_code_of(foreign) == "csrf");
  CHECK_THAT(std::string(foreign.body()), Catch::Contains("Origin: https://evil.example"));
  auto null_origin = c.send(http::verb::post, events,
                            {{"Cookie", cookie_header(id)}, {"X-CSRF-Token", csrf}, {"Origin", "null"}}, kNote);
  CHECK(null_origin.result_int() == 403);
  // Nothing refused was recorded.
  auto history = c.send(http::verb::get, "/v1/schools/100001/history", {{"Cookie", cookie_header(id)}});
  REQUIRE(history.result_int() == 200);
  CHECK(history.body().find("note.recorded") == std::string::npos);

  // sif's own page: the token and sifd's own origin (over http, or https behind a proxy).
  for (const char* origin : {"http://sif.example.org", "https://sif.example.org"}) {
    auto ok = c.send(http::verb::post, events, {{"Cookie", cookie_header(id)}, {"X-CSRF-Token", csrf}, {"Origin", origin}}, kNote);
    INFO(origin << " -> " << ok.body());
    CHECK(ok.result_int() == 200);
  }
  // No Origin at all (some browsers omit it on same-origin requests): the token is enough.
  auto no_origin = c.send(http::verb::post, events, {{"Cookie", cookie_header(id)}, {"X-CSRF-Token", csrf}}, kNote);
  CHECK(no_origin.result_int() == 200);
  history = c.send(http::verb::get, "/v1/schools/100001/history", {{"Cookie", cookie_header(id)}});
  auto rows = json::parse(history.body()).at("history").as_array();
  std::size_t notes = 0;
  for (const auto& row : rows) notes += row.at("event") == "note.recorded" ? 1 : 0;
  CHECK(notes == 3);
  CHECK(rows.back().at("actor") == "olu");

  // A bearer request needs neither, whatever its Origin.
  auto bearer = c.send(http::verb::post, events, {{"Authorization", "Bearer officer-token"}, {"Origin", "https://evil.example"}},
                       kNote);
  CHECK(bearer.result_int() == 200);
}

TEST_CASE("sessions: signing out forgets the session and clears the cookie", "[session][security]") {
  Console c;
  auto [id, csrf] = c.sign_in("viewer-token");
  // Signing out is a write: another site cannot do it for the browser.
  auto forged = c.send(http::verb::delete_, "/v1/session", {{"Cookie", cookie_header(id)}});
  CHECK(forged.result_int() == 403);
  CHECK(c.send(http::verb::get, "/v1/session", {{"Cookie", cookie_header(id)}}).result_int() == 200);

  auto out = c.send(http::verb::delete_, "/v1/session", {{"Cookie", cookie_header(id)}, {"X-CSRF-Token", csrf}});
  CHECK(out.result_int() == 204);
  CHECK(out.body().empty());
  CHECK(out[http::field::set_cookie] == "sif_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  auto after = c.send(http::verb::get, "/v1/session", {{"Cookie", cookie_header(id)}});
  CHECK(after.result_int() == 401);
  CHECK_THAT(std::string(after.body()), Catch::Contains("the console session has ended"));
  // Signing out again (an old tab) still clears the cookie.
  auto again = c.send(http::verb::delete_, "/v1/session", {{"Cookie", cookie_header(id)}});
  CHECK(again.result_int() == 204);
  CHECK_FALSE(again[http::field::set_cookie].empty());
}

TEST_CASE("sessions: 12 hours without use end a session, use keeps it alive", "[session]") {
  Console c;
  auto [id, csrf] = c.sign_in("viewer-token");
  c.clock.advance(std::chrono::hours(11));
  CHECK(c.send(http::verb::get, "/v1/session", {{"Cookie", cookie_header(id)}}).result_int() == 200);
  c.clock.advance(std::chrono::hours(11));  // 22 h after sign-in, 11 h after last use
  CHECK(c.send(http::verb::get, "/v1/session", {{"Cookie", cookie_header(id)}}).result_int() == 200);
  c.clock.advance(std::chrono::hours(12));
  CHECK(c.send(http::verb::get, "/v1/session", {{"Cookie", cookie_header(id)}}).result_int() == 401);
  CHECK(c.router->context().sessions->size() == 0);
}

TEST_CASE("session store: at most max sessions, the least recently used goes first", "[session]") {
  SessionStore store(3, std::chrono::hours(12));
  Clock::steady_point t{};
  auto a = store.create({"a", Role::kViewer}, t);
  auto b = store.create({"b", Role::kViewer}, t + std::chrono::seconds(1));
  auto cc = store.create({"c", Role::kViewer}, t + std::chrono::seconds(2));
  REQUIRE(store.find(a.id, t + std::chrono::seconds(3)));  // a is now the most recently used
  auto d = store.create({"d", Role::kViewer}, t + std::chrono::seconds(4));
  CHECK(store.size() == 3);
  CHECK_FALSE(store.find(b.id, t + std::chrono::seconds(5)));  // b was the least recently used
  CHECK(store.find(a.id, t + std::chrono::seconds(5)));
  CHECK(store.find(cc.id, t + std::chrono::seconds(5)));
  CHECK(store.find(d.id, t + std::chrono::seconds(5))->principal.name == "d");
  CHECK(a.id != a.csrf);
  CHECK(store.forget(d.id));
  CHECK_FALSE(store.forget(d.id));
  CHECK_FALSE(store.find("", t));
}

TEST_CASE("sessions: a cookie header with several cookies, and quoted values", "[session]") {
  HttpRequest req{http::verb::get, "/", 11};
  req.insert(http::field::cookie, "a=1; sif_session_old=x");
  req.insert(http::field::cookie, " b=2 ;sif_session=\"abc\" ; c=3");
  CHECK(session_cookie(req) == "abc");
  HttpRequest none{http::verb::get, "/", 11};
  none.insert(http::field::cookie, "sif_sessionx=1; xsif_session=2");
  CHECK(session_cookie(none).empty());
}

TEST_CASE("feed tokens: open the .ics feed only, and survive a restart", "[session][feed][security]") {
  Console c;
  c.register_school("100001");
  const std::string feed = c.feed_of("officer-token");
  const std::string token = feed.substr(feed.find('=') + 1);
  auto ics = c.send(http::verb::get, feed);
  INFO(ics.body());
  CHECK(ics.result_int() == 200);
  CHECK(std::string(ics[http::field::content_type]).starts_with("text/calendar"));
  // Only the .ics feed takes it.
  for (const char* target : {"/v1/deadlines", "/v1/schools", "/v1/session", "/metrics"}) {
    auto res = c.send(http::verb::get, std::string(target) + "?feed=" + token);
    INFO(target);
    CHECK(res.result_int() == 401);
  }
  CHECK(c.send(http::verb::post, "/v1/schools/100001/events?feed=" + token, {}, kNote).result_int() == 401);
  // A feed token is no bearer token, and cannot sign in.
  CHECK(c.send(http::verb::get, "/v1/deadlines.ics", {{"Authorization", "Bearer " + token}}).result_int() == 401);
  CHECK(c.send(http::verb::post, "/v1/session", {}, R"({"token":")" + token + R"("})").result_int() == 401);
  // Tampered, or for another principal: refused, naming the parameter.
  std::string tampered = token;
  tampered[0] = tampered[0] == '0' ? '1' : '0';
  auto bad = c.send(http::verb::get, "/v1/deadlines.ics?feed=" + tampered);
  CHECK(bad.result_int() == 401);
  CHECK(json::parse(bad.body()).at("error").at("details").at("field") == "feed");
  CHECK(c.feed_of("viewer-token") != feed);
  CHECK(c.feed_of("officer-token") == feed);  // the same principal, the same feed

  // The key is in the database: the next start gives the same feed.
  auto again = load_feed_tokens(c.engine->database(), 1788300000);
  REQUIRE(again);
  CHECK(again->token_for("olu", Role::kOfficer) == token);
}

TEST_CASE("feed tokens: stop working when the principal's role changes or it is removed", "[session][feed][security]") {
  Console before;
  const std::string feed = before.feed_of("viewer-token");
  REQUIRE(before.send(http::verb::get, feed).result_int() == 200);
  auto key = load_feed_tokens(before.engine->database(), 0);
  REQUIRE(key);
  // sifd restarted with a changed token configuration, the same database (so the same key).
  auto with_tokens = [&](Authenticator tokens) {
    auto c = std::make_unique<Console>(std::move(tokens));
    c->ctx.feeds = std::make_shared<const FeedTokens>(*key);
    c->router = std::make_unique<Router>(c->ctx);
    return c;
  };
  {
    Authenticator promoted;
    promoted.add_plain_token("vic", "viewer-token", Role::kOfficer);
    auto c = with_tokens(std::move(promoted));
    auto res = c->send(http::verb::get, feed);
    CHECK(res.result_int() == 401);
    CHECK_THAT(std::string(res.body()), Catch::Contains("name or role has changed"));
  }
  {
    Authenticator removed;
    removed.add_plain_token("ada", "admin-token", Role::kAdmin);
    CHECK(with_tokens(std::move(removed))->send(http::verb::get, feed).result_int() == 401);
  }
  {
    // A new token for the same person and role: the feed they subscribed to keeps working.
    Authenticator rotated;
    rotated.add_plain_token("vic", "a-new-viewer-token", Role::kViewer);
    CHECK(with_tokens(std::move(rotated))->send(http::verb::get, feed).result_int() == 200);
  }
  // A session is only as good as its principal, too.
  SessionStore* store = nullptr;
  Console c;
  auto [id, csrf] = c.sign_in("viewer-token");
  store = c.router->context().sessions.get();
  Authenticator without_vic;
  without_vic.add_plain_token("ada", "admin-token", Role::kAdmin);
  c.auth = std::move(without_vic);
  CHECK(c.send(http::verb::get, "/v1/session", {{"Cookie", cookie_header(id)}}).result_int() == 401);
  CHECK(store->size() == 0);
}

TEST_CASE("the .ics feed: a moved deadline keeps its UID, no title says Reminder twice", "[ics][router]") {
  Console c;
  c.register_school("100001");
  const Headers officer = {{"Authorization", "Bearer officer-token"}};
  REQUIRE(c.send(http::verb::post, "/v1/schools/100001/events", officer,
                 R"({"type":"category.agreed","data":{"category":"amber","date":"2026-09-01"}})")
              .result_int() == 200);
  auto first = c.send(http::verb::get, "/v1/deadlines.ics?from=2026-09-01", {{"Authorization", "Bearer viewer-token"}});
  REQUIRE(first.result_int() == 200);
  const std::string& ics = first.body();
  INFO(ics);
  const std::string uid = "UID:" + deadline_uid("100001", "main", "review_due") + "\r\n";
  CHECK(uid == "UID:100001-main-review_due@sif\r\n");
  const auto at = ics.find(uid);
  REQUIRE(at != std::string::npos);
  CHECK(ics.find("DTSTART;VALUE=DATE:20261201", at) == ics.find("DTSTART", at));
  CHECK(ics.find("Reminder: Reminder:") == std::string::npos);
  CHECK(ics.find("SUMMARY:Reminder: Review of progress against the plan — School 100001") != std::string::npos);
  // No UID carries a date.
  for (auto line = ics.find("\r\nUID:"); line != std::string::npos; line = ics.find("\r\nUID:", line + 1)) {
    const std::string uid_line = ics.substr(line + 2, ics.find("\r\n", line + 2) - line - 2);
    INFO(uid_line);
    CHECK_FALSE(has_iso_date(uid_line));
  }

  // The plan is agreed two weeks on: the review moves, and stays one event with the same UID.
  c.clock.advance(std::chrono::days(14));
  auto plan = c.send(http::verb::post, "/v1/schools/100001/events", officer,
                     R"({"type":"plan.agreed","data":{"plan":"RAP","date":"2026-09-15"}})");
  INFO(plan.body());
  REQUIRE(plan.result_int() == 200);
  auto moved = c.send(http::verb::get, "/v1/deadlines.ics?from=2026-09-01", {{"Authorization", "Bearer viewer-token"}});
  REQUIRE(moved.result_int() == 200);
  const std::string& after = moved.body();
  INFO(after);
  const auto moved_at = after.find(uid);
  REQUIRE(moved_at != std::string::npos);
  CHECK(after.find(uid, moved_at + 1) == std::string::npos);
  CHECK(after.find("DTSTART;VALUE=DATE:20261215", moved_at) == after.find("DTSTART", moved_at));
}

TEST_CASE("console files: served by exact name with their types, anything else 404", "[console][security]") {
  Console c;
  struct Served {
    const char* name;
    const char* type;
  };
  for (const auto& [name, type] : {Served{"app.js", "text/javascript; charset=utf-8"}, Served{"app.css", "text/css; charset=utf-8"},
                                   Served{"logo-2.svg", "image/svg+xml"}, Served{"icon_small.png", "image/png"}}) {
    auto res = c.send(http::verb::get, std::string("/console/") + name);  // no token, no cookie
    INFO(name << " -> " << res.body());
    REQUIRE(res.result_int() == 200);
    CHECK(res[http::field::content_type] == type);
    CHECK(res[http::field::cache_control] == "no-cache");
    CHECK(res["X-Content-Type-Options"] == "nosniff");
  }
  CHECK(c.send(http::verb::get, "/console/app.js").body() == "console.log('sif');\n");
  CHECK(c.send(http::verb::get, "/console/icon_small.png").body().size() == 8);
  // An SVG opened on its own is a document: it gets the page's policy.
  CHECK_FALSE(c.send(http::verb::get, "/console/logo-2.svg")["Content-Security-Policy"].empty());

  for (const char* target : {"/console/notes.txt", "/console/App.js", "/console/.hidden.js", "/console/index.html",
                             "/console/missing.js", "/console/sub/deep.js", "/console/..%2Foutside.js",
                             "/console/%2e%2e%2foutside.js", "/console/..", "/console/", "/console/app.js%00.png",
                             "/console/sub", "/console/app.JS", "/console/app.js.map"}) {
    auto res = c.send(http::verb::get, target);
    INFO(target << " -> " << res.result_int() << " " << res.body());
    CHECK(res.result_int() == 404);
    CHECK(res.body().find("outside the console") == std::string::npos);
  }
  // The page itself still answers at / and /index.html.
  CHECK(c.send(http::verb::get, "/").result_int() == 200);
  CHECK(c.send(http::verb::get, "/index.html").result_int() == 200);
}

TEST_CASE("the console page's policy allows no inline script or style", "[console][security]") {
  Console c;
  auto page = c.send(http::verb::get, "/");
  REQUIRE(page.result_int() == 200);
  const std::string csp(page["Content-Security-Policy"]);
  CHECK(csp ==
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(csp.find("unsafe-eval") == std::string::npos);
  CHECK(page["X-Frame-Options"] == "DENY");
  CHECK(page["X-Content-Type-Options"] == "nosniff");
}

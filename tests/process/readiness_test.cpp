// /readyz and storage failures through a running sifd: while another program holds the
// database's write lock, and when the database file is read-only at start, /readyz answers 503
// naming the database; writes answer 503 with what to do and no SQL (the SQL goes to the log);
// a clock advance whose timers cannot fire leaves the clock where it was. An unusable notices
// folder makes /readyz name the notices channel. Each recovers once its cause is gone.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <linux/fs.h>
#include <sqlite3.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <vector>

#include "tests/notifications/test_util.hpp"
#include "tests/process/sifd_process.hpp"

using namespace sif::test;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr const char* kStart = "2026-09-01T07:00:00Z";
// Brook's annual review (example-2024: three terms after registration) falls within 400 days.
constexpr const char* kAdvance = R"({"advance":"400d"})";

json::object parse_object(const std::string& body) {
  boost::system::error_code ec;
  auto v = json::parse(body, ec);
  return ec || !v.is_object() ? json::object{} : v.as_object();
}

std::vector<std::string> failed_checks(const sif::daemon::ClientResponse& r) {
  std::vector<std::string> out;
  auto o = parse_object(r.body);
  if (auto* f = o.if_contains("failed")) {
    for (const auto& v : f->as_array()) out.emplace_back(v.as_string());
  }
  return out;
}

std::string check_message(const sif::daemon::ClientResponse& r, const std::string& check) {
  auto o = parse_object(r.body);
  auto* c = o.if_contains("checks");
  if (!c || !c->as_object().contains(check)) return {};
  auto* m = c->as_object().at(check).as_object().if_contains("message");
  return m ? std::string(m->as_string()) : std::string();
}

// A storage failure's answer: 503, storage_unavailable, a message, and nothing of the SQL.
void check_storage_answer(const sif::daemon::ClientResponse& r, const std::string& cause) {
  INFO(r.body);
  CHECK(r.status == 503);
  auto err = parse_object(r.body)["error"];
  REQUIRE(err.is_object());
  CHECK(err.at("code") == "storage_unavailable");
  CHECK(std::string(err.at("message").as_string()).find(cause) != std::string::npos);
  for (const char* sql : {"SQL", "INSERT", "UPDATE", "BEGIN", "SELECT", "DELETE"}) {
    CHECK(r.body.find(sql) == std::string::npos);
  }
}

std::string clock_now(const SifdProcess& d) {
  auto o = parse_object(d.call("GET", "/v1/clock").body);
  return o.contains("now") ? std::string(o.at("now").as_string()) : std::string();
}

void register_brook(const SifdProcess& d) {
  auto reg = d.call("POST", "/v1/schools",
                    R"({"id":"120001","name":"Brook Primary","la":"Exampleshire","framework":"example-2024"})");
  INFO(reg.body);
  REQUIRE(reg.status == 201);
}

// Another program holding the database's write lock (as a sqlite3 shell in BEGIN IMMEDIATE).
class WriteLock {
 public:
  explicit WriteLock(const std::filesystem::path& db) {
    REQUIRE(sqlite3_open_v2(db.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
  }
  ~WriteLock() { release(); }
  void release() {
    if (!db_) return;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(db_);
    db_ = nullptr;
  }

 private:
  sqlite3* db_ = nullptr;
};

// Makes files unwritable for sifd: mode 0444, and for root (whom modes do not stop) the
// immutable attribute. Undone by the destructor, so the test's folder can be removed.
class ReadOnlyFiles {
 public:
  // Returns false when this filesystem cannot make them read-only for this user.
  bool apply(const std::vector<std::filesystem::path>& files) {
    for (const auto& f : files) {
      if (!std::filesystem::exists(f)) continue;
      ::chmod(f.c_str(), 0444);
      files_.push_back(f);
      if (::geteuid() == 0) set_immutable(f, true);
      const int fd = ::open(f.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd >= 0) {
        ::close(fd);
        return false;
      }
    }
    return !files_.empty();
  }
  ~ReadOnlyFiles() { restore(); }
  void restore() {
    for (const auto& f : files_) {
      if (::geteuid() == 0) set_immutable(f, false);
      ::chmod(f.c_str(), 0644);
    }
    files_.clear();
  }

 private:
  static void set_immutable(const std::filesystem::path& f, bool on) {
    const int fd = ::open(f.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    int flags = 0;
    if (::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0) {
      flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
      (void)::ioctl(fd, FS_IOC_SETFLAGS, &flags);
    }
    ::close(fd);
  }
  std::vector<std::filesystem::path> files_;
};

}  // namespace

TEST_CASE("process: while another program holds the write lock, /readyz says so and writes answer 503 without SQL",
          "[process][readiness]") {
  SifdProcess d("ready-locked");
  std::string why;
  REQUIRE(d.start(kStart, &why));
  INFO(why);
  register_brook(d);
  auto ready = d.call("GET", "/readyz", "", "");
  INFO(ready.body);
  REQUIRE(ready.status == 200);
  CHECK(parse_object(ready.body).at("checks").at("database").at("ok") == true);

  WriteLock lock(d.db());
  auto locked = d.call("GET", "/readyz", "", "");
  INFO(locked.body);
  CHECK(locked.status == 503);
  CHECK(failed_checks(locked) == std::vector<std::string>{"database"});
  CHECK(check_message(locked, "database").find("locked by another program") != std::string::npos);

  // Writes wait for the lock (the busy timeout, 5 s), then answer 503 saying why.
  check_storage_answer(d.call("POST", "/v1/schools", R"({"id":"120002","name":"Ash","la":"Exampleshire",)"
                                                     R"("framework":"example-2024"})"),
                       "locked by another program");
  // The clock does not move when the timers due on the way cannot fire.
  check_storage_answer(d.call("POST", "/v1/clock", kAdvance), "locked by another program");
  CHECK(clock_now(d) == kStart);
  // Reads go on meanwhile.
  CHECK(d.call("GET", "/v1/schools/120001").status == 200);
  // The log has the cause, SQL included, for whoever investigates.
  CHECK(d.read_log().find("[SQL: ") != std::string::npos);

  lock.release();
  CHECK(d.call("GET", "/readyz", "", "").status == 200);
  auto ash = d.call("POST", "/v1/schools", R"({"id":"120002","name":"Ash","la":"Exampleshire","framework":"example-2024"})");
  CHECK(ash.status == 201);
  auto moved = d.call("POST", "/v1/clock", kAdvance);
  INFO(moved.body);
  REQUIRE(moved.status == 200);
  CHECK(parse_object(moved.body).at("fired").as_int64() >= 1);
  CHECK(clock_now(d) != kStart);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: on a database read-only at start /readyz is 503, writes are 503 and the clock stays, and "
          "once writable and restarted it is ready",
          "[process][readiness]") {
  SifdProcess d("ready-readonly");
  std::string why;
  REQUIRE(d.start(kStart, &why));
  INFO(why);
  register_brook(d);
  REQUIRE(d.stop() == 0);

  ReadOnlyFiles ro;
  const std::string db = d.db().string();
  if (!ro.apply({db, db + "-wal", db + "-shm"})) {
    WARN("cannot make the database read-only for this user on this filesystem; skipped");
    return;
  }
  REQUIRE(d.start(kStart, &why));
  auto ready = d.call("GET", "/readyz", "", "");
  INFO(ready.body);
  CHECK(ready.status == 503);
  CHECK(failed_checks(ready) == std::vector<std::string>{"database"});
  CHECK(check_message(ready, "database").find("read-only") != std::string::npos);
  check_storage_answer(d.call("POST", "/v1/schools", R"({"id":"120002","name":"Ash","la":"Exampleshire",)"
                                                     R"("framework":"example-2024"})"),
                       "read-only");
  check_storage_answer(d.call("POST", "/v1/clock", kAdvance), "read-only");
  CHECK(clock_now(d) == kStart);
  CHECK(d.call("GET", "/v1/schools/120001").status == 200);  // reads still work
  CHECK(d.read_log().find("sifd serves reads only") != std::string::npos);
  CHECK(d.stop() == 0);

  ro.restore();
  REQUIRE(d.start(kStart, &why));
  CHECK(d.call("GET", "/readyz", "", "").status == 200);
  auto moved = d.call("POST", "/v1/clock", kAdvance);
  INFO(moved.body);
  CHECK(moved.status == 200);
  CHECK(d.stop() == 0);
}

TEST_CASE("process: /readyz names the notices channel when its folder cannot be written, and recovers",
          "[process][readiness]") {
  SifdProcess d("ready-notices");
  // A plain file where the maildir folder should be: nothing can be created under it (for root too).
  const auto notices = d.dir() / "notices";
  std::filesystem::remove_all(notices);
  std::ofstream(notices) << "not a folder\n";
  std::string why;
  REQUIRE(d.start(kStart, &why));
  INFO(why);
  auto ready = d.call("GET", "/readyz", "", "");
  INFO(ready.body);
  CHECK(ready.status == 503);
  CHECK(failed_checks(ready) == std::vector<std::string>{"notices"});
  CHECK(check_message(ready, "notices").find(notices.string()) != std::string::npos);

  std::filesystem::remove(notices);
  CHECK(d.call("GET", "/readyz", "", "").status == 200);
  CHECK(d.stop() == 0);
}

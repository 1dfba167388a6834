// Starts the built sifd (SIF_SIFD_PATH) as a child process for process-level tests: a temporary
// directory holding its settings (sifd.yaml with viewer/officer tokens), database and notices;
// port 0 on loopback; a manual clock; SIF_BOOTSTRAP_TOKEN for an admin token. The child prints
// "listening on HOST:PORT" and then "ready" on stdout; start() reads those lines (no polling,
// no sleeps). Its log goes to <dir>/sifd.log.
//
// Thread-safety: one SifdProcess per test; call() may be used from several threads.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/auth.hpp"
#include "daemon/http_client.hpp"

namespace sif::test {

inline constexpr const char* kAdminToken = "process-admin-token";
inline constexpr const char* kOfficerToken = "process-officer-token";
inline constexpr const char* kViewerToken = "process-viewer-token";

inline std::filesystem::path make_temp_dir(const std::string& name) {
  static int n = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("sif-" + name + "-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

class SifdProcess {
 public:
  // `definitions`: the config directory (default: tests/fixtures/config).
  explicit SifdProcess(std::string name, std::filesystem::path definitions = {})
      : dir_(make_temp_dir(name)),
        definitions_(definitions.empty() ? std::filesystem::path(SIF_SOURCE_DIR) / "tests/fixtures/config" : definitions) {
    write_settings();
  }
  ~SifdProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
    if (out_) std::fclose(out_);
    std::filesystem::remove_all(dir_);
  }

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path db() const { return dir_ / "sif.db"; }
  const daemon::HttpUrl& url() const { return url_; }
  std::string url_text() const { return "http://" + url_.host + ":" + url_.port; }
  pid_t pid() const { return pid_; }

  // Extra settings appended to sifd.yaml before start (e.g. "http: { body_limit: 4096 }\n").
  void set_extra_settings(const std::string& yaml) {
    extra_ = yaml;
    write_settings();
  }

  // Starts sifd with a manual clock at `start`; returns false (with the log in *why) if it did not
  // come up.
  bool start(const std::string& clock_start, std::string* why = nullptr) {
    // Everything the child needs is prepared before fork(): the test may have other threads, so
    // the child only calls async-signal-safe functions (dup2, chdir, execve).
    std::string cfg = (dir_ / "sifd.yaml").string();
    std::string db_path = db().string();
    std::vector<std::string> args = {SIF_SIFD_PATH, "--config", cfg, "--db", db_path, "--listen", "127.0.0.1:0",
                                     "--clock", "manual", "--start", clock_start};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_store;
    for (char** e = environ; *e; ++e) {
      if (std::string_view(*e).rfind("SIF_BOOTSTRAP_TOKEN=", 0) != 0) env_store.emplace_back(*e);
    }
    env_store.push_back(std::string("SIF_BOOTSTRAP_TOKEN=") + kAdminToken);
    std::vector<char*> envp;
    for (auto& e : env_store) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string log = (dir_ / "sifd.log").string();
    int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    std::string cwd = dir_.string();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);
      if (log_fd >= 0) ::dup2(log_fd, 2);
      if (::chdir(cwd.c_str()) != 0) ::_exit(126);
      ::execve(argv[0], argv.data(), envp.data());
      ::_exit(127);
    }
    if (log_fd >= 0) ::close(log_fd);
    ::close(fds[1]);
    if (out_) std::fclose(out_);
    out_ = ::fdopen(fds[0], "r");
    bool listening = false;
    char line[512];
    while (std::fgets(line, sizeof line, out_)) {
      std::string l(line);
      while (!l.empty() && (l.back() == '\n' || l.back() == '\r')) l.pop_back();
      if (l.rfind("listening on ", 0) == 0) {
        auto hp = l.substr(13);
        auto colon = hp.rfind(':');
        url_.host = hp.substr(0, colon);
        url_.port = hp.substr(colon + 1);
        listening = true;
      } else if (l == "ready") {
        return listening;
      }
    }
    if (why) *why = read_log();
    return false;
  }

  // SIGTERM and wait; returns the exit status (or -signal).
  int stop(int sig = SIGTERM) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, sig);
    int st = 0;
    ::waitpid(pid_, &st, 0);
    pid_ = -1;
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    return -WTERMSIG(st);
  }

  std::string read_log() const {
    std::ifstream in(dir_ / "sifd.log");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  daemon::ClientResponse call(const std::string& method, const std::string& target, const std::string& body = {},
                              const std::string& token = kAdminToken, const std::string& content_type = "application/json") const {
    daemon::ClientRequest req;
    req.method = method;
    req.target = target;
    req.body = body;
    req.token = token;
    req.content_type = content_type;
    auto res = daemon::http_call(url_, req);
    if (!res) return daemon::ClientResponse{0, res.error().message, {}};
    return *res;
  }
  boost::json::value get_json(const std::string& target) const {
    auto res = call("GET", target);
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    return ec ? boost::json::value(res.body) : v;
  }

 private:
  void write_settings() {
    std::ofstream out(dir_ / "sifd.yaml");
    out << "config_dir: " << definitions_.string() << "\n"
        << "notices_dir: " << (dir_ / "notices").string() << "\n"
        << "dashboard_dir: \"\"\n"
        << "log_level: info\n"
        << "la_frameworks: { Exampleshire: example-2024 }\n"
        << "tokens:\n"
        << "  - { name: vic, sha256: " << daemon::sha256_hex(kViewerToken) << ", role: viewer }\n"
        << "  - { name: olu, sha256: " << daemon::sha256_hex(kOfficerToken) << ", role: officer }\n"
        << extra_;
  }

  std::filesystem::path dir_;
  std::filesystem::path definitions_;
  std::string extra_;
  pid_t pid_ = -1;
  std::FILE* out_ = nullptr;
  daemon::HttpUrl url_;
};

}  // namespace sif::test

// A real SMTP server on loopback for tests: Debian's aiosmtpd (python3-aiosmtpd), started by the
// constructor and stopped by the destructor, with the handler smtp_sink.py writing each accepted
// message to a folder as JSON {mail_from, rcpt_tos, content}.
#pragma once

#include <unistd.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/notifications/test_util.hpp"

namespace sif::test {

// The Debian python has the module; a python3 earlier on PATH (pyenv) may not.
inline std::string debian_python() {
  for (const char* p : {"/usr/bin/python3", "/bin/python3"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return "python3";
}

class SmtpServer {
 public:
  SmtpServer(unsigned short port, const std::filesystem::path& dir)
      : port_(port),
        child_({debian_python(), "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port), "-c",
                "smtp_sink.Sink", dir.string()},
               {"PYTHONPATH=" + std::string(SIF_SOURCE_DIR) + "/tests/notifications"}) {}
  // True once the server accepts connections; false if it exited first.
  bool wait_ready() { return wait_until([&] { return port_open(port_) || !child_.running(); }) && child_.running(); }

 private:
  unsigned short port_;
  ChildProcess child_;
};

// The messages the sink wrote to `dir`, in the order they arrived.
inline std::vector<boost::json::object> smtp_received(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<boost::json::object> out;
  for (const auto& f : files) out.push_back(boost::json::parse(read_text(f)).as_object());
  return out;
}

}  // namespace sif::test

// Plain-socket HTTP for process tests that need what a well-behaved client never does: hold
// hundreds of connections open, send half a request and stop, send an over-long URL or header.
// Every wait is bounded by a poll() on the socket (an event or the deadline), never a sleep.
//
// Thread-safety: a RawConnection belongs to one thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <string>
#include <string_view>

namespace sif::test {

class RawConnection {
 public:
  // Connects to 127.0.0.1:port (fd() < 0 when that failed).
  explicit RawConnection(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) close();
  }
  ~RawConnection() { close(); }
  RawConnection(RawConnection&& o) noexcept : fd_(o.fd_), received_(std::move(o.received_)) { o.fd_ = -1; }
  RawConnection& operator=(RawConnection&&) = delete;
  RawConnection(const RawConnection&) = delete;

  int fd() const { return fd_; }
  bool connected() const { return fd_ >= 0; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  enum class Outcome { kAnswered, kClosed, kTimedOut };

  // Reads until a whole answer (header and Content-Length body) has arrived, the peer closes
  // or resets, or `limit` passes. The bytes read are in received().
  Outcome read_answer(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      if (complete()) return Outcome::kAnswered;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return Outcome::kTimedOut;
      pollfd p{fd_, POLLIN, 0};
      const int r = ::poll(&p, 1, static_cast<int>(left.count()));
      if (r == 0) return Outcome::kTimedOut;
      if (r < 0) return Outcome::kClosed;
      char buf[8192];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return complete() ? Outcome::kAnswered : Outcome::kClosed;
      received_.append(buf, static_cast<std::size_t>(n));
    }
  }

  // Waits for the peer to close (EOF or reset) within `limit`; data that arrives is kept.
  bool closed_within(std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      const int r = ::poll(&p, 1, static_cast<int>(left.count()));
      if (r == 0) return false;
      if (r < 0) return true;
      char buf[8192];
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return true;
      received_.append(buf, static_cast<std::size_t>(n));
    }
  }

  const std::string& received() const { return received_; }
  // The status code of the answer received, 0 when none.
  int status() const {
    if (received_.rfind("HTTP/1.1 ", 0) != 0 || received_.size() < 12) return 0;
    return std::stoi(received_.substr(9, 3));
  }
  std::string body() const {
    const auto end = received_.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : received_.substr(end + 4);
  }

 private:
  bool complete() const {
    const auto end = received_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::string head = received_.substr(0, end);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto cl = head.find("content-length:");
    const std::size_t length = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15));
    return received_.size() >= end + 4 + length;
  }

  int fd_ = -1;
  std::string received_;
};

// "GET target HTTP/1.1" with a Host header, keep-alive, and any extra header lines.
inline std::string get_request(std::string_view target, std::string_view extra_headers = {}) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n" + std::string(extra_headers) + "\r\n";
}

}  // namespace sif::test

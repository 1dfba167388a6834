// A tiny loopback HTTP/1.1 receiver for the webhook tests: a thread with a plain socket bound
// to 127.0.0.1 port 0 that records each request and answers with the next status from a
// script (then 200). One request per connection. set_delay() makes it a slow receiver: each
// answer waits that long after the request was recorded (cut short when the delay is changed
// or the receiver stops). Stopped and joined by the destructor.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sif::test {

struct HttpRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

class HttpReceiver {
 public:
  explicit HttpReceiver(std::deque<int> statuses = {}) : statuses_(std::move(statuses)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] { run(); });
  }
  ~HttpReceiver() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    delay_cv_.notify_all();
    thread_.join();
    ::close(fd_);
  }
  HttpReceiver(const HttpReceiver&) = delete;
  HttpReceiver& operator=(const HttpReceiver&) = delete;

  unsigned short port() const { return port_; }
  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<HttpRequest> requests() {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // Each answer from now on waits `d` after its request was recorded; a wait in progress ends.
  void set_delay(std::chrono::milliseconds d) {
    {
      std::lock_guard lock(mu_);
      delay_ = d;
      ++delay_epoch_;
    }
    delay_cv_.notify_all();
  }

 private:
  void run() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      serve(c);
      ::close(c);
    }
  }

  void serve(int c) {
    std::string data;
    char buf[4096];
    std::size_t header_end = std::string::npos;
    std::size_t need = 0;
    while (true) {
      pollfd p{c, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) return;  // a stuck client: give up on it
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) return;
      data.append(buf, static_cast<std::size_t>(n));
      if (header_end == std::string::npos) {
        header_end = data.find("\r\n\r\n");
        if (header_end == std::string::npos) continue;
        need = header_end + 4 + content_length(data.substr(0, header_end));
      }
      if (data.size() >= need) break;
    }
    HttpRequest r = parse(data.substr(0, header_end));
    r.body = data.substr(header_end + 4, need - header_end - 4);
    int status = 200;
    {
      std::unique_lock lock(mu_);
      requests_.push_back(r);
      if (!statuses_.empty()) {
        status = statuses_.front();
        statuses_.pop_front();
      }
      const unsigned epoch = delay_epoch_;
      delay_cv_.wait_for(lock, delay_, [&] { return stop_ || delay_epoch_ != epoch; });
    }
    const std::string body = status < 300 ? "ok" : "try later";
    const std::string reply = "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    (void)::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
  }

  static std::size_t content_length(const std::string& head) {
    auto r = parse(head);
    auto it = r.headers.find("content-length");
    return it == r.headers.end() ? 0 : std::stoul(it->second);
  }

  static HttpRequest parse(const std::string& head) {
    HttpRequest r;
    std::size_t pos = 0;
    bool first = true;
    while (pos < head.size()) {
      auto eol = head.find("\r\n", pos);
      if (eol == std::string::npos) eol = head.size();
      std::string line = head.substr(pos, eol - pos);
      pos = eol + 2;
      if (first) {
        auto sp1 = line.find(' ');
        auto sp2 = line.find(' ', sp1 + 1);
        r.method = line.substr(0, sp1);
        r.target = line.substr(sp1 + 1, sp2 - sp1 - 1);
        first = false;
        continue;
      }
      auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value[0] == ' ') value.erase(0, 1);
      r.headers[name] = value;
    }
    return r;
  }

  int fd_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::condition_variable delay_cv_;
  std::chrono::milliseconds delay_{0};
  unsigned delay_epoch_ = 0;
  std::deque<int> statuses_;
  std::vector<HttpRequest> requests_;
  std::thread thread_;
};

}  // namespace sif::test

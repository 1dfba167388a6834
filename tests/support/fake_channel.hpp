// A Channel for tests: records every message it accepts and fails exactly when told, by call
// number (Beast's fail_count idea): construct with fail_at = N and the N-th call (0-based)
// fails; loop N = 0, 1, 2, ... to exercise every point of failure. fail_from makes every call
// from N on fail (a server that stays down); heal() ends that.
//
// Thread-safety: none; one test thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "notifications/channel.hpp"

namespace sif::test {

class FakeChannel : public notifications::Channel {
 public:
  FakeChannel() = default;
  explicit FakeChannel(std::optional<int> fail_at, bool transient = true)
      : fail_at_(fail_at), transient_(transient) {}

  std::string_view name() const override { return "fake"; }

  notifications::Status send(const notifications::Message& m) override {
    const int call = calls_++;
    const bool fail = (fail_at_ && call == *fail_at_) || (fail_from_ && call >= *fail_from_);
    if (fail) {
      ++failures_;
      const std::string msg = "fake: injected failure at call " + std::to_string(call);
      if (transient_) return notifications::transient_error(msg);
      return notifications::Error::io(msg);
    }
    accepted.push_back(m);
    return workflows::Ok{};
  }

  void fail_from(int n) { fail_from_ = n; }
  void heal() { fail_from_.reset(); fail_at_.reset(); }
  int calls() const { return calls_; }
  int failures() const { return failures_; }

  std::vector<notifications::Message> accepted;

 private:
  std::optional<int> fail_at_;
  std::optional<int> fail_from_;
  bool transient_ = true;
  int calls_ = 0;
  int failures_ = 0;
};

}  // namespace sif::test

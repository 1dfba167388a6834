// Errors as values for the pure core and everything built on it.
//
// The core never throws: every fallible function returns Result<T>, which holds either a value
// or an Error a person can act on. The shape mirrors std::expected (value(), error(), has_value(),
// operator bool) so a later switch to it is mechanical.
//
// Thread-safety: plain values; safe to share when not mutated.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sif::workflows {

enum class ErrorCode {
  kInvalidInput,  // the caller's input is malformed or does not fit (HTTP 400/422)
  kNotFound,      // an unknown school, workflow, state, template... (HTTP 404)
  kConflict,      // not allowed now, e.g. an event the current state does not accept (HTTP 409)
  kCorruption,    // stored data fails a check (hash chain, schema)
  kIo,            // disk, network or database failure
  kTransient,     // worth retrying
};

const char* to_string(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInvalidInput;
  std::string message;  // what is wrong and, where it helps, what to do instead
  std::string details;  // optional: where (file:line:column, field name) or the allowed choices

  static Error invalid(std::string m, std::string d = {}) { return {ErrorCode::kInvalidInput, std::move(m), std::move(d)}; }
  static Error not_found(std::string m, std::string d = {}) { return {ErrorCode::kNotFound, std::move(m), std::move(d)}; }
  static Error conflict(std::string m, std::string d = {}) { return {ErrorCode::kConflict, std::move(m), std::move(d)}; }
  static Error corruption(std::string m, std::string d = {}) { return {ErrorCode::kCorruption, std::move(m), std::move(d)}; }
  static Error io(std::string m, std::string d = {}) { return {ErrorCode::kIo, std::move(m), std::move(d)}; }
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}      // NOLINT: implicit by design

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  // REQUIRES: has_value()
  T& value() & { assert(has_value()); return std::get<0>(v_); }
  const T& value() const& { assert(has_value()); return std::get<0>(v_); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !has_value()
  const Error& error() const { assert(!has_value()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;

}  // namespace sif::workflows

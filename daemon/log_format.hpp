// The daemon's log line format, with every control character in a message escaped, so that a
// value a caller sent (an actor, a URL, an event's data quoted in an error) cannot forge a log
// line with a newline or recolour a terminal with ANSI codes: "\n" is logged as \n, ESC as \x1b.
//
// Thread-safety: the formatter is cloned per sink by spdlog, as any formatter.
#pragma once

#include <spdlog/formatter.h>
#include <spdlog/pattern_formatter.h>

#include <memory>
#include <string>
#include <string_view>

namespace sif::daemon {

// "a\nb\x1b[31m" -> "a\\nb\\x1b[31m"; tab, CR and DEL too. Valid UTF-8 passes unchanged.
std::string escape_control(std::string_view text);

class EscapingFormatter final : public spdlog::formatter {
 public:
  explicit EscapingFormatter(std::string pattern);
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;

 private:
  std::string pattern_;
  spdlog::pattern_formatter inner_;
};

// Installs EscapingFormatter(pattern) on the default logger's sinks.
void use_escaping_log_format(const std::string& pattern);

}  // namespace sif::daemon

#include "daemon/log_format.hpp"

#include <spdlog/spdlog.h>

namespace sif::daemon {

std::string escape_control(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

EscapingFormatter::EscapingFormatter(std::string pattern) : pattern_(pattern), inner_(std::move(pattern)) {}

void EscapingFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  const std::string_view payload(msg.payload.data(), msg.payload.size());
  bool clean = true;
  for (unsigned char c : payload) clean = clean && c >= 0x20 && c != 0x7F;
  if (clean) return inner_.format(msg, dest);
  const std::string escaped = escape_control(payload);
  spdlog::details::log_msg copy = msg;
  copy.payload = spdlog::string_view_t(escaped.data(), escaped.size());
  inner_.format(copy, dest);
  msg.color_range_start = copy.color_range_start;  // mutable in log_msg: the colour sink reads it
  msg.color_range_end = copy.color_range_end;
}

std::unique_ptr<spdlog::formatter> EscapingFormatter::clone() const {
  return std::make_unique<EscapingFormatter>(pattern_);
}

void use_escaping_log_format(const std::string& pattern) {
  spdlog::set_formatter(std::make_unique<EscapingFormatter>(pattern));
}

}  // namespace sif::daemon

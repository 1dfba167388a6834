// Log lines cannot be forged: control characters in logged values are escaped.
#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>

#include "daemon/log_format.hpp"

using sif::daemon::escape_control;

TEST_CASE("escape_control writes control characters as escapes and leaves UTF-8 alone", "[log]") {
  CHECK(escape_control("olu\nINFO forged") == "olu\\nINFO forged");
  CHECK(escape_control("\x1b[31mroot\x1b[0m") == "\\x1b[31mroot\\x1b[0m");
  CHECK(escape_control("a\tb\rc\x7f\x01") == "a\\tb\\rc\\x7f\\x01");
  CHECK(escape_control("Ysgol Gymraeg Bro Ŵyr") == "Ysgol Gymraeg Bro Ŵyr");
}

TEST_CASE("a logged actor with a newline stays on one line", "[log]") {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::logger logger("escape-test", sink);
  logger.set_formatter(std::make_unique<sif::daemon::EscapingFormatter>("%l %v"));
  logger.info("event recorded by {}", "olu\n2026-12-01T08:00:00.000 info forged line\x1b[2J");
  logger.info("plain {}", "line");
  logger.flush();
  CHECK(out.str() ==
        "info event recorded by olu\\n2026-12-01T08:00:00.000 info forged line\\x1b[2J\n"
        "info plain line\n");
}

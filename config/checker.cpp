#include "config/checker.hpp"

namespace sif::config {

bool valid_fire_time(std::string_view t) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() != 5 || t[2] != ':' || !digit(t[0]) || !digit(t[1]) || !digit(t[3]) || !digit(t[4])) return false;
  int h = (t[0] - '0') * 10 + (t[1] - '0');
  int m = (t[3] - '0') * 10 + (t[4] - '0');
  return h < 24 && m < 60;
}

void check_framework(const workflows::Framework&, const CheckEnvironment&, std::vector<Diagnostic>*) {}

}  // namespace sif::config

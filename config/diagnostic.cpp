#include "config/config_set.hpp"

namespace sif::config {

std::string Diagnostic::str() const {
  std::string out = loc.str() + ": error: " + message;
  if (!hint.empty()) out += " (" + hint + ")";
  return out;
}

}  // namespace sif::config

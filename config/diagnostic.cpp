#include "config/config_set.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace sif::config {

std::string Diagnostic::str() const {
  std::string out = loc.str() + (is_error() ? ": error: " : ": warning: ") + message;
  if (!hint.empty()) out += " (" + hint + ")";
  return out;
}

std::size_t error_count(const std::vector<Diagnostic>& diags, std::size_t from) {
  std::size_t n = 0;
  for (std::size_t i = from; i < diags.size(); ++i) n += diags[i].is_error();
  return n;
}

void tidy_diagnostics(std::vector<Diagnostic>* diags, std::size_t from) {
  std::set<std::string> seen;
  std::vector<Diagnostic> kept(diags->begin(), diags->begin() + static_cast<long>(from));
  for (std::size_t i = from; i < diags->size(); ++i) {
    if (seen.insert((*diags)[i].str()).second) kept.push_back(std::move((*diags)[i]));
  }
  std::stable_sort(kept.begin() + static_cast<long>(from), kept.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.file, a.loc.line, a.loc.column) < std::tie(b.loc.file, b.loc.line, b.loc.column);
  });
  *diags = std::move(kept);
}

}  // namespace sif::config

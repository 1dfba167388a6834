#include "config/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace sif::config {

int edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: a swap of two neighbours ("opne" for "open") counts as one slip.
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
}  // namespace

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string lw = lower(word);
  int limit = std::max<int>(1, static_cast<int>(word.size()) / 3);
  std::string best;
  int best_d = limit + 1;
  for (const auto& c : candidates) {
    if (c == word) continue;
    // Case and '-' vs '_' slips count as the smallest possible mistake.
    std::string lc = lower(c);
    std::string a = lw, b = lc;
    std::replace(a.begin(), a.end(), '-', '_');
    std::replace(b.begin(), b.end(), '-', '_');
    int d = a == b ? 0 : edit_distance(lw, lc);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                         std::size_t max_list) {
  if (candidates.empty()) return {};
  std::string best = closest(word, candidates);
  if (!best.empty()) return "did you mean '" + best + "'?";
  std::vector<std::string> shown(candidates.begin(),
                                 candidates.begin() + static_cast<long>(std::min(max_list, candidates.size())));
  std::string out = "expected one of: " + join(shown);
  if (candidates.size() > max_list) out += ", ...";
  return out;
}

}  // namespace sif::config

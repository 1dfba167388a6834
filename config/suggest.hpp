// "Did you mean ...?" suggestions for misspelt names (keys, states, roles, templates, units),
// by edit distance. Used by the framework loader and the checker to make every unknown-name
// diagnostic say what was probably meant.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sif::config {

// Edit distance: insert, delete, substitute, or swap two neighbours (case-sensitive).
int edit_distance(std::string_view a, std::string_view b);

// The closest candidate when it is close enough to be a plausible typo (distance at most a
// third of the word's length, minimum 1, or a case-only difference), else empty.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// "did you mean 'review'?" when a close candidate exists; otherwise "expected one of: a, b, c"
// (at most `max_list` names, then ", ..."); empty when there are no candidates.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                         std::size_t max_list = 12);

// "a, b, c"
std::string join(const std::vector<std::string>& items, std::string_view sep = ", ");

}  // namespace sif::config

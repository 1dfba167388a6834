#include "daemon/version.hpp"

namespace sif::daemon {
const char* version() { return SIF_VERSION; }
}  // namespace sif::daemon

// The build's version string, for --version and /metrics.
#pragma once

namespace sif::daemon {
const char* version();
}  // namespace sif::daemon

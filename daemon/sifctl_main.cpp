// sifctl: entry point. Commands are added as they land (see README).
#include <iostream>

#include "daemon/version.hpp"

int main() {
  std::cerr << "sifctl " << sif::daemon::version() << ": no commands built yet\n";
  return 2;
}

// klussen-sidecar: wiring only. Arguments -> cli::Run (config -> objects -> run).
#include <csignal>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "store/database.h"

int main(int argc, char** argv) {
  // Writes to a closed peer must fail with EPIPE, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  // The Connector's driver is not thread-safe to create: once, before threads.
  klussen::store::InitDriver();
  klussen::store::ThreadScope main_thread;
  std::vector<std::string> args(argv + 1, argv + argc);
  return klussen::cli::Run(args);
}

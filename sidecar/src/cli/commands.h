// The klussen-sidecar command line: `klussen-sidecar [--config PATH] COMMAND`.
//
// Commands: serve, migrate, check, config-doc, config-example, version, help.
// Exit codes: 0 ok; 1 `check` found a problem; 2 usage or configuration
// error; 3 database unavailable; 4 schema or host database not as required.
#pragma once

#include <string>
#include <vector>

namespace klussen::cli {

int Run(const std::vector<std::string>& args);

}  // namespace klussen::cli

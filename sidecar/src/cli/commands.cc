#include "cli/commands.h"

#include <cstdio>

#include "auth/signed_context.h"
#include "common/config.h"
#include "common/log.h"
#include "host/host_reader.h"
#include "server/app.h"
#include "store/migrations.h"

namespace klussen::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitProblem = 1;
constexpr int kExitUsage = 2;
constexpr int kExitUnavailable = 3;
constexpr int kExitSchema = 4;

constexpr const char* kUsage =
    "usage: klussen-sidecar [--config PATH] COMMAND\n"
    "\n"
    "commands:\n"
    "  serve           check the database and serve HTTP until SIGTERM\n"
    "  migrate         apply pending migrations of the klussen_* tables\n"
    "  check           print the detected host generation, prefix, counts and any problem\n"
    "  config-doc      print docs/config.md (the reference of every config key)\n"
    "  config-example  print an example config file with every key\n"
    "  version         print the version\n"
    "\n"
    "Every config key can be set with an environment variable KLUSSEN_<KEY>.\n";

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kUnavailable:
      return kExitUnavailable;
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    default:
      return kExitSchema;
  }
}

int Fail(const Status& status) {
  std::fprintf(stderr, "klussen-sidecar: %s\n", status.message().c_str());
  return ExitCodeFor(status);
}

int Migrate(const Config& config) {
  auto connection = server::ConnectOnce(config);
  if (!connection.ok()) return Fail(connection.status());
  auto applied = store::ApplyMigrations(**connection, store::EmbeddedMigrations());
  if (!applied.ok()) return Fail(applied.status());
  auto state = store::InspectSchema(**connection, store::EmbeddedMigrations());
  if (!state.ok()) return Fail(state.status());
  std::printf("applied %zu migration(s); %s\n", applied->size(), state->Describe().c_str());
  return kExitOk;
}

// Prints one "name: detail" line per check and returns whether all passed.
int Check(const Config& config, const std::string& config_path) {
  bool problem = false;
  auto line = [](const char* name, bool ok, const std::string& detail) {
    std::printf("%-9s %s  %s\n", name, ok ? "ok     " : "PROBLEM", detail.c_str());
  };
  line("config:", true, config_path.empty() ? "(no file; defaults and environment)" : config_path);
  auto keys = auth::SigningKeysFromConfig(config);
  line("auth:", keys.ok(),
       keys.ok() ? std::to_string(keys->size()) + " signing key(s), current id " +
                       config.GetString("auth_key_id")
                 : keys.status().message());
  problem = problem || !keys.ok();
  host::HostSettings settings = server::HostSettingsFromConfig(config);
  Status prefix_ok = host::ValidatePrefix(settings.prefix);
  if (!prefix_ok.ok()) {
    line("prefix:", false, prefix_ok.message());
    return kExitProblem;
  }
  auto connection = server::ConnectOnce(config);
  if (!connection.ok()) {
    line("database:", false, connection.status().message());
    return kExitProblem;
  }
  line("database:", true, store::ConnectionSettings::FromConfig(config).Describe());

  auto schema = host::ProbeHostSchema(**connection, settings.prefix);
  if (!schema.ok()) {
    line("host:", false, schema.status().message());
    problem = true;
  } else {
    const std::string& wanted = config.GetString("host_generation");
    bool matches = wanted == "auto" || wanted == host::GenerationName(schema->generation);
    line("host:", matches,
         "generation " + schema->Describe() +
             (matches ? "" : " (config host_generation says " + wanted + ")"));
    problem = problem || !matches;
    auto reader = host::MakeHostReader(*schema, settings);
    if (!reader.ok()) {
      line("counts:", false, reader.status().message());
      problem = true;
    } else {
      auto counts = (*reader)->Counts(**connection);
      if (!counts.ok()) {
        line("counts:", false, counts.status().message());
        problem = true;
      } else {
        line("counts:", true,
             "users " + std::to_string(counts->users) + ", groups " +
                 std::to_string(counts->groups) + ", memberships " +
                 std::to_string(counts->memberships));
      }
    }
  }
  auto state = store::InspectSchema(**connection, store::EmbeddedMigrations());
  if (!state.ok()) {
    line("schema:", false, state.status().message());
    problem = true;
  } else {
    line("schema:", state->IsCurrent(), state->Describe());
    problem = problem || !state->IsCurrent();
  }
  return problem ? kExitProblem : kExitOk;
}

}  // namespace

int Run(const std::vector<std::string>& args) {
  std::string config_path;
  std::string command;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--config" || arg == "-c") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "klussen-sidecar: --config needs a path\n%s", kUsage);
        return kExitUsage;
      }
      config_path = args[++i];
    } else if (arg.rfind("--config=", 0) == 0) {
      config_path = arg.substr(9);
    } else if (arg == "--help" || arg == "-h" || arg == "help") {
      std::fputs(kUsage, stdout);
      return kExitOk;
    } else if (command.empty() && !arg.empty() && arg[0] != '-') {
      command = arg;
    } else {
      std::fprintf(stderr, "klussen-sidecar: unexpected argument '%s'\n%s", arg.c_str(), kUsage);
      return kExitUsage;
    }
  }
  if (command.empty()) {
    std::fputs(kUsage, stderr);
    return kExitUsage;
  }
  if (command == "version") {
    std::printf("klussen-sidecar %s\n", KLUSSEN_VERSION);
    return kExitOk;
  }
  if (command == "config-doc") {
    std::fputs(ConfigReferenceMarkdown().c_str(), stdout);
    return kExitOk;
  }
  if (command == "config-example") {
    std::fputs(ConfigExampleFile().c_str(), stdout);
    return kExitOk;
  }
  if (command != "serve" && command != "migrate" && command != "check") {
    std::fprintf(stderr, "klussen-sidecar: unknown command '%s'\n%s", command.c_str(), kUsage);
    return kExitUsage;
  }

  auto config = Config::Load(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "klussen-sidecar: configuration error: %s\n",
                 config.status().message().c_str());
    return kExitUsage;
  }
  log::Level level = log::Level::kInfo;
  if (log::ParseLevel(config->GetString("log_level"), &level)) log::SetLevel(level);

  if (command == "migrate") return Migrate(*config);
  if (command == "check") return Check(*config, config_path);

  auto app = server::App::Create(*config, config_path);
  if (!app.ok()) return Fail(app.status().WithContext("cannot start"));
  Status served = (*app)->Serve();
  if (!served.ok()) return Fail(served);
  return kExitOk;
}

}  // namespace klussen::cli

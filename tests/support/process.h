// Test support: runs the real klussen-sidecar binary as a child process with
// its own environment, and captures what it prints.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace klussen::testing {

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

using Environment = std::map<std::string, std::string>;

// The signing secret the process tests give the sidecar (key id "k1").
inline constexpr const char* kTestSecret = "test-secret-0123456789abcdef0123456789abcdef";

// Runs the sidecar to completion (killed after `timeout`).
ProcessResult RunSidecar(const std::vector<std::string>& args, const Environment& env,
                         std::chrono::seconds timeout = std::chrono::seconds(60));

class SidecarProcess {
 public:
  SidecarProcess(const std::vector<std::string>& args, const Environment& env);
  ~SidecarProcess();

  // Waits until stdout contains `text`; false on timeout or exit.
  bool WaitForStdout(const std::string& text, std::chrono::milliseconds timeout);
  // The TCP port from the "listening on http://127.0.0.1:PORT" line (0 if none).
  int ListeningPort();
  void Signal(int signal_number);
  // Sends `signal_number` and waits for the exit code.
  int Stop(int signal_number);
  // Sends `signal_number` and waits at most `limit` (then SIGKILL); the exit
  // code, or -1 when it had to be killed. `took`: signal to exit.
  int StopWithin(int signal_number, std::chrono::milliseconds limit,
                 std::chrono::milliseconds* took = nullptr);
  pid_t pid() const { return pid_; }
  bool running();
  std::string out() const;
  std::string err() const;

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::string out_path_;
  std::string err_path_;
};

}  // namespace klussen::testing

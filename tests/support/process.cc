#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace klussen::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string TempPath(const char* suffix) {
  static int counter = 0;
  return "/tmp/klussen-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + suffix;
}

pid_t Spawn(const std::vector<std::string>& args, const Environment& env, const std::string& out,
            const std::string& err) {
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    // Only PATH and what the test gives: no KLUSSEN_* leaks in from the runner.
    std::vector<std::string> env_text = {"PATH=/usr/bin:/bin"};
    for (const auto& [name, value] : env) env_text.push_back(name + "=" + value);
    std::vector<char*> envp;
    for (auto& item : env_text) envp.push_back(item.data());
    envp.push_back(nullptr);
    std::vector<std::string> argv_text = {KLUSSEN_SIDECAR_BINARY};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& item : argv_text) argv.push_back(item.data());
    argv.push_back(nullptr);
    execve(KLUSSEN_SIDECAR_BINARY, argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int ExitCodeOf(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ProcessResult RunSidecar(const std::vector<std::string>& args, const Environment& env,
                         std::chrono::seconds timeout) {
  std::string out = TempPath(".out");
  std::string err = TempPath(".err");
  pid_t pid = Spawn(args, env, out, err);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ProcessResult result{ExitCodeOf(status), ReadAll(out), ReadAll(err)};
  std::remove(out.c_str());
  std::remove(err.c_str());
  return result;
}

SidecarProcess::SidecarProcess(const std::vector<std::string>& args, const Environment& env)
    : out_path_(TempPath(".out")), err_path_(TempPath(".err")) {
  pid_ = Spawn(args, env, out_path_, err_path_);
}

SidecarProcess::~SidecarProcess() {
  if (running()) Stop(SIGKILL);
  std::remove(out_path_.c_str());
  std::remove(err_path_.c_str());
}

bool SidecarProcess::running() {
  if (pid_ < 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    exit_code_ = ExitCodeOf(status);
    pid_ = -1;
    return false;
  }
  return true;
}

bool SidecarProcess::WaitForStdout(const std::string& text, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (out().find(text) != std::string::npos) return true;
    if (!running()) return out().find(text) != std::string::npos;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int SidecarProcess::ListeningPort() {
  std::smatch match;
  std::string text = out();
  if (std::regex_search(text, match, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))"))) {
    return std::stoi(match[1]);
  }
  return 0;
}

void SidecarProcess::Signal(int signal_number) {
  if (pid_ > 0) kill(pid_, signal_number);
}

int SidecarProcess::Stop(int signal_number) {
  if (pid_ > 0) {
    kill(pid_, signal_number);
    int status = 0;
    waitpid(pid_, &status, 0);
    exit_code_ = ExitCodeOf(status);
    pid_ = -1;
  }
  return exit_code_;
}

int SidecarProcess::StopWithin(int signal_number, std::chrono::milliseconds limit,
                               std::chrono::milliseconds* took) {
  if (pid_ <= 0) return exit_code_;
  const auto start = std::chrono::steady_clock::now();
  kill(pid_, signal_number);
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() - start > limit) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      exit_code_ = -1;
      if (took) *took = limit;
      return exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (took) {
    *took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start);
  }
  exit_code_ = ExitCodeOf(status);
  pid_ = -1;
  return exit_code_;
}

std::string SidecarProcess::out() const { return ReadAll(out_path_); }
std::string SidecarProcess::err() const { return ReadAll(err_path_); }

}  // namespace klussen::testing

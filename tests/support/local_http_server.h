// Test support: a stock cpp-httplib server on a free loopback port, in its
// own thread, standing in for another system (an identity provider's JWKS).
#pragma once

#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

namespace klussen::testing {

class LocalHttpServer {
 public:
  LocalHttpServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalHttpServer() {
    server_.stop();
    thread_.join();
  }
  httplib::Server& server() { return server_; }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace klussen::testing

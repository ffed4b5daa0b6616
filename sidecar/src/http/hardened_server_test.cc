// Raw-socket tests of the hardened listener: each attack gets a clear answer
// and the server keeps serving.
#include "http/hardened_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/responses.h"
#include "support/raw_http.h"

namespace klussen::http {
namespace {

class RunningServer {
 public:
  explicit RunningServer(HttpLimits limits) : server_(limits) {
    server_.Get("/hello", [](const httplib::Request&, httplib::Response& res) {
      WriteJson(res, 200, {{"hello", "wereld"}});
    });
    server_.Get("/peer", [](const httplib::Request& req, httplib::Response& res) {
      WriteJson(res, 200, {{"peer", req.remote_addr}});
    });
    server_.Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      WriteJson(res, 200, {{"length", req.body.size()}});
    });
    server_.Get("/throws", [](const httplib::Request&, httplib::Response&) {
      throw std::runtime_error("secret internal detail");
    });
    server_.Get("/status", [](const httplib::Request&, httplib::Response& res) {
      WriteError(res, NotFound("no klus 42"));
    });
    auto port = server_.BindTcp("127.0.0.1", 0);
    if (!port.ok()) throw std::runtime_error(port.status().ToString());
    port_ = *port;
    thread_ = std::thread([this] { (void)server_.Run(); });
  }
  ~RunningServer() {
    server_.Stop();
    thread_.join();
  }
  int port() const { return port_; }
  const ServerCounters& counters() const { return server_.counters(); }

 private:
  HardenedServer server_;
  int port_ = 0;
  std::thread thread_;
};

using testing::StatusOf;

std::string Exchange(int port, const std::string& request) {
  return testing::RawExchange(port, request);
}

HttpLimits SmallLimits() {
  HttpLimits limits;
  limits.max_header_bytes = 4096;
  limits.max_body_bytes = 1024;
  limits.read_timeout = std::chrono::milliseconds(300);
  limits.write_timeout = std::chrono::milliseconds(1000);
  limits.keepalive_timeout = std::chrono::milliseconds(300);
  limits.worker_threads = 2;
  limits.queue_capacity = 4;
  return limits;
}

const std::string kHello = "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

void ExpectStillServing(int port) {
  std::string answer = Exchange(port, kHello);
  EXPECT_EQ(StatusOf(answer), 200) << answer;
  EXPECT_NE(answer.find("wereld"), std::string::npos);
}

TEST(HttpHardenedServerTest, AnswersWithCharsetNosniffAndRequestId) {
  RunningServer server(SmallLimits());
  std::string answer = Exchange(server.port(), kHello);
  EXPECT_EQ(StatusOf(answer), 200);
  EXPECT_NE(answer.find("Content-Type: application/json; charset=utf-8"), std::string::npos);
  EXPECT_NE(answer.find("X-Content-Type-Options: nosniff"), std::string::npos);
  EXPECT_NE(answer.find("Cache-Control: no-store"), std::string::npos);
  EXPECT_NE(answer.find("X-Request-Id: "), std::string::npos);
}

TEST(HttpHardenedServerTest, RefusesChunkedBodyBeforeReadingIt) {
  RunningServer server(SmallLimits());
  std::string answer =
      Exchange(server.port(),
               "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "5\r\nhallo\r\n0\r\n\r\n");
  EXPECT_EQ(StatusOf(answer), 411) << answer;
  EXPECT_NE(answer.find("\"length_required\""), std::string::npos);
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  ExpectStillServing(server.port());
}

TEST(HttpHardenedServerTest, RefusesCompressedBody) {
  RunningServer server(SmallLimits());
  std::string answer = Exchange(server.port(),
                                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                                "Content-Length: 4\r\n\r\nabcd");
  EXPECT_EQ(StatusOf(answer), 415) << answer;
  ExpectStillServing(server.port());
}

TEST(HttpHardenedServerTest, RefusesBodyWithoutLength) {
  RunningServer server(SmallLimits());
  std::string answer =
      Exchange(server.port(), "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nabcd");
  EXPECT_EQ(StatusOf(answer), 411) << answer;
}

TEST(HttpHardenedServerTest, RefusesOversizedContentLengthWithoutReadingBody) {
  RunningServer server(SmallLimits());
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n";
  request += std::string(200000, 'a');
  std::string answer = Exchange(server.port(), request);
  EXPECT_EQ(StatusOf(answer), 413) << answer;
  EXPECT_NE(answer.find("payload_too_large"), std::string::npos);
  ExpectStillServing(server.port());
}

TEST(HttpHardenedServerTest, RefusesMalformedOrDuplicateContentLength) {
  RunningServer server(SmallLimits());
  EXPECT_EQ(StatusOf(Exchange(server.port(),
                              "POST /echo HTTP/1.1\r\nHost: x\r\n"
                              "Content-Length: -1\r\n\r\n")),
            400);
  EXPECT_EQ(StatusOf(Exchange(server.port(),
                              "POST /echo HTTP/1.1\r\nHost: x\r\n"
                              "Content-Length: 2\r\nContent-Length: 3\r\n\r\nab")),
            400);
}

TEST(HttpHardenedServerTest, AcceptsBodyWithinLimit) {
  RunningServer server(SmallLimits());
  std::string answer = Exchange(server.port(),
                                "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                "Content-Length: 5\r\n\r\nhallo");
  EXPECT_EQ(StatusOf(answer), 200) << answer;
  EXPECT_NE(answer.find("\"length\":5"), std::string::npos);
}

TEST(HttpHardenedServerTest, TenMegabyteHeaderGets431AndServerStaysUp) {
  RunningServer server(SmallLimits());
  std::string request = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: ";
  request += std::string(10 * 1024 * 1024, 'a');
  request += "\r\n\r\n";
  std::string answer = Exchange(server.port(), request);
  EXPECT_EQ(StatusOf(answer), 431) << answer.substr(0, 300);
  EXPECT_NE(answer.find("header_too_large"), std::string::npos);
  ExpectStillServing(server.port());
}

TEST(HttpHardenedServerTest, HugeRequestLineGetsAnAnswer) {
  RunningServer server(SmallLimits());
  std::string request = "GET /" + std::string(1024 * 1024, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n";
  int status = StatusOf(Exchange(server.port(), request));
  EXPECT_TRUE(status == 431 || status == 414) << status;
  ExpectStillServing(server.port());
}

TEST(HttpHardenedServerTest, TooManyHeadersGet431) {
  RunningServer server(SmallLimits());
  std::string request = "GET /hello HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 150; ++i) request += "X-" + std::to_string(i) + ": 1\r\n";
  request += "\r\n";
  EXPECT_EQ(StatusOf(Exchange(server.port(), request)), 431);
}

TEST(HttpHardenedServerTest, PercentEncodedLineBreakInHeaderIsRefused) {
  RunningServer server(SmallLimits());
  std::string answer = Exchange(
      server.port(), "GET /hello HTTP/1.1\r\nHost: x\r\nX-Evil: a%0D%0ASet-Cookie: b\r\n\r\n");
  EXPECT_EQ(StatusOf(answer), 400) << answer;
  EXPECT_EQ(answer.find("Set-Cookie"), std::string::npos);
}

TEST(HttpHardenedServerTest, HandlerExceptionGivesGeneric500) {
  RunningServer server(SmallLimits());
  std::string answer =
      Exchange(server.port(), "GET /throws HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusOf(answer), 500);
  EXPECT_EQ(answer.find("secret internal detail"), std::string::npos);
  EXPECT_EQ(answer.find("EXCEPTION_WHAT"), std::string::npos);
  EXPECT_NE(answer.find("\"internal\""), std::string::npos);
  EXPECT_EQ(server.counters().handler_exceptions.load(), 1);
  ExpectStillServing(server.port());
}

TEST(HttpHardenedServerTest, StatusMapsToHttpInOnePlace) {
  RunningServer server(SmallLimits());
  std::string answer =
      Exchange(server.port(), "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusOf(answer), 404);
  EXPECT_NE(answer.find("\"not_found\""), std::string::npos);
  EXPECT_NE(answer.find("no klus 42"), std::string::npos);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
}

TEST(HttpHardenedServerTest, UnknownRouteIsJson404) {
  RunningServer server(SmallLimits());
  std::string answer =
      Exchange(server.port(), "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusOf(answer), 404);
  EXPECT_NE(answer.find("application/json; charset=utf-8"), std::string::npos);
}

TEST(HttpHardenedServerTest, PeerAddressIsNotTakenFromHeaders) {
  RunningServer server(SmallLimits());
  std::string answer = Exchange(server.port(),
                                "GET /peer HTTP/1.1\r\nHost: x\r\n"
                                "REMOTE_ADDR: 6.6.6.6\r\nConnection: close\r\n\r\n");
  EXPECT_NE(answer.find("\"peer\":\"127.0.0.1\""), std::string::npos) << answer;
}

TEST(HttpHardenedServerTest, StalledClientIsCutOffWhileOthersAreServed) {
  RunningServer server(SmallLimits());
  int stalled = testing::ConnectLoopback(server.port());
  std::string partial = "GET /hello HTTP/1.1\r\nHost: x\r\n";
  ASSERT_GT(::send(stalled, partial.data(), partial.size(), MSG_NOSIGNAL), 0);
  ExpectStillServing(server.port());
  // The read timeout (300 ms) answers 408 and closes the stalled connection.
  std::string answer;
  char buffer[4096];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() < deadline) {
    pollfd entry{stalled, POLLIN, 0};
    if (::poll(&entry, 1, 100) <= 0) continue;
    ssize_t n = ::recv(stalled, buffer, sizeof(buffer), 0);
    if (n <= 0)
      closed = true;
    else
      answer.append(buffer, static_cast<size_t>(n));
  }
  ::close(stalled);
  EXPECT_TRUE(closed);
  EXPECT_EQ(StatusOf(answer), 408) << answer;
}

// Reads until the peer closes or `limit` passes.
std::string ReadUntilClosed(int fd, std::chrono::milliseconds limit, bool* closed) {
  std::string answer;
  char buffer[4096];
  auto deadline = std::chrono::steady_clock::now() + limit;
  *closed = false;
  while (!*closed && std::chrono::steady_clock::now() < deadline) {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
    if (n <= 0)
      *closed = true;
    else
      answer.append(buffer, static_cast<size_t>(n));
  }
  return answer;
}

TEST(HttpHardenedServerTest, IdleAndTricklingConnectionsDoNotHoldTheWorkers) {
  HttpLimits limits = SmallLimits();
  limits.read_timeout = std::chrono::milliseconds(5000);
  limits.keepalive_timeout = std::chrono::milliseconds(5000);
  RunningServer server(limits);  // 2 workers
  std::vector<int> idle;
  for (int i = 0; i < 40; ++i) idle.push_back(testing::ConnectLoopback(server.port()));
  for (int i = 0; i < 10; ++i) {
    int trickling = testing::ConnectLoopback(server.port());
    ::send(trickling, "GET /hel", 8, MSG_NOSIGNAL);
    idle.push_back(trickling);
  }
  auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(StatusOf(Exchange(server.port(), kHello)), 200);
  auto elapsed = std::chrono::steady_clock::now() - started;
  // Without the front, each request would wait for a read timeout (5 s).
  EXPECT_LT(elapsed, std::chrono::milliseconds(2500));
  for (int fd : idle) ::close(fd);
}

TEST(HttpHardenedServerTest, ConnectionThatSendsNothingIsClosedSilently) {
  RunningServer server(SmallLimits());  // read timeout 300 ms
  int fd = testing::ConnectLoopback(server.port());
  bool closed = false;
  std::string answer = ReadUntilClosed(fd, std::chrono::seconds(3), &closed);
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(answer.empty()) << answer;
}

TEST(HttpHardenedServerTest, TricklingHeadGets408AtTheHeadDeadline) {
  RunningServer server(SmallLimits());  // the whole head within 300 ms
  int fd = testing::ConnectLoopback(server.port());
  auto started = std::chrono::steady_clock::now();
  bool closed = false;
  std::string answer;
  const std::string head = "GET /hello HTTP/1.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  for (char c : head) {
    if (::send(fd, &c, 1, MSG_NOSIGNAL) <= 0) break;
    answer += ReadUntilClosed(fd, std::chrono::milliseconds(50), &closed);
    if (closed) break;
  }
  if (!closed) answer += ReadUntilClosed(fd, std::chrono::seconds(2), &closed);
  ::close(fd);
  EXPECT_TRUE(closed);
  EXPECT_EQ(StatusOf(answer), 408) << answer;
  EXPECT_NE(answer.find("X-Request-Id: "), std::string::npos) << answer;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(HttpHardenedServerTest, LongHeaderLineGets431WithRequestId) {
  HttpLimits roomy = SmallLimits();
  roomy.max_header_bytes = 16384;
  RunningServer roomy_server(roomy);
  // 9 KB in one line: within the head limit, over cpp-httplib's per-line one.
  std::string answer = Exchange(roomy_server.port(), "GET /hello HTTP/1.1\r\nX-Big: " +
                                                         std::string(9000, 'a') + "\r\n\r\n");
  EXPECT_EQ(StatusOf(answer), 431) << answer.substr(0, 300);
  EXPECT_NE(answer.find("X-Request-Id: "), std::string::npos);
  EXPECT_NE(answer.find("header_too_large"), std::string::npos);
  ExpectStillServing(roomy_server.port());
}

TEST(HttpHardenedServerTest, BodyOverTheMemoryBudgetGets503WithRetryAfter) {
  HttpLimits limits = SmallLimits();
  limits.max_body_bytes = 1024;
  limits.body_memory_budget_bytes = 64 * 1024;  // JSON charge: 16 x 1024 per full body
  RunningServer server(limits);
  // Hold most of the budget with bodies that have not finished arriving.
  std::vector<int> holders;
  const std::string partial = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nab";
  for (int i = 0; i < 4; ++i) {
    int fd = testing::ConnectLoopback(server.port());
    ::send(fd, partial.data(), partial.size(), MSG_NOSIGNAL);
    holders.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  std::string answer = Exchange(server.port(),
                                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
                                "Connection: close\r\n\r\n" + std::string(1000, 'x'));
  EXPECT_EQ(StatusOf(answer), 503) << answer;
  EXPECT_NE(answer.find("Retry-After: "), std::string::npos);
  for (int fd : holders) ::close(fd);
  // Closed holders give their charge back.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  answer = Exchange(server.port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                   "Connection: close\r\n\r\nhello");
  EXPECT_EQ(StatusOf(answer), 200) << answer;
}

TEST(HttpHardenedServerTest, ExpectContinueIsAnsweredOnce) {
  RunningServer server(SmallLimits());
  int fd = testing::ConnectLoopback(server.port());
  const std::string head =
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
      "Connection: close\r\n\r\n";
  ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
  bool closed = false;
  std::string interim = ReadUntilClosed(fd, std::chrono::milliseconds(200), &closed);
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  ::send(fd, "hello", 5, MSG_NOSIGNAL);
  std::string answer = ReadUntilClosed(fd, std::chrono::seconds(2), &closed);
  ::close(fd);
  EXPECT_EQ(StatusOf(answer), 200) << answer;
  EXPECT_EQ(answer.find("100 Continue"), std::string::npos) << answer;
  EXPECT_NE(answer.find("\"length\":5"), std::string::npos) << answer;
}

TEST(HttpHardenedServerTest, AtTheConnectionLimitTheLongestIdleMakesRoom) {
  HttpLimits limits = SmallLimits();
  limits.read_timeout = std::chrono::milliseconds(5000);
  limits.max_connections = 16;
  RunningServer server(limits);
  std::vector<int> idle;
  for (int i = 0; i < 16; ++i) idle.push_back(testing::ConnectLoopback(server.port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(StatusOf(Exchange(server.port(), kHello)), 200);
  // The first idle connection was closed to make room.
  bool closed = false;
  ReadUntilClosed(idle.front(), std::chrono::seconds(1), &closed);
  EXPECT_TRUE(closed);
  for (int fd : idle) ::close(fd);
}

TEST(HttpHardenedServerTest, StopAnswersRequestsInFlightAndClosesIdleConnections) {
  HttpLimits limits = SmallLimits();
  limits.keepalive_timeout = std::chrono::milliseconds(30000);
  auto server = std::make_unique<HardenedServer>(limits);
  server->Get("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    WriteJson(res, 200, {{"slow", true}});
  });
  auto port = server->BindTcp("127.0.0.1", 0);
  ASSERT_TRUE(port.ok());
  std::thread runner([&] { (void)server->Run(); });
  int idle = testing::ConnectLoopback(*port);
  std::string answer;
  std::thread client([&] {
    answer = Exchange(*port, "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto started = std::chrono::steady_clock::now();
  server->Stop();
  runner.join();
  client.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
  EXPECT_EQ(StatusOf(answer), 200) << answer;
  bool closed = false;
  ReadUntilClosed(idle, std::chrono::seconds(1), &closed);
  EXPECT_TRUE(closed);
  ::close(idle);
}

TEST(HttpHardenedServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  RunningServer server(SmallLimits());
  std::string two =
      "GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n";
  std::string answer = Exchange(server.port(), two);
  size_t first = answer.find("HTTP/1.1 200");
  ASSERT_NE(first, std::string::npos);
  EXPECT_NE(answer.find("HTTP/1.1 200", first + 1), std::string::npos) << answer;
}

TEST(HttpHardenedServerTest, ManyConcurrentClientsAllGetAnswers) {
  RunningServer server(SmallLimits());
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 24; ++i) {
    clients.emplace_back([&] {
      if (StatusOf(Exchange(server.port(), kHello)) == 200) ++ok;
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(ok.load(), 24);
}

}  // namespace
}  // namespace klussen::http

namespace klussen::http {
namespace {

TEST(HttpHardenedServerTest, ServesOnAUnixSocketOnlyToItsGroup) {
  std::string path = "/tmp/klussen-http-test-" + std::to_string(getpid()) + ".sock";
  HardenedServer server(SmallLimits());
  server.Get("/hello", [](const httplib::Request& req, httplib::Response& res) {
    WriteJson(res, 200, {{"peer", req.remote_addr}});
  });
  ASSERT_TRUE(server.BindUnix(path).ok());
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0660u);
  std::thread serving([&] { (void)server.Run(); });

  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::snprintf(address.sun_path, sizeof(address.sun_path), "%s", path.c_str());
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  std::string request = "GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string answer;
  char buffer[4096];
  ssize_t n;
  while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) answer.append(buffer, n);
  ::close(fd);
  server.Stop();
  serving.join();
  EXPECT_EQ(StatusOf(answer), 200) << answer;
  EXPECT_NE(answer.find("\"peer\":\"unix\""), std::string::npos) << answer;
}

TEST(HttpHardenedServerTest, RefusesToReplaceAFileThatIsNotASocket) {
  std::string path = "/tmp/klussen-http-test-" + std::to_string(getpid()) + ".txt";
  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    std::fclose(file);
  }
  HardenedServer server(SmallLimits());
  Status bound = server.BindUnix(path);
  EXPECT_FALSE(bound.ok());
  EXPECT_NE(bound.message().find("not a socket"), std::string::npos);
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0);  // still there
  std::remove(path.c_str());
}

}  // namespace
}  // namespace klussen::http

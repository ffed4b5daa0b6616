#include "http/hardened_server.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>

#include "common/log.h"
#include "common/memory_budget.h"
#include "http/guarded_stream.h"
#include "http/responses.h"
#include "store/database.h"

namespace klussen::http {
namespace {

// Per-request facts the stream and the handlers share. A request is served
// on one worker thread from start to end, so thread_local is exact.
struct ConnectionFacts {
  GuardedStream* stream = nullptr;
  bool close_after_response = false;
  std::chrono::steady_clock::time_point started;
};
thread_local ConnectionFacts t_connection;

bool IsBodyMethod(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

bool AllDigits(const std::string& text) {
  if (text.empty() || text.size() > 18) return false;
  for (char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

void WriteRawHeaderTooLarge(GuardedStream& stream) {
  const std::string answer =
      RawErrorAnswer(431, "Request Header Fields Too Large", "header_too_large",
                     "request line and headers are larger than the sidecar accepts");
  size_t sent = 0;
  while (sent < answer.size()) {
    ssize_t n = stream.write(answer.data() + sent, answer.size() - sent);
    if (n <= 0) return;
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

HardenedServer::HardenedServer(HttpLimits limits) : limits_(limits) {
  set_payload_max_length(std::max(limits_.max_body_bytes, limits_.max_upload_bytes));
  // Small answers on kept-alive connections must not wait for delayed ACKs
  // (Nagle): without this every request takes ~40 ms.
  set_tcp_nodelay(true);
  set_read_timeout(std::chrono::milliseconds(limits_.read_timeout));
  set_write_timeout(std::chrono::milliseconds(limits_.write_timeout));
  set_keep_alive_max_count(limits_.keepalive_max_requests);
  set_keep_alive_timeout(std::max<time_t>(1, limits_.keepalive_timeout.count() / 1000));
  set_default_headers({{"X-Content-Type-Options", "nosniff"},
                       {"Cache-Control", "no-store"},
                       {"Referrer-Policy", "no-referrer"}});

  set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return CheckBeforeRouting(req, res);
  });

  set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
        ++counters_.handler_exceptions;
        std::string what = "unknown exception";
        try {
          if (error) std::rethrow_exception(error);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        log::Error("handler threw",
                   {{"request_id", RequestId(res)}, {"path", req.path}, {"detail", what}});
        res.headers.erase("EXCEPTION_WHAT");
        WriteError(res, Internal(what));
      });

  // Answers for errors httplib finds itself (bad request line, unknown route,
  // budget overflow) get the same JSON shape as ours.
  set_error_handler(HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
    res.headers.erase("EXCEPTION_WHAT");
    GuardedStream* stream = t_connection.stream;
    if (stream != nullptr && stream->overflow() != GuardedStream::Overflow::kNone) {
      t_connection.close_after_response = true;
      if (stream->overflow() == GuardedStream::Overflow::kHeader) {
        WriteHttpError(res, 431, "header_too_large",
                       "request line and headers are larger than the sidecar accepts");
      } else {
        WriteHttpError(res, 413, "payload_too_large", "request body is larger than accepted");
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    if (stream != nullptr && stream->timed_out()) {
      t_connection.close_after_response = true;
      WriteHttpError(res, 408, "request_timeout", "the request was not completed in time");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    switch (res.status) {
      case 404:
        WriteHttpError(res, 404, "not_found", "no such resource");
        break;
      case 405:
        WriteHttpError(res, 405, "method_not_allowed", "method not allowed");
        break;
      case 413:
        WriteHttpError(res, 413, "payload_too_large", "request body is too large");
        break;
      case 414:
        WriteHttpError(res, 414, "uri_too_long", "request URI is too long");
        break;
      case 500:
        WriteHttpError(res, 500, "internal", "internal error");
        break;
      default:
        t_connection.close_after_response = true;
        WriteHttpError(res, res.status, "bad_request", "malformed HTTP request");
    }
    return httplib::Server::HandlerResponse::Handled;
  }));

  set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    ++counters_.requests;
    if (res.status >= 500)
      ++counters_.responses_5xx;
    else if (res.status >= 400)
      ++counters_.responses_4xx;
    else
      ++counters_.responses_2xx;
    log::Level level = res.status >= 500 ? log::Level::kWarn : log::Level::kDebug;
    if (level < log::GetLevel()) return;  // skip formatting lines nobody reads
    auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now() - t_connection.started);
    log::Write(level, "request",
               {{"request_id", RequestId(res)},
                {"method", req.method},
                {"path", req.path.substr(0, 200)},
                {"status", std::to_string(res.status)},
                {"us", std::to_string(elapsed.count())},
                {"peer", req.remote_addr}});
  });
}

HardenedServer::~HardenedServer() {
  if (!unix_path_.empty()) ::unlink(unix_path_.c_str());
}

httplib::Server::HandlerResponse HardenedServer::CheckBeforeRouting(const httplib::Request& req,
                                                                    httplib::Response& res) {
  res.set_header("X-Request-Id", NewRequestId());
  auto reject = [&](int status, std::string_view code, std::string_view message) {
    ++counters_.rejected_before_routing;
    // The body (if any) was not read: the connection cannot be reused.
    t_connection.close_after_response = true;
    res.set_header("Connection", "close");
    WriteHttpError(res, status, code, message);
    return HandlerResponse::Handled;
  };
  if (req.headers.size() > limits_.max_header_count) {
    return reject(431, "too_many_headers", "too many request headers");
  }
  for (const auto& [name, value] : req.headers) {
    // httplib percent-decodes header values (CVE-2026-45372): refuse what
    // decoded into line breaks or NUL.
    if (value.find_first_of(std::string("\r\n\0", 3)) != std::string::npos) {
      return reject(400, "bad_header", "a header value contains a control character");
    }
  }
  if (req.has_header("Transfer-Encoding")) {
    return reject(411, "length_required",
                  "Transfer-Encoding is not accepted; send the body with Content-Length");
  }
  if (req.has_header("Content-Encoding")) {
    return reject(415, "unsupported_encoding", "compressed request bodies are not accepted");
  }
  size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1) return reject(400, "bad_content_length", "more than one Content-Length");
  if (lengths == 1) {
    const std::string& length = req.get_header_value("Content-Length");
    if (!AllDigits(length)) return reject(400, "bad_content_length", "invalid Content-Length");
    const size_t limit = limits_.BodyLimitFor(req.path);
    if (length.size() > 18 || std::stoull(length) > limit) {
      return reject(413, "payload_too_large",
                    "request body is larger than " + std::to_string(limit) + " bytes");
    }
    if (t_connection.stream != nullptr) t_connection.stream->set_body_limit(limit);
  } else if (IsBodyMethod(req.method)) {
    return reject(411, "length_required", "a request body needs a Content-Length header");
  }
  return HandlerResponse::Unhandled;
}

void HardenedServer::Serve(FrontRequest request) {
  GuardedStream stream(request.fd, limits_, std::move(request.bytes), /*read_socket=*/false);
  if (request.continue_sent) stream.set_continue_already_sent();
  t_connection = ConnectionFacts{&stream, false, std::chrono::steady_clock::now()};
  stream.BeginRequest();
  bool connection_closed = false;
  const bool last = request.served_before + 1 >= limits_.keepalive_max_requests;
  bool written = process_request(stream, last, connection_closed, [](httplib::Request&) {});
  if (!written && stream.bytes_written() == 0 &&
      stream.overflow() == GuardedStream::Overflow::kHeader) {
    // httplib gives up silently when the request line itself overflows;
    // the client still deserves an answer.
    WriteRawHeaderTooLarge(stream);
    written = false;
  }
  const bool keep = written && !connection_closed && !t_connection.close_after_response && !last;
  t_connection = ConnectionFacts{};
  request.lease.Release();  // the request and its body are gone
  if (keep) {
    front_->KeepAlive(std::move(request.connection), request.fd, stream.TakeLeftover());
  } else {
    front_->Close(std::move(request.connection), request.fd);
  }
}

Result<int> HardenedServer::BindTcp(const std::string& address, int port) {
  set_address_family(AF_UNSPEC);
  if (port == 0) {
    int bound = bind_to_any_port(address);
    if (bound <= 0) return Unavailable("cannot listen on " + address + " (any port)");
    return bound;
  }
  if (!bind_to_port(address, port)) {
    return Unavailable("cannot listen on " + address + ":" + std::to_string(port) +
                       " (in use, or not a local address?)");
  }
  return port;
}

Status HardenedServer::BindUnix(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) == 0) {
    if (!S_ISSOCK(info.st_mode)) {
      return FailedPrecondition("listen_socket " + path + " exists and is not a socket");
    }
    ::unlink(path.c_str());
  }
  set_address_family(AF_UNIX);
  if (!bind_to_port(path, 80)) return Unavailable("cannot listen on UNIX socket " + path);
  ::chmod(path.c_str(), 0660);  // the web server's group may connect; others may not
  unix_path_ = path;
  return Status::Ok();
}

Status HardenedServer::Run() {
  int listen_fd = svr_sock_.exchange(INVALID_SOCKET);
  if (listen_fd == INVALID_SOCKET) return FailedPrecondition("the HTTP listener is not bound");
  // Idle connections cost a descriptor each; keep 256 for the database pool,
  // logs and imports.
  const size_t descriptors = RaiseDescriptorLimit();
  const size_t max_connections =
      std::min(limits_.max_connections, descriptors > 512 ? descriptors - 256 : descriptors / 2);
  const size_t small_charge = limits_.max_body_bytes * ConnectionFront::kJsonExpansion;
  MemoryBudget::Configure(limits_.body_memory_budget_bytes, limits_.body_memory_budget_bytes / 5,
                          small_charge);
  BoundedTaskQueue workers(limits_.worker_threads, limits_.queue_capacity, store::ThreadInit,
                           store::ThreadEnd);
  {
    std::lock_guard<std::mutex> lock(front_mutex_);
    if (stop_requested_) {
      ::close(listen_fd);
      workers.shutdown();
      return Status::Ok();
    }
    front_ = std::make_unique<ConnectionFront>(
        listen_fd, limits_, max_connections, workers, MemoryBudget::Process(),
        [this](FrontRequest request) { Serve(std::move(request)); });
  }
  log::Info("HTTP listener serving", {{"max_connections", std::to_string(max_connections)},
                                      {"workers", std::to_string(limits_.worker_threads)}});
  front_->Run();
  // Every connection is closed, so no worker holds one any more.
  workers.shutdown();
  std::lock_guard<std::mutex> lock(front_mutex_);
  front_.reset();
  return Status::Ok();
}

void HardenedServer::Stop() {
  std::lock_guard<std::mutex> lock(front_mutex_);
  stop_requested_ = true;
  if (front_) front_->Stop();
}

const FrontCounters* HardenedServer::front_counters() const {
  std::lock_guard<std::mutex> lock(front_mutex_);
  return front_ ? &front_->counters() : nullptr;
}

}  // namespace klussen::http

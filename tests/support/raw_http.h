// Test support: HTTP over a raw TCP socket, for requests no well-behaved
// client would send (chunked bodies, 10 MB headers, stalled requests).
#pragma once

#include <chrono>
#include <string>

namespace klussen::testing {

// Connects to 127.0.0.1:port; -1 when it cannot (refused, not listening).
int TryConnectLoopback(int port);
// Connects to 127.0.0.1:port; throws when it cannot.
int ConnectLoopback(int port);

// Sends as much of `request` as the server takes (it may stop reading), then
// reads the answer until the server closes or `wait` passes.
std::string RawExchange(int port, const std::string& request,
                        std::chrono::milliseconds wait = std::chrono::milliseconds(3000));

// The status code of a raw answer ("HTTP/1.1 431 ..." -> 431), 0 if none.
int StatusOf(const std::string& answer);

}  // namespace klussen::testing

<?php
/**
 * A TCP server for the retry tests: it answers connection number N (1-based) by resetting it
 * (SO_LINGER 0, so the client sees ECONNRESET) when N <= RESETS, else with a small HTTP answer.
 * Prints its port on the first line of stdout, and "connections=<n>" to the file in argv[2] after
 * each connection.
 *   php reset-server.php RESETS COUNT_FILE
 */

$resets = (int) ($argv[1] ?? 1);
$countFile = $argv[2] ?? '/dev/null';
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
if ($server === false) {
    fwrite(STDERR, "cannot listen: $errstr\n");
    exit(1);
}
$name = stream_socket_get_name($server, false);
echo substr($name, strrpos($name, ':') + 1), "\n";
fflush(STDOUT);

$n = 0;
while (true) {
    $conn = @stream_socket_accept($server, 60);
    if ($conn === false) {
        exit(0);
    }
    ++$n;
    file_put_contents($countFile, (string) $n);
    // Read the request head (and wait for the body to arrive) before deciding.
    stream_set_timeout($conn, 2);
    $request = '';
    while (strpos($request, "\r\n\r\n") === false && !feof($conn)) {
        $chunk = fread($conn, 8192);
        if ($chunk === false || $chunk === '') {
            break;
        }
        $request .= $chunk;
    }
    if ($n <= $resets) {
        $socket = socket_import_stream($conn);
        socket_set_option($socket, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
        socket_close($socket);
        continue;
    }
    $body = '{"connection":' . $n . '}';
    fwrite($conn, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " . strlen($body)
        . "\r\nConnection: close\r\n\r\n" . $body);
    fclose($conn);
}

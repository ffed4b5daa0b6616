<?php

namespace Klussen\Tests;

use RuntimeException;

/**
 * Real servers for the client tests: the stub sidecar under PHP's built-in server, the reset
 * server, and a port nobody listens on. Each is a child process stopped at the end of the test class.
 */
final class Servers
{
    public const SECRET = 'stub-secret-0123456789abcdef-0123456789';

    /** @var array<int, resource> */
    private static $processes = [];

    public static function freePort(): int
    {
        $server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
        if ($server === false) {
            throw new RuntimeException('no free port: ' . $errstr);
        }
        $name = (string) stream_socket_get_name($server, false);
        fclose($server);
        return (int) substr($name, strrpos($name, ':') + 1);
    }

    /**
     * Starts the stub sidecar; returns [base URL, log file].
     *
     * @return array{0: string, 1: string}
     */
    public static function startStub(): array
    {
        $port = self::freePort();
        $log = tempnam(sys_get_temp_dir(), 'klussen-stub');
        // One process (no PHP_CLI_SERVER_WORKERS: workers would outlive proc_terminate). A test
        // that leaves the stub busy with a slow answer starts a stub of its own.
        $env = ['STUB_SECRET' => self::SECRET, 'STUB_LOG' => $log, 'PATH' => getenv('PATH')];
        $process = proc_open(
            [PHP_BINARY, '-S', '127.0.0.1:' . $port, __DIR__ . '/servers/stub-sidecar.php'],
            [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes,
            null,
            $env
        );
        if (!is_resource($process)) {
            throw new RuntimeException('cannot start the stub sidecar');
        }
        self::$processes[] = $process;
        $deadline = microtime(true) + 5;
        while (microtime(true) < $deadline) {
            $socket = @stream_socket_client('tcp://127.0.0.1:' . $port, $errno, $errstr, 0.2);
            if ($socket !== false) {
                fclose($socket);
                return ['http://127.0.0.1:' . $port, $log];
            }
            usleep(50000);
        }
        throw new RuntimeException('the stub sidecar did not start');
    }

    /**
     * Starts the reset server; returns [base URL, count file].
     *
     * @return array{0: string, 1: string}
     */
    public static function startResetServer(int $resets): array
    {
        $count = tempnam(sys_get_temp_dir(), 'klussen-reset');
        $process = proc_open(
            [PHP_BINARY, __DIR__ . '/servers/reset-server.php', (string) $resets, $count],
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']],
            $pipes
        );
        if (!is_resource($process)) {
            throw new RuntimeException('cannot start the reset server');
        }
        self::$processes[] = $process;
        $port = (int) trim((string) fgets($pipes[1]));
        if ($port <= 0) {
            throw new RuntimeException('the reset server did not say its port');
        }
        return ['http://127.0.0.1:' . $port, $count];
    }

    public static function stopAll(): void
    {
        foreach (self::$processes as $process) {
            proc_terminate($process);
            proc_close($process);
        }
        self::$processes = [];
    }

    /** The last request the stub saw. */
    public static function lastRequest(string $log): array
    {
        $decoded = json_decode((string) file_get_contents($log), true);
        return is_array($decoded) ? $decoded : [];
    }
}

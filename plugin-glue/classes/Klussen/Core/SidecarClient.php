<?php

namespace Klussen\Core;

use InvalidArgumentException;

/**
 * The glue's HTTP client for the sidecar: signs every call with the viewer context
 * (docs/protocol.md), keeps to the configured timeouts, and retries a read (GET/HEAD) once when
 * the connection is reset before an answer arrived. Writes are never retried: the sidecar may
 * have done them.
 *
 * Plain PHP streams (no curl extension needed), HTTP/1.1 with "Connection: close". Any transport
 * failure becomes a SidecarUnavailable exception; HTTP errors (4xx/5xx) are answers, not
 * exceptions, except 503 (the sidecar's database is down), which is unavailability too.
 */
final class SidecarClient
{
    private const MAX_RESPONSE_BYTES = 8388608;

    /** @var Config */
    private $config;
    /** @var RequestSigner|null */
    private $signer = null;
    /** @var int attempts made by the last call (for tests and logs) */
    private $lastAttempts = 0;

    public function __construct(Config $config)
    {
        $this->config = $config;
    }

    public function config(): Config
    {
        return $this->config;
    }

    public function lastAttempts(): int
    {
        return $this->lastAttempts;
    }

    /**
     * A signed call.
     *
     * @param string $pathWithQuery e.g. "/api/v1/klussen/12?x=1" (already percent-encoded)
     * @param array<string, string> $headers extra headers, e.g. Idempotency-Key or a Content-Type
     *        other than application/json
     * @throws SidecarUnavailable
     */
    public function request(
        string $method,
        string $pathWithQuery,
        Viewer $viewer,
        string $body = '',
        array $headers = []
    ): SidecarResponse {
        if ($this->config->problems()) {
            throw new SidecarUnavailable(SidecarUnavailable::CONFIG, implode('; ', $this->config->problems()));
        }
        if ($this->signer === null) {
            try {
                $this->signer = $this->config->signer();
            } catch (InvalidArgumentException $e) {
                throw new SidecarUnavailable(SidecarUnavailable::CONFIG, $e->getMessage());
            }
        }
        $method = strtoupper($method);
        $idempotent = $method === 'GET' || $method === 'HEAD';
        $this->lastAttempts = 0;
        for ($attempt = 1;; ++$attempt) {
            // Every attempt is signed anew: the sidecar accepts each nonce once.
            $signed = $this->signer->signHeaders(
                $method,
                $pathWithQuery,
                $body,
                $viewer->guid(),
                $viewer->language(),
                $this->config->siteGuid()
            );
            try {
                $this->lastAttempts = $attempt;
                $response = $this->send($method, $pathWithQuery, $body, $signed + $headers);
            } catch (SidecarUnavailable $e) {
                if ($idempotent && $attempt === 1 && $e->reason() === SidecarUnavailable::RESET) {
                    continue;
                }
                throw $e;
            }
            if ($response->status() === 503) {
                throw new SidecarUnavailable(SidecarUnavailable::SERVICE, 'the sidecar answered 503');
            }
            return $response;
        }
    }

    /**
     * An unsigned GET (for /readyz and /healthz, which need no viewer).
     *
     * @throws SidecarUnavailable
     */
    public function getUnsigned(string $path): SidecarResponse
    {
        if (preg_match('~\A(?:https?://[^/\s?#]+|unix://(/[^\s?#]+))\z~', $this->config->sidecarUrl()) !== 1) {
            throw new SidecarUnavailable(SidecarUnavailable::CONFIG, 'the sidecar URL is not usable');
        }
        $this->lastAttempts = 1;
        return $this->send('GET', $path, '', []);
    }

    /**
     * @param array<string, string> $headers
     * @throws SidecarUnavailable
     */
    private function send(string $method, string $target, string $body, array $headers): SidecarResponse
    {
        $url = $this->config->sidecarUrl();
        $hostHeader = 'localhost';
        if (strpos($url, 'unix://') === 0) {
            $remote = $url;
        } else {
            $parts = parse_url($url);
            $scheme = isset($parts['scheme']) ? $parts['scheme'] : 'http';
            $host = isset($parts['host']) ? $parts['host'] : '127.0.0.1';
            $port = isset($parts['port']) ? (int) $parts['port'] : ($scheme === 'https' ? 443 : 80);
            $remote = ($scheme === 'https' ? 'ssl://' : 'tcp://') . $host . ':' . $port;
            $hostHeader = $host . (isset($parts['port']) ? ':' . $parts['port'] : '');
        }

        $deadline = microtime(true) + $this->config->timeoutMs() / 1000.0;
        $errno = 0;
        $errstr = '';
        $stream = @stream_socket_client(
            $remote,
            $errno,
            $errstr,
            $this->config->connectTimeoutMs() / 1000.0,
            STREAM_CLIENT_CONNECT
        );
        if ($stream === false) {
            $reason = SidecarUnavailable::REFUSED;
            if ($errno === 110 || stripos($errstr, 'timed out') !== false) {
                $reason = SidecarUnavailable::TIMEOUT;
            } elseif ($errno === 104) {
                $reason = SidecarUnavailable::RESET;
            }
            throw new SidecarUnavailable($reason, 'cannot connect to the sidecar: ' . $errstr);
        }

        try {
            $lines = [$method . ' ' . $target . ' HTTP/1.1', 'Host: ' . $hostHeader, 'Connection: close',
                'Accept: application/json, text/html'];
            if ($body !== '' || in_array($method, ['POST', 'PUT', 'PATCH'], true)) {
                // JSON unless the caller says otherwise (a file upload: application/zip, ...).
                $typed = false;
                foreach (array_keys($headers) as $name) {
                    $typed = $typed || strtolower((string) $name) === 'content-type';
                }
                if (!$typed) {
                    $lines[] = 'Content-Type: application/json';
                }
                $lines[] = 'Content-Length: ' . strlen($body);
            }
            foreach ($headers as $name => $value) {
                if (preg_match('/[\r\n]/', $name . $value) === 1) {
                    throw new InvalidArgumentException('header with a line break');
                }
                $lines[] = $name . ': ' . $value;
            }
            $this->write($stream, implode("\r\n", $lines) . "\r\n\r\n" . $body, $deadline);
            $raw = $this->readAll($stream, $deadline);
        } finally {
            fclose($stream);
        }
        return self::parse($raw);
    }

    /**
     * @param resource $stream
     */
    private function write($stream, string $data, float $deadline): void
    {
        $written = 0;
        $length = strlen($data);
        while ($written < $length) {
            $this->applyTimeout($stream, $deadline);
            $n = @fwrite($stream, substr($data, $written));
            if ($n === false || $n === 0) {
                if (stream_get_meta_data($stream)['timed_out']) {
                    throw new SidecarUnavailable(SidecarUnavailable::TIMEOUT, 'timed out sending to the sidecar');
                }
                throw new SidecarUnavailable(SidecarUnavailable::RESET, 'the connection closed while sending');
            }
            $written += $n;
        }
    }

    /**
     * Reads until the peer closes the connection (we asked for Connection: close) or the body is
     * complete by Content-Length.
     *
     * @param resource $stream
     */
    private function readAll($stream, float $deadline): string
    {
        $raw = '';
        while (true) {
            $this->applyTimeout($stream, $deadline);
            $chunk = @fread($stream, 65536);
            if ($chunk === false || $chunk === '') {
                if (stream_get_meta_data($stream)['timed_out']) {
                    throw new SidecarUnavailable(SidecarUnavailable::TIMEOUT, 'the sidecar did not answer in time');
                }
                if (feof($stream) || $chunk === false) {
                    break;
                }
                continue;
            }
            $raw .= $chunk;
            if (strlen($raw) > self::MAX_RESPONSE_BYTES) {
                throw new SidecarUnavailable(SidecarUnavailable::PROTOCOL, 'the answer is too large');
            }
            if (self::complete($raw)) {
                break;
            }
        }
        if ($raw === '') {
            // Connected, then closed or reset without a byte of answer.
            throw new SidecarUnavailable(SidecarUnavailable::RESET, 'the connection was closed without an answer');
        }
        return $raw;
    }

    /**
     * @param resource $stream
     */
    private function applyTimeout($stream, float $deadline): void
    {
        $left = $deadline - microtime(true);
        if ($left <= 0) {
            throw new SidecarUnavailable(SidecarUnavailable::TIMEOUT, 'the sidecar did not answer in time');
        }
        $seconds = (int) floor($left);
        stream_set_timeout($stream, $seconds, (int) (($left - $seconds) * 1000000));
    }

    /** Whether a Content-Length answer has fully arrived. */
    private static function complete(string $raw): bool
    {
        $end = strpos($raw, "\r\n\r\n");
        if ($end === false) {
            return false;
        }
        if (preg_match('/^content-length:\s*(\d+)\s*$/mi', substr($raw, 0, $end), $m) !== 1) {
            return false;
        }
        return strlen($raw) - $end - 4 >= (int) $m[1];
    }

    /**
     * @throws SidecarUnavailable
     */
    private static function parse(string $raw): SidecarResponse
    {
        $end = strpos($raw, "\r\n\r\n");
        if ($end === false || preg_match('#\AHTTP/1\.[01] (\d{3})#', $raw, $m) !== 1) {
            // Bytes arrived but not a whole header: the connection broke mid-answer.
            throw new SidecarUnavailable(SidecarUnavailable::PROTOCOL, 'incomplete or malformed answer');
        }
        $status = (int) $m[1];
        $headers = [];
        foreach (array_slice(explode("\r\n", substr($raw, 0, $end)), 1) as $line) {
            $colon = strpos($line, ':');
            if ($colon === false) {
                continue;
            }
            $headers[strtolower(trim(substr($line, 0, $colon)))] = trim(substr($line, $colon + 1));
        }
        $body = (string) substr($raw, $end + 4);
        if (isset($headers['transfer-encoding']) && stripos($headers['transfer-encoding'], 'chunked') !== false) {
            $body = self::dechunk($body);
        } elseif (isset($headers['content-length'])) {
            $length = (int) $headers['content-length'];
            if (strlen($body) < $length) {
                throw new SidecarUnavailable(SidecarUnavailable::PROTOCOL, 'the answer was cut short');
            }
            $body = substr($body, 0, $length);
        }
        return new SidecarResponse($status, $headers, $body);
    }

    private static function dechunk(string $body): string
    {
        $out = '';
        $offset = 0;
        while (true) {
            $lineEnd = strpos($body, "\r\n", $offset);
            if ($lineEnd === false) {
                throw new SidecarUnavailable(SidecarUnavailable::PROTOCOL, 'the chunked answer was cut short');
            }
            $size = hexdec(trim(explode(';', substr($body, $offset, $lineEnd - $offset))[0]));
            if ($size === 0) {
                return $out;
            }
            $out .= substr($body, $lineEnd + 2, (int) $size);
            $offset = $lineEnd + 2 + (int) $size + 2;
            if ($offset > strlen($body)) {
                throw new SidecarUnavailable(SidecarUnavailable::PROTOCOL, 'the chunked answer was cut short');
            }
        }
    }
}

<?php

namespace Klussen\Core;

use InvalidArgumentException;

/**
 * Signs the viewer context of a call from the glue to the sidecar (docs/protocol.md): who the
 * viewer is, in which language and on which site, bound to the request by HMAC-SHA256.
 *
 * Plain PHP (7.4 and 8.x), no Elgg calls, so it can be tested on its own. Every input is checked
 * against the header syntax of the protocol: a bad value is refused with an
 * InvalidArgumentException rather than signed and sent.
 */
final class RequestSigner
{
    public const ALGORITHM = 'KLUSSEN-HMAC-SHA256-V1';
    public const MIN_SECRET_BYTES = 32;

    public const HEADER_KEY_ID = 'X-Klussen-Key-Id';
    public const HEADER_TIMESTAMP = 'X-Klussen-Timestamp';
    public const HEADER_NONCE = 'X-Klussen-Nonce';
    public const HEADER_VIEWER = 'X-Klussen-Viewer';
    public const HEADER_LANGUAGE = 'X-Klussen-Language';
    public const HEADER_SITE = 'X-Klussen-Site';
    public const HEADER_SIGNATURE = 'X-Klussen-Signature';

    // Header syntax of docs/protocol.md. Anchored with \A and \z: "$" would also accept a
    // trailing newline, and the spec allows no trimming.
    private const SYNTAX_KEY_ID = '/\A[A-Za-z0-9_-]{1,32}\z/';
    private const SYNTAX_TIMESTAMP = '/\A[0-9]{1,12}\z/';
    private const SYNTAX_NONCE = '/\A[0-9a-f]{32}\z/';
    private const SYNTAX_VIEWER = '/\A(?:0|[1-9][0-9]{0,18})\z/';
    private const SYNTAX_LANGUAGE = '/\A[a-z]{2,3}(?:_[a-zA-Z]{2,4})?\z/';
    private const SYNTAX_SITE = '/\A[1-9][0-9]{0,18}\z/';

    // The canonical request holds the method upper case, whatever case the caller passed.
    private const SYNTAX_METHOD = '/\A[A-Za-z]{1,20}\z/';
    // A raw request target is visible ASCII without a fragment, the path has no "?", and every
    // "%" starts a two-digit hex escape: the spec does not say what a malformed escape decodes to.
    private const SYNTAX_PATH = '/\A\/(?:[^\x00-\x20\x7F-\xFF%?#]|%[0-9A-Fa-f]{2})*\z/';
    private const SYNTAX_QUERY = '/\A(?:[^\x00-\x20\x7F-\xFF%#]|%[0-9A-Fa-f]{2})*\z/';

    /** @var string */
    private $keyId;

    /** @var string */
    private $secret;

    public function __construct(string $keyId, string $secret)
    {
        self::check('key id', $keyId, self::SYNTAX_KEY_ID);
        if (strlen($secret) < self::MIN_SECRET_BYTES) {
            throw new InvalidArgumentException(
                'the signing secret must be at least ' . self::MIN_SECRET_BYTES . ' bytes'
            );
        }
        $this->keyId = $keyId;
        $this->secret = $secret;
    }

    public function keyId(): string
    {
        return $this->keyId;
    }

    /**
     * The string that is signed, from the raw request target parts as sent on the wire.
     */
    public function canonicalRequest(
        string $method,
        string $path,
        string $query,
        string $timestamp,
        string $nonce,
        string $viewer,
        string $language,
        string $site,
        string $body
    ): string {
        self::check('method', $method, self::SYNTAX_METHOD);
        self::check('timestamp', $timestamp, self::SYNTAX_TIMESTAMP);
        self::check('nonce', $nonce, self::SYNTAX_NONCE);
        self::check('viewer', $viewer, self::SYNTAX_VIEWER);
        self::check('language', $language, self::SYNTAX_LANGUAGE);
        self::check('site', $site, self::SYNTAX_SITE);

        return implode("\n", [
            self::ALGORITHM,
            strtoupper($method),
            self::canonicalPath($path),
            self::canonicalQuery($query),
            $timestamp,
            $nonce,
            $viewer,
            $language,
            $site,
            $this->keyId,
            hash('sha256', $body),
        ]);
    }

    /**
     * The seven X-Klussen-* headers for one request, name => value.
     *
     * @param string $pathWithQuery the request target as it will be sent, e.g. "/api/v1/me?a=1"
     * @param int|null $now Unix time; the current time when null
     * @param string|null $nonce 32 lower-case hex characters; 16 fresh random bytes when null
     * @return array<string, string>
     */
    public function signHeaders(
        string $method,
        string $pathWithQuery,
        string $body,
        int $viewerGuid,
        string $language,
        int $siteGuid,
        ?int $now = null,
        ?string $nonce = null
    ): array {
        if ($now === null) {
            $now = time();
        }
        if ($nonce === null) {
            $nonce = bin2hex(random_bytes(16));
        }
        // Negative numbers fail the syntax checks in canonicalRequest.
        $timestamp = (string) $now;
        $viewer = (string) $viewerGuid;
        $site = (string) $siteGuid;

        $parts = explode('?', $pathWithQuery, 2);
        $path = $parts[0];
        $query = isset($parts[1]) ? $parts[1] : '';
        self::checkUnambiguousQuery($query);

        $canonical = $this->canonicalRequest(
            $method,
            $path,
            $query,
            $timestamp,
            $nonce,
            $viewer,
            $language,
            $site,
            $body
        );

        return [
            self::HEADER_KEY_ID => $this->keyId,
            self::HEADER_TIMESTAMP => $timestamp,
            self::HEADER_NONCE => $nonce,
            self::HEADER_VIEWER => $viewer,
            self::HEADER_LANGUAGE => $language,
            self::HEADER_SITE => $site,
            self::HEADER_SIGNATURE => hash_hmac('sha256', $canonical, $this->secret),
        ];
    }

    /**
     * Percent-decodes the path ("+" stays a plus sign), then encodes every byte except the
     * unreserved characters and "/" with upper-case hex; "%2F" therefore ends up as "/".
     */
    public static function canonicalPath(string $path): string
    {
        self::check('path', $path, self::SYNTAX_PATH);
        // rawurlencode keeps exactly A-Z a-z 0-9 - . _ ~ and writes upper-case hex.
        return str_replace('%2F', '/', rawurlencode(rawurldecode($path)));
    }

    /**
     * Splits on "&", drops empty parts, splits at the first "=", decodes ("+" is a space),
     * encodes (also "/"), sorts by name then value in byte order and joins with "&".
     */
    public static function canonicalQuery(string $query): string
    {
        self::check('query', $query, self::SYNTAX_QUERY);
        $pairs = [];
        foreach (explode('&', $query) as $part) {
            if ($part === '') {
                continue;
            }
            $nameAndValue = explode('=', $part, 2);
            $pairs[] = [
                rawurlencode(urldecode($nameAndValue[0])),
                rawurlencode(urldecode(isset($nameAndValue[1]) ? $nameAndValue[1] : '')),
            ];
        }
        // strcmp compares bytes, which is the order the spec asks for.
        usort($pairs, function (array $a, array $b): int {
            return strcmp($a[0], $b[0]) ?: strcmp($a[1], $b[1]);
        });
        $joined = [];
        foreach ($pairs as $pair) {
            $joined[] = $pair[0] . '=' . $pair[1];
        }
        return implode('&', $joined);
    }

    /**
     * The sidecar serves only targets that every parser reads the same way (docs/protocol.md,
     * "Unambiguous targets") and answers 400 otherwise, so such a target is refused here instead
     * of signed and sent: a query part without a name ("=x"), a raw "=" inside a value ("a=b=c";
     * http_build_query writes %3D) or a name that comes twice once decoded ("a=1&a=2",
     * "a=1&%61=2"). Lists are sent as one value, e.g. "state=open,closed".
     */
    public static function checkUnambiguousQuery(string $query): void
    {
        self::check('query', $query, self::SYNTAX_QUERY);
        $names = [];
        foreach (explode('&', $query) as $part) {
            if ($part === '') {
                continue;
            }
            $nameAndValue = explode('=', $part, 2);
            $problem = null;
            if ($nameAndValue[0] === '') {
                $problem = 'a query part without a name';
            } elseif (isset($nameAndValue[1]) && strpos($nameAndValue[1], '=') !== false) {
                $problem = 'a raw "=" inside a query value';
            } else {
                $name = urldecode($nameAndValue[0]);
                if (isset($names[$name])) {
                    $problem = 'a repeated query name';
                }
                $names[$name] = true;
            }
            if ($problem !== null) {
                throw new InvalidArgumentException(
                    'the sidecar refuses ' . $problem . ': '
                    . json_encode($query, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE)
                );
            }
        }
    }

    /**
     * Keeps the secret out of var_dump/print_r output that could end up in a log.
     */
    public function __debugInfo(): array
    {
        return ['keyId' => $this->keyId, 'secret' => '(hidden)'];
    }

    private static function check(string $what, string $value, string $pattern): void
    {
        if (preg_match($pattern, $value) !== 1) {
            throw new InvalidArgumentException(
                'invalid ' . $what . ' for the signed viewer context: '
                . json_encode($value, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE)
            );
        }
    }
}

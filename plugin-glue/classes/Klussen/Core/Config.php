<?php

namespace Klussen\Core;

/**
 * The glue's settings: where the sidecar is, the signing key, the timeouts. Plain PHP; the Elgg
 * adapters fill it from the plugin settings, the stand-in host from environment variables.
 *
 * The secret is never printed back in full: use maskedSecret() in forms and logs.
 */
final class Config
{
    public const DEFAULT_URL = 'http://127.0.0.1:8377';
    public const DEFAULT_KEY_ID = 'k1';
    public const DEFAULT_CONNECT_TIMEOUT_MS = 1000;
    public const DEFAULT_TIMEOUT_MS = 3000;

    /** @var string */
    private $sidecarUrl;
    /** @var string */
    private $keyId;
    /** @var string */
    private $secret;
    /** @var int */
    private $connectTimeoutMs;
    /** @var int */
    private $timeoutMs;
    /** @var int */
    private $siteGuid;
    /** @var array<int, string> */
    private $problems = [];

    public function __construct(
        string $sidecarUrl,
        string $keyId,
        string $secret,
        int $connectTimeoutMs = self::DEFAULT_CONNECT_TIMEOUT_MS,
        int $timeoutMs = self::DEFAULT_TIMEOUT_MS,
        int $siteGuid = 1
    ) {
        $sidecarUrl = rtrim(trim($sidecarUrl), '/');
        // A bad setting never breaks a page: it is reported by problems(), and the client
        // answers every call with SidecarUnavailable (the page shows the unavailable block).
        if (preg_match('~\A(?:https?://[^/\s?#]+|unix://(/[^\s?#]+))\z~', $sidecarUrl) !== 1) {
            $this->problems[] = 'the sidecar URL must be http(s)://host[:port] or unix:///path/to/socket';
        }
        if (preg_match('/\A[A-Za-z0-9_-]{1,32}\z/', $keyId) !== 1) {
            $this->problems[] = 'the key id must be 1-32 characters A-Z a-z 0-9 _ -';
        }
        if (strlen($secret) < RequestSigner::MIN_SECRET_BYTES) {
            $this->problems[] = 'the secret must be at least ' . RequestSigner::MIN_SECRET_BYTES . ' bytes';
        }
        $connectTimeoutMs = max(1, min(60000, $connectTimeoutMs));
        $timeoutMs = max(1, min(600000, $timeoutMs));
        $siteGuid = max(1, $siteGuid);
        $this->sidecarUrl = $sidecarUrl;
        $this->keyId = $keyId;
        $this->secret = $secret;
        $this->connectTimeoutMs = $connectTimeoutMs;
        $this->timeoutMs = $timeoutMs;
        $this->siteGuid = $siteGuid;
    }

    /**
     * From plugin settings (names as in the settings form); missing values take the defaults.
     *
     * @param array<string, mixed> $settings
     */
    public static function fromSettings(array $settings, int $siteGuid = 1): self
    {
        $get = function (string $name, $default) use ($settings) {
            return isset($settings[$name]) && $settings[$name] !== '' ? $settings[$name] : $default;
        };
        return new self(
            (string) $get('sidecar_url', self::DEFAULT_URL),
            (string) $get('key_id', self::DEFAULT_KEY_ID),
            (string) $get('auth_secret', ''),
            (int) $get('connect_timeout_ms', self::DEFAULT_CONNECT_TIMEOUT_MS),
            (int) $get('timeout_ms', self::DEFAULT_TIMEOUT_MS),
            $siteGuid
        );
    }

    public function sidecarUrl(): string
    {
        return $this->sidecarUrl;
    }

    public function keyId(): string
    {
        return $this->keyId;
    }

    public function connectTimeoutMs(): int
    {
        return $this->connectTimeoutMs;
    }

    public function timeoutMs(): int
    {
        return $this->timeoutMs;
    }

    public function siteGuid(): int
    {
        return $this->siteGuid;
    }

    public function hasUsableSecret(): bool
    {
        return strlen($this->secret) >= RequestSigner::MIN_SECRET_BYTES;
    }

    /**
     * What is wrong with the settings (empty when they are usable); never contains the secret.
     *
     * @return array<int, string>
     */
    public function problems(): array
    {
        return $this->problems;
    }

    /**
     * A signer for this key; throws InvalidArgumentException when the key id or secret is unusable.
     */
    public function signer(): RequestSigner
    {
        return new RequestSigner($this->keyId, $this->secret);
    }

    /**
     * What a settings form may show of the secret: its length and last four characters.
     */
    public function maskedSecret(): string
    {
        return self::mask($this->secret);
    }

    public static function mask(string $secret): string
    {
        $length = strlen($secret);
        if ($length === 0) {
            return '';
        }
        if ($length < 16) {
            return str_repeat('•', 8) . ' (' . $length . ')';
        }
        return str_repeat('•', 8) . substr($secret, -4) . ' (' . $length . ')';
    }

    public function __debugInfo(): array
    {
        return [
            'sidecarUrl' => $this->sidecarUrl,
            'keyId' => $this->keyId,
            'secret' => $this->maskedSecret(),
            'connectTimeoutMs' => $this->connectTimeoutMs,
            'timeoutMs' => $this->timeoutMs,
            'siteGuid' => $this->siteGuid,
        ];
    }
}

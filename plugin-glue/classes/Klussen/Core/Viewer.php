<?php

namespace Klussen\Core;

/**
 * Who is asking, as the host knows it: the logged-in user's guid (0 when logged out) and language.
 * The sidecar decides everything else from the host's tables.
 */
final class Viewer
{
    /** @var int */
    private $guid;
    /** @var string */
    private $language;

    public function __construct(int $guid, string $language)
    {
        // The protocol allows [a-z]{2,3}(_xx)?; anything else falls back to Dutch rather than
        // making every call fail on a host with an odd language code.
        if (preg_match('/\A[a-z]{2,3}(?:_[a-zA-Z]{2,4})?\z/', $language) !== 1) {
            $language = 'nl';
        }
        $this->guid = max(0, $guid);
        $this->language = $language;
    }

    public function guid(): int
    {
        return $this->guid;
    }

    public function language(): string
    {
        return $this->language;
    }

    public function isLoggedIn(): bool
    {
        return $this->guid > 0;
    }
}

<?php

namespace Klussen\Core;

/**
 * The plugin's texts outside Elgg: reads the same languages/<lang>.php files Elgg registers
 * (each returns an array of key => text), so the core and the stand-in host speak the same words
 * as elgg_echo() does inside Elgg. Unknown languages fall back to Dutch, then English, then the key.
 */
final class Messages
{
    /** @var array<string, array<string, string>> */
    private static $cache = [];

    /** @var string */
    private $language;

    public function __construct(string $language)
    {
        $this->language = $language;
    }

    public function language(): string
    {
        return $this->language;
    }

    /**
     * @param array<int|string, string|int> $args sprintf arguments, as elgg_echo takes them
     */
    public function get(string $key, array $args = []): string
    {
        foreach ([$this->language, 'nl', 'en'] as $language) {
            $table = self::table($language);
            if (isset($table[$key])) {
                return $args ? vsprintf($table[$key], array_values($args)) : $table[$key];
            }
        }
        return $key;
    }

    /**
     * @return array<string, string>
     */
    public static function table(string $language): array
    {
        $base = preg_replace('/_.*\z/', '', $language);
        if (!isset(self::$cache[$base])) {
            $file = dirname(__DIR__, 3) . '/languages/' . $base . '.php';
            $loaded = preg_match('/\A[a-z]{2,3}\z/', $base) === 1 && is_file($file) ? include $file : [];
            self::$cache[$base] = is_array($loaded) ? $loaded : [];
        }
        return self::$cache[$base];
    }
}

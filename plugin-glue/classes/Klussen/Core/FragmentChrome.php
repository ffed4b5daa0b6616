<?php

namespace Klussen\Core;

/**
 * What a host does to a sidecar fragment before it places it in its own page: lift the
 * fragment's title (`<h2 class="klussen-page-title">`) into the host's page title so the page
 * does not say it twice, and show people (`<span class="klussen-person" data-user-guid="N">`)
 * the host's way (avatar and profile link in Elgg). Both markers are the sidecar's; a fragment
 * without them passes unchanged, so the fragments stay usable in any host.
 */
final class FragmentChrome
{
    /** The title of a page fragment, and of a widget fragment (whose frame the host titles). */
    public const PAGE_TITLE = 'klussen-page-title';
    public const WIDGET_TITLE = 'klussen-widget-title';

    private const PERSON = '~<span class="klussen-person" data-user-guid="([1-9][0-9]{0,17})">(.*?)</span>~s';

    /**
     * The fragment's title (the first h2 or h3 with the class $marker) as plain text and the
     * fragment without it; [null, html] when the fragment has no such title.
     *
     * @return array{0: string|null, 1: string}
     */
    public static function liftTitle(string $html, string $marker = self::PAGE_TITLE): array
    {
        $pattern = '~<(h[23])\b[^>]*\bclass="[^"]*\b' . preg_quote($marker, '~') . '\b[^"]*"[^>]*>(.*?)</\1>\s*~s';
        if (preg_match($pattern, $html, $m, PREG_OFFSET_CAPTURE) !== 1) {
            return [null, $html];
        }
        $title = trim(preg_replace('/\s+/u', ' ', html_entity_decode(strip_tags($m[2][0]), ENT_QUOTES | ENT_HTML5, 'UTF-8')) ?? '');
        if ($title === '') {
            return [null, $html];
        }
        $rest = substr($html, 0, $m[0][1]) . substr($html, $m[0][1] + strlen($m[0][0]));
        return [$title, $rest];
    }

    /**
     * Replaces each person marker with what $render gives for (guid, the escaped name as the
     * sidecar wrote it); a null from $render keeps the marker (the plain name).
     *
     * @param callable(int, string): ?string $render
     */
    public static function people(string $html, callable $render): string
    {
        $replaced = preg_replace_callback(self::PERSON, function (array $m) use ($render): string {
            $html = $render((int) $m[1], $m[2]);
            return $html === null ? $m[0] : $html;
        }, $html);
        return $replaced === null ? $html : $replaced;
    }
}
